"""The HTTP rules the SDK and the sandbox share: media types, strict JSON, and the ApiError body's shape.

The client reads what the sandbox writes with the same rules, so a ``+json`` type, a ``NaN`` or a malformed
error body means the same on both sides. Standard library only, so the sandbox may import it.
"""

from __future__ import annotations

import json
from typing import Any, Final, Literal

__all__ = [
    "JSON_MEDIA_TYPE",
    "XML_MEDIA_TYPE",
    "MediaKind",
    "bare_media_type",
    "error_body",
    "error_fields",
    "loads_strict",
    "media_kind",
]

JSON_MEDIA_TYPE: Final = "application/json"
XML_MEDIA_TYPE: Final = "application/xml"

MediaKind = Literal["json", "xml"]


def bare_media_type(value: str) -> str:
    """``type/subtype`` of a Content-Type or Accept entry, lower-cased, without its parameters."""
    return value.split(";", 1)[0].strip().lower()


def media_kind(content_type: str | None) -> MediaKind | None:
    """``json`` or ``xml`` for a Content-Type of that family (``+json``/``+xml`` included), else ``None``."""
    if not content_type:
        return None
    media = bare_media_type(content_type)
    if media == JSON_MEDIA_TYPE or media.endswith("+json"):
        return "json"
    if media in (XML_MEDIA_TYPE, "text/xml") or media.endswith("+xml"):
        return "xml"
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads_strict(text: str | bytes) -> Any:
    """``json.loads`` that refuses ``NaN`` and ``Infinity`` (not JSON, though Python writes them).

    Raises ``ValueError`` (malformed, undecodable) or ``RecursionError`` (nested too deeply).
    """
    return json.loads(text, parse_constant=_reject_constant)


def error_body(message_id: str, text: str) -> dict[str, Any]:
    """The ApiError every error answer carries: ``requestError.serviceException`` with its id and text."""
    return {"requestError": {"serviceException": {"messageId": message_id, "text": text}}}


def error_fields(value: Any) -> tuple[str | None, str | None]:
    """``(messageId, text)`` of a decoded ApiError body; ``None`` for what is missing or not a string."""
    exception: Any = value
    for key in ("requestError", "serviceException"):
        exception = exception.get(key) if isinstance(exception, dict) else None
    if not isinstance(exception, dict):
        return None, None
    message_id, text = exception.get("messageId"), exception.get("text")
    return (
        message_id if isinstance(message_id, str) else None,
        text if isinstance(text, str) else None,
    )
