"""Request bodies: read within the size limit, then decoded from JSON or XML into a dict."""

from __future__ import annotations

import json
from typing import Any, Final

from starlette.requests import Request

from sms_api import xml_codec
from sms_api.decoding import BodyTooLarge, BoundedBody
from sms_api.http_rules import loads_strict
from sms_api.xml_safety import XmlDecodeError
from sms_api_spec import SANDBOX_LIMITS, SCHEMAS

from .negotiation import XML
from .problems import bad_request

#: Largest request body accepted (1 MiB, the spec's ``x-sandbox``). Larger bodies get 400 General error.
MAX_BODY_BYTES: Final = SANDBOX_LIMITS["max_body_bytes"]


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise bad_request(f"the request body is larger than {limit} bytes")
    # The client's bounded buffer, with no content coding to undo: a request body is taken as sent.
    body = BoundedBody((), limit)
    try:
        async for chunk in request.stream():
            body.feed(chunk)
        return body.finish()
    except BodyTooLarge:
        raise bad_request(f"the request body is larger than {limit} bytes") from None
    finally:
        body.release()


def decode_body(raw: bytes, fmt: str, schema: str) -> dict[str, Any]:
    """The body as the JSON-equivalent dict (XML through the shared spec-driven codec).

    ``raw`` was read within the sandbox's own body limit (``read_body``, configurable), so the codec only adds
    its hostile-XML limit (16 MiB) on top, not a second, fixed copy of the sandbox's.
    """
    if fmt == XML:
        try:
            return xml_codec.decode(raw, schema, SCHEMAS)
        except XmlDecodeError as exc:
            raise bad_request(f"the XML body cannot be read: {exc}") from None
    try:
        value = loads_strict(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise bad_request(f"the JSON body cannot be read: {exc}") from None
    if not isinstance(value, dict):
        raise bad_request("the JSON body must be an object")
    try:
        # A `\ud800` escape decodes to a lone surrogate, which no answer and no SQLite text can hold.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(
            "the JSON body holds a lone surrogate (\\ud800-\\udfff), which is not text"
        ) from None
    return value
