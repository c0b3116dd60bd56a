"""``sms_api.__version__`` is a literal (cheap to import); it must stay the packaged version."""

from __future__ import annotations

import platform
import tomllib
from importlib.metadata import version

import sms_api

from .._spec import REPO


def test_version_matches_pyproject_and_installed_metadata() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert sms_api.__version__ == project["version"] == version("sms-api-sdk")


def test_user_agent_names_the_python_version() -> None:
    assert f"sms-api-sdk/{sms_api.__version__} python/{platform.python_version()}" == sms_api.USER_AGENT
