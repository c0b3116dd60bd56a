"""``total_timeout``: validated, set per client and per call, and a wait that would outlast it is not started.

Trickling answers against the deadline are tested on real sockets in ``tests/e2e/test_hostile_server.py``.
"""

from __future__ import annotations

import asyncio
import math

import httpx
import pytest

from sms_api import (
    DEFAULT_TOTAL_TIMEOUT,
    ApiConnectionError,
    ApiTimeoutError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    connect,
)
from sms_api.deadline import Deadline

from .conftest import BASE_URL, PASSWORD, USERNAME, Server, call, reply

BALANCE = {"balance": 1.0, "currency": "EUR"}


def test_default_and_per_call_total_timeout() -> None:
    client = connect(BASE_URL, USERNAME, PASSWORD)
    assert client.total_timeout == DEFAULT_TOTAL_TIMEOUT == 300
    derived = client.with_options(total_timeout=7)
    assert derived.total_timeout == 7.0 and client.total_timeout == 300
    assert connect(BASE_URL, USERNAME, PASSWORD, total_timeout=2.5).total_timeout == 2.5
    # Other options leave it alone.
    assert derived.with_options(max_retries=0).total_timeout == 7.0


@pytest.mark.parametrize("value", [0, -1, math.inf, math.nan])
def test_total_timeout_must_be_positive_and_finite(value: float) -> None:
    with pytest.raises(ValueError, match="total_timeout must be a positive, finite number"):
        connect(BASE_URL, USERNAME, PASSWORD, total_timeout=value)
    with pytest.raises(ValueError, match="total_timeout"):
        connect(BASE_URL, USERNAME, PASSWORD).with_options(total_timeout=value)


@pytest.mark.parametrize("value", ["10", True])
def test_total_timeout_must_be_a_number(value: object) -> None:
    with pytest.raises(TypeError, match="total_timeout must be a number of seconds"):
        connect(BASE_URL, USERNAME, PASSWORD, total_timeout=value)  # type: ignore[arg-type]


def test_a_retry_after_beyond_the_deadline_is_not_waited_for(mode: str) -> None:
    server = Server(reply(503, retry_after="10"), reply(200, BALANCE))
    with pytest.raises(ServerError) as info:
        call(mode, "get-account-balance", server.client(total_timeout=5))
    assert info.value.retry_after == 10 and server.sleeps == [] and len(server.requests) == 1


def test_a_backoff_beyond_the_deadline_is_not_started(mode: str) -> None:
    server = Server(httpx.ConnectError("refused"), reply(200, BALANCE))
    policy = RetryPolicy(initial_backoff=4.0, jitter=lambda: 1.0)
    with pytest.raises(ApiConnectionError):
        call(mode, "get-account-balance", server.client(total_timeout=3, retry_policy=policy))
    assert server.sleeps == [] and len(server.requests) == 1


def test_waits_within_the_deadline_are_taken(mode: str) -> None:
    server = Server(reply(429, retry_after="2"), reply(200, BALANCE))
    call(mode, "get-account-balance", server.client(total_timeout=5))
    assert server.sleeps == [2.0] and len(server.requests) == 2
    with pytest.raises(RateLimitError):
        call(mode, "get-account-balance", Server(reply(429, retry_after="2")).client(total_timeout=1))


def test_each_attempt_timeouts_are_cut_to_the_time_left() -> None:
    clock = [100.0]
    deadline = Deadline(5.0, clock=lambda: clock[0])
    request = httpx.Request(
        "GET", BASE_URL, extensions={"timeout": {"connect": 5.0, "read": 30.0, "pool": None}}
    )
    clock[0] += 2.0
    deadline.clamp(request)
    assert request.extensions["timeout"] == {"connect": 3.0, "read": 3.0, "pool": 3.0}
    clock[0] += 10.0
    assert deadline.expired() and deadline.cut(30.0) == 0.001  # never 0: a socket would turn non-blocking


def test_a_timeout_that_fires_a_hair_before_the_deadline_is_the_deadlines() -> None:
    clock = [0.0]
    deadline = Deadline(3.0, clock=lambda: clock[0])
    clock[0] = 2.98  # an event loop's timer may fire this early
    assert deadline.ended(httpx.ReadTimeout("cut"))
    assert not deadline.ended(httpx.ConnectError("refused"))
    clock[0] = 1.0
    assert not deadline.ended(httpx.ReadTimeout("the attempt's own read timeout"))


def test_a_timeout_error_of_the_inner_transport_is_not_the_deadlines(mode: str) -> None:
    # Only the call's own cutoff is the total_timeout: an inner transport's TimeoutError reaches the caller
    # as it is, in both transports, after one attempt.
    server = Server(TimeoutError("the inner transport's own"), reply(200, BALANCE))
    with pytest.raises(TimeoutError, match="the inner transport's own") as info:
        call(mode, "get-account-balance", server.client(total_timeout=30))
    assert not isinstance(info.value, ApiTimeoutError)
    assert len(server.requests) == 1 and server.sleeps == []


def test_the_async_deadline_cutting_an_attempt_is_the_total_timeout() -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json=BALANCE)

    client = connect(BASE_URL, USERNAME, PASSWORD, transport=httpx.MockTransport(slow), total_timeout=0.05)
    with pytest.raises(ApiTimeoutError, match="total_timeout"):
        call("async", "get-account-balance", client)
