"""The generated resource methods send what the spec says and return the generated models."""

from __future__ import annotations

import datetime
import inspect

import httpx
import pytest

import sms_api_resources
from sms_api import SmsApi
from sms_api_client.models import SMSAdvancedTextualMessage, SMSDestination, SMSResponse, SMSTextualData
from sms_api_spec import OPERATIONS

from .conftest import ACCEPTED, api, async_api, body

SENT = {"messages": [{"to": "41793026727", "status": ACCEPTED, "smsCount": 1, "messageId": "m1"}]}


def recorder(answer: object = SENT) -> tuple[list[httpx.Request], httpx.MockTransport]:
    requests: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json=answer)

    return requests, httpx.MockTransport(handle)


def test_every_operation_of_the_spec_has_exactly_one_method() -> None:
    sources = inspect.getsource(sms_api_resources)
    for operation_id in OPERATIONS:
        assert sources.count(f"Operation ``{operation_id}``.") == 2, operation_id  # sync and async


@pytest.mark.parametrize(
    ("resource", "method"),
    [
        ("sms", "send_text"),
        ("sms", "send_text_messages"),
        ("sms", "send_binary"),
        ("sms", "send_binary_messages"),
        ("sms", "send_advanced"),
        ("reports", "pull"),
        ("logs", "list"),
        ("inbox", "pull"),
        ("inbox", "logs"),
        ("number_context", "query"),
        ("number_context", "notify"),
        ("account", "balance"),
    ],
)
def test_the_issue_s_method_names_exist_sync_and_async(resource: str, method: str) -> None:
    sync = getattr(getattr(SmsApi(BASE, "u", "p"), resource), method)
    assert callable(sync) and not inspect.iscoroutinefunction(sync)
    assert sync.__doc__ and "Raises:" in sync.__doc__
    from sms_api import AsyncSmsApi

    coroutine = getattr(getattr(AsyncSmsApi(BASE, "u", "p"), resource), method)
    assert inspect.iscoroutinefunction(coroutine)


BASE = "https://api.example.test"


def test_send_text_builds_the_textual_request() -> None:
    requests, transport = recorder()
    with SmsApi(BASE, "u", "p", transport=transport) as client:
        sent = client.sms.send_text("41793026727", "Hi", from_="InfoSMS")
        client.sms.send_text(("41793026727", "41793026731"), "Hi")
    assert isinstance(sent, SMSResponse)
    assert sent.messages[0].message_id == "m1"
    assert requests[0].url.path == OPERATIONS["send-single-text-sms"]["path"]
    assert body(requests[0]) == {"to": "41793026727", "text": "Hi", "from": "InfoSMS"}
    assert body(requests[1]) == {"to": ["41793026727", "41793026731"], "text": "Hi"}  # no `from`: left out


def test_send_binary_and_the_multi_sends_take_the_generated_models() -> None:
    from sms_api_client.models import BinaryContent, SMSBinaryData

    requests, transport = recorder()
    with SmsApi(BASE, "u", "p", transport=transport) as client:
        client.sms.send_binary("41793026727", BinaryContent(hex_="0f c2"))
        client.sms.send_text_messages([SMSTextualData(to="41793026727", text="a")])
        client.sms.send_binary_messages((SMSBinaryData(to="41793026727", binary=BinaryContent(hex_="0f")),))
    assert body(requests[0]) == {
        "to": "41793026727",
        "binary": {"hex": "0f c2", "dataCoding": 0, "esmClass": 0},
    }
    assert body(requests[1]) == {"messages": [{"to": "41793026727", "text": "a"}]}
    assert requests[2].url.path == OPERATIONS["send-multi-binary-sms"]["path"]


def test_send_advanced_takes_the_messages_and_the_bulk_id() -> None:
    requests, transport = recorder()
    message = SMSAdvancedTextualMessage(
        destinations=[SMSDestination(to="41793026727", message_id="x")], text="t"
    )
    with SmsApi(BASE, "u", "p", transport=transport) as client:
        client.sms.send_advanced([message], bulk_id="B")
    sent = body(requests[0])
    assert sent["bulkId"] == "B"
    assert sent["messages"][0]["destinations"] == [{"to": "41793026727", "messageId": "x"}]


def test_logs_list_sends_query_parameters_in_the_spec_s_names() -> None:
    requests, transport = recorder({"results": []})
    since = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    with SmsApi(BASE, "u", "p", transport=transport) as client:
        client.logs.list(from_="InfoSMS", bulk_id="b1", message_id=["m1", "m2"], sent_since=since, limit=5)
        client.logs.list()
    params = requests[0].url.params
    assert params["from"] == "InfoSMS"
    assert params["bulkId"] == "b1"
    assert params.get_list("messageId") == ["m1", "m2"]  # the generated function repeats the parameter
    assert datetime.datetime.fromisoformat(params["sentSince"]) == since
    assert params["limit"] == "5"
    assert requests[1].url.query == b""  # nothing given, nothing sent


def test_number_context_and_account() -> None:
    requests: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.method == "GET":
            return httpx.Response(200, json={"balance": 1.5, "currency": "EUR"})
        return httpx.Response(200, json={"ncResults": []})

    with SmsApi(BASE, "u", "p", transport=httpx.MockTransport(handle)) as client:
        balance = client.account.balance()
        client.number_context.notify(
            ["41793026727"], "https://example.test/nc", notify_content_type="application/xml"
        )
    assert (balance.balance, balance.currency) == (1.5, "EUR")
    assert body(requests[1]) == {
        "to": ["41793026727"],
        "notifyUrl": "https://example.test/nc",
        "notifyContentType": "application/xml",
    }


async def test_async_methods_send_the_same() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"results": []} if request.method == "GET" else SENT)

    async with async_api(handle) as client:
        sent = await client.sms.send_text(["41793026727"], "Hi")
        await client.inbox.logs(keyword="STOP", limit=3)
    assert sent.messages[0].message_id == "m1"
    assert body(seen[0]) == {"to": ["41793026727"], "text": "Hi"}
    assert seen[1].url.params["keyword"] == "STOP"


def test_errors_are_the_sdk_s() -> None:
    from sms_api import AuthenticationError

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, json={"requestError": {"serviceException": {"messageId": "UNAUTHORIZED", "text": "no"}}}
        )

    with api(handle) as client, pytest.raises(AuthenticationError):
        client.account.balance()
