"""Shared helpers for the codegen tests: the spec's JSON examples, each with the schema it belongs to."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "spec" / "openapi.yaml"
JSON = "application/json"
HTTP_METHODS = ("get", "put", "post", "delete", "patch")

# A date and time with an offset, with or without a colon (the server's `+0100` and RFC 3339's `+01:00`).
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


SPEC = load_spec()


def resolve(node: Any) -> Any:
    """Follow local `$ref`s (schemas, responses, examples) until a concrete node is reached."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def ref_name(node: dict[str, Any]) -> str:
    """The component name a `$ref` schema points to."""
    ref: str = node["$ref"]
    return ref.rsplit("/", 1)[1]


@dataclass(frozen=True)
class Example:
    id: str  # operationId/kind/status/name, for test ids
    operation_id: str
    kind: str  # "request", "response" or "callback" (the payload a callback POSTs)
    schema: str  # component schema name
    value: Any

    def __str__(self) -> str:
        return self.id


def _json_examples(op_id: str, kind: str, label: str, content: dict[str, Any] | None) -> list[Example]:
    media = (content or {}).get(JSON)
    if media is None:
        return []
    schema = ref_name(media["schema"])
    return [
        Example(f"{op_id}/{label}/{name}", op_id, kind, schema, resolve(example)["value"])
        for name, example in (media.get("examples") or {}).items()
    ]


def _operation_examples(op: dict[str, Any], callback: bool) -> list[Example]:
    op_id = op["operationId"]
    found: list[Example] = []
    body = resolve(op.get("requestBody")) or {}
    found += _json_examples(op_id, "callback" if callback else "request", "request", body.get("content"))
    for status, response in op.get("responses", {}).items():
        found += _json_examples(op_id, "response", str(status), resolve(response).get("content"))
    return found


def all_examples() -> list[Example]:
    """Every JSON example attached to a request body or response of an operation or callback."""
    found: list[Example] = []
    for item in SPEC["paths"].values():
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            found += _operation_examples(op, callback=False)
            for callback in (op.get("callbacks") or {}).values():
                for cb_item in callback.values():
                    for cb_method in HTTP_METHODS:
                        if cb_method in cb_item:
                            found += _operation_examples(cb_item[cb_method], callback=True)
    return found


EXAMPLES = all_examples()


def with_dates_parsed(value: Any) -> Any:
    """`value` with every date-time string replaced by an aware datetime, so `+0100`, `+01:00` and the
    client's `isoformat()` output compare equal when they denote the same instant and offset."""
    if isinstance(value, dict):
        return {key: with_dates_parsed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_dates_parsed(item) for item in value]
    if isinstance(value, str) and DATE_TIME.match(value):
        return datetime.datetime.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        return value
    return value
