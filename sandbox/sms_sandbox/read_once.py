"""Read-once answers (delivery reports, inbound messages) that lose nothing to a failure or a crash.

The rows an answer carries are leased in the store: no other reader gets them. They are marked read only after
the whole answer has been handed to the connection, plus :data:`GRACE_SECONDS` for the bytes to leave the
machine. If writing the answer fails, the lease is released and the rows are pullable again; if the process
dies first, the next start releases every lease. So a crash never loses a report: at worst it is returned
twice (at-least-once; clients deduplicate by ``messageId``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any, Final

from starlette.responses import Response

__all__ = ["GRACE_SECONDS", "PendingLeases", "ReadOnceResponse"]

log = logging.getLogger("sms_sandbox")

#: Seconds between writing an answer out and marking its rows read.
GRACE_SECONDS: Final = 1.0


class PendingLeases:
    """Leases whose answer was written, waiting for their grace period to end."""

    def __init__(self, grace: float = GRACE_SECONDS) -> None:
        self.grace = grace
        self._waiting: dict[int, tuple[asyncio.TimerHandle, Callable[[], None]]] = {}
        self._next = 0

    def finish_later(self, finish: Callable[[], None]) -> None:
        loop = asyncio.get_running_loop()
        key = self._next
        self._next += 1

        def due() -> None:
            _, fn = self._waiting.pop(key)
            # A worker thread: the store lock may be held by a large request for a moment.
            loop.run_in_executor(None, _logged(fn))

        self._waiting[key] = (loop.call_later(self.grace, due), finish)

    def flush(self) -> None:
        """Mark every waiting lease read now (a clean stop: the answers were written long ago)."""
        while self._waiting:
            _, (timer, finish) = self._waiting.popitem()
            timer.cancel()
            _logged(finish)()


def _logged(fn: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            fn()
        except Exception:  # the rows stay leased: a restart returns them (at-least-once)
            log.exception("marking read-once rows as read failed")

    return run


class ReadOnceResponse(Response):
    """An answer whose rows are marked read once it has been written out, and released if that fails."""

    def __init__(
        self,
        content: bytes,
        media_type: str,
        *,
        finish: Callable[[], None],
        release: Callable[[], None],
        pending: PendingLeases,
    ) -> None:
        super().__init__(content, media_type=media_type)
        self._finish = finish
        self._release = release
        self._pending = pending

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        except BaseException:
            with contextlib.suppress(Exception):
                self._release()
            raise
        self._pending.finish_later(self._finish)
