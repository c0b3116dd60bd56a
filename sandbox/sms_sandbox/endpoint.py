"""The wrapper every route's handler runs in: Basic auth, the query check, the body read, ApiError answers."""

from __future__ import annotations

import base64
import binascii
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, cast

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from .answers import error_answer
from .bodies import decode_body, read_body
from .context import Sandbox
from .dates import parse_rfc3339
from .negotiation import answer_format, body_format
from .problems import ApiProblem, unauthorized
from .query import check_query
from .validation import prepare, validate

#: Most handlers are plain functions of the request, the sandbox, the user and the raw body: they run in a
#: worker thread, so that a large request (10,000 destinations) never holds the event loop and every other
#: client up. The store serializes its SQLite work under its own lock, which makes that safe. The few
#: handlers that await the dispatcher are coroutines and run on the loop.
SyncHandler = Callable[[Request, Sandbox, str, bytes], Response]
AsyncHandler = Callable[[Request, Sandbox, str], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


def authenticate(request: Request, sandbox: Sandbox) -> str:
    """The account the request's Basic credentials name, or the 401 problem."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        raise unauthorized()
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise unauthorized() from None
    username, sep, password = decoded.partition(":")
    if not sep:
        raise unauthorized()
    user = sandbox.store.authenticate(username, password)
    if user is None:
        raise unauthorized()
    return user


def endpoint(handler: SyncHandler | AsyncHandler, operation_id: str | None = None) -> Endpoint:
    """The Starlette endpoint of ``handler``; ``operation_id`` (a spec operation) decides which query
    parameters it takes (routes outside the spec take any). A plain handler runs in a worker thread with the
    body read for it; a coroutine runs on the loop and reads the body itself."""
    threaded = not inspect.iscoroutinefunction(handler)

    async def run(request: Request) -> Response:
        fmt = answer_format(request)
        sandbox: Sandbox = request.app.state.sandbox
        try:
            # On the loop: credentials are checked from memory and the query against a table, never waiting
            # for the store, and a hop to a worker thread would cost more than the check.
            user = _authenticated_user(request, sandbox, operation_id)
            if not threaded:
                return await cast(AsyncHandler, handler)(request, sandbox, user)
            raw = b""
            if request.method in ("POST", "PUT"):
                raw = await read_body(request, sandbox.max_body_bytes)
            return await run_in_threadpool(cast(SyncHandler, handler), request, sandbox, user, raw)
        except ApiProblem as problem:
            return error_answer(problem, fmt)

    run.__name__ = getattr(handler, "__name__", "handler")
    return run


def _authenticated_user(request: Request, sandbox: Sandbox, operation_id: str | None) -> str:
    user = authenticate(request, sandbox)
    check_query(request, operation_id)
    return user


def request_body(request: Request, raw: bytes, model: type[Any], schema: str) -> Any:
    """The body decoded in the request's format, read as the spec's ``schema`` and validated by ``model``."""
    fmt = body_format(request)
    data = prepare(decode_body(raw, fmt, schema), schema, fmt)
    _check_dates(data)
    return validate(model, data)


def _check_dates(data: Any) -> None:
    # pydantic reads more date forms than RFC 3339 (the spec's `format: date-time`); hold sendAt to it.
    messages = data.get("messages") if isinstance(data, dict) else None
    if isinstance(messages, list):
        for index, message in enumerate(messages):
            if isinstance(message, dict) and isinstance(message.get("sendAt"), str):
                parse_rfc3339(message["sendAt"], f"messages[{index}].sendAt")
