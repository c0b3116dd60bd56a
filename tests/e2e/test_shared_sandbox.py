"""The sandbox process shared by clients and accounts, over real sockets: framing, connection timeouts, large
requests next to small ones, one account's dead callback receivers, read-once reports under kill -9."""

from __future__ import annotations

import base64
import json
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from sms_sandbox.process import PASSWORD, USERNAME, SandboxProcess, sandbox_process

from .conftest import Receiver

AUTH = (USERNAME, PASSWORD)
BASIC = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
BALANCE_REQUEST = (
    f"GET /restapi/account/1/balance HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {BASIC}\r\n\r\n"
)


def _connect(sandbox: SandboxProcess) -> socket.socket:
    return socket.create_connection((sandbox.host, sandbox.port), timeout=10)


def _read_until_closed(sock: socket.socket, timeout: float = 10) -> bytes:
    sock.settimeout(timeout)
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


# --------------------------------------------------------------------------------------------------------
# Framing and connection timeouts
# --------------------------------------------------------------------------------------------------------


@pytest.fixture
def quick_timeouts() -> Iterator[SandboxProcess]:
    with sandbox_process("--header-timeout", "1", "--idle-timeout", "1", access_log=False) as running:
        yield running


def test_content_length_with_transfer_encoding_is_a_400_and_the_connection_closes(
    quick_timeouts: SandboxProcess,
) -> None:
    smuggled = BALANCE_REQUEST
    request = (
        "POST /restapi/sms/1/text/single HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Basic {BASIC}\r\nContent-Type: application/json\r\n"
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled
    )
    with _connect(quick_timeouts) as sock:
        sock.sendall(request.encode())
        answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert answer.count(b"HTTP/1.1 ") == 1, answer  # the bytes after the body were not served


def test_a_connection_that_sends_nothing_is_closed(quick_timeouts: SandboxProcess) -> None:
    with _connect(quick_timeouts) as sock:
        assert _read_until_closed(sock) == b""


def test_a_request_head_trickling_in_is_cut_off(quick_timeouts: SandboxProcess) -> None:
    head = BALANCE_REQUEST.encode()
    closed_after = None
    with _connect(quick_timeouts) as sock:
        for sent, byte in enumerate(head):
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed_after = sent
                break
            time.sleep(0.1)  # one byte every 0.1 s: each one would restart uvicorn's keep-alive timer
            sock.setblocking(False)
            try:
                if sock.recv(1) == b"":
                    closed_after = sent
                    break
            except BlockingIOError:
                pass
            finally:
                sock.setblocking(True)
    assert closed_after is not None and closed_after < len(head) - 1


def test_an_idle_keep_alive_connection_is_closed(quick_timeouts: SandboxProcess) -> None:
    with _connect(quick_timeouts) as sock:
        sock.sendall(BALANCE_REQUEST.encode())
        answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 200 ") and b'"balance"' in answer


# --------------------------------------------------------------------------------------------------------
# A large request does not hold other clients up
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/restapi/sms/1/text/single", {"to": [f"4179{i:07d}" for i in range(10_000)], "text": "hello"}),
        ("/restapi/number/1/query", {"to": [f"4179{i:07d}" for i in range(10_000)]}),
    ],
    ids=["send", "lookup"],
)
def test_other_clients_are_served_while_a_large_request_runs(path: str, body: dict[str, object]) -> None:
    payload = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {BASIC}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode()
    with sandbox_process(access_log=False) as sandbox:
        sent = threading.Event()
        answered = threading.Event()

        def large() -> None:
            # A raw socket, so that "sent" and "answered" are the moments the bytes went and came back.
            with _connect(sandbox) as sock:
                sock.sendall(head + payload)
                sent.set()
                sock.settimeout(60)
                assert sock.recv(12).startswith(b"HTTP/1.1 200")
                answered.set()

        served_during = 0
        with httpx.Client(base_url=sandbox.base_url, auth=AUTH, timeout=60) as small:
            small.get("/restapi/account/1/balance")  # connection open, server warm
            worker = threading.Thread(target=large)
            worker.start()
            sent.wait(30)
            while not answered.is_set():
                r = small.get("/restapi/account/1/balance")
                assert r.status_code == 200
                if not answered.is_set():
                    served_during += 1
            worker.join()
    # While the event loop itself worked on the large request, nothing else was answered until the large
    # request's answer went out (at most the one small request that got in before it).
    assert served_during >= 3, served_during


# --------------------------------------------------------------------------------------------------------
# One account's dead receivers do not delay another account's pushes
# --------------------------------------------------------------------------------------------------------


@dataclass
class DeadReceiver:
    """Accepts connections, reads what comes, never answers; counts connections the sandbox gave up on."""

    sock: socket.socket
    accepted: int = 0
    closed_by_peer: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/dead"

    def run(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self.sock, selectors.EVENT_READ)
        while not self.stop.is_set():
            for key, _ in selector.select(0.05):
                if key.fileobj is self.sock:
                    conn, _ = self.sock.accept()
                    conn.setblocking(False)
                    self.accepted += 1
                    selector.register(conn, selectors.EVENT_READ)
                    continue
                conn = key.fileobj  # type: ignore[assignment]
                try:
                    data = conn.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    self.closed_by_peer += 1
                    selector.unregister(conn)
                    conn.close()
        selector.close()


@pytest.fixture
def dead_receiver() -> Iterator[DeadReceiver]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    receiver = DeadReceiver(sock)
    thread = threading.Thread(target=receiver.run, daemon=True)
    thread.start()
    yield receiver
    receiver.stop.set()
    thread.join(5)
    sock.close()


def test_one_accounts_dead_receivers_do_not_delay_another_accounts_push(
    dead_receiver: DeadReceiver, receiver: Receiver, tmp_path: Path
) -> None:
    accounts = tmp_path / "accounts.json"
    accounts.write_text(
        json.dumps({"accounts": [{"username": "mallory", "password": "pw", "balance": 1000}]})
    )
    with sandbox_process("--accounts", str(accounts), "--delivery-delay", "0.2", access_log=False) as sandbox:
        flood = {
            "messages": [
                {
                    "destinations": [{"to": f"4179{i:07d}"} for i in range(300)],
                    "text": "x",
                    "notifyUrl": dead_receiver.url,
                }
            ]
        }
        r = httpx.post(sandbox.base_url + "/restapi/sms/1/text/advanced", json=flood, auth=("mallory", "pw"))
        assert r.status_code == 200
        deadline = time.monotonic() + 10
        while dead_receiver.accepted == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert dead_receiver.accepted > 0  # the flood's pushes hang now
        url = receiver.url + "/mine"
        mine = {"messages": [{"destinations": [{"to": "41793026727"}], "text": "x", "notifyUrl": url}]}
        assert (
            httpx.post(sandbox.base_url + "/restapi/sms/1/text/advanced", json=mine, auth=AUTH).status_code
            == 200
        )
        receiver.wait("/mine")
        # Ours arrived while every one of the flood's pushes was still hanging: it did not wait for them.
        assert dead_receiver.closed_by_peer == 0


# --------------------------------------------------------------------------------------------------------
# Read once under kill -9: at least once
# --------------------------------------------------------------------------------------------------------


def _send_many(sandbox: SandboxProcess, count: int) -> set[str]:
    ids: set[str] = set()
    with httpx.Client(base_url=sandbox.base_url, auth=AUTH, timeout=60) as client:
        for start in range(0, count, 1000):
            tos = [f"4179{i:07d}" for i in range(start, min(start + 1000, count))]
            r = client.post("/restapi/sms/1/text/single", json={"to": tos, "text": "x"})
            ids.update(m["messageId"] for m in r.json()["messages"])
        # Numbers ending in 9 expire after 48 hours: every report is final after 49.
        client.post("/sandbox/clock/advance", json={"seconds": 49 * 3600})
    return ids


def _pull_until_killed(sandbox: SandboxProcess, got: list[str], started: threading.Event) -> None:
    with httpx.Client(base_url=sandbox.base_url, auth=AUTH, timeout=10) as client:
        while True:
            try:
                r = client.get("/restapi/sms/1/reports", params={"limit": 100})
            except httpx.HTTPError:
                return
            if r.status_code != 200:
                return
            results = r.json()["results"]
            got.extend(report["messageId"] for report in results)
            started.set()
            if not results:
                return


@pytest.mark.slow
def test_reports_survive_kill_9_while_being_pulled(tmp_path: Path) -> None:
    db = str(tmp_path / "sandbox.db")
    got: list[str] = []
    with sandbox_process("--db", db, "--delivery-delay", "0", access_log=False) as sandbox:
        sent = _send_many(sandbox, 4000)
    for kill_after in (0.05, 0.1, 0.15, 0.2, 0.25):
        with sandbox_process("--db", db, access_log=False) as sandbox:
            started = threading.Event()
            puller = threading.Thread(target=_pull_until_killed, args=(sandbox, got, started))
            puller.start()
            assert started.wait(10), "the puller never started pulling"
            time.sleep(kill_after)
            sandbox.process.kill()  # SIGKILL: no shutdown, no flush
            sandbox.process.wait(10)
            puller.join(20)
    with (
        sandbox_process("--db", db, access_log=False) as sandbox,
        httpx.Client(base_url=sandbox.base_url, auth=AUTH, timeout=30) as client,
    ):
        while results := client.get("/restapi/sms/1/reports", params={"limit": 1000}).json()["results"]:
            got.extend(report["messageId"] for report in results)
    assert sent - set(got) == set(), f"{len(sent - set(got))} reports were lost"
    assert set(got) <= sent
