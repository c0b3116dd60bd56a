"""Database rows -> the spec's response objects (JSON-equivalent dicts)."""

from __future__ import annotations

import sqlite3
from typing import Any

from .accounts import MICROS
from .dates import format_date
from .rules import error_object, status_object
from .store import status_at


def _price(row: sqlite3.Row) -> dict[str, Any]:
    return {"pricePerMessage": row["price"] / MICROS, "currency": row["currency"]}


def report_object(row: sqlite3.Row, *, callback: bool = False) -> dict[str, Any]:
    """A final ``SentSMSReport`` (or ``DeliveryReport`` with ``callbackData`` for a push)."""
    out: dict[str, Any] = {}
    if row["bulk_id"] is not None:
        out["bulkId"] = row["bulk_id"]
    out["messageId"] = row["message_id"]
    out["to"] = row["to_addr"]
    out["sentAt"] = format_date(row["start_at"])
    out["doneAt"] = format_date(row["final_at"])
    out["smsCount"] = row["sms_count"]
    out["price"] = _price(row)
    out["status"] = status_object(row["final_status"])
    out["error"] = error_object(row["final_error"])
    if callback and row["callback_data"] is not None:
        out["callbackData"] = row["callback_data"]
    return out


def _status_since(row: sqlite3.Row, now: int) -> int:
    """When the message got the status it has at ``now``: accepted at submission, pending from its send time,
    final at the final time."""
    if now < row["start_at"]:
        return int(row["submitted_at"])
    if now < row["final_at"]:
        return int(row["start_at"])
    return int(row["final_at"])


def log_object(row: sqlite3.Row, now: int) -> dict[str, Any]:
    """A ``SentSMSLog`` as the message is at ``now``. ``doneAt`` is always there (every log example of the
    seed carries it, and the provider's own 2016 client parses it unconditionally): until the status is
    final it is the time the current status began."""
    status = status_at(row, now)
    final = now >= row["final_at"]
    out: dict[str, Any] = {}
    if row["bulk_id"] is not None:
        out["bulkId"] = row["bulk_id"]
    out["messageId"] = row["message_id"]
    out["to"] = row["to_addr"]
    if row["from_addr"] is not None:
        out["from"] = row["from_addr"]
    if row["text"] is not None:
        out["text"] = row["text"]
    out["sentAt"] = format_date(row["start_at"])
    out["doneAt"] = format_date(_status_since(row, now))
    out["smsCount"] = row["sms_count"]
    if row["mccmnc"] is not None:
        out["mccmnc"] = row["mccmnc"]
    out["price"] = _price(row)
    out["status"] = status_object(status)
    if final:
        out["error"] = error_object(row["final_error"])
    return out


def inbound_object(row: sqlite3.Row, *, log: bool) -> dict[str, Any]:
    """A ``MOReport`` (pull: ``keyword`` is ``""`` when there is none, as the seed shows) or a ``MOLog``
    (``keyword`` left out when there is none)."""
    out: dict[str, Any] = {
        "messageId": row["message_id"],
        "from": row["from_addr"],
        "to": row["to_addr"],
        "text": row["text"],
        "cleanText": row["clean_text"],
    }
    if row["keyword"] or not log:
        out["keyword"] = row["keyword"]
    out["receivedAt"] = format_date(row["received_at"])
    out["smsCount"] = row["sms_count"]
    return out
