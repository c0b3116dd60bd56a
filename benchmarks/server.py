"""Start the sandbox (``python -m sms_sandbox``, uvicorn) on a free loopback port for some benchmarks."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

USERNAME = "Aladdin"
PASSWORD = "open sesame"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def sandbox(*, startup_timeout: float = 20.0) -> Iterator[str]:
    """Yield the base URL of a fresh sandbox process (in-memory state); stop it afterwards."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sms_sandbox",
                "--host",
                HOST,
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://{HOST}:{port}"
        try:
            _wait_ready(proc, base_url, startup_timeout, log)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(proc: subprocess.Popen[bytes], base_url: str, timeout: float, log: object) -> None:
    deadline = time.monotonic() + timeout
    auth = httpx.BasicAuth(USERNAME, PASSWORD)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the sandbox exited with status {proc.returncode} before it was ready")
        try:
            if httpx.get(f"{base_url}/sandbox/clock", auth=auth, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the sandbox did not answer on {base_url} within {timeout:.0f} s")


ROOT = Path(__file__).resolve().parent.parent
