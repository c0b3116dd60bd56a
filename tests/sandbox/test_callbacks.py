"""Callbacks: delivery reports and Number Context results pushed to notifyUrl, retried, loopback only."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

import sms_api_models as models
from sms_api import xml_codec
from sms_api_spec import SCHEMAS
from sms_sandbox import ManualClock

from ._support import AUTH, client_for, sandbox_of, serve

ADVANCED = "/restapi/sms/1/text/advanced"


class Receiver:
    """An httpx MockTransport that records pushes and answers with the statuses it is given in turn."""

    def __init__(self, *answers: int) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.answers.pop(0) if self.answers else 200
        if status == 0:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(status)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def advanced(url: str, to: str = "41793026727", **extra: Any) -> dict[str, Any]:
    return {
        "messages": [
            {
                "destinations": [{"to": to, "messageId": "m-" + to}],
                "text": "x",
                "notifyUrl": url,
                "callbackData": "DLR callback data",
                **extra,
            }
        ]
    }


class Pushing:
    """A sandbox on the manual clock whose callbacks go to a `Receiver` answering `answers` in turn."""

    def __init__(
        self, make_app: Callable[..., Starlette], clock: ManualClock, *answers: int, **options: Any
    ) -> None:
        self.receiver = Receiver(*answers)
        self.app = make_app(callback_transport=self.receiver.transport, **options)
        self.clock = clock

    def client(self) -> httpx.AsyncClient:
        return client_for(self.app)

    async def run_due(self, after: float = 0) -> int:
        """Let `after` seconds pass, then run the pushes that are due: how many ran."""
        self.clock.advance(after)
        return int(await sandbox_of(self.app).dispatcher.run_due())


@pytest.fixture
def pushing(make_app: Callable[..., Starlette], clock: ManualClock) -> Callable[..., Pushing]:
    return functools.partial(Pushing, make_app, clock)


async def test_final_report_is_pushed_in_json(pushing: Callable[..., Pushing]) -> None:
    sandbox = pushing()
    async with sandbox.client() as c:
        await c.post(ADVANCED, json=advanced("http://127.0.0.1:9999/dlr"))
        assert await sandbox.run_due() == 0  # not final yet
        assert await sandbox.run_due(after=1) == 1
        assert await sandbox.run_due() == 0  # pushed once
        (request,) = sandbox.receiver.requests
        assert str(request.url) == "http://127.0.0.1:9999/dlr"
        assert request.headers["content-type"] == "application/json"
        body = json.loads(request.content)
        models.DeliveryReportNotification.model_validate(body)
        (report,) = body["results"]
        assert report["messageId"] == "m-41793026727" and report["callbackData"] == "DLR callback data"
        assert report["status"]["name"] == "DELIVERED_TO_HANDSET"
        # A pushed report is not returned again by get-delivery-reports.
        assert (await c.get("/restapi/sms/1/reports")).json() == {"results": []}


async def test_report_is_pushed_in_xml_when_asked(pushing: Callable[..., Pushing]) -> None:
    sandbox = pushing()
    async with sandbox.client() as c:
        await c.post(ADVANCED, json=advanced("http://localhost:1/x", notifyContentType="application/xml"))
        await sandbox.run_due(after=1)
    (request,) = sandbox.receiver.requests
    assert request.headers["content-type"] == "application/xml"
    assert b"<SMSReportResponse>" in request.content
    decoded = xml_codec.decode(request.content, "DeliveryReportNotification", SCHEMAS)
    assert decoded["results"][0]["callbackData"] == "DLR callback data"


async def test_failing_receiver_is_retried_with_backoff(pushing: Callable[..., Pushing]) -> None:
    # error, connection refused, error, then accepted
    sandbox = pushing(500, 0, 503, 200, callback_backoff=(1, 2, 4))
    async with sandbox.client() as c:
        await c.post(ADVANCED, json=advanced("http://127.0.0.1:9/x"))
        assert await sandbox.run_due(after=1) == 1  # attempt 1: 500
        assert await sandbox.run_due() == 0  # backoff: not before 1 s
        assert await sandbox.run_due(after=1) == 1  # attempt 2: refused
        assert await sandbox.run_due(after=1.9) == 0
        assert await sandbox.run_due(after=0.1) == 1  # attempt 3: 503
        assert await sandbox.run_due(after=4) == 1  # attempt 4: 200
        assert await sandbox.run_due(after=100) == 0
        assert len(sandbox.receiver.requests) == 4
        attempts = (await c.get("/sandbox/callbacks")).json()["attempts"]
        assert [a["outcome"] for a in reversed(attempts)][:4] == [
            "HTTP 500",
            attempts[-2]["outcome"],
            "HTTP 503",
            "delivered",
        ]
        assert attempts[-2]["outcome"].startswith("ConnectError")


async def test_report_falls_back_to_pull_after_the_last_attempt(pushing: Callable[..., Pushing]) -> None:
    sandbox = pushing(500, 500, callback_backoff=(1,))
    async with sandbox.client() as c:
        await c.post(ADVANCED, json=advanced("http://127.0.0.1:9/x"))
        await sandbox.run_due(after=1)
        assert (await c.get("/restapi/sms/1/reports")).json() == {"results": []}  # still being pushed
        await sandbox.run_due(after=1)
        assert len(sandbox.receiver.requests) == 2
        reports = (await c.get("/restapi/sms/1/reports")).json()["results"]
        assert [r["messageId"] for r in reports] == ["m-41793026727"]


async def test_callbacks_go_only_to_loopback_unless_allow_listed(pushing: Callable[..., Pushing]) -> None:
    loopback_only = pushing()
    async with loopback_only.client() as c:
        r = await c.post(ADVANCED, json=advanced("http://example.com/dlr"))
        assert r.json()["messages"][0]["status"]["id"] == 0  # the message is sent anyway
        await loopback_only.run_due(after=1)
        assert loopback_only.receiver.requests == []
        attempts = (await c.get("/sandbox/callbacks")).json()["attempts"]
        assert attempts[0]["outcome"].startswith("refused")
        # Its report can be pulled instead.
        assert len((await c.get("/restapi/sms/1/reports")).json()["results"]) == 1

    allowed = pushing(callback_allow=["example.com"])
    async with allowed.client() as c:
        await c.post(ADVANCED, json=advanced("http://example.com/dlr"))
        await c.post(ADVANCED, json=advanced("http://other.example/dlr", to="41793026721"))
        await allowed.run_due(after=1)
    assert [str(r.url) for r in allowed.receiver.requests] == ["http://example.com/dlr"]


def test_callback_allowed_rule() -> None:
    from sms_sandbox.callbacks import callback_allowed

    assert callback_allowed("http://127.0.0.1:8000/x", ())
    assert callback_allowed("http://127.1.2.3/x", ())
    assert callback_allowed("http://[::1]:80/x", ())
    assert callback_allowed("https://localhost/x", ())
    assert not callback_allowed("http://10.0.0.1/x", ())
    assert not callback_allowed("http://127.0.0.1.nip.io/x", ())
    assert not callback_allowed("ftp://127.0.0.1/x", ())
    assert callback_allowed("http://hooks.example.com/x", ("hooks.example.com",))
    assert callback_allowed("http://anything.example/x", ("*",))


async def test_number_context_notify_pushes_nc_results(pushing: Callable[..., Pushing]) -> None:
    sandbox = pushing()
    async with sandbox.client() as c:
        body = {"to": ["41793026727", "12345678", "Alphanumeric"], "notifyUrl": "http://127.0.0.1:9/nc"}
        r = (await c.post("/restapi/number/1/notify", json=body)).json()
        models.NCResponseAsync.model_validate(r)
        assert r["bulkId"]
        assert [x["status"]["groupName"] for x in r["ncResults"]] == ["PENDING", "PENDING", "REJECTED"]
        assert "messageId" in r["ncResults"][0] and "messageId" not in r["ncResults"][2]
        assert await sandbox.run_due() == 0
        assert await sandbox.run_due(after=1) == 1
    (request,) = sandbox.receiver.requests
    pushed = json.loads(request.content)
    models.NCResponse.model_validate(pushed)
    assert "results" not in pushed and pushed["bulkId"] == r["bulkId"]
    assert [x["to"] for x in pushed["ncResults"]] == ["41793026727", "12345678"]  # invalid ones not looked up


async def test_number_context_push_in_xml(pushing: Callable[..., Pushing]) -> None:
    sandbox = pushing(500, callback_backoff=(1,))
    async with sandbox.client() as c:
        body = {
            "to": "41793026727",
            "notifyUrl": "http://127.0.0.1:9/nc",
            "notifyContentType": "application/xml",
        }
        await c.post("/restapi/number/1/notify", json=body)
        await sandbox.run_due(after=1)
        await sandbox.run_due(after=1)
    pushes = sandbox.receiver.requests
    assert len(pushes) == 2
    assert b"<NCResponse>" in pushes[1].content and b"<ncResults>" in pushes[1].content


def test_real_receiver_failing_then_accepting_over_sockets() -> None:
    """The whole path over real sockets: uvicorn sandbox, a receiver that fails once, the retry."""
    got: list[tuple[str, bytes]] = []
    failures = [1]
    done = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if failures:
                failures.pop()
                self.send_response(503)
            else:
                got.append((self.headers["Content-Type"], body))
                self.send_response(204)
                done.set()
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        from sms_sandbox import create_app

        app = create_app(delivery_delay=0.05, callback_backoff=(0.1,), dispatch_interval=0.02)
        with serve(app) as url, httpx.Client(base_url=url, auth=AUTH) as c:
            notify = f"http://127.0.0.1:{receiver.server_address[1]}/dlr"
            assert c.post(ADVANCED, json=advanced(notify)).status_code == 200
            assert done.wait(5)
    finally:
        receiver.shutdown()
    ((content_type, body),) = got
    assert content_type == "application/json"
    assert json.loads(body)["results"][0]["callbackData"] == "DLR callback data"
