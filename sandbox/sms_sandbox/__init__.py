"""A stateful local server implementing the SMS API (spec/openapi.yaml).

``create_app`` for in-process use, ``sms-api-sandbox`` (:mod:`sms_sandbox.cli`) to run it.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .accounts import DEFAULT_ACCOUNT, Account, load_accounts, parse_accounts
    from .app import Sandbox, create_app
    from .clock import Clock, ManualClock, SystemClock

# Imported on first use: `sms_sandbox.testing` is a pytest plugin loaded in every pytest run where the wheel
# is installed, with or without the [sandbox] extra, so importing the package must not import starlette.
_LAZY = {
    "DEFAULT_ACCOUNT": "accounts",
    "Account": "accounts",
    "load_accounts": "accounts",
    "parse_accounts": "accounts",
    "Sandbox": "app",
    "create_app": "app",
    "Clock": "clock",
    "ManualClock": "clock",
    "SystemClock": "clock",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sms_sandbox' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_ACCOUNT",
    "Account",
    "Clock",
    "ManualClock",
    "Sandbox",
    "SystemClock",
    "create_app",
    "load_accounts",
    "parse_accounts",
]
