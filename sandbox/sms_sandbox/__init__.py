"""A stateful local server implementing the SMS API (spec/openapi.yaml).

``create_app`` for in-process use, ``sms-api-sandbox`` (:mod:`sms_sandbox.cli`) to run it.
"""

from .accounts import DEFAULT_ACCOUNT, Account, load_accounts, parse_accounts
from .app import Sandbox, create_app
from .clock import Clock, ManualClock, SystemClock

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
