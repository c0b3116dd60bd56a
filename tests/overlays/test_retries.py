"""Retry policy: reads are retried, sends never duplicated, advanced sends with client IDs are retried."""

from __future__ import annotations

import email.utils
import math
import time

import httpx
import pytest

from sms_api import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    assign_message_ids,
    connect,
)
from sms_api.retry import parse_retry_after
from sms_api.routing import find_route, has_client_message_ids, retry_class
from sms_api_client.models import SMSAdvancedTextualRequest, SMSTextualRequest
from sms_api_spec import OPERATIONS

from .._samples import status
from .conftest import PASSWORD, USERNAME, Server, call, reply

BALANCE = {"balance": 1.0, "currency": "EUR"}
ACCEPTED = status(7)  # PENDING_ENROUTE
SENT = {"messages": [{"to": "41793026727", "status": ACCEPTED, "smsCount": 1, "messageId": "m1"}]}
TEXT = SMSTextualRequest(from_="InfoSMS", to="41793026727", text="Hi")


def advanced(*message_ids: str | None) -> SMSAdvancedTextualRequest:
    destinations = [
        {"to": f"4179302672{i}"} | ({"messageId": m} if m else {}) for i, m in enumerate(message_ids)
    ]
    return SMSAdvancedTextualRequest.from_dict(
        {"messages": [{"from": "InfoSMS", "destinations": destinations, "text": "Hi"}]}
    )


def test_policy_comes_from_the_operation_table() -> None:
    reads = {op for op, row in OPERATIONS.items() if row["retry"] == "safe"}
    sends = {op for op, row in OPERATIONS.items() if row["retry"] == "never"}
    assert "get-delivery-reports" in reads and "send-single-text-sms" in sends
    for op, row in OPERATIONS.items():
        route = find_route(row["method"], "/prefix" + row["path"])
        assert route is not None and route.operation_id == op
        assert retry_class(route, None) == ("safe" if row["retry"] == "safe" else "never")
    assert find_route("GET", "/restapi/unknown") is None
    assert retry_class(None, None) == "never"


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_reads_are_retried_on_retryable_statuses(mode: str, status: int) -> None:
    server = Server(reply(status), reply(status), reply(200, BALANCE))
    balance = call(mode, "get-account-balance", server.client(max_retries=2))
    assert balance.balance == 1.0
    assert len(server.requests) == 3 and len(server.sleeps) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 500, 501])
def test_other_statuses_are_not_retried(mode: str, status: int) -> None:
    server = Server(reply(status))
    with pytest.raises(ApiStatusError):  # which subclass is tested in test_errors
        call(mode, "get-account-balance", server.client(max_retries=3))
    assert len(server.requests) == 1


def test_retries_stop_after_max_retries(mode: str) -> None:
    server = Server(reply(503))
    with pytest.raises(ServerError):
        call(mode, "get-delivery-reports", server.client(max_retries=3))
    assert len(server.requests) == 4 and len(server.sleeps) == 3


def test_max_retries_zero_disables_retries(mode: str) -> None:
    server = Server(httpx.ConnectError("refused"))
    with pytest.raises(ApiConnectionError):
        call(mode, "get-account-balance", server.client(max_retries=0))
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "exc",
    [httpx.ConnectError("x"), httpx.ReadTimeout("x"), httpx.ReadError("x"), httpx.RemoteProtocolError("x")],
)
def test_reads_are_retried_on_transport_failures(mode: str, exc: Exception) -> None:
    server = Server(exc, reply(200, BALANCE))
    assert call(mode, "get-account-balance", server.client()).currency == "EUR"
    assert len(server.requests) == 2


def test_exponential_backoff_with_jitter() -> None:
    policy = RetryPolicy(max_retries=5, initial_backoff=0.5, max_backoff=3.0, jitter=lambda: 1.0)
    assert [policy.backoff(n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    half = RetryPolicy(initial_backoff=0.5, jitter=lambda: 0.5)
    assert half.backoff(1) == 0.5
    server = Server(reply(503))
    with pytest.raises(ServerError):
        call("sync", "get-account-balance", server.client(retry_policy=policy))
    assert server.sleeps == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_default_jitter_varies_the_wait() -> None:
    waits = {RetryPolicy().backoff(2) for _ in range(20)}
    assert len(waits) > 1 and all(0 <= w <= 2.0 for w in waits)


def test_retry_after_seconds_is_honoured(mode: str) -> None:
    server = Server(reply(429, retry_after="7"), reply(200, BALANCE))
    call(mode, "get-account-balance", server.client())
    assert server.sleeps == [7.0]


def test_retry_after_http_date_is_honoured(mode: str) -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    server = Server(reply(503, retry_after=when), reply(200, BALANCE))
    call(mode, "get-account-balance", server.client())
    assert len(server.sleeps) == 1 and 17 <= server.sleeps[0] <= 20


def test_retry_after_over_the_cap_is_not_waited_for(mode: str) -> None:
    server = Server(reply(429, retry_after="3600"), reply(200, BALANCE))
    with pytest.raises(RateLimitError) as info:
        call(mode, "get-account-balance", server.client(retry_policy=RetryPolicy(max_retry_after=60)))
    assert info.value.retry_after == 3600 and server.sleeps == [] and len(server.requests) == 1


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("5", 5.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("-3", None),
        ("-0.001", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
        ("inf", math.inf),
        ("1e309", math.inf),
        ("9" * 400, math.inf),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value) == seconds


def test_parse_retry_after_date_in_the_past_is_unusable() -> None:
    # A date in the past is no reason to come back at once: the caller backs off as usual.
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None


@pytest.mark.parametrize("value", ["-3", "-1e308", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_retry_after_negative_or_in_the_past_backs_off_as_usual(mode: str, value: str) -> None:
    server = Server(reply(503, retry_after=value), reply(200, BALANCE))
    policy = RetryPolicy(initial_backoff=0.5, jitter=lambda: 0.5)
    call(mode, "get-account-balance", server.client(retry_policy=policy))
    assert server.sleeps == [0.25] and len(server.requests) == 2


@pytest.mark.parametrize("value", ["inf", "1e309", "Infinity"])
def test_infinite_retry_after_is_longer_than_any_cap(mode: str, value: str) -> None:
    server = Server(reply(429, retry_after=value), reply(200, BALANCE))
    with pytest.raises(RateLimitError) as info:
        call(mode, "get-account-balance", server.client())
    assert info.value.retry_after == math.inf and server.sleeps == [] and len(server.requests) == 1


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_sends_are_never_repeated_after_a_status(mode: str, status: int) -> None:
    server = Server(reply(status, retry_after="1"), reply(200, SENT))
    with pytest.raises((ServerError, RateLimitError)):
        call(mode, "send-single-text-sms", server.client(max_retries=5), body=TEXT)
    assert len(server.requests) == 1 and server.sleeps == []


@pytest.mark.parametrize(
    "exc",
    [httpx.ReadTimeout("x"), httpx.WriteTimeout("x"), httpx.ReadError("x"), httpx.RemoteProtocolError("x")],
)
def test_sends_are_never_repeated_when_the_request_may_have_left(mode: str, exc: Exception) -> None:
    server = Server(exc, reply(200, SENT))
    with pytest.raises(ApiConnectionError) as info:
        call(mode, "send-single-text-sms", server.client(max_retries=5), body=TEXT)
    assert info.value.sent is True
    assert len(server.requests) == 1


@pytest.mark.parametrize("exc", [httpx.ConnectError("x"), httpx.ConnectTimeout("x"), httpx.PoolTimeout("x")])
def test_sends_are_repeated_when_the_request_never_left(mode: str, exc: Exception) -> None:
    server = Server(exc, reply(200, SENT))
    response = call(mode, "send-single-text-sms", server.client(max_retries=2), body=TEXT)
    assert response.messages[0].to == "41793026727"
    assert len(server.requests) == 2


@pytest.mark.parametrize("operation", sorted(op for op, row in OPERATIONS.items() if row["retry"] == "never"))
def test_no_never_operation_is_repeated_after_a_read_timeout(operation: str) -> None:
    route = find_route(OPERATIONS[operation]["method"], OPERATIONS[operation]["path"])
    assert retry_class(route, {"messages": [{"destinations": [{"messageId": "x"}]}]}) == "never"
    assert RetryPolicy().after_exception(httpx.ReadTimeout("x"), "never", 0) is None
    assert RetryPolicy().after_status(503, None, "never", 0) is None


def test_advanced_send_with_client_ids_is_retried(mode: str) -> None:
    server = Server(reply(503), httpx.ReadTimeout("x"), reply(200, SENT))
    call(mode, "send-advanced-text-sms", server.client(max_retries=2), body=advanced("id-1", "id-2"))
    assert len(server.requests) == 3
    bodies = {request.content for request in server.requests}
    assert len(bodies) == 1  # the same IDs every time: the server's duplicate check makes this safe


@pytest.mark.parametrize("ids", [(None,), ("id-1", None), ("id-1", "  ")])
def test_advanced_send_without_every_client_id_is_not_retried(mode: str, ids: tuple[str | None, ...]) -> None:
    server = Server(httpx.ReadTimeout("x"), reply(200, SENT))
    with pytest.raises(ApiTimeoutError):
        call(mode, "send-advanced-text-sms", server.client(max_retries=2), body=advanced(*ids))
    assert len(server.requests) == 1


def test_assign_message_ids_makes_an_advanced_send_retry_safe(mode: str) -> None:
    request = assign_message_ids(advanced(None, "mine"))
    ids = [d.message_id for d in request.messages[0].destinations]
    assert ids[1] == "mine" and len(str(ids[0])) == 36
    assert has_client_message_ids(request.to_dict())
    server = Server(httpx.ReadTimeout("x"), reply(200, SENT))
    call(mode, "send-advanced-text-sms", server.client(), body=request)
    assert len(server.requests) == 2


def test_assign_message_ids_connect_option(mode: str) -> None:
    server = Server(reply(502), reply(200, SENT))
    call(mode, "send-advanced-text-sms", server.client(assign_message_ids=True), body=advanced(None, None))
    assert len(server.requests) == 2
    first, second = (request.read() for request in server.requests)
    assert first == second and first.count(b'"messageId"') == 2


def test_assign_message_ids_on_a_dict() -> None:
    body = {"messages": [{"destinations": [{"to": "1"}, {"to": "2", "messageId": "keep"}]}]}
    assign_message_ids(body, new_id=lambda: "new")
    assert [d["messageId"] for d in body["messages"][0]["destinations"]] == ["new", "keep"]


def test_an_explicit_max_retries_overrides_the_policy_even_when_it_equals_the_default() -> None:
    policy = RetryPolicy(max_retries=5)
    url, user, password = "https://sms.example", USERNAME, PASSWORD
    assert connect(url, user, password, retry_policy=policy).max_retries == 5
    assert connect(url, user, password, retry_policy=policy, max_retries=2).max_retries == 2
    assert connect(url, user, password).max_retries == 2
