"""Delivery reports exactly once (also to concurrent readers); repeatable sent logs with every filter."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import httpx
import pytest

import sms_api_models as models
from sms_sandbox import ManualClock, create_app

from .._spec import USERNAME
from ._support import AUTH, START, serve

SINGLE = "/restapi/sms/1/text/single"
REPORTS = "/restapi/sms/1/reports"
LOGS = "/restapi/sms/1/logs"


async def send(
    client: httpx.AsyncClient, to: list[str], sender: str = "InfoSMS", text: str = "x"
) -> dict[str, Any]:
    r = await client.post(SINGLE, json={"from": sender, "to": to, "text": text})
    assert r.status_code == 200
    return dict(r.json())


async def test_each_report_is_returned_once(client: httpx.AsyncClient, clock: ManualClock) -> None:
    sent = await send(client, ["41793026727", "41793026728", "41793026720"])
    clock.advance(1)
    first = (await client.get(REPORTS)).json()
    models.SMSReportResponse.model_validate(first)
    assert {r["messageId"] for r in first["results"]} == {m["messageId"] for m in sent["messages"]}
    assert all(r["bulkId"] == sent["bulkId"] for r in first["results"])
    assert (await client.get(REPORTS)).json() == {"results": []}
    # ...and the logs still have them.
    assert len((await client.get(LOGS)).json()["results"]) == 3


async def test_pending_messages_have_no_report_yet(client: httpx.AsyncClient, clock: ManualClock) -> None:
    await send(client, ["41793026727"])
    assert (await client.get(REPORTS)).json() == {"results": []}
    clock.advance(1)
    assert len((await client.get(REPORTS)).json()["results"]) == 1


async def test_rejected_messages_report_at_once(client: httpx.AsyncClient) -> None:
    await send(client, ["Alphanumeric"])
    report = (await client.get(REPORTS)).json()["results"][0]
    assert report["status"]["id"] == 52 and report["price"]["pricePerMessage"] == 0


async def test_report_filters(client: httpx.AsyncClient, clock: ManualClock) -> None:
    a = await send(client, ["41793026721", "41793026722", "41793026723"])
    b = await send(client, ["41793026724", "41793026725"])
    clock.advance(1)
    only = b["messages"][1]["messageId"]
    r = (await client.get(REPORTS, params={"messageId": only})).json()["results"]
    assert [x["messageId"] for x in r] == [only]
    r = (await client.get(REPORTS, params={"bulkId": a["bulkId"], "limit": 2})).json()["results"]
    assert len(r) == 2 and all(x["bulkId"] == a["bulkId"] for x in r)
    r = (await client.get(REPORTS, params={"bulkId": a["bulkId"]})).json()["results"]
    assert len(r) == 1
    r = (await client.get(REPORTS)).json()["results"]
    assert [x["messageId"] for x in r] == [b["messages"][0]["messageId"]]


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "1.5", "", "2147483648"])
async def test_bad_limit_is_400(client: httpx.AsyncClient, limit: str) -> None:
    for path in (REPORTS, LOGS, "/restapi/sms/1/inbox/reports", "/restapi/sms/1/inbox/logs"):
        r = await client.get(path, params={"limit": limit})
        assert r.status_code == 400, (path, limit)


async def test_unknown_query_parameter_is_400(client: httpx.AsyncClient) -> None:
    r = await client.get(LOGS, params={"bulkid": "typo"})
    assert r.status_code == 400 and "bulkid" in r.json()["requestError"]["serviceException"]["text"]


def read_concurrently(read: Callable[[Callable[[Iterable[str]], None]], None], readers: int) -> list[str]:
    """Run `read` in `readers` threads released together; each records the ids it got through the `keep`
    it is given (thread-safe). Every id kept, in the order they were kept."""
    seen: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(readers)

    def keep(ids: Iterable[str]) -> None:
        with lock:
            seen.extend(ids)

    def reader() -> None:
        barrier.wait()
        read(keep)

    threads = [threading.Thread(target=reader) for _ in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return seen


def test_concurrent_readers_see_every_report_exactly_once() -> None:
    clock = ManualClock(START)
    app = create_app(clock=clock)
    total = 120
    with serve(app) as url, httpx.Client(base_url=url, auth=AUTH) as c:
        for i in range(0, total, 10):
            to = [f"417930{i:03d}{j}1" for j in range(10)]
            assert c.post(SINGLE, json={"to": to, "text": "x"}).status_code == 200
        clock.advance(1)

        def read(keep: Callable[[Iterable[str]], None]) -> None:
            with httpx.Client(base_url=url, auth=AUTH) as rc:
                while results := rc.get(REPORTS, params={"limit": 3}).json()["results"]:
                    keep(r["messageId"] for r in results)

        seen = read_concurrently(read, 8)
    counts = Counter(seen)
    assert len(counts) == total
    assert max(counts.values()) == 1


def test_store_lease_reports_is_atomic_across_threads() -> None:
    # The same property one level down, with no HTTP in between: 16 threads on one store, each reading
    # as the get-delivery-reports handler does (lease the rows, then mark them read).
    from sms_sandbox.store import NewMessage, Store

    store = Store()
    store.ensure_accounts([__import__("sms_sandbox").DEFAULT_ACCOUNT])
    counter = iter(range(10**6))
    messages = [
        NewMessage(
            to=f"4179302{i:04d}",
            sender=None,
            text="x",
            sms_count=1,
            rejection=None,
            client_message_id=None,
            final_status=5,
            final_error=0,
            start_at=0,
            final_at=0,
            mccmnc="22801",
        )
        for i in range(500)
    ]
    store.send(USERNAME, None, messages, lambda: f"id-{next(counter)}", 0)

    def read(keep: Callable[[Iterable[str]], None]) -> None:
        while rows := store.lease_reports(USERNAME, 1, None, None, 7):
            keep(r["message_id"] for r in rows)
            store.finish_report_lease([r["id"] for r in rows])

    seen = read_concurrently(read, 16)
    assert sorted(seen) == sorted(f"id-{i}" for i in range(500))
    assert store.lease_reports(USERNAME, 1, None, None, 7) == []  # every lease was marked read


# --------------------------------------------------------------------------------------------------------
# Logs
# --------------------------------------------------------------------------------------------------------


async def test_logs_are_repeatable_newest_first(client: httpx.AsyncClient, clock: ManualClock) -> None:
    a = await send(client, ["41793026727"])
    clock.advance(5)
    b = await send(client, ["41793026721"])
    first = (await client.get(LOGS)).json()
    models.SMSLogsResponse.model_validate(first)
    assert [x["messageId"] for x in first["results"]] == [
        b["messages"][0]["messageId"],
        a["messages"][0]["messageId"],
    ]
    assert (await client.get(LOGS)).json() == first
    log = first["results"][1]
    assert (
        log["from"] == "InfoSMS" and log["text"] == "x" and log["mccmnc"] == "22801" and log["smsCount"] == 1
    )
    assert log["price"] == {"pricePerMessage": 0.01, "currency": "EUR"}


async def test_log_filters(client: httpx.AsyncClient, clock: ManualClock) -> None:
    a = await send(client, ["41793026727", "41763026728"], sender="InfoSMS")  # Swisscom, Sunrise
    clock.advance(60)
    b = await send(client, ["385981234561", "41793026720"], sender="Other")  # Croatia, Swisscom
    clock.advance(60)
    c = await send(client, ["Alphanumeric"], sender="Third")
    clock.advance(1)

    async def ids(**params: Any) -> set[str]:
        r = await client.get(LOGS, params=params)
        assert r.status_code == 200, r.text
        return {x["messageId"] for x in r.json()["results"]}

    def mid(resp: dict[str, Any], i: int) -> str:
        return str(resp["messages"][i]["messageId"])

    every = {mid(a, 0), mid(a, 1), mid(b, 0), mid(b, 1), mid(c, 0)}
    assert await ids() == every
    assert await ids(**{"from": "Other"}) == {mid(b, 0), mid(b, 1)}
    assert await ids(to="41793026720") == {mid(b, 1)}
    assert await ids(bulkId=f"{a['bulkId']},{b['bulkId']}") == every - {mid(c, 0)}
    assert await ids(bulkId=[a["bulkId"], b["bulkId"]]) == every - {mid(c, 0)}  # repeated
    assert await ids(messageId=f"{mid(a, 0)},{mid(c, 0)}") == {mid(a, 0), mid(c, 0)}
    assert await ids(generalStatus="DELIVERED") == {mid(a, 0), mid(b, 0)}
    assert await ids(generalStatus="UNDELIVERABLE") == {mid(a, 1), mid(b, 1)}
    assert await ids(generalStatus="REJECTED") == {mid(c, 0)}
    assert await ids(generalStatus="PENDING") == set()
    assert await ids(sentSince="2025-03-01T12:01:00.000Z") == {mid(b, 0), mid(b, 1), mid(c, 0)}
    assert await ids(sentUntil="2025-03-01T13:01:00+01:00") == every - {mid(c, 0)}
    assert await ids(sentSince="2025-03-01T13:00:30.000+01:00", sentUntil="2025-03-01T12:01:30Z") == {
        mid(b, 0),
        mid(b, 1),
    }
    assert await ids(mcc="228") == {mid(a, 0), mid(a, 1), mid(b, 1)}
    assert await ids(mcc="228", mnc="02") == {mid(a, 1)}
    assert await ids(mcc="219", mnc="01") == {mid(b, 0)}
    assert len(await ids(limit=2)) == 2
    assert await ids(**{"from": "InfoSMS"}, to="41793026727", generalStatus="DELIVERED") == {mid(a, 0)}


async def test_log_date_with_plus_sent_unencoded(client: httpx.AsyncClient) -> None:
    await send(client, ["41793026727"])
    # '+' in a query string is a space after form decoding; the offset still reads as +01:00.
    r = await client.get(LOGS + "?sentSince=2025-03-01T13:00:00.000+01:00")
    assert r.status_code == 200 and len(r.json()["results"]) == 1
    r = await client.get(LOGS + "?sentSince=2025-03-01T13:00:00.001%2b01:00")
    assert r.status_code == 200 and r.json()["results"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"generalStatus": "LOST"},
        {"mcc": "22"},
        {"mnc": "1"},
        {"mcc": "abc"},
        {"sentSince": "yesterday"},
        {"sentUntil": "2025-03-01"},
        {"sentSince": "2025-03-01T12:00:00"},
    ],
)
async def test_bad_log_filters_are_400(client: httpx.AsyncClient, params: dict[str, str]) -> None:
    r = await client.get(LOGS, params=params)
    assert (
        r.status_code == 400 and r.json()["requestError"]["serviceException"]["messageId"] == "GENERAL_ERROR"
    )


async def test_logs_keep_48_hours(client: httpx.AsyncClient, clock: ManualClock) -> None:
    await send(client, ["41793026727"])
    clock.advance(48 * 3600)
    assert len((await client.get(LOGS)).json()["results"]) == 1
    clock.set(START + dt.timedelta(hours=48, milliseconds=1))
    assert (await client.get(LOGS)).json() == {"results": []}
