"""``--follow`` prints what arrives until Ctrl-C, then stops cleanly (exit 0, no traceback)."""

from __future__ import annotations

import json

from .conftest import Cli


def _ids(lines: list[str]) -> set[str]:
    return {str(entry["messageId"]) for line in lines for entry in json.loads(line)["results"]}


def test_reports_follow_prints_reports_as_they_arrive_and_stops_on_ctrl_c(cli: Cli) -> None:
    follower = cli.child("reports", "--follow", "--interval", "0.2", "--format", "json")
    sent = cli.run("send", "--to", "41793026781", "--to", "41793026786", "--text", "follow").json()
    ids = {str(m["messageId"]) for m in sent["messages"]}  # type: ignore[union-attr]
    lines = follower.out.until(lambda lines: ids <= _ids(lines))
    assert all(set(json.loads(line)) == {"results"} for line in lines)  # one API document per line
    assert follower.interrupt() == 0
    errors = "".join(follower.err.rest())
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors
    # Read once: what the follower printed is gone from the pull endpoint.
    assert cli.run("reports").json() == {"results": []}


def test_inbox_follow_prints_inbound_messages_and_stops_on_ctrl_c(cli: Cli) -> None:
    follower = cli.child("inbox", "--follow", "--interval", "0.2", "--format", "csv")
    for text in ("first", "second"):
        cli.sandbox.admin(
            "POST", "/sandbox/inbound", json={"from": "385998779111", "to": "41793", "text": text}
        )
    lines = follower.out.until(lambda lines: sum(",41793," in line for line in lines) == 2)
    assert lines[0].startswith("messageId,from,to,text,")  # the header once, before the first row
    assert [row.split(",")[3] for row in lines[1:]] == ["first", "second"]
    assert follower.interrupt() == 0
    assert "Traceback" not in "".join(follower.err.rest())


def test_follow_without_anything_arriving_stops_on_ctrl_c(cli: Cli) -> None:
    follower = cli.child("reports", "--follow", "--interval", "0.2", "--format", "table", "--debug")
    # --debug logs each pull: interrupt after the second answer, between two pulls or during one.
    follower.err.until(lambda lines: sum(" response GET " in line for line in lines) >= 2, timeout=30)
    assert follower.interrupt() == 0
    assert follower.out.rest() == []
    assert "Traceback" not in "".join(follower.err.rest())
