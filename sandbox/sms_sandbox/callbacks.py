"""Pushing results to ``notifyUrl``: final delivery reports and Number Context results.

Only to loopback hosts unless the host is allow-listed: a server that POSTs wherever a request tells it to is
an open relay. A failed push (no 2xx, connection error, timeout) is retried with backoff in the sandbox
clock's time; after the last attempt a delivery report falls back to the pull endpoint.

Accounts share the sandbox, so they are scheduled fairly: each push is its own task, at most
``per_account`` of one account's pushes are in flight at a time, and the dispatcher never waits for one push
before starting another. An account whose receivers accept connections and never answer fills only its own
slots; another account's due push starts at the next poll (``dispatch_interval``, 0.1 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
from collections.abc import Collection, Coroutine, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

import httpx

from sms_api.hosts import is_loopback_host
from sms_api_spec import SANDBOX_LIMITS

from .answers import encode
from .clock import Clock, to_ms
from .negotiation import JSON
from .push_queue import NUMBER_CONTEXT_PUSHES, REPORT_PUSHES, PushQueue
from .rules import number_context
from .store import Store
from .views import report_object

log = logging.getLogger("sms_sandbox.callbacks")

#: Seconds to wait before each retry (the number of attempts is one more than its length) and the timeout of
#: one attempt: the sandbox's, listed in the spec's root ``x-sandbox``.
DEFAULT_BACKOFF: Final = tuple(SANDBOX_LIMITS["callback_retry_seconds"])
CALLBACK_TIMEOUT: Final = SANDBOX_LIMITS["callback_timeout_seconds"]
#: Pushes of one account in flight at once.
PER_ACCOUNT_PUSHES: Final = 8


def callback_allowed(url: str, allow: Collection[str]) -> bool:
    """True for http(s) URLs whose host is loopback (``localhost``, 127.0.0.0/8, ``::1``) or allow-listed
    (an exact host name or address; ``*`` allows every host)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if "*" in allow or host in allow:
        return True
    return is_loopback_host(host)


class Dispatcher:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        backoff: Sequence[float] = DEFAULT_BACKOFF,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = CALLBACK_TIMEOUT,
        per_account: int = PER_ACCOUNT_PUSHES,
    ) -> None:
        self.store = store
        self.clock = clock
        self.backoff = tuple(backoff)
        self._transport = transport
        self._timeout = timeout
        self._per_account = per_account
        self._client: httpx.AsyncClient | None = None
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._in_flight: dict[str, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=self._timeout,
                trust_env=False,
                follow_redirects=False,
                headers={"User-Agent": "sms-api-sandbox"},
                # No shared pool limit: a pool full of one account's hung receivers would queue everyone's
                # pushes behind them. The per-account cap bounds the connections instead.
                limits=httpx.Limits(max_connections=None, max_keepalive_connections=20),
            )
        return self._client

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def wake(self) -> None:
        """Look for due pushes now (after a send, a notify or a clock change). Callable from any thread
        (request handlers run in worker threads)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._wake.set()
        else:
            loop.call_soon_threadsafe(self._wake.set)

    def _account_now(self, account: str) -> int:
        return to_ms(self.clock.now()) + self.store.clock_offset(account)

    def _next_at(self, attempts_before: int, now: int) -> int | None:
        if attempts_before >= len(self.backoff):
            return None
        return now + int(self.backoff[attempts_before] * 1000)

    async def _post(self, url: str, content_type: str, body: bytes) -> str | None:
        """POST; None on a 2xx, else what went wrong."""
        try:
            response = await self._http().post(url, content=body, headers={"Content-Type": content_type})
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"[:500]
        if 200 <= response.status_code < 300:
            return None
        return f"HTTP {response.status_code}"

    async def _push_report(self, row: sqlite3.Row) -> None:
        content_type = row["notify_ct"] or JSON
        payload: dict[str, Any] = {"results": [report_object(row, callback=True)]}
        body = encode(payload, content_type, "DeliveryReportNotification")
        error = await self._post(row["notify_url"], content_type, body)
        # The store in a worker thread: its lock may be held by a large send, and the loop must not wait.
        await asyncio.to_thread(self._report_outcome, row, error)

    def _report_outcome(self, row: sqlite3.Row, error: str | None) -> None:
        self._settle(
            REPORT_PUSHES,
            row,
            "deliveryReport",
            row["message_id"],
            row["notify_url"],
            row["cb_attempts"],
            error,
        )

    def _settle(
        self,
        queue: PushQueue,
        row: sqlite3.Row,
        kind: str,
        ref: str,
        url: str,
        attempts: int,
        error: str | None,
    ) -> None:
        """Record one attempt of a push and move it on in its queue: done, retried later, or given up."""
        now = self._account_now(row["account"])
        self.store.record_attempt(row["account"], kind, ref, url, now, error or "delivered")
        if error is None:
            self.store.push_done(queue, row["id"])
        else:
            next_at = self._next_at(attempts, now)
            log.info("%s push to %s failed (%s), retry at %s", kind, url, error, next_at)
            self.store.push_failed(queue, row["id"], error, next_at)

    async def _push_nc(self, job: sqlite3.Row) -> None:
        content_type = job["notify_ct"] or JSON
        payload: dict[str, Any] = {}
        if job["bulk_id"] is not None:
            payload["bulkId"] = job["bulk_id"]
        payload["ncResults"] = [number_context(n) for n in json.loads(job["numbers"])]
        body = encode(payload, content_type, "NCResponse")
        error = await self._post(job["notify_url"], content_type, body)
        await asyncio.to_thread(self._nc_outcome, job, error)

    def _nc_outcome(self, job: sqlite3.Row, error: str | None) -> None:
        ref = job["bulk_id"] or json.loads(job["numbers"])[0]
        self._settle(
            NUMBER_CONTEXT_PUSHES, job, "numberContextResult", ref, job["notify_url"], job["attempts"], error
        )

    async def run_due(self, account: str | None = None) -> int:
        """Make every push that is due now (one attempt each; only ``account``'s when given) and wait for
        them; the number of attempts made. For tests and the admin routes; the app's loop is
        :meth:`run_forever`."""
        now = to_ms(self.clock.now())
        reports, jobs = await asyncio.to_thread(self._claim, now, 1_000_000, account)
        await asyncio.gather(*(self._push_report(r) for r in reports), *(self._push_nc(j) for j in jobs))
        return len(reports) + len(jobs)

    def _start(self, account: str, push: Coroutine[Any, Any, None]) -> None:
        self._in_flight[account] = self._in_flight.get(account, 0) + 1

        async def run() -> None:
            try:
                await push
            except Exception:  # one push must not stop the others
                log.exception("callback push failed")
            finally:
                self._in_flight[account] -= 1
                self._wake.set()  # a slot is free

        task = asyncio.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _claim(
        self, now: int, limit: int, account: str | None
    ) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        reports = self.store.claim_pushes(REPORT_PUSHES, now, limit, account)
        jobs = (
            self.store.claim_pushes(NUMBER_CONTEXT_PUSHES, now, limit - len(reports), account)
            if limit > len(reports)
            else []
        )
        return reports, jobs

    def _claim_within(
        self, now: int, in_flight: dict[str, int]
    ) -> list[tuple[str, list[sqlite3.Row], list[sqlite3.Row]]]:
        claimed = []
        for account in self.store.accounts_with_due_pushes(now):
            free = self._per_account - in_flight.get(account, 0)
            if free > 0:
                claimed.append((account, *self._claim(now, free, account)))
        return claimed

    async def schedule_due(self) -> int:
        """Start the due pushes of every account, each account up to its free slots; the number started.
        Does not wait for them: the pushes run as tasks."""
        now = to_ms(self.clock.now())
        started = 0
        claimed = await asyncio.to_thread(self._claim_within, now, dict(self._in_flight))
        for account, reports, jobs in claimed:
            for row in reports:
                self._start(account, self._push_report(row))
            for job in jobs:
                self._start(account, self._push_nc(job))
            started += len(reports) + len(jobs)
        return started

    async def run_forever(self, interval: float) -> None:
        self._loop = asyncio.get_running_loop()
        while True:
            try:
                await self.schedule_due()
            except Exception:  # the loop must survive anything one push does
                log.exception("callback dispatch failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), interval)
            self._wake.clear()
