"""The httpx clients under ``SmsApiClient`` (``sms_api.httpx_clients``): what they take out of each request
(the JSON encoded for XML only to be parsed back, a second request, merging the URL again, extracting cookies
from an answer that sets none) changes nothing a caller or the server sees."""

from __future__ import annotations

import json
from http.cookiejar import CookieJar
from typing import Any

import httpx
import pytest

from sms_api.transport import BODY_EXTENSION
from sms_api_client.api.account import get_account_balance
from sms_api_client.models import SMSAdvancedTextualRequest, SMSTextualRequest
from sms_api_client.types import OPERATION_EXTENSION

from .conftest import BASE_URL, Server, call, reply

BALANCE = {"balance": 1.0, "currency": "EUR"}
ACCEPTED = {"groupId": 1, "groupName": "PENDING", "id": 7, "name": "PENDING_ENROUTE", "description": "sent"}
SENT = {"messages": [{"to": "41793026727", "status": ACCEPTED, "smsCount": 1, "messageId": "m1"}]}
TEXT = SMSTextualRequest(from_="InfoSMS", to="41793026727", text="Hi")


def _advanced(*message_ids: str | None) -> SMSAdvancedTextualRequest:
    destinations: list[dict[str, Any]] = [
        {"to": f"4179302672{i}"} | ({"messageId": m} if m else {}) for i, m in enumerate(message_ids)
    ]
    return SMSAdvancedTextualRequest.from_dict(
        {"messages": [{"from": "InfoSMS", "destinations": destinations, "text": "Hi"}]}
    )


def test_an_xml_body_is_written_once_from_the_models_value(mode: str) -> None:
    server = Server(reply(200, SENT))
    call(mode, "send-single-text-sms", server.client(wire_format="xml"), body=TEXT)
    (request,) = server.requests
    assert request.headers.get_list("content-type") == ["application/xml"]
    assert request.headers["accept"] == "application/xml"
    assert request.read().startswith(b"<?xml") and b"<to><to>41793026727</to></to>" in request.content
    assert int(request.headers["content-length"]) == len(request.content)
    assert request.extensions[BODY_EXTENSION] == TEXT.to_dict()


def test_a_json_body_goes_out_as_httpx_writes_it(mode: str) -> None:
    server = Server(reply(200, SENT))
    call(mode, "send-single-text-sms", server.client(), body=TEXT)
    (request,) = server.requests
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.read()) == TEXT.to_dict()


def test_an_xml_advanced_send_with_client_ids_is_retried_with_the_same_body(mode: str) -> None:
    server = Server(reply(503), httpx.ReadTimeout("x"), reply(200, SENT))
    call(mode, "send-advanced-text-sms", server.client(wire_format="xml"), body=_advanced("id-1", "id-2"))
    assert len(server.requests) == 3
    assert len({request.content for request in server.requests}) == 1
    assert b"<messageId>id-1</messageId>" in server.requests[0].content


def test_assigned_message_ids_are_in_the_xml_and_make_it_retry_safe(mode: str) -> None:
    server = Server(reply(502), reply(200, SENT))
    client = server.client(wire_format="xml", assign_message_ids=True)
    call(mode, "send-advanced-text-sms", client, body=_advanced(None, "mine"))
    first, second = (request.read() for request in server.requests)
    assert first == second and first.count(b"<messageId>") == 2 and b"<messageId>mine</messageId>" in first


def test_a_request_built_without_the_sdk_client_is_still_written_as_xml() -> None:
    server = Server(reply(200, SENT))
    client = server.client(wire_format="xml")
    request = httpx.Request(
        "POST", f"{BASE_URL}/restapi/sms/1/text/single", json=TEXT.to_dict(), headers={"Authorization": "x"}
    )
    client.get_httpx_client().send(request)
    (sent,) = server.requests
    assert sent.headers["content-type"] == "application/xml" and b"<text>Hi</text>" in sent.read()


def test_cookies_a_response_sets_are_sent_back() -> None:
    server = Server(reply(200, BALANCE, set_cookie="session=abc; Path=/"), reply(200, BALANCE))
    client = server.client()
    get_account_balance.sync(client=client)
    get_account_balance.sync(client=client)
    assert "cookie" not in server.requests[0].headers
    assert server.requests[1].headers["cookie"] == "session=abc"
    assert client.get_httpx_client().cookies["session"] == "abc"


def test_cookies_set_on_the_httpx_client_later_are_still_kept_from_responses() -> None:
    server = Server(reply(200, BALANCE, set_cookie="b=2"), reply(200, BALANCE))
    client = server.client()
    client.get_httpx_client().cookies = {"a": "1"}
    get_account_balance.sync(client=client)
    get_account_balance.sync(client=client)
    assert server.requests[0].headers["cookie"] == "a=1"
    assert sorted(server.requests[1].headers["cookie"].split("; ")) == ["a=1", "b=2"]


def test_the_url_follows_a_new_base_url() -> None:
    server = Server(reply(200, BALANCE))
    client = server.client()
    get_account_balance.sync(client=client)
    client.get_httpx_client().base_url = httpx.URL("https://other.example.test/prefix")
    get_account_balance.sync(client=client)
    assert [str(r.url) for r in server.requests] == [
        f"{BASE_URL}/restapi/account/1/balance",
        "https://other.example.test/prefix/restapi/account/1/balance",
    ]


def test_a_cookie_jar_passed_in_keeps_receiving_the_cookies_responses_set() -> None:
    jar = CookieJar()
    server = Server(reply(200, BALANCE, set_cookie="session=abc; Path=/"), reply(200, BALANCE))
    client = server.client(httpx_args={"cookies": jar})
    get_account_balance.sync(client=client)
    assert [cookie.name for cookie in jar] == ["session"]  # the caller's own jar, as with httpx.Client
    get_account_balance.sync(client=client)
    assert server.requests[1].headers["cookie"] == "session=abc"


@pytest.mark.parametrize(
    "headers",
    [[("X-Trace", "t1")], {"content-type": "application/json", "X-Trace": "t1"}],
    ids=["list of pairs", "lowercase content-type"],
)
def test_an_xml_body_gets_one_content_type_whatever_form_the_headers_take(headers: Any) -> None:
    server = Server(reply(200, SENT))
    client = server.client(wire_format="xml")
    request = client.get_httpx_client().build_request(
        "POST",
        "/restapi/sms/1/text/single",
        json=TEXT.to_dict(),
        headers=headers,
        extensions={OPERATION_EXTENSION: "send-single-text-sms"},
    )
    assert request.headers.get_list("content-type") == ["application/xml"]
    assert request.headers["x-trace"] == "t1" and b"<text>Hi</text>" in request.read()
