"""The cyclic-GC pause around large XML decodes is short, shared, and always gives the collector back."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator

import httpx
import pytest

from sms_api.gc_pause import PAUSE_FROM_BYTES, cyclic_gc_paused
from sms_api.xml_codec import XmlCodec

from .._xml_shapes import array, scalar, schema

LARGE = PAUSE_FROM_BYTES
SMALL = PAUSE_FROM_BYTES - 1


@pytest.fixture(autouse=True)
def collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_a_large_document_pauses_the_collector_and_gives_it_back() -> None:
    with cyclic_gc_paused(LARGE):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_small_document_leaves_the_collector_alone() -> None:
    with cyclic_gc_paused(SMALL):
        assert gc.isenabled()


def test_the_collector_comes_back_after_an_error() -> None:
    with pytest.raises(RuntimeError), cyclic_gc_paused(LARGE):
        raise RuntimeError("decode failed")
    assert gc.isenabled()


def test_a_collector_the_application_switched_off_stays_off() -> None:
    gc.disable()
    with cyclic_gc_paused(LARGE):
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_decodes_keep_the_pause_until_the_last_one_ends() -> None:
    first_in = threading.Event()
    second_done = threading.Event()
    seen_after_second: list[bool] = []

    def first() -> None:
        with cyclic_gc_paused(LARGE):
            first_in.set()
            second_done.wait(5)
            seen_after_second.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with cyclic_gc_paused(LARGE):
        assert not gc.isenabled()
    second_done.set()
    thread.join(5)
    assert seen_after_second == [False]  # the second decode ended first and did not switch it back on
    assert gc.isenabled()


def test_decoding_a_large_document_leaves_the_collector_on() -> None:
    shapes = {"Logs": schema("Logs", {"results": array("results", scalar("results"))})}
    codec = XmlCodec(shapes)
    document = b"<Logs><results>" + b"<results>x</results>" * (LARGE // 20 + 1) + b"</results></Logs>"
    assert len(document) >= LARGE
    assert len(codec.decode(document, "Logs")["results"]) == LARGE // 20 + 1
    assert gc.isenabled()


@pytest.mark.parametrize("wire_format", ["json", "xml"])
@pytest.mark.parametrize(
    ("entries", "paused"), [(3, False), (2_000, True)], ids=["small answer", "large answer"]
)
def test_the_models_of_a_large_answer_are_built_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch, wire_format: str, entries: int, paused: bool
) -> None:
    from sms_api import wire
    from sms_api_client.api.reports_and_logs import get_sent_sms_logs
    from sms_api_client.models import SMSLogsResponse

    from .._samples import sent_logs
    from .conftest import Server

    value = sent_logs(entries)
    body = (
        json.dumps(value).encode() if wire_format == "json" else wire.codec().encode(value, "SMSLogsResponse")
    )
    assert (len(body) >= PAUSE_FROM_BYTES) is paused
    media_type = f"application/{wire_format}"
    server = Server(lambda request: httpx.Response(200, content=body, headers={"Content-Type": media_type}))
    collector_on_while_building: list[bool] = []
    from_dict = SMSLogsResponse.from_dict.__func__  # type: ignore[attr-defined]

    def recording(cls: type[SMSLogsResponse], src: dict[str, object]) -> SMSLogsResponse:
        collector_on_while_building.append(gc.isenabled())
        return from_dict(cls, src)  # type: ignore[no-any-return]

    monkeypatch.setattr(SMSLogsResponse, "from_dict", classmethod(recording))
    answer = get_sent_sms_logs.sync(client=server.client(wire_format=wire_format))
    assert len(answer.results) == entries
    assert collector_on_while_building == [not paused] and gc.isenabled()
