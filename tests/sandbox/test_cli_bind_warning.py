"""The CLI warns when it is told to bind anything but loopback (the sandbox's credentials are public)."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn

from sms_sandbox import cli


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    return calls


def test_default_binds_loopback_without_a_warning(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--port", "0"]) == 0
    assert served[0]["host"] == "127.0.0.1"
    assert "not loopback" not in capsys.readouterr().err


def test_a_public_address_is_served_with_a_warning(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--host", "0.0.0.0", "--port", "0"]) == 0
    assert served[0]["host"] == "0.0.0.0"
    assert "0.0.0.0, which is not loopback" in capsys.readouterr().err
