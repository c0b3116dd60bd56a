"""`pip install sms-api-sdk`, no extras: every package imports, or fails with one line naming the extra."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

from sms_sandbox._extra import EXTRA_PACKAGES

from .conftest import INSTALL_HINT, REPO, manifest, run_clean

IMPORTS_ON_BASE = (
    "sms_api",
    "sms_api_client",
    "sms_api_spec",
    "sms_api_resources",
    "sms_api_cli",
    "sms_sandbox",
    "sms_sandbox.process",
)
NEED_THE_EXTRA = ("sms_api_models",)


def run_base(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_clean([manifest()["base"], *args], cwd=tmp_path, timeout=120)


def test_the_base_venv_has_no_extra_installed(tmp_path: Path) -> None:
    code = (
        "import importlib.util as u; print([n for n in ('pydantic', 'starlette', 'uvicorn')"
        " if u.find_spec(n)])"
    )
    assert run_base(tmp_path, "-c", code).stdout.strip() == "[]"


@pytest.mark.parametrize("module", IMPORTS_ON_BASE)
def test_the_sdk_and_the_sandbox_package_import_on_a_base_install(tmp_path: Path, module: str) -> None:
    result = run_base(tmp_path, "-c", f"import {module}; print({module}.__file__)")
    assert result.returncode == 0, result.stderr
    assert "/build/wheel-venvs/base/" in result.stdout, (
        "imported from somewhere other than the installed wheel"
    )


@pytest.mark.parametrize(
    "statement", [*(f"import {m}" for m in NEED_THE_EXTRA), "from sms_sandbox import create_app"]
)
def test_what_needs_the_extra_fails_with_one_line_naming_it(tmp_path: Path, statement: str) -> None:
    result = run_base(tmp_path, "-c", statement)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: ") and last.endswith(INSTALL_HINT), result.stderr
    assert "ModuleNotFoundError" not in result.stderr


def test_sms_api_sandbox_without_the_extra_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    script = str(Path(manifest()["base"]).with_name("sms-api-sandbox"))
    result = run_clean([script, "--port", "0"], cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sms-api-sandbox: ") and lines[0].endswith(INSTALL_HINT)
    assert "starlette" in lines[0] and "Traceback" not in result.stderr


def test_sms_api_without_the_cli_extra_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    script = str(Path(manifest()["base"]).with_name("sms-api"))
    result = run_clean([script, "balance"], cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sms-api: ") and lines[0].endswith("pip install 'sms-api-sdk[cli]'")
    assert "Traceback" not in result.stderr


def test_the_guard_knows_the_extra_pyproject_declares() -> None:
    extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]["sandbox"]
    names = {line.split(">")[0].split("<")[0].split("=")[0].strip() for line in extra}
    assert names == set(EXTRA_PACKAGES)
