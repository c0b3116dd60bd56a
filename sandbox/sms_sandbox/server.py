"""The sandbox's HTTP/1.1 connection handling: uvicorn's h11 protocol with stricter framing and timeouts.

uvicorn (h11) lets ``Transfer-Encoding`` win over ``Content-Length`` when a request carries both and keeps the
connection open, so whatever follows the body the client meant is served as a second request: request
smuggling. RFC 9112 section 6.1 says such a message may be smuggled and the server must close the connection
after answering; this answers 400 and closes.

uvicorn's ``timeout_keep_alive`` only starts after a response, and any byte restarts it: a connection that
never sends a request, or sends its header a byte at a time, is held open forever. Here the whole request head
(request line and header fields) must arrive within ``header_timeout`` seconds of the connection opening or of
the previous response; the connection is closed otherwise. Idle keep-alive connections close after
``idle_timeout`` seconds (uvicorn's ``timeout_keep_alive``).
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .connection_limits import HEADER_TIMEOUT, IDLE_TIMEOUT

__all__ = ["HEADER_TIMEOUT", "IDLE_TIMEOUT", "SandboxHttpProtocol", "protocol_with"]


class _StrictFraming:
    """Wraps an ``h11.Connection``: a request with both ``Content-Length`` and ``Transfer-Encoding`` is a
    protocol error, which uvicorn answers with 400 and a closed connection."""

    def __init__(self, conn: h11.Connection, on_request: Any) -> None:
        self._conn = conn
        self._on_request = on_request

    def next_event(self) -> Any:
        event = self._conn.next_event()
        if isinstance(event, h11.Request):
            names = {name.lower() for name, _ in event.headers}
            if b"content-length" in names and b"transfer-encoding" in names:
                raise h11.RemoteProtocolError("both Content-Length and Transfer-Encoding (RFC 9112 6.1)")
            self._on_request()
        return event

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class SandboxHttpProtocol(H11Protocol):
    header_timeout: float = HEADER_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conn = _StrictFraming(self.conn, self._request_head_complete)  # type: ignore[assignment]
        self._head_timer: asyncio.TimerHandle | None = None

    def _arm_head_timer(self) -> None:
        self._request_head_complete()
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _request_head_complete(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being handled: its own timeouts apply
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._request_head_complete()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()


def protocol_with(header_timeout: float) -> type[SandboxHttpProtocol]:
    """The protocol class with its own header timeout (uvicorn builds protocols from a class)."""
    return type("SandboxHttpProtocol", (SandboxHttpProtocol,), {"header_timeout": header_timeout})
