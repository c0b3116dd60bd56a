"""Accounts: who may call the sandbox, with what balance and price."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_ACCOUNT", "Account", "AccountConfigError", "load_accounts", "parse_accounts"]

MICROS = 1_000_000


class AccountConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    balance: Decimal = Decimal("100")
    currency: str = "EUR"
    price_per_message: Decimal = Decimal("0.01")

    @property
    def balance_micros(self) -> int:
        return int(self.balance * MICROS)

    @property
    def price_micros(self) -> int:
        return int(self.price_per_message * MICROS)


#: The credentials of the documentation, so every documented example works as written.
DEFAULT_ACCOUNT = Account("Aladdin", "open sesame")

_KEYS = {"username", "password", "balance", "currency", "pricePerMessage"}


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise AccountConfigError(f"{where} must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise AccountConfigError(f"{where} must be a number") from None
    if not number.is_finite() or number < 0:
        raise AccountConfigError(f"{where} must be a finite number >= 0")
    return number


def parse_accounts(data: Any) -> list[Account]:
    """Accounts from the config format: ``{"accounts": [{"username", "password", "balance", "currency",
    "pricePerMessage"}, ...]}`` (a bare list is accepted too). Only username and password are required."""
    entries = data.get("accounts") if isinstance(data, Mapping) else data
    if not isinstance(entries, list):
        raise AccountConfigError('the config needs an "accounts" list')
    accounts: list[Account] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"accounts[{index}]"
        if not isinstance(entry, Mapping):
            raise AccountConfigError(f"{where} must be an object")
        unknown = set(entry) - _KEYS
        if unknown:
            raise AccountConfigError(f"{where} has unknown keys {sorted(unknown)}")
        username, password = entry.get("username"), entry.get("password")
        if not isinstance(username, str) or not username or ":" in username:
            raise AccountConfigError(f"{where}.username must be a non-empty string without ':'")
        if not isinstance(password, str) or not password:
            raise AccountConfigError(f"{where}.password must be a non-empty string")
        if username in seen:
            raise AccountConfigError(f"{where}: username {username!r} appears twice")
        seen.add(username)
        currency = entry.get("currency", "EUR")
        if not isinstance(currency, str) or not currency:
            raise AccountConfigError(f"{where}.currency must be a non-empty string")
        accounts.append(
            Account(
                username,
                password,
                _decimal(entry.get("balance", "100"), f"{where}.balance"),
                currency,
                _decimal(entry.get("pricePerMessage", "0.01"), f"{where}.pricePerMessage"),
            )
        )
    return accounts


def load_accounts(path: str | Path) -> list[Account]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AccountConfigError(f"cannot read accounts file {path}: {exc}") from exc
    return parse_accounts(data)


def with_default(accounts: Iterable[Account] | None) -> list[Account]:
    """The configured accounts, plus the default account unless one of them is named ``Aladdin``."""
    result = list(accounts or [])
    if all(a.username != DEFAULT_ACCOUNT.username for a in result):
        result.insert(0, DEFAULT_ACCOUNT)
    return result
