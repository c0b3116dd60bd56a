"""``rejected_messages`` gives each response model's own entry type back under ``mypy --strict``.

One generic signature serves every response model (its list of entries is ``messages``, ``results`` or
``nc_results``); this checks that users still see ``list[SentSMSReport]`` and not ``list[Any]``, and that a
response whose entries carry no status (inbound messages) is refused.
"""

from __future__ import annotations

from pathlib import Path

from mypy import api

USER_CODE = """\
from typing import Any, assert_type

from sms_api import rejected_messages
from sms_api_client.models import (
    DeliveryReport, DeliveryReportNotification, MOReportResponse, NCResponse, NCResponseAsync,
    NCResponseAsyncDetails, NCResponseDetails, SentSMSLog, SentSMSReport, SMSLogsResponse,
    SMSReportResponse, SMSResponse, SMSResponseDetails,
)


def check(
    sent: SMSResponse, reports: SMSReportResponse, logs: SMSLogsResponse, pushed: DeliveryReportNotification,
    lookup: NCResponse, notified: NCResponseAsync, document: dict[str, Any], inbound: MOReportResponse,
) -> None:
    assert_type(rejected_messages(sent), list[SMSResponseDetails])
    assert_type(rejected_messages(reports), list[SentSMSReport])
    assert_type(rejected_messages(logs), list[SentSMSLog])
    assert_type(rejected_messages(pushed), list[DeliveryReport])
    assert_type(rejected_messages(lookup), list[NCResponseDetails])
    assert_type(rejected_messages(notified), list[NCResponseAsyncDetails])
    assert_type(rejected_messages(document), list[dict[str, Any]])
    rejected_messages(inbound)  # refused: entries without a status
"""


def test_each_response_model_gives_its_own_entry_type(tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(USER_CODE, encoding="utf-8")
    # A cache of its own (about 5 s cold), so that it never races a `make lint` writing the project's.
    out, err, status = api.run(["--strict", "--cache-dir", str(tmp_path / "mypy-cache"), str(user)])
    refused = (
        USER_CODE.splitlines().index("    rejected_messages(inbound)  # refused: entries without a status")
        + 1
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 1 and f"user.py:{refused}:" in errors[0], out + err
    assert status == 1
