"""When to repeat a request, and how long to wait first. Pure decisions; the transports do the sleeping.

- ``safe`` requests (reads, and advanced sends whose every destination has a client ``messageId``) are
  repeated after connection errors, timeouts, 429 and 502/503/504.
- ``never`` requests (sends) are repeated only when they provably never left: the connection was never
  established (``httpx.ConnectError``, ``ConnectTimeout``, ``PoolTimeout``). A read timeout or a reset after
  the request was written may mean the server sent (and billed) the SMS.

Waits grow exponentially with full jitter (``random() * min(max_backoff, initial_backoff * 2**n)``), and a
``Retry-After`` header (seconds or an HTTP date) replaces the computed wait; one that is negative or in the
past does not (the computed wait applies). A ``Retry-After`` longer than
``max_retry_after`` is not waited for: the error is raised at once, carrying ``retry_after``.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

import httpx

from .routing import RetryClass

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy", "never_sent", "parse_retry_after"]

RETRYABLE_STATUSES: Final = frozenset({429, 502, 503, 504})

# Raised before a connection existed: the request bytes cannot have reached the server.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def never_sent(exc: BaseException) -> bool:
    """True when ``exc`` proves that the request never left this process."""
    return isinstance(exc, _NOT_SENT)


def parse_retry_after(value: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date).

    ``None`` if absent, unreadable, negative or in the past (then the normal backoff applies); ``math.inf``
    for an infinite value, which no ``max_retry_after`` allows.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - now()
    if math.isnan(seconds) or seconds < 0:
        # A wait in the past (or nonsense) says nothing about when to come back: back off as usual, never
        # hammer the server at once.
        return None
    # An infinite wait (``inf``, ``1e309``, a date centuries ahead) is simply longer than max_retry_after.
    return seconds


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry. ``max_retries=0`` disables retries."""

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0
    jitter: Callable[[], float] = field(default=random.random, repr=False, compare=False)
    """Returns a number in [0, 1) that scales each computed wait (full jitter); inject one in tests."""

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")

    def backoff(self, retry_number: int) -> float:
        """Wait before retry ``retry_number`` (0 for the first retry) without a ``Retry-After``."""
        ceiling = min(self.max_backoff, self.initial_backoff * 2.0**retry_number)
        return ceiling * self.jitter()

    def after_exception(self, exc: BaseException, retry_class: RetryClass, retries_done: int) -> float | None:
        """Seconds to wait before repeating after a transport exception, or ``None`` to give up."""
        if retries_done >= self.max_retries:
            return None
        if never_sent(exc) or (
            retry_class == "safe"
            and isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)
        ):
            return self.backoff(retries_done)
        return None

    def after_status(
        self, status_code: int, retry_after: float | None, retry_class: RetryClass, retries_done: int
    ) -> float | None:
        """Seconds to wait before repeating after an error status, or ``None`` to give up."""
        if retries_done >= self.max_retries or retry_class != "safe" or status_code not in RETRYABLE_STATUSES:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return self.backoff(retries_done)
