"""The provider's own 2016 Python client (``infobip-api-python-client`` 1.1.1, Python 2.7) reads every answer.

That client parses each date field of its models unconditionally (``strptime(None)`` raises), with fixed
slices (``line[20:23]`` are the milliseconds), and reads the asynchronous Number Context answer's array as
``results``. The first test runs the client itself, unmodified, when Python 2.7 and the package can be had
(``pip download``); the second applies the same parsing rules to the sandbox's answers and always runs.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from sms_sandbox.process import PASSWORD, USERNAME, SandboxProcess, sandbox_process

JOURNEY = Path(__file__).with_name("provider_client_journey.py")

# The date fields of the client's response models (infobip/api/model/**: `type=datetime`).
CLIENT_DATES = {
    "SMSLog": ("sentAt", "doneAt"),
    "SMSReport": ("sentAt", "doneAt"),
    "MOReport": ("receivedAt",),
    "MOLog": ("receivedAt",),
}


def client_strptime(line: Any) -> dt.datetime:
    """``infobip.util.models.DateFormatIso8601.strptime``, the client's only date parser, restated."""
    return dt.datetime(
        int(line[0:4]),
        int(line[5:7]),
        int(line[8:10]),
        int(line[11:13]),
        int(line[14:16]),
        int(line[17:19]),
        int(line[20:23]) * 1000,
    )


@pytest.fixture
def sandbox() -> Any:
    with sandbox_process(access_log=False) as running:
        running.admin(
            "POST", "/sandbox/inbound", json={"from": "385998779111", "to": "41793026727", "text": "KEY hi"}
        )
        yield running


def _python27() -> list[str] | None:
    env = dict(os.environ)
    versions = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/2.7*/bin/python2.7")))
    candidates = [[v] for v in versions] + [[p] for p in ("python2.7", "python2") if shutil.which(p)]
    for candidate in candidates:
        try:
            done = subprocess.run(
                [*candidate, "-c", "import sys; print(sys.version_info[0])"],
                capture_output=True,
                text=True,
                timeout=20,
                env=env,
            )
        except OSError:
            continue
        if done.returncode == 0 and done.stdout.strip() == "2":
            return candidate
    return None


def _client_source(where: Path) -> Path | None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "infobip-api-python-client==1.1.1",
            "--no-deps",
            "-d",
            str(where),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    archives = list(where.glob("infobip-api-python-client-1.1.1.*"))
    if done.returncode != 0 or not archives:
        return None
    with zipfile.ZipFile(archives[0]) as archive:
        archive.extractall(where)
    return where / "infobip-api-python-client-1.1.1"


def test_the_providers_2016_client_runs_unmodified(sandbox: SandboxProcess, tmp_path: Path) -> None:
    python = _python27()
    if python is None:
        pytest.skip(
            "no Python 2.7 here to run the 2016 client; test_answers_parse_as_the_2016_client_parses runs"
        )
    source = _client_source(tmp_path)
    if source is None:
        pytest.skip("infobip-api-python-client 1.1.1 cannot be downloaded here")
    done = subprocess.run(
        [*python, str(JOURNEY), sandbox.base_url],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(source)},
    )
    lines = done.stdout.splitlines()
    assert [line for line in lines if not line.startswith("ok ")] == [], done.stdout + done.stderr
    assert len(lines) == 13 and done.returncode == 0


def _get(sandbox: SandboxProcess, path: str) -> dict[str, Any]:
    # As the client sends GETs: a JSON Content-Type and no Accept.
    r = httpx.get(
        sandbox.base_url + path,
        params={"limit": 100},
        auth=(USERNAME, PASSWORD),
        headers={"Content-Type": "application/json", "User-Agent": "Python-Client-Library"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = r.json()
    return body


def _post(sandbox: SandboxProcess, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = httpx.post(
        sandbox.base_url + path, json=body, auth=(USERNAME, PASSWORD), headers={"Accept": "application/json"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    answer: dict[str, Any] = r.json()
    return answer


def _dates_parse(entries: list[dict[str, Any]], model: str) -> None:
    assert entries
    for entry in entries:
        for name in CLIENT_DATES[model]:
            assert name in entry, f"{model}.{name} missing: the 2016 client parses it unconditionally"
            client_strptime(entry[name])


def test_answers_parse_as_the_2016_client_parses(sandbox: SandboxProcess) -> None:
    sent = _post(
        sandbox, "/restapi/sms/1/text/single", {"from": "InfoSMS", "to": ["41793026727"], "text": "x"}
    )
    assert sent["messages"][0]["messageId"]
    # Right after sending the message is pending: its log still carries doneAt.
    logs = _get(sandbox, "/restapi/sms/1/logs")["results"]
    assert any(log["status"]["groupName"] == "PENDING" for log in logs)
    _dates_parse(logs, "SMSLog")
    sandbox.admin("POST", "/sandbox/clock/advance", json={"seconds": 2})
    _dates_parse(_get(sandbox, "/restapi/sms/1/logs")["results"], "SMSLog")
    _dates_parse(_get(sandbox, "/restapi/sms/1/reports")["results"], "SMSReport")
    _dates_parse(_get(sandbox, "/restapi/sms/1/inbox/reports")["results"], "MOReport")
    _dates_parse(_get(sandbox, "/restapi/sms/1/inbox/logs")["results"], "MOLog")
    # The client reads both Number Context answers' arrays as `results`.
    assert _post(sandbox, "/restapi/number/1/query", {"to": ["41793026727"]})["results"]
    notify = {"to": ["41793026727"], "notifyUrl": "http://127.0.0.1:9/nc"}
    assert _post(sandbox, "/restapi/number/1/notify", notify)["results"][0]["to"] == "41793026727"
