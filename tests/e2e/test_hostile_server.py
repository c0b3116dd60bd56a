"""The SDK against a hostile server on a real socket: compression bombs, corrupt compressed bodies, answers
that trickle. Every call ends with an SDK error, within the memory bound and the call's ``total_timeout``.

The server is a raw socket that writes whatever bytes a test scripts, so nothing between it and the SDK
(no HTTP library) can tidy the attack up.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator

import pytest

import sms_api
from sms_api_client.api.account import get_account_balance

from .._spec import PASSWORD, USERNAME

pytestmark = [pytest.mark.e2e]

Script = Callable[[socket.socket, threading.Event], None]


class RawServer:
    """Accepts connections on loopback; each one reads a request head and then runs ``script``."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.stop = threading.Event()
        self.connections = 0
        self.heads: list[bytes] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                data = conn.recv(4096)
                if not data:
                    return
                head += data
            self.heads.append(head)
            with contextlib.suppress(OSError):  # the client gave up: what these tests want
                self.script(conn, self.stop)

    def close(self) -> None:
        self.stop.set()
        time.sleep(0.3)  # the accept loop notices within its 0.2 s timeout, before the socket goes
        self._listener.close()


@pytest.fixture
def serve() -> Iterator[Callable[[Script], RawServer]]:
    servers: list[RawServer] = []

    def start(script: Script) -> RawServer:
        servers.append(RawServer(script))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def answer(status: int, body: bytes, *headers: str) -> Script:
    def script(conn: socket.socket, stop: threading.Event) -> None:
        head = [f"HTTP/1.1 {status} X", "Content-Type: application/json", *headers]
        head += [f"Content-Length: {len(body)}", "Connection: close"]
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)

    return script


def connect(server: RawServer, **options: object) -> sms_api.SmsApiClient:
    return sms_api.connect(server.url, USERNAME, PASSWORD, **options)  # type: ignore[arg-type]


# ---- corrupt compressed bodies ------------------------------------------------------------------------

GOOD = b'{"balance": 1.5, "currency": "EUR"}'
CORRUPT = [
    pytest.param(
        ("gzip",), b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"garbage" * 20, id="gzip-then-garbage"
    ),
    pytest.param(("gzip",), zlib.compress(GOOD), id="zlib-labelled-gzip"),
    pytest.param(("gzip",), gzip.compress(GOOD)[:-6], id="truncated-gzip"),
    pytest.param(("deflate",), b"\x78\x9c" + b"\xff" * 40, id="deflate-garbage"),
    pytest.param(("gzip", "gzip"), gzip.compress(b"not gzip inside"), id="gzip-gzip-inner-plain"),
    pytest.param(("br",), b"\x0b\x02\x80hi\x03", id="unasked-brotli"),
]


@pytest.mark.parametrize(("encodings", "body"), CORRUPT)
async def test_corrupt_compressed_200_is_a_decode_error(
    serve: Callable[[Script], RawServer], encodings: tuple[str, ...], body: bytes
) -> None:
    server = serve(answer(200, body, "Content-Encoding: " + ", ".join(encodings)))
    with connect(server) as client, pytest.raises(sms_api.ResponseDecodeError) as info:
        get_account_balance.sync(client=client)
    assert info.value.status_code == 200 and "Content-Encoding" in str(info.value)
    async with connect(server) as client:
        with pytest.raises(sms_api.ResponseDecodeError):
            await get_account_balance.asyncio(client=client)


@pytest.mark.parametrize(("encodings", "body"), CORRUPT)
async def test_corrupt_compressed_5xx_keeps_its_status(
    serve: Callable[[Script], RawServer], encodings: tuple[str, ...], body: bytes
) -> None:
    server = serve(answer(503, body, *(f"Content-Encoding: {name}" for name in encodings)))
    with connect(server, max_retries=0) as client, pytest.raises(sms_api.ServerError) as info:
        get_account_balance.sync(client=client)
    assert info.value.status_code == 503 and info.value.body == b""
    async with connect(server, max_retries=0) as client:
        with pytest.raises(sms_api.ServerError) as async_info:
            await get_account_balance.asyncio(client=client)
    assert async_info.value.status_code == 503


def test_stacked_encodings_that_are_sound_decode(serve: Callable[[Script], RawServer]) -> None:
    body = gzip.compress(zlib.compress(GOOD))
    server = serve(answer(200, body, "Content-Encoding: deflate", "Content-Encoding: gzip"))
    with connect(server) as client:
        balance = get_account_balance.sync(client=client)
    assert balance.balance == 1.5 and balance.currency == "EUR"


def test_the_client_asks_only_for_encodings_it_bounds(serve: Callable[[Script], RawServer]) -> None:
    server = serve(answer(200, GOOD))
    with connect(server) as client:
        get_account_balance.sync(client=client)
    assert b"\r\naccept-encoding: gzip, deflate\r\n" in server.heads[0].lower()


# ---- compression bombs, in a child process under a memory bound -------------------------------------

BOMB_CHILD = r"""
import asyncio, json, resource, socket, sys, threading, tracemalloc, zlib
import sms_api
from sms_api_client.api.account import get_account_balance

resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # a safety net; the measure is tracemalloc's
DECODED = 128 << 20
CAP = 4 << 20

def compress(wbits, pieces):
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join([*(c.compress(p) for p in pieces), c.flush()])

def zeros():
    block = bytes(1 << 20)
    return (block for _ in range(DECODED >> 20))

GZIP, ZLIB = 31, 15
bombs = {
    "gzip, gzip": ([ "gzip, gzip"], compress(GZIP, [compress(GZIP, zeros())])),
    "deflate, deflate": (["deflate, deflate"], compress(ZLIB, [compress(ZLIB, zeros())])),
    "gzip + gzip headers": (["gzip", "gzip"], compress(GZIP, [compress(GZIP, zeros())])),
    "gzip x3": (["gzip, gzip, gzip"], compress(GZIP, [compress(GZIP, [compress(GZIP, zeros())])])),
}
plan = []

def serve(listener):
    while True:
        conn, _ = listener.accept()
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                head += conn.recv(4096)
            status, encodings, body = plan[0]
            lines = [f"HTTP/1.1 {status} X", "Content-Type: application/json"]
            lines += [f"Content-Encoding: {e}" for e in encodings]
            lines += [f"Content-Length: {len(body)}", "Connection: close"]
            try:
                conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            except OSError:
                pass

listener = socket.create_server(("127.0.0.1", 0))
threading.Thread(target=serve, args=(listener,), daemon=True).start()
url = f"http://127.0.0.1:{listener.getsockname()[1]}"

def summary(error, peak):
    name = type(error).__name__ if error else None
    return {"error": name, "status": getattr(error, "status_code", None), "peak": peak}

def sync_error(client):
    try:
        get_account_balance.sync(client=client)
    except Exception as exc:
        return exc

async def async_error(client):
    try:
        await get_account_balance.asyncio(client=client)
    except Exception as exc:
        return exc

cases = [(name, status) for name in bombs for status in (200, 503)]
results = []

def record(name, status, mode, result):
    encodings, body = bombs[name]
    results.append({"bomb": name, "bytes": len(body), "http": status, "mode": mode, **result})

# Each mode is warmed up (lazy imports, TLS contexts) by one unmeasured call; the peak above what was
# allocated before a call is that call's.
tracemalloc.start()
with sms_api.connect(url, "u", "p", max_response_bytes=CAP, max_retries=0) as client:
    for name, status in [cases[0], *cases]:
        plan[:] = [(status, *bombs[name])]
        error = None  # the last call's error goes before the next is measured
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        error = sync_error(client)
        record(name, status, "sync", summary(error, tracemalloc.get_traced_memory()[1] - base))

async def measure_async():
    async with sms_api.connect(url, "u", "p", max_response_bytes=CAP, max_retries=0) as client:
        for name, status in [cases[0], *cases]:
            plan[:] = [(status, *bombs[name])]
            error = None
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            error = await async_error(client)
            record(name, status, "async", summary(error, tracemalloc.get_traced_memory()[1] - base))

asyncio.run(measure_async())
print(json.dumps(results))
"""


def test_stacked_compression_bombs_stay_within_the_cap() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BOMB_CHILD], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    everything = json.loads(done.stdout)
    assert len(everything) == 2 * 9
    results = everything[1:9] + everything[10:]  # without each mode's warm-up call
    cap = 4 << 20
    for result in results:
        expected = "ResponseDecodeError" if result["http"] == 200 else "ServerError"
        assert result["error"] == expected and result["status"] == result["http"], result
        # The cap, the buffer's growth margin (1/8) and a little per layer; the bombs decode to 128 MiB.
        assert result["peak"] < cap * 1.125 + (1 << 20), result
    assert all(result["bytes"] < 150_000 for result in results)


# ---- the whole call's deadline against trickling answers --------------------------------------------


def trickle_body(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
    while not stop.wait(0.5):
        conn.sendall(b" ")


def trickle_headers(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    while not stop.wait(0.5):
        conn.sendall(b"a")


@pytest.mark.parametrize("script", [trickle_body, trickle_headers], ids=["body", "headers"])
def test_a_trickling_answer_ends_at_the_deadline_sync(
    serve: Callable[[Script], RawServer], script: Script
) -> None:
    server = serve(script)
    with connect(server, timeout=2, total_timeout=3) as client:
        started = time.monotonic()
        with pytest.raises(sms_api.ApiTimeoutError) as info:
            get_account_balance.sync(client=client)
        elapsed = time.monotonic() - started
    assert 2.9 <= elapsed < 4.0, elapsed
    assert "total_timeout of 3 s exceeded" in str(info.value)


@pytest.mark.parametrize("script", [trickle_body, trickle_headers], ids=["body", "headers"])
async def test_a_trickling_answer_ends_at_the_deadline_async(
    serve: Callable[[Script], RawServer], script: Script
) -> None:
    server = serve(script)
    async with connect(server, timeout=2, total_timeout=3) as client:
        started = time.monotonic()
        with pytest.raises(sms_api.ApiTimeoutError) as info:
            await get_account_balance.asyncio(client=client)
        elapsed = time.monotonic() - started
    assert 2.9 <= elapsed < 4.0, elapsed
    assert "total_timeout of 3 s exceeded" in str(info.value)


def stall(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(10)


async def test_the_deadline_covers_every_retry(serve: Callable[[Script], RawServer]) -> None:
    # Reads are retried after a read timeout; with 1 s each and up to 9 retries, only the deadline stops them.
    server = serve(stall)
    policy = sms_api.RetryPolicy(max_retries=9, initial_backoff=0.1, jitter=lambda: 1.0)
    with connect(server, timeout=1, total_timeout=2.5, retry_policy=policy) as client:
        started = time.monotonic()
        with pytest.raises(sms_api.ApiTimeoutError, match=r"total_timeout of 2\.5 s exceeded"):
            get_account_balance.sync(client=client)
        assert 2.4 <= time.monotonic() - started < 4.0  # without the deadline: 10 attempts, over 10 s
    assert server.connections >= 2  # it was retried, and the deadline still held
    async with connect(server, timeout=1, total_timeout=2.5, retry_policy=policy) as client:
        started = time.monotonic()
        with pytest.raises(sms_api.ApiTimeoutError, match=r"total_timeout of 2\.5 s exceeded"):
            await get_account_balance.asyncio(client=client)
        assert 2.4 <= time.monotonic() - started < 4.0  # without the deadline: 10 attempts, over 10 s


def test_with_options_sets_the_deadline_per_call(serve: Callable[[Script], RawServer]) -> None:
    server = serve(trickle_body)
    with connect(server, timeout=2) as client:
        assert client.total_timeout == 300
        started = time.monotonic()
        with pytest.raises(sms_api.ApiTimeoutError, match=r"total_timeout of 1\.5 s"):
            get_account_balance.sync(client=client.with_options(total_timeout=1.5))
        assert time.monotonic() - started < 2.2
