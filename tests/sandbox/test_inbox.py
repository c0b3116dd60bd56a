"""The web inbox's routes (``/ui``): auth, one account's data only, CSRF refusals, escaping, what it shows.

The page itself is driven in a real browser by tests/e2e/test_inbox_browser.py; here the routes are
called over HTTP.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import subprocess
import sys
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from sms_api.sms_parts import split_sms_parts
from sms_sandbox import ManualClock
from sms_sandbox.accounts import Account
from sms_sandbox.inbox.guard import SECURITY_HEADERS

from .._spec import REPO, USERNAME
from ._support import api_error, client_for, sandbox_of

BOB = ("bob", "hunter2")
LONG_TEXT = "A long time ago, in a galaxy far, far away... " * 5


@pytest.fixture
def app(make_app: Any) -> Starlette:
    app: Starlette = make_app(accounts=[Account("bob", "hunter2")])
    return app


@pytest.fixture
async def bob(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app, BOB) as c:
        yield c


async def _state(client: httpx.AsyncClient, **params: str) -> dict[str, Any]:
    response = await client.get("/ui/api/state", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _send(client: httpx.AsyncClient, to: str, text: str, **extra: Any) -> str:
    body = {"messages": [{"from": "InfoSMS", "destinations": [{"to": to}], "text": text, **extra}]}
    response = await client.post("/restapi/sms/1/text/advanced", json=body)
    assert response.status_code == 200, response.text
    message_id: str = response.json()["messages"][0]["messageId"]
    return message_id


async def _account_clock(client: httpx.AsyncClient) -> dt.datetime:
    """The account's sandbox clock as the inbox shows it (the test clock stands still)."""
    return dt.datetime.strptime((await _state(client))["now"], "%Y-%m-%dT%H:%M:%S.%f%z")


def _same_origin(token: str) -> dict[str, str]:
    return {
        "X-Sandbox-CSRF": token,
        "Origin": "http://sandbox",
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/json",
    }


# ---- auth and the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/ui", "/ui/", "/ui/static/inbox.js", "/ui/api/state"])
async def test_every_inbox_route_wants_basic_auth(app: Starlette, path: str) -> None:
    async with client_for(app, auth=None) as anonymous:
        response = await anonymous.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Basic realm="SMS API"'
    async with client_for(app, auth=(USERNAME, "wrong")) as wrong:
        assert (await wrong.get(path)).status_code == 401


async def test_the_page_and_its_assets_come_from_the_package_with_a_strict_policy(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/ui")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert page.headers["x-frame-options"] == "DENY"
    # Nothing from elsewhere: every src/href is a path on this server (or an in-page anchor).
    for url in re.findall(r'(?:src|href)="([^"]*)"', page.text):
        assert url.startswith(("/ui/static/", "#")), url
    assert "<script>" not in page.text  # no inline script for the policy to have to allow
    for name, media in (
        ("inbox.js", "text/javascript"),
        ("inbox.css", "text/css"),
        ("icon.svg", "image/svg"),
    ):
        asset = await client.get(f"/ui/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(media)
        assert asset.headers["x-content-type-options"] == "nosniff"
    for name in ("index.html", "../routes.py", "%2e%2e%2froutes.py", "nothing.js"):
        missing = await client.get(f"/ui/static/{name}")
        assert missing.status_code == 404 and api_error(missing)["messageId"] == "NOT_FOUND"


async def test_the_script_never_writes_markup() -> None:
    from importlib import resources

    script = resources.files("sms_sandbox.inbox").joinpath("static", "inbox.js").read_text("utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink


# ---- what the state shows ----------------------------------------------------------------------------


async def test_a_sent_message_with_its_parts_history_price_and_callbacks(
    client: httpx.AsyncClient, clock: ManualClock, app: Starlette
) -> None:
    message_id = await _send(
        client,
        "41793026727",
        LONG_TEXT,
        notifyUrl="http://127.0.0.1:9/hook",
        callbackData="order-7",
    )
    state = await _state(client)
    assert state["account"] == USERNAME
    (message,) = state["messages"]
    assert message["messageId"] == message_id
    assert message["encoding"] == "GSM-7"
    assert (
        message["parts"] == split_sms_parts(LONG_TEXT) and len(message["parts"]) == message["smsCount"] == 2
    )
    assert message["price"] == {"amount": 0.02, "currency": "EUR"}
    assert [step["status"]["groupName"] for step in message["history"]] == ["ACCEPTED", "PENDING"]
    assert message["final"] is False and message["error"] is None
    assert message["callbackData"] == "order-7" and message["notifyUrl"] == "http://127.0.0.1:9/hook"

    clock.advance(2)
    await sandbox_of(app).dispatcher.run_due()  # port 9 refuses: one failed attempt recorded
    (message,) = (await _state(client))["messages"]
    assert [step["status"]["name"] for step in message["history"]] == [
        "MESSAGE_ACCEPTED",
        "PENDING_ENROUTE",
        "DELIVERED_TO_HANDSET",
    ]
    assert message["status"]["groupName"] == "DELIVERED" and message["final"] is True
    assert message["error"]["name"] == "NO_ERROR"
    (attempt,) = message["callbacks"]
    assert attempt["url"] == "http://127.0.0.1:9/hook" and attempt["outcome"] != "delivered"
    assert state["balance"] == {"amount": 99.98, "currency": "EUR"}


async def test_rejected_ucs2_and_binary_messages(client: httpx.AsyncClient) -> None:
    await client.post("/restapi/sms/1/text/single", json={"to": "12", "text": "Zürich ✓"})
    await client.post(
        "/restapi/sms/1/binary/single", json={"to": "41793026727", "binary": {"hex": "0f c2 4a bf 34 13 ba"}}
    )
    binary, rejected = (await _state(client))["messages"]
    assert rejected["encoding"] == "UCS-2" and rejected["parts"] == ["Zürich ✓"]
    assert [step["status"]["groupName"] for step in rejected["history"]] == ["REJECTED"]
    assert rejected["price"]["amount"] == 0
    assert binary["encoding"] == "binary" and binary["text"] is None and binary["parts"] == []


async def test_filters_narrow_the_list_newest_first(client: httpx.AsyncClient, clock: ManualClock) -> None:
    first = await _send(client, "41793026727", "first hello")
    clock.advance(1)
    second = await _send(client, "41793026736", "second HELLO there")
    clock.advance(1)
    multi = await client.post(
        "/restapi/sms/1/text/single", json={"to": ["41793026721", "41793026722"], "text": "bulk"}
    )
    bulk_id = multi.json()["bulkId"]
    ids = [m["messageId"] for m in (await _state(client))["messages"]]
    assert ids[2:] == [second, first] and len(ids) == 4
    assert [m["messageId"] for m in (await _state(client, text="hello"))["messages"]] == [second, first]
    assert [m["messageId"] for m in (await _state(client, to="736"))["messages"]] == [second]
    assert {m["bulkId"] for m in (await _state(client, bulkId=bulk_id))["messages"]} == {bulk_id}
    clock.advance(0.5)  # the first two are final now (one delivered, one undeliverable), the bulk pending
    assert [m["messageId"] for m in (await _state(client, status="UNDELIVERABLE"))["messages"]] == [second]
    assert len((await _state(client, status="PENDING"))["messages"]) == 2


@pytest.mark.parametrize(
    "params",
    [{"status": "DONE"}, {"bulkid": "x"}, {"text": "x" * 201}],
)
async def test_bad_filters_are_a_400(client: httpx.AsyncClient, params: dict[str, str]) -> None:
    response = await client.get("/ui/api/state", params=params)
    assert response.status_code == 400
    assert api_error(response)["messageId"] == "GENERAL_ERROR"


async def test_an_account_never_sees_another_accounts_data(
    client: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    await _send(client, "41793026727", "for Aladdin only")
    await client.post("/sandbox/inbound", json={"from": "41793026727", "to": "InfoSMS", "text": "secret"})
    await client.post("/restapi/number/1/query", json={"to": ["41793026727"]})
    aladdin = await _state(client)
    assert len(aladdin["messages"]) == len(aladdin["received"]) == len(aladdin["lookups"]) == 1
    seen_by_bob = await _state(bob)
    assert seen_by_bob["account"] == "bob"
    assert seen_by_bob["messages"] == seen_by_bob["received"] == seen_by_bob["lookups"] == []
    assert seen_by_bob["csrfToken"] != aladdin["csrfToken"]
    # Bob's token is no good for Aladdin's session, nor the other way round.
    refused = await client.post(
        "/ui/api/reply",
        json={"from": "1", "to": "2", "text": "x"},
        headers=_same_origin(seen_by_bob["csrfToken"]),
    )
    assert refused.status_code == 403


async def test_text_stays_data(client: httpx.AsyncClient) -> None:
    hostile = '<script>alert("sms")</script><img src=x onerror=alert(1)>'
    await _send(client, "41793026727", hostile)
    response = await client.get("/ui/api/state")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    (message,) = response.json()["messages"]
    assert message["text"] == hostile and "".join(message["parts"]) == hostile


# ---- actions and CSRF -------------------------------------------------------------------------------


async def test_reply_as_the_phone_goes_to_get_received_sms(client: httpx.AsyncClient) -> None:
    token = (await _state(client))["csrfToken"]
    response = await client.post(
        "/ui/api/reply",
        json={"from": "41793026727", "to": "InfoSMS", "text": "STOP no more"},
        headers=_same_origin(token),
    )
    assert response.status_code == 201, response.text
    assert response.json()["keyword"] == "STOP"
    assert response.headers["content-security-policy"]
    (received,) = (await _state(client))["received"]
    assert (received["keyword"], received["cleanText"], received["pulled"]) == ("STOP", "no more", False)
    pulled = (await client.get("/restapi/sms/1/inbox/reports")).json()["results"]
    assert [(m["from"], m["text"]) for m in pulled] == [("41793026727", "STOP no more")]
    # Marked read once the answer is out (at once here; a sandbox that leases read-once rows does it a
    # moment after the answer was written).
    for _ in range(100):
        if (await _state(client))["received"][0]["pulled"]:
            break
        await asyncio.sleep(0.05)
    assert (await _state(client))["received"][0]["pulled"] is True


async def test_clock_buttons_and_lookups(client: httpx.AsyncClient) -> None:
    state = await _state(client)
    headers = _same_origin(state["csrfToken"])
    before = await _account_clock(client)
    moved = await client.post("/ui/api/clock/advance", json={"seconds": 3600}, headers=headers)
    assert moved.status_code == 200
    assert (await _account_clock(client) - before).total_seconds() == 3600
    assert (await _state(client))["now"] == moved.json()["now"]
    looked = await client.post(
        "/ui/api/lookup",
        json={"to": ["41793026727", "nope"]},
        headers={**headers, "Accept": "application/json"},
    )
    assert looked.status_code == 200
    (lookup,) = (await _state(client))["lookups"]
    assert lookup["kind"] == "query" and lookup["numbers"] == ["41793026727", "nope"]
    assert lookup["results"][0]["mccMnc"] == "22801"
    assert lookup["results"][1]["status"]["groupName"] == "REJECTED"


async def test_notify_lookups_are_shown_with_what_they_push(client: httpx.AsyncClient) -> None:
    await client.post(
        "/restapi/number/1/notify", json={"to": ["41793026727"], "notifyUrl": "http://127.0.0.1:9/nc"}
    )
    (lookup,) = (await _state(client))["lookups"]
    assert lookup["kind"] == "notify" and lookup["notifyUrl"] == "http://127.0.0.1:9/nc"
    assert lookup["results"][0]["to"] == "41793026727"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"X-Sandbox-CSRF": ""}, "token"),
        ({"X-Sandbox-CSRF": "0" * 64}, "token"),
        ({"Origin": "http://evil.example"}, "Origin"),
        ({"Origin": "null"}, "Origin"),
        ({"Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site"),
        ({"Sec-Fetch-Site": "same-site"}, "Sec-Fetch-Site"),
        ({"Content-Type": "text/plain"}, "JSON"),
        ({"Content-Type": "application/x-www-form-urlencoded"}, "JSON"),
    ],
)
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/ui/api/reply", {"from": "41793026727", "to": "InfoSMS", "text": "forged"}),
        ("/ui/api/clock/advance", {"seconds": 172800}),
        ("/ui/api/lookup", {"to": ["41793026727"]}),
    ],
)
async def test_cross_site_requests_change_nothing(
    client: httpx.AsyncClient,
    clock: ManualClock,
    change: dict[str, str],
    why: str,
    path: str,
    body: dict[str, Any],
) -> None:
    token = (await _state(client))["csrfToken"]
    before = await _account_clock(client)
    headers = {**_same_origin(token), **change}
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 403
    error = api_error(response)
    assert error["messageId"] == "FORBIDDEN" and why in error["text"]
    state = await _state(client)
    assert state["received"] == [] and state["lookups"] == [] and await _account_clock(client) == before


async def test_state_changes_only_on_post(client: httpx.AsyncClient) -> None:
    for path in ("/ui/api/reply", "/ui/api/clock/advance", "/ui/api/lookup"):
        response = await client.get(path, params={"seconds": "3600", "text": "x"})
        assert response.status_code == 405
    assert (await client.post("/ui/api/state")).status_code == 405
    assert (await client.post("/ui")).status_code == 405


async def test_bad_action_bodies_are_a_400_not_a_500(client: httpx.AsyncClient) -> None:
    headers = _same_origin((await _state(client))["csrfToken"])
    for path, content in (
        ("/ui/api/reply", b'{"from": 1}'),
        ("/ui/api/reply", b"not json"),
        ("/ui/api/clock/advance", b'{"seconds": -5}'),
        ("/ui/api/lookup", b'{"to": 5}'),
    ):
        response = await client.post(path, content=content, headers=headers)
        assert response.status_code == 400, (path, response.text)


@pytest.mark.slow
def test_the_wheel_ships_the_inbox_assets(tmp_path: Path) -> None:
    """Installed from the wheel, /ui must still find its page: hatch has to pack the non-Python files."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            ".",
        ],
        cwd=REPO,
        check=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    static = REPO / "sandbox" / "sms_sandbox" / "inbox" / "static"
    shipped = {f"sms_sandbox/inbox/static/{path.name}" for path in static.iterdir()}
    assert {"sms_sandbox/inbox/static/index.html", "sms_sandbox/inbox/static/inbox.js"} <= shipped
    assert shipped <= names


async def test_the_guard_does_not_replace_the_password_check(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    headers = _same_origin((await _state(client))["csrfToken"])
    body = {"from": "41793026727", "to": "InfoSMS", "text": "forged"}
    for auth in ((USERNAME, "wrong"), None):
        async with client_for(app, auth=auth) as other:
            response = await other.post("/ui/api/reply", json=body, headers=headers)
        assert response.status_code == 401
    assert (await _state(client))["received"] == []


@pytest.mark.parametrize(
    "browser_headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "same-site"}],
)
async def test_no_other_site_changes_the_sandbox_through_a_browser(
    client: httpx.AsyncClient, clock: ManualClock, browser_headers: dict[str, str]
) -> None:
    """After /ui the browser holds Basic credentials for every route: a form on another site must not be able
    to move the clock (an empty POST with ?seconds= is enough) or send SMS with them."""
    before = await _account_clock(client)
    moved = await client.post("/sandbox/clock/advance?seconds=3600", headers=browser_headers)
    assert moved.status_code == 403 and api_error(moved)["messageId"] == "FORBIDDEN"
    sent = await client.post(
        "/restapi/sms/1/text/single",
        content=b'{"to": "41793026727", "text": "x"}',
        headers={**browser_headers, "Content-Type": "application/json", "Accept": "application/xml"},
    )
    assert sent.status_code == 403 and sent.headers["content-type"].startswith("application/xml")
    assert await _account_clock(client) == before and (await _state(client))["messages"] == []
    # Reads are not refused, and API clients (no Origin, no Sec-Fetch-Site) are never affected.
    assert (await client.get("/sandbox/clock", headers=browser_headers)).status_code == 200
    assert (await client.post("/sandbox/clock/advance?seconds=60")).status_code == 200
    same = await client.post(
        "/sandbox/clock/advance?seconds=60",
        headers={"Origin": "http://sandbox", "Sec-Fetch-Site": "same-origin"},
    )
    assert same.status_code == 200
