"""ASGI middleware: absolute-form request targets.

HTTP clients of this API in the wild send ``POST http://127.0.0.1:8080/restapi/sms/1/text/single HTTP/1.1``
(the form meant for proxies, which servers must accept too, RFC 9112 3.2.2). uvicorn's h11 protocol passes the
whole target on as the path; this rewrites ``path``, ``raw_path`` and ``query_string`` to the origin form.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

Scope = dict[str, Any]


class AbsoluteFormMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            raw = scope.get("raw_path") or scope.get("path", "").encode("latin-1")
            if raw[:7].lower() == b"http://" or raw[:8].lower() == b"https://":
                target = raw.decode("latin-1")
                if scope.get("query_string"):
                    target += "?" + scope["query_string"].decode("latin-1")
                parts = urlsplit(target)
                raw_path = parts.path or "/"
                scope = dict(scope)
                scope["raw_path"] = raw_path.encode("latin-1")
                scope["path"] = unquote(raw_path)
                scope["query_string"] = parts.query.encode("latin-1")
        await self.app(scope, receive, send)
