"""What every request handler is given: the store, the clock, the dispatcher and the sandbox's settings."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field

from .callbacks import Dispatcher
from .clock import Clock, to_ms
from .read_once import PendingLeases
from .store import Store


@dataclass
class Sandbox:
    """Everything a request handler needs; ``app.state.sandbox``."""

    store: Store
    clock: Clock
    dispatcher: Dispatcher
    callback_allow: frozenset[str]
    delivery_delay_ms: int
    max_body_bytes: int
    leases: PendingLeases = field(default_factory=PendingLeases)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def now_ms(self, user: str) -> int:
        """Now on ``user``'s clock: the sandbox clock plus what that account advanced its own clock by."""
        return to_ms(self.clock.now()) + self.store.clock_offset(user)

    def advance(self, user: str, seconds: float) -> None:
        """Move ``user``'s clock forward (kept in the store, so with ``--db`` it survives a restart)."""
        self.store.advance_clock(user, round(seconds * 1000))
        self.dispatcher.wake()


def new_id() -> str:
    """A fresh message, bulk or lookup ID."""
    return str(uuid.uuid4())
