"""Content negotiation: which format a request body is in, and which one the answer is written in."""

from __future__ import annotations

from typing import Final

from starlette.requests import Request

from sms_api.http_rules import JSON_MEDIA_TYPE, XML_MEDIA_TYPE, bare_media_type, media_kind

from .problems import bad_request

JSON: Final = JSON_MEDIA_TYPE
XML: Final = XML_MEDIA_TYPE
_FORMATS: Final = {"json": JSON, "xml": XML}


def answer_format(request: Request) -> str:
    """XML when ``Accept`` prefers an XML type over JSON, else JSON (also when absent or ``*/*``)."""
    accept = request.headers.get("accept", "")
    best, best_q = JSON, -1.0
    for index, part in enumerate(accept.split(",")):
        q = 1.0
        for param in part.split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        named = media_kind(part)
        wildcard = bare_media_type(part) in ("*/*", "application/*")
        kind = _FORMATS[named] if named else JSON if wildcard else None
        # Equal q: the earlier entry wins (a stable preference order).
        score = q - index * 1e-6
        if kind is not None and q > 0 and score > best_q:
            best, best_q = kind, score
    return best


def body_format(request: Request) -> str:
    kind = media_kind(request.headers.get("content-type"))
    if kind is not None:
        return _FORMATS[kind]
    raise bad_request("the request body needs Content-Type application/json or application/xml")
