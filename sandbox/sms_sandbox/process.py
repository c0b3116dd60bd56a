"""Run ``sms-api-sandbox`` as a child process on a free loopback port: for tests, the demo and benchmarks.

The port is chosen by the server itself (``--port 0``) and read from uvicorn's start-up line, so there is no
race between picking a port and binding it. The process is killed at the end, whatever happened.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .accounts import DEFAULT_ACCOUNT

__all__ = ["PASSWORD", "USERNAME", "SandboxProcess", "sandbox_process"]

USERNAME = DEFAULT_ACCOUNT.username
PASSWORD = DEFAULT_ACCOUNT.password
_RUNNING = re.compile(r"Uvicorn running on https?://[^:]+:(\d+)")


@dataclass
class SandboxProcess:
    base_url: str
    host: str
    port: int
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def admin(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        """Call one of the sandbox-only admin routes (``/sandbox/...``) with the default account."""
        with httpx.Client(base_url=self.base_url, auth=(USERNAME, PASSWORD), timeout=10) as client:
            return client.request(method, path, **kwargs)  # type: ignore[arg-type]

    def alive(self) -> bool:
        return self.process.poll() is None


def _command(python: str) -> list[str]:
    script = shutil.which("sms-api-sandbox", path=str(Path(python).parent))
    return [script] if script else [python, "-m", "sms_sandbox"]


@contextmanager
def sandbox_process(
    *extra: str, timeout: float = 20.0, access_log: bool = True, python: str | None = None
) -> Iterator[SandboxProcess]:
    """Start the sandbox (``sms-api-sandbox --host 127.0.0.1 --port 0 ...``), wait until it answers, stop it.

    ``access_log=False`` keeps uvicorn from logging every request (benchmarks: the log costs the server CPU).
    ``python`` runs the sandbox installed for that interpreter (another venv's) instead of this one's.
    """
    args = [
        *_command(python or sys.executable),
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--log-level",
        "info",
        *extra,
    ]
    if not access_log:
        args.append("--no-access-log")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, bufsize=1
    )
    output: list[str] = []
    port_found = threading.Event()
    port: list[int] = []

    def drain() -> None:  # keeps the pipe empty (access logs) and finds the port
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            match = _RUNNING.search(line)
            if match and not port:
                port.append(int(match.group(1)))
                port_found.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + timeout
        while not port_found.wait(0.05):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the sandbox did not start: {''.join(output)[-2000:]}")
        base_url = f"http://127.0.0.1:{port[0]}"
        while True:
            try:
                httpx.get(f"{base_url}/restapi/account/1/balance", auth=(USERNAME, PASSWORD), timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the sandbox does not answer: {''.join(output)[-2000:]}") from None
                time.sleep(0.05)
        yield SandboxProcess(base_url, "127.0.0.1", port[0], process, output)
    finally:
        process.kill()
        process.wait(timeout=10)
