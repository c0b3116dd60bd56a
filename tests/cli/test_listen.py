"""``sms-api listen`` receives real pushes from the sandbox: delivery reports and Number Context results,
JSON and XML, and prints each one as it arrives."""

from __future__ import annotations

import json

import httpx

from .conftest import Child, Cli


def _listen(cli: Cli, *args: str) -> tuple[Child, str, str]:
    """A listener; the notifyUrl it prints for delivery reports and the one for Number Context results."""
    listener = cli.child("listen", "--port", "0", *args)
    reports, context = listener.err.next(), listener.err.next()
    assert reports.startswith("sms-api: delivery reports notifyUrl: http://127.0.0.1:"), reports
    assert context.startswith("sms-api: Number Context notifyUrl: http://127.0.0.1:"), context
    return listener, reports.rsplit(" ", 1)[1].strip(), context.rsplit(" ", 1)[1].strip()


def _documents(lines: list[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in lines]


def test_listen_prints_pushed_reports_and_number_context_results_json_and_xml(cli: Cli) -> None:
    listener, url, context_url = _listen(cli, "--format", "json")
    as_json = cli.run(
        "send", "--to", "41793026791", "--to", "41793026796", "--text", "push", "--notify-url", url
    )
    as_xml = cli.run(
        "send",
        "--to",
        "41793026792",
        "--text",
        "xml push",
        "--notify-url",
        url,
        "--notify-content-type",
        "application/xml",
    )
    lookup = cli.run(
        "lookup", "41793026737", "--notify-url", context_url, "--notify-content-type", "application/xml"
    ).json()
    expected = {str(m["messageId"]) for m in [*as_json.json()["messages"], *as_xml.json()["messages"]]}  # type: ignore[misc]

    def arrived(lines: list[str]) -> bool:
        documents = _documents(lines)
        reports = {str(r["messageId"]) for d in documents for r in d.get("results", [])}  # type: ignore[attr-defined]
        return expected <= reports and any("ncResults" in d for d in documents)

    documents = _documents(listener.out.until(arrived))
    reports = {str(r["messageId"]): r for d in documents for r in d.get("results", [])}  # type: ignore[attr-defined]
    assert reports[next(iter(expected))]["status"]["groupName"] in ("DELIVERED", "UNDELIVERABLE")
    by_to = {r["to"]: r for r in reports.values()}
    assert by_to["41793026791"]["status"]["groupName"] == "DELIVERED"
    assert by_to["41793026796"]["status"]["groupName"] == "UNDELIVERABLE"
    assert (
        by_to["41793026792"]["status"]["groupName"] == "DELIVERED"
    )  # came as XML, printed as the API's JSON
    (context,) = [d for d in documents if "ncResults" in d]
    assert lookup["ncResults"][0]["to"] == "41793026737"  # type: ignore[index]
    assert context["ncResults"][0]["to"] == "41793026737"  # type: ignore[index]
    assert context["ncResults"][0]["ported"] is True  # type: ignore[index]

    assert listener.interrupt() == 0
    assert "Traceback" not in "".join(listener.err.rest())


def test_listen_answers_400_to_an_unreadable_push_and_keeps_listening(cli: Cli) -> None:
    listener, url, _ = _listen(cli, "--format", "json")
    assert (
        httpx.post(url, content=b"{not json", headers={"Content-Type": "application/json"}).status_code == 400
    )
    sent = cli.run("send", "--to", "41793026793", "--text", "after", "--notify-url", url).json()
    message_id = sent["messages"][0]["messageId"]  # type: ignore[index]
    lines = listener.out.until(lambda lines: any(message_id in line for line in lines))
    assert len(lines) == 1  # the bad push printed nothing
    assert listener.interrupt() == 0


def test_listen_table_fits_80_columns(cli: Cli) -> None:
    listener, url, context_url = _listen(cli, "--format", "table")
    cli.run("send", "--to", "41793026794", "--text", "table", "--notify-url", url)
    cli.run("lookup", "41793026795", "--notify-url", context_url)
    lines = listener.out.until(
        lambda lines: sum("41793026795" in x or "41793026794" in x for x in lines) == 2
    )
    assert any(line.startswith("delivery report") for line in lines)
    assert any(line.startswith("Number Context result") for line in lines)
    assert max(len(line.rstrip("\n")) for line in lines) <= 80
    assert listener.interrupt() == 0


def test_listen_raw_prints_each_push_as_it_arrived(cli: Cli) -> None:
    listener, url, context_url = _listen(cli, "--raw")
    sent = cli.run(
        "send",
        "--to",
        "41793026797",
        "--text",
        "raw",
        "--notify-url",
        url,
        "--notify-content-type",
        "application/xml",
    ).json()
    message_id = str(sent["messages"][0]["messageId"])  # type: ignore[index]
    cli.run("lookup", "41793026727", "--notify-url", context_url)
    lines = listener.out.until(
        # Both bodies, not only their header lines: a header can be read before the lines after it arrive.
        lambda lines: (
            "".join(lines).count("--- ") == 2
            and "ncResults" in "".join(lines)
            and f"<messageId>{message_id}</messageId>" in "".join(lines)
        )
    )
    shown = "".join(lines)
    assert "--- delivery report (application/xml)\n<" in shown
    assert f"<messageId>{message_id}</messageId>" in shown
    assert "--- Number Context result (application/json)\n{" in shown
    assert listener.interrupt() == 0
