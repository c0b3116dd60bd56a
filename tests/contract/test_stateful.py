"""Stateful contract run: schemathesis follows the spec's OpenAPI links between operations.

The links chain every send to the delivery report of its first message (`messageId`) and to the logs of
that message or of the whole bulk (`bulkId`). The test proves the chains were really walked: some report and
some log requests carried IDs that an earlier send returned and were answered 200 (every check ran on them).
"""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest

from sms_sandbox import create_app

from . import _support

pytestmark = [pytest.mark.contract, pytest.mark.slow]

SEND_LABELS = {label for label, op_id in _support.LABELS.items() if op_id.startswith("send-")}
REPORTS = "GET /restapi/sms/1/reports"
LOGS = "GET /restapi/sms/1/logs"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part for part in str(value).split(",") if part]


def test_links_send_to_reports_and_logs():
    schema = _support.load_schema(create_app(delivery_delay=0))
    base = schema.as_state_machine()
    seen: dict[str, Any] = {"ids": set(), "linked": {REPORTS: 0, LOGS: 0}, "calls": 0}

    class Machine(base):  # type: ignore[misc,valid-type]
        def get_call_kwargs(self, case):
            accept = _support.accept_for(case)
            case.headers = {**(case.headers or {}), "Accept": accept}
            return {"headers": {"Accept": accept}}

        def after_call(self, response, case):
            super().after_call(response, case)
            seen["calls"] += 1
            label = case.operation.label
            if label in SEND_LABELS and response.status_code == 200 and "json" in str(response.headers):
                body = response.json()
                seen["ids"].update(m["messageId"] for m in body.get("messages", []) if m.get("messageId"))
                if body.get("bulkId"):
                    seen["ids"].add(body["bulkId"])
            elif label in (REPORTS, LOGS):
                query = case.query or {}
                wanted = set(_as_list(query.get("messageId"))) | set(_as_list(query.get("bulkId")))
                if wanted & seen["ids"] and response.status_code == 200:
                    seen["linked"][label] += 1

    Machine.run(
        settings=hypothesis.settings(
            max_examples=_support.SCENARIOS,
            stateful_step_count=_support.STEPS,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
    assert seen["calls"] > 0
    assert seen["ids"], "no send succeeded, so no link could be followed"
    assert seen["linked"][REPORTS] > 0, f"no delivery report request used a messageId from a send: {seen}"
    assert seen["linked"][LOGS] > 0, f"no log request used an ID from a send: {seen}"
