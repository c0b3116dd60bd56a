"""Public names are imported on first use (``sms_api``, ``sms_api_client.models``, the resources' operations):
every exported name still resolves to the object of its module, and importing the package alone loads little.
Fresh interpreters, so what another test imported does not count."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


@pytest.mark.parametrize("package", ["sms_api", "sms_api_client.models"])
def test_every_exported_name_resolves_to_its_modules_object(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        home = getattr(value, "__module__", None)
        if home is not None and home.startswith(package):  # classes and functions: the defining module's own
            assert getattr(sys.modules[home], getattr(value, "__name__", name)) is value, name
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        module.nope  # noqa: B018


def test_import_sms_api_alone_loads_its_version_and_exceptions_only() -> None:
    loaded = _modules_after("import sms_api")
    ours = {m for m in loaded if m.startswith(("sms_api.", "sms_api_client"))}
    assert ours == {
        "sms_api._version",
        "sms_api.errors",
        "sms_api.lazy_names",  # the first-use mechanism itself (standard library only)
        "sms_api.log",
        "sms_api_client",
        "sms_api_client.errors",
    }
    assert "httpx" in loaded  # the exceptions subclass httpx's


def test_connect_does_not_load_the_resource_client_or_the_models() -> None:
    loaded = _modules_after("from sms_api import connect")
    assert "sms_api.client" in loaded and "httpx" in loaded
    resource_client = ("sms_api_resources", "sms_api_client.models.", "sms_api.api")
    assert not {m for m in loaded if m.startswith(resource_client)}
    assert "attrs" not in loaded and "attr" not in loaded  # the generated client and types are plain classes


def test_the_resource_client_loads_operations_and_models_on_first_call() -> None:
    loaded = _modules_after("from sms_api import SmsApi")
    assert "sms_api_resources" in loaded
    assert not {m for m in loaded if m.startswith("sms_api_client.api.")}
    assert "attrs" not in loaded  # the models are built on it, and come with the first call
    assert "sms_api.bulk" not in loaded  # send_bulk's dataclasses come with the first send_bulk
    assert "uuid" not in loaded - _modules_after("import httpx")  # with the first client message ID
    assert "sms_api.codes" not in loaded  # with the first wait_final or status look-up
    code = """
import httpx
from sms_api import SmsApi
def answer(request):
    return httpx.Response(200, json={"balance": 1.5, "currency": "EUR"})
with SmsApi("https://sms.example", "u", "p", transport=httpx.MockTransport(answer)) as api:
    assert api.account.balance().balance == 1.5
"""
    loaded = _modules_after(code)
    assert "sms_api_client.api.account.get_account_balance" in loaded
    assert "sms_api_client.models.account_balance" in loaded
    assert "attrs" in loaded
    assert "sms_api_client.models.sms_textual_request" not in loaded


def test_send_bulk_loads_its_machinery_on_first_call() -> None:
    code = """
import httpx
from sms_api import SmsApi
def answer(request):
    return httpx.Response(200, json={"messages": []})
with SmsApi("https://sms.example", "u", "p", transport=httpx.MockTransport(answer)) as api:
    assert "sms_api.bulk" not in sys.modules
    api.sms.send_bulk(["41793026727"], "Hi", bulk_id="b")
"""
    assert "sms_api.bulk" in _modules_after(code)
