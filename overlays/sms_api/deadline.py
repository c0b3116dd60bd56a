"""The overall deadline of one call (``total_timeout``): every attempt and every wait between them.

httpx's timeouts bound each connect, read, write and pool wait, never a whole response: a body or headers
trickling a byte per second keep a call open for as long as the server likes. A :class:`Deadline` starts
when the transport receives a request and ends ``total_timeout`` seconds later, whatever the retries:

- each attempt's httpx timeouts are cut to the time left (:meth:`Deadline.clamp`);
- sync: while an attempt runs, every socket read and write of the SDK's own connection pool is cut to the
  time left too (``sms_api.bound_sockets`` wraps the pool's network backend; :meth:`Deadline.active` says
  whose deadline applies), so a trickle stops at the deadline instead of one read timeout after it; the body
  reader also checks the deadline between chunks (:meth:`Deadline.check`), which is all a replaced
  ``transport=`` gets;
- async: the attempt runs under ``asyncio.timeout`` of the time left;
- a wait between attempts that would end after the deadline is not started (the transport decides).

The transport turns an expired deadline into ``ApiTimeoutError``.
"""

from __future__ import annotations

import contextvars
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final

import httpx

__all__ = [
    "DEFAULT_TOTAL_TIMEOUT",
    "Deadline",
    "DeadlineExceeded",
    "active_deadline",
    "checked_total_timeout",
]

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
        """Within the block, the sockets of a ``bound_sockets`` pool obey this deadline."""
        token = _active.set(self)
        try:
            yield
        finally:
            _active.reset(token)


def active_deadline() -> Deadline | None:
    """The deadline of the attempt running in this context (:meth:`Deadline.active`), if any."""
    return _active.get()
