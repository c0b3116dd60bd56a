"""A sandbox shared by accounts: time per account, dates it cannot write back, inputs that once gave 500."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from sms_sandbox import Account, ManualClock, create_app

from .._spec import USERNAME
from ._support import AUTH, api_error, client_for

ADVANCED = "/restapi/sms/1/text/advanced"
BOB = ("bob", "hunter2")
HOSTILE_DATE = "9999-12-31T23:59:59-23:59"  # year 10000 in UTC


@pytest.fixture
def two_accounts(make_app: Callable[..., Starlette]) -> Starlette:
    return make_app(accounts=[Account("bob", "hunter2")])


async def send(client: httpx.AsyncClient, to: str = "41793026727", **options: Any) -> str:
    body = {"messages": [{"destinations": [{"to": to}], "text": "x", **options}]}
    r = await client.post(ADVANCED, json=body)
    assert r.status_code == 200, r.text
    return str(r.json()["messages"][0]["messageId"])


# --------------------------------------------------------------------------------------------------------
# A clock per account
# --------------------------------------------------------------------------------------------------------


async def test_advancing_one_accounts_clock_leaves_the_others_time(two_accounts: Starlette) -> None:
    async with client_for(two_accounts) as alice, client_for(two_accounts, BOB) as bob:
        await send(bob)
        before = (await bob.get("/sandbox/clock")).json()["now"]
        r = await alice.post("/sandbox/clock/advance", json={"seconds": 10 * 365 * 86400})
        assert r.status_code == 200
        assert r.json()["now"].startswith("2035-")
        assert (await alice.get("/sandbox/clock")).json()["now"].startswith("2035-")
        assert (await bob.get("/sandbox/clock")).json()["now"] == before
        # Bob's message is still in his 48-hour logs and still pending.
        logs = (await bob.get("/restapi/sms/1/logs")).json()["results"]
        assert [log["status"]["groupName"] for log in logs] == ["PENDING"]


async def test_each_accounts_clock_survives_a_restart(tmp_path: Path, clock: ManualClock) -> None:
    db = str(tmp_path / "sandbox.db")
    accounts = [Account("bob", "hunter2")]
    first = create_app(db_path=db, clock=clock, accounts=accounts)
    async with client_for(first) as alice:
        await alice.post("/sandbox/clock/advance", json={"seconds": 3600})
    first.state.sandbox.store.close()
    second = create_app(db_path=db, clock=clock, accounts=accounts)
    async with client_for(second) as alice, client_for(second, BOB) as bob:
        assert (await alice.get("/sandbox/clock")).json()["now"] == "2025-03-01T13:00:00.000+0000"
        assert (await bob.get("/sandbox/clock")).json()["now"] == "2025-03-01T12:00:00.000+0000"


async def test_a_clock_cannot_be_advanced_past_year_9999(client: httpx.AsyncClient) -> None:
    ten_years = {"seconds": 10 * 365 * 86400}
    statuses = [(await client.post("/sandbox/clock/advance", json=ten_years)).status_code for _ in range(800)]
    assert statuses[0] == 200 and statuses[-1] == 400
    assert (await client.get("/sandbox/clock")).json()["now"].startswith("99")
    assert (await client.get("/restapi/sms/1/logs")).status_code == 200


async def test_a_push_is_due_on_its_own_accounts_clock(two_accounts: Starlette) -> None:
    import asyncio

    from sms_sandbox.callbacks import Dispatcher

    dispatcher: Dispatcher = two_accounts.state.sandbox.dispatcher
    async with client_for(two_accounts) as alice, client_for(two_accounts, BOB) as bob:
        await send(bob, notifyUrl="http://127.0.0.1:9/hook")
        await alice.post("/sandbox/clock/advance", json={"seconds": 3600})
        assert await dispatcher.run_due() == 0  # Alice's hour is not Bob's
        await bob.post("/sandbox/clock/advance", json={"seconds": 1})
        await asyncio.sleep(0)
        attempts = (await bob.get("/sandbox/callbacks")).json()["attempts"]
        assert len(attempts) == 1


# --------------------------------------------------------------------------------------------------------
# Dates: range-checked on input, and a stored row never breaks a read
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [HOSTILE_DATE, "0001-01-01T00:00:00+00:01", "9999-12-31T23:59:59.999-00:01"]
)
async def test_dates_outside_years_1_to_9999_in_utc_are_refused(
    client: httpx.AsyncClient, value: str
) -> None:
    r = await client.post(
        ADVANCED, json={"messages": [{"destinations": [{"to": "41793026727"}], "text": "x", "sendAt": value}]}
    )
    assert r.status_code == 400 and "out of range" in api_error(r)["text"]
    inbound = {"from": "385998779111", "to": "41793026727", "text": "hi", "receivedAt": value}
    r = await client.post("/sandbox/inbound", json=inbound)
    assert r.status_code == 400 and "out of range" in api_error(r)["text"]
    for path, name in [
        ("/restapi/sms/1/logs", "sentSince"),
        ("/restapi/sms/1/logs", "sentUntil"),
        ("/restapi/sms/1/inbox/logs", "receivedSince"),
        ("/restapi/sms/1/inbox/logs", "receivedUntil"),
    ]:
        r = await client.get(path, params={name: value})
        assert r.status_code == 400, (path, name)
        assert "out of range" in api_error(r)["text"]
    assert (await client.get("/restapi/sms/1/inbox/reports")).json() == {"results": []}


async def test_the_latest_date_is_accepted_and_written_back(client: httpx.AsyncClient) -> None:
    # sendAt at the very end of year 9999: delivery (sendAt + 1 s) lies beyond it and is written as the end.
    await send(client, sendAt="9999-12-31T23:59:59.999Z")
    r = await client.get("/restapi/sms/1/logs")
    assert r.status_code == 200
    assert r.json()["results"][0]["sentAt"] == "9999-12-31T23:59:59.999+0000"
    inbound = {
        "from": "385998779111",
        "to": "41793026727",
        "text": "hi",
        "receivedAt": "9999-12-31T23:59:59Z",
    }
    assert (await client.post("/sandbox/inbound", json=inbound)).status_code == 201


async def test_a_stored_row_out_of_range_never_breaks_a_read(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    # A database written by an older version holds such rows; every read still answers, nothing is lost.
    for text in ("one", "two", "three"):
        inbound = {"from": "385998779111", "to": "41793026727", "text": text}
        assert (await client.post("/sandbox/inbound", json=inbound)).status_code == 201
    store = app.state.sandbox.store
    far = 400_000_000_000_000  # about year 14645
    store.add_inbound(USERNAME, "bad", "1", "2", "t", "t", "", far, 1)
    with store.transaction() as db:
        db.execute("UPDATE inbound SET received_at = ? WHERE message_id != 'bad' AND text = 'two'", (far,))
    r = await client.get("/restapi/sms/1/inbox/reports")
    assert r.status_code == 200
    texts = [m["text"] for m in r.json()["results"]]
    assert sorted(texts) == ["one", "t", "three", "two"]
    assert all(m["receivedAt"].startswith(("2025", "9999")) for m in r.json()["results"])
    assert (await client.get("/restapi/sms/1/inbox/logs")).status_code == 200


async def test_a_read_once_answer_that_fails_marks_nothing_read(
    app: Starlette, client: httpx.AsyncClient, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sms_sandbox.handlers.reading as sandbox_app

    for _ in range(3):
        await send(client)
        assert (
            await client.post("/sandbox/inbound", json={"from": "1", "to": "41793026727", "text": "x"})
        ).status_code == 201
    clock.advance(2)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the answer cannot be written")

    monkeypatch.setattr(sandbox_app, "report_object", broken)
    monkeypatch.setattr(sandbox_app, "inbound_object", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox", auth=AUTH) as failing:
        assert (await failing.get("/restapi/sms/1/reports")).status_code == 500
        assert (await failing.get("/restapi/sms/1/inbox/reports")).status_code == 500
    monkeypatch.undo()
    assert len((await client.get("/restapi/sms/1/reports")).json()["results"]) == 3
    assert len((await client.get("/restapi/sms/1/inbox/reports")).json()["results"]) == 3


# --------------------------------------------------------------------------------------------------------
# Inputs that once answered 500
# --------------------------------------------------------------------------------------------------------

LIST_ROUTES = [
    "/restapi/sms/1/reports",
    "/restapi/sms/1/logs",
    "/restapi/sms/1/inbox/reports",
    "/restapi/sms/1/inbox/logs",
    "/sandbox/callbacks",
]


@pytest.mark.parametrize("path", LIST_ROUTES)
@pytest.mark.parametrize("limit", ["9" * 4301, "1" + "0" * 20000, "0" * 5000 + "5", "-1", "1e3", "Ⅻ", "٣"])
async def test_absurd_limits_are_a_400(client: httpx.AsyncClient, path: str, limit: str) -> None:
    r = await client.get(path, params={"limit": limit})
    assert r.status_code == 400
    assert len(api_error(r)["text"]) < 200


@pytest.mark.parametrize(
    "balance", ["1e300", "1e400", "-1e400", "10000000000000000000000000000000", "1e12", "1e13", "NaN", "true"]
)
async def test_absurd_balances_are_a_400(client: httpx.AsyncClient, balance: str) -> None:
    r = await client.put(
        "/sandbox/balance", content=f'{{"balance": {balance}}}', headers={"Content-Type": "application/json"}
    )
    expected = 200 if balance == "1e12" else 400
    assert r.status_code == expected, r.text
    assert (await client.get("/restapi/account/1/balance")).status_code == 200


@pytest.mark.parametrize("seconds", ["1e400", "NaN", '"9' + "9" * 5000 + '"', "1e300", "[1]"])
async def test_absurd_clock_steps_are_a_400(client: httpx.AsyncClient, seconds: str) -> None:
    r = await client.post(
        "/sandbox/clock/advance",
        content=f'{{"seconds": {seconds}}}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400


LONE_SURROGATE = '"x\\ud800y"'


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/sandbox/inbound", f'{{"from": "1", "to": "2", "text": {LONE_SURROGATE}}}'),
        ("/sandbox/inbound", f'{{"from": {LONE_SURROGATE}, "to": "2", "text": "x"}}'),
        ("/restapi/sms/1/text/single", f'{{"to": "41793026727", "text": {LONE_SURROGATE}}}'),
        ("/restapi/sms/1/text/single", f'{{"to": "41793026727", "from": {LONE_SURROGATE}, "text": "x"}}'),
        ("/restapi/sms/1/text/multi", f'{{"messages": [{{"to": "41793026727", "text": {LONE_SURROGATE}}}]}}'),
        (ADVANCED, f'{{"messages": [{{"destinations": [{{"to": {LONE_SURROGATE}}}], "text": "x"}}]}}'),
        (
            ADVANCED,
            f'{{"messages": [{{"destinations": [{{"to": "1"}}], "text": "x",'
            f' "callbackData": {LONE_SURROGATE}}}]}}',
        ),
        ("/restapi/number/1/query", f'{{"to": [{LONE_SURROGATE}]}}'),
        ("/restapi/number/1/notify", f'{{"to": [{LONE_SURROGATE}], "notifyUrl": "http://127.0.0.1:9/"}}'),
    ],
)
async def test_a_lone_surrogate_is_a_400(client: httpx.AsyncClient, path: str, body: str) -> None:
    for accept in ("application/json", "application/xml"):
        r = await client.post(
            path, content=body.encode(), headers={"Content-Type": "application/json", "Accept": accept}
        )
        assert r.status_code == 400, (path, r.text)
    assert (await client.get("/restapi/sms/1/logs")).status_code == 200
    assert (await client.get("/restapi/sms/1/inbox/logs")).status_code == 200


async def test_auth_is_checked_before_anything_else(app: Starlette) -> None:
    async with client_for(app, (USERNAME, "wrong")) as c:
        assert (await c.get("/restapi/sms/1/logs", params={"limit": "9" * 5000})).status_code == 401
    async with client_for(app, AUTH) as c:
        assert (await c.get("/restapi/sms/1/logs")).status_code == 200


HOSTILE_QUERY_VALUES = [
    "9" * 5000,
    "-1",
    "\ud800",
    HOSTILE_DATE,
    "0001-01-01T00:00:00+00:01",
    "9999-12-31T23:59:59.9999999999Z",
    "x" * 20000,
    "",
    "1e400",
    "nan",
    "٣",
]


async def test_no_query_value_answers_500(client: httpx.AsyncClient) -> None:
    from sms_sandbox.app import QUERY_PARAMETERS

    # A lone surrogate has no UTF-8 form: its surrogatepass bytes go as Latin-1 characters instead.
    sent = [value.encode("utf-8", "surrogatepass").decode("latin-1") for value in HOSTILE_QUERY_VALUES]
    routes = [*QUERY_PARAMETERS.items(), ("/sandbox/callbacks", frozenset({"limit"}))]
    for path, names in routes:
        for name in sorted(names):
            for value in sent:
                r = await client.get(path, params={name: value})
                assert r.status_code < 500, (path, name, value[:20])
    for value in sent:
        r = await client.post("/sandbox/clock/advance", params={"seconds": value})
        assert r.status_code == 400, value[:20]
