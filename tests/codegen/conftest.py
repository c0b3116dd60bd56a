"""Shared helpers for the codegen tests: the spec's JSON examples, each with the schema it belongs to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .._spec import HTTP_METHODS, REPO, SPEC, SPEC_PATH, load_spec, operations_and_callbacks, resolve

__all__ = ["HTTP_METHODS", "REPO", "SPEC", "SPEC_PATH", "load_spec", "resolve"]

JSON = "application/json"


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
    for op, is_callback in operations_and_callbacks():
        found += _operation_examples(op, callback=is_callback)
    return found


EXAMPLES = all_examples()

# A model's undeclared keys and its declared field names, or None when the value is not a model.
ModelFields = Callable[[Any], tuple[Iterable[str], Iterable[str]] | None]


def undeclared_fields(value: Any, path: str, fields: ModelFields) -> list[str]:
    """The paths of every key a decoded model (or a model nested in it, in lists too) kept undeclared."""
    found: list[str] = []
    model = fields(value)
    if model is not None:
        extra, declared = model
        found += [f"{path}.{key}" for key in extra]
        for name in declared:
            found += undeclared_fields(getattr(value, name), f"{path}.{name}", fields)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += undeclared_fields(item, f"{path}[{i}]", fields)
    return found
