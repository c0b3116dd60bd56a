"""(2) Decoding a large get-sent-sms-logs response into the generated models, from JSON and from XML.

The body is prebuilt and served by an ``httpx.MockTransport`` under ``sms_api.connect``, so the measured path
is exactly what users get (the overlay transport: read, decode, type-check; then the generated ``from_dict``),
with no network and no server in the numbers.
"""

from __future__ import annotations

import gc
import json
import time
import tracemalloc
from collections.abc import Callable
from typing import Any, Literal

import httpx

import sms_api
from sms_api.wire import codec
from sms_api_client.api.reports_and_logs import get_sent_sms_logs
from sms_api_client.models import SMSLogsResponse
from tests._samples import sent_logs

from .harness import Result, interleaved, median


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


def _timed(fn: Callable[[], object]) -> Callable[[], float]:
    def block() -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    return block


def _peak(fn: Callable[[], object]) -> int:
    """Peak bytes allocated while ``fn`` runs and its result is alive (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        peak = tracemalloc.get_traced_memory()[1] - base
        del result
    finally:
        tracemalloc.stop()
    return peak


def _retained(fn: Callable[[], object]) -> int:
    """Bytes still allocated by ``fn``'s result after it returns (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        gc.collect()
        size = tracemalloc.get_traced_memory()[0] - base
        del result
    finally:
        tracemalloc.stop()
    return size


def run(*, entries: int, reps: int) -> list[Result]:
    json_body, xml_body = bodies(entries)
    json_client = sdk_client(json_body, "application/json")
    xml_client = sdk_client(xml_body, "application/xml")

    def sdk_json() -> SMSLogsResponse:
        answer = get_sent_sms_logs.sync(client=json_client, limit=entries)
        assert isinstance(answer, SMSLogsResponse) and len(answer.results or []) == entries
        return answer

    def sdk_xml() -> SMSLogsResponse:
        answer = get_sent_sms_logs.sync(client=xml_client, limit=entries)
        assert isinstance(answer, SMSLogsResponse) and len(answer.results or []) == entries
        return answer

    def loads() -> Any:
        return json.loads(json_body)

    assert sdk_json() == sdk_xml(), "the XML and JSON bodies must decode to the same models"
    a, b, r_json = interleaved(_timed(sdk_json), _timed(loads), reps=reps)
    x, j, r_xml = interleaved(_timed(sdk_xml), _timed(sdk_json), reps=reps)
    dicts = _retained(loads)
    peak_json = _peak(sdk_json)
    peak_xml = _peak(sdk_xml)
    mib = 1024 * 1024
    json_mib, xml_mib = len(json_body) / mib, len(xml_body) / mib
    size_note = f"{entries:,} entries; JSON body {json_mib:.1f} MiB, XML body {xml_mib:.1f} MiB"
    return [
        Result(
            id="2a",
            name=f"decode {entries:,} logs, SDK from JSON",
            value=median(a) * 1000,
            unit="ms",
            baseline_name="json.loads",
            baseline=median(b) * 1000,
            ratio=median(r_json),
            target=5.0,
            note=size_note,
            samples={"sdk_json_s": a, "json_loads_s": b, "ratios": r_json},
        ),
        Result(
            id="2b",
            name=f"decode {entries:,} logs, SDK from XML",
            value=median(x) * 1000,
            unit="ms",
            baseline_name="SDK JSON",
            baseline=median(j) * 1000,
            ratio=median(r_xml),
            target=2.0,
            note=size_note,
            samples={"sdk_xml_s": x, "sdk_json_s": j, "ratios": r_xml},
        ),
        Result(
            id="2c",
            name="peak memory, SDK from JSON",
            value=peak_json / mib,
            unit="MiB",
            baseline_name="decoded dicts",
            baseline=dicts / mib,
            ratio=peak_json / dicts,
            target=3.0,
            note="tracemalloc peak during the call (result kept) vs what json.loads' dicts retain",
        ),
        Result(
            id="2d",
            name="peak memory, SDK from XML",
            value=peak_xml / mib,
            unit="MiB",
            baseline_name="decoded dicts",
            baseline=dicts / mib,
            ratio=peak_xml / dicts,
            target=3.0,
            note="tracemalloc peak during the call (result kept) vs what json.loads' dicts retain",
        ),
    ]
