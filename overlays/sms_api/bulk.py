"""``send_bulk``'s machinery and results (``api.sms.send_bulk``, ``sms_api.workflows``): batches with client
message IDs, at most ``concurrency`` in flight, results in input order.

Imported by the first ``send_bulk`` (or the first use of a result class): its dataclasses take a few ms to
build, which ``from sms_api import SmsApi`` would otherwise pay before any bulk send.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Generic, Protocol, TypeAlias, TypeVar

from sms_api_spec import SANDBOX_LIMITS, STATUSES

from .errors import ResponseDecodeError, SmsApiError
from .messages import status_is_rejected

if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import Future

    from sms_api_client.models import (
        SMSAdvancedTextualMessage,
        SMSDestination,
        SMSResponse,
        SMSResponseDetails,
        Status,
    )
    from sms_api_resources import AsyncSmsResource, SmsResource

__all__ = [
    "MAX_BATCH_SIZE",
    "BatchError",
    "BulkMessageResult",
    "BulkProgress",
    "BulkSendResult",
    "Destination",
    "Plan",
    "message_id_for",
    "send_as_tasks",
    "send_in_threads",
]

#: Most destinations in one batch of ``send_bulk``. The documentation sets no maximum; the SDK takes the
#: sandbox's (the spec's ``x-sandbox``), so that no batch is too large for it.
MAX_BATCH_SIZE = SANDBOX_LIMITS["max_destinations_per_request"]
#: ``Status.id`` the API gives a message whose client ``messageId`` it has seen before (from the code table).
DUPLICATE_MESSAGE_ID_STATUS = next(
    status for status, row in STATUSES.items() if row["name"] == "REJECTED_DUPLICATE_MESSAGE_ID"
)

Destination: TypeAlias = "str | SMSDestination"


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


class Plan:
    """One ``send_bulk``: its checked arguments, the batches (read lazily) and where their results go."""

    def __init__(
        self,
        destinations: Iterable[Destination],
        text: str,
        from_: str | None,
        bulk_id: str | None,
        batch_size: int,
        concurrency: int,
        on_progress: Callable[[BulkProgress], None] | None,
    ) -> None:
        self.bulk_id = _check_bulk(text, batch_size, concurrency, bulk_id)
        self.collector = _Collector(self.bulk_id, _total(destinations), on_progress)
        self.batches = _batches(destinations, self.bulk_id, batch_size)
        self.concurrency = concurrency
        self._text = text
        self._from = from_

    def request(self, batch: _Batch) -> list[SMSAdvancedTextualMessage]:
        """The messages of ``batch``'s advanced send."""
        return _request(batch, self._text, self._from)


def send_in_threads(sms: SmsResource, plan: Plan) -> BulkSendResult:
    """:meth:`sms_api.workflows.Sms.send_bulk` through ``sms``'s generated ``send_advanced``, in threads."""

    def send(batch: _Batch) -> SMSResponse:
        return sms.send_advanced(plan.request(batch), bulk_id=plan.bulk_id)

    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    flight: _InFlight[Future[SMSResponse]] = _InFlight(plan.batches, plan.collector, plan.concurrency)
    with ThreadPoolExecutor(max_workers=plan.concurrency, thread_name_prefix="sms-api-bulk") as pool:
        while True:
            for batch in flight.to_start():
                flight.started(pool.submit(send, batch), batch)
            if not flight.running:
                break
            done, _ = wait(flight.running, return_when=FIRST_COMPLETED)
            for future in done:
                flight.finished(future, future.exception(), future.result)
    return plan.collector.finish()


async def send_as_tasks(sms: AsyncSmsResource, plan: Plan) -> BulkSendResult:
    """:meth:`sms_api.workflows.AsyncSms.send_bulk` through ``sms``'s ``send_advanced``, as tasks."""
    import asyncio

    flight: _InFlight[asyncio.Task[SMSResponse]] = _InFlight(plan.batches, plan.collector, plan.concurrency)
    try:
        while True:
            for batch in flight.to_start():
                send = sms.send_advanced(plan.request(batch), bulk_id=plan.bulk_id)
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
    return plan.collector.finish()
