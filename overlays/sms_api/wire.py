"""Bodies on the wire: JSON or XML in, the JSON the generated models parse out, with every failure typed.

Pure functions on bytes and headers, shared by the sync and async transports and by the receiver helpers.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

import httpx

from sms_api_spec import SCHEMAS

from .gc_pause import cyclic_gc_paused
from .http_rules import JSON_MEDIA_TYPE, XML_MEDIA_TYPE, error_fields, loads_strict, media_kind
from .typecheck import TypeCheckError, check_body, check_xml_decoded

# The codec and its parser guard (xml_safety, ElementTree) are imported on first XML use: JSON clients never
# need them.
if TYPE_CHECKING:
    from .xml_codec import XmlCodec

__all__ = [
    "JSON_MEDIA_TYPE",
    "XML_MEDIA_TYPE",
    "DecodeFailure",
    "decode_body",
    "encode_xml_value",
    "media_kind",
    "service_exception",
]

_codec: XmlCodec | None = None


def codec() -> XmlCodec:
    """The XML codec compiled for the spec's shape table (compiled on first use)."""
    global _codec
    if _codec is None:
        from .xml_codec import XmlCodec

        _codec = XmlCodec(SCHEMAS)
    return _codec


class DecodeFailure(ValueError):
    """A body cannot be read as its schema; callers wrap it into the error type that fits them."""


def _loads(body: bytes) -> Any:
    try:
        return loads_strict(body)
    except RecursionError:
        raise DecodeFailure("malformed JSON: nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise DecodeFailure(f"malformed JSON: {exc}") from None


def decode_body(
    body: bytes, content_type: str | None, schema: str, *, max_xml_bytes: int | None = None
) -> tuple[Any, Literal["json", "xml"]]:
    """Decode and type-check ``body`` as ``schema``: the JSON-equivalent value and which format it was.

    An XML body is refused over ``max_xml_bytes``, never over the codec's own limit (``MAX_XML_BYTES``).
    """
    kind = media_kind(content_type)
    if kind is None:
        shown = (content_type or "").split(";", 1)[0].strip() or "none"
        raise DecodeFailure(f"expected a JSON or XML body, got Content-Type {shown!r}")
    try:
        if kind == "json":
            with cyclic_gc_paused(len(body)):  # one document's dicts and lists, no cycles among them
                value = _loads(body)
                check_body(value, schema)
        else:
            from .xml_safety import MAX_XML_BYTES, XmlDecodeError, XmlSecurityError

            limit = MAX_XML_BYTES if max_xml_bytes is None else min(MAX_XML_BYTES, max_xml_bytes)
            try:
                value = codec().decode(body, schema, max_bytes=limit)
            except XmlSecurityError as exc:
                raise DecodeFailure(f"refused XML: {exc}") from None
            except XmlDecodeError as exc:
                raise DecodeFailure(f"bad XML: {exc}") from None
            # The codec converted every scalar by the same shape table; dates and required properties remain.
            check_xml_decoded(value, schema)
    except TypeCheckError as exc:
        raise DecodeFailure(f"not the spec's {schema}: {exc}") from None
    return value, kind


def encode_xml_value(value: Any, schema: str) -> bytes:
    """The generated client's request body, parsed from its JSON, as the canonical XML of ``schema``."""
    xml_codec = codec()  # XmlEncodeError is a ValueError
    try:
        return xml_codec.encode(value, schema)
    except ValueError as exc:
        # Our own generated models wrote this JSON, so failing here is a bug or a bad value from the caller.
        raise ValueError(f"cannot write the request as XML: {exc}") from None


def service_exception(
    body: bytes, headers: httpx.Headers, schema: str | None
) -> tuple[str | None, str | None]:
    """``(messageId, text)`` of an error body (JSON or XML); ``(None, None)`` if it has none or is bad."""
    kind = media_kind(headers.get("content-type"))
    value: Any = None
    try:
        if kind == "json" or (kind is None and body.lstrip()[:1] == b"{"):
            value = json.loads(body)
        elif kind == "xml" or (kind is None and body.lstrip()[:1] == b"<"):
            value = codec().decode(body, schema or "ApiError", max_bytes=1024 * 1024)
    except (ValueError, RecursionError, KeyError):
        return None, None
    return error_fields(value)
