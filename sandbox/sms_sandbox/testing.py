"""A pytest plugin for your own test suite: the fixture ``sms_sandbox``, a running sandbox.

Installed with ``pip install 'sms-api-sdk[sandbox]'`` (entry point ``pytest11``), so there is nothing to
import or configure::

    def test_welcome_sms(sms_sandbox):
        with sms_sandbox.api() as api:
            sent = api.sms.send_text("41793026727", "Welcome")
        sms_sandbox.admin.advance_clock(5)

The sandbox is started once per test session on a free loopback port (``sms_sandbox.process``) and stopped at
the end. Override the fixture ``sms_sandbox_args`` to pass command-line options (``["--delivery-delay",
"0.1"]``). The state (messages, balance, clock) is shared by the session's tests: filter by your own IDs.

This module imports nothing of the server until the fixture is used, so that the plugin never breaks a
pytest run where the ``[sandbox]`` extra is not installed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Unpack

import httpx
import pytest

if TYPE_CHECKING:
    from sms_api import AsyncSmsApi, SmsApi
    from sms_api.api import ConnectOptions
    from sms_api_client.models import MOReport

__all__ = ["CallbackAttempt", "RunningSandbox", "SandboxAdmin", "sms_sandbox", "sms_sandbox_args"]


@dataclass(frozen=True, slots=True)
class CallbackAttempt:
    """One push the sandbox made (or tried) to a ``notifyUrl``: what, where, when and how it went."""

    kind: str  # "delivery-report" or "number-context"
    ref: str  # the message ID (or Number Context bulk/message ID) it was about
    url: str
    at: str  # the sandbox clock's time of the attempt, in the server's date format
    outcome: str


class SandboxAdmin:
    """The sandbox-only admin routes (``/sandbox/...``, outside the API spec), for the default account."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self._http = httpx.Client(base_url=base_url, auth=(username, password), timeout=10.0)

    def _call(self, method: str, path: str, body: Mapping[str, object] | None = None) -> Any:
        response = self._http.request(method, path, json=body)
        if response.status_code >= 300:
            raise RuntimeError(f"sandbox admin {method} {path}: {response.status_code} {response.text}")
        return response.json()

    def now(self) -> datetime.datetime:
        """The sandbox clock's time (aware)."""
        return datetime.datetime.fromisoformat(self._call("GET", "/sandbox/clock")["now"])

    def advance_clock(self, seconds: float) -> datetime.datetime:
        """Move the sandbox clock forward (deliveries and pushes due by then happen); returns the new time."""
        return datetime.datetime.fromisoformat(
            self._call("POST", "/sandbox/clock/advance", {"seconds": seconds})["now"]
        )

    def inject_inbound(
        self, from_: str, to: str, text: str, *, received_at: datetime.datetime | None = None
    ) -> MOReport:
        """Make the sandbox receive an SMS (for ``api.inbox``); returns it as the API will report it."""
        from sms_api_client.models import MOReport

        body: dict[str, object] = {"from": from_, "to": to, "text": text}
        if received_at is not None:
            body["receivedAt"] = received_at.isoformat()
        return MOReport.from_dict(self._call("POST", "/sandbox/inbound", body))

    def set_balance(self, balance: float) -> None:
        """Set the account's balance (0 makes every send REJECTED_NOT_ENOUGH_CREDITS)."""
        self._call("PUT", "/sandbox/balance", {"balance": balance})

    def callbacks(self) -> list[CallbackAttempt]:
        """The pushes to ``notifyUrl`` s the sandbox made or tried, oldest first."""
        return [CallbackAttempt(**attempt) for attempt in self._call("GET", "/sandbox/callbacks")["attempts"]]

    def dispatch_callbacks(self) -> None:
        """Make the pushes that are due now, without waiting for the dispatcher's next round."""
        self._call("POST", "/sandbox/callbacks/dispatch")

    def close(self) -> None:
        self._http.close()


@dataclass(frozen=True, slots=True)
class RunningSandbox:
    """What the ``sms_sandbox`` fixture gives: where the sandbox runs, its account, and its admin client."""

    base_url: str
    username: str
    password: str
    admin: SandboxAdmin

    @property
    def environ(self) -> dict[str, str]:
        """``SMS_API_BASE_URL``, ``SMS_API_USERNAME`` and ``SMS_API_PASSWORD`` for this sandbox."""
        return {
            "SMS_API_BASE_URL": self.base_url,
            "SMS_API_USERNAME": self.username,
            "SMS_API_PASSWORD": self.password,
        }

    def api(self, **options: Unpack[ConnectOptions]) -> SmsApi:
        """An ``SmsApi`` for this sandbox (``connect()`` options as keywords)."""
        from sms_api import SmsApi

        return SmsApi(self.base_url, self.username, self.password, **options)

    def async_api(self, **options: Unpack[ConnectOptions]) -> AsyncSmsApi:
        """An ``AsyncSmsApi`` for this sandbox."""
        from sms_api import AsyncSmsApi

        return AsyncSmsApi(self.base_url, self.username, self.password, **options)


@pytest.fixture(scope="session")
def sms_sandbox_args() -> list[str]:
    """Command-line options for the session's sandbox (``sms-api-sandbox --help``); override to change."""
    return []


@pytest.fixture(scope="session")
def sms_sandbox(sms_sandbox_args: list[str]) -> Iterator[RunningSandbox]:
    """A sandbox running for the whole test session: ``base_url``, ``username``, ``password``, ``admin``,
    ``api()``, ``async_api()`` and ``environ``."""
    try:
        from .process import PASSWORD, USERNAME, sandbox_process
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError(
            f"the sms_sandbox fixture needs the sandbox: pip install 'sms-api-sdk[sandbox]' ({exc})"
        ) from exc
    with sandbox_process(*sms_sandbox_args, access_log=False) as process:
        admin = SandboxAdmin(process.base_url, USERNAME, PASSWORD)
        try:
            yield RunningSandbox(process.base_url, USERNAME, PASSWORD, admin)
        finally:
            admin.close()
