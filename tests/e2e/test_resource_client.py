"""The issue's program on SmsApi and AsyncSmsApi against a sandbox process: send to one and to several
numbers, wait for a delivered/undeliverable mix, read logs and balance, bulk-send 1,000 messages twice."""

from __future__ import annotations

from typing import Literal

import pytest

from sms_api import AsyncSmsApi, SmsApi, WaitTimeoutError
from sms_sandbox.process import PASSWORD, USERNAME, SandboxProcess

pytestmark = pytest.mark.e2e

NUMBERS = [f"4179{i:07d}" for i in range(1, 1001)]


@pytest.mark.parametrize("wire_format", ["json", "xml"])
def test_sync_journey(sandbox: SandboxProcess, wire_format: Literal["json", "xml"]) -> None:
    with SmsApi(sandbox.base_url, USERNAME, PASSWORD, wire_format=wire_format) as api:
        before = api.account.balance().balance
        one = api.sms.send_text("41793026727", "one", from_="InfoSMS")
        several = api.sms.send_text(["41793026721", "41793026726", "41793026728"], "several")
        assert several.bulk_id and len(several.messages) == 3
        ids = [one.messages[0].message_id, *(m.message_id for m in several.messages)]
        final = api.logs.wait_final(ids, timeout=20, poll_interval=0.1)
        assert list(final) == ids
        assert [final[i].status.group_name for i in ids] == [
            "DELIVERED",
            "DELIVERED",
            "UNDELIVERABLE",
            "UNDELIVERABLE",
        ]
        assert len(api.logs.list(bulk_id=several.bulk_id).results) == 3
        assert api.account.balance().balance < before

        bulk = api.sms.send_bulk(
            NUMBERS, "bulk", bulk_id=f"bulk-{wire_format}", batch_size=200, concurrency=3
        )
        assert bulk.ok and [m.to for m in bulk.messages] == NUMBERS
        assert not any(m.already_sent for m in bulk.messages)
        again = api.sms.send_bulk(
            NUMBERS, "bulk", bulk_id=f"bulk-{wire_format}", batch_size=200, concurrency=3
        )
        assert all(m.already_sent for m in again.messages)
        assert len(api.logs.list(bulk_id=f"bulk-{wire_format}", limit=1000).results) == 1000  # nothing twice

        pending = api.sms.send_text("41793026729", "stays pending")  # ends in 9: expires after 48 h
        with pytest.raises(WaitTimeoutError) as caught:
            api.logs.wait_final([pending.messages[0].message_id], timeout=0.5, poll_interval=0.1)
        assert caught.value.pending == (pending.messages[0].message_id,)


async def test_async_journey(sandbox: SandboxProcess) -> None:
    async with AsyncSmsApi(sandbox.base_url, USERNAME, PASSWORD) as api:
        sent = await api.sms.send_text(["41793026727", "41793026720"], "async")
        final = await api.logs.wait_final(
            [m.message_id for m in sent.messages], timeout=20, poll_interval=0.1
        )
        assert [log.status.group_name for log in final.values()] == ["DELIVERED", "UNDELIVERABLE"]
        bulk = await api.sms.send_bulk(iter(NUMBERS), "bulk", batch_size=250, concurrency=4)
        assert bulk.ok and len(bulk.messages) == 1000
        assert [m.index for m in bulk.messages] == list(range(1000))
        rerun = await api.sms.send_bulk(NUMBERS, "bulk", bulk_id=bulk.bulk_id, batch_size=250)
        assert sum(m.already_sent for m in rerun.messages) == 1000
        assert (await api.account.balance()).currency
