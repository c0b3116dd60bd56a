"""Helpers shared by the sandbox tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette

from .._spec import AUTH

__all__ = ["AUTH", "START", "XML_HEADERS", "api_error", "client_for", "free_port", "sandbox_of", "serve"]

START = dt.datetime(2025, 3, 1, 12, 0, 0, tzinfo=dt.UTC)
XML_HEADERS = {"Content-Type": "application/xml", "Accept": "application/xml"}


def client_for(app: Starlette, auth: tuple[str, str] | None = AUTH) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox", auth=auth)


def sandbox_of(app: Starlette) -> Any:
    return app.state.sandbox


def api_error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    exception = body["requestError"]["serviceException"]
    assert set(exception) == {"messageId", "text"}
    return dict(exception)


# --------------------------------------------------------------------------------------------------------
# A real server on a free loopback port
# --------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
