"""Sending: message and bulk IDs, smsCount, per-message rejections, charging."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sms_api.sms_parts import count_sms_parts

from ._support import api_error

SINGLE = "/restapi/sms/1/text/single"
MULTI = "/restapi/sms/1/text/multi"
ADVANCED = "/restapi/sms/1/text/advanced"
BINARY = "/restapi/sms/1/binary/single"
BINARY_MULTI = "/restapi/sms/1/binary/multi"


async def balance(client: httpx.AsyncClient) -> float:
    return float((await client.get("/restapi/account/1/balance")).json()["balance"])


def statuses(body: dict[str, Any]) -> list[tuple[int, str]]:
    return [(m["status"]["id"], m["status"]["groupName"]) for m in body["messages"]]


async def test_every_destination_gets_its_own_message_id_and_a_bulk_id(client: httpx.AsyncClient) -> None:
    r = await client.post(SINGLE, json={"from": "InfoSMS", "to": ["41793026727", "41793026834"], "text": "x"})
    body = r.json()
    ids = [m["messageId"] for m in body["messages"]]
    assert len(set(ids)) == 2 and body["bulkId"] not in ids
    assert statuses(body) == [(0, "ACCEPTED"), (0, "ACCEPTED")]
    one = (await client.post(SINGLE, json={"to": "41793026727"})).json()
    assert "bulkId" not in one and len(one["messages"]) == 1


async def test_multi_bulk_id_when_more_than_one_destination_in_all(client: httpx.AsyncClient) -> None:
    r = await client.post(MULTI, json={"messages": [{"to": "41793026727"}, {"to": ["41793026785"]}]})
    assert r.json()["bulkId"]
    r = await client.post(MULTI, json={"messages": [{"to": "41793026727"}]})
    assert "bulkId" not in r.json()


async def test_advanced_keeps_client_bulk_and_message_ids(client: httpx.AsyncClient) -> None:
    body = {
        "bulkId": "my-bulk",
        "messages": [
            {"destinations": [{"to": "41793026727", "messageId": "m-1"}, {"to": "41793026834"}], "text": "x"}
        ],
    }
    r = (await client.post(ADVANCED, json=body)).json()
    assert r["bulkId"] == "my-bulk"
    assert r["messages"][0]["messageId"] == "m-1" and r["messages"][1]["messageId"] != "m-1"
    single = {"bulkId": "b-2", "messages": [{"destinations": [{"to": "41793026727", "messageId": "m-2"}]}]}
    assert (await client.post(ADVANCED, json=single)).json()["bulkId"] == "b-2"  # kept even for one


async def test_duplicate_client_message_id_is_rejected_23(client: httpx.AsyncClient) -> None:
    body = {"messages": [{"destinations": [{"to": "41793026727", "messageId": "dup"}], "text": "x"}]}
    first = (await client.post(ADVANCED, json=body)).json()
    before = await balance(client)
    again = (await client.post(ADVANCED, json=body)).json()
    assert statuses(first) == [(0, "ACCEPTED")]
    assert again["messages"][0]["status"]["id"] == 23
    assert again["messages"][0]["status"]["name"] == "REJECTED_DUPLICATE_MESSAGE_ID"
    assert await balance(client) == before  # not charged
    within = {
        "messages": [
            {
                "destinations": [
                    {"to": "41793026727", "messageId": "x"},
                    {"to": "41793026721", "messageId": "x"},
                ]
            }
        ]
    }
    assert [s for s, _ in statuses((await client.post(ADVANCED, json=within)).json())] == [0, 23]


@pytest.mark.parametrize(
    ("to", "status"),
    [("", 51), ("   ", 51), ("Alphanumeric", 52), ("12", 52), ("1234567890123456", 52), ("+41793026727", 0)],
)
async def test_invalid_destinations_are_rejected_per_message(
    client: httpx.AsyncClient, to: str, status: int
) -> None:
    r = await client.post(SINGLE, json={"to": [to, "41793026727"], "text": "x"})
    assert r.status_code == 200
    assert [s for s, _ in statuses(r.json())] == [status, 0]
    if status:
        assert r.json()["messages"][0]["status"]["groupName"] == "REJECTED"


@pytest.mark.parametrize(
    ("sender", "status"),
    [("InfoSMS", 0), ("123456789012345", 11), ("ab", 11), ("Info SMS", 11), ("385998779111", 0)],
)
async def test_invalid_sender_is_rejected_source(client: httpx.AsyncClient, sender: str, status: int) -> None:
    r = await client.post(SINGLE, json={"from": sender, "to": "41793026727", "text": "x"})
    assert r.json()["messages"][0]["status"]["id"] == status


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),
        ("€" * 81, 2),
        ("ş" * 70, 1),
        ("ş" * 71, 2),
        ("😀" * 35, 1),
        ("😀" * 36, 2),
    ],
)
async def test_sms_count_is_gsm_segmentation(client: httpx.AsyncClient, text: str, parts: int) -> None:
    r = await client.post(SINGLE, json={"to": "41793026727", "text": text})
    assert r.json()["messages"][0]["smsCount"] == parts == count_sms_parts(text).parts


@pytest.mark.parametrize(("size", "parts"), [(1, 1), (140, 1), (141, 2), (268, 2), (269, 3)])
async def test_binary_counts_bytes(client: httpx.AsyncClient, size: int, parts: int) -> None:
    hex_text = " ".join(["4f"] * size)
    r = await client.post(BINARY, json={"to": "41793026727", "binary": {"hex": hex_text}})
    assert r.json()["messages"][0]["smsCount"] == parts
    r = await client.post(
        BINARY_MULTI, json={"messages": [{"to": ["41793026727", "41793026721"], "binary": {"hex": hex_text}}]}
    )
    assert [m["smsCount"] for m in r.json()["messages"]] == [parts, parts] and r.json()["bulkId"]


async def test_binary_with_udh_indicator_and_bad_header_is_rejected(client: httpx.AsyncClient) -> None:
    good = {"to": "41793026727", "binary": {"hex": "05 00 03 01 02 01 41", "esmClass": 64}}
    bad = {"to": "41793026727", "binary": {"hex": "09 00 03", "esmClass": 64}}
    assert (await client.post(BINARY, json=good)).json()["messages"][0]["status"]["id"] == 0
    assert (await client.post(BINARY, json=bad)).json()["messages"][0]["status"]["id"] == 24


async def test_too_long_text_is_rejected(client: httpx.AsyncClient) -> None:
    r = await client.post(SINGLE, json={"to": "41793026727", "text": "a" * (153 * 25 + 1)})
    assert r.json()["messages"][0]["status"]["id"] == 25
    r = await client.post(SINGLE, json={"to": "41793026727", "text": "a" * (153 * 25)})
    assert r.json()["messages"][0]["status"]["id"] == 0


async def test_charging_price_times_parts(client: httpx.AsyncClient) -> None:
    assert await balance(client) == 100.0
    await client.post(SINGLE, json={"to": ["41793026727", "41793026721"], "text": "a" * 200})  # 2 x 2 parts
    assert await balance(client) == pytest.approx(99.96)
    await client.post(SINGLE, json={"to": ["Alphanumeric"], "text": "x"})  # rejected: free
    assert await balance(client) == pytest.approx(99.96)


async def test_not_enough_credits(make_app: Any) -> None:
    from sms_sandbox import Account

    from ._support import client_for

    app = make_app(accounts=[Account("poor", "pw", balance=__import__("decimal").Decimal("0.025"))])
    async with client_for(app, auth=("poor", "pw")) as c:
        r = await c.post(SINGLE, json={"to": ["41793026727", "41793026721", "41793026722"], "text": "x"})
        assert [s for s, _ in statuses(r.json())] == [0, 0, 12]
        assert r.json()["messages"][2]["status"]["name"] == "REJECTED_NOT_ENOUGH_CREDITS"
        assert (await c.get("/restapi/account/1/balance")).json()["balance"] == pytest.approx(0.005)
        # Admin top-up
        assert (await c.put("/sandbox/balance", json={"balance": 1})).json()["balance"] == 1.0
        r = await c.post(SINGLE, json={"to": "41793026727"})
        assert r.json()["messages"][0]["status"]["id"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"to": 5},
        {"to": []},
        {"to": [5]},
        {"to": "41793026727", "text": 5},
        {"to": "41793026727", "text": None},
        {"to": "41793026727", "from": True},
        {"to": None},
    ],
)
async def test_schema_violations_are_400(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    r = await client.post(SINGLE, json=body)
    assert r.status_code == 400
    assert api_error(r)["messageId"] == "GENERAL_ERROR"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (BINARY, {"to": "41793026727", "binary": {"hex": "4"}}),
        (BINARY, {"to": "41793026727", "binary": {"hex": "zz"}}),
        (BINARY, {"to": "41793026727", "binary": {"hex": "0a0b"}}),
        (BINARY, {"to": "41793026727"}),
        (BINARY, {"to": "41793026727", "binary": {"hex": "0a", "dataCoding": 256}}),
        (BINARY, {"to": "41793026727", "binary": {"hex": "0a", "esmClass": "1"}}),
        (MULTI, {"messages": []}),
        (ADVANCED, {"messages": [{"destinations": []}]}),
        (ADVANCED, {"messages": [{"destinations": [{"to": "41793026727"}], "validityPeriod": 0}]}),
        (ADVANCED, {"messages": [{"destinations": [{"to": "41793026727"}], "validityPeriod": "5"}]}),
        (ADVANCED, {"messages": [{"destinations": [{"to": "41793026727"}], "validityPeriod": 2**63}]}),
        (ADVANCED, {"messages": [{"destinations": [{"to": "41793026727"}], "sendAt": "tomorrow"}]}),
        (
            ADVANCED,
            {"messages": [{"destinations": [{"to": "41793026727"}], "sendAt": "2025-03-01T12:00:00"}]},
        ),
        (
            ADVANCED,
            {"messages": [{"destinations": [{"to": "41793026727"}], "notifyContentType": "text/plain"}]},
        ),
        (ADVANCED, {"messages": [{"destinations": [{"to": "41793026727"}], "transliteration": "KLINGON"}]}),
        (ADVANCED, {"messages": [{"destinations": [{"to": "41793026727"}], "flash": "yes"}]}),
        (
            ADVANCED,
            {"messages": [{"destinations": [{"to": "41793026727"}], "language": {"languageCode": "XX"}}]},
        ),
        (ADVANCED, {"messages": [{"destinations": [{"to": "41793026727"}], "notifyUrl": "not a url"}]}),
    ],
)
async def test_more_schema_violations_are_400(
    client: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    r = await client.post(path, json=body)
    assert r.status_code == 400, r.text
    assert api_error(r)["messageId"] == "GENERAL_ERROR"
    assert await balance(client) == 100.0


async def test_validity_period_as_integral_float_is_an_integer(client: httpx.AsyncClient) -> None:
    body = {"messages": [{"destinations": [{"to": "41793026727"}], "validityPeriod": 630.0}]}
    assert (await client.post(ADVANCED, json=body)).status_code == 200
