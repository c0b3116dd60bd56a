"""Time for the sandbox: injectable, so tests move it instead of sleeping.

Every time the sandbox reasons about (send time, delivery, expiry, callback backoff, log retention) comes from
a :class:`Clock`. :class:`SystemClock` is real time plus an offset that the admin route
``POST /sandbox/clock/advance`` grows; :class:`ManualClock` stands still until told to move.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol, runtime_checkable

__all__ = ["MAX_MS", "MIN_MS", "Clock", "ManualClock", "SystemClock", "from_ms", "to_ms"]

UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


@runtime_checkable
class Clock(Protocol):
    """What the sandbox needs from a clock: an aware ``now()`` and a way to move forward."""

    def now(self) -> dt.datetime: ...

    def advance(self, seconds: float) -> None: ...


class SystemClock:
    """Real time (UTC) plus an offset that only grows."""

    def __init__(self, offset_seconds: float = 0.0) -> None:
        self._offset = dt.timedelta(seconds=offset_seconds)
        self._lock = threading.Lock()

    @property
    def offset_seconds(self) -> float:
        return self._offset.total_seconds()

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            self._offset += dt.timedelta(seconds=seconds)


class ManualClock:
    """A clock that stands still: ``advance`` is the only way time passes. For tests."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        if start is None:
            start = dt.datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
        if start.tzinfo is None:
            raise ValueError("start must be an aware datetime")
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            self._now += dt.timedelta(seconds=seconds)

    def set(self, when: dt.datetime) -> None:
        if when < self._now:
            raise ValueError("time only moves forward")
        self._now = when


def to_ms(when: dt.datetime) -> int:
    """Aware datetime -> integer milliseconds since the epoch (how the database stores time)."""
    delta = when - _EPOCH
    return delta // dt.timedelta(milliseconds=1)


def from_ms(ms: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(milliseconds=ms)


#: The first and last millisecond a datetime can hold (years 1 and 9999, UTC).
MIN_MS: int = to_ms(dt.datetime.min.replace(tzinfo=UTC))
MAX_MS: int = to_ms(dt.datetime.max.replace(tzinfo=UTC))
