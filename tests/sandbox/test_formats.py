"""JSON and XML in both directions, negotiation, credentials, errors, unknown paths and methods."""

from __future__ import annotations

import base64

import httpx
import pytest

import sms_api_models as models
from sms_api import xml_codec
from sms_api_spec import SCHEMAS

from .._spec import BASIC_AUTHORIZATION, PASSWORD, USERNAME
from ._support import AUTH, XML_HEADERS, api_error, client_for

SEND = "/restapi/sms/1/text/single"


async def test_json_in_json_out(client: httpx.AsyncClient) -> None:
    r = await client.post(SEND, json={"from": "InfoSMS", "to": "41793026727", "text": "My first SMS"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body = models.SMSResponse.model_validate(r.json())
    assert body.bulkId is None  # one destination: no bulkId
    assert body.messages is not None and body.messages[0].to == "41793026727"


async def test_xml_in_xml_out_canonical(client: httpx.AsyncClient) -> None:
    xml = (
        b"<request><from>InfoSMS</from><to><to>41793026727</to><to>41793026834</to></to>"
        b"<text>Hi</text></request>"
    )
    r = await client.post(SEND, content=xml, headers=XML_HEADERS)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/xml")
    assert r.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<SMSResponse>')
    assert b"<messages>\n    <messages>" in r.content  # wrapped arrays
    body = xml_codec.decode(r.content, "SMSResponse", SCHEMAS)
    assert len(body["messages"]) == 2 and body["bulkId"]


async def test_xml_in_json_out_and_json_in_xml_out(client: httpx.AsyncClient) -> None:
    r = await client.post(
        SEND, content=b"<request><to>41793026727</to></request>", headers={"Content-Type": "application/xml"}
    )
    assert r.status_code == 200 and r.json()["messages"][0]["to"] == "41793026727"  # bare <to>, JSON answer
    r = await client.post(SEND, json={"to": "41793026727"}, headers={"Accept": "application/xml"})
    assert r.headers["content-type"].startswith("application/xml") and b"<SMSResponse>" in r.content


@pytest.mark.parametrize(
    "accept", [None, "*/*", "application/json", "text/html", "application/json;q=0.9, */*"]
)
async def test_json_when_accept_absent_or_not_xml(client: httpx.AsyncClient, accept: str | None) -> None:
    headers = {} if accept is None else {"Accept": accept}
    r = await client.get("/restapi/account/1/balance", headers=headers)
    assert r.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("accept", ["application/xml", "text/xml", "application/json;q=0.5, application/xml"])
async def test_xml_when_accept_prefers_it(client: httpx.AsyncClient, accept: str) -> None:
    r = await client.get("/restapi/account/1/balance", headers={"Accept": accept})
    assert r.headers["content-type"].startswith("application/xml")
    assert b"<AccountBalance>" in r.content


async def test_get_with_content_type_and_no_accept(client: httpx.AsyncClient) -> None:
    r = await client.get("/restapi/sms/1/logs", headers={"Content-Type": "application/xml"})
    assert r.status_code == 200 and r.json() == {"results": []}


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
async def test_body_without_supported_content_type_is_400(
    client: httpx.AsyncClient, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    r = await client.post(SEND, content=b'{"to": "41793026727"}', headers=headers)
    assert r.status_code == 400
    assert api_error(r)["messageId"] == "GENERAL_ERROR"
    r = await client.post(
        SEND, content=b'{"to": "41793026727"}', headers={**headers, "Accept": "application/xml"}
    )
    assert r.status_code == 400 and r.content.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<requestError>'
    )


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Basic " + base64.b64encode(f"{USERNAME}:wrong".encode()).decode(),
        "Basic " + base64.b64encode(f"Nobody:{PASSWORD}".encode()).decode(),
        "Basic not-base64!",
        "Bearer abc",
        "Basic " + base64.b64encode(b"no-colon").decode(),
    ],
)
async def test_missing_or_wrong_credentials_are_401(app: object, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    async with client_for(app, auth=None) as c:  # type: ignore[arg-type]
        for method, path in [
            ("GET", "/restapi/account/1/balance"),
            ("POST", SEND),
            ("POST", "/sandbox/inbound"),
        ]:
            r = await c.request(method, path, headers=headers, json={"to": "41793026727"})
            assert r.status_code == 401
            assert r.headers["www-authenticate"] == 'Basic realm="SMS API"'
            assert api_error(r) == {"messageId": "UNAUTHORIZED", "text": "Invalid login details"}
        r = await c.get("/restapi/account/1/balance", headers={**headers, "Accept": "application/xml"})
        assert b"<requestError>" in r.content and b"<messageId>UNAUTHORIZED</messageId>" in r.content


async def test_documented_authorization_header_works(app: object) -> None:
    async with client_for(app, auth=None) as c:  # type: ignore[arg-type]
        r = await c.get(
            "/restapi/account/1/balance", headers={"Authorization": "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}
        )
    assert r.status_code == 200 and r.json() == {"balance": 100.0, "currency": "EUR"}


async def test_unknown_fields_are_ignored(client: httpx.AsyncClient) -> None:
    r = await client.post(
        SEND, json={"to": "41793026727", "text": "x", "colour": "blue", "nested": {"a": [1]}}
    )
    assert r.status_code == 200
    xml = b"<request><to>41793026727</to><colour>blue</colour><deep><er>1</er></deep></request>"
    r = await client.post(SEND, content=xml, headers=XML_HEADERS)
    assert r.status_code == 200


async def test_unknown_path_is_404_with_error_body(client: httpx.AsyncClient) -> None:
    r = await client.get("/restapi/sms/2/text/single")
    assert r.status_code == 404 and api_error(r)["messageId"] == "NOT_FOUND"
    r = await client.get("/nothing", headers={"Accept": "application/xml"})
    assert r.status_code == 404 and b"<requestError>" in r.content


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", SEND, "POST"),
        ("DELETE", "/restapi/sms/1/reports", "GET"),
        ("PUT", "/restapi/account/1/balance", "GET"),
        ("PATCH", "/restapi/number/1/query", "POST"),
    ],
)
async def test_wrong_method_is_405_with_allow(
    client: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    r = await client.request(method, path)
    assert r.status_code == 405
    assert allow in r.headers["allow"]
    assert api_error(r)["messageId"] == "METHOD_NOT_ALLOWED"


async def test_response_dates_use_the_server_format(client: httpx.AsyncClient) -> None:
    await client.post(SEND, json={"to": "41793026721"})
    r = await client.get("/restapi/sms/1/logs")
    sent_at = r.json()["results"][0]["sentAt"]
    assert sent_at == "2025-03-01T12:00:00.000+0000"


async def test_seed_xml_variants_are_read(client: httpx.AsyncClient) -> None:
    # Advanced send with unwrapped <messages> and <destinations>, as the seed writes it.
    xml = b"""<request>
\t<bulkId>BULK-1</bulkId>
\t<messages>
\t\t<from>InfoSMS</from>
\t\t<destinations><to>41793026727</to><messageId>M-1</messageId></destinations>
\t\t<destinations><to>41793026834</to></destinations>
\t\t<text>Artik Ulusal Dil</text>
\t\t<language><languageCode>TR</languageCode></language>
\t</messages>
</request>"""
    r = await client.post("/restapi/sms/1/text/advanced", content=xml, headers=XML_HEADERS)
    assert r.status_code == 200, r.text
    body = xml_codec.decode(r.content, "SMSResponse", SCHEMAS)
    assert body["bulkId"] == "BULK-1"
    assert body["messages"][0]["messageId"] == "M-1"


async def test_every_operation_answers_in_both_formats(client: httpx.AsyncClient) -> None:
    posts = {
        "/restapi/sms/1/text/single": ("SMSTextualRequest", {"to": ["41793026727"], "text": "x"}),
        "/restapi/sms/1/text/multi": (
            "SMSMultiTextualRequest",
            {"messages": [{"to": ["41793026727"], "text": "x"}]},
        ),
        "/restapi/sms/1/binary/single": (
            "SMSBinaryRequest",
            {"to": ["41793026727"], "binary": {"hex": "0a 0b"}},
        ),
        "/restapi/sms/1/binary/multi": (
            "SMSMultiBinaryRequest",
            {"messages": [{"to": ["41793026727"], "binary": {"hex": "0a"}}]},
        ),
        "/restapi/sms/1/text/advanced": (
            "SMSAdvancedTextualRequest",
            {"messages": [{"destinations": [{"to": "41793026727"}], "text": "x"}]},
        ),
        "/restapi/number/1/query": ("NCRequest", {"to": ["41793026727"]}),
        "/restapi/number/1/notify": (
            "NCNotifyRequest",
            {"to": ["41793026727"], "notifyUrl": "http://127.0.0.1:9/x"},
        ),
    }
    for path, (schema, body) in posts.items():
        r_json = await client.post(path, json=body)
        r_xml = await client.post(path, content=xml_codec.encode(body, schema, SCHEMAS), headers=XML_HEADERS)
        assert r_json.status_code == r_xml.status_code == 200, (path, r_json.text, r_xml.text)
        assert r_xml.headers["content-type"].startswith("application/xml")
    for path in [
        "/restapi/sms/1/reports",
        "/restapi/sms/1/logs",
        "/restapi/sms/1/inbox/reports",
        "/restapi/sms/1/inbox/logs",
        "/restapi/account/1/balance",
    ]:
        assert (await client.get(path)).status_code == 200
        r = await client.get(path, headers={"Accept": "application/xml"})
        assert r.status_code == 200 and r.content.startswith(b"<?xml"), path


async def test_auth_credentials_are_the_documented_ones() -> None:
    assert base64.b64encode(":".join(AUTH).encode()) == b"QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    assert BASIC_AUTHORIZATION == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="


async def test_characters_xml_cannot_carry_are_replaced_in_xml_answers(client: httpx.AsyncClient) -> None:
    await client.post(SEND, json={"to": "4179\u00133026727", "text": "a\u0001b"})
    r = await client.get("/restapi/sms/1/logs", headers={"Accept": "application/xml"})
    assert r.status_code == 200
    log = xml_codec.decode(r.content, "SMSLogsResponse", SCHEMAS)["results"][0]
    assert (log["to"], log["text"]) == ("4179\ufffd3026727", "a\ufffdb")
    assert (await client.get("/restapi/sms/1/logs")).json()["results"][0][
        "text"
    ] == "a\u0001b"  # JSON keeps it
