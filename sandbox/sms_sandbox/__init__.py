"""A stateful local server implementing the SMS API (spec/openapi.yaml): ``create_app`` and ``sms-api-sandbox``."""

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
