"""Every API command against a sandbox process: the JSON document it prints, its CSV and table forms."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from .conftest import Cli


def _messages(document: dict[str, object]) -> list[dict[str, object]]:
    messages = document["messages"]
    assert isinstance(messages, list)
    return messages


def _results(document: dict[str, object], key: str = "results") -> list[dict[str, object]]:
    results = document[key]
    assert isinstance(results, list)
    return results


def _status_group(entry: dict[str, object]) -> object:
    status = entry["status"]
    assert isinstance(status, dict)
    return status["groupName"]


def _wait_final(cli: Cli, message_ids: list[str], timeout: float = 10) -> list[dict[str, object]]:
    """The log entries of `message_ids` once none is ACCEPTED or PENDING (through `sms-api logs`)."""
    args = [arg for message_id in message_ids for arg in ("--message-id", message_id)]
    deadline = time.monotonic() + timeout
    while True:
        entries = _results(cli.run("logs", *args, "--format", "json").json())
        if len(entries) == len(message_ids) and all(
            _status_group(e) not in ("ACCEPTED", "PENDING") for e in entries
        ):
            return entries
        statuses = [(e["to"], _status_group(e)) for e in entries]
        assert time.monotonic() < deadline, f"not final in {timeout} s: {statuses}"
        time.sleep(0.1)


def test_balance_is_the_accounts_balance(cli: Cli) -> None:
    assert cli.sandbox.admin("PUT", "/sandbox/balance", json={"balance": 42.5}).status_code == 200
    assert cli.run("balance", "--format", "json").json() == {"balance": 42.5, "currency": "EUR"}
    assert cli.run("balance", "--format", "csv").stdout == "balance,currency\n42.5,EUR\n"


def test_json_is_the_default_when_stdout_is_not_a_terminal(cli: Cli) -> None:
    assert set(cli.run("balance").json()) == {"balance", "currency"}


def test_send_to_several_numbers_prints_each_message_id_and_status(cli: Cli) -> None:
    document = cli.run(
        "send", "--to", "41793026711", "--to", "41793026716", "--text", "Hello", "--from", "InfoSMS"
    ).json()
    messages = _messages(document)
    assert [m["to"] for m in messages] == ["41793026711", "41793026716"]
    assert all(_status_group(m) in ("ACCEPTED", "PENDING") for m in messages)
    assert isinstance(document["bulkId"], str)
    ids = [str(m["messageId"]) for m in messages]
    final = {e["to"]: e for e in _wait_final(cli, ids)}
    assert _status_group(final["41793026711"]) == "DELIVERED"
    assert _status_group(final["41793026716"]) == "UNDELIVERABLE"
    assert final["41793026711"]["text"] == "Hello"
    assert final["41793026711"]["from"] == "InfoSMS"


def test_send_to_one_number_in_xml_gives_the_same_document(cli: Cli) -> None:
    document = cli.run("send", "--to", "41793026721", "--text", "über XML", "--xml").json()
    (message,) = _messages(document)
    assert message["to"] == "41793026721"
    (entry,) = _wait_final(cli, [str(message["messageId"])])
    assert entry["text"] == "über XML"


def test_send_to_file_sends_every_number_once_in_input_order(cli: Cli, tmp_path: Path) -> None:
    numbers = [f"417930{n:04d}1" for n in range(25)]  # ending in 1: delivered (9 would wait 48 h to expire)
    listing = tmp_path / "numbers.txt"
    listing.write_text("# customers\n\n" + "\n".join(f"  {n}  " for n in numbers) + "\n", encoding="utf-8")
    result = cli.run("send", "--to-file", str(listing), "--text", "bulk")
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    messages = _messages(result.json())
    assert [m["to"] for m in messages] == numbers
    ids = [str(m["messageId"]) for m in messages]
    assert len(set(ids)) == len(numbers)
    assert len(_wait_final(cli, ids)) == len(numbers)


def test_send_to_file_reads_standard_input(cli: Cli) -> None:
    messages = _messages(
        cli.run("send", "--to-file", "-", "--text", "piped", stdin="41793027001\n41793027002\n").json()
    )
    assert [m["to"] for m in messages] == ["41793027001", "41793027002"]


def test_send_csv_has_one_row_per_destination(cli: Cli) -> None:
    result = cli.run("send", "--to", "41793026731", "--to", "41793026732", "--text", "csv", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["to"] for r in rows] == ["41793026731", "41793026732"]
    assert all(len(r["messageId"]) == 36 and r["status.groupName"] for r in rows)


def test_reports_are_pulled_once(cli: Cli) -> None:
    document = cli.run("send", "--to", "41793026741", "--to", "41793026748", "--text", "reports").json()
    bulk_id = str(document["bulkId"])
    sent = {str(m["messageId"]): m["to"] for m in _messages(document)}
    _wait_final(cli, list(sent))
    reports = _results(cli.run("reports", "--bulk-id", bulk_id, "--format", "json").json())
    assert {str(r["messageId"]): r["to"] for r in reports} == sent
    by_to = {r["to"]: r for r in reports}
    assert _status_group(by_to["41793026741"]) == "DELIVERED"
    error = by_to["41793026748"]["error"]
    assert isinstance(error, dict) and error["name"] == "EC_ABSENT_SUBSCRIBER"
    assert _results(cli.run("reports", "--bulk-id", bulk_id).json()) == []


def test_reports_by_message_id_and_limit(cli: Cli) -> None:
    messages = _messages(cli.run("send", "--to", "41793026751", "--to", "41793026752", "--text", "x").json())
    first = str(messages[0]["messageId"])
    _wait_final(cli, [str(m["messageId"]) for m in messages])
    (report,) = _results(cli.run("reports", "--message-id", first, "--limit", "1").json())
    assert report["messageId"] == first


def test_log_filters(cli: Cli) -> None:
    document = cli.run("send", "--to", "41793026761", "--to", "41793026766", "--text", "filters").json()
    bulk_id = str(document["bulkId"])
    _wait_final(cli, [str(m["messageId"]) for m in _messages(document)])

    def tos(*args: str) -> list[object]:
        return sorted(e["to"] for e in _results(cli.run("logs", "--bulk-id", bulk_id, *args).json()))

    assert tos() == ["41793026761", "41793026766"]
    assert tos("--status", "delivered") == ["41793026761"]
    assert tos("--status", "UNDELIVERABLE") == ["41793026766"]
    assert tos("--to", "41793026766") == ["41793026766"]
    assert tos("--since", "1h") == ["41793026761", "41793026766"]
    assert tos("--until", "1h") == []
    assert tos("--since", "2999-01-01T00:00:00+00:00") == []
    assert len(tos("--limit", "1")) == 1
    assert tos("--bulk-id", "no-such-bulk") == ["41793026761", "41793026766"]


def test_inbox_pulls_once_and_inbox_logs_keep_them(cli: Cli) -> None:
    injected = cli.sandbox.admin(
        "POST", "/sandbox/inbound", json={"from": "385998779111", "to": "41793000999", "text": "CLI hello"}
    )
    assert injected.status_code == 201
    message_id = injected.json()["messageId"]
    pulled = _results(cli.run("inbox").json())
    assert [(m["messageId"], m["text"], m["keyword"]) for m in pulled] == [(message_id, "CLI hello", "CLI")]
    assert _results(cli.run("inbox").json()) == []
    logged = _results(
        cli.run("inbox-logs", "--keyword", "CLI", "--to", "41793000999", "--since", "1h").json()
    )
    assert [m["messageId"] for m in logged] == [message_id]
    assert _results(cli.run("inbox-logs", "--keyword", "NOT-THERE").json()) == []


def test_lookup_answers_every_number(cli: Cli) -> None:
    results = _results(cli.run("lookup", "41793026727", "41793026737", "--format", "json").json())
    by_to = {r["to"]: r for r in results}
    assert set(by_to) == {"41793026727", "41793026737"}
    assert by_to["41793026737"]["ported"] is True
    assert by_to["41793026727"]["ported"] is False
    assert by_to["41793026727"]["mccMnc"] == "22801"


def test_lookup_with_notify_url_is_accepted_with_message_ids(cli: Cli) -> None:
    document = cli.run("lookup", "41793026727", "--notify-url", "http://127.0.0.1:9/unused").json()
    (accepted,) = _results(document, "ncResults")
    assert accepted["to"] == "41793026727"
    assert _status_group(accepted) == "PENDING"


@pytest.mark.parametrize(
    "args",
    [
        ("balance",),
        ("send", "--to", "41793026771", "--to", "385981234567", "--text", "table " * 30),
        ("reports",),
        ("logs", "--limit", "5"),
        ("inbox-logs",),
        ("lookup", "41793026727", "41793026737", "38598123456"),
    ],
    ids=lambda args: args[0],
)
def test_tables_fit_80_columns(cli: Cli, args: tuple[str, ...]) -> None:
    cli.sandbox.admin(
        "POST", "/sandbox/inbound", json={"from": "385998779111", "to": "41793000998", "text": "long " * 40}
    )
    result = cli.run(*args, "--format", "table")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) >= 2, result.stdout
    assert max(len(line) for line in lines) <= 80, result.stdout


def test_send_to_file_again_with_the_same_bulk_id_sends_nothing_twice(cli: Cli, tmp_path: Path) -> None:
    numbers = [f"417931{n:04d}2" for n in range(7)]
    listing = tmp_path / "numbers.txt"
    listing.write_text("\n".join(numbers), encoding="utf-8")
    first = cli.run("send", "--to-file", str(listing), "--text", "once", "--bulk-id", "cli-rerun").json()
    assert first["bulkId"] == "cli-rerun"
    again = _messages(
        cli.run("send", "--to-file", str(listing), "--text", "once", "--bulk-id", "cli-rerun").json()
    )
    assert [m["messageId"] for m in again] == [m["messageId"] for m in _messages(first)]
    assert {m["status"]["name"] for m in again} == {"REJECTED_DUPLICATE_MESSAGE_ID"}  # type: ignore[index]
    logged = _results(cli.run("logs", "--bulk-id", "cli-rerun").json())
    assert sorted(e["to"] for e in logged) == numbers


def test_send_to_file_shows_a_progress_bar_on_a_terminal(cli: Cli, tmp_path: Path) -> None:
    numbers = [f"417932{n:04d}3" for n in range(1200)]  # three batches of send_bulk's 500
    listing = tmp_path / "numbers.txt"
    listing.write_text("\n".join(numbers), encoding="utf-8")
    result = cli.run_on_terminal("send", "--to-file", str(listing), "--text", "bar", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert " 0/1200" in result.stderr and "1200/1200" in result.stderr  # rich redraws at 10 Hz: ends only
    assert len(_messages(result.json())) == 1200


@pytest.mark.parametrize(
    "args",
    [
        ("balance",),
        ("logs", "--limit", "3"),
        ("inbox-logs", "--limit", "3"),
        ("lookup", "41793026727", "38598"),
    ],
    ids=lambda args: args[0],
)
def test_xml_wire_format_prints_the_same_document(cli: Cli, args: tuple[str, ...]) -> None:
    sent = _messages(cli.run("send", "--to", "41793026701", "--text", "for the logs").json())
    _wait_final(cli, [str(sent[0]["messageId"])])  # no status may change between the two calls
    as_xml, as_json = cli.run(*args, "--xml").json(), cli.run(*args).json()
    (
        as_xml.pop("bulkId", None),
        as_json.pop("bulkId", None),
    )  # a lookup of several numbers gets a new one each time
    assert as_xml == as_json


def test_send_with_a_bulk_id_uses_it(cli: Cli) -> None:
    document = cli.run(
        "send", "--to", "41793026711", "--to", "41793026712", "--text", "x", "--bulk-id", "mine-1"
    ).json()
    assert document["bulkId"] == "mine-1"
    assert sorted(e["to"] for e in _results(cli.run("logs", "--bulk-id", "mine-1").json())) == [
        "41793026711",
        "41793026712",
    ]
