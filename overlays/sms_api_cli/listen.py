"""``sms-api listen``: a local receiver that prints each pushed delivery report and Number Context result.

The receiving itself (JSON or XML bodies, the size limit, 400 for an unreadable payload) is
``sms_api.receivers.wsgi_app``; this module serves it with the standard library's WSGI server, one thread
per request, and prints what arrives. Ctrl-C stops it (exit 0).
"""

from __future__ import annotations

import logging
import socket
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import click

from sms_api import receivers
from sms_api_client.models import DeliveryReportNotification, NCResponse

from . import views
from .app import Settings, cli, output_options

__all__ = ["listen", "notify_url"]

log = logging.getLogger("sms_api.cli.listen")


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # A restarted listener must get its port back at once (no TIME_WAIT refusal).
    allow_reuse_address = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class _QuietHandler(WSGIRequestHandler):
    """Request lines go to the debug log, not to the terminal the pushes are printed on."""

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def notify_url(host: str, port: int) -> str:
    """The URL to give as ``notifyUrl`` for a listener bound to ``host``:``port``."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1" if host != "::" else "::1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="The port to listen on (0: any free port).",
)
@output_options
@click.pass_context
def listen(ctx: click.Context, host: str, port: int) -> None:
    """Receive pushed delivery reports and Number Context results (JSON or XML) and print them.

    Prints the notifyUrl to give `sms-api send --notify-url` or `sms-api lookup --notify-url` (or your own
    code). Runs until Ctrl-C.
    """
    settings = ctx.find_object(Settings)
    assert settings is not None
    printer = settings.printer(streaming=True, titles=True)

    def on_delivery_report(notification: DeliveryReportNotification) -> None:
        printer.document(notification.to_dict(), views.DELIVERY_REPORT_PUSH)

    def on_number_context_result(result: NCResponse) -> None:
        printer.document(result.to_dict(), views.NUMBER_CONTEXT_PUSH)

    app = receivers.wsgi_app(
        on_delivery_report=on_delivery_report, on_number_context_result=on_number_context_result
    )
    server_class = _Server6 if ":" in host else _Server
    server = make_server(host, port, app, server_class=server_class, handler_class=_QuietHandler)
    url = notify_url(host, server.server_port)
    click.echo(f"sms-api: listening for pushes; notifyUrl: {url}", err=True)
    if sys.stderr.isatty():
        click.echo(
            f"  e.g. sms-api send --to NUMBER --text TEXT --notify-url {url}  (Ctrl-C to stop)", err=True
        )
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo("\nsms-api: stopped listening", err=True)
    finally:
        server.server_close()
