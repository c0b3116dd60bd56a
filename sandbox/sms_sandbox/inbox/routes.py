"""The inbox's routes: the page and its assets, the state it polls, and three actions.

The actions are the sandbox's own routes underneath (``POST /sandbox/inbound``, ``POST
/sandbox/clock/advance``, ``POST /restapi/number/1/query``), reached through :class:`~.guard.CsrfGuard` so
that only the inbox page of this origin can trigger them from a browser. The app passes those handlers and
its authenticating wrapper in (:func:`inbox_routes`), so this package never imports the app.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..answers import error_answer
from ..dates import format_date
from ..negotiation import answer_format
from ..problems import ApiProblem, bad_request, unauthorized
from ..store import InboxFilter
from .guard import SECURITY_HEADERS, CsrfGuard, basic_credentials
from .views import lookup_view, message_view, received_view

if TYPE_CHECKING:
    from ..context import Sandbox

Handler = Callable[[Request, "Sandbox", str], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]

#: The files the page is made of, by URL name, with their media types. Nothing else is served.
ASSETS: Final[dict[str, str]] = {
    "inbox.css": "text/css; charset=utf-8",
    "inbox.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
_GROUPS: Final = frozenset({"ACCEPTED", "PENDING", "UNDELIVERABLE", "DELIVERED", "EXPIRED", "REJECTED"})
_STATE_PARAMETERS: Final = frozenset({"bulkId", "status", "to", "text"})
MAX_FILTER_LENGTH: Final = 200
MESSAGES_SHOWN: Final = 200
RECEIVED_SHOWN: Final = 100
LOOKUPS_SHOWN: Final = 20


def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


def _now(sandbox: Sandbox, user: str) -> int:
    # The one place the inbox asks for the time: the account's sandbox clock.
    return sandbox.now_ms(user)


def _filter(request: Request) -> InboxFilter:
    unknown = sorted(set(request.query_params.keys()) - _STATE_PARAMETERS)
    if unknown:
        raise bad_request(f"unknown query parameter {unknown[0]!r}; the inbox takes bulkId, status, to, text")
    values: dict[str, str | None] = {}
    for name in sorted(_STATE_PARAMETERS):
        value = request.query_params.get(name, "").strip()
        if len(value) > MAX_FILTER_LENGTH:
            raise bad_request(f"{name}: at most {MAX_FILTER_LENGTH} characters")
        values[name] = value or None
    status = values["status"]
    if status is not None and status not in _GROUPS:
        raise bad_request(f"status: {status!r} is not one of {sorted(_GROUPS)}")
    return InboxFilter(
        bulk_id=values["bulkId"],
        general_status=status,
        to=values["to"],
        text=values["text"],
        limit=MESSAGES_SHOWN,
    )


def inbox_routes(
    endpoint: Callable[[Any], Endpoint], *, inbound: object, advance: object, lookup: object
) -> list[Route]:
    """The routes under ``/ui``. ``endpoint`` wraps a handler with the app's Basic auth and error answers;
    ``inbound``, ``advance`` and ``lookup`` are the sandbox's handlers the page's three forms end up at, of
    whatever shape ``endpoint`` takes (this package only hands them on)."""
    guard = CsrfGuard()
    page = _asset("index.html")
    assets = {name: _asset(name) for name in ASSETS}

    async def ui_page(request: Request, sandbox: Sandbox, user: str) -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)

    async def ui_asset(request: Request, sandbox: Sandbox, user: str) -> Response:
        name = str(request.path_params["name"])
        if name not in assets:
            raise ApiProblem(404, "NOT_FOUND", f"No operation at {request.url.path}")
        return Response(assets[name], media_type=ASSETS[name], headers=SECURITY_HEADERS)

    async def ui_state(request: Request, sandbox: Sandbox, user: str) -> Response:
        store = sandbox.store
        now = _now(sandbox, user)
        rows = store.inbox_messages(user, now, _filter(request))
        attempts: dict[str, list[sqlite3.Row]] = {}
        for attempt in store.attempts_for(user, [r["message_id"] for r in rows]):
            attempts.setdefault(attempt["ref"], []).append(attempt)
        balance, currency = store.balance(user)
        body = {
            "account": user,
            "csrfToken": guard.token(user),
            "now": format_date(now),
            "balance": {"amount": balance, "currency": currency},
            "messages": [message_view(r, now, attempts.get(r["message_id"], [])) for r in rows],
            "received": [
                received_view(r) for r in store.inbound_logs(user, None, None, None, None, RECEIVED_SHOWN)
            ],
            "lookups": [lookup_view(r) for r in store.lookups(user, LOOKUPS_SHOWN)],
        }
        return JSONResponse(body, headers=SECURITY_HEADERS)

    def guarded(handler: object) -> Endpoint:
        # Around the app's endpoint, not inside it: whatever shape the handler has, the refusal comes before
        # the handler runs, and the app's endpoint still does the auth and the error answers.
        inner = endpoint(handler)

        async def action(request: Request) -> Response:
            # Wrong credentials are a 401 before anything else, as on every route; then the guard.
            credentials = basic_credentials(request)
            sandbox: Sandbox = request.app.state.sandbox
            user = None if credentials is None else sandbox.store.authenticate(*credentials)
            try:
                if user is None:
                    raise unauthorized()
                guard.check(request, user)
            except ApiProblem as problem:
                return error_answer(problem, answer_format(request))
            response = await inner(request)
            response.headers.update(SECURITY_HEADERS)
            return response

        return action

    return [
        Route("/ui", endpoint(ui_page), methods=["GET"]),
        Route("/ui/", endpoint(ui_page), methods=["GET"]),
        Route("/ui/static/{name}", endpoint(ui_asset), methods=["GET"]),
        Route("/ui/api/state", endpoint(ui_state), methods=["GET"]),
        Route("/ui/api/reply", guarded(inbound), methods=["POST"]),
        Route("/ui/api/clock/advance", guarded(advance), methods=["POST"]),
        Route("/ui/api/lookup", guarded(lookup), methods=["POST"]),
    ]
