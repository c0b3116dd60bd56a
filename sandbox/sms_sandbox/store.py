"""The sandbox's state in SQLite: accounts, sent messages, inbound messages, Number Context jobs.

One connection guarded by one lock, every change in a transaction (``BEGIN IMMEDIATE``): the operations are
short, and a single writer makes "read once" trivially atomic (a report is selected and marked read in the
same transaction, so two concurrent readers can never both get it). In memory by default; with a file, WAL
journal and a restart loses nothing.

Times are integer milliseconds since the epoch, in the sandbox clock's time. Money is integer micro-units
(1e-6 of the currency) so that charging never drifts.
"""

from __future__ import annotations

import hmac
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from .accounts import MICROS, Account
from .push_queue import QUEUES, PushQueue
from .rules import (
    ACCEPTED,
    PENDING_ENROUTE,
    REJECTED_DUPLICATE_MESSAGE_ID,
    REJECTED_NOT_ENOUGH_CREDITS,
    status_group_name,
)

__all__ = ["InboxFilter", "LogFilter", "NewMessage", "Store", "status_at"]

RETENTION_MS = 48 * 3600 * 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY,
    password TEXT NOT NULL,
    balance INTEGER NOT NULL,
    currency TEXT NOT NULL,
    price INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    message_id TEXT NOT NULL,
    bulk_id TEXT,
    to_addr TEXT NOT NULL,
    from_addr TEXT,
    text TEXT,
    sms_count INTEGER NOT NULL,
    price INTEGER NOT NULL,
    currency TEXT NOT NULL,
    final_status INTEGER NOT NULL,
    final_group TEXT NOT NULL,
    final_error INTEGER NOT NULL,
    submitted_at INTEGER NOT NULL,
    start_at INTEGER NOT NULL,
    final_at INTEGER NOT NULL,
    mccmnc TEXT,
    notify_url TEXT,
    notify_ct TEXT,
    callback_data TEXT,
    report_state TEXT NOT NULL,
    cb_attempts INTEGER NOT NULL DEFAULT 0,
    cb_next_at INTEGER NOT NULL DEFAULT 0,
    cb_error TEXT
);
CREATE INDEX IF NOT EXISTS messages_by_id ON messages (account, message_id);
CREATE INDEX IF NOT EXISTS messages_by_report ON messages (report_state, final_at);
CREATE INDEX IF NOT EXISTS messages_by_sent ON messages (account, start_at);
CREATE TABLE IF NOT EXISTS inbound (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    message_id TEXT NOT NULL,
    from_addr TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    text TEXT NOT NULL,
    clean_text TEXT NOT NULL,
    keyword TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    sms_count INTEGER NOT NULL,
    pulled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS inbound_by_account ON inbound (account, pulled, received_at);
CREATE TABLE IF NOT EXISTS nc_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    bulk_id TEXT,
    notify_url TEXT NOT NULL,
    notify_ct TEXT NOT NULL,
    numbers TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS account_clocks (
    username TEXT PRIMARY KEY,
    offset_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS nc_lookups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    bulk_id TEXT,
    notify_url TEXT,
    numbers TEXT NOT NULL,
    results TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS callback_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    url TEXT NOT NULL,
    at INTEGER NOT NULL,
    outcome TEXT NOT NULL
);
"""

#: The status rule, written once: a message has each phase's status until that column's time, then its final
#: status. ``status_at`` reads it in Python, ``_GROUP_SQL`` (the group at ``:now``) in SQL filters.
_PHASES: Final = (("start_at", ACCEPTED), ("final_at", PENDING_ENROUTE))
_GROUP_SQL: Final = (
    "CASE "
    + " ".join(f"WHEN :now < {column} THEN '{status_group_name(status)}'" for column, status in _PHASES)
    + " ELSE final_group END"
)


def status_at(row: sqlite3.Row, now: int) -> int:
    """The status of a stored message at ``now`` (its account's clock)."""
    for column, status in _PHASES:
        if now < row[column]:
            return status
    return int(row["final_status"])


@dataclass
class NewMessage:
    """One destination of a send, validated and priced, before the store decides duplicate and credit."""

    to: str
    sender: str | None
    text: str | None
    sms_count: int
    rejection: int | None  # a REJECTED status decided by the request alone (51, 52, 11, 24, 25)
    client_message_id: str | None
    final_status: int
    final_error: int
    start_at: int
    final_at: int
    mccmnc: str | None
    notify_url: str | None = None
    notify_ct: str | None = None
    callback_data: str | None = None
    push: bool = False  # the report goes to notify_url (allowed host) instead of the pull endpoint


@dataclass
class LogFilter:
    sender: str | None = None
    to: str | None = None
    bulk_ids: Sequence[str] = ()
    message_ids: Sequence[str] = ()
    general_status: str | None = None
    sent_since: int | None = None
    sent_until: int | None = None
    mcc: str | None = None
    mnc: str | None = None
    limit: int = 50


@dataclass
class InboxFilter:
    """What the sandbox's web inbox (``/ui``) narrows the sent messages to; ``text`` is a substring."""

    bulk_id: str | None = None
    general_status: str | None = None
    to: str | None = None
    text: str | None = None
    limit: int = 200


class _Select:
    """``SELECT *`` with optional filters: each condition joins the WHERE clause only when its value is given
    (every filter of the list operations and the inbox is optional)."""

    def __init__(self, source: str, **args: Any) -> None:
        self.sql = f"SELECT * FROM {source}"
        self.args: dict[str, Any] = args

    def where(self, condition: str, **values: Any) -> None:
        if all(value is not None for value in values.values()):
            self.sql += f" AND {condition}"
            self.args.update(values)

    def where_in(self, column: str, values: Sequence[str]) -> None:
        if values:
            names = {f"{column}{i}": value for i, value in enumerate(values)}
            self.sql += f" AND {column} IN ({', '.join(':' + name for name in names)})"
            self.args.update(names)

    def ordered(self, order: str, limit: int) -> tuple[str, dict[str, Any]]:
        return f"{self.sql} ORDER BY {order} LIMIT :limit", {**self.args, "limit": limit}


class Store:
    def __init__(self, path: str | None = None) -> None:
        self.path = path or ":memory:"
        self._lock = threading.RLock()
        self._passwords: dict[str, str] = {}
        self._closed = False
        self._db = self._connect()
        self._db.executescript(_SCHEMA)
        # Pushes interrupted by a crash or stop go out again; so do reports and inbound messages that were
        # leased to an answer that was never written out whole (at-least-once, see lease_reports).
        with self.transaction() as db:
            for queue in QUEUES:
                queue.recover(db)
            db.execute("UPDATE messages SET report_state = 'pull' WHERE report_state = 'leased'")
            db.execute("UPDATE inbound SET pulled = 0 WHERE pulled = 2")
            self._clock_offsets: dict[str, int] = {
                row["username"]: int(row["offset_ms"]) for row in db.execute("SELECT * FROM account_clocks")
            }

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.row_factory = sqlite3.Row
        if self.path != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        return db

    @property
    def in_memory(self) -> bool:
        return self.path == ":memory:"

    def close(self) -> None:
        """Close the database (with a file: its WAL is checkpointed, so the file alone holds the state)."""
        with self._lock:
            self._db.close()
            self._closed = True

    def reopen(self) -> None:
        """Open a closed file database again (an app whose lifespan starts a second time)."""
        with self._lock:
            if self._closed and not self.in_memory:
                self._db = self._connect()
                self._closed = False

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _fetch(self, sql: str, args: dict[str, Any]) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # ---- meta ------------------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    # ---- per-account clocks ----------------------------------------------------------------------------

    def clock_offset(self, username: str) -> int:
        """How far (ms) the account's clock is ahead of the sandbox clock (each account moves its own)."""
        # From memory, like authenticate: every request reads its account's clock, and waiting for the store
        # lock behind other clients' sends for that read cost the sandbox almost half of its requests/s.
        return self._clock_offsets.get(username, 0)

    def advance_clock(self, username: str, ms: int) -> int:
        """Move one account's clock forward by ``ms``; its new offset."""
        with self._lock:  # the memory copy changes in the same critical section as the committed row
            with self.transaction() as db:
                db.execute(
                    "INSERT INTO account_clocks (username, offset_ms) VALUES (?, ?)"
                    " ON CONFLICT (username) DO UPDATE SET offset_ms = offset_ms + excluded.offset_ms",
                    (username, ms),
                )
                row = db.execute(
                    "SELECT offset_ms FROM account_clocks WHERE username = ?", (username,)
                ).fetchone()
            self._clock_offsets[username] = offset = int(row["offset_ms"])
        return offset

    # ---- accounts --------------------------------------------------------------------------------------

    def ensure_accounts(self, accounts: Iterable[Account]) -> None:
        """Create the accounts that are new; existing ones keep their balance (a restart loses nothing)."""
        with self.transaction() as db:
            for a in accounts:
                db.execute(
                    "INSERT INTO accounts (username, password, balance, currency, price)"
                    " VALUES (?, ?, ?, ?, ?)"
                    " ON CONFLICT (username) DO UPDATE SET password = excluded.password,"
                    " currency = excluded.currency, price = excluded.price",
                    (a.username, a.password, a.balance_micros, a.currency, a.price_micros),
                )
            self._passwords = {r["username"]: r["password"] for r in db.execute("SELECT * FROM accounts")}

    def authenticate(self, username: str, password: str) -> str | None:
        # From memory, not the database: a request waiting for the store lock (held by a large send) should
        # at least not wait to be authenticated, and a 401 never waits.
        stored = self._passwords.get(username)
        ok = hmac.compare_digest((stored or "\x00 no such account").encode(), password.encode())
        return username if ok and stored is not None else None

    def account(self, username: str) -> sqlite3.Row:
        with self._lock:
            row: sqlite3.Row = self._db.execute(
                "SELECT * FROM accounts WHERE username = ?", (username,)
            ).fetchone()
        return row

    def balance(self, username: str) -> tuple[float, str]:
        row = self.account(username)
        return row["balance"] / MICROS, str(row["currency"])

    def set_balance(self, username: str, balance_micros: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE accounts SET balance = ? WHERE username = ?", (balance_micros, username))

    # ---- sending ---------------------------------------------------------------------------------------

    def send(
        self, username: str, bulk_id: str | None, messages: Sequence[NewMessage], new_id: Any, now: int
    ) -> list[dict[str, Any]]:
        """Store the messages (deciding duplicates and credit) and charge them; the response entries.

        Only the decisions that need the database (duplicate IDs, the balance) and one ``executemany`` run
        under the lock: a 10,000-destination send holds every other request up for as short a time as
        possible (IDs are drawn and rows prepared before it is taken).
        """
        ids = [m.client_message_id or new_id() for m in messages]
        client_ids = sorted({m.client_message_id for m in messages if m.client_message_id is not None})
        out: list[dict[str, Any]] = []
        rows: list[tuple[Any, ...]] = []
        with self.transaction() as db:
            acct = db.execute("SELECT * FROM accounts WHERE username = ?", (username,)).fetchone()
            balance, price, currency = int(acct["balance"]), int(acct["price"]), str(acct["currency"])
            used_ids: set[str] = set()
            for start in range(0, len(client_ids), 500):
                chunk = client_ids[start : start + 500]
                used_ids.update(
                    r[0]
                    for r in db.execute(
                        "SELECT message_id FROM messages WHERE account = ? AND message_id IN"
                        f" ({', '.join('?' * len(chunk))})",
                        (username, *chunk),
                    )
                )
            for m, message_id in zip(messages, ids, strict=True):
                if m.client_message_id is not None:
                    if message_id in used_ids:
                        # Not stored: the ID belongs to the first message.
                        out.append(
                            {
                                "to": m.to,
                                "status": REJECTED_DUPLICATE_MESSAGE_ID,
                                "smsCount": m.sms_count,
                                "messageId": message_id,
                            }
                        )
                        continue
                    used_ids.add(message_id)
                status = m.rejection
                cost = price * m.sms_count
                if status is None and cost > balance:
                    status = REJECTED_NOT_ENOUGH_CREDITS
                if status is None:
                    balance -= cost
                    final_status, final_error, start_at, final_at = (
                        m.final_status,
                        m.final_error,
                        m.start_at,
                        m.final_at,
                    )
                    shown = ACCEPTED
                else:
                    cost = 0
                    final_status, final_error, start_at, final_at = status, 0, now, now
                    shown = status
                rows.append(
                    (
                        username,
                        message_id,
                        bulk_id,
                        m.to,
                        m.sender,
                        m.text,
                        m.sms_count,
                        cost,
                        currency,
                        final_status,
                        status_group_name(final_status),
                        final_error,
                        now,
                        start_at,
                        final_at,
                        m.mccmnc if status is None else None,
                        m.notify_url,
                        m.notify_ct,
                        m.callback_data,
                        "push" if m.push else "pull",
                        final_at,
                    )
                )
                out.append({"to": m.to, "status": shown, "smsCount": m.sms_count, "messageId": message_id})
            db.executemany(
                "INSERT INTO messages (account, message_id, bulk_id, to_addr, from_addr, text, sms_count,"
                " price, currency, final_status, final_group, final_error, submitted_at, start_at,"
                " final_at, mccmnc, notify_url, notify_ct, callback_data, report_state, cb_next_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.execute("UPDATE accounts SET balance = ? WHERE username = ?", (balance, username))
        return out

    # ---- delivery reports ------------------------------------------------------------------------------

    def lease_reports(
        self, username: str, now: int, bulk_id: str | None, message_id: str | None, limit: int
    ) -> list[sqlite3.Row]:
        """Final reports not read yet, oldest first, leased in the same transaction: no other reader gets
        them, and :meth:`finish_report_lease` marks them read once the answer carrying them has been written
        out, or :meth:`release_report_lease` (the answer failed) or a restart (a crash) makes them pullable
        again."""
        q = _Select(
            "messages WHERE account = :account AND report_state = 'pull' AND final_at <= :now",
            account=username,
            now=now,
        )
        q.where("bulk_id = :bulk", bulk=bulk_id)
        q.where("message_id = :message", message=message_id)
        sql, args = q.ordered("final_at, id", limit)
        with self.transaction() as db:
            rows = db.execute(sql, args).fetchall()
            db.executemany(
                "UPDATE messages SET report_state = 'leased' WHERE id = ?", [(r["id"],) for r in rows]
            )
        return rows

    def _end_lease(self, table: str, column: str, leased: object, to: object, row_ids: Sequence[int]) -> None:
        with self.transaction() as db:
            db.executemany(
                f"UPDATE {table} SET {column} = ? WHERE id = ? AND {column} = ?",
                [(to, i, leased) for i in row_ids],
            )

    def finish_report_lease(self, row_ids: Sequence[int]) -> None:
        self._end_lease("messages", "report_state", "leased", "done", row_ids)

    def release_report_lease(self, row_ids: Sequence[int]) -> None:
        self._end_lease("messages", "report_state", "leased", "pull", row_ids)

    # ---- logs ------------------------------------------------------------------------------------------

    def logs(self, username: str, now: int, f: LogFilter) -> list[sqlite3.Row]:
        q = _Select(
            "messages WHERE account = :account AND start_at >= :oldest",
            account=username,
            oldest=now - RETENTION_MS,
            now=now,
        )
        q.where("from_addr = :sender", sender=f.sender)
        q.where("to_addr = :to", to=f.to)
        q.where_in("bulk_id", f.bulk_ids)
        q.where_in("message_id", f.message_ids)
        q.where(f"({_GROUP_SQL}) = :group", group=f.general_status)
        q.where("start_at >= :since", since=f.sent_since)
        q.where("start_at <= :until", until=f.sent_until)
        q.where("substr(mccmnc, 1, 3) = :mcc", mcc=f.mcc)
        q.where("substr(mccmnc, 4) = :mnc", mnc=f.mnc)
        return self._fetch(*q.ordered("start_at DESC, id DESC", f.limit))

    # ---- delivery report callbacks ---------------------------------------------------------------------

    def accounts_with_due_pushes(self, now: int) -> list[str]:
        """Accounts with a delivery report or Number Context push due at ``now`` (sandbox clock; each
        account's own clock decides)."""
        with self._lock:
            rows = self._db.execute(
                " UNION ".join(queue.due_accounts_sql() for queue in QUEUES), {"now": now}
            ).fetchall()
        return [str(r["account"]) for r in rows]

    def claim_pushes(
        self, queue: PushQueue, now: int, limit: int = 100, account: str | None = None
    ) -> list[sqlite3.Row]:
        """Due pushes of ``queue`` (``now`` is the sandbox clock; each account's offset is added), marked as
        being sent; only ``account``'s when given."""
        with self.transaction() as db:
            return queue.claim(db, now, limit, account)

    def push_done(self, queue: PushQueue, row_id: int) -> None:
        with self.transaction() as db:
            queue.done(db, row_id)

    def push_failed(self, queue: PushQueue, row_id: int, error: str, next_at: int | None) -> None:
        """Schedule the next attempt, or (``next_at`` None) give up: a report can then be pulled."""
        with self.transaction() as db:
            queue.failed(db, row_id, error, next_at)

    # ---- Number Context jobs ---------------------------------------------------------------------------

    def add_nc_job(
        self, username: str, bulk_id: str | None, url: str, content_type: str, numbers: list[str], due: int
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO nc_jobs (account, bulk_id, notify_url, notify_ct, numbers, due_at, state,"
                " next_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 'push', ?)",
                (username, bulk_id, url, content_type, json.dumps(numbers), due, due),
            )

    def record_attempt(self, username: str, kind: str, ref: str, url: str, at: int, outcome: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO callback_attempts (account, kind, ref, url, at, outcome)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (username, kind, ref, url, at, outcome),
            )

    def attempts(self, username: str, limit: int = 100) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(
                "SELECT * FROM callback_attempts WHERE account = ? ORDER BY id DESC LIMIT ?",
                (username, limit),
            ).fetchall()

    # ---- inbound ---------------------------------------------------------------------------------------

    def add_inbound(
        self,
        username: str,
        message_id: str,
        sender: str,
        to: str,
        text: str,
        clean_text: str,
        keyword: str,
        received_at: int,
        sms_count: int,
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO inbound (account, message_id, from_addr, to_addr, text, clean_text, keyword,"
                " received_at, sms_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (username, message_id, sender, to, text, clean_text, keyword, received_at, sms_count),
            )

    def lease_inbound(self, username: str, limit: int) -> list[sqlite3.Row]:
        """Inbound messages not read yet, leased as :meth:`lease_reports` leases reports."""
        # pulled: 0 not read, 1 read, 2 leased to an answer being written.
        with self.transaction() as db:
            rows = db.execute(
                "SELECT * FROM inbound WHERE account = ? AND pulled = 0 ORDER BY received_at, id LIMIT ?",
                (username, limit),
            ).fetchall()
            db.executemany("UPDATE inbound SET pulled = 2 WHERE id = ?", [(r["id"],) for r in rows])
        return rows

    def finish_inbound_lease(self, row_ids: Sequence[int]) -> None:
        self._end_lease("inbound", "pulled", 2, 1, row_ids)

    def release_inbound_lease(self, row_ids: Sequence[int]) -> None:
        self._end_lease("inbound", "pulled", 2, 0, row_ids)

    def inbound_logs(
        self,
        username: str,
        keyword: str | None,
        to: str | None,
        since: int | None,
        until: int | None,
        limit: int,
    ) -> list[sqlite3.Row]:
        q = _Select("inbound WHERE account = :account", account=username)
        q.where("keyword = :keyword", keyword=keyword)
        q.where("to_addr = :to", to=to)
        q.where("received_at >= :since", since=since)
        q.where("received_at <= :until", until=until)
        return self._fetch(*q.ordered("received_at DESC, id DESC", limit))

    # ---- the web inbox (sms_sandbox.inbox) -------------------------------------------------------------

    def inbox_messages(self, username: str, now: int, f: InboxFilter) -> list[sqlite3.Row]:
        """Sent messages of any age, newest first (by submission), narrowed by ``f``."""
        q = _Select("messages WHERE account = :account", account=username, now=now)
        q.where("bulk_id = :bulk", bulk=f.bulk_id)
        q.where(f"({_GROUP_SQL}) = :group", group=f.general_status)
        q.where("instr(to_addr, :to) > 0", to=f.to)
        q.where("instr(lower(text), lower(:text)) > 0", text=f.text)
        return self._fetch(*q.ordered("submitted_at DESC, id DESC", f.limit))

    def attempts_for(self, username: str, refs: Sequence[str]) -> list[sqlite3.Row]:
        """The callback attempts about these message IDs (or bulk IDs), oldest first."""
        if not refs:
            return []
        marks = ", ".join("?" for _ in refs)
        with self._lock:
            return self._db.execute(
                f"SELECT * FROM callback_attempts WHERE account = ? AND ref IN ({marks}) ORDER BY id",
                (username, *refs),
            ).fetchall()

    def record_lookup(
        self,
        username: str,
        kind: str,
        at: int,
        bulk_id: str | None,
        notify_url: str | None,
        numbers: Sequence[str],
        results: Sequence[dict[str, Any]],
    ) -> None:
        """Keep a Number Context request and its results (``query``, or ``notify`` with what it will push)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO nc_lookups (account, kind, at, bulk_id, notify_url, numbers, results)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    username,
                    kind,
                    at,
                    bulk_id,
                    notify_url,
                    json.dumps(list(numbers)),
                    json.dumps(list(results)),
                ),
            )

    def lookups(self, username: str, limit: int = 50) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(
                "SELECT * FROM nc_lookups WHERE account = ? ORDER BY id DESC LIMIT ?", (username, limit)
            ).fetchall()
