"""Inbound SMS (admin injection, pull once, logs), Number Context, accounts and their isolation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

import sms_api_models as models
from sms_sandbox import ManualClock, load_accounts
from sms_sandbox.accounts import AccountConfigError

from .._spec import PASSWORD
from ._support import client_for

INBOUND = "/sandbox/inbound"


async def inject(c: httpx.AsyncClient, text: str, to: str = "41793026727", **extra: Any) -> dict[str, Any]:
    r = await c.post(INBOUND, json={"from": "385998779111", "to": to, "text": text, **extra})
    assert r.status_code == 201, r.text
    return dict(r.json())


@pytest.mark.parametrize(
    ("text", "keyword", "clean"),
    [
        ("KEY Test message", "KEY", "Test message"),
        ("HEY hello world", "HEY", "hello world"),
        ("Test message without keyword.", "", "Test message without keyword."),
        ("I am here", "", "I am here"),
        ("STOP", "STOP", ""),
        ("WIN2 prize", "WIN2", "prize"),
        ("2024 was good", "", "2024 was good"),
    ],
)
async def test_keyword_and_clean_text(client: httpx.AsyncClient, text: str, keyword: str, clean: str) -> None:
    report = await inject(client, text)
    assert (report["keyword"], report["cleanText"]) == (keyword, clean)


async def test_inbound_is_pulled_once(client: httpx.AsyncClient, clock: ManualClock) -> None:
    a = await inject(client, "KEY one")
    clock.advance(1)
    b = await inject(client, "two")
    r = (await client.get("/restapi/sms/1/inbox/reports", params={"limit": 1})).json()
    models.MOReportResponse.model_validate(r)
    assert [x["messageId"] for x in r["results"]] == [a["messageId"]]
    assert r["results"][0]["receivedAt"] == "2025-03-01T12:00:00.000+0000"
    r = (await client.get("/restapi/sms/1/inbox/reports")).json()
    assert [x["messageId"] for x in r["results"]] == [b["messageId"]]
    assert r["results"][0]["keyword"] == ""  # pulled reports carry an empty keyword, as the seed shows
    assert (await client.get("/restapi/sms/1/inbox/reports")).json() == {"results": []}


async def test_inbound_logs_with_filters(client: httpx.AsyncClient, clock: ManualClock) -> None:
    a = await inject(client, "HEY hello world", to="13372")
    clock.advance(60)
    b = await inject(client, "HEY how are you", to="41793026727")
    clock.advance(60)
    c = await inject(client, "Message without keyword", receivedAt="2025-03-01T12:30:00.000+00:00")

    async def ids(**params: Any) -> list[str]:
        r = await client.get("/restapi/sms/1/inbox/logs", params=params)
        assert r.status_code == 200, r.text
        models.MOLogsResponse.model_validate(r.json())
        return [x["messageId"] for x in r.json()["results"]]

    assert await ids() == [c["messageId"], b["messageId"], a["messageId"]]  # newest first
    assert await ids() == await ids()  # repeatable
    assert await ids(keyword="HEY") == [b["messageId"], a["messageId"]]
    assert await ids(keyword="NO_KEYWORD") == [c["messageId"]]
    assert await ids(to="13372") == [a["messageId"]]
    assert await ids(receivedSince="2025-03-01T12:01:00Z") == [c["messageId"], b["messageId"]]
    assert await ids(receivedUntil="2025-03-01T13:00:59+01:00") == [a["messageId"]]
    assert await ids(limit=1) == [c["messageId"]]
    log = (await client.get("/restapi/sms/1/inbox/logs", params={"keyword": "NO_KEYWORD"})).json()["results"][
        0
    ]
    assert "keyword" not in log  # the seed's logs leave it out
    # Logs do not consume: the reports are still there.
    assert len((await client.get("/restapi/sms/1/inbox/reports")).json()["results"]) == 3


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"from": "1", "to": "2"},
        {"from": 1, "to": "2", "text": "x"},
        {"from": "1", "to": "2", "text": "x", "receivedAt": "now"},
    ],
)
async def test_bad_inbound_injection_is_400(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    assert (await client.post(INBOUND, json=body)).status_code == 400


# --------------------------------------------------------------------------------------------------------
# Number Context
# --------------------------------------------------------------------------------------------------------


async def query(c: httpx.AsyncClient, to: Any) -> dict[str, Any]:
    r = await c.post("/restapi/number/1/query", json={"to": to})
    assert r.status_code == 200
    models.NCResponse.model_validate(r.json())
    return dict(r.json())


async def test_number_context_is_deterministic(client: httpx.AsyncClient) -> None:
    one = await query(client, "41793026727")
    assert "bulkId" not in one and "ncResults" not in one
    (result,) = one["results"]
    assert result == (await query(client, ["41793026727"]))["results"][0]
    assert result["mccMnc"] == "22801" and result["imsi"].startswith("22801") and len(result["imsi"]) == 15
    assert result["originalNetwork"] == {
        "networkName": "Swisscom",
        "networkPrefix": "79",
        "countryName": "Switzerland",
        "countryPrefix": "41",
    }
    assert result["ported"] is False and result["roaming"] is False and "servingMSC" in result
    assert result["status"]["name"] == "DELIVERED_TO_HANDSET" and result["error"]["name"] == "NO_ERROR"


async def test_number_context_rules(client: httpx.AsyncClient) -> None:
    r = await query(client, ["41793026738", "41793026750", "385981234557", "Alphanumeric", ""])
    assert r["bulkId"]
    ported, unknown, roaming, invalid, empty = r["results"]
    assert ported["ported"] is True and ported["portedNetwork"]["networkName"] == "Sunrise"
    assert ported["mccMnc"] == "22802" and "servingMSC" not in ported  # absent subscriber (8)
    assert ported["error"]["name"] == "EC_ABSENT_SUBSCRIBER"
    assert (
        unknown["roaming"] is True
        and "imsi" not in unknown
        and unknown["error"]["name"] == "EC_UNKNOWN_SUBSCRIBER"
    )
    assert roaming["roaming"] is True and roaming["roamingNetwork"]["countryName"] == "Switzerland"
    assert roaming["mccMnc"] == "21901" and roaming["status"]["groupName"] == "DELIVERED"
    assert invalid == {"to": "Alphanumeric", "status": invalid["status"]} and invalid["status"]["id"] == 52
    assert empty["status"]["id"] == 51


async def test_number_context_xml_uses_results(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/restapi/number/1/query",
        content=b"<request><to>41793026727</to></request>",
        headers={"Content-Type": "application/xml", "Accept": "application/xml"},
    )
    assert b"<NCResponse>" in r.content and b"<results>\n    <results>" in r.content


async def test_notify_requires_url(client: httpx.AsyncClient) -> None:
    r = await client.post("/restapi/number/1/notify", json={"to": "41793026727"})
    assert r.status_code == 400


# --------------------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------------------


def test_accounts_file(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    path.write_text(
        json.dumps(
            {
                "accounts": [
                    {
                        "username": "alice",
                        "password": "a",
                        "balance": 5,
                        "currency": "USD",
                        "pricePerMessage": "0.05",
                    },
                    {"username": "bob", "password": "b"},
                ]
            }
        )
    )
    alice, bob = load_accounts(path)
    assert (alice.username, str(alice.balance), alice.currency, str(alice.price_per_message)) == (
        "alice",
        "5",
        "USD",
        "0.05",
    )
    assert (bob.balance, bob.currency) == (100, "EUR")
    for bad in [
        {"accounts": [{"username": "x"}]},
        {"accounts": [{"username": "a:b", "password": "p"}]},
        {"accounts": [{"username": "x", "password": "p", "balance": -1}]},
        {"nope": []},
        {"accounts": [{"username": "x", "password": "p", "extra": 1}]},
    ]:
        path.write_text(json.dumps(bad))
        with pytest.raises(AccountConfigError):
            load_accounts(path)


async def test_accounts_are_isolated(
    make_app: Callable[..., Starlette], clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps([{"username": "alice", "password": "a", "balance": 5, "currency": "USD"}]))
    app = make_app(accounts=load_accounts(path))
    async with client_for(app) as aladdin, client_for(app, auth=("alice", "a")) as alice:
        sent = (await aladdin.post("/restapi/sms/1/text/single", json={"to": "41793026727"})).json()
        await aladdin.post(INBOUND, json={"from": "1", "to": "2", "text": "KEY x"})
        advanced = {"messages": [{"destinations": [{"to": "41793026727", "messageId": "shared"}]}]}
        await aladdin.post("/restapi/sms/1/text/advanced", json=advanced)
        clock.advance(1)
        assert (await alice.get("/restapi/account/1/balance")).json() == {"balance": 5.0, "currency": "USD"}
        assert (await alice.get("/restapi/sms/1/reports")).json() == {"results": []}
        assert (await alice.get("/restapi/sms/1/logs")).json() == {"results": []}
        assert (
            await alice.get("/restapi/sms/1/logs", params={"messageId": sent["messages"][0]["messageId"]})
        ).json() == {"results": []}
        assert (await alice.get("/restapi/sms/1/inbox/reports")).json() == {"results": []}
        assert (await alice.get("/restapi/sms/1/inbox/logs")).json() == {"results": []}
        # Client message IDs are per account.
        r = (await alice.post("/restapi/sms/1/text/advanced", json=advanced)).json()
        assert r["messages"][0]["status"]["id"] == 0
        assert (await alice.get("/restapi/account/1/balance")).json()["balance"] == pytest.approx(4.99)
        assert len((await aladdin.get("/restapi/sms/1/reports")).json()["results"]) == 2
        assert (
            await client_for(app, auth=("alice", PASSWORD)).get("/restapi/account/1/balance")
        ).status_code == 401
