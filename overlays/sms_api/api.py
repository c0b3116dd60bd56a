"""``SmsApi`` and ``AsyncSmsApi``: one object with the API's resources (``api.sms.send_text(...)``).

The resources and their methods are generated from the spec (``sms_api_resources``);
this module puts :func:`~sms_api.connect` under them and adds the hand-written workflows
(``api.logs.wait_final``, ``api.sms.send_bulk``). ``api.client`` is the :class:`~sms_api.SmsApiClient`
underneath, which every generated function in ``sms_api_client.api`` accepts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal, Self, TypedDict, Unpack

import httpx

from sms_api_resources import AsyncResources, Resources

from .client import SmsApiClient, connect
from .retry import RetryPolicy
from .workflows import AsyncLogs, AsyncSms, Logs, Sms

__all__ = ["AsyncSmsApi", "ClientChanges", "ConnectOptions", "SmsApi"]


class ConnectOptions(TypedDict, total=False):
    """The keyword-only arguments of :func:`~sms_api.connect`; ``SmsApi`` and ``AsyncSmsApi`` take them."""

    wire_format: Literal["json", "xml"]
    timeout: httpx.Timeout | float
    total_timeout: float
    max_retries: int | None
    retry_policy: RetryPolicy | None
    assign_message_ids: bool
    headers: dict[str, str] | None
    verify_ssl: Any
    follow_redirects: bool
    transport: httpx.BaseTransport | None
    async_transport: httpx.AsyncBaseTransport | None
    httpx_args: dict[str, Any] | None
    max_response_bytes: int
    sleep: Callable[[float], None] | None
    async_sleep: Callable[[float], Awaitable[None]] | None


class ClientChanges(TypedDict, total=False):
    """What :meth:`SmsApi.with_options` can change (the arguments of ``SmsApiClient.with_options``)."""

    timeout: httpx.Timeout | float | None
    total_timeout: float | None
    max_retries: int | None
    wire_format: Literal["json", "xml"] | None


def _client(
    base_url: str | None,
    username: str | None,
    password: str | None,
    client: SmsApiClient | None,
    options: ConnectOptions,
) -> SmsApiClient:
    if client is not None:
        if base_url is not None or username is not None or password is not None or options:
            raise TypeError("pass either client= or connect()'s arguments, not both")
        return client
    return connect(base_url, username, password, **options)


class _OnClient:
    """What :class:`SmsApi` and :class:`AsyncSmsApi` share: the client they make (and close) or wrap, the
    resources put on it, and copies with other settings on the same connections."""

    def __init__(
        self,
        base_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        *,
        client: SmsApiClient | None = None,
        **options: Unpack[ConnectOptions],
    ) -> None:
        self._owns_client = client is None
        self._client = _client(base_url, username, password, client, options)
        self._attach(self._client)

    def _attach(self, client: SmsApiClient) -> None:
        """Put the generated resources and the workflows on ``client``."""
        raise NotImplementedError

    @property
    def client(self) -> SmsApiClient:
        """The client underneath: pass it as ``client=`` to any function of ``sms_api_client.api``."""
        return self._client

    def with_options(self, **changes: Unpack[ClientChanges]) -> Self:
        """A copy with some settings changed (``timeout``, ``total_timeout``, ``max_retries``,
        ``wire_format``) that shares this one's connections; this one is left unchanged."""
        return type(self)(client=self._client.with_options(**changes))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"


class SmsApi(_OnClient, Resources):
    """The SMS API as one object: ``api.sms``, ``api.reports``, ``api.logs``, ``api.inbox``,
    ``api.number_context``, ``api.account``.

    Takes :func:`~sms_api.connect`'s arguments (``base_url``, ``username``, ``password`` default to
    ``SMS_API_BASE_URL``, ``SMS_API_USERNAME``, ``SMS_API_PASSWORD``). Use it as a context manager or call
    :meth:`close`. ``client=`` wraps an existing :class:`~sms_api.SmsApiClient` instead (which it then
    does not close).
    """

    sms: Sms
    logs: Logs

    def _attach(self, client: SmsApiClient) -> None:
        Resources.__init__(self, client)
        self.sms = Sms(client)
        self.logs = Logs(client)

    def close(self) -> None:
        """Release the connections (when this object made the client)."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncSmsApi(_OnClient, AsyncResources):
    """:class:`SmsApi` with every method a coroutine: ``await api.sms.send_text(...)``.

    Use it as an async context manager (``async with``) or call :meth:`aclose`.
    """

    sms: AsyncSms
    logs: AsyncLogs

    def _attach(self, client: SmsApiClient) -> None:
        AsyncResources.__init__(self, client)
        self.sms = AsyncSms(client)
        self.logs = AsyncLogs(client)

    async def aclose(self) -> None:
        """Release the connections (when this object made the client)."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
