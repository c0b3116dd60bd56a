"""``connect()``: the client every generated operation accepts, with Basic auth, timeouts, retries and XML.

:class:`SmsApiClient` is the generated ``AuthenticatedClient`` (the type of every generated operation's
``client`` parameter, HTTP Basic auth) with the httpx clients built differently: an explicit timeout that is
never unlimited, a User-Agent, and :class:`~sms_api.transport.SmsApiTransport` under them.
"""

from __future__ import annotations

import os
import ssl
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any, Final, Self, cast

import httpx

from sms_api_client.client import AuthenticatedClient
from sms_api_spec import SERVERS

from ._version import USER_AGENT
from .deadline import DEFAULT_TOTAL_TIMEOUT, checked_total_timeout
from .decoding import ACCEPT_ENCODING
from .gc_pause import cyclic_gc_paused
from .hosts import is_loopback_host
from .httpx_clients import SdkAsyncClient, SdkClient
from .log import configure_from_env, logger
from .retry import RetryPolicy
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    AsyncSmsApiTransport,
    SmsApiTransport,
    TransportSettings,
    WireFormat,
    asyncio_sleep,
)

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "SmsApiClient", "connect"]

#: The server the spec documents (``servers[0]``).
DEFAULT_BASE_URL: Final = SERVERS[0]["url"]
#: 30 s for each of read, write and pool; 5 s to connect. Never unlimited.
DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)


class _SharedPool:
    """The connection pool: the network transports, created on first use and shared by a client and the
    clients derived from it (``with_timeout``, ``with_options``...). Only the root client closes them."""

    def __init__(
        self,
        verify: Any,
        sync: httpx.BaseTransport | None,
        async_: httpx.AsyncBaseTransport | None,
    ) -> None:
        self._verify = verify
        self._sync = sync
        self._async = async_

    def sync(self) -> httpx.BaseTransport:
        if self._sync is None:
            # Its sockets obey each call's total_timeout (sms_api.deadline). Imported here: it imports
            # httpcore, which httpx itself imports only when a transport is made.
            from .bound_sockets import bound_sockets

            self._sync = bound_sockets(httpx.HTTPTransport(verify=self._verify))
        return self._sync

    def async_(self) -> httpx.AsyncBaseTransport:
        if self._async is None:
            self._async = httpx.AsyncHTTPTransport(verify=self._verify)
        return self._async


class SmsApiClient(AuthenticatedClient):
    """The client :func:`connect` returns. Pass it as ``client=`` to any generated operation.

    Use it as a context manager (``with`` or ``async with``) or call :meth:`close`/:meth:`aclose` to release
    its connections. ``with_timeout`` and ``with_options`` give a client for some calls with other settings;
    it shares this client's connections and leaves this client unchanged.
    """

    __slots__ = ("_owns_pool", "_pool", "_settings")

    def __init__(
        self,
        base_url: str,
        *,
        settings: TransportSettings,
        pool: _SharedPool,
        owns_pool: bool = True,
        username: str = "",
        password: str = "",
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        timeout: httpx.Timeout | None = None,
        verify_ssl: str | bool | ssl.SSLContext = True,
        follow_redirects: bool = False,
        httpx_args: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            base_url,
            username=username,
            password=password,
            cookies={} if cookies is None else cookies,
            headers={} if headers is None else headers,
            timeout=timeout,
            verify_ssl=verify_ssl,
            follow_redirects=follow_redirects,
            httpx_args={} if httpx_args is None else httpx_args,
        )
        self._settings = settings
        self._pool = pool
        self._owns_pool = owns_pool

    def _init_args(self) -> dict[str, Any]:
        return {
            **super()._init_args(),
            "settings": self._settings,
            "pool": self._pool,
            "owns_pool": self._owns_pool,
        }

    # ---- what the generated operations call ----------------------------------------------------------------

    def _model_building(self, response: httpx.Response) -> AbstractContextManager[None]:
        # The models of one answer hold no reference cycles: for a large one the cyclic collector's passes
        # over them took a quarter of the decode (bench row 2a), as they did for XML (sms_api.gc_pause).
        return cyclic_gc_paused(len(response.content))

    def _client_kwargs(self) -> dict[str, Any]:
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._headers,
            "timeout": self._timeout,
            "follow_redirects": self._follow_redirects,
            "auth": self._auth(),
            **self._httpx_args,
        }

    def get_httpx_client(self) -> httpx.Client:
        """The httpx client every sync operation uses (built on first use)."""
        if self._client is None:
            transport = SmsApiTransport(self._pool.sync(), self._settings, owns_inner=self._owns_pool)
            kwargs = self._client_kwargs()
            self._client = SdkClient(sdk_settings=self._settings, transport=transport, **kwargs)
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx client every asyncio operation uses (built on first use)."""
        if self._async_client is None:
            inner = self._pool.async_()
            transport = AsyncSmsApiTransport(inner, self._settings, owns_inner=self._owns_pool)
            self._async_client = SdkAsyncClient(
                sdk_settings=self._settings, transport=transport, **self._client_kwargs()
            )
        return self._async_client

    # ---- derived clients -----------------------------------------------------------------------------------

    def _derive(self, **changes: Any) -> SmsApiClient:
        return self._evolve(owns_pool=False, **changes)

    def with_timeout(self, timeout: httpx.Timeout | float) -> SmsApiClient:
        """A client for calls that need another timeout; this client is left unchanged."""
        return self._derive(timeout=_timeout(timeout))

    def with_headers(self, headers: dict[str, str]) -> SmsApiClient:
        """A client that also sends ``headers``; this client is left unchanged."""
        return self._derive(headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> SmsApiClient:
        """A client that also sends ``cookies``; this client is left unchanged."""
        return self._derive(cookies={**self._cookies, **cookies})

    def with_options(
        self,
        *,
        timeout: httpx.Timeout | float | None = None,
        max_retries: int | None = None,
        wire_format: WireFormat | None = None,
        total_timeout: float | None = None,
    ) -> SmsApiClient:
        """A client with some settings changed, sharing this client's connections.

        ``total_timeout`` bounds each whole call (every attempt and the waits between them) in seconds.
        """
        settings = self._settings
        if total_timeout is not None:
            settings = replace(settings, total_timeout=checked_total_timeout(total_timeout))
        if max_retries is not None:
            settings = replace(settings, retry=replace(settings.retry, max_retries=max_retries))
        if wire_format is not None:
            settings = replace(settings, wire_format=_wire_format(wire_format))
        changes: dict[str, Any] = {"settings": settings}
        if timeout is not None:
            changes["timeout"] = _timeout(timeout)
        return self._derive(**changes)

    # ---- introspection and closing -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def wire_format(self) -> WireFormat:
        return self._settings.wire_format

    @property
    def timeout(self) -> httpx.Timeout | None:
        return self._timeout

    @property
    def total_timeout(self) -> float:
        """Seconds one call may take, retries and the waits between them included."""
        return self._settings.total_timeout

    @property
    def max_retries(self) -> int:
        return self._settings.retry.max_retries

    def close(self) -> None:
        """Close the sync connections (the shared pool too, if this is the client ``connect`` returned)."""
        if self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        """Close the async connections (the shared pool too, if this is the client ``connect`` returned)."""
        if self._async_client is not None:
            await self._async_client.aclose()

    def __enter__(self) -> Self:
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any) -> None:
        self.get_httpx_client().__exit__(*args)

    async def __aenter__(self) -> Self:
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any) -> None:
        await self.get_async_httpx_client().__aexit__(*args)

    def __repr__(self) -> str:
        # Hand-written: the attrs repr would show headers and the auth object. No credential appears here.
        return (
            f"SmsApiClient(base_url={self._base_url!r}, wire_format={self._settings.wire_format!r}, "
            f"timeout={self._timeout!r}, max_retries={self._settings.retry.max_retries}, auth='basic')"
        )

    __str__ = __repr__


def _timeout(timeout: httpx.Timeout | float | None) -> httpx.Timeout:
    if timeout is None:
        raise ValueError("timeout must not be None: an unlimited timeout can hang a call forever")
    if isinstance(timeout, httpx.Timeout):
        if None in (timeout.connect, timeout.read, timeout.write, timeout.pool):
            raise ValueError("every part of the timeout (connect, read, write, pool) must be set")
        return timeout
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    return httpx.Timeout(float(timeout))


def _wire_format(value: str) -> WireFormat:
    if value == "json":
        return "json"
    if value == "xml":
        return "xml"
    raise ValueError(f"wire_format must be 'json' or 'xml', not {value!r}")


def connect(
    base_url: str | None = None,
    username: str | None = None,
    password: str | None = None,
    *,
    wire_format: WireFormat = "json",
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
    max_retries: int | None = None,
    retry_policy: RetryPolicy | None = None,
    assign_message_ids: bool = False,
    headers: dict[str, str] | None = None,
    verify_ssl: Any = True,
    follow_redirects: bool = False,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    httpx_args: dict[str, Any] | None = None,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    sleep: Callable[[float], None] | None = None,
    async_sleep: Callable[[float], Awaitable[None]] | None = None,
) -> SmsApiClient:
    """A client for the SMS API that every generated operation accepts.

    ``base_url``, ``username`` and ``password`` default to ``SMS_API_BASE_URL``, ``SMS_API_USERNAME`` and
    ``SMS_API_PASSWORD``; the base URL then to the spec's server. ``timeout`` is a number of seconds or an
    ``httpx.Timeout`` and can never be unlimited; it bounds each connect, read, write and pool wait, while
    ``total_timeout`` (seconds, default 300) bounds a whole call: every attempt, however slowly the server
    trickles its answer, and every wait between retries. ``max_retries`` (default 2) bounds the retries of
    each call where the operation's retry policy allows them; ``retry_policy`` sets the backoff too, and an
    explicit ``max_retries`` overrides the policy's. ``assign_message_ids`` fills
    missing destination ``messageId`` s of advanced sends with UUIDs, which makes them safe to retry.
    ``transport``/``async_transport`` replace the network layer (``httpx.MockTransport`` in tests; a mock
    serves both). ``sleep``/``async_sleep`` replace ``time.sleep``/``asyncio.sleep`` between retries (tests).
    ``max_response_bytes`` caps the body read from the server, raw and decompressed alike, while it arrives
    (XML bodies are capped at 16 MiB anyway).
    """
    configure_from_env()
    base_url = base_url or os.environ.get("SMS_API_BASE_URL") or DEFAULT_BASE_URL
    url = httpx.URL(base_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("base_url must be an absolute http:// or https:// URL")
    if url.userinfo:
        # Credentials in the URL would show in every log line and exception; take them out of it.
        # httpx.URL percent-decodes them already: decoding again would turn "pa%2541ss" into "paAss".
        username = username or url.username
        password = password or url.password
        url = url.copy_with(username=None, password=None)
    username = username if username is not None else os.environ.get("SMS_API_USERNAME")
    password = password if password is not None else os.environ.get("SMS_API_PASSWORD")
    if not username or password is None:
        raise ValueError(
            "no credentials: pass username and password, or set SMS_API_USERNAME and SMS_API_PASSWORD"
        )
    if url.scheme == "http" and not is_loopback_host(url.host):
        logger.warning(
            "sending Basic credentials over plain http:// to %s; anyone on the path can read them (use https://)",
            url.host,
        )
    policy = retry_policy if retry_policy is not None else RetryPolicy()
    if max_retries is not None:
        policy = replace(policy, max_retries=max_retries)
    settings = TransportSettings(
        wire_format=_wire_format(wire_format),
        retry=policy,
        max_response_bytes=max_response_bytes,
        total_timeout=checked_total_timeout(total_timeout),
        follow_redirects=follow_redirects,
        assign_message_ids=assign_message_ids,
        sleep=sleep or time.sleep,
        async_sleep=async_sleep or asyncio_sleep,
    )
    async_inner = async_transport
    if async_inner is None and hasattr(transport, "handle_async_request"):
        async_inner = cast(httpx.AsyncBaseTransport, transport)  # httpx.MockTransport serves both
    return SmsApiClient(
        base_url=str(url).rstrip("/"),
        username=username,
        password=password,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING, **(headers or {})},
        timeout=_timeout(timeout),
        verify_ssl=verify_ssl,
        follow_redirects=follow_redirects,
        httpx_args=dict(httpx_args or {}),
        settings=settings,
        pool=_SharedPool(verify_ssl, transport, async_inner),
    )
