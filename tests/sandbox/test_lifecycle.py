"""ACCEPTED -> PENDING -> final by the destination's last digit; sendAt; validityPeriod; injectable clock."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sms_sandbox import ManualClock

from ._support import START

ADVANCED = "/restapi/sms/1/text/advanced"

# last digit -> (status id, status name, group, GSM error id)
RULE = {
    "1": (5, "DELIVERED_TO_HANDSET", "DELIVERED", 0),
    "2": (5, "DELIVERED_TO_HANDSET", "DELIVERED", 0),
    "3": (5, "DELIVERED_TO_HANDSET", "DELIVERED", 0),
    "4": (5, "DELIVERED_TO_HANDSET", "DELIVERED", 0),
    "5": (5, "DELIVERED_TO_HANDSET", "DELIVERED", 0),
    "7": (5, "DELIVERED_TO_HANDSET", "DELIVERED", 0),
    "6": (4, "UNDELIVERABLE_REJECTED_OPERATOR", "UNDELIVERABLE", 13),
    "8": (9, "UNDELIVERABLE_NOT_DELIVERED", "UNDELIVERABLE", 27),
    "0": (9, "UNDELIVERABLE_NOT_DELIVERED", "UNDELIVERABLE", 1),
}


async def log_of(client: httpx.AsyncClient, message_id: str) -> dict[str, Any]:
    r = await client.get("/restapi/sms/1/logs", params={"messageId": message_id})
    results = r.json()["results"]
    assert len(results) == 1
    return dict(results[0])


async def send(client: httpx.AsyncClient, to: str, **options: Any) -> str:
    body = {"messages": [{"destinations": [{"to": to}], "text": "x", **options}]}
    r = await client.post(ADVANCED, json=body)
    assert r.status_code == 200, r.text
    return str(r.json()["messages"][0]["messageId"])


@pytest.mark.parametrize("digit", sorted(RULE))
async def test_final_status_by_last_digit(client: httpx.AsyncClient, clock: ManualClock, digit: str) -> None:
    message_id = await send(client, "4179302672" + digit)
    assert (await log_of(client, message_id))["status"]["groupName"] == "PENDING"
    assert (await client.get("/restapi/sms/1/reports")).json() == {"results": []}
    clock.advance(0.999)
    assert (await log_of(client, message_id))["status"]["name"] == "PENDING_ENROUTE"
    clock.advance(0.001)
    status_id, name, group, error_id = RULE[digit]
    log = await log_of(client, message_id)
    assert (log["status"]["id"], log["status"]["name"], log["status"]["groupName"]) == (
        status_id,
        name,
        group,
    )
    assert log["error"]["id"] == error_id
    assert log["doneAt"] == "2025-03-01T12:00:01.000+0000"
    report = (await client.get("/restapi/sms/1/reports")).json()["results"][0]
    assert report["status"]["id"] == status_id and report["error"]["id"] == error_id


async def test_error_objects_come_from_the_gsm_table(client: httpx.AsyncClient, clock: ManualClock) -> None:
    await send(client, "41793026728")
    clock.advance(1)
    report = (await client.get("/restapi/sms/1/reports")).json()["results"][0]
    assert report["error"] == {
        "groupId": 1,
        "groupName": "HANDSET_ERRORS",
        "id": 27,
        "name": "EC_ABSENT_SUBSCRIBER",
        "description": "Absent Subscriber",
        "permanent": False,
    }


async def test_last_digit_9_expires_when_the_validity_period_ends(
    client: httpx.AsyncClient, clock: ManualClock
) -> None:
    message_id = await send(client, "41793026729")
    clock.advance(47 * 3600)
    assert (await log_of(client, message_id))["status"]["groupName"] == "PENDING"
    clock.advance(3600)
    log = await log_of(client, message_id)
    assert log["status"]["name"] == "EXPIRED_EXPIRED" and log["error"]["name"] == "EC_ValidityExpired"


async def test_validity_period_is_cut_to_48_hours(client: httpx.AsyncClient, clock: ManualClock) -> None:
    message_id = await send(client, "41793026729", validityPeriod=72 * 3600 * 1000)
    clock.advance(48 * 3600)
    assert (await log_of(client, message_id))["status"]["groupName"] == "EXPIRED"


async def test_short_validity_period_expires_before_delivery(
    client: httpx.AsyncClient, clock: ManualClock
) -> None:
    message_id = await send(client, "41793026727", validityPeriod=500)
    clock.advance(0.5)
    log = await log_of(client, message_id)
    assert log["status"]["name"] == "EXPIRED_EXPIRED"
    assert log["doneAt"] == "2025-03-01T12:00:00.500+0000"


async def test_send_at_delays_the_message(client: httpx.AsyncClient, clock: ManualClock) -> None:
    message_id = await send(client, "41793026727", sendAt="2025-03-01T14:00:00.000+01:00")  # 13:00 UTC
    log = await log_of(client, message_id)
    assert log["status"]["name"] == "MESSAGE_ACCEPTED" and log["sentAt"] == "2025-03-01T13:00:00.000+0000"
    clock.advance(3599)
    assert (await log_of(client, message_id))["status"]["groupName"] == "ACCEPTED"
    clock.advance(1)
    assert (await log_of(client, message_id))["status"]["groupName"] == "PENDING"
    clock.advance(1)
    assert (await log_of(client, message_id))["status"]["groupName"] == "DELIVERED"


async def test_send_at_in_the_past_sends_now(client: httpx.AsyncClient, clock: ManualClock) -> None:
    message_id = await send(client, "41793026727", sendAt="2000-01-01T00:00:00Z")
    assert (await log_of(client, message_id))["sentAt"] == "2025-03-01T12:00:00.000+0000"


async def test_admin_route_advances_time(client: httpx.AsyncClient, clock: ManualClock) -> None:
    message_id = await send(client, "41793026727")
    r = await client.post("/sandbox/clock/advance", json={"seconds": 2})
    assert r.json() == {"now": "2025-03-01T12:00:02.000+0000"}
    assert clock.now() == START  # only this account's clock moved, not the sandbox's
    assert (await log_of(client, message_id))["status"]["groupName"] == "DELIVERED"
    assert (await client.get("/sandbox/clock")).json()["now"] == "2025-03-01T12:00:02.000+0000"
    assert (await client.post("/sandbox/clock/advance", json={"seconds": -1})).status_code == 400
    assert (await client.post("/sandbox/clock/advance", json={"seconds": "x"})).status_code == 400


async def test_real_time_default_finishes_within_two_seconds() -> None:
    import asyncio

    from sms_sandbox import create_app

    from ._support import client_for

    app = create_app(delivery_delay=0.2)  # real clock; the default delay is 1 s
    async with client_for(app) as c:
        message_id = await send(c, "41793026727")
        await asyncio.sleep(0.25)
        assert (await log_of(c, message_id))["status"]["groupName"] == "DELIVERED"
