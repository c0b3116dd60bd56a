"""The cyclic-GC pause around large XML decodes is short, shared, and always gives the collector back."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

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
