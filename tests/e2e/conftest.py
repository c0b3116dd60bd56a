"""Fixtures for the end-to-end tests: a sandbox process and a local HTTP receiver for pushed callbacks."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sms_sandbox.process import SandboxProcess, sandbox_process


@pytest.fixture
def sandbox() -> Iterator[SandboxProcess]:
    """A fresh sandbox process per test (own state); reports are final 0.2 s after sending."""
    with sandbox_process("--delivery-delay", "0.2") as running:
        yield running
        assert running.alive(), "the sandbox process died during the test"


@dataclass
class Push:
    path: str
    content_type: str
    body: bytes


@dataclass
class Receiver:
    url: str
    pushes: queue.Queue[Push] = field(default_factory=queue.Queue)

    def wait(self, path: str, timeout: float = 10.0) -> Push:
        """The next push to `path`; pushes to other paths are kept for later calls."""
        deadline = time.monotonic() + timeout
        others: list[Push] = []
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"nothing was pushed to {path} within {timeout} s")
                try:
                    push = self.pushes.get(timeout=remaining)
                except queue.Empty:
                    continue
                if push.path == path:
                    return push
                others.append(push)
        finally:
            for push in others:
                self.pushes.put(push)


@contextlib.contextmanager
def recording_receiver() -> Iterator[Receiver]:
    """A tiny HTTP server on a free loopback port that records every POST and answers 200."""
    pushes: queue.Queue[Push] = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            pushes.put(Push(self.path, self.headers.get("Content-Type", ""), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Receiver(f"http://127.0.0.1:{server.server_address[1]}", pushes)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with recording_receiver() as running:
        yield running
