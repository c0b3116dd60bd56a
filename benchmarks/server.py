"""Start the sandbox (``sms-api-sandbox``, uvicorn) on a free loopback port for some benchmarks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import httpx

from sms_sandbox.process import PASSWORD, USERNAME, sandbox_process

__all__ = ["PASSWORD", "ROOT", "USERNAME", "sandbox", "top_up"]


@contextlib.contextmanager
def sandbox(*, startup_timeout: float = 20.0) -> Iterator[str]:
    """Yield the base URL of a fresh sandbox process (in-memory state, no access log); stop it afterwards."""
    with sandbox_process(timeout=startup_timeout, access_log=False) as process:
        yield process.base_url


def top_up(base_url: str) -> None:
    """Credit the default account for every message a benchmark sends (its 100 EUR pay for 10,000), so
    that the sends measured are accepted ones, whatever ran before on the same sandbox."""
    with httpx.Client(base_url=base_url, auth=(USERNAME, PASSWORD), timeout=30) as client:
        client.put("/sandbox/balance", json={"balance": 1e9}).raise_for_status()


ROOT = Path(__file__).resolve().parent.parent
