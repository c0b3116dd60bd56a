"""Receive what the API pushes to a ``notifyUrl``: delivery reports and Number Context results, JSON or XML.

``parse_delivery_report``/``parse_number_context_result`` turn a raw body and its ``Content-Type`` into the
generated model, for an endpoint in your own framework. ``asgi_app``/``wsgi_app`` are the whole endpoint,
with no framework needed. The payload schemas come from the spec's callbacks (``sms_api_spec.CALLBACKS``).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sms_api_spec import CALLBACKS

from .errors import SmsApiError
from .log import logger
from .wire import DecodeFailure, decode_body

if TYPE_CHECKING:  # imported where used: `import sms_api` does not need the ~80 generated model modules
    from sms_api_client.models import DeliveryReportNotification, NCResponse

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "PayloadDecodeError",
    "asgi_app",
    "parse_delivery_report",
    "parse_number_context_result",
    "wsgi_app",
]

_DELIVERY_REPORT = CALLBACKS["receive-delivery-report"]["request_schema"]
_NUMBER_CONTEXT_RESULT = CALLBACKS["receive-number-context-result"]["request_schema"]


class PayloadDecodeError(SmsApiError, ValueError):
    """A pushed payload cannot be read (malformed, hostile XML, wrong types or Content-Type).

    Answer the API's request with 400 when you get this.
    """


def _decode(body: bytes | str, content_type: str | None, schema: str) -> object:
    data = body.encode("utf-8") if isinstance(body, str) else body
    if not content_type:
        # A receiver may not get a Content-Type; the first byte tells JSON from XML.
        content_type = "application/xml" if data.lstrip()[:1] == b"<" else "application/json"
    try:
        value, _ = decode_body(data, content_type, schema)
    except DecodeFailure as exc:
        raise PayloadDecodeError(str(exc)) from None
    return value


def parse_delivery_report(body: bytes | str, content_type: str | None = None) -> DeliveryReportNotification:
    """A pushed delivery report (``DeliveryReportNotification``) from its JSON or XML body."""
    from sms_api_client.models import DeliveryReportNotification

    value = _decode(body, content_type, _DELIVERY_REPORT)
    assert isinstance(value, dict)
    return DeliveryReportNotification.from_dict(value)


def parse_number_context_result(body: bytes | str, content_type: str | None = None) -> NCResponse:
    """A pushed Number Context result (``NCResponse``) from its JSON or XML body."""
    from sms_api_client.models import NCResponse

    value = _decode(body, content_type, _NUMBER_CONTEXT_RESULT)
    assert isinstance(value, dict)
    return NCResponse.from_dict(value)


# ---- receiving endpoints -----------------------------------------------------------------------------------

#: Largest pushed body read (a delivery report of a few hundred messages is well under it).
DEFAULT_MAX_BODY_BYTES = 1024 * 1024

DeliveryReportHandler = Callable[["DeliveryReportNotification"], object]
NumberContextHandler = Callable[["NCResponse"], object]


@dataclass(frozen=True, slots=True)
class _Route:
    parse: Callable[[bytes, str | None], object]
    handler: Callable[[Any], object]


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    reason: str
    text: str
    allow: bool = False  # add `Allow: POST`


class _Receiver:
    """What both the ASGI and the WSGI app do, given the method, path, Content-Type and body."""

    def __init__(
        self,
        on_delivery_report: DeliveryReportHandler | None,
        on_number_context_result: NumberContextHandler | None,
        delivery_report_path: str | None,
        number_context_path: str | None,
        max_body_bytes: int,
    ) -> None:
        if on_delivery_report is None and on_number_context_result is None:
            raise ValueError("give on_delivery_report, on_number_context_result or both")
        both = on_delivery_report is not None and on_number_context_result is not None
        if both and (delivery_report_path is None or number_context_path is None):
            raise ValueError(
                "with both handlers, give delivery_report_path and number_context_path "
                "(the notifyUrl paths that tell the two payloads apart)"
            )
        if both and delivery_report_path == number_context_path:
            raise ValueError("delivery_report_path and number_context_path must differ")
        if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int) or max_body_bytes < 1:
            raise ValueError("max_body_bytes must be a positive integer")
        self.max_body_bytes = max_body_bytes
        self.routes: list[tuple[str | None, _Route]] = []
        if on_delivery_report is not None:
            self.routes.append((delivery_report_path, _Route(parse_delivery_report, on_delivery_report)))
        if on_number_context_result is not None:
            route = _Route(parse_number_context_result, on_number_context_result)
            self.routes.append((number_context_path, route))

    def route(self, path: str) -> _Route | None:
        for expected, route in self.routes:
            if expected is None or path.rstrip("/") == expected.rstrip("/"):
                return route
        return None

    def check(self, method: str, path: str) -> _Answer | _Route:
        route = self.route(path)
        if route is None:
            return _Answer(404, "Not Found", "no receiver at this path")
        if method != "POST":
            return _Answer(405, "Method Not Allowed", "POST the payload", allow=True)
        return route

    def too_large(self) -> _Answer:
        return _Answer(413, "Content Too Large", f"the body is over {self.max_body_bytes} bytes")

    def parse(self, route: _Route, body: bytes, content_type: str | None) -> _Answer | object:
        try:
            return route.parse(body, content_type)
        except PayloadDecodeError as exc:
            return _Answer(400, "Bad Request", f"unreadable payload: {exc}")


_OK = _Answer(200, "OK", "OK")
_HANDLER_FAILED = _Answer(500, "Internal Server Error", "the handler failed; push again")


def _headers(answer: _Answer) -> list[tuple[str, str]]:
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(answer.text.encode()))),
    ]
    if answer.allow:
        headers.append(("Allow", "POST"))
    return headers


ASGIReceive = Callable[[], Awaitable[dict[str, Any]]]
ASGISend = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[dict[str, Any], ASGIReceive, ASGISend], Awaitable[None]]


def asgi_app(
    on_delivery_report: DeliveryReportHandler | None = None,
    on_number_context_result: NumberContextHandler | None = None,
    *,
    delivery_report_path: str | None = None,
    number_context_path: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> ASGIApp:
    """An ASGI app (uvicorn, hypercorn, or mounted in any ASGI framework) receiving what the API pushes.

    ``on_delivery_report`` gets each pushed ``DeliveryReportNotification``, ``on_number_context_result``
    each ``NCResponse``, parsed from JSON or XML (``parse_delivery_report``/``parse_number_context_result``).
    A handler may be a function or a coroutine function. With one handler every path is its own; with both,
    ``delivery_report_path`` and ``number_context_path`` (the paths of your ``notifyUrl`` s) tell them apart.

    Answers: 200 when the handler returned; 400 for an unreadable payload (the API would push the same again);
    413 for a body over ``max_body_bytes``; 500 when the handler raised (logged on the ``sms_api`` logger),
    so that the API pushes again later; 404 for another path, 405 for a method other than POST.
    """
    receiver = _Receiver(
        on_delivery_report,
        on_number_context_result,
        delivery_report_path,
        number_context_path,
        max_body_bytes,
    )

    async def reply(send: ASGISend, answer: _Answer) -> None:
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in _headers(answer)]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": answer.text.encode("utf-8")})

    async def app(scope: dict[str, Any], receive: ASGIReceive, send: ASGISend) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            raise RuntimeError(f"sms_api.receivers.asgi_app serves HTTP, not {scope['type']!r}")
        checked = receiver.check(str(scope.get("method", "")).upper(), str(scope.get("path", "")))
        if isinstance(checked, _Answer):
            await reply(send, checked)
            return
        content_type = None
        for name, value in scope.get("headers") or ():
            if name.lower() == b"content-type":
                content_type = value.decode("latin-1")
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > receiver.max_body_bytes:
                await reply(send, receiver.too_large())
                return
            if not message.get("more_body", False):
                break
        payload = receiver.parse(checked, bytes(body), content_type)
        if isinstance(payload, _Answer):
            await reply(send, payload)
            return
        try:
            result = checked.handler(payload)
            if inspect.isawaitable(result):
                await result
        except Exception:
            logger.exception("the receiver's handler raised; answering 500 so that the API pushes again")
            await reply(send, _HANDLER_FAILED)
            return
        await reply(send, _OK)

    return app


WSGIStartResponse = Callable[[str, list[tuple[str, str]]], object]
WSGIApp = Callable[[dict[str, Any], WSGIStartResponse], Iterable[bytes]]


def wsgi_app(
    on_delivery_report: DeliveryReportHandler | None = None,
    on_number_context_result: NumberContextHandler | None = None,
    *,
    delivery_report_path: str | None = None,
    number_context_path: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> WSGIApp:
    """:func:`asgi_app` as a WSGI app (gunicorn, waitress, ``wsgiref``, or mounted in Flask/Django).

    Handlers are plain functions here. The body is read up to ``max_body_bytes`` (a ``Content-Length`` over it
    is refused before reading).
    """
    for handler in (on_delivery_report, on_number_context_result):
        if inspect.iscoroutinefunction(handler):
            raise TypeError("wsgi_app handlers must be plain functions; use asgi_app for coroutine functions")
    receiver = _Receiver(
        on_delivery_report,
        on_number_context_result,
        delivery_report_path,
        number_context_path,
        max_body_bytes,
    )

    def reply(start_response: WSGIStartResponse, answer: _Answer) -> list[bytes]:
        start_response(f"{answer.status} {answer.reason}", _headers(answer))
        return [answer.text.encode("utf-8")]

    def app(environ: dict[str, Any], start_response: WSGIStartResponse) -> Iterable[bytes]:
        checked = receiver.check(
            str(environ.get("REQUEST_METHOD", "")).upper(), str(environ.get("PATH_INFO", ""))
        )
        if isinstance(checked, _Answer):
            return reply(start_response, checked)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return reply(start_response, _Answer(400, "Bad Request", "Content-Length is not a number"))
        if length > receiver.max_body_bytes:
            return reply(start_response, receiver.too_large())
        stream = environ.get("wsgi.input")
        body = stream.read(length) if stream is not None and length > 0 else b""
        payload = receiver.parse(checked, body, environ.get("CONTENT_TYPE") or None)
        if isinstance(payload, _Answer):
            return reply(start_response, payload)
        try:
            result = checked.handler(payload)
        except Exception:
            logger.exception("the receiver's handler raised; answering 500 so that the API pushes again")
            return reply(start_response, _HANDLER_FAILED)
        if inspect.iscoroutine(result):
            result.close()
            logger.error("a wsgi_app handler returned a coroutine; it was not run (use asgi_app)")
            return reply(start_response, _HANDLER_FAILED)
        return reply(start_response, _OK)

    return app
