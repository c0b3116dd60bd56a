"""Accounts never see, or use up, each other's data, whatever filter they read with; and every route,
API and admin alike, refuses wrong and missing credentials.

Both matrices are built from what exists (the spec's read operations and their query parameters, the app's
routes), so a filter or route added later is checked without editing this file; a filter this file does not
know how to fill makes the test fail instead of silently skipping it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from sms_sandbox import Account, ManualClock

from .._spec import SPEC, operations, resolve
from ._support import AUTH, client_for

OTHER = Account("alice", "wonderland")
OTHER_AUTH = (OTHER.username, OTHER.password)

SENT_LOGS = "/restapi/sms/1/logs"
RECEIVED_LOGS = "/restapi/sms/1/inbox/logs"
#: Where the owner's rows are looked at to fill a filter with values that match them. Reports and received
#: messages are read once, so their filters are filled from the matching (repeatable) logs.
LOOKUP: dict[str, str] = {
    "/restapi/sms/1/reports": SENT_LOGS,
    SENT_LOGS: SENT_LOGS,
    "/restapi/sms/1/inbox/reports": RECEIVED_LOGS,
    RECEIVED_LOGS: RECEIVED_LOGS,
}


def _read_cases() -> list[tuple[str, str]]:
    cases: list[tuple[str, str]] = []
    for method, path, operation in operations():
        if method != "GET":
            continue
        parameters = [resolve(p) for p in operation.get("parameters", [])]
        cases.extend((path, p["name"]) for p in parameters if p["in"] == "query")
    return cases


def _rfc3339(server_date: str, shift: dt.timedelta) -> str:
    moment = dt.datetime.strptime(server_date, "%Y-%m-%dT%H:%M:%S.%f%z") + shift
    return moment.isoformat(timespec="milliseconds")


def _filter_value(name: str, row: dict[str, Any]) -> str:
    """A value for query parameter ``name`` that selects ``row`` (a log entry of the owner)."""
    if name == "limit":
        return "1"
    if name in {"sentSince", "receivedSince"}:
        return _rfc3339(row["sentAt" if name == "sentSince" else "receivedAt"], -dt.timedelta(minutes=1))
    if name in {"sentUntil", "receivedUntil"}:
        return _rfc3339(row["sentAt" if name == "sentUntil" else "receivedAt"], dt.timedelta(minutes=1))
    if name == "generalStatus":
        return str(row["status"]["groupName"])
    if name in {"mcc", "mnc"} and "mccmnc" in row:
        mccmnc = str(row["mccmnc"])
        return mccmnc[:3] if name == "mcc" else mccmnc[3:]
    if name in row and isinstance(row[name], str | int):
        return str(row[name])
    raise AssertionError(f"no rule to fill the filter {name!r} from {sorted(row)}: teach _filter_value")


async def _owner_data(owner: httpx.AsyncClient, clock: ManualClock) -> None:
    """One advanced send with a client bulkId and messageId (the IDs another account may also use), one
    plain send, one inbound message; then time for every status to become final."""
    advanced = {
        "bulkId": "shared-bulk",
        "messages": [
            {
                "from": "InfoSMS",
                "destinations": [{"to": "41793026727", "messageId": "shared-message"}],
                "text": "to the owner only",
            }
        ],
    }
    assert (await owner.post("/restapi/sms/1/text/advanced", json=advanced)).status_code == 200
    assert (await owner.post("/restapi/sms/1/text/single", json={"to": "41793026731"})).status_code == 200
    inbound = {"from": "41793026727", "to": "38598765", "text": "KEY owner's reply"}
    assert (await owner.post("/sandbox/inbound", json=inbound)).status_code == 201
    clock.advance(60)


@pytest.mark.parametrize(("path", "name"), _read_cases(), ids=lambda v: str(v))
async def test_no_filter_reaches_another_accounts_data(
    make_app: Callable[..., Starlette], clock: ManualClock, path: str, name: str
) -> None:
    app = make_app(accounts=[OTHER])
    async with client_for(app) as owner, client_for(app, auth=OTHER_AUTH) as other:
        await _owner_data(owner, clock)
        rows = (await owner.get(LOOKUP[path])).json()["results"]
        # The advanced message carries every field a filter can select (bulkId, messageId, from, ...).
        row = next((r for r in rows if r.get("messageId") == "shared-message"), rows[0] if rows else None)
        assert row is not None, f"the owner has no rows in {LOOKUP[path]}"
        params = {name: _filter_value(name, row)}

        seen_by_other = await other.get(path, params=params)
        assert seen_by_other.status_code == 200, seen_by_other.text
        assert seen_by_other.json()["results"] == [], f"{path}?{params} leaked another account's rows"

        # The same filter does select the owner's rows (so the check above was not vacuous), and the
        # other account's read used none of them up.
        seen_by_owner = (await owner.get(path, params=params)).json()["results"]
        assert seen_by_owner, f"{path}?{params} selects nothing for the owner either"


def _routes(app: Starlette) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for route in app.routes:
        if isinstance(route, Route) and route.methods:
            found.extend((method, route.path) for method in sorted(route.methods - {"HEAD"}))
    return found


@pytest.fixture
def app_with_other(make_app: Callable[..., Starlette]) -> Starlette:
    return make_app(accounts=[OTHER])


@pytest.mark.parametrize(
    "auth",
    [
        None,
        (AUTH[0], AUTH[1] + "!"),
        (AUTH[0], ""),
        ("nobody", AUTH[1]),
        (OTHER.username, AUTH[1]),  # a real user with another user's password
    ],
    ids=["missing", "wrong-password", "empty-password", "unknown-user", "crossed-password"],
)
async def test_every_route_refuses_bad_credentials(
    app_with_other: Starlette, auth: tuple[str, str] | None
) -> None:
    routes = _routes(app_with_other)
    assert {path for _, path in routes} >= {path for path in SPEC["paths"]}, (
        "the app lost a route of the spec"
    )
    assert any(path.startswith("/sandbox/") for _, path in routes), "no admin route found to check"
    async with client_for(app_with_other, auth=auth) as client:
        for method, path in routes:
            response = await client.request(method, path, content=b'{"to": "41793026727"}')
            assert response.status_code == 401, f"{method} {path} answered {response.status_code} to {auth}"
            assert "basic" in response.headers.get("WWW-Authenticate", "").lower(), f"{method} {path}"
