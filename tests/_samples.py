"""API payloads shaped like the sandbox's answers, for the tests and for `benchmarks/` (which imports this
module: a benchmark measures the same bodies the tests check). The status rows come from the generated
code tables.

Each function returns fresh dicts, so a test may edit what it gets without touching another test's data.
"""

from __future__ import annotations

from typing import Any

from sms_api_spec import STATUS_GROUPS, STATUSES


def status(status_id: int) -> dict[str, Any]:
    """The `Status` object the API sends for a row of the spec's status table."""
    row = STATUSES[status_id]
    return {
        "groupId": row["groupId"],
        "groupName": STATUS_GROUPS[row["groupId"]]["name"],
        "id": status_id,
        "name": row["name"],
        "description": row["description"],
    }


def delivered_status() -> dict[str, Any]:
    """The `Status` of a message delivered to the handset (group 3, status 5)."""
    return status(5)


def no_error() -> dict[str, Any]:
    """The `Error` of a message that met none (group 0, error 0)."""
    return {
        "groupId": 0,
        "groupName": "OK",
        "id": 0,
        "name": "NO_ERROR",
        "description": "No Error",
        "permanent": False,
    }


def sent_log(i: int) -> dict[str, Any]:
    """The `i`-th of a run of distinct `SentSMSLog` entries (delivered, with price, status and error)."""
    return {
        "bulkId": f"bulk-{i // 100:06d}-5f1e-4b61-a2c3-0123456789ab",
        "messageId": f"{i:08d}-719b-4cce-8762-54d47b40f3c5",
        "to": f"4179{i:07d}",
        "from": "InfoSMS",
        "text": f"Your code is {i:06d}. It expires in 10 minutes.",
        "sentAt": f"2015-02-12T09:{(i // 60) % 60:02d}:{i % 60:02d}.123+0100",
        "doneAt": f"2015-02-12T09:{(i // 60) % 60:02d}:{i % 60:02d}.987+0100",
        "smsCount": 1,
        "mccmnc": "22801",
        "price": {"pricePerMessage": 0.01, "currency": "EUR"},
        "status": delivered_status(),
        "error": no_error(),
    }


def sent_logs(n: int) -> dict[str, Any]:
    """A `get-sent-sms-logs` answer (`SMSLogsResponse`) of `n` distinct entries."""
    return {"results": [sent_log(i) for i in range(n)]}
