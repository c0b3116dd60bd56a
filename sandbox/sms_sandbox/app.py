"""The sandbox ASGI app: the twelve operations of the SMS API's spec, keyed by operationId, plus the
sandbox's own ``/sandbox/`` admin routes and its web inbox at ``/ui``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Final

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sms_api_spec import OPERATIONS

from .accounts import Account, with_default
from .answers import error_answer
from .bodies import MAX_BODY_BYTES
from .callbacks import CALLBACK_TIMEOUT, DEFAULT_BACKOFF, Dispatcher
from .clock import Clock, SystemClock
from .context import Sandbox
from .endpoint import AsyncHandler, SyncHandler, endpoint
from .handlers.admin import ADMIN_ROUTES, admin_clock_advance, admin_inbound
from .handlers.number_context import notify_number_context, query_number_context
from .handlers.reading import (
    get_balance,
    get_delivery_reports,
    get_received,
    get_received_logs,
    get_sent_logs,
)
from .handlers.sending import send_handler
from .inbox import RefuseCrossSiteWrites, inbox_routes
from .middleware import AbsoluteFormMiddleware
from .negotiation import answer_format
from .problems import ApiProblem
from .query import MAX_LIMIT, QUERY_PARAMETERS
from .store import Store

log = logging.getLogger("sms_sandbox")

_CLOCK_OFFSET_KEY: Final = "clock_offset_seconds"

#: The handler of every operation of the spec, by operationId; the method and path come from the spec's
#: operation table (``sms_api_spec.OPERATIONS``).
HANDLERS: Final[dict[str, SyncHandler | AsyncHandler]] = {
    **{
        operation_id: send_handler(operation_id)
        for operation_id in (
            "send-single-text-sms",
            "send-multi-text-sms",
            "send-single-binary-sms",
            "send-multi-binary-sms",
            "send-advanced-text-sms",
        )
    },
    "get-delivery-reports": get_delivery_reports,
    "get-sent-sms-logs": get_sent_logs,
    "get-received-sms": get_received,
    "get-received-sms-logs": get_received_logs,
    "query-number-context": query_number_context,
    "notify-number-context": notify_number_context,
    "get-account-balance": get_balance,
}


def _routes() -> list[Route]:
    missing = sorted(set(OPERATIONS) ^ set(HANDLERS))
    if missing:
        raise RuntimeError(f"operations without a handler (or handlers without an operation): {missing}")
    routes = [
        Route(OPERATIONS[op]["path"], endpoint(handler, op), methods=[OPERATIONS[op]["method"]])
        for op, handler in HANDLERS.items()
    ]
    routes += [Route(path, endpoint(handler), methods=[method]) for method, path, handler in ADMIN_ROUTES]
    routes += inbox_routes(
        endpoint, inbound=admin_inbound, advance=admin_clock_advance, lookup=query_number_context
    )
    return routes


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    fmt = answer_format(request)
    if exc.status_code == 405:
        problem = ApiProblem(
            405, "METHOD_NOT_ALLOWED", f"Method {request.method} is not allowed here", dict(exc.headers or {})
        )
    elif exc.status_code == 404:
        problem = ApiProblem(404, "NOT_FOUND", f"No operation at {request.url.path}")
    else:
        problem = ApiProblem(
            exc.status_code, "GENERAL_ERROR", f"General error: {exc.detail}", dict(exc.headers or {})
        )
    return error_answer(problem, fmt)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error", exc_info=exc)
    return error_answer(
        ApiProblem(500, "GENERAL_ERROR", "General error: internal sandbox error"), answer_format(request)
    )


def create_app(
    *,
    db_path: str | None = None,
    clock: Clock | None = None,
    accounts: Iterable[Account] | None = None,
    callback_allow: Iterable[str] | None = None,
    delivery_delay: float = 1.0,
    callback_backoff: Sequence[float] = DEFAULT_BACKOFF,
    callback_transport: httpx.AsyncBaseTransport | None = None,
    callback_timeout: float = CALLBACK_TIMEOUT,
    dispatch_interval: float = 0.1,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> Starlette:
    """Build the sandbox app.

    ``db_path`` None keeps the state in memory; ``clock`` None is real time (plus the offset the admin
    route adds, kept in the database); ``accounts`` are added to the default ``Aladdin`` account;
    ``callback_allow`` lists the non-loopback hosts callbacks may go to; ``delivery_delay`` is the seconds
    from sending to the final status; ``callback_backoff`` the seconds before each retry of a failed push.
    """
    store = Store(db_path)
    store.ensure_accounts(with_default(accounts))
    if clock is None:
        # Databases of older versions kept one offset for every account; it still moves the base clock.
        offset = store.get_meta(_CLOCK_OFFSET_KEY)
        clock = SystemClock(float(offset) if offset else 0.0)
    dispatcher = Dispatcher(
        store, clock, backoff=callback_backoff, transport=callback_transport, timeout=callback_timeout
    )
    sandbox = Sandbox(
        store=store,
        clock=clock,
        dispatcher=dispatcher,
        callback_allow=frozenset(h.lower() for h in (callback_allow or ())),
        delivery_delay_ms=int(delivery_delay * 1000),
        max_body_bytes=max_body_bytes,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store.reopen()
        task = asyncio.create_task(dispatcher.run_forever(dispatch_interval))
        try:
            yield
        finally:
            sandbox.leases.flush()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await dispatcher.aclose()
            # Last: the leases above were marked read and the dispatcher no longer writes. A file database
            # is closed (its WAL checkpointed, the file alone holds the state) and opened again if the app
            # starts once more. An in-memory one stays open: closing it would throw away the state that the
            # same app object still serves (schemathesis's ASGI calls run a lifespan around each request).
            if not store.in_memory:
                store.close()

    app = Starlette(
        routes=_routes(),
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
        lifespan=lifespan,
    )
    app.state.sandbox = sandbox
    app.add_middleware(RefuseCrossSiteWrites)
    app.add_middleware(AbsoluteFormMiddleware)
    return app


__all__ = ["HANDLERS", "MAX_LIMIT", "QUERY_PARAMETERS", "Sandbox", "create_app"]
