"""What keeps a page on another site from using the inbox with the browser's cached Basic credentials.

Browsers send Basic credentials with every request to the origin, whoever asked for it, so every
state-changing inbox route wants three things a cross-site page cannot produce: a token it can only read from
a same-origin answer (``csrfToken`` of the state), a JSON body (a cross-site form cannot send one without a
CORS preflight, which the sandbox never grants) and, when the browser says where the request came from
(``Sec-Fetch-Site``, ``Origin``), this very origin.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from typing import Final

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from ..answers import error_answer
from ..negotiation import answer_format
from ..problems import ApiProblem

TOKEN_HEADER: Final = "x-sandbox-csrf"

#: Sent with every inbox answer: the page runs its own script and style and nothing else, from nowhere else.
SECURITY_HEADERS: Final[dict[str, str]] = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
        " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _forbidden(text: str) -> ApiProblem:
    return ApiProblem(403, "FORBIDDEN", f"Cross-site request refused: {text}")


def cross_site_reason(request: Request) -> str | None:
    """Why the browser that sent ``request`` says it came from another site, or ``None``.

    Browsers send ``Sec-Fetch-Site`` and ``Origin``; API clients send neither, and are let through."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return f"Sec-Fetch-Site is {fetch_site!r}"
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
        return f"Origin {origin!r} is not this sandbox"
    return None


class RefuseCrossSiteWrites:
    """ASGI middleware: no page of another site changes the sandbox through a visitor's browser.

    Once a browser has Basic credentials for the sandbox (after opening ``/ui``) it sends them to every
    route, so a form on any site could POST to ``/sandbox/clock/advance?seconds=...`` or send SMS. A
    request other than GET/HEAD/OPTIONS that the browser marks as coming from elsewhere is a 403 with the
    ApiError body; API clients, which send no ``Origin`` or ``Sec-Fetch-Site``, never are."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            request = Request(scope)
            reason = cross_site_reason(request)
            if reason is not None:
                await error_answer(_forbidden(reason), answer_format(request))(scope, receive, send)
                return
        await self.app(scope, receive, send)


class CsrfGuard:
    """Per-account tokens for one sandbox process: an HMAC of the account name under a random key."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def token(self, username: str) -> str:
        return hmac.new(self._key, username.encode(), hashlib.sha256).hexdigest()

    def check(self, request: Request, username: str) -> None:
        """Raise a 403 unless ``request`` can only have come from the inbox page of this origin."""
        reason = cross_site_reason(request)
        if reason is not None:
            raise _forbidden(reason)
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise _forbidden("the inbox sends JSON bodies only")
        sent = request.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(sent.encode(), self.token(username).encode()):
            raise _forbidden("missing or wrong X-Sandbox-CSRF token")


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """The user name and password of the request's Basic header; ``None`` if it has none readable."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep else None
