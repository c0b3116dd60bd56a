"""What users otherwise write by hand on the resource client: wait for final statuses, bulk sends.

``Logs``/``AsyncLogs`` add :meth:`~Logs.wait_final` to the generated ``api.logs`` resource,
``Sms``/``AsyncSms`` add :meth:`~Sms.send_bulk` to ``api.sms``. Both work only through the generated
methods, so they raise what those raise and are typed by the generated models.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Generic, Protocol, TypeAlias, TypeVar

from sms_api_resources import AsyncLogsResource, AsyncSmsResource, LogsResource, SmsResource
from sms_api_spec import SANDBOX_LIMITS, STATUSES

from .codes import is_final
from .errors import ResponseDecodeError, SmsApiError
from .messages import status_is_rejected

if TYPE_CHECKING:
    # asyncio and concurrent.futures are imported where they run (~25 ms that `from sms_api import SmsApi`
    # would otherwise pay before any bulk send or async wait).
    import asyncio
    from concurrent.futures import Future

    from sms_api_client.models import (
        SentSMSLog,
        SMSAdvancedTextualMessage,
        SMSDestination,
        SMSResponse,
        SMSResponseDetails,
        Status,
    )

__all__ = [
    "AsyncLogs",
    "AsyncSms",
    "BatchError",
    "BulkMessageResult",
    "BulkProgress",
    "BulkSendResult",
    "Logs",
    "Sms",
    "WaitTimeoutError",
]

#: Message IDs per logs request while waiting: the SDK's own choice, to keep URLs short (the spec sets no
#: maximum for the ``messageId`` filter).
WAIT_IDS_PER_REQUEST = 100
#: Most destinations in one batch of ``send_bulk``. The documentation sets no maximum; the SDK takes the
#: sandbox's (the spec's ``x-sandbox``), so that no batch is too large for it.
MAX_BATCH_SIZE = SANDBOX_LIMITS["max_destinations_per_request"]
#: ``Status.id`` the API gives a message whose client ``messageId`` it has seen before (from the code table).
DUPLICATE_MESSAGE_ID_STATUS = next(
    status for status, row in STATUSES.items() if row["name"] == "REJECTED_DUPLICATE_MESSAGE_ID"
)

Destination: TypeAlias = "str | SMSDestination"


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


# ---- send_bulk ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BulkMessageResult:
    """What became of one destination of :meth:`Sms.send_bulk`.

    ``status`` is the API's answer for it (None when its batch failed: see ``error``). ``already_sent`` is
    true when the API had this ``message_id`` already (status REJECTED_DUPLICATE_MESSAGE_ID): an earlier run,
    or an earlier attempt of this one, sent it, and it was not sent again.
    """

    index: int
    to: str
    message_id: str
    status: Status | None
    sms_count: int | None = None
    already_sent: bool = False
    error: SmsApiError | None = None

    @property
    def accepted(self) -> bool:
        """The API took the message in this run or an earlier one (not rejected, not failed)."""
        if self.already_sent:
            return True
        return self.status is not None and not status_is_rejected(self.status)


@dataclass(frozen=True, slots=True)
class BatchError:
    """A batch of :meth:`Sms.send_bulk` that failed for good (after the client's retries): its first index in
    the input, its destinations and message IDs, and the exception. Run ``send_bulk`` again with the same
    ``bulk_id`` to send it: the messages that did reach the API come back ``already_sent``."""

    first_index: int
    destinations: tuple[str, ...]
    message_ids: tuple[str, ...]
    exception: SmsApiError


@dataclass(frozen=True, slots=True)
class BulkProgress:
    """Passed to ``on_progress`` after each batch: destinations done (answered or failed) and batches."""

    done: int
    failed: int
    batches_done: int
    total: int | None  # None when the destinations were an iterator of unknown length


@dataclass(slots=True)
class BulkSendResult:
    """The outcome of :meth:`Sms.send_bulk`: one entry per destination in input order, and failed batches."""

    bulk_id: str
    messages: list[BulkMessageResult] = field(default_factory=list)
    errors: list[BatchError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No batch failed (messages may still be rejected: see :attr:`rejected`)."""
        return not self.errors

    @property
    def rejected(self) -> list[BulkMessageResult]:
        """Messages the API answered with a REJECTED status other than an already-used ID."""
        return [m for m in self.messages if m.status is not None and not m.accepted]

    @property
    def message_ids(self) -> list[str]:
        """Every destination's message ID, in input order (for ``api.logs.wait_final``)."""
        return [m.message_id for m in self.messages]


@dataclass(frozen=True, slots=True)
class _Batch:
    first_index: int
    destinations: tuple[str, ...]
    message_ids: tuple[str, ...]


def message_id_for(bulk_id: str, index: int) -> str:
    """The message ID ``send_bulk`` gives the destination at ``index`` of the bulk ``bulk_id``."""
    return f"{bulk_id}-{index}"


def _check_bulk(text: str, batch_size: int, concurrency: int, bulk_id: str | None) -> str:
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or not 1 <= batch_size <= MAX_BATCH_SIZE
    ):
        raise ValueError(
            f"batch_size must be an integer from 1 to {MAX_BATCH_SIZE:,} (the destinations one request takes)"
        )
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= 64:
        raise ValueError("concurrency must be an integer from 1 to 64")
    if bulk_id is None:
        return uuid.uuid4().hex
    if not isinstance(bulk_id, str) or not bulk_id.strip():
        raise ValueError("bulk_id must be a non-empty string")
    return bulk_id


def _batches(destinations: Iterable[Destination], bulk_id: str, batch_size: int) -> Iterator[_Batch]:
    """The destinations cut into batches, each destination with its message ID; read lazily."""
    if isinstance(destinations, str):
        raise TypeError("destinations must be an iterable of numbers, not one string")
    iterator = iter(destinations)
    index = 0
    while chunk := list(islice(iterator, batch_size)):
        numbers: list[str] = []
        ids: list[str] = []
        for offset, destination in enumerate(chunk):
            if isinstance(destination, str):
                numbers.append(destination)
                ids.append(message_id_for(bulk_id, index + offset))
                continue
            own = destination.message_id
            numbers.append(destination.to)
            ids.append(own if isinstance(own, str) and own else message_id_for(bulk_id, index + offset))
        yield _Batch(index, tuple(numbers), tuple(ids))
        index += len(chunk)


def _request(batch: _Batch, text: str, from_: str | None) -> list[SMSAdvancedTextualMessage]:
    from sms_api_client.models import SMSAdvancedTextualMessage, SMSDestination
    from sms_api_client.types import UNSET

    destinations = [
        SMSDestination(to=to, message_id=mid)
        for to, mid in zip(batch.destinations, batch.message_ids, strict=True)
    ]
    return [
        SMSAdvancedTextualMessage(
            destinations=destinations, text=text, from_=UNSET if from_ is None else from_
        )
    ]


def _status(value: object) -> Status | None:
    from sms_api_client.models import Status

    return value if isinstance(value, Status) else None


def _results(batch: _Batch, response: SMSResponse) -> list[BulkMessageResult]:
    """One result per destination, matched to the answer by message ID (not by position)."""
    answers: dict[str, SMSResponseDetails] = {}
    for detail in response.messages if isinstance(response.messages, list) else ():
        mid: object = detail.message_id
        if isinstance(mid, str):
            answers[mid] = detail
    results = []
    for offset, (to, mid) in enumerate(zip(batch.destinations, batch.message_ids, strict=True)):
        index = batch.first_index + offset
        answer = answers.get(mid)
        if answer is None:
            error = ResponseDecodeError(f"the answer has no entry for messageId {mid}", status_code=200)
            results.append(BulkMessageResult(index, to, mid, None, error=error))
            continue
        status = _status(answer.status)
        count: object = answer.sms_count
        status_id: object = status.id if status is not None else None
        results.append(
            BulkMessageResult(
                index=index,
                to=to,
                message_id=mid,
                status=status,
                sms_count=count if isinstance(count, int) else None,
                already_sent=status_id == DUPLICATE_MESSAGE_ID_STATUS,
            )
        )
    return results


def _failed(batch: _Batch, exc: SmsApiError) -> list[BulkMessageResult]:
    return [
        BulkMessageResult(batch.first_index + offset, to, mid, None, error=exc)
        for offset, (to, mid) in enumerate(zip(batch.destinations, batch.message_ids, strict=True))
    ]


class _Collector:
    """Puts batch outcomes into input order and reports progress; holds nothing but the results."""

    def __init__(self, bulk_id: str, total: int | None, on_progress: Callable[[BulkProgress], None] | None):
        self.result = BulkSendResult(bulk_id)
        self._slots: list[BulkMessageResult | None] = []
        self._total = total
        self._on_progress = on_progress
        self._done = self._failed = self._batches = 0

    def reserve(self, batch: _Batch) -> None:
        self._slots.extend([None] * len(batch.destinations))

    def sent(self, batch: _Batch, response: SMSResponse) -> None:
        self._place(batch, _results(batch, response), failed=False)

    def failed(self, batch: _Batch, exc: SmsApiError) -> None:
        self.result.errors.append(BatchError(batch.first_index, batch.destinations, batch.message_ids, exc))
        self._place(batch, _failed(batch, exc), failed=True)

    def _place(self, batch: _Batch, results: list[BulkMessageResult], *, failed: bool) -> None:
        self._slots[batch.first_index : batch.first_index + len(results)] = results
        self._done += len(results)
        self._failed += len(results) if failed else 0
        self._batches += 1
        if self._on_progress is not None:
            self._on_progress(BulkProgress(self._done, self._failed, self._batches, self._total))

    def finish(self) -> BulkSendResult:
        self.result.messages = [slot for slot in self._slots if slot is not None]
        self.result.errors.sort(key=lambda error: error.first_index)
        return self.result


def _total(destinations: Iterable[Destination]) -> int | None:
    return len(destinations) if isinstance(destinations, Sequence) else None


class _Cancellable(Protocol):
    def cancel(self) -> bool: ...


Sending = TypeVar("Sending", bound=_Cancellable)


class _InFlight(Generic[Sending]):
    """The batches being sent by one ``send_bulk``, a thread's future or a task each: which batch starts
    next (at most ``concurrency`` at once, the input read lazily) and what a finished one means."""

    def __init__(self, batches: Iterator[_Batch], collector: _Collector, concurrency: int) -> None:
        self.running: dict[Sending, _Batch] = {}
        self._batches = batches
        self._collector = collector
        self._concurrency = concurrency
        self._exhausted = False

    def to_start(self) -> Iterator[_Batch]:
        """The batches to start now; each must be passed to :meth:`started`."""
        while not self._exhausted and len(self.running) < self._concurrency:
            batch = next(self._batches, None)
            if batch is None:
                self._exhausted = True
                return
            self._collector.reserve(batch)
            yield batch

    def started(self, sending: Sending, batch: _Batch) -> None:
        self.running[sending] = batch

    def finished(
        self, sending: Sending, exc: BaseException | None, response: Callable[[], SMSResponse]
    ) -> None:
        """Record a batch's outcome; anything but an :class:`SmsApiError` cancels the others and is raised."""
        batch = self.running.pop(sending)
        if exc is None:
            self._collector.sent(batch, response())
        elif isinstance(exc, SmsApiError):
            self._collector.failed(batch, exc)
        else:
            for other in self.running:
                other.cancel()
            raise exc


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
        bulk_id = _check_bulk(text, batch_size, concurrency, bulk_id)
        collector = _Collector(bulk_id, _total(destinations), on_progress)

        def send(batch: _Batch) -> SMSResponse:
            return self.send_advanced(_request(batch, text, from_), bulk_id=bulk_id)

        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

        flight: _InFlight[Future[SMSResponse]]
        flight = _InFlight(_batches(destinations, bulk_id, batch_size), collector, concurrency)
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="sms-api-bulk") as pool:
            while True:
                for batch in flight.to_start():
                    flight.started(pool.submit(send, batch), batch)
                if not flight.running:
                    break
                done, _ = wait(flight.running, return_when=FIRST_COMPLETED)
                for future in done:
                    flight.finished(future, future.exception(), future.result)
        return collector.finish()


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
        import asyncio

        bulk_id = _check_bulk(text, batch_size, concurrency, bulk_id)
        collector = _Collector(bulk_id, _total(destinations), on_progress)
        flight: _InFlight[asyncio.Task[SMSResponse]]
        flight = _InFlight(_batches(destinations, bulk_id, batch_size), collector, concurrency)
        try:
            while True:
                for batch in flight.to_start():
                    send = self.send_advanced(_request(batch, text, from_), bulk_id=bulk_id)
                    flight.started(asyncio.ensure_future(send), batch)
                if not flight.running:
                    break
                done, _ = await asyncio.wait(flight.running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    flight.finished(task, task.exception(), task.result)
        finally:
            # A cancelled or failing send_bulk leaves no send running behind it.
            for task in flight.running:
                task.cancel()
        return collector.finish()
