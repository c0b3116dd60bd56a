"""Hostile input never harms the sandbox; real sockets: absolute-form request lines, restart with --db."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from sms_sandbox import ManualClock, create_app
from sms_sandbox.process import sandbox_process

from .._spec import BASIC_AUTHORIZATION
from ._support import AUTH, START, api_error, serve

SINGLE = "/restapi/sms/1/text/single"
XML = {"Content-Type": "application/xml"}

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<request><to>&lol2;</to></request>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><request><to>&xxe;</to></request>"""

HOSTILE = [
    (b"{", "application/json"),
    (b'{"to": "41793026727"', "application/json"),
    (b"[1, 2]", "application/json"),
    (b'"text"', "application/json"),
    (b"", "application/json"),
    (b'{"to": NaN}', "application/json"),
    (b"\xff\xfe{}", "application/json"),
    (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    (b"<request><to>41793026727</to>", "application/xml"),
    (b"<request><to>41793026727</from></request>", "application/xml"),
    (b"not xml at all", "application/xml"),
    (b"", "application/xml"),
    (BILLION_LAUGHS, "application/xml"),
    (EXTERNAL_ENTITY, "application/xml"),
    (b"<a>" * 200 + b"</a>" * 200, "application/xml"),
    ('<?xml version="1.0" encoding="UTF-16"?><request/>'.encode("utf-16"), "application/xml"),
    (b"<request><to><to><x>1</x></to></to></request>", "application/xml"),
    (b"<request>text<to>1</to></request>", "application/xml"),
]


@pytest.mark.parametrize(("body", "content_type"), HOSTILE)
async def test_hostile_bodies_get_400_and_harm_nothing(
    client: httpx.AsyncClient, body: bytes, content_type: str
) -> None:
    await client.post(SINGLE, json={"to": "41793026727"})
    before = [(await client.get(p)).json() for p in ("/restapi/account/1/balance", "/restapi/sms/1/logs")]
    for path in (SINGLE, "/restapi/sms/1/text/advanced", "/restapi/number/1/query"):
        r = await client.post(path, content=body, headers={"Content-Type": content_type})
        assert r.status_code == 400, (path, r.text)
        assert api_error(r)["messageId"] == "GENERAL_ERROR"
        r = await client.post(
            path, content=body, headers={"Content-Type": content_type, "Accept": "application/xml"}
        )
        assert r.status_code == 400 and b"<requestError>" in r.content
    after = [(await client.get(p)).json() for p in ("/restapi/account/1/balance", "/restapi/sms/1/logs")]
    assert after == before


async def test_huge_bodies_are_refused(make_app: object) -> None:
    from ._support import client_for

    app = make_app(max_body_bytes=10_000)  # type: ignore[operator]
    async with client_for(app) as c:
        big = b'{"to": "41793026727", "text": "' + b"a" * 20_000 + b'"}'
        r = await c.post(SINGLE, content=big, headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and "larger than 10000 bytes" in api_error(r)["text"]

        async def stream() -> object:  # no Content-Length: counted while reading
            for _ in range(30):
                yield b"a" * 1000

        r = await c.post(SINGLE, content=stream(), headers={"Content-Type": "application/xml"})
        assert r.status_code == 400
        assert (await c.get("/restapi/account/1/balance")).json()["balance"] == 100.0


async def test_default_limit_is_one_mebibyte(client: httpx.AsyncClient) -> None:
    r = await client.post(
        SINGLE, content=b" " * (1024 * 1024 + 1), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400 and "larger than 1048576 bytes" in api_error(r)["text"]


async def test_strange_paths_and_methods(client: httpx.AsyncClient) -> None:
    for method, path in [
        ("GET", "/restapi/../etc/passwd"),
        ("GET", "/%00"),
        ("TRACE", SINGLE),
        ("GET", "/" + "a" * 5000),
    ]:
        r = await client.request(method, path)
        assert 400 <= r.status_code < 500
        assert "requestError" in r.json()


# --------------------------------------------------------------------------------------------------------
# Real sockets
# --------------------------------------------------------------------------------------------------------


def raw_request(base_url: str, request: bytes) -> bytes:
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_absolute_form_request_line_over_a_real_socket() -> None:
    app = create_app(clock=ManualClock(START))
    with serve(app) as url:
        body = b'{"from":"InfoSMS","to":"41793026727","text":"My first SMS"}'
        post = (
            f"POST {url}/restapi/sms/1/text/single HTTP/1.1\r\n"
            f"Host: {url.removeprefix('http://')}\r\n"
            f"Authorization: {BASIC_AUTHORIZATION}\r\n"
            "Content-Type: application/json\r\nAccept: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode() + body
        answer = raw_request(url, post)
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
        assert b'"to":"41793026727"' in answer
        # GET in absolute form with a query, Content-Type and no Accept.
        get = (
            f"GET {url}/restapi/sms/1/logs?to=41793026727&limit=5 HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: {BASIC_AUTHORIZATION}\r\nContent-Type: application/xml\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        answer = raw_request(url, get)
        assert answer.startswith(b"HTTP/1.1 200 ") and b'"results":[{' in answer
        assert b"content-type: application/json" in answer.lower()


def test_restart_with_db_loses_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "state.db")
    clock = ManualClock(START)
    with serve(create_app(db_path=db, clock=clock)) as url, httpx.Client(base_url=url, auth=AUTH) as c:
        sent = c.post(SINGLE, json={"to": ["41793026727", "41793026728"], "text": "x"}).json()
        c.post("/sandbox/inbound", json={"from": "1", "to": "2", "text": "KEY a"})
        clock.advance(1)
        assert len(c.get("/restapi/sms/1/reports", params={"limit": 1}).json()["results"]) == 1
        logs = c.get("/restapi/sms/1/logs").json()
        balance = c.get("/restapi/account/1/balance").json()
    with serve(create_app(db_path=db, clock=clock)) as url, httpx.Client(base_url=url, auth=AUTH) as c:
        assert c.get("/restapi/sms/1/logs").json() == logs
        assert c.get("/restapi/account/1/balance").json() == balance == {"balance": 99.98, "currency": "EUR"}
        reports = c.get("/restapi/sms/1/reports").json()["results"]
        assert len(reports) == 1 and reports[0]["bulkId"] == sent["bulkId"]  # the unread one, only
        assert len(c.get("/restapi/sms/1/inbox/reports").json()["results"]) == 1


@pytest.mark.slow
def test_the_cli_keeps_state_and_clock_offset_across_a_restart(tmp_path: Path) -> None:
    # The process is killed, not stopped: what a request changed is committed before its answer goes out.
    db = str(tmp_path / "cli.db")
    with sandbox_process("--db", db) as first_run:
        base = first_run.base_url
        first = httpx.post(base + "/sandbox/clock/advance", json={"seconds": 86400}, auth=AUTH).json()["now"]
        httpx.post(base + SINGLE, json={"to": "41793026727"}, auth=AUTH)
    with sandbox_process("--db", db) as second_run:
        base = second_run.base_url
        now = httpx.get(base + "/sandbox/clock", auth=AUTH).json()["now"]
        assert now >= first  # the advanced clock survived the restart
        assert len(httpx.get(base + "/restapi/sms/1/logs", auth=AUTH).json()["results"]) == 1
