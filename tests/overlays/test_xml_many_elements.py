"""A large XML answer made of a million empty elements is refused as what it is, not decoded for seconds.

The attack's body: 10 MiB of ``<results/>`` in a sent-SMS logs answer. The old SDK decoded every element into
an empty log and built a million models from them (16-24 s on this machine); each log lacks what the API
always sends, so the answer is not the spec's, and the first empty entry is where the SDK now says so. The
codec's own walk over such a body is linear (timings belong to ``make bench``, not here).
"""

from __future__ import annotations

import httpx
import pytest

from sms_api import ResponseDecodeError, connect
from sms_api_client.api.reports_and_logs import get_sent_sms_logs

ELEMENTS = 1_000_000


def _client(body: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"Content-Type": "application/xml"})
    )


def test_a_million_empty_log_entries_are_refused_at_the_first() -> None:
    body = b"<SMSLogsResponse><results>" + b"<results/>" * ELEMENTS + b"</results></SMSLogsResponse>"
    assert len(body) > 9 * 2**20
    with (
        connect("http://127.0.0.1:1", "u", "p", wire_format="xml", transport=_client(body)) as client,
        pytest.raises(ResponseDecodeError, match=r"results\[0\]/"),
    ):
        get_sent_sms_logs.sync(client=client)


def test_a_million_unknown_empty_elements_are_skipped_and_the_answer_is_still_checked() -> None:
    body = b"<SMSLogsResponse>" + b"<x/>" * ELEMENTS + b"</SMSLogsResponse>"
    with (
        connect("http://127.0.0.1:1", "u", "p", wire_format="xml", transport=_client(body)) as client,
        pytest.raises(ResponseDecodeError, match="results"),
    ):
        get_sent_sms_logs.sync(client=client)
