"""api.logs.wait_final: polls the logs (never the reports) until every message is final, or names the rest."""

from __future__ import annotations

import httpx
import pytest

from sms_api import WaitTimeoutError
from sms_api_spec import OPERATIONS

from .conftest import DELIVERED, PENDING, UNDELIVERABLE, api, async_api

LOGS = OPERATIONS["get-sent-sms-logs"]["path"]


class Logs:
    """A logs endpoint where message i becomes final after ``rounds[i]`` polls; records every request."""

    def __init__(self, rounds: dict[str, int | None]) -> None:
        self.rounds = rounds
        self.polls: dict[str, int] = dict.fromkeys(rounds, 0)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert request.url.path == LOGS  # never the read-once reports
        results = []
        for mid in request.url.params.get_list("messageId"):
            self.polls[mid] += 1
            needed = self.rounds[mid]
            final = needed is not None and self.polls[mid] >= needed
            status = (UNDELIVERABLE if mid.endswith("8") else DELIVERED) if final else PENDING
            results.append(
                {
                    "messageId": mid,
                    "to": "41793026727",
                    "sentAt": "2026-01-02T03:04:05.000+0000",
                    "smsCount": 1,
                    "status": status,
                }
            )
        return httpx.Response(200, json={"results": results})


def test_returns_every_log_in_input_order_once_all_are_final() -> None:
    server = Logs({"a1": 1, "b8": 3, "c1": 2})
    with api(server) as client:
        final = client.logs.wait_final(["b8", "a1", "c1"], timeout=10, poll_interval=0.01)
    assert list(final) == ["b8", "a1", "c1"]
    assert final["b8"].status.group_name == "UNDELIVERABLE"
    assert final["a1"].status.group_name == "DELIVERED"
    # only the ones still pending are asked for again
    assert [r.url.params.get_list("messageId") for r in server.requests] == [
        ["b8", "a1", "c1"],
        ["b8", "c1"],
        ["b8"],
    ]


def test_timeout_names_the_ids_not_final() -> None:
    server = Logs({"a1": 1, "p9": None, "q9": None})
    with api(server) as client, pytest.raises(WaitTimeoutError) as caught:
        client.logs.wait_final(["p9", "a1", "q9"], timeout=0.05, poll_interval=0.01)
    assert caught.value.pending == ("p9", "q9")
    assert list(caught.value.final) == ["a1"]
    assert "p9" in str(caught.value) and "q9" in str(caught.value)
    assert isinstance(caught.value, TimeoutError)


def test_many_ids_are_asked_for_in_chunks() -> None:
    ids = [f"m{i}1" for i in range(250)]
    server = Logs(dict.fromkeys(ids, 1))
    with api(server) as client:
        assert len(client.logs.wait_final(ids, timeout=5, poll_interval=0.01)) == 250
    sizes = [len(r.url.params.get_list("messageId")) for r in server.requests]
    assert sizes == [100, 100, 50]
    assert [r.url.params["limit"] for r in server.requests] == ["100", "100", "50"]


def test_bad_arguments_are_refused() -> None:
    with api(Logs({})) as client:
        with pytest.raises(ValueError, match="empty"):
            client.logs.wait_final([], timeout=1)
        with pytest.raises(ValueError, match="timeout"):
            client.logs.wait_final(["a"], timeout=0)
        with pytest.raises(ValueError, match="poll_interval"):
            client.logs.wait_final(["a"], timeout=1, poll_interval=-1)


async def test_async_waits_the_same() -> None:
    server = Logs({"a1": 2, "p9": None})
    async with async_api(server) as client:
        assert list(await client.logs.wait_final("a1", timeout=5, poll_interval=0.01)) == ["a1"]
        with pytest.raises(WaitTimeoutError) as caught:
            await client.logs.wait_final(["a1", "p9"], timeout=0.05, poll_interval=0.01)
    assert caught.value.pending == ("p9",)
