"""Exit codes as the shell sees them: 1 with one line for API and connection errors, 2 for usage errors."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sms_sandbox.process import PASSWORD

from .conftest import Cli


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_wrong_password_is_one_line_with_the_status_and_the_servers_text(cli: Cli) -> None:
    result = cli.run_process("balance", SMS_API_PASSWORD="not the password")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "401" in lines[0] and "Invalid login details" in lines[0]
    assert lines[0].startswith("sms-api: error: ")


def test_connection_refused_is_one_line(cli: Cli) -> None:
    result = cli.run_process("logs", "--base-url", f"http://127.0.0.1:{_closed_port()}")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert "refused" in line.lower()


def test_debug_adds_the_traceback_and_the_sdk_log_without_the_password(cli: Cli) -> None:
    result = cli.run_process("balance", "--xml", "--debug", SMS_API_PASSWORD="wrong secret")
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "AuthenticationError" in result.stderr
    assert "sms_api DEBUG" in result.stderr
    assert "application/xml" in result.stderr  # --xml: the request spoke XML
    assert "[redacted]" in result.stderr
    assert "wrong secret" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("sms-api: error: HTTP 401")


@pytest.mark.parametrize(
    "args",
    [
        ("send", "--text", "no destination"),
        ("send", "--to", "41793026727"),
        ("balance", "--format", "yaml"),
        ("logs", "--limit", "0"),
        ("logs", "--status", "LOST"),
        ("logs", "--since", "last tuesday"),
        ("reports", "--follow", "--interval", "0"),
        ("lookup",),
        ("send", "--to", "1", "--text", "x", "--notify-content-type", "application/xml"),
        ("send", "--to-file", "/no/such/file", "--text", "x"),
        ("balance", "--base-url", "ftp://example.com"),
        ("balance", "--base-url", "http://[::1"),
        ("listen", "--port", "70000"),
        ("no-such-command",),
    ],
    ids=lambda args: " ".join(args),
)
def test_usage_errors_exit_2(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli.run(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert "Error:" in result.stderr


def test_empty_destination_file_is_a_usage_error(cli: Cli) -> None:
    result = cli.run("send", "--to-file", "-", "--text", "x", stdin="# nobody\n\n")
    assert result.exit_code == 2
    assert "holds no numbers" in result.stderr


def test_destination_file_that_is_not_text_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    listing = tmp_path / "numbers.bin"
    listing.write_bytes(b"41793026727\n\xff\xfe\x00garbage\n")
    result = cli.run("send", "--to-file", str(listing), "--text", "x")
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr


def test_no_password_and_no_terminal_is_a_usage_error_naming_the_variable(cli: Cli) -> None:
    result = cli.run("balance", SMS_API_PASSWORD="")
    assert result.exit_code == 2
    assert "SMS_API_PASSWORD" in result.stderr


def test_usage_error_of_the_real_process_exits_2(cli: Cli) -> None:
    result = cli.run_process("send", "--text", "x")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_password_is_asked_for_on_a_terminal(cli: Cli) -> None:
    result = cli.run_on_terminal(
        "balance",
        "--format",
        "json",
        answer=PASSWORD.encode() + b"\n",
        after=b"Password",
        SMS_API_PASSWORD="",
    )
    assert result.exit_code == 0, result.stderr
    assert '"currency": "EUR"' in result.stdout
    assert PASSWORD not in result.stderr  # not echoed


def test_without_the_cli_extra_one_line_names_it() -> None:
    # click and rich made unimportable, as in a base install: sms_api still imports, sms-api names the extra.
    program = (
        "import sys; sys.modules['click'] = None; sys.modules['rich'] = None; import sms_api; "
        "from sms_api_cli.entry import main; sys.exit(main(['balance']))"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (
        "sms-api: the command line needs the [cli] extra (click, rich not installed): "
        "pip install 'sms-api-sdk[cli]'\n"
    )
    assert result.stdout == ""


def test_a_bulk_send_whose_batches_fail_names_the_bulk_id_that_sends_the_rest(
    cli: Cli, tmp_path: Path
) -> None:
    class Unavailable(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = b'{"requestError":{"serviceException":{"messageId":"UNAVAILABLE","text":"try later"}}}'
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    listing = tmp_path / "numbers.txt"
    listing.write_text("41793026721\n41793026722\n", encoding="utf-8")
    try:
        result = cli.run(
            "send",
            "--to-file",
            str(listing),
            "--text",
            "x",
            "--base-url",
            f"http://127.0.0.1:{server.server_port}",
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    document = json.loads(result.stdout)  # what was (not) sent is still printed, in input order
    assert [m["to"] for m in document["messages"]] == ["41793026721", "41793026722"]
    assert all("status" not in m for m in document["messages"])
    assert "2 of 2 destinations not sent" in line and "503" in line and "try later" in line
    assert f"--bulk-id {document['bulkId']}" in line
