"""Answers: a value written as compact JSON or canonical XML, and the ApiError body of a problem."""

from __future__ import annotations

import json
from typing import Any, Final

from starlette.responses import Response

from sms_api import xml_codec
from sms_api.http_rules import error_body
from sms_api_spec import SCHEMAS

from .negotiation import XML
from .problems import ApiProblem


def encode(value: dict[str, Any], fmt: str, schema: str) -> bytes:
    if fmt == XML:
        # A string received in JSON may hold a character XML cannot carry: written as U+FFFD.
        return xml_codec.encode(value, schema, SCHEMAS, indent=True, replace_invalid=True)
    return _json(value).encode("utf-8")


_LONG_LIST: Final = 256


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json(value: dict[str, Any]) -> str:
    """Compact JSON; a long top-level list is written entry by entry. The bytes are those of one
    ``json.dumps``, but one C call over 10,000 entries would hold the GIL (and with it the event loop and
    every other client) for its whole run, while here other threads get their turns between entries."""
    if not any(isinstance(v, list) and len(v) > _LONG_LIST for v in value.values()):
        return _dump(value)
    parts = []
    for key, item in value.items():
        if isinstance(item, list) and len(item) > _LONG_LIST:
            parts.append(f"{_dump(key)}:[{','.join(_dump(entry) for entry in item)}]")
        else:
            parts.append(f"{_dump(key)}:{_dump(item)}")
    return "{" + ",".join(parts) + "}"


def answer(
    value: dict[str, Any], fmt: str, schema: str, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(encode(value, fmt, schema), status_code=status, media_type=fmt, headers=headers)


def error_answer(problem: ApiProblem, fmt: str) -> Response:
    body = error_body(problem.message_id, problem.text)
    return answer(body, fmt, "ApiError", problem.status, problem.headers)
