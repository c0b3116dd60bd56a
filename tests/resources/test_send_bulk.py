"""api.sms.send_bulk: client messageIds, bounded concurrency, input order, reruns send nothing twice."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from sms_api import BulkProgress, ServerError
from sms_api.workflows import message_id_for
from sms_api_client.models import SMSDestination
from sms_api_spec import OPERATIONS

from .conftest import api, async_api, body, send_answer

ADVANCED = OPERATIONS["send-advanced-text-sms"]["path"]


class Api:
    """The advanced endpoint with memory of message IDs; counts requests in flight; can fail some batches."""

    def __init__(self, fail_first_index: set[int] | None = None, delay: float = 0.0) -> None:
        self.seen: set[str] = set()
        self.requests: list[httpx.Request] = []
        self.fail = fail_first_index or set()
        self.delay = delay
        self.in_flight = self.most_in_flight = 0
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == ADVANCED
        with self.lock:
            self.requests.append(request)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
            first = body(request)["messages"][0]["destinations"][0]["messageId"]
            if int(first.rsplit("-", 1)[1]) in self.fail:
                return httpx.Response(500, json={"requestError": {"serviceException": {"text": "down"}}})
            with self.lock:
                return send_answer(request, self.seen)
        finally:
            with self.lock:
                self.in_flight -= 1


NUMBERS = [f"4179302{i:04d}" for i in range(23)]


def test_batches_carry_deterministic_ids_and_results_are_in_input_order() -> None:
    server = Api(delay=0.01)
    with api(server) as client:
        result = client.sms.send_bulk(NUMBERS, "Hi", from_="Shop", bulk_id="B", batch_size=5, concurrency=3)
    assert result.ok and result.bulk_id == "B"
    assert [m.to for m in result.messages] == NUMBERS
    assert (
        [m.message_id for m in result.messages]
        == [message_id_for("B", i) for i in range(23)]
        == [f"B-{i}" for i in range(23)]
    )
    assert [m.index for m in result.messages] == list(range(23))
    assert all(m.accepted and not m.already_sent and m.status is not None for m in result.messages)
    sent = [body(r) for r in server.requests]
    assert sorted(len(b["messages"][0]["destinations"]) for b in sent) == [3, 5, 5, 5, 5]
    assert {b["bulkId"] for b in sent} == {"B"}
    assert {b["messages"][0]["from"] for b in sent} == {"Shop"}
    assert 1 < server.most_in_flight <= 3


def test_a_rerun_sends_nothing_twice() -> None:
    server = Api()
    with api(server) as client:
        first = client.sms.send_bulk(NUMBERS, "Hi", bulk_id="B", batch_size=10)
        again = client.sms.send_bulk(NUMBERS, "Hi", bulk_id="B", batch_size=10)
    assert not any(m.already_sent for m in first.messages)
    assert all(m.already_sent and m.accepted for m in again.messages)
    assert again.rejected == []
    assert len(server.seen) == 23


def test_failed_batches_are_reported_and_a_rerun_finishes_the_job() -> None:
    server = Api(fail_first_index={5, 15})
    with api(server, max_retries=0) as client:
        result = client.sms.send_bulk(NUMBERS, "Hi", bulk_id="B", batch_size=5, concurrency=2)
        assert [e.first_index for e in result.errors] == [5, 15]
        assert result.errors[0].destinations == tuple(NUMBERS[5:10])
        assert result.errors[0].message_ids == tuple(f"B-{i}" for i in range(5, 10))
        assert isinstance(result.errors[0].exception, ServerError)
        assert [m.error is not None for m in result.messages] == [
            5 <= i < 10 or 15 <= i < 20 for i in range(23)
        ]
        server.fail.clear()
        rerun = client.sms.send_bulk(NUMBERS, "Hi", bulk_id=result.bulk_id, batch_size=5)
    assert rerun.ok
    assert [m.already_sent for m in rerun.messages] == [not (5 <= i < 10 or 15 <= i < 20) for i in range(23)]


def test_caller_ids_and_a_lazy_iterator() -> None:
    taken: list[int] = []

    def numbers() -> Iterator[str | SMSDestination]:
        for i in range(12):
            taken.append(i)
            yield SMSDestination(to=NUMBERS[i], message_id=f"own-{i}") if i % 2 else NUMBERS[i]

    progress: list[BulkProgress] = []
    with api(Api()) as client:
        result = client.sms.send_bulk(
            numbers(), "Hi", bulk_id="B", batch_size=4, concurrency=1, on_progress=progress.append
        )
    assert [m.message_id for m in result.messages[:4]] == ["B-0", "own-1", "B-2", "own-3"]
    assert [(p.done, p.batches_done, p.total) for p in progress] == [
        (4, 1, None),
        (8, 2, None),
        (12, 3, None),
    ]


def test_without_a_bulk_id_one_is_made_and_returned() -> None:
    with api(Api()) as client:
        result = client.sms.send_bulk(NUMBERS[:3], "Hi")
    assert result.bulk_id and result.message_ids == [f"{result.bulk_id}-{i}" for i in range(3)]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 10_001}, "batch_size"),
        ({"concurrency": 0}, "concurrency"),
        ({"bulk_id": " "}, "bulk_id"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], match: str) -> None:
    with api(Api()) as client, pytest.raises(ValueError, match=match):
        client.sms.send_bulk(NUMBERS, "Hi", **kwargs)  # type: ignore[arg-type]


def test_one_string_is_not_a_list_of_destinations() -> None:
    with api(Api()) as client, pytest.raises(TypeError, match="not one string"):
        client.sms.send_bulk("41793026727", "Hi")


async def test_async_bulk_bounded_ordered_and_rerunnable() -> None:
    server = Api(fail_first_index={10})
    async with async_api(server, max_retries=0) as client:
        result = await client.sms.send_bulk(NUMBERS, "Hi", bulk_id="A", batch_size=5, concurrency=2)
        assert [m.to for m in result.messages] == NUMBERS
        assert [e.first_index for e in result.errors] == [10]
        server.fail.clear()
        rerun = await client.sms.send_bulk(NUMBERS, "Hi", bulk_id="A", batch_size=5, concurrency=2)
    assert rerun.ok
    assert sum(m.already_sent for m in rerun.messages) == 18
