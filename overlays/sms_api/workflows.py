"""What users otherwise write by hand on the resource client: wait for final statuses, bulk sends.

``Logs``/``AsyncLogs`` add :meth:`~Logs.wait_final` to the generated ``api.logs`` resource,
``Sms``/``AsyncSms`` add :meth:`~Sms.send_bulk` to ``api.sms``. Both work only through the generated
methods, so they raise what those raise and are typed by the generated models.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from sms_api_resources import AsyncLogsResource, AsyncSmsResource, LogsResource, SmsResource

from .errors import SmsApiError

if TYPE_CHECKING:
    from sms_api_client.models import SentSMSLog

    from .bulk import (
        MAX_BATCH_SIZE,
        BatchError,
        BulkMessageResult,
        BulkProgress,
        BulkSendResult,
        Destination,
        message_id_for,
    )

__all__ = [
    "MAX_BATCH_SIZE",
    "AsyncLogs",
    "AsyncSms",
    "BatchError",
    "BulkMessageResult",
    "BulkProgress",
    "BulkSendResult",
    "Destination",
    "Logs",
    "Sms",
    "WaitTimeoutError",
    "message_id_for",
]

#: Message IDs per logs request while waiting: the SDK's own choice, to keep URLs short (the spec sets no
#: maximum for the ``messageId`` filter).
WAIT_IDS_PER_REQUEST = 100

# send_bulk's results and machinery live in sms_api.bulk, imported by the first send_bulk or the first of
# these names asked for here: its dataclasses take ~7 ms to build, which `from sms_api import SmsApi` would
# otherwise pay before any bulk send.
_BULK_NAMES = ("MAX_BATCH_SIZE", "BatchError", "BulkMessageResult", "BulkProgress", "BulkSendResult")
_FROM_BULK = dict.fromkeys((*_BULK_NAMES, "Destination", "message_id_for"), ".bulk")

if not TYPE_CHECKING:  # type checkers read the imports above (sms_api.lazy_names says why)
    from .lazy_names import lazy_names

    __getattr__, __dir__ = lazy_names(globals(), _FROM_BULK)


class WaitTimeoutError(SmsApiError, TimeoutError):
    """:meth:`Logs.wait_final` ran out of time: ``pending`` are the IDs not final yet (in input order),
    ``final`` the log entries of those that are."""

    def __init__(self, pending: Sequence[str], final: dict[str, SentSMSLog], timeout: float) -> None:
        self.pending = tuple(pending)
        self.final = final
        shown = ", ".join(self.pending[:10]) + (
            f" and {len(self.pending) - 10} more" if len(pending) > 10 else ""
        )
        super().__init__(f"{len(self.pending)} message(s) not final after {timeout:g} s: {shown}")


# ---- wait_final --------------------------------------------------------------------------------------------


def _ids(message_ids: str | Iterable[str]) -> tuple[str, ...]:
    ids = (message_ids,) if isinstance(message_ids, str) else tuple(message_ids)
    if not ids:
        raise ValueError("message_ids is empty")
    if any(not isinstance(i, str) or not i for i in ids):
        raise ValueError("every message id must be a non-empty string")
    return tuple(dict.fromkeys(ids))


def _check_wait(timeout: float, poll_interval: float) -> None:
    if not timeout > 0:
        raise ValueError("timeout must be a positive number of seconds")
    if not poll_interval > 0:
        raise ValueError("poll_interval must be a positive number of seconds")


def _chunks(ids: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Wait:
    """One ``wait_final``, sync or async: which IDs to poll, what a poll found, how long to pause."""

    def __init__(self, message_ids: str | Iterable[str], timeout: float, poll_interval: float) -> None:
        self.ids = _ids(message_ids)
        _check_wait(timeout, poll_interval)
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.deadline = time.monotonic() + timeout
        self.pending = set(self.ids)
        self.final: dict[str, SentSMSLog] = {}

    def polls(self) -> Iterator[list[str]]:
        """The IDs of each logs request of one round: those not final yet."""
        return _chunks([i for i in self.ids if i in self.pending], WAIT_IDS_PER_REQUEST)

    def take(self, response_results: object) -> None:
        from .codes import is_final  # the code tables' look-ups: loaded by the first wait, not by the import

        for entry in response_results if isinstance(response_results, Iterable) else ():
            message_id = entry.message_id
            if isinstance(message_id, str) and message_id in self.pending and is_final(entry.status):
                self.final[message_id] = entry
                self.pending.discard(message_id)

    @property
    def done(self) -> bool:
        return not self.pending

    def result(self) -> dict[str, SentSMSLog]:
        """The log entries by ID, in input order."""
        return {i: self.final[i] for i in self.ids}

    def pause(self) -> float:
        """Seconds to sleep before the next round; raises :class:`WaitTimeoutError` when the time is up."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            final = {i: self.final[i] for i in self.ids if i in self.final}
            raise WaitTimeoutError([i for i in self.ids if i in self.pending], final, self.timeout)
        return min(self.poll_interval, remaining)


class Logs(LogsResource):
    """``api.logs``: the generated :meth:`list` and :meth:`wait_final`."""

    __slots__ = ()

    def wait_final(
        self, message_ids: str | Iterable[str], *, timeout: float, poll_interval: float = 1.0
    ) -> dict[str, SentSMSLog]:
        """Wait until every message has a final status; return their log entries by ID, in input order.

        Polls the sent-message logs (repeatable; the read-once delivery reports are left for you) every
        ``poll_interval`` seconds, asking only for the IDs not final yet. Final means a status group the
        spec marks final (``sms_api.is_final``: DELIVERED, UNDELIVERABLE, EXPIRED, REJECTED). Raises
        :class:`WaitTimeoutError` naming the IDs still not final after ``timeout`` seconds, and what the API
        raises (a failed poll is not retried beyond the client's own retries).
        """
        wait = _Wait(message_ids, timeout, poll_interval)
        while True:
            for chunk in wait.polls():
                wait.take(self.list(message_id=chunk, limit=len(chunk)).results)
            if wait.done:
                return wait.result()
            time.sleep(wait.pause())


class AsyncLogs(AsyncLogsResource):
    """``api.logs`` of ``AsyncSmsApi``: the generated :meth:`list` and :meth:`wait_final`, as coroutines."""

    __slots__ = ()

    async def wait_final(
        self, message_ids: str | Iterable[str], *, timeout: float, poll_interval: float = 1.0
    ) -> dict[str, SentSMSLog]:
        """:meth:`Logs.wait_final` as a coroutine."""
        import asyncio

        wait = _Wait(message_ids, timeout, poll_interval)
        while True:
            for chunk in wait.polls():
                wait.take((await self.list(message_id=chunk, limit=len(chunk))).results)
            if wait.done:
                return wait.result()
            await asyncio.sleep(wait.pause())


# ---- send_bulk (its machinery and results are sms_api.bulk, imported by the first call) -----------------


class Sms(SmsResource):
    """``api.sms``: the generated send methods and :meth:`send_bulk`."""

    __slots__ = ()

    def send_bulk(
        self,
        destinations: Iterable[Destination],
        text: str,
        *,
        from_: str | None = None,
        bulk_id: str | None = None,
        batch_size: int = 500,
        concurrency: int = 4,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> BulkSendResult:
        """Send ``text`` to every destination, in batches, safe to run again.

        Each batch is one advanced send of at most ``batch_size`` destinations, each with a client
        ``messageId``, so the client retries a batch like a read and the API refuses an ID it has seen
        (REJECTED_DUPLICATE_MESSAGE_ID, reported as ``already_sent``): nothing is sent twice.

        The IDs are deterministic: ``f"{bulk_id}-{index}"`` for the destination at ``index`` of the
        input (``sms_api.workflows.message_id_for``), or your own: pass an
        ``SMSDestination(to=..., message_id=...)`` instead of a number. Without ``bulk_id`` a new one is
        made and returned as ``result.bulk_id``: to finish a run that failed part-way, call again with that
        ``bulk_id`` and the same destinations in the same order. Every batch carries ``bulk_id`` as its
        ``bulkId``, so ``api.logs.list(bulk_id=...)`` finds the whole bulk.

        At most ``concurrency`` requests are in flight. ``destinations`` is read lazily (an iterator
        works); memory grows with the results only. ``on_progress`` is called after each batch with a
        :class:`BulkProgress`, in the caller's thread. A batch that fails for good (after the client's
        retries) does not stop the others: it is in ``result.errors`` and its messages have ``error`` set.
        Results are in input order.
        """
        from . import bulk

        plan = bulk.Plan(destinations, text, from_, bulk_id, batch_size, concurrency, on_progress)
        return bulk.send_in_threads(self, plan)


class AsyncSms(AsyncSmsResource):
    """``api.sms`` of ``AsyncSmsApi``: the generated send methods and :meth:`send_bulk`, as coroutines."""

    __slots__ = ()

    async def send_bulk(
        self,
        destinations: Iterable[Destination],
        text: str,
        *,
        from_: str | None = None,
        bulk_id: str | None = None,
        batch_size: int = 500,
        concurrency: int = 4,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> BulkSendResult:
        """:meth:`Sms.send_bulk` as a coroutine: at most ``concurrency`` sends in flight as tasks."""
        from . import bulk

        plan = bulk.Plan(destinations, text, from_, bulk_id, batch_size, concurrency, on_progress)
        return await bulk.send_as_tasks(self, plan)
