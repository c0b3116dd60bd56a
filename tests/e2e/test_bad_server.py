"""The SDK against a misbehaving server over real HTTP: the right typed error every time, within the timeout,
retried only where the operation's policy allows (reads on 502/503/504/429 and timeouts; sends never).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import sms_api
from sms_api import RetryPolicy
from sms_api_client.api.account import get_account_balance
from sms_api_client.api.send_sms import send_single_text_sms
from sms_api_client.models import SMSTextualRequest

from .._spec import PASSWORD, USERNAME

pytestmark = [pytest.mark.e2e]

GOOD_BALANCE = b'{"balance": 47.79134, "currency": "EUR"}'
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<AccountBalance><balance>&lol3;</balance><currency>EUR</currency></AccountBalance>"""
HTML = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"


@dataclass
class Reply:
    status: int = 200
    body: bytes = GOOD_BALANCE
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0  # seconds to wait before answering
    declared_length: int | None = None  # a Content-Length larger than the body: truncated


@dataclass
class BadServer:
    url: str
    replies: list[Reply]
    hits: list[str] = field(default_factory=list)

    def script(self, *replies: Reply) -> None:
        self.replies[:] = list(replies)
        self.hits.clear()


@pytest.fixture
def bad_server() -> Iterator[BadServer]:
    state = BadServer("", [Reply()])

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            state.hits.append(f"{self.command} {self.path}")
            reply = state.replies.pop(0) if len(state.replies) > 1 else state.replies[0]
            if reply.stall:
                time.sleep(reply.stall)
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(reply.declared_length or len(reply.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                self.wfile.write(reply.body)
                self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def client(server: BadServer, wire_format: str = "json", **kwargs: object) -> sms_api.SmsApiClient:
    kwargs.setdefault("retry_policy", RetryPolicy(max_retries=2, initial_backoff=0.01, jitter=lambda: 1.0))
    return sms_api.connect(server.url, USERNAME, PASSWORD, wire_format=wire_format, **kwargs)  # type: ignore[arg-type]


def balance(c: sms_api.SmsApiClient) -> object:
    return get_account_balance.sync(client=c)


def send(c: sms_api.SmsApiClient) -> object:
    return send_single_text_sms.sync(client=c, body=SMSTextualRequest(to="41793026727", text="x"))


@pytest.mark.parametrize(
    ("reply", "wire_format"),
    [
        pytest.param(Reply(body=HTML, content_type="text/html"), "json", id="html-page-200"),
        pytest.param(Reply(body=GOOD_BALANCE[:20]), "json", id="truncated-json"),
        pytest.param(
            Reply(body=b"<AccountBalance><balance>1", content_type="application/xml"),
            "xml",
            id="truncated-xml",
        ),
        pytest.param(Reply(body=BOMB, content_type="application/xml"), "xml", id="xml-bomb"),
        pytest.param(Reply(content_type="text/plain"), "json", id="json-as-text-plain"),
        pytest.param(Reply(content_type=None), "json", id="no-content-type"),
        pytest.param(Reply(body=b'{"balance": "lots"}'), "json", id="wrong-type"),
        pytest.param(Reply(body=b"[1, 2]"), "json", id="json-array"),
    ],
)
def test_unreadable_200_raises_decode_error_without_retry(
    bad_server: BadServer, reply: Reply, wire_format: str
) -> None:
    bad_server.script(reply)
    started = time.monotonic()
    with client(bad_server, wire_format) as c, pytest.raises(sms_api.ResponseDecodeError):
        balance(c)
    assert time.monotonic() - started < 5
    assert len(bad_server.hits) == 1, "an answered request is not repeated"


def test_body_shorter_than_content_length_is_a_typed_error(bad_server: BadServer) -> None:
    bad_server.script(Reply(body=GOOD_BALANCE[:10], declared_length=len(GOOD_BALANCE)))
    with client(bad_server, retry_policy=RetryPolicy(max_retries=0)) as c, pytest.raises(sms_api.SmsApiError):
        balance(c)


@pytest.mark.parametrize(("status", "error"), [(500, sms_api.ServerError), (400, sms_api.BadRequestError)])
def test_errors_that_are_never_retried(bad_server: BadServer, status: int, error: type[Exception]) -> None:
    bad_server.script(Reply(status=status, body=HTML, content_type="text/html"))
    with client(bad_server) as c, pytest.raises(error) as raised:
        balance(c)
    assert raised.value.status_code == status  # type: ignore[attr-defined]
    assert len(bad_server.hits) == 1


def test_503_with_retry_after_is_retried_for_reads_honouring_it(bad_server: BadServer) -> None:
    bad_server.script(
        Reply(status=503, body=HTML, content_type="text/html", headers={"Retry-After": "1"}),
        Reply(status=503, body=b"", content_type=None, headers={"Retry-After": "0"}),
        Reply(),
    )
    started = time.monotonic()
    with client(bad_server) as c:
        result = balance(c)
    assert getattr(result, "currency", None) == "EUR"
    assert len(bad_server.hits) == 3
    assert time.monotonic() - started >= 0.95, "Retry-After: 1 was not honoured"


def test_503_gives_up_after_the_retry_budget(bad_server: BadServer) -> None:
    bad_server.script(
        Reply(status=503, body=b"busy", content_type="text/plain", headers={"Retry-After": "0"})
    )
    with client(bad_server) as c, pytest.raises(sms_api.ServerError) as raised:
        balance(c)
    assert raised.value.status_code == 503
    assert len(bad_server.hits) == 3  # the first attempt and max_retries=2


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_sends_are_never_repeated(bad_server: BadServer, status: int) -> None:
    bad_server.script(
        Reply(status=status, body=b"no", content_type="text/plain", headers={"Retry-After": "0"})
    )
    with client(bad_server) as c, pytest.raises(sms_api.ApiStatusError):
        send(c)
    assert bad_server.hits == ["POST /restapi/sms/1/text/single"]


def test_stalled_read_times_out_and_is_retried_within_bounds(bad_server: BadServer) -> None:
    bad_server.script(Reply(stall=3.0))
    started = time.monotonic()
    with client(bad_server, timeout=0.4) as c, pytest.raises(sms_api.ApiTimeoutError):
        balance(c)
    elapsed = time.monotonic() - started
    assert len(bad_server.hits) == 3
    assert elapsed < 3 * 0.4 + 1.5, f"took {elapsed:.1f} s"


def test_stalled_send_times_out_once(bad_server: BadServer) -> None:
    bad_server.script(Reply(stall=3.0))
    started = time.monotonic()
    with client(bad_server, timeout=0.4) as c, pytest.raises(sms_api.ApiTimeoutError):
        send(c)
    assert time.monotonic() - started < 2.0
    assert len(bad_server.hits) == 1, "a send that may have reached the server must not be repeated"


def test_refused_connection_is_a_connection_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        c = sms_api.connect(
            f"http://127.0.0.1:{port}", USERNAME, PASSWORD,
            retry_policy=RetryPolicy(max_retries=1, initial_backoff=0.01),
        )  # fmt: skip
        with c, pytest.raises(sms_api.ApiConnectionError):
            send(c)


async def test_async_parity_on_a_decode_error_and_a_timeout(bad_server: BadServer) -> None:
    bad_server.script(Reply(body=HTML, content_type="text/html"))
    async with client(bad_server) as c:
        with pytest.raises(sms_api.ResponseDecodeError):
            await get_account_balance.asyncio(client=c)
    bad_server.script(Reply(stall=3.0))
    started = time.monotonic()
    async with client(bad_server, timeout=0.4) as c:
        with pytest.raises(sms_api.ApiTimeoutError):
            await send_single_text_sms.asyncio(client=c, body=SMSTextualRequest(to="41793026727", text="x"))
    assert time.monotonic() - started < 2.0
    assert len(bad_server.hits) == 1
