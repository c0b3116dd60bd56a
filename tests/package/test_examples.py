"""The wheel smoke test: examples/ run against the sandbox from the installed wheel, on every Python it names.

One venv per Python >= 3.11 found by toolchain/wheel_venvs.py (this interpreter, pyenv's versions, python3.X
on PATH). A version of the wheel's classifiers that this machine lacks is skipped with a note saying so.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sms_sandbox.process import PASSWORD, USERNAME, sandbox_process

from .conftest import REPO, clean_env, manifest, run_clean

CLASSIFIED = ("3.11", "3.12", "3.13")
EXAMPLES = sorted((REPO / "examples").glob("*.py"))


def versions() -> list[str]:
    found = manifest()["sandbox"] if (REPO / "build" / "wheel-venvs" / "venvs.json").exists() else {}
    return sorted({*CLASSIFIED, *found})


def python_for(version: str) -> str:
    found: dict[str, str] = manifest()["sandbox"]
    if version not in found:
        pytest.skip(f"Python {version} is not on this machine (pyenv, PATH): the wheel was not run on it")
    return found[version]


@pytest.mark.parametrize("version", versions())
def test_the_sdk_is_imported_from_the_installed_wheel(version: str, tmp_path: Path) -> None:
    python = python_for(version)
    code = "import sys, sms_api, sms_sandbox; print('%d.%d' % sys.version_info[:2], sms_api.__file__)"
    result = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=clean_env(), check=True
    )
    running, location = result.stdout.split()
    assert running == version
    assert location.startswith(str(Path(python).parents[1])), location


#: The one example that starts its own sandbox (`make demo`) and says when every step passed.
SELF_HOSTED = "quickstart.py"


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("example", [p.name for p in EXAMPLES])
@pytest.mark.parametrize("version", versions())
def test_the_example_runs_against_the_sandbox(version: str, example: str, tmp_path: Path) -> None:
    python = python_for(version)
    if example == SELF_HOSTED:
        result = run_clean(
            [python, str(REPO / "examples" / example), "--start-sandbox"], cwd=tmp_path, timeout=300
        )
    else:
        # The other examples read SMS_API_* like a user's program: a sandbox installed from the same wheel.
        with sandbox_process("--delivery-delay", "0.2", access_log=False, python=python) as sandbox:
            environ = {
                **clean_env(),
                "SMS_API_BASE_URL": sandbox.base_url,
                "SMS_API_USERNAME": USERNAME,
                "SMS_API_PASSWORD": PASSWORD,
            }
            result = run_clean(
                [python, str(REPO / "examples" / example)], cwd=tmp_path, timeout=300, env=environ
            )
    assert result.returncode == 0, (
        f"{example} on Python {version}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    )
    if example == SELF_HOSTED:
        assert "all steps passed" in result.stdout
