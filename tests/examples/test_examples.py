"""Every program of examples/ runs against a sandbox and does what it says (each in its own process)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from sms_sandbox.process import PASSWORD, USERNAME, sandbox_process

from .._spec import REPO

pytestmark = pytest.mark.e2e

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def environ() -> Iterator[dict[str, str]]:
    with sandbox_process("--delivery-delay", "0.2", access_log=False) as sandbox:
        yield {
            **os.environ,
            "SMS_API_BASE_URL": sandbox.base_url,
            "SMS_API_USERNAME": USERNAME,
            "SMS_API_PASSWORD": PASSWORD,
        }


def run(environ: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], env=environ, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_every_example_is_run_here() -> None:
    programs = {p.name for p in EXAMPLES.glob("*.py")} - {"quickstart.py"}  # make demo; tests/package
    tested = {
        "send_sms.py",
        "bulk_send_and_wait.py",
        "webhook_receiver.py",
        "xml_wire_format.py",
        "error_handling.py",
    }
    assert programs == tested


def test_send_sms(environ: dict[str, str]) -> None:
    out = run(environ, str(EXAMPLES / "send_sms.py"))
    assert re.search(r"^sent \S+ MESSAGE_ACCEPTED$", out, re.M)
    assert "rejected: not-a-number Invalid destination address" in out
    assert "logged 3 messages" in out
    assert re.search(r"^balance \d+(\.\d+)? EUR$", out, re.M)


def test_bulk_send_and_wait_is_safe_to_rerun(environ: dict[str, str]) -> None:
    out = run(environ, str(EXAMPLES / "bulk_send_and_wait.py"))
    bulk_id = re.search(r"^bulk (\S+) sent 1000 failed batches 0$", out, re.M)
    assert bulk_id, out
    assert "already sent before: 0" in out
    assert "1000/1000 done, 0 failed" in out
    assert re.search(r" DELIVERED DELIVERED_TO_HANDSET$", out, re.M)
    assert re.search(r" UNDELIVERABLE UNDELIVERABLE_", out, re.M)
    again = run(environ, str(EXAMPLES / "bulk_send_and_wait.py"), bulk_id.group(1))
    assert "already sent before: 1000" in again


def test_webhook_receiver(environ: dict[str, str]) -> None:
    out = run(environ, str(EXAMPLES / "webhook_receiver.py"))
    assert re.search(r"^pushed: \S+ DELIVERED_TO_HANDSET order-1234$", out, re.M), out


def test_xml_wire_format(environ: dict[str, str]) -> None:
    out = run(environ, str(EXAMPLES / "xml_wire_format.py"))
    assert "41793026727 MESSAGE_ACCEPTED" in out
    assert re.search(r"^reports: \d+$", out, re.M)
    assert "logs (JSON): 2" in out


def test_error_handling(environ: dict[str, str]) -> None:
    out = run(environ, str(EXAMPLES / "error_handling.py"))
    assert "401: 401" in out
    assert "no server: ApiConnectionError sent: False" in out
    assert "rejected: 12 REJECTED_DESTINATION final: True" in out
    assert re.search(r"^not final yet: \['\S+'\]$", out, re.M)


def test_the_user_test_suite_passes_with_the_fixture() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLES / "user_test_suite")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
