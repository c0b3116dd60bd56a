"""The ``sms_api`` logger: debug lines for requests and responses, never a credential.

``SMS_API_LOG=debug`` (or ``info``) in the environment sets the logger's level and, if the application has
configured no handler for it, adds one writing to stderr. Bodies are logged at debug level only, cut at
``MAX_LOGGED_BODY`` bytes; they carry phone numbers and message texts, so do not enable debug logging in
production. ``Authorization`` and ``Proxy-Authorization`` are always shown as ``[redacted]``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import Final

__all__ = ["MAX_LOGGED_BODY", "SECRET_HEADERS", "configure_from_env", "format_headers", "logger"]

logger: Final = logging.getLogger("sms_api")

MAX_LOGGED_BODY: Final = 2048
#: Headers that carry credentials (lower case): never logged, never exposed on an exception.
SECRET_HEADERS: Final = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_configured = False


def format_headers(headers: Iterable[tuple[str, str]]) -> str:
    """Headers as ``name: value`` pairs with the credential-bearing ones redacted."""
    return ", ".join(
        f"{name}: {'[redacted]' if name.lower() in SECRET_HEADERS else value}" for name, value in headers
    )


def format_body(body: bytes) -> str:
    """A body for a debug line: decoded leniently and cut at :data:`MAX_LOGGED_BODY` bytes."""
    shown = body[:MAX_LOGGED_BODY].decode("utf-8", "replace")
    return shown + (f"... ({len(body)} bytes)" if len(body) > MAX_LOGGED_BODY else "")


def configure_from_env() -> None:
    """Apply ``SMS_API_LOG`` once per process (called by :func:`sms_api.connect`)."""
    global _configured
    if _configured:
        return
    _configured = True
    level = os.environ.get("SMS_API_LOG", "").strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING"}:
        return
    logger.setLevel(level)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
