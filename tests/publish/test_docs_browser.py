"""dist/spec/index.html opened from disk in headless Chromium, no network: everything shown, nothing fetched.

The browser is Debian's chromium, driven by tests/publish/docs_browser.mjs (playwright-core over Chromium's
pipe, no downloaded browser). The test is skipped only when chromium is missing *and*
SMS_API_ALLOW_NO_BROWSER=1; `make test` installs chromium first (`make chromium`), so there it always runs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import Any

import pytest

from .._tools import chromium, playwright_core
from .conftest import DIST_SPEC, REPO, load_spec, node, require, spec_operations

LOCAL_SCHEMES = ("file:", "blob:", "data:", "about:")


@pytest.fixture(scope="module")
def page() -> dict[str, Any]:
    chromium_path = chromium()
    html = require(DIST_SPEC / "index.html", "spec")
    playwright_core()
    proc = subprocess.run(
        [node(), str(REPO / "tests/publish/docs_browser.mjs"), str(html), str(DIST_SPEC / "index.png")],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
        env={**os.environ, "CHROMIUM": chromium_path},
        check=False,
    )
    assert proc.returncode == 0, f"browser driver failed:\n{proc.stderr[-4000:]}"
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_the_page_made_no_network_request(page: dict[str, Any]) -> None:
    remote = [url for url in page["requests"] if not url.startswith(LOCAL_SCHEMES)]
    assert remote == [], f"the docs fetched from the network: {remote}"
    assert page["websockets"] == []
    assert page["url"] in page["requests"], "the request log saw not even the page itself"


def test_the_page_ran_without_script_errors(page: dict[str, Any]) -> None:
    assert page["pageErrors"] == []


def test_every_operation_is_shown(page: dict[str, Any]) -> None:
    operations = spec_operations(load_spec())
    assert len(operations) == 12
    by_route = {route["route"].rsplit("/", 1)[-1]: route for route in page["routes"]}
    for operation in operations:
        route = by_route.get(operation["operationId"])
        assert route is not None, f"no sidebar entry leads to {operation['operationId']}"
        assert route["rendered"], f"{operation['operationId']}: its section never rendered"
        assert operation["summary"] in route["headings"], f"{operation['operationId']}: no heading"
        assert operation["path"] in page["text"], f"{operation['path']} is not shown"


def test_every_code_table_row_is_shown(page: dict[str, Any]) -> None:
    schemas = load_spec()["components"]["schemas"]
    tables = {name: schema for name, schema in schemas.items() if "x-code-table" in schema}
    assert set(tables) == {"StatusGroupCode", "StatusCode", "ErrorGroupCode", "GsmErrorCode"}
    words = set(re.findall(r"[A-Za-z0-9_]+", page["text"]))
    for name, schema in tables.items():
        assert schema["title"] in page["text"], f"{name}: its table's heading is not shown"
        missing = [row["name"] for row in schema["x-code-table"]["rows"] if row["name"] not in words]
        assert missing == [], f"{name}: rows not shown: {missing}"
    assert {"REJECTED_NETWORK", "EC_ABSENT_SUBSCRIBER", "EC_ABSENT_SUBSCRIBER_SM"} <= words


def test_a_screenshot_was_saved(page: dict[str, Any]) -> None:
    shot = DIST_SPEC / "index.png"
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
