"""SmsApi / AsyncSmsApi: connect()'s arguments and environment, context managers, with_options, .client."""

from __future__ import annotations

import inspect

import httpx
import pytest

from sms_api import AsyncSmsApi, SmsApi, SmsApiClient, connect
from sms_api.api import ClientChanges, ConnectOptions
from sms_api_client.api.account import get_account_balance

from .conftest import BASE_URL, api


def balance_handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"balance": 2.0, "currency": "EUR"})


def test_connect_options_are_exactly_connect_s_keyword_arguments() -> None:
    keyword_only = {
        name
        for name, parameter in inspect.signature(connect).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }
    assert set(ConnectOptions.__annotations__) == keyword_only


def test_client_changes_are_exactly_with_options_s_arguments() -> None:
    names = set(inspect.signature(SmsApiClient.with_options).parameters) - {"self"}
    assert set(ClientChanges.__annotations__) == names


def test_arguments_and_environment_like_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMS_API_BASE_URL", "https://env.example.test")
    monkeypatch.setenv("SMS_API_USERNAME", "env-user")
    monkeypatch.setenv("SMS_API_PASSWORD", "env-secret")
    from_env = SmsApi(transport=httpx.MockTransport(balance_handler))
    assert from_env.client.base_url == "https://env.example.test"
    explicit = SmsApi("https://other.example.test", "u", "p", wire_format="xml", max_retries=0)
    assert (explicit.client.base_url, explicit.client.wire_format, explicit.client.max_retries) == (
        "https://other.example.test",
        "xml",
        0,
    )
    monkeypatch.delenv("SMS_API_USERNAME")
    with pytest.raises(ValueError, match="no credentials"):
        SmsApi()


def test_client_is_the_generated_client_compatible_escape_hatch() -> None:
    with api(balance_handler) as client:
        assert isinstance(client.client, SmsApiClient)
        assert get_account_balance.sync(client=client.client).currency == "EUR"


def test_with_options_shares_the_connections_and_leaves_the_original_alone() -> None:
    original = api(balance_handler, timeout=30)
    changed = original.with_options(timeout=5, wire_format="xml", max_retries=1)
    assert isinstance(changed, SmsApi)
    assert changed.client.timeout == httpx.Timeout(5)
    assert (changed.client.wire_format, changed.client.max_retries) == ("xml", 1)
    assert original.client.timeout == httpx.Timeout(30)
    assert original.client.wire_format == "json"
    changed.close()  # a derived api does not own the pool ...
    assert original.account.balance().balance == 2.0  # ... so the original still works
    original.close()


def test_context_manager_closes_the_client() -> None:
    with api(balance_handler) as client:
        client.account.balance()
        httpx_client = client.client.get_httpx_client()
    assert httpx_client.is_closed


def test_client_and_connect_arguments_are_exclusive() -> None:
    client = connect(BASE_URL, "u", "p")
    with pytest.raises(TypeError, match="either client="):
        SmsApi(BASE_URL, client=client)
    wrapped = SmsApi(client=client)
    wrapped.close()
    assert client.get_httpx_client().is_closed is False  # not its client: not closed


def test_repr_shows_no_credentials() -> None:
    text = repr(SmsApi(BASE_URL, "user", "very-secret"))
    assert "very-secret" not in text and text.startswith("SmsApi(SmsApiClient(")


async def test_async_context_manager_and_with_options() -> None:
    async with AsyncSmsApi(BASE_URL, "u", "p", transport=httpx.MockTransport(balance_handler)) as client:
        assert (await client.account.balance()).balance == 2.0
        faster = client.with_options(timeout=1)
        assert isinstance(faster, AsyncSmsApi)
        assert (await faster.account.balance()).currency == "EUR"
        async_httpx = client.client.get_async_httpx_client()
    assert async_httpx.is_closed
