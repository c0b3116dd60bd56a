"""Database rows -> the JSON the inbox page renders (``GET /ui/api/state``).

Everything is data, never markup: the page puts each string into the document with ``textContent``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from sms_api.sms_parts import count_sms_parts, split_sms_parts

from ..accounts import MICROS
from ..dates import format_date
from ..rules import ACCEPTED, PENDING_ENROUTE, error_object, status_object
from ..store import status_at

#: Number Context results shown per lookup; the rest is counted, not listed.
MAX_LOOKUP_RESULTS = 20


def _history(row: sqlite3.Row, now: int) -> list[dict[str, Any]]:
    """The statuses the message has been through by ``now``, with the time each began."""
    final = {"at": format_date(row["final_at"]), "status": status_object(row["final_status"])}
    if row["final_group"] == "REJECTED":
        return [final]  # refused at submission: never accepted
    steps = [{"at": format_date(row["submitted_at"]), "status": status_object(ACCEPTED)}]
    if now >= row["start_at"] and row["final_at"] > row["start_at"]:
        steps.append({"at": format_date(row["start_at"]), "status": status_object(PENDING_ENROUTE)})
    if now >= row["final_at"]:
        steps.append(final)
    return steps


def _attempt(row: sqlite3.Row) -> dict[str, Any]:
    return {"at": format_date(row["at"]), "kind": row["kind"], "url": row["url"], "outcome": row["outcome"]}


def message_view(row: sqlite3.Row, now: int, attempts: Sequence[sqlite3.Row]) -> dict[str, Any]:
    final = now >= row["final_at"]
    text: str | None = row["text"]
    out: dict[str, Any] = {
        "messageId": row["message_id"],
        "bulkId": row["bulk_id"],
        "from": row["from_addr"],
        "to": row["to_addr"],
        "text": text,
        "smsCount": row["sms_count"],
        "price": {"amount": row["price"] / MICROS, "currency": row["currency"]},
        "status": status_object(status_at(row, now)),
        "final": final,
        "history": _history(row, now),
        "error": error_object(row["final_error"]) if final else None,
        "callbackData": row["callback_data"],
        "notifyUrl": row["notify_url"],
        "notifyContentType": row["notify_ct"],
        "mccMnc": row["mccmnc"],
        "callbacks": [_attempt(a) for a in attempts],
    }
    if text is None:
        out["encoding"] = "binary"
        out["parts"] = []
    else:
        out["encoding"] = count_sms_parts(text).encoding
        out["parts"] = split_sms_parts(text)
    return out


def received_view(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "messageId": row["message_id"],
        "from": row["from_addr"],
        "to": row["to_addr"],
        "text": row["text"],
        "keyword": row["keyword"],
        "cleanText": row["clean_text"],
        "receivedAt": format_date(row["received_at"]),
        "smsCount": row["sms_count"],
        "pulled": row["pulled"] == 1,  # 1: answered by get-received-sms (not merely being answered)
    }


def lookup_view(row: sqlite3.Row) -> dict[str, Any]:
    numbers: list[str] = json.loads(row["numbers"])
    results: list[dict[str, Any]] = json.loads(row["results"])
    return {
        "kind": row["kind"],
        "at": format_date(row["at"]),
        "bulkId": row["bulk_id"],
        "notifyUrl": row["notify_url"],
        "numbers": numbers[:MAX_LOOKUP_RESULTS],
        "numberCount": len(numbers),
        "results": results[:MAX_LOOKUP_RESULTS],
    }
