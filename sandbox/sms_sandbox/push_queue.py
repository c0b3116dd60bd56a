"""The one state machine of everything the sandbox pushes (delivery reports, Number Context results).

A row waits in state ``push`` until it is due; the dispatcher claims it (``sending``), and it ends ``done``
after a 2xx, back at ``push`` with a later ``next_at`` after a failure, or, out of attempts, in the queue's
give-up state (a delivery report goes back to the pull endpoint, a Number Context job is ``failed``). A
claim that never finished (a crash, a stop) is ``push`` again at the next start. The two tables name their
columns differently (they predate this module, and databases written by older versions keep working), so a
queue is the table plus its column names, and the SQL is written once, here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Final

#: A push is due when its time has come on its account's clock (the sandbox clock plus the account's offset).
ACCOUNT_NOW_SQL: Final = ":now + COALESCE(account_clocks.offset_ms, 0)"


@dataclass(frozen=True)
class PushQueue:
    table: str
    state: str
    attempts: str
    next_at: str
    error: str
    due: str  # SQL: when a row in state `push` may be claimed
    order: str
    given_up: str  # the state after the last failed attempt

    def _pending(self) -> str:
        return (
            f"FROM {self.table} LEFT JOIN account_clocks ON username = account"
            f" WHERE {self.state} = 'push' AND {self.due}"
        )

    def recover(self, db: sqlite3.Connection) -> None:
        """Claims a stop interrupted are pushed again."""
        db.execute(f"UPDATE {self.table} SET {self.state} = 'push' WHERE {self.state} = 'sending'")

    def due_accounts_sql(self) -> str:
        return f"SELECT DISTINCT account {self._pending()}"

    def claim(self, db: sqlite3.Connection, now: int, limit: int, account: str | None) -> list[sqlite3.Row]:
        sql = f"SELECT {self.table}.* {self._pending()}"
        if account is not None:
            sql += " AND account = :account"
        args: dict[str, Any] = {"now": now, "limit": limit, "account": account}
        rows = db.execute(f"{sql} ORDER BY {self.order} LIMIT :limit", args).fetchall()
        db.executemany(
            f"UPDATE {self.table} SET {self.state} = 'sending' WHERE id = ?", [(r["id"],) for r in rows]
        )
        return rows

    def done(self, db: sqlite3.Connection, row_id: int) -> None:
        self._attempted(db, row_id, "done", None, None)

    def failed(self, db: sqlite3.Connection, row_id: int, error: str, next_at: int | None) -> None:
        """Schedule the next attempt, or (``next_at`` None) give up."""
        if next_at is None:
            self._attempted(db, row_id, self.given_up, error, 0)
        else:
            self._attempted(db, row_id, "push", error, next_at)

    def _attempted(
        self, db: sqlite3.Connection, row_id: int, state: str, error: str | None, next_at: int | None
    ) -> None:
        # One attempt more, its error (None after a success), and the next attempt's time when one is set.
        db.execute(
            f"UPDATE {self.table} SET {self.state} = ?, {self.attempts} = {self.attempts} + 1,"
            f" {self.error} = ?, {self.next_at} = COALESCE(?, {self.next_at}) WHERE id = ?",
            (state, error, next_at, row_id),
        )


REPORT_PUSHES: Final = PushQueue(
    table="messages",
    state="report_state",
    attempts="cb_attempts",
    next_at="cb_next_at",
    error="cb_error",
    due=f"final_at <= {ACCOUNT_NOW_SQL} AND cb_next_at <= {ACCOUNT_NOW_SQL}",
    order="final_at, id",
    given_up="pull",
)
NUMBER_CONTEXT_PUSHES: Final = PushQueue(
    table="nc_jobs",
    state="state",
    attempts="attempts",
    next_at="next_at",
    error="last_error",
    due=f"next_at <= {ACCOUNT_NOW_SQL}",
    order="id",
    given_up="failed",
)
QUEUES: Final = (REPORT_PUSHES, NUMBER_CONTEXT_PUSHES)
