"""Start the sandbox (``sms-api-sandbox``, uvicorn) on a free loopback port for some benchmarks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sms_sandbox.process import PASSWORD, USERNAME, sandbox_process

__all__ = ["PASSWORD", "ROOT", "USERNAME", "sandbox"]


@contextlib.contextmanager
def sandbox(*, startup_timeout: float = 20.0) -> Iterator[str]:
    """Yield the base URL of a fresh sandbox process (in-memory state, no access log); stop it afterwards."""
    with sandbox_process(timeout=startup_timeout, access_log=False) as process:
        yield process.base_url


ROOT = Path(__file__).resolve().parent.parent
