"""(2) Decoding a large get-sent-sms-logs response into the generated models, from JSON and from XML.

The body is prebuilt and served by an ``httpx.MockTransport`` under ``sms_api.connect``, so the measured path
is exactly what users get (the overlay transport: read, decode, type-check; then the generated ``from_dict``),
with no network and no server in the numbers.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Callable
from typing import Any, Literal

import httpx

import sms_api
from sms_api.wire import codec
from sms_api_client.api.reports_and_logs import get_sent_sms_logs
from sms_api_client.models import SMSLogsResponse
from tests._samples import sent_logs

from .harness import Result, interleaved, paired, per_call


def bodies(n: int) -> tuple[bytes, bytes]:
    value = sent_logs(n)
    return json.dumps(value).encode(), codec().encode(value, "SMSLogsResponse")


def sdk_client(body: bytes, content_type: str) -> sms_api.SmsApiClient:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": content_type}, content=body)

    wire: Literal["json", "xml"] = "xml" if "xml" in content_type else "json"
    return sms_api.connect(
        "http://127.0.0.1", "bench", "bench", wire_format=wire, transport=httpx.MockTransport(handler)
    )


def _traced(fn: Callable[[], object], *, peak: bool) -> int:
    """Bytes ``fn`` allocates (tracemalloc): the peak while it runs, its result kept (``peak``), or what its
    result still holds once it has returned."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        if not peak:
            gc.collect()
        size = tracemalloc.get_traced_memory()[1 if peak else 0] - base
        del result
    finally:
        tracemalloc.stop()
    return size


def run(*, entries: int, reps: int) -> list[Result]:
    json_body, xml_body = bodies(entries)
    json_client = sdk_client(json_body, "application/json")
    xml_client = sdk_client(xml_body, "application/xml")

    def decoder(client: sms_api.SmsApiClient) -> Callable[[], SMSLogsResponse]:
        def decode() -> SMSLogsResponse:
            answer = get_sent_sms_logs.sync(client=client, limit=entries)
            assert isinstance(answer, SMSLogsResponse) and len(answer.results or []) == entries
            return answer

        return decode

    sdk_json, sdk_xml = decoder(json_client), decoder(xml_client)

    def loads() -> Any:
        return json.loads(json_body)

    assert sdk_json() == sdk_xml(), "the XML and JSON bodies must decode to the same models"
    once_json, once_xml = per_call(sdk_json, 1), per_call(sdk_xml, 1)
    mib = 1024 * 1024
    json_mib, xml_mib = len(json_body) / mib, len(xml_body) / mib
    size_note = f"{entries:,} entries; JSON body {json_mib:.1f} MiB, XML body {xml_mib:.1f} MiB"
    rows = [
        paired(
            rid,
            f"decode {entries:,} logs, SDK from {wire}",
            interleaved(sdk, baseline, reps=reps),
            keys=keys,
            baseline_name=baseline_name,
            target=target,
            note=size_note,
        )
        for rid, wire, sdk, baseline, keys, baseline_name, target in (
            ("2a", "JSON", once_json, per_call(loads, 1), ("sdk_json_s", "json_loads_s"), "json.loads", 5.0),
            ("2b", "XML", once_xml, once_json, ("sdk_xml_s", "sdk_json_s"), "SDK JSON", 2.0),
        )
    ]
    dicts = _traced(loads, peak=False)
    for rid, wire, decode in (("2c", "JSON", sdk_json), ("2d", "XML", sdk_xml)):
        peak = _traced(decode, peak=True)
        rows.append(
            Result(
                id=rid,
                name=f"peak memory, SDK from {wire}",
                value=peak / mib,
                unit="MiB",
                baseline_name="decoded dicts",
                baseline=dicts / mib,
                ratio=peak / dicts,
                target=3.0,
                note="tracemalloc peak during the call (result kept) vs what json.loads' dicts retain",
            )
        )
    return rows
