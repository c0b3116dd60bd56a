"""connect(): auth, settings from the environment, User-Agent, the plain-http warning, reprs, timeouts."""

from __future__ import annotations

import asyncio
import base64
import logging
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from sms_api import DEFAULT_BASE_URL, USER_AGENT, ApiTimeoutError, SmsApiClient, connect
from sms_api_client.api.account import get_account_balance
from sms_api_client.client import AuthenticatedClient

from .conftest import BASE_URL, BASIC_TOKEN, PASSWORD, SECRETS, USERNAME, Server, call, reply

BALANCE = {"balance": 47.79, "currency": "EUR"}


def test_basic_auth_header_is_sent_as_utf8(mode: str) -> None:
    server = Server(reply(200, BALANCE))
    balance = call(mode, "get-account-balance", server.client())
    assert balance.balance == 47.79
    (request,) = server.requests
    assert request.headers["Authorization"] == f"Basic {BASIC_TOKEN}"
    assert base64.b64decode(BASIC_TOKEN).decode("utf-8").endswith("ünï")


def test_the_client_is_what_generated_operations_ask_for() -> None:
    assert issubclass(SmsApiClient, AuthenticatedClient)
    # The generated client authenticates as this API requires (Basic), never with a bearer token.
    assert not hasattr(AuthenticatedClient, "token") and not hasattr(Server().client(), "token")


def test_user_agent_names_sdk_and_python() -> None:
    server = Server(reply(200, BALANCE))
    get_account_balance.sync(client=server.client())
    assert server.requests[0].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("sms-api-sdk/") and " python/3." in USER_AGENT


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMS_API_BASE_URL", "https://env.example.test/")
    monkeypatch.setenv("SMS_API_USERNAME", "envuser")
    monkeypatch.setenv("SMS_API_PASSWORD", "envpass")
    server = Server(reply(200, BALANCE))
    client = connect(transport=httpx.MockTransport(server))
    get_account_balance.sync(client=client)
    request = server.requests[0]
    assert str(request.url) == "https://env.example.test/restapi/account/1/balance"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"envuser:envpass").decode()


def test_default_base_url_is_the_spec_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMS_API_BASE_URL", raising=False)
    client = connect(username="u", password="p")
    assert client.base_url == DEFAULT_BASE_URL == "http://107.20.199.106"


def test_missing_credentials_fail_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMS_API_USERNAME", raising=False)
    monkeypatch.delenv("SMS_API_PASSWORD", raising=False)
    with pytest.raises(ValueError, match="no credentials"):
        connect(BASE_URL)


def test_credentials_in_the_url_are_moved_to_the_auth_header() -> None:
    server = Server(reply(200, BALANCE))
    client = connect("https://bob:s3cr%C3%A9t@api.example.test", transport=httpx.MockTransport(server))
    assert "s3cr" not in repr(client) and "bob" not in client.base_url
    get_account_balance.sync(client=client)
    assert (
        server.requests[0].headers["Authorization"]
        == "Basic " + base64.b64encode("bob:s3crét".encode()).decode()
    )
    assert server.requests[0].url.userinfo == b""


@pytest.mark.parametrize(
    ("url", "username", "password"),
    [
        ("https://user:pa%2541ss@api.example.test", "user", "pa%41ss"),
        ("https://us%25er:p%40ss%3Aw@api.example.test", "us%er", "p@ss:w"),
        ("https://user:100%25@api.example.test", "user", "100%"),
    ],
)
def test_credentials_in_the_url_are_percent_decoded_exactly_once(
    url: str, username: str, password: str
) -> None:
    server = Server(reply(200, BALANCE))
    get_account_balance.sync(client=connect(url, transport=httpx.MockTransport(server)))
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    assert server.requests[0].headers["Authorization"] == f"Basic {token}"


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://107.20.199.106", True),
        ("http://api.example.test", True),
        ("https://api.example.test", False),
        ("http://localhost:8080", False),
        ("http://127.0.0.1:8080", False),
        ("http://[::1]:8080", False),
    ],
)
def test_one_warning_for_credentials_over_plain_http(
    url: str, warned: bool, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="sms_api"):
        connect(url, USERNAME, PASSWORD)
    warnings = [r for r in caplog.records if r.name == "sms_api" and r.levelno == logging.WARNING]
    assert len(warnings) == (1 if warned else 0)
    assert all(PASSWORD not in r.getMessage() for r in warnings)


def test_repr_and_str_carry_no_credentials() -> None:
    client = Server().client()
    text = repr(client) + str(client)
    assert "SmsApiClient(" in text
    for secret in (*SECRETS, USERNAME):
        assert secret not in text
    derived = client.with_timeout(3.0)
    assert all(secret not in repr(derived) for secret in SECRETS)


def test_default_timeout_is_explicit_and_never_unlimited() -> None:
    client = Server().client()
    assert client.timeout == httpx.Timeout(30.0, connect=5.0)
    with pytest.raises(ValueError):
        connect(BASE_URL, USERNAME, PASSWORD, timeout=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        connect(BASE_URL, USERNAME, PASSWORD, timeout=httpx.Timeout(None))


def test_timeout_reaches_the_request_and_with_timeout_leaves_the_original_alone(mode: str) -> None:
    server = Server(reply(200, BALANCE))
    client = server.client(timeout=7.0)
    call(mode, "get-account-balance", client.with_timeout(httpx.Timeout(1.5, connect=0.5)))
    call(mode, "get-account-balance", client)
    short, normal = (request.extensions["timeout"] for request in server.requests)
    assert short == {"connect": 0.5, "read": 1.5, "write": 1.5, "pool": 1.5}
    assert normal == {"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0}


def test_with_options_changes_only_the_derived_client() -> None:
    client = Server().client(max_retries=2)
    derived = client.with_options(max_retries=0, wire_format="xml", timeout=2)
    assert (derived.max_retries, derived.wire_format) == (0, "xml")
    assert (client.max_retries, client.wire_format) == (2, "json")


def test_context_manager_closes_connections_sync_and_async() -> None:
    server = Server(reply(200, BALANCE))
    with server.client() as client:
        get_account_balance.sync(client=client)
        http = client.get_httpx_client()
    assert http.is_closed

    async def run() -> httpx.AsyncClient:
        async with server.client() as aclient:
            await get_account_balance.asyncio(client=aclient)
            return aclient.get_async_httpx_client()

    assert asyncio.run(run()).is_closed


def test_a_derived_client_does_not_close_the_shared_pool() -> None:
    closed: list[str] = []

    class Inner(httpx.MockTransport):
        def close(self) -> None:
            closed.append("closed")

    server = Server(reply(200, BALANCE))
    client = connect(BASE_URL, USERNAME, PASSWORD, transport=Inner(server))
    with client.with_timeout(2.0) as derived:
        get_account_balance.sync(client=derived)
    assert closed == []
    with client:
        get_account_balance.sync(client=client)
    assert closed == ["closed"]


@pytest.fixture
def stalled_server() -> Iterator[str]:
    """A loopback server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_stalled_response_times_out_within_the_timeout(mode: str, stalled_server: str) -> None:
    client = connect(stalled_server, USERNAME, PASSWORD, timeout=0.3, max_retries=0)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError) as info:
        call(mode, "get-account-balance", client)
    elapsed = time.monotonic() - started
    assert 0.25 < elapsed < 2.0
    assert info.value.sent is True  # the request was written: a send must not be repeated
    assert isinstance(info.value, httpx.TimeoutException)


def test_a_stalled_read_is_retried_for_reads_with_the_per_call_timeout(stalled_server: str) -> None:
    sleeps: list[float] = []
    client = connect(stalled_server, USERNAME, PASSWORD, timeout=30, max_retries=1, sleep=sleeps.append)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        get_account_balance.sync(client=client.with_timeout(0.2))
    assert time.monotonic() - started < 2.0
    assert len(sleeps) == 1
