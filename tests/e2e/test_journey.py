"""The whole user journey over real HTTP: the sandbox as a process, the SDK as users call it.

`sms_api.connect` + the generated operations, in JSON and XML, sync and async: every send endpoint, delivery
reports read once, logs with every filter, inbound messages (injected through the sandbox's admin route) read
once and logged, Number Context query and notify (the pushed result caught by a local receiver), the delivery
report of an advanced send pushed to its notifyUrl with its callbackData, and the balance going down.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from typing import Any

import pytest

import sms_api
from sms_api_client.api.account import get_account_balance
from sms_api_client.api.number_context import notify_number_context, query_number_context
from sms_api_client.api.receive_sms import get_received_sms, get_received_sms_logs
from sms_api_client.api.reports_and_logs import get_delivery_reports, get_sent_sms_logs
from sms_api_client.api.send_sms import (
    send_advanced_text_sms,
    send_multi_binary_sms,
    send_multi_text_sms,
    send_single_binary_sms,
    send_single_text_sms,
)
from sms_api_client.models import (
    BinaryContent,
    NCNotifyRequest,
    NCRequest,
    SMSAdvancedTextualMessage,
    SMSAdvancedTextualRequest,
    SMSBinaryData,
    SMSBinaryRequest,
    SMSDestination,
    SMSMultiBinaryRequest,
    SMSMultiTextualRequest,
    SMSTextualData,
    SMSTextualRequest,
)
from sms_api_client.types import Unset
from sms_sandbox.process import PASSWORD, USERNAME, SandboxProcess

from .conftest import Receiver

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


class Caller:
    """Runs a generated operation through `sync` (in a worker thread) or `asyncio`, as the test asks."""

    def __init__(self, client: sms_api.SmsApiClient, mode: str) -> None:
        self.client, self.mode = client, mode

    async def __call__(self, module: Any, **kwargs: Any) -> Any:
        if self.mode == "async":
            result = await module.asyncio(client=self.client, **kwargs)
        else:
            result = await asyncio.to_thread(module.sync, client=self.client, **kwargs)
        assert result is not None
        return result


def ids_of(response: Any) -> list[str]:
    return [m.message_id for m in response.messages]


async def wait_for_reports(call: Caller, bulk_id: str, count: int) -> list[Any]:
    found: list[Any] = []
    for _ in range(100):
        answer = await call(get_delivery_reports, bulk_id=bulk_id)
        found += answer.results if not isinstance(answer.results, Unset) else []
        if len(found) >= count:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"only {len(found)} of {count} reports for {bulk_id}")


@pytest.mark.parametrize("wire_format", ["json", "xml"])
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_user_journey(sandbox: SandboxProcess, receiver: Receiver, wire_format: str, mode: str) -> None:
    client = sms_api.connect(sandbox.base_url, USERNAME, PASSWORD, wire_format=wire_format, timeout=10)
    async with client if mode == "async" else _sync_context(client):
        await _journey(Caller(client, mode), sandbox, receiver, wire_format)


class _sync_context:
    def __init__(self, client: sms_api.SmsApiClient) -> None:
        self.client = client

    async def __aenter__(self) -> None:
        self.client.__enter__()

    async def __aexit__(self, *exc: object) -> None:
        self.client.__exit__(None, None, None)


async def _journey(call: Caller, sandbox: SandboxProcess, receiver: Receiver, wire_format: str) -> None:
    start = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    balance_before = (await call(get_account_balance)).balance

    # ---- every send endpoint ----------------------------------------------------------------------------
    single = await call(
        send_single_text_sms,
        body=SMSTextualRequest(to=["41793026721", "41793026722"], from_="InfoSMS", text="Hi"),
    )
    assert len(single.messages) == 2 and isinstance(single.bulk_id, str)
    assert {m.status.group_name for m in single.messages} == {"PENDING"} or all(
        m.status.group_id in (0, 1) for m in single.messages
    )
    multi = await call(
        send_multi_text_sms,
        body=SMSMultiTextualRequest(
            messages=[
                SMSTextualData(to="41793026733", from_="InfoSMS", text="one"),
                SMSTextualData(to=["41793026734", "41793026736"], from_="InfoSMS", text="two " * 50),
            ]
        ),
    )
    assert len(multi.messages) == 3
    assert [m.sms_count for m in multi.messages] == [1, 2, 2]
    binary = await call(
        send_single_binary_sms,
        body=SMSBinaryRequest(to="41793026741", from_="InfoSMS", binary=BinaryContent(hex_="54 65 73 74")),
    )
    assert len(binary.messages) == 1
    multi_binary = await call(
        send_multi_binary_sms,
        body=SMSMultiBinaryRequest(
            messages=[
                SMSBinaryData(to="41793026751", binary=BinaryContent(hex_="0f c2 4a", data_coding=8)),
                SMSBinaryData(to=["41793026752", "41793026758"], binary=BinaryContent(hex_="41")),
            ]
        ),
    )
    assert len(multi_binary.messages) == 3
    # Advanced: client IDs kept, a callback with callbackData in the format asked for.
    bulk = f"bulk-{uuid.uuid4()}"
    own_id = f"msg-{uuid.uuid4()}"
    notify_type = "application/xml" if wire_format == "xml" else "application/json"
    advanced = await call(
        send_advanced_text_sms,
        body=SMSAdvancedTextualRequest(
            bulk_id=bulk,
            messages=[
                SMSAdvancedTextualMessage(
                    destinations=[SMSDestination(to="41793026761", message_id=own_id)],
                    from_="InfoSMS",
                    text="with a callback",
                    notify_url=f"{receiver.url}/dlr",
                    notify_content_type=notify_type,
                    callback_data="my-data",
                ),
                SMSAdvancedTextualMessage(
                    destinations=[SMSDestination(to="41793026763")], text="no callback"
                ),
            ],
        ),
    )
    assert advanced.bulk_id == bulk and advanced.messages[0].message_id == own_id
    duplicate = await call(
        send_advanced_text_sms,
        body=SMSAdvancedTextualRequest(
            messages=[
                SMSAdvancedTextualMessage(destinations=[SMSDestination(to="41793026761", message_id=own_id)])
            ]
        ),
    )
    assert sms_api.rejected_messages(duplicate) and duplicate.messages[0].status.id == 23

    # ---- the pushed delivery report -----------------------------------------------------------------------
    push = receiver.wait("/dlr")
    assert wire_format in push.content_type
    pushed = sms_api.parse_delivery_report(push.body, push.content_type)
    assert isinstance(pushed.results, list) and pushed.results[0].message_id == own_id
    assert pushed.results[0].callback_data == "my-data"
    assert pushed.results[0].status.group_name == "DELIVERED"

    # ---- delivery reports: final, then read once --------------------------------------------------------
    reports = await wait_for_reports(call, single.bulk_id, 2)
    assert {r.message_id for r in reports} == set(ids_of(single))
    assert all(r.status.group_name == "DELIVERED" for r in reports)
    again = await call(get_delivery_reports, bulk_id=single.bulk_id)
    assert isinstance(again.results, Unset) or again.results == []
    one = await call(
        get_delivery_reports, message_id=multi.messages[2].message_id
    )  # ends in 6: operator error
    one_results = one.results if not isinstance(one.results, Unset) else []
    if not one_results:
        one_results = await wait_for_reports(call, multi.bulk_id, 1)
    assert any(r.status.group_name == "UNDELIVERABLE" for r in one_results)
    limited = await call(get_delivery_reports, limit=1)
    assert len(limited.results if not isinstance(limited.results, Unset) else []) <= 1
    # The advanced report pushed to its notifyUrl is not served again here.
    pushed_again = await call(get_delivery_reports, message_id=own_id)
    assert isinstance(pushed_again.results, Unset) or pushed_again.results == []

    # ---- sent logs with every filter, repeatable ---------------------------------------------------------
    logs = await call(get_sent_sms_logs, bulk_id=[single.bulk_id, multi.bulk_id])
    assert {log.message_id for log in logs.results} == set(ids_of(single) + ids_of(multi))
    assert (await call(get_sent_sms_logs, bulk_id=[single.bulk_id])).results == (
        await call(get_sent_sms_logs, bulk_id=[single.bulk_id])
    ).results
    by_id = await call(get_sent_sms_logs, message_id=[own_id, ids_of(binary)[0]])
    assert {log.message_id for log in by_id.results} == {own_id, ids_of(binary)[0]}
    by_to = await call(get_sent_sms_logs, to="41793026741")
    assert [log.message_id for log in by_to.results] == ids_of(binary)
    by_from = await call(get_sent_sms_logs, from_="InfoSMS", limit=100)
    assert ids_of(single)[0] in {log.message_id for log in by_from.results}
    assert all(log.from_ == "InfoSMS" for log in by_from.results)
    delivered = await call(get_sent_sms_logs, general_status="DELIVERED", limit=100)
    assert set(ids_of(single)) <= {log.message_id for log in delivered.results}
    window = await call(get_sent_sms_logs, sent_since=start, sent_until=start + dt.timedelta(minutes=10))
    assert len(window.results) >= 10
    future = await call(get_sent_sms_logs, sent_since=start + dt.timedelta(hours=1))
    assert isinstance(future.results, Unset) or future.results == []
    assert len((await call(get_sent_sms_logs, limit=2)).results) == 2
    first = by_to.results[0]
    assert isinstance(first.mccmnc, str) and len(first.mccmnc) >= 5, first.mccmnc
    mcc, mnc = first.mccmnc[:3], first.mccmnc[3:]
    by_network = await call(get_sent_sms_logs, mcc=mcc, mnc=mnc, limit=100)
    assert first.message_id in {log.message_id for log in by_network.results}
    assert all(log.mccmnc == first.mccmnc for log in by_network.results)

    # ---- inbound messages: injected, pulled once, logged with every filter -------------------------------
    for text in ("HEY there", "no keyword here?"):
        injected = sandbox.admin(
            "POST", "/sandbox/inbound", json={"from": "38598111", "to": "13372", "text": text}
        )
        assert injected.status_code == 201, injected.text
    pulled = await call(get_received_sms)
    assert {m.text for m in pulled.results} == {"HEY there", "no keyword here?"}
    pulled_again = await call(get_received_sms)
    assert isinstance(pulled_again.results, Unset) or pulled_again.results == []
    mo_logs = await call(get_received_sms_logs, keyword="HEY", to="13372")
    assert [m.text for m in mo_logs.results] == ["HEY there"]
    assert mo_logs.results[0].clean_text == "there"
    mo_window = await call(
        get_received_sms_logs,
        received_since=start,
        received_until=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1),
        limit=1,
    )
    assert len(mo_window.results) == 1
    assert len((await call(get_received_sms_logs)).results) == 2

    # ---- Number Context: query, and notify with the result pushed -----------------------------------------
    query = await call(query_number_context, body=NCRequest(to=["41793026727", "3859851212"]))
    entries = query.results if not isinstance(query.results, Unset) else query.nc_results
    assert {e.to for e in entries} == {"41793026727", "3859851212"}
    notified = await call(
        notify_number_context,
        body=NCNotifyRequest(
            to=["41793026727"], notify_url=f"{receiver.url}/nc", notify_content_type=notify_type
        ),
    )
    assert notified.nc_results[0].status.group_name == "PENDING"
    nc_push = receiver.wait("/nc")
    result = sms_api.parse_number_context_result(nc_push.body, nc_push.content_type)
    pushed_entries = result.nc_results if not isinstance(result.nc_results, Unset) else result.results
    assert pushed_entries[0].to == "41793026727"

    # ---- the balance went down ---------------------------------------------------------------------------
    balance_after = (await call(get_account_balance)).balance
    assert balance_after < balance_before
