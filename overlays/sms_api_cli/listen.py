"""``sms-api listen``: a local receiver that prints each pushed delivery report and Number Context result.

The receiving itself (JSON or XML bodies, the size limit, 400 for an unreadable payload) is
``sms_api.receivers.wsgi_app``; this module serves it with the standard library's WSGI server, one thread
per request, and prints what arrives. Ctrl-C stops it (exit 0).
"""

from __future__ import annotations

import io
import logging
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import click

from sms_api import receivers
from sms_api_client.models import DeliveryReportNotification, NCResponse

from . import views
from .app import cli, output_options, settings_of

__all__ = ["DELIVERY_REPORT_PATH", "NUMBER_CONTEXT_PATH", "listen", "notify_url"]

#: The two notifyUrl paths: the receiver tells the two kinds of payload apart by where they are pushed.
DELIVERY_REPORT_PATH = "/delivery-reports"
NUMBER_CONTEXT_PATH = "/number-context"

log = logging.getLogger("sms_api.cli.listen")


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # A restarted listener must get its port back at once (no TIME_WAIT refusal).
    allow_reuse_address = True


class _Server6(_Server):
    address_family = socket.AF_INET6


WSGIApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


class _RawBodies:
    """Keeps the body of the push being handled (per request thread), for ``--raw``.

    The receiver reads at most its size limit; a body over it, or without a readable ``Content-Length``, is
    left for the receiver to refuse (413, 400) and never read here.
    """

    def __init__(self, app: WSGIApp) -> None:
        self._app = app
        self._current = threading.local()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self._current.body, self._current.content_type = b"", environ.get("CONTENT_TYPE") or ""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if 0 < length <= receivers.DEFAULT_MAX_BODY_BYTES:
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
            self._current.body = body
        return self._app(environ, start_response)

    def current(self) -> tuple[str, bytes]:
        """The Content-Type and body of the push this thread is handling."""
        return self._current.content_type, self._current.body


class _QuietHandler(WSGIRequestHandler):
    """Request lines go to the debug log, not to the terminal the pushes are printed on."""

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def notify_url(host: str, port: int, path: str) -> str:
    """The URL to give as ``notifyUrl`` for ``path`` of a listener bound to ``host``:``port``."""
    if host in ("", "0.0.0.0", "::"):  # every address: loopback is one of them
        host = "127.0.0.1" if host != "::" else "::1"
    return f"http://[{host}]:{port}{path}" if ":" in host else f"http://{host}:{port}{path}"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="The port to listen on (0: any free port).",
)
@click.option(
    "--raw",
    is_flag=True,
    help="Print each push as it arrived (JSON or XML), after a line naming its kind and Content-Type.",
)
@output_options
def listen(ctx: click.Context, host: str, port: int, raw: bool) -> None:
    """Receive pushed delivery reports and Number Context results (JSON or XML) and print them.

    Prints the two notifyUrls to use: one for delivery reports (`sms-api send --notify-url`), one for
    Number Context results (`sms-api lookup --notify-url`). Runs until Ctrl-C.
    """
    printer = settings_of(ctx).printer(streaming=True, titles=True)
    lock = threading.Lock()
    bodies: _RawBodies | None = None

    def print_raw(kind: str) -> None:
        assert bodies is not None
        content_type, body = bodies.current()
        text = body.decode("utf-8", "replace").rstrip("\n")
        with lock:
            sys.stdout.write(f"--- {kind} ({content_type or 'no Content-Type'})\n{text}\n")
            sys.stdout.flush()

    def on_delivery_report(notification: DeliveryReportNotification) -> None:
        if raw:
            print_raw("delivery report")
        else:
            printer.document(notification.to_dict(), views.DELIVERY_REPORT_PUSH)

    def on_number_context_result(result: NCResponse) -> None:
        if raw:
            print_raw("Number Context result")
        else:
            printer.document(result.to_dict(), views.NUMBER_CONTEXT_PUSH)

    app: WSGIApp = receivers.wsgi_app(
        on_delivery_report,
        on_number_context_result,
        delivery_report_path=DELIVERY_REPORT_PATH,
        number_context_path=NUMBER_CONTEXT_PATH,
    )
    if raw:
        app = bodies = _RawBodies(app)
    server_class = _Server6 if ":" in host else _Server
    server = make_server(host, port, app, server_class=server_class, handler_class=_QuietHandler)
    reports_url = notify_url(host, server.server_port, DELIVERY_REPORT_PATH)
    context_url = notify_url(host, server.server_port, NUMBER_CONTEXT_PATH)
    click.echo(f"sms-api: delivery reports notifyUrl: {reports_url}", err=True)
    click.echo(f"sms-api: Number Context notifyUrl: {context_url}", err=True)
    if sys.stderr.isatty():
        click.echo(
            f"  sms-api send --to NUMBER --text TEXT --notify-url {reports_url}\n"
            f"  sms-api lookup NUMBER --notify-url {context_url}\n"
            "Ctrl-C to stop.",
            err=True,
        )
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo("\nsms-api: stopped listening", err=True)
    finally:
        server.server_close()
