"""with_headers, with_cookies: a client that sends more, on the same connections; the original unchanged."""

from __future__ import annotations

import httpx

from sms_api import SmsApiClient, connect
from sms_api_client.api.account import get_account_balance

from .conftest import BASE_URL, BASIC_TOKEN, PASSWORD, USERNAME, Server, call, reply

BALANCE = {"balance": 47.79, "currency": "EUR"}


def test_with_headers_adds_to_the_clients_headers_and_leaves_it_alone(mode: str) -> None:
    server = Server(reply(200, BALANCE))
    client = server.client(headers={"X-Team": "ops", "X-Trace": "root"})
    derived = client.with_headers({"X-Trace": "call-7", "X-Extra": "1"})
    assert isinstance(derived, SmsApiClient)
    call(mode, "get-account-balance", derived)
    call(mode, "get-account-balance", client)
    more, original = (request.headers for request in server.requests)
    assert (more["X-Team"], more["X-Trace"], more["X-Extra"]) == ("ops", "call-7", "1")
    assert (original["X-Team"], original["X-Trace"], original.get("X-Extra")) == ("ops", "root", None)
    # The derived client is the same SDK client: Basic auth and its settings come along.
    assert more["Authorization"] == original["Authorization"] == f"Basic {BASIC_TOKEN}"
    assert (derived.wire_format, derived.max_retries, derived.timeout) == (
        client.wire_format,
        client.max_retries,
        client.timeout,
    )


def test_with_cookies_sends_them_from_the_derived_client_only(mode: str) -> None:
    server = Server(reply(200, BALANCE))
    client = server.client()
    derived = client.with_cookies({"session": "abc"}).with_cookies({"region": "eu"})
    call(mode, "get-account-balance", derived)
    call(mode, "get-account-balance", client)
    more, original = (request.headers for request in server.requests)
    assert sorted(more["Cookie"].split("; ")) == ["region=eu", "session=abc"]
    assert "Cookie" not in original


def test_clients_with_more_headers_or_cookies_leave_the_pool_to_the_root() -> None:
    closed: list[str] = []

    class Inner(httpx.MockTransport):
        def close(self) -> None:
            closed.append("closed")

    client = connect(BASE_URL, USERNAME, PASSWORD, transport=Inner(Server(reply(200, BALANCE))))
    for derived in (client.with_headers({"X-A": "1"}), client.with_cookies({"a": "1"})):
        with derived:
            get_account_balance.sync(client=derived)
    assert closed == []
    with client:
        get_account_balance.sync(client=client)
    assert closed == ["closed"]
