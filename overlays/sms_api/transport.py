"""httpx transports (sync and async) under the generated client: wire format, typed errors, retries, logging.

The generated operations build a JSON request and parse a JSON response. These transports sit between them and
the network, so every generated operation, present and future, gets the same behaviour:

1. the request is matched to its spec operation (its tag, else method + path, ``sms_api.routing``);
2. with ``wire_format="xml"`` its JSON body is written as XML and ``Accept``/``Content-Type`` say XML;
3. the response body is read and its ``Content-Encoding`` undone, bounded by ``max_response_bytes`` while the
   decoded bytes are produced (``sms_api.decoding``), all within the call's ``total_timeout``
   (``sms_api.deadline``); transport failures become
   :class:`ApiConnectionError`/:class:`ApiTimeoutError`, error statuses the :class:`ApiStatusError` of their
   class, and a body of the operation's success status (``sms_api_spec.SUCCESS_STATUSES``) is decoded (XML
   into JSON), type-checked against the spec or refused with :class:`ResponseDecodeError`;
4. failures the operation's retry policy allows are retried (``sms_api.retry``).

Because the errors are raised here, ``sync``, ``sync_detailed``, ``asyncio`` and ``asyncio_detailed`` all
raise them and never return ``None``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Self

import httpx

from .deadline import DEFAULT_TOTAL_TIMEOUT, Deadline, DeadlineExceeded
from .decoding import BodyDecodeError, BodyTooLarge, BoundedBody
from .errors import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    ResponseDecodeError,
    redacted_request,
    status_error_class,
)
from .log import format_body, format_headers, logger
from .messages import fill_missing_message_ids, new_message_id
from .retry import RetryPolicy, never_sent, parse_retry_after
from .routing import Route, request_route, retry_class
from .wire import (
    JSON_MEDIA_TYPE,
    XML_MEDIA_TYPE,
    DecodeFailure,
    codec,
    decode_body,
    encode_xml_value,
    media_kind,
    service_exception,
)

__all__ = [
    "BODY_EXTENSION",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "AsyncSmsApiTransport",
    "SmsApiTransport",
    "TransportSettings",
    "prepare_body",
]

WireFormat = Literal["json", "xml"]

#: Largest response body read (after content decoding). XML bodies are further limited to 16 MiB by the codec.
DEFAULT_MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024

# Headers that describe the bytes as they were on the wire, wrong once the body is re-encoded.
_WIRE_HEADERS: Final = ("content-length", "content-encoding", "transfer-encoding")


async def asyncio_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported when first awaited: asyncio costs ~80 ms of ``import sms_api`` (httpx does
    not import it), and only async callers, who have it loaded already, ever wait this way."""
    import asyncio

    await asyncio.sleep(seconds)


@dataclass(frozen=True, slots=True)
class TransportSettings:
    """Everything the transports need besides the inner transport. Immutable; derived clients copy it."""

    wire_format: WireFormat = "json"
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    #: Seconds one call may take, every attempt and every wait between attempts included.
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    follow_redirects: bool = False
    assign_message_ids: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio_sleep, repr=False, compare=False)


def _without_wire_headers(headers: httpx.Headers) -> httpx.Headers:
    """A copy of ``headers`` without those that describe the bytes on the wire, which a new body replaces."""
    copy = httpx.Headers(headers)
    for name in _WIRE_HEADERS:
        copy.pop(name, None)
    return copy


#: Where ``SmsApiClient``'s httpx clients (``sms_api.httpx_clients``) hand the transport the value of a
#: generated operation's body, already written for the wire format: the transport never parses it back.
BODY_EXTENSION: Final = "sms_api.body"
_ABSENT: Final = object()


def prepare_body(settings: TransportSettings, route: Route | None, value: Any) -> tuple[bytes | None, bool]:
    """Ready a request body's JSON value for the wire: the XML to send instead (``None``: send JSON), and
    whether ``value`` itself changed, so that its JSON must be encoded again (missing client message IDs of an
    advanced send filled in, with ``assign_message_ids``)."""
    if route is None:
        return None, False
    changed = (
        settings.assign_message_ids
        and route.retry == "client-ids"
        and isinstance(value, dict)
        and fill_missing_message_ids(value, new_message_id)
    )
    if settings.wire_format == "xml" and route.request_schema is not None:
        return encode_xml_value(value, route.request_schema), changed
    return None, changed


class _Exchange:
    """One logical call: the prepared request and how to judge each attempt's outcome."""

    def __init__(self, settings: TransportSettings, request: httpx.Request, body: bytes) -> None:
        self.settings = settings
        path = request.url.path
        self.route: Route | None = request_route(request.method, path, request.extensions)
        self.method = request.method
        self.path = path
        route = self.route
        accept = XML_MEDIA_TYPE if settings.wire_format == "xml" else JSON_MEDIA_TYPE
        prepared = request.extensions.get(BODY_EXTENSION, _ABSENT) if body else _ABSENT
        if prepared is not _ABSENT:
            # Built by SmsApiClient's httpx client, which wrote the body for the wire format already.
            self.retry_class = retry_class(route, prepared)
            if route is not None:
                request.headers["Accept"] = accept
            self.request = request
            return
        # A request built some other way: its body is parsed only when a decision needs it (the retry class of
        # an advanced send, message IDs to assign, or XML to write).
        json_body: Any = None
        to_xml = route is not None and settings.wire_format == "xml" and route.request_schema is not None
        if (
            body
            and route is not None
            and (to_xml or route.retry == "client-ids")
            and media_kind(request.headers.get("content-type")) == "json"
        ):
            try:
                json_body = json.loads(body)
            except ValueError:
                json_body = None
        new_body: bytes | None = None
        content_type: str | None = None
        if json_body is not None:
            new_body, changed = prepare_body(settings, route, json_body)
            if new_body is not None:
                content_type = XML_MEDIA_TYPE
            elif changed:
                new_body = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode()
        self.retry_class = retry_class(route, json_body)
        if new_body is None:
            # Same body: the request goes out as it is, with the Accept of the wire format.
            if route is not None:
                request.headers["Accept"] = accept
            self.request = request
            return
        headers = _without_wire_headers(request.headers)
        if route is not None:
            headers["Accept"] = accept
        if content_type is not None:
            headers["Content-Type"] = content_type
        self.request = httpx.Request(
            request.method, request.url, headers=headers, content=new_body, extensions=request.extensions
        )

    # ---- attempts ----------------------------------------------------------------------------------------

    def log_request(self, attempt: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            request = self.request
            logger.debug(
                "request %s %s (attempt %d) headers={%s} body=%s",
                request.method,
                request.url,
                attempt,
                format_headers(request.headers.multi_items()),
                format_body(request.content),
            )

    def log_response(self, response: httpx.Response, body: bytes, started: float) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "response %s %s -> %d in %.0f ms headers={%s} body=%s",
                self.method,
                self.request.url,
                response.status_code,
                (time.monotonic() - started) * 1000,
                format_headers(response.headers.multi_items()),
                format_body(body),
            )

    def connection_error(self, exc: httpx.TransportError) -> ApiConnectionError:
        message = f"{type(exc).__name__} on {self.method} {self.path}: {exc}"
        # The cause stays attached (``__cause__``): it must not hand out the Authorization header either.
        exc.request = redacted_request(self.request)
        if isinstance(exc, httpx.TimeoutException):
            return ApiTimeoutError(message, request=self.request, sent=not never_sent(exc))
        return ApiConnectionError(message, request=self.request, sent=not never_sent(exc))

    def deadline_exceeded(self, deadline: Deadline, exc: BaseException | None) -> ApiTimeoutError:
        """The error for a call whose ``total_timeout`` ran out (``exc``: what the cut attempt raised)."""
        if isinstance(exc, httpx.RequestError):
            exc.request = redacted_request(self.request)
        return ApiTimeoutError(
            f"total_timeout of {deadline.seconds:g} s exceeded on {self.method} {self.path}",
            request=self.request,
            sent=exc is None or not never_sent(exc),
        )

    def unreadable(self, response: httpx.Response, problem: Exception) -> ResponseDecodeError:
        if isinstance(problem, BodyTooLarge):
            reason = f"body is over the limit of {self.settings.max_response_bytes} bytes"
        else:
            reason = f"cannot decode the body's Content-Encoding: {problem}"
        return ResponseDecodeError(
            reason,
            status_code=response.status_code,
            headers=response.headers,
            body=b"",
            method=self.method,
            path=self.path,
        )

    def outcome(
        self, response: httpx.Response, body: bytes, problem: Exception | None = None
    ) -> httpx.Response | ApiStatusError:
        """The response to hand to the generated code, or the status error (not raised yet: maybe retried).

        ``problem`` is why the body could not be read (too large, undecodable); an error status is still its
        status error then (with an empty ``body``), anything else a :class:`ResponseDecodeError`.
        """
        status = response.status_code
        headers = response.headers
        if 300 <= status < 400 and self.settings.follow_redirects:
            if problem is not None:
                raise self.unreadable(response, problem)
            return self._passthrough(response, body)
        if (self.route is not None and status != self.route.success_status) or not 200 <= status < 300:
            schema = self.route.error_schema if self.route is not None else None
            message_id, text = service_exception(body, headers, schema) if problem is None else (None, None)
            return status_error_class(status)(
                status,
                message_id=message_id,
                text=text,
                headers=headers,
                body=body,
                method=self.method,
                path=self.path,
                retry_after=parse_retry_after(headers.get("retry-after")),
            )
        if problem is not None:
            raise self.unreadable(response, problem)
        if self.route is None:
            return self._passthrough(response, body)
        try:
            value, kind = decode_body(
                body,
                headers.get("content-type"),
                self.route.response_schema,
                max_xml_bytes=self.settings.max_response_bytes,
            )
        except DecodeFailure as exc:
            raise ResponseDecodeError(
                str(exc), status_code=status, headers=headers, body=body, method=self.method, path=self.path
            ) from None
        new_headers = _without_wire_headers(headers)
        if kind == "xml":
            # The content stays the XML that came (re-encoding it as JSON cost more than the type check).
            new_headers["X-Sms-Api-Wire-Format"] = "xml"
        decoded = _DecodedResponse(status, headers=new_headers, content=body, extensions=response.extensions)
        decoded.decoded_value = value
        decoded.xml_schema = self.route.response_schema if kind == "xml" else None
        return decoded

    def _passthrough(self, response: httpx.Response, body: bytes) -> httpx.Response:
        headers = _without_wire_headers(response.headers)
        return httpx.Response(
            response.status_code, headers=headers, content=body, extensions=response.extensions
        )

    def start_attempt(self, deadline: Deadline, retries_done: int) -> float:
        """Log the attempt and cut its timeouts to the call's time left; returns when it started."""
        self.log_request(retries_done + 1)
        started = time.monotonic()
        deadline.clamp(self.request)
        return started

    def wait_after_failure(self, exc: Exception, deadline: Deadline, retries_done: int) -> float:
        """The wait before the next attempt after ``exc``; raises the typed error when there is none.

        ``exc`` is a transport error, or the call's deadline cutting the attempt (:class:`DeadlineExceeded`,
        or asyncio's ``TimeoutError`` in the async transport), which is never retried.
        """
        if not isinstance(exc, httpx.TransportError):
            raise self.deadline_exceeded(deadline, None) from None
        if deadline.ended(exc):
            raise self.deadline_exceeded(deadline, exc) from exc
        failure = self.connection_error(exc)
        wait = self.settings.retry.after_exception(exc, self.retry_class, retries_done)
        if wait is None or wait >= deadline.remaining():
            raise failure from exc
        self.log_retry(wait, type(exc).__name__, retries_done)
        return wait

    def answer_or_wait(
        self,
        response: httpx.Response,
        read: tuple[bytes, Exception | None],
        started: float,
        deadline: Deadline,
        retries_done: int,
    ) -> httpx.Response | float:
        """The response to return, or the wait before the next attempt; raises the error if there is none."""
        body, problem = read
        self.log_response(response, body, started)
        outcome = self.outcome(response, body, problem)
        if not isinstance(outcome, ApiStatusError):
            return outcome
        wait = self.settings.retry.after_status(
            outcome.status_code, outcome.retry_after, self.retry_class, retries_done
        )
        # A wait that would outlast the call's deadline is not started: the error is all there is.
        if wait is None or wait >= deadline.remaining():
            raise outcome
        self.log_retry(wait, f"HTTP {outcome.status_code}", retries_done)
        return wait

    def log_retry(self, wait: float, reason: str, retries_done: int) -> None:
        logger.info(
            "retrying %s %s in %.2f s after %s (retry %d of %d)",
            self.method,
            self.path,
            wait,
            reason,
            retries_done + 1,
            self.settings.retry.max_retries,
        )


class _DecodedResponse(httpx.Response):
    """A response whose body the transport has already parsed and checked.

    ``json()`` hands the generated parser that value once instead of parsing the body a second time (the
    generated ``from_dict`` copies what it reads and never mutates its input). Later calls decode the body
    afresh, so each caller gets its own value: JSON with ``json.loads`` (keyword arguments go to it), and an
    answer that was XML on the wire (``content`` is that XML) with the same XML codec, giving a value equal to
    the first; ``json.loads`` options mean nothing for XML and are refused with ``TypeError``.
    """

    decoded_value: Any = None
    #: The schema the body was decoded as when it was XML on the wire; ``None`` for JSON.
    xml_schema: str | None = None
    _handed_out = False

    def json(self, **kwargs: Any) -> Any:
        if not self._handed_out and not kwargs:
            self._handed_out = True
            return self.decoded_value
        if self.xml_schema is None:
            return super().json(**kwargs)
        if kwargs:
            raise TypeError(f"json() takes no arguments for an answer that was XML on the wire, got {kwargs}")
        return codec().decode(self.content, self.xml_schema)


def _bounded_body(response: httpx.Response, limit: int) -> BoundedBody:
    if response.is_stream_consumed:
        # An in-memory response (a mock's, or one a wrapping transport read): httpx has decoded it already.
        return BoundedBody((), limit)
    # The raw bytes are decoded here, not by httpx, whose decoder has no bound (sms_api.decoding).
    return BoundedBody(response.headers.get_list("content-encoding", split_commas=True), limit)


class _BodyRead:
    """One bounded body read, for either transport: the chunks come from the sync or async stream.

    Used as ``with _BodyRead(...) as read:``; afterwards ``read.result`` is the decoded body, or ``b""`` and
    why it cannot be read (too large, an undecodable ``Content-Encoding``). :class:`DeadlineExceeded` passes.
    """

    def __init__(self, response: httpx.Response, limit: int, deadline: Deadline) -> None:
        self.deadline = deadline
        self.result: tuple[bytes, Exception | None] = (b"", None)
        self.body: BoundedBody | None = None
        try:
            self.body = _bounded_body(response, limit)
        except BodyDecodeError as problem:
            self.result = (b"", problem)
        # An in-memory response's content is its one chunk; a streamed one's raw chunks the caller reads.
        self.content = response.content if response.is_stream_consumed else None

    def feed(self, chunk: bytes) -> None:
        assert self.body is not None  # the callers feed only a body that could be opened
        self.deadline.check()
        self.body.feed(chunk)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, problem: BaseException | None, tb: object) -> bool:
        if self.body is None:
            return False
        try:
            if problem is None:
                self.result = (self.body.finish(), None)
        except (BodyTooLarge, BodyDecodeError) as finish_problem:
            self.result = (b"", finish_problem.with_traceback(None))
        finally:
            self.body.release()
        if isinstance(problem, (BodyTooLarge, BodyDecodeError)):
            self.result = (b"", problem.with_traceback(None))
            return True
        return False


def _read_body(response: httpx.Response, limit: int, deadline: Deadline) -> tuple[bytes, Exception | None]:
    """The decoded body, or ``b""`` and why it cannot be read. Raises :class:`DeadlineExceeded`."""
    with _BodyRead(response, limit, deadline) as read:
        if read.body is not None:
            for chunk in [read.content] if read.content is not None else response.iter_raw():
                read.feed(chunk)
    return read.result


async def _aread_body(
    response: httpx.Response, limit: int, deadline: Deadline
) -> tuple[bytes, Exception | None]:
    with _BodyRead(response, limit, deadline) as read:
        if read.body is not None:
            if read.content is not None:
                read.feed(read.content)
            else:
                async for chunk in response.aiter_raw():
                    read.feed(chunk)
    return read.result


class SmsApiTransport(httpx.BaseTransport):
    """The sync transport. ``inner`` does the network I/O (``httpx.HTTPTransport``, or a mock in tests)."""

    def __init__(self, inner: httpx.BaseTransport, settings: TransportSettings, *, owns_inner: bool = True):
        self.inner = inner
        self.settings = settings
        self.owns_inner = owns_inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = Deadline(self.settings.total_timeout)
        exchange = _Exchange(self.settings, request, request.read())
        retries = 0
        while True:
            started = exchange.start_attempt(deadline, retries)
            try:
                with deadline.active():
                    response = self.inner.handle_request(exchange.request)
                    try:
                        read = _read_body(response, self.settings.max_response_bytes, deadline)
                    finally:
                        response.close()
            except (DeadlineExceeded, httpx.TransportError) as exc:
                answer: httpx.Response | float = exchange.wait_after_failure(exc, deadline, retries)
            else:
                answer = exchange.answer_or_wait(response, read, started, deadline, retries)
            if isinstance(answer, httpx.Response):
                return answer
            self.settings.sleep(answer)
            retries += 1

    def close(self) -> None:
        if self.owns_inner:
            self.inner.close()


class AsyncSmsApiTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`SmsApiTransport`; same decisions, same errors."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, settings: TransportSettings, *, owns_inner: bool = True
    ):
        self.inner = inner
        self.settings = settings
        self.owns_inner = owns_inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import asyncio  # loaded already in any caller of this method; see asyncio_sleep

        deadline = Deadline(self.settings.total_timeout)
        exchange = _Exchange(self.settings, request, await request.aread())
        retries = 0
        while True:
            started = exchange.start_attempt(deadline, retries)
            cutoff = asyncio.timeout(deadline.cut(None))
            try:
                async with cutoff:
                    response = await self.inner.handle_async_request(exchange.request)
                    try:
                        read = await _aread_body(response, self.settings.max_response_bytes, deadline)
                    finally:
                        await response.aclose()
            except (DeadlineExceeded, httpx.TransportError) as exc:
                answer: httpx.Response | float = exchange.wait_after_failure(exc, deadline, retries)
            except TimeoutError as exc:
                # Only the deadline's own cutoff is the deadline: a TimeoutError the inner transport raises
                # itself goes to the caller unchanged, as in the sync transport.
                if not cutoff.expired():
                    raise
                answer = exchange.wait_after_failure(exc, deadline, retries)
            else:
                answer = exchange.answer_or_wait(response, read, started, deadline, retries)
            if isinstance(answer, httpx.Response):
                return answer
            await self.settings.async_sleep(answer)
            retries += 1

    async def aclose(self) -> None:
        if self.owns_inner:
            await self.inner.aclose()
