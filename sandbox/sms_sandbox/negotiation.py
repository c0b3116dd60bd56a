"""Content negotiation: which format a request body is in, and which one the answer is written in."""

from __future__ import annotations

from typing import Final

from starlette.requests import Request

from .problems import bad_request

JSON: Final = "application/json"
XML: Final = "application/xml"


def _media(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _is_xml(media: str) -> bool:
    return media in ("application/xml", "text/xml") or media.endswith("+xml")


def _is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")


def answer_format(request: Request) -> str:
    """XML when ``Accept`` prefers an XML type over JSON, else JSON (also when absent or ``*/*``)."""
    accept = request.headers.get("accept", "")
    best, best_q = JSON, -1.0
    for index, part in enumerate(accept.split(",")):
        media = _media(part)
        q = 1.0
        for param in part.split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        kind = (
            XML
            if _is_xml(media)
            else JSON
            if (_is_json(media) or media in ("*/*", "application/*"))
            else None
        )
        # Equal q: the earlier entry wins (a stable preference order).
        score = q - index * 1e-6
        if kind is not None and q > 0 and score > best_q:
            best, best_q = kind, score
    return best


def body_format(request: Request) -> str:
    content_type = request.headers.get("content-type")
    if content_type is not None:
        media = _media(content_type)
        if _is_json(media):
            return JSON
        if _is_xml(media):
            return XML
    raise bad_request("the request body needs Content-Type application/json or application/xml")
