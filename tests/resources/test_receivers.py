"""sms_api.receivers.asgi_app / wsgi_app: pushed reports and Number Context results, JSON and XML."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from sms_api.receivers import asgi_app, wsgi_app
from sms_api_client.models import DeliveryReportNotification, NCResponse

from .._samples import delivered_status
from .._spec import SPEC

EXAMPLES = SPEC["components"]["examples"]
REPORT_JSON = json.dumps(EXAMPLES["receive-delivery-report.json"]["value"]).encode()
REPORT_XML = EXAMPLES["receive-delivery-report.xml"]["value"].encode()
NC_JSON = json.dumps(
    {
        "results": [
            {
                "to": "41793026727",
                "mccMnc": "22801",
                "status": delivered_status(),
            }
        ]
    }
).encode()


class Recorded:
    def __init__(self, fail: bool = False) -> None:
        self.reports: list[DeliveryReportNotification] = []
        self.results: list[NCResponse] = []
        self.fail = fail

    def report(self, payload: DeliveryReportNotification) -> None:
        if self.fail:
            raise RuntimeError("database down")
        self.reports.append(payload)

    def result(self, payload: NCResponse) -> None:
        self.results.append(payload)


def wsgi_client(app: Any) -> httpx.Client:
    return httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://receiver.test")


def asgi_client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://receiver.test")


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(REPORT_JSON, "application/json"), (REPORT_XML, "application/xml"), (REPORT_XML, None)],
)
def test_wsgi_delivery_report_json_and_xml(content: bytes, content_type: str | None) -> None:
    recorded = Recorded()
    headers = {"Content-Type": content_type} if content_type else {}
    with wsgi_client(wsgi_app(on_delivery_report=recorded.report)) as client:
        response = client.post("/any/path", content=content, headers=headers)
    assert response.status_code == 200
    assert recorded.reports[0].results[0].message_id == "MESSAGE-ID-123-xyz"
    assert recorded.reports[0].results[0].status.name == "DELIVERED_TO_HANDSET"


def test_wsgi_answers() -> None:
    with wsgi_client(
        wsgi_app(on_delivery_report=Recorded().report, max_body_bytes=len(REPORT_JSON))
    ) as client:
        assert (
            client.post("/", content=b"{not json", headers={"Content-Type": "application/json"}).status_code
            == 400
        )
        assert (
            client.post(
                "/",
                content=b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>",
                headers={"Content-Type": "application/xml"},
            ).status_code
            == 400
        )
        assert (
            client.post(
                "/", content=REPORT_JSON + b" ", headers={"Content-Type": "application/json"}
            ).status_code
            == 413
        )
        refused = client.get("/")
        assert refused.status_code == 405 and refused.headers["Allow"] == "POST"
    with wsgi_client(wsgi_app(on_delivery_report=Recorded(fail=True).report)) as client:
        assert (
            client.post("/", content=REPORT_JSON, headers={"Content-Type": "application/json"}).status_code
            == 500
        )


def test_both_payloads_need_their_paths() -> None:
    recorded = Recorded()
    with pytest.raises(ValueError, match="delivery_report_path"):
        wsgi_app(on_delivery_report=recorded.report, on_number_context_result=recorded.result)
    with pytest.raises(ValueError, match="give on_delivery_report"):
        wsgi_app()
    app = wsgi_app(
        on_delivery_report=recorded.report,
        on_number_context_result=recorded.result,
        delivery_report_path="/dlr",
        number_context_path="/nc/",
    )
    with wsgi_client(app) as client:
        assert client.post("/dlr", content=REPORT_JSON).status_code == 200
        assert client.post("/nc", content=NC_JSON).status_code == 200
        assert client.post("/other", content=NC_JSON).status_code == 404
    assert len(recorded.reports) == 1 and recorded.results[0].results[0].to == "41793026727"


async def test_asgi_sync_and_async_handlers() -> None:
    got: list[DeliveryReportNotification] = []

    async def handler(payload: DeliveryReportNotification) -> None:
        got.append(payload)

    async with asgi_client(asgi_app(on_delivery_report=handler)) as client:
        assert (
            await client.post("/", content=REPORT_XML, headers={"Content-Type": "text/xml"})
        ).status_code == 200
        assert (
            await client.post(
                "/", content=b"<SMSReportResponse><results>", headers={"Content-Type": "application/xml"}
            )
        ).status_code == 400
        assert (await client.put("/", content=REPORT_JSON)).status_code == 405
    assert got[0].results[0].callback_data == "DLR callback data"
    recorded = Recorded()
    async with asgi_client(asgi_app(on_number_context_result=recorded.result, max_body_bytes=10)) as client:
        assert (await client.post("/", content=NC_JSON)).status_code == 413
    async with asgi_client(asgi_app(on_delivery_report=Recorded(fail=True).report)) as client:
        assert (await client.post("/", content=REPORT_JSON)).status_code == 500


def test_wsgi_refuses_coroutine_handlers() -> None:
    async def handler(payload: DeliveryReportNotification) -> None:
        pass

    with pytest.raises(TypeError, match="asgi_app"):
        wsgi_app(on_delivery_report=handler)
