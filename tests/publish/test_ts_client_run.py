"""The TypeScript client of `make spec-clients`, unmodified, carries out every operation against a sandbox.

`make spec-clients` generates it from the published bundle (dist/spec) and compiles it, with the driver
`tests/publish/ts_client/run.ts`, to CommonJS JavaScript in build/ts-client (the pinned tsc). Here Node runs
the driver against a sandbox process; it prints what every call answered, and this test checks that against
the spec: the sends (text, binary, multi, advanced), delivery reports read once, logs with filters, an inbound
message pulled once and logged, both Number Context calls, the balance charged by parts, and a wrong password
answered 401 with the error body.
"""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest

from sms_sandbox.process import PASSWORD, USERNAME, sandbox_process

from .conftest import REPO, load_spec, node, require

DRIVER = REPO / "build" / "ts-client" / "tests" / "publish" / "ts_client" / "run.js"
REJECTED = 5


@pytest.fixture(scope="module")
def answers() -> dict[str, Any]:
    driver = require(DRIVER, "spec-clients")
    with sandbox_process() as sandbox:
        run = subprocess.run(
            [node(), str(driver), sandbox.base_url, USERNAME, PASSWORD],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert run.returncode == 0, f"the TypeScript client failed:\n{run.stderr}"
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def accepted(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in answer["messages"] if m["status"]["groupId"] != REJECTED]


def test_sends_answer_one_entry_per_destination(answers: dict[str, Any]) -> None:
    assert [len(answers[k]["messages"]) for k in ("single", "several", "multi", "binary", "multiBinary")] == [
        1, 3, 3, 1, 3,
    ]  # fmt: skip
    assert "bulkId" not in answers["single"] and answers["several"]["bulkId"]
    for name in ("single", "binary"):
        assert answers[name]["messages"][0]["status"]["name"] == "MESSAGE_ACCEPTED"
    # A destination that is no number is rejected per message, in a 200 answer.
    assert [m["status"]["groupId"] for m in answers["several"]["messages"]] == [0, 0, REJECTED]
    assert [m["smsCount"] for m in answers["multi"]["messages"]] == [1, 1, 2]  # a 204-character text


def test_the_advanced_send_keeps_client_ids(answers: dict[str, Any]) -> None:
    advanced = answers["advanced"]
    assert advanced["bulkId"].startswith("TS-BULK-")
    assert advanced["messages"][0]["messageId"] == advanced["bulkId"] + "-1"
    assert len(advanced["messages"]) == 3


def test_delivery_reports_are_read_once_and_logs_again(answers: dict[str, Any]) -> None:
    reports = {r["to"]: r for r in answers["deliveryReports"]["results"]}
    assert set(reports) == {"41793026727", "41793026738", "41793026785"}
    assert reports["41793026727"]["status"]["groupName"] == "DELIVERED"
    assert reports["41793026738"]["status"]["groupName"] == "UNDELIVERABLE"
    assert reports["41793026727"]["messageId"] == answers["advanced"]["messages"][0]["messageId"]
    assert answers["reportsAgain"]["results"] == []
    logged = {entry["messageId"] for entry in answers["logs"]["results"]}
    sent = {m["messageId"] for k in ("advanced", "several") for m in answers[k]["messages"]}
    assert logged == sent
    assert answers["delivered"]["results"]
    assert {e["status"]["groupName"] for e in answers["delivered"]["results"]} == {"DELIVERED"}


def test_response_dates_arrive_as_the_servers_strings(answers: dict[str, Any]) -> None:
    pattern = re.compile(load_spec()["components"]["schemas"]["ServerDateTime"]["pattern"])
    dates = [r[k] for r in answers["deliveryReports"]["results"] for k in ("sentAt", "doneAt")]
    dates += [m["receivedAt"] for m in answers["received"]["results"]]
    assert dates and all(pattern.match(date) for date in dates), dates


def test_inbound_messages_are_pulled_once_and_logged(answers: dict[str, Any]) -> None:
    (message,) = answers["received"]["results"]
    assert (message["keyword"], message["cleanText"]) == ("KEY", "hi")
    assert answers["receivedAgain"]["results"] == []
    assert [m["messageId"] for m in answers["receivedLogs"]["results"]] == [message["messageId"]]


def test_both_number_context_calls(answers: dict[str, Any]) -> None:
    query = answers["query"]
    assert query["bulkId"]
    assert [(r["to"], r["status"]["groupName"]) for r in query["results"]] == [
        ("41793026727", "DELIVERED"),
        ("385981178", "UNDELIVERABLE"),
    ]
    (pending,) = answers["notify"]["ncResults"]
    assert pending["status"]["groupName"] == "PENDING" and pending["messageId"]


def test_the_balance_is_charged_by_parts(answers: dict[str, Any]) -> None:
    parts = sum(
        m["smsCount"]
        for k in ("single", "several", "multi", "binary", "multiBinary", "advanced")
        for m in accepted(answers[k])
    )
    before, after = answers["balanceBefore"], answers["balanceAfter"]
    assert before["currency"] == after["currency"] == "EUR"
    assert round(before["balance"] - after["balance"], 6) == round(parts * 0.01, 6)


def test_a_wrong_password_is_answered_401_with_the_error_body(answers: dict[str, Any]) -> None:
    assert answers["unauthorized"] == {
        "thrown": True,
        "status": 401,
        "wwwAuthenticate": 'Basic realm="SMS API"',
        "messageId": "UNAUTHORIZED",
    }
