"""Shared helpers for the installed-wheel checks: the venvs of `make wheel-venvs` and the files they check.

The venvs are built by toolchain/wheel_venvs.py from dist/python/ (`make dist`); the tests never build them,
they fail naming the target that does.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from .._spec import REPO
from .._tools import node

__all__ = [
    "DOCUMENTS",
    "INSTALL_HINT",
    "PY_DIST",
    "REPO",
    "WHEEL_VENVS",
    "clean_env",
    "manifest",
    "node",
    "python_blocks",
    "run_clean",
    "wheel",
]

PY_DIST = REPO / "dist" / "python"
WHEEL_VENVS = REPO / "build" / "wheel-venvs"
INSTALL_HINT = "pip install 'sms-api-sdk[sandbox]'"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)
#: The documents whose Python code blocks users copy: each block must type-check and import from the wheel.
DOCUMENTS = ("README.md", "overlays/README.md")


def manifest() -> dict[str, Any]:
    path = WHEEL_VENVS / "venvs.json"
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `make wheel-venvs` first (`make test` does)")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def wheel() -> zipfile.ZipFile:
    return zipfile.ZipFile(manifest()["wheel"])


def clean_env() -> dict[str, str]:
    """The environment without anything that would put the repository's sources on sys.path."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}


def run_clean(
    args: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `args` as a user's shell would (`clean_env()` unless `env` is given), output captured as text;
    the caller asserts on the exit status."""
    return subprocess.run(
        args, capture_output=True, text=True, cwd=cwd, env=clean_env() if env is None else env,
        timeout=timeout, check=False,
    )  # fmt: skip


def python_blocks() -> list[tuple[str, str]]:
    """(``README.md#3``, code) for every ```python block of DOCUMENTS, numbered from 1 per document."""
    blocks = []
    for document in DOCUMENTS:
        text = (REPO / document).read_text(encoding="utf-8")
        for number, match in enumerate(PYTHON_BLOCK.finditer(text), start=1):
            blocks.append((f"{document}#{number}", match.group(1)))
    return blocks
