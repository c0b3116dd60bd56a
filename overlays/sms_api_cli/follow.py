"""``--follow``: poll until Ctrl-C, without losing what the request in flight brings back.

Delivery reports and inbound messages are read once: a pull the server has answered must be printed, or its
results are gone. So the first Ctrl-C (SIGINT) only asks to stop: the current request finishes, its results
are printed, and the loop ends (exit 0). A second Ctrl-C interrupts at once (exit 130).
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from types import FrameType, TracebackType

__all__ = ["StopRequest", "poll_until_stopped"]

_SLICE = 0.05


class StopRequest:
    """While active, the first SIGINT sets :attr:`requested` instead of raising ``KeyboardInterrupt``."""

    def __init__(
        self, message: str = "stopping after the current request (Ctrl-C again to quit now)"
    ) -> None:
        self.requested = False
        self._message = message
        self._previous: Callable[[int, FrameType | None], object] | int | None = None

    def __enter__(self) -> StopRequest:
        self._previous = signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        previous = self._previous
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)

    def _on_interrupt(self, signum: int, frame: FrameType | None) -> None:
        # A flag only: nothing here may take a lock the interrupted code could be holding.
        self.requested = True
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.stderr.write(f"\n{self._message}\n")

    def sleep(self, seconds: float) -> None:
        """Sleep up to ``seconds``, returning early once a stop is requested."""
        deadline = time.monotonic() + seconds
        while not self.requested:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(_SLICE, left))


def poll_until_stopped(poll: Callable[[], object], interval: float) -> None:
    """Call ``poll`` every ``interval`` seconds until Ctrl-C; the call in flight always completes."""
    with StopRequest() as stop:
        while not stop.requested:
            poll()
            stop.sleep(interval)
