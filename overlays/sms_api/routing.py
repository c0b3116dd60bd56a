"""Which spec operation a request is, and how its retry policy applies to it.

A generated operation names itself in the request (``extensions[OPERATION_EXTENSION]``, its module); requests
without that tag (made with the httpx client directly, or by code generated before the tag existed) are
matched by method and URL path. Everything comes from ``sms_api_spec.OPERATIONS``, ``SUCCESS_STATUSES`` and
``CLIENT_MODULES`` (generated from the spec's paths, responses and ``x-sms-api-retry``), so an operation added
to the spec is routed, XML-encoded and retried correctly after regenerating alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from sms_api_client.types import OPERATION_EXTENSION
from sms_api_spec import CLIENT_MODULES, OPERATIONS, SUCCESS_STATUSES

from .messages import has_message_id, message_destinations

__all__ = ["Route", "find_route", "has_client_message_ids", "request_route", "retry_class"]

RetryClass = Literal["safe", "never"]


class Route(NamedTuple):
    """One operation of the spec, as the transport needs it (immutable)."""

    # A NamedTuple, not a frozen dataclass: ~0.2 ms to define instead of ~1.3 ms at `import sms_api`.

    operation_id: str
    method: str
    path: str
    request_schema: str | None
    response_schema: str
    error_schema: str
    retry: Literal["safe", "never", "client-ids"]
    success_status: int  # the status of the spec's success response; any other is an error


def _template_regex(path: str) -> re.Pattern[str]:
    # `{name}` matches one path segment; anything before the template is the base URL's own path prefix.
    parts = re.split(r"\{[^}/]+\}", path)
    return re.compile("(?:/.*)?" + "[^/]+".join(re.escape(part) for part in parts) + "/?")


_ROUTES: tuple[Route, ...] = tuple(
    Route(
        operation_id=operation_id,
        method=op["method"],
        path=op["path"],
        request_schema=op["request_schema"],
        response_schema=op["response_schema"],
        error_schema=op["error_schema"],
        retry=op["retry"],
        success_status=SUCCESS_STATUSES[operation_id],
    )
    for operation_id, op in OPERATIONS.items()
)


_BY_MODULE: dict[str, Route] = {CLIENT_MODULES[route.operation_id]: route for route in _ROUTES}


@functools.cache
def _path_patterns() -> tuple[tuple[re.Pattern[str], Route], ...]:
    # Compiled by the first request that names no operation: the generated operations all name theirs, and
    # compiling every path's regex at import took ~4 ms of `from sms_api import SmsApi`.
    return tuple((_template_regex(route.path), route) for route in _ROUTES)


def request_route(method: str, path: str, extensions: Mapping[str, Any]) -> Route | None:
    """The operation of a request: the one its tag names, else the one ``method path`` calls, or ``None``."""
    tagged = extensions.get(OPERATION_EXTENSION)
    if tagged is not None:
        route = _BY_MODULE.get(tagged)
        if route is not None:
            return route
    return find_route(method, path)


@functools.lru_cache(maxsize=256)
def find_route(method: str, path: str) -> Route | None:
    """The operation ``method path`` calls, or ``None`` for a request that is no operation of the spec.

    Cached: a client calls the same few paths again and again, and each miss tries every route's regex.
    """
    method = method.upper()
    for pattern, route in _path_patterns():
        if route.method == method and pattern.fullmatch(path):
            return route
    return None


def has_client_message_ids(body: Any) -> bool:
    """True when every destination of every message carries a non-empty client ``messageId``.

    That is what makes an advanced send (``x-sms-api-retry: client-ids``) safe to repeat: the server rejects a
    second message with the same ID (REJECTED_DUPLICATE_MESSAGE_ID) instead of sending it again.
    """
    return all(has_message_id(destination) for destination in message_destinations(body))


def retry_class(route: Route | None, body: Any) -> RetryClass:
    """``safe`` when the request may be repeated after it may have reached the server, else ``never``.

    Requests that are no operation of the spec are ``never``: nothing says repeating them is harmless.
    """
    if route is None:
        return "never"
    if route.retry == "safe":
        return "safe"
    if route.retry == "client-ids" and has_client_message_ids(body):
        return "safe"
    return "never"
