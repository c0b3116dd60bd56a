"""Sockets that obey the running call's deadline (``sms_api.deadline``): the sync pool's backend, wrapped.

They also send a request's head and body in one write (httpcore writes them apart), which saves a send per
call on a kept-alive connection.

Kept apart from ``sms_api.deadline`` because it subclasses httpcore's classes: httpx imports httpcore only
when a transport is made, so ``import sms_api`` does not pay for it either (``SmsApiClient`` imports this
module when it builds its sync transport).
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Iterable
from typing import Any, Final

import httpcore
import httpx

from .deadline import active_deadline

__all__ = ["bound_sockets"]


def _cut(timeout: float | None) -> float | None:
    deadline = active_deadline()
    return timeout if deadline is None else deadline.cut(timeout)


#: The first write of a request (its head), up to this size, is held until the next write or read, so that a
#: request's head and its body leave in one send: httpcore writes them separately, and on loopback each send
#: costs about as much CPU (the kernel delivering the segment and its ACK) as all of the SDK's own work on a
#: call. Only the head is held, so a streamed body's chunks leave as they come; a body larger than this goes
#: in its own send rather than being copied onto the head.
_HOLD_BYTES: Final = 64 * 1024


class _BoundStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream
        self._held = b""
        self._held_timeout: float | None = None
        self._next_write_is_a_head = True

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._held:
            self._send_held()
        self._next_write_is_a_head = True  # HTTP/1.1: the next request's head comes after this answer
        return self._stream.read(max_bytes, _cut(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self._held:
            held, self._held = self._held, b""
            if len(buffer) <= _HOLD_BYTES:
                buffer = held + buffer
            else:
                self._stream.write(held, _cut(self._held_timeout))
        elif self._next_write_is_a_head and len(buffer) <= _HOLD_BYTES:
            self._next_write_is_a_head = False
            self._held, self._held_timeout = buffer, timeout
            return
        self._next_write_is_a_head = False
        self._stream.write(buffer, _cut(timeout))

    def _send_held(self) -> None:
        held, self._held = self._held, b""
        # What httpcore does with a write that fails: read the answer anyway (a server may refuse a request
        # early with a well-formed error response); a write timeout still raises.
        with contextlib.suppress(httpcore.WriteError):
            self._stream.write(held, _cut(self._held_timeout))

    def close(self) -> None:
        self._held = b""
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        if self._held:
            self._send_held()
        return _BoundStream(self._stream.start_tls(ssl_context, server_hostname, _cut(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _BoundBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, _cut(timeout), local_address, socket_options)
        return _BoundStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        return _BoundStream(self._backend.connect_unix_socket(path, _cut(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def bound_sockets(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    """Make the sockets of ``transport``'s pool obey the active :class:`Deadline` (:meth:`Deadline.active`).

    httpx offers no option for the network backend, so the pool's is wrapped in place, before the pool opens a
    connection. A pool without one (another httpx version) is left as it is: the deadline is then checked
    between body chunks only.
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, _BoundBackend):
        pool._network_backend = _BoundBackend(backend)  # type: ignore[union-attr]
    return transport
