"""The overall deadline of one call (``total_timeout``): every attempt and every wait between them.

httpx's timeouts bound each connect, read, write and pool wait, never a whole response: a body or headers
trickling a byte per second keep a call open for as long as the server likes. A :class:`Deadline` starts
when the transport receives a request and ends ``total_timeout`` seconds later, whatever the retries:

- each attempt's httpx timeouts are cut to the time left (:meth:`Deadline.clamp`);
- sync: while an attempt runs, every socket read and write of the SDK's own connection pool is cut to the
  time left too (:func:`bound_sockets` wraps the pool's network backend; :meth:`Deadline.active` says whose
  deadline applies), so a trickle stops at the deadline instead of one read timeout after it; the body
  reader also checks the deadline between chunks (:meth:`Deadline.check`), which is all a replaced
  ``transport=`` gets;
- async: the attempt runs under ``asyncio.timeout`` of the time left;
- a wait between attempts that would end after the deadline is not started (the transport decides).

The transport turns an expired deadline into ``ApiTimeoutError``.
"""

from __future__ import annotations

import contextvars
import math
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Final

import httpcore
import httpx

__all__ = ["DEFAULT_TOTAL_TIMEOUT", "Deadline", "DeadlineExceeded", "bound_sockets", "checked_total_timeout"]

#: Five minutes for a whole call, retries and waits included. Never unlimited.
DEFAULT_TOTAL_TIMEOUT: Final = 300.0

# A socket timeout of 0 would switch the socket to non-blocking mode (an OSError, not a timeout).
_SHORTEST: Final = 0.001
# How early a timeout cut to the deadline may fire and still count as the deadline's.
_SLACK: Final = 0.05

_active: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("sms_api_deadline", default=None)


class DeadlineExceeded(Exception):
    """The call's ``total_timeout`` ran out while a body was being read."""


def checked_total_timeout(value: float) -> float:
    """``value`` checked as a ``total_timeout``: a positive, finite number of seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"total_timeout must be a number of seconds, not {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"total_timeout must be a positive, finite number of seconds, not {value!r}")
    return float(value)


class Deadline:
    """The end of one call, ``seconds`` from now on ``clock``."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def remaining(self) -> float:
        return self._end - self._clock()

    def expired(self) -> bool:
        # A socket timeout cut to the time left may fire a hair early.
        return self.remaining() <= _SHORTEST

    def ended(self, exc: BaseException) -> bool:
        """True when the attempt failure ``exc`` is the deadline's doing.

        A timeout cut to the time left (by :meth:`clamp` or a bound socket) may fire a few milliseconds before
        the deadline, by the event loop's or the kernel's reckoning: within :data:`_SLACK` of it, a timeout
        counts as the deadline's (no retry could fit in what is left anyway).
        """
        if isinstance(exc, httpx.TimeoutException):
            return self.remaining() < _SLACK
        return self.expired()

    def check(self) -> None:
        if self.expired():
            raise DeadlineExceeded

    def cut(self, timeout: float | None) -> float:
        """``timeout`` (``None``: unlimited) shortened to the time left, never below a millisecond."""
        left = max(self.remaining(), _SHORTEST)
        return left if timeout is None else min(timeout, left)

    def clamp(self, request: httpx.Request) -> None:
        """Cut the request's httpx timeouts (the ``timeout`` extension) to the time left."""
        timeouts = request.extensions.get("timeout")
        if isinstance(timeouts, dict):
            request.extensions["timeout"] = {name: self.cut(value) for name, value in timeouts.items()}

    @contextmanager
    def active(self) -> Iterator[None]:
        """Within the block, the sockets of a :func:`bound_sockets` pool obey this deadline."""
        token = _active.set(self)
        try:
            yield
        finally:
            _active.reset(token)


def _cut(timeout: float | None) -> float | None:
    deadline = _active.get()
    return timeout if deadline is None else deadline.cut(timeout)


class _BoundStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _cut(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _cut(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
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
