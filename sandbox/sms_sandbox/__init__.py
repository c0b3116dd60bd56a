"""A stateful local server implementing the SMS API (every operation of its OpenAPI spec, in JSON and XML).

``create_app`` for in-process use, ``sms-api-sandbox`` (:mod:`sms_sandbox.cli`) to run it. The server needs
the ``[sandbox]`` extra (``pip install 'sms-api-sdk[sandbox]'``); without it this package still imports, and
``create_app`` / ``Sandbox`` raise an ImportError that says what to install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._extra import require_extra
from .accounts import DEFAULT_ACCOUNT, Account, load_accounts, parse_accounts
from .clock import Clock, ManualClock, SystemClock

if TYPE_CHECKING:
    from .app import Sandbox, create_app

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

_SERVER_NAMES = ("Sandbox", "create_app")


def __getattr__(name: str) -> object:
    # The server's names load on first use, so that a base install can import the rest of the package.
    if name in _SERVER_NAMES:
        require_extra()
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
