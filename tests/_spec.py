"""The helpers every test folder (and `benchmarks/`) shares: the spec loaded once, one `$ref` resolver, the
HTTP methods of an OpenAPI path item, the generated module of an operation, the sandbox's documented account.

Only the stdlib, pyyaml and the generated/sandbox packages: importable from any test folder as `tests._spec`.
"""

from __future__ import annotations

import base64
import datetime
import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import yaml

from sms_api_spec import CLIENT_MODULES
from sms_sandbox.process import PASSWORD, USERNAME

__all__ = [
    "AUTH",
    "BASIC_AUTHORIZATION",
    "HTTP_METHODS",
    "PASSWORD",
    "REPO",
    "SPEC",
    "SPEC_PATH",
    "TWELVE_OPERATIONS",
    "USERNAME",
    "dates_parsed",
    "load_spec",
    "operation_module",
    "operations",
    "operations_and_callbacks",
    "resolve",
    "twelve_operations",
]

REPO: Final = Path(__file__).resolve().parents[1]
SPEC_PATH: Final = REPO / "spec" / "openapi.yaml"
# Every method an OpenAPI 3.1 path item may hold (a narrower list would skip an operation someone adds).
HTTP_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# The sandbox's documented account (the seed's `Aladdin` / `open sesame`), as `httpx` takes it.
AUTH: Final = (USERNAME, PASSWORD)
# ...and as the `Authorization` header of a request written by hand.
BASIC_AUTHORIZATION: Final = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
# The twelve operations of the spec issue by tag: their operationIds, methods and paths are public API, so the
# spec (and what is generated from it) is checked against this list, never the other way round.
TWELVE_OPERATIONS: Final = {
    "Send SMS": {
        "send-single-text-sms": ("POST", "/restapi/sms/1/text/single"),
        "send-multi-text-sms": ("POST", "/restapi/sms/1/text/multi"),
        "send-single-binary-sms": ("POST", "/restapi/sms/1/binary/single"),
        "send-multi-binary-sms": ("POST", "/restapi/sms/1/binary/multi"),
        "send-advanced-text-sms": ("POST", "/restapi/sms/1/text/advanced"),
    },
    "Reports and logs": {
        "get-delivery-reports": ("GET", "/restapi/sms/1/reports"),
        "get-sent-sms-logs": ("GET", "/restapi/sms/1/logs"),
    },
    "Receive SMS": {
        "get-received-sms": ("GET", "/restapi/sms/1/inbox/reports"),
        "get-received-sms-logs": ("GET", "/restapi/sms/1/inbox/logs"),
    },
    "Number Context": {
        "query-number-context": ("POST", "/restapi/number/1/query"),
        "notify-number-context": ("POST", "/restapi/number/1/notify"),
    },
    "Account": {"get-account-balance": ("GET", "/restapi/account/1/balance")},
}
# A date and time with an offset, with or without a colon (the server's `+0100` and RFC 3339's `+01:00`).
DATE_TIME: Final = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")


def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """A fresh copy of the spec (a test that edits it must not edit everyone's `SPEC`)."""
    spec: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return spec


SPEC: Final = load_spec()


def resolve(node: Any, spec: dict[str, Any] | None = None) -> Any:
    """Follow local `$ref`s (JSON pointers, `~1`/`~0` unescaped) in `spec` (default `SPEC`) to a node."""
    document: dict[str, Any] = SPEC if spec is None else spec
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def operations(spec: dict[str, Any] | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (METHOD, path, operation) of the spec's `paths` (callbacks excluded), in document order."""
    for path, item in (SPEC if spec is None else spec)["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method.upper(), path, operation


def twelve_operations() -> dict[str, tuple[str, str, str]]:
    """`TWELVE_OPERATIONS` flat, in the issue's order: operationId -> (METHOD, path, tag)."""
    return {
        operation_id: (method, path, tag)
        for tag, group in TWELVE_OPERATIONS.items()
        for operation_id, (method, path) in group.items()
    }


def operation_module(operation_id: str) -> Any:
    """The generated client module (`sync`, `asyncio`, ...) of an operation."""
    return importlib.import_module(CLIENT_MODULES[operation_id])


def operations_and_callbacks(spec: dict[str, Any] | None = None) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every operation of `paths`, each followed by its callbacks' operations: (operation, is_callback)."""
    for _method, _path, operation in operations(spec):
        yield operation, False
        for callback in (operation.get("callbacks") or {}).values():
            for item in callback.values():
                for method, callback_operation in item.items():
                    if method in HTTP_METHODS:
                        yield callback_operation, True


def dates_parsed(value: Any) -> Any:
    """Date-time strings as aware datetimes: `+0100`, `+01:00` and `isoformat()` compare by instant+offset."""
    if isinstance(value, dict):
        return {key: dates_parsed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [dates_parsed(item) for item in value]
    if isinstance(value, str) and DATE_TIME.match(value):
        return datetime.datetime.fromisoformat(value)
    return value
