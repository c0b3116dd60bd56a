"""Every failure becomes its typed error, from sync and asyncio alike; nothing returns None."""

from __future__ import annotations

import json

import httpx
import pytest

import sms_api
from sms_api import errors
from sms_api_client.models import SMSTextualRequest

from .._samples import delivered_status
from .conftest import SECRETS, Server, call, reply

UNAUTHORIZED_JSON = {
    "requestError": {"serviceException": {"messageId": "UNAUTHORIZED", "text": "Invalid login"}}
}
UNAUTHORIZED_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<requestError>\n  <serviceException>\n'
    b"    <messageId>UNAUTHORIZED</messageId>\n    <text>Invalid login</text>\n  </serviceException>\n"
    b"</requestError>\n"
)
BODY = SMSTextualRequest(from_="InfoSMS", to="41793026727", text="Hi")


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, sms_api.BadRequestError),
        (401, sms_api.AuthenticationError),
        (403, sms_api.PermissionDeniedError),
        (404, sms_api.NotFoundError),
        (429, sms_api.RateLimitError),
        (500, sms_api.ServerError),
        (502, sms_api.ServerError),
        (503, sms_api.ServerError),
        (504, sms_api.ServerError),
        (409, sms_api.UnexpectedStatusError),
        (418, sms_api.UnexpectedStatusError),
        (301, sms_api.UnexpectedStatusError),
        (201, sms_api.UnexpectedStatusError),
        (204, sms_api.UnexpectedStatusError),
    ],
)
def test_status_classes(mode: str, status: int, cls: type[sms_api.ApiStatusError]) -> None:
    server = Server(reply(status, UNAUTHORIZED_JSON, x_request_id="abc"))
    with pytest.raises(cls) as info:
        call(mode, "send-single-text-sms", server.client(max_retries=0), body=BODY)
    error = info.value
    assert (
        type(error) is cls
        and isinstance(error, sms_api.ApiStatusError)
        and isinstance(error, sms_api.SmsApiError)
    )
    assert error.status_code == status
    assert (error.message_id, error.text) == ("UNAUTHORIZED", "Invalid login")
    assert error.headers["x-request-id"] == "abc"
    assert json.loads(error.body) == UNAUTHORIZED_JSON
    assert "UNAUTHORIZED" in str(error) and str(status) in str(error)


@pytest.mark.parametrize("detailed", [False, True])
def test_errors_come_from_detailed_functions_too(mode: str, detailed: bool) -> None:
    server = Server(reply(401, UNAUTHORIZED_JSON))
    with pytest.raises(sms_api.AuthenticationError):
        call(mode, "get-account-balance", server.client(), detailed=detailed)


def test_service_exception_is_read_from_xml(mode: str) -> None:
    server = Server(reply(400, UNAUTHORIZED_XML, content_type="application/xml"))
    with pytest.raises(sms_api.BadRequestError) as info:
        call(mode, "get-account-balance", server.client(wire_format="xml"))
    assert (info.value.message_id, info.value.text) == ("UNAUTHORIZED", "Invalid login")
    assert info.value.body == UNAUTHORIZED_XML


@pytest.mark.parametrize(
    "body",
    [b"<html><body>502 Bad Gateway</body></html>", b"", b'{"requestError": ', b"\xff\xfe garbage"],
)
def test_error_status_with_an_unreadable_body_still_gives_the_status_error(mode: str, body: bytes) -> None:
    server = Server(reply(500, body, content_type="text/html"))
    with pytest.raises(sms_api.ServerError) as info:
        call(mode, "get-account-balance", server.client(max_retries=0))
    assert (info.value.message_id, info.value.text, info.value.body) == (None, None, body)


HTML_PAGE = b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    b"<AccountBalance><currency>&lol2;</currency></AccountBalance>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b"<AccountBalance><currency>&x;</currency></AccountBalance>"
)


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (HTML_PAGE, "text/html", "Content-Type 'text/html'"),
        (HTML_PAGE, "application/json", "malformed JSON"),
        (b'{"balance": 47.79, "curr', "application/json", "malformed JSON"),
        (b"<AccountBalance><balance>47.79</balance><curr", "application/xml", "bad XML"),
        (b'{"balance": 47.79}', None, "Content-Type 'none'"),
        (b'{"balance": 47.79}', "text/plain", "Content-Type 'text/plain'"),
        (b'{"balance": "47.79", "currency": "EUR"}', "application/json", "balance: expected a number"),
        (b'{"balance": true, "currency": "EUR"}', "application/json", "balance: expected a number"),
        (b'{"balance": 47.79}', "application/json", "currency: required property is missing"),
        (b'{"balance": 47.79, "currency": null}', "application/json", "currency: required property is null"),
        (
            b"<AccountBalance><balance>47.79</balance></AccountBalance>",
            "application/xml",
            "currency: required",
        ),
        (b'{"balance": NaN}', "application/json", "malformed JSON"),
        (b"[1, 2]", "application/json", "expected an object"),
        (
            b"<AccountBalance><balance>lots</balance><currency>EUR</currency></AccountBalance>",
            "application/xml",
            "not a number",
        ),
        (BILLION_LAUGHS, "application/xml", "refused XML"),
        (EXTERNAL_ENTITY, "application/xml", "refused XML"),
        (b"<a>" * 100 + b"</a>" * 100, "application/xml", "refused XML"),
        (
            "<?xml version='1.0' encoding='UTF-16'?><AccountBalance/>".encode("utf-16"),
            "application/xml",
            "refused",
        ),
    ],
)
def test_unreadable_success_bodies_raise_response_decode_error(
    mode: str, body: bytes, content_type: str | None, reason: str
) -> None:
    server = Server(reply(200, body, content_type=content_type))
    with pytest.raises(sms_api.ResponseDecodeError) as info:
        call(mode, "get-account-balance", server.client())
    assert reason in str(info.value)
    assert info.value.status_code == 200 and info.value.body == body
    assert len(server.requests) == 1  # a decode error is not retried


DELIVERED = delivered_status()
LOG = {"messageId": "m1", "to": "41793026727", "sentAt": "2015-02-23T17:41:11.833+0100", "smsCount": 1}


def test_wrong_types_deep_in_a_list_are_named_by_path(mode: str) -> None:
    logs = {"results": [LOG | {"status": DELIVERED}, LOG | {"status": DELIVERED | {"groupId": "5"}}]}
    server = Server(reply(200, logs))
    with pytest.raises(
        sms_api.ResponseDecodeError, match=r"results\[1\]/status/groupId: expected an integer"
    ):
        call(mode, "get-sent-sms-logs", server.client())


def test_malformed_date_is_a_decode_error_not_a_crash(mode: str) -> None:
    logs = {"results": [{"sentAt": "yesterday"}]}
    server = Server(reply(200, logs))
    with pytest.raises(sms_api.ResponseDecodeError, match=r"results\[0\]/sentAt: 'yesterday' is not a date"):
        call(mode, "get-sent-sms-logs", server.client())


def test_unknown_properties_and_null_scalars_are_accepted(mode: str) -> None:
    server = Server(reply(200, {"balance": 1.5, "currency": "EUR", "vip": {"level": 3}}))
    balance = call(mode, "get-account-balance", server.client())
    assert balance.balance == 1.5 and balance.additional_properties == {"vip": {"level": 3}}
    # null is accepted for a scalar the API may leave out, never for one it always sends (test above).
    server = Server(reply(200, {"results": [LOG | {"status": DELIVERED, "mccmnc": None, "text": None}]}))
    (log,) = call(mode, "get-sent-sms-logs", server.client()).results
    assert log.mccmnc is None and log.text is None


def test_missing_required_property_is_named_by_path(mode: str) -> None:
    sent = {"messages": [{"to": "41793026727", "status": DELIVERED, "smsCount": 1}]}
    server = Server(reply(200, sent))
    with pytest.raises(
        sms_api.ResponseDecodeError, match=r"messages\[0\]/messageId: required property is missing"
    ):
        call(mode, "send-single-text-sms", server.client(), body=BODY)


def test_oversized_body_is_refused(mode: str) -> None:
    server = Server(
        reply(200, b'{"balance": 1, "currency": "' + b"E" * 5000 + b'"}', content_type="application/json")
    )
    with pytest.raises(sms_api.ResponseDecodeError, match="over the limit of 1000 bytes"):
        call(mode, "get-account-balance", server.client(max_response_bytes=1000))


@pytest.mark.parametrize(
    ("exc", "cls", "sent"),
    [
        (httpx.ConnectError("connection refused"), sms_api.ApiConnectionError, False),
        (httpx.RemoteProtocolError("server disconnected"), sms_api.ApiConnectionError, True),
        (httpx.ReadError("reset by peer"), sms_api.ApiConnectionError, True),
        (httpx.ConnectTimeout("connect timed out"), sms_api.ApiTimeoutError, False),
        (httpx.ReadTimeout("read timed out"), sms_api.ApiTimeoutError, True),
        (httpx.WriteTimeout("write timed out"), sms_api.ApiTimeoutError, True),
        (httpx.PoolTimeout("pool timed out"), sms_api.ApiTimeoutError, False),
    ],
)
def test_transport_failures(
    mode: str, exc: Exception, cls: type[sms_api.ApiConnectionError], sent: bool
) -> None:
    server = Server(exc)
    with pytest.raises(cls) as info:
        call(mode, "get-account-balance", server.client(max_retries=0))
    assert type(info.value) is cls and info.value.sent is sent
    assert isinstance(info.value, sms_api.SmsApiError) and isinstance(info.value, httpx.TransportError)
    assert info.value.__cause__ is exc
    assert "GET /restapi/account/1/balance" in str(info.value)


@pytest.mark.parametrize("exc", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
def test_connection_errors_expose_the_request_without_credentials(mode: str, exc: Exception) -> None:
    server = Server(exc)
    with pytest.raises(sms_api.ApiConnectionError) as info:
        call(mode, "get-account-balance", server.client(max_retries=0))
    exposed = info.value.request
    assert exposed.headers["Authorization"] == "[redacted]"
    assert exposed.method == "GET" and exposed.url.path == "/restapi/account/1/balance"
    assert exposed.headers["User-Agent"].startswith("sms-api-sdk/")
    # The httpx error it was raised from stays reachable, and must not hand out the credentials either.
    assert isinstance(info.value.__cause__, httpx.RequestError)
    assert info.value.__cause__.request.headers["Authorization"] == "[redacted]"
    assert all(secret not in repr(exposed.headers) + str(exposed.headers) for secret in SECRETS)
    # The request that went out carried them.
    assert server.requests[0].headers["Authorization"].startswith("Basic ")


def test_no_error_message_carries_credentials(mode: str) -> None:
    failures = [
        reply(401, UNAUTHORIZED_JSON),
        reply(200, HTML_PAGE, content_type="text/html"),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
    ]
    for failure in failures:
        server = Server(failure)
        with pytest.raises(sms_api.SmsApiError) as info:
            call(mode, "get-account-balance", server.client(max_retries=0))
        shown = str(info.value) + repr(info.value) + repr(getattr(info.value, "headers", ""))
        assert all(secret not in shown for secret in SECRETS)


def test_public_error_names_are_exported() -> None:
    # Every exception class of `sms_api.errors`, read from the module, so a new one cannot miss the export.
    classes = {name: cls for name in errors.__all__ if isinstance(cls := getattr(errors, name), type)}
    for name in (
        "SmsApiError",
        "ApiStatusError",
        "ApiConnectionError",
        "ApiTimeoutError",
        "ResponseDecodeError",
    ):
        assert name in classes
    for name, cls in classes.items():
        assert name in sms_api.__all__ and getattr(sms_api, name) is cls
        assert issubclass(cls, sms_api.SmsApiError)
    assert issubclass(sms_api.ApiTimeoutError, sms_api.ApiConnectionError)
