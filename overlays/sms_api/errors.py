"""The SDK's exceptions: one root, one class per HTTP status class, connection, timeout and decode errors.

They are raised by the transport (below the generated code), so ``sync``, ``sync_detailed``, ``asyncio`` and
``asyncio_detailed`` of every generated operation raise the same classes. Messages never contain credentials:
they are built from the status, the service exception's ``messageId``/``text`` and the request's method and
URL path (never its headers).
"""

from __future__ import annotations

import httpx

from sms_api_client.errors import UnexpectedStatus

from .log import SECRET_HEADERS

__all__ = [
    "ApiConnectionError",
    "ApiStatusError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ServerError",
    "SmsApiError",
    "UnexpectedStatusError",
    "redacted_request",
    "status_error_class",
]


class SmsApiError(Exception):
    """Root of every error this SDK raises."""


class _AboutAnAnswer:
    """The answer an error is about, kept alike by :class:`ApiStatusError` and :class:`ResponseDecodeError`
    (status, headers, raw body, method and path)."""

    status_code: int
    headers: httpx.Headers
    body: bytes
    method: str
    path: str

    def _keep_answer(
        self, status_code: int, headers: httpx.Headers | None, body: bytes, method: str, path: str
    ) -> None:
        self.status_code = status_code
        self.headers = headers if headers is not None else httpx.Headers()
        self.body = body
        self.method = method
        self.path = path

    def _where(self) -> str:
        """`` (METHOD /path)`` for the message, when the request is known."""
        return f" ({self.method} {self.path})" if self.method else ""


class ApiStatusError(_AboutAnAnswer, SmsApiError, UnexpectedStatus):
    """The server answered with a status that is not a success.

    Also the generated client's ``sms_api_client.errors.UnexpectedStatus`` (what a generated operation raises
    on a client not made by :func:`~sms_api.connect`): its ``content`` is ``body`` (one attribute, two names).

    ``message_id`` and ``text`` are the service exception of the error body
    (``{"requestError": {"serviceException": {"messageId": ..., "text": ...}}}`` or its XML form), or ``None``
    when the body carries none. ``body`` is the raw body as received (JSON, XML or anything else).
    """

    def __init__(
        self,
        status_code: int,
        *,
        message_id: str | None = None,
        text: str | None = None,
        headers: httpx.Headers | None = None,
        body: bytes = b"",
        method: str = "",
        path: str = "",
        retry_after: float | None = None,
    ) -> None:
        self._keep_answer(status_code, headers, body, method, path)
        self.message_id = message_id
        self.text = text
        self.retry_after = retry_after
        # Not UnexpectedStatus.__init__: its message would repeat the body, which may hold phone numbers.
        Exception.__init__(self, self._describe())

    @property
    def content(self) -> bytes:
        """``body`` under the generated ``UnexpectedStatus``'s name: the same bytes, kept once."""
        return self.body

    @content.setter
    def content(self, value: bytes) -> None:
        self.body = value

    def _describe(self) -> str:
        detail = ": ".join(part for part in (self.message_id, self.text) if part)
        return f"HTTP {self.status_code}{self._where()}" + (f": {detail}" if detail else "")


class BadRequestError(ApiStatusError):
    """400: the request is unreadable (wrong types, missing required fields, bad dates...)."""


class AuthenticationError(ApiStatusError):
    """401: missing or wrong credentials."""


class PermissionDeniedError(ApiStatusError):
    """403: the account may not do this."""


class NotFoundError(ApiStatusError):
    """404: no such resource (usually a wrong base URL)."""


class RateLimitError(ApiStatusError):
    """429: too many requests; ``retry_after`` holds the server's ``Retry-After`` in seconds, if any."""


class ServerError(ApiStatusError):
    """5xx: the server failed."""


class UnexpectedStatusError(ApiStatusError):
    """Any other status that is not the operation's success: 3xx, other 4xx, a 2xx other than 200, 1xx."""


_BY_STATUS: dict[int, type[ApiStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[ApiStatusError]:
    """The class raised for ``status_code``."""
    if 500 <= status_code <= 599:
        return ServerError
    return _BY_STATUS.get(status_code, UnexpectedStatusError)


def redacted_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` with the credential-bearing headers (``Authorization``...) as ``[redacted]``."""
    headers = httpx.Headers(
        [
            (name, "[redacted]" if name.lower() in SECRET_HEADERS else value)
            for name, value in request.headers.multi_items()
        ]
    )
    return httpx.Request(request.method, request.url, headers=headers, content=request.content)


class ApiConnectionError(SmsApiError, httpx.TransportError):
    """The request could not be completed: DNS, refused connection, reset, protocol error.

    ``sent`` is ``False`` only when the request provably never left (the connection was never established);
    then even a send can be repeated safely. It also is an ``httpx.TransportError``, for code that caught
    httpx's errors before. ``request`` is the request that failed with its ``Authorization`` header
    redacted, however it is set (httpx's client sets it again on the way out).
    """

    def __init__(self, message: str, *, request: httpx.Request | None = None, sent: bool = True) -> None:
        super().__init__(message)
        httpx.TransportError.__init__(self, message)
        if request is not None:
            self.request = request
        self.sent = sent

    @property
    def request(self) -> httpx.Request:
        if self._request is None:
            raise RuntimeError("The .request property has not been set.")
        return self._request

    @request.setter
    def request(self, request: httpx.Request) -> None:
        self._request = redacted_request(request)


class ApiTimeoutError(ApiConnectionError, httpx.TimeoutException):
    """A connect, write, read or pool timeout. Also an ``httpx.TimeoutException``."""


class ResponseDecodeError(_AboutAnAnswer, SmsApiError):
    """A success response whose body cannot be read as the operation's response.

    An HTML page, truncated JSON or XML, a wrong ``Content-Type``, hostile XML (DTD, entities, oversize), or a
    value whose type is not the spec's. ``reason`` says which; ``body`` is the raw body (possibly cut at the
    size limit).
    """

    def __init__(
        self,
        reason: str,
        *,
        status_code: int,
        headers: httpx.Headers | None = None,
        body: bytes = b"",
        method: str = "",
        path: str = "",
    ) -> None:
        self.reason = reason
        self._keep_answer(status_code, headers, body, method, path)
        super().__init__(f"cannot decode the HTTP {status_code} response{self._where()}: {reason}")
