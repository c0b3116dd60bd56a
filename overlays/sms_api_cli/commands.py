"""The commands that call the API: send, reports, logs, inbox, inbox-logs, lookup, balance.

Each one is a thin layer over one method of the resource client (``sms_api.SmsApi``); what it prints is the
``to_dict()`` of the model that method returns, so ``--format json`` is the API's own JSON document.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Protocol, TextIO

import click

from sms_api import SmsApi
from sms_api.workflows import BulkMessageResult, BulkProgress
from sms_api_client.models import SMSAdvancedTextualMessage, SMSDestination
from sms_api_client.models.general_status import check_general_status
from sms_api_client.models.notify_content_type import NOTIFY_CONTENT_TYPE_VALUES, check_notify_content_type
from sms_api_spec import STATUS_GROUPS

from . import views
from .app import CommandFailed, F, api_options, cli, open_api, settings_of
from .follow import poll_until_stopped
from .inputs import TimeParam, read_destinations
from .output import Document, Printer, View

__all__ = ["balance", "inbox", "inbox_logs", "logs", "lookup", "reports", "send"]

_STATUS_GROUP_NAMES = tuple(group["name"] for group in STATUS_GROUPS.values())
_NOTIFY_CONTENT_TYPES = tuple(sorted(NOTIFY_CONTENT_TYPE_VALUES))

_LIMIT = click.IntRange(min=1)
_INTERVAL = click.FloatRange(min=0.1)


def _notify_options(*, pushed: str, url_help: str) -> Callable[[F], F]:
    """``--notify-url`` and ``--notify-content-type``: the commands whose answers the API can push."""

    def decorate(function: F) -> F:
        function = click.option(
            "--notify-content-type",
            type=click.Choice(_NOTIFY_CONTENT_TYPES),
            help=f"With --notify-url: the format of the pushed {pushed}.",
        )(function)
        return click.option("--notify-url", metavar="URL", help=url_help)(function)

    return decorate


def _follow_options(what: str) -> list[click.Option]:
    return [
        click.Option(
            ["--follow", "-f"],
            is_flag=True,
            help=f"Keep pulling and print {what} as they arrive, until Ctrl-C (exit 0).",
        ),
        click.Option(
            ["--interval"],
            type=_INTERVAL,
            default=2.0,
            show_default=True,
            metavar="SECONDS",
            help="With --follow: the pause between two pulls.",
        ),
    ]


def _log_window(event: str) -> Callable[[F], F]:
    """``--since`` and ``--until``: the time window of a logs command (``event``: "Sent", "Received")."""

    def decorate(function: F) -> F:
        function = click.option(
            "--until", type=TimeParam(), help=f"{event} at or before: ISO 8601 or an age."
        )(function)
        return click.option(
            "--since", type=TimeParam(), help=f"{event} at or after: ISO 8601 or an age (30m, 2h, 1d)."
        )(function)

    return decorate


class _Answer(Protocol):
    def to_dict(self) -> Document: ...


def _print_answer(ctx: click.Context, view: View, call: Callable[[SmsApi], _Answer]) -> None:
    """One call of the API, its answer printed: the commands that neither pull repeatedly nor send."""
    printer = settings_of(ctx).printer()
    with open_api(ctx) as api:
        printer.document(call(api).to_dict(), view)


def _waiting(what: str) -> None:
    if sys.stderr.isatty():
        click.echo(f"waiting for {what} (Ctrl-C to stop)", err=True)


def _pull_or_follow(
    pull: Callable[[], Document],
    printer: Printer,
    view: View,
    what: str,
    *,
    follow: bool,
    interval: float,
) -> None:
    """One pull printed; with ``--follow``, one every ``interval`` seconds, printing only what it brought."""

    def pull_and_print() -> None:
        document = pull()
        if not follow or document.get("results"):
            printer.document(document, view)

    if follow:
        _waiting(what)
        poll_until_stopped(pull_and_print, interval)
    else:
        pull_and_print()


@contextmanager
def _progress(total: int, stream: TextIO) -> Iterator[Callable[[BulkProgress], None] | None]:
    """A progress bar on a terminal, nothing otherwise; yields ``send_bulk``'s ``on_progress`` (or None)."""
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("sending"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=True,
    ) as bar:
        task = bar.add_task("send", total=total)

        def on_progress(progress: BulkProgress) -> None:
            bar.update(task, completed=progress.done)

        yield on_progress


# --------------------------------------------------------------------------------------------------------
# send
# --------------------------------------------------------------------------------------------------------


@cli.command()
@click.option("--to", "to", multiple=True, metavar="NUMBER", help="A destination (repeat for several).")
@click.option(
    "--to-file",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="Destinations one per line ('-': standard input), sent in batches with send_bulk.",
)
@click.option("--text", required=True, help="The message text.")
@click.option("--from", "from_", metavar="SENDER", help="The sender: a number or up to 11 characters.")
@click.option(
    "--bulk-id",
    metavar="ID",
    help="The bulk's ID (the default: a new one). With --to-file, run again with the same ID and file to "
    "send only what a failed run did not: nothing is sent twice.",
)
@_notify_options(pushed="reports", url_help="Push the final delivery reports to URL (see `sms-api listen`).")
@api_options
def send(
    ctx: click.Context,
    to: tuple[str, ...],
    to_file: TextIO | None,
    text: str,
    from_: str | None,
    bulk_id: str | None,
    notify_url: str | None,
    notify_content_type: str | None,
) -> None:
    """Send an SMS; prints each destination's message id and status.

    \b
    sms-api send --to 41793026727 --text "Hello"
    sms-api send --to-file numbers.txt --text "Hello" --from InfoSMS
    """
    destinations = list(to)
    if to_file is not None:
        try:
            destinations += read_destinations(to_file)
        except UnicodeDecodeError as exc:
            raise click.BadParameter(
                f"not UTF-8 text ({exc.reason} at byte {exc.start})", param_hint="--to-file"
            ) from None
        if not destinations:
            raise click.BadParameter("the file holds no numbers", param_hint="--to-file")
    elif not destinations:
        raise click.UsageError("give at least one --to NUMBER, or --to-file FILE")
    if notify_content_type and not notify_url:
        raise click.UsageError("--notify-content-type needs --notify-url")
    if to_file is not None and notify_url:
        raise click.UsageError("--notify-url cannot be combined with --to-file")
    printer = settings_of(ctx).printer()
    with open_api(ctx) as api:
        if to_file is not None:
            _send_bulk(api, printer, destinations, text, from_, bulk_id)
        elif notify_url or bulk_id:
            message = SMSAdvancedTextualMessage(
                destinations=[SMSDestination(to=number) for number in destinations], text=text
            )
            if from_ is not None:
                message.from_ = from_
            if notify_url is not None:
                message.notify_url = notify_url
            if notify_content_type is not None:
                message.notify_content_type = check_notify_content_type(notify_content_type)
            printer.document(api.sms.send_advanced([message], bulk_id=bulk_id).to_dict(), views.SENT)
        else:
            one_or_several: str | list[str] = destinations[0] if len(destinations) == 1 else destinations
            printer.document(api.sms.send_text(one_or_several, text, from_=from_).to_dict(), views.SENT)


def _send_bulk(
    api: SmsApi,
    printer: Printer,
    destinations: Sequence[str],
    text: str,
    from_: str | None,
    bulk_id: str | None,
) -> None:
    with _progress(len(destinations), sys.stderr) as on_progress:
        result = api.sms.send_bulk(destinations, text, from_=from_, bulk_id=bulk_id, on_progress=on_progress)
    document = {"bulkId": result.bulk_id, "messages": [_bulk_message(m) for m in result.messages]}
    printer.document(document, views.SENT)
    if result.errors:
        failed = sum(len(error.destinations) for error in result.errors)
        first = " ".join(str(result.errors[0].exception).split())
        raise CommandFailed(
            f"{failed} of {len(destinations)} destinations not sent ({first}); run again with "
            f"--bulk-id {result.bulk_id} to send them (nothing is sent twice)"
        )


def _bulk_message(message: BulkMessageResult) -> dict[str, object]:
    """One destination of a bulk send in the API's shape (``SMSResponseDetails``); no status if it failed."""
    entry: dict[str, object] = {"to": message.to}
    if message.status is not None:
        entry["status"] = message.status.to_dict()
    if message.sms_count is not None:
        entry["smsCount"] = message.sms_count
    entry["messageId"] = message.message_id
    return entry


# --------------------------------------------------------------------------------------------------------
# reports, logs
# --------------------------------------------------------------------------------------------------------


@cli.command(params=_follow_options("delivery reports"))
@click.option("--bulk-id", metavar="ID", help="Only the reports of this bulk.")
@click.option("--message-id", metavar="ID", help="Only the report of this message.")
@click.option("--limit", type=_LIMIT, metavar="N", help="At most N reports per pull.")
@api_options
def reports(
    ctx: click.Context,
    bulk_id: str | None,
    message_id: str | None,
    limit: int | None,
    follow: bool,
    interval: float,
) -> None:
    """Pull delivery reports. Each report is returned once only: keep the output (or use `sms-api logs`)."""
    printer = settings_of(ctx).printer(streaming=follow)
    with open_api(ctx) as api:
        _pull_or_follow(
            lambda: api.reports.pull(bulk_id=bulk_id, message_id=message_id, limit=limit).to_dict(),
            printer,
            views.DELIVERY_REPORTS,
            "delivery reports",
            follow=follow,
            interval=interval,
        )


@cli.command()
@click.option("--bulk-id", multiple=True, metavar="ID", help="Only this bulk (repeat for several).")
@click.option("--message-id", multiple=True, metavar="ID", help="Only this message (repeat for several).")
@click.option("--to", metavar="NUMBER", help="Only messages to this number.")
@click.option("--from", "from_", metavar="SENDER", help="Only messages from this sender.")
@click.option(
    "--status",
    type=click.Choice(_STATUS_GROUP_NAMES, case_sensitive=False),
    metavar="GROUP",
    help=f"Only this status group: {', '.join(_STATUS_GROUP_NAMES)}.",
)
@_log_window("Sent")
@click.option("--mcc", metavar="CODE", help="Only this mobile country code.")
@click.option("--mnc", metavar="CODE", help="Only this mobile network code.")
@click.option("--limit", type=_LIMIT, metavar="N", help="At most N entries.")
@api_options
def logs(
    ctx: click.Context,
    bulk_id: tuple[str, ...],
    message_id: tuple[str, ...],
    to: str | None,
    from_: str | None,
    status: str | None,
    since: datetime | None,
    until: datetime | None,
    mcc: str | None,
    mnc: str | None,
    limit: int | None,
) -> None:
    """Sent-message logs of the last 48 hours, newest first (repeatable, unlike reports)."""
    _print_answer(
        ctx,
        views.SENT_LOGS,
        lambda api: api.logs.list(
            from_=from_,
            to=to,
            bulk_id=list(bulk_id) or None,
            message_id=list(message_id) or None,
            general_status=check_general_status(status.upper()) if status else None,
            sent_since=since,
            sent_until=until,
            limit=limit,
            mcc=mcc,
            mnc=mnc,
        ),
    )


# --------------------------------------------------------------------------------------------------------
# inbox, inbox-logs
# --------------------------------------------------------------------------------------------------------


@cli.command(params=_follow_options("inbound messages"))
@click.option("--limit", type=_LIMIT, metavar="N", help="At most N messages per pull.")
@api_options
def inbox(ctx: click.Context, limit: int | None, follow: bool, interval: float) -> None:
    """Pull received messages. Each is returned once only (`sms-api inbox-logs` reads them again)."""
    printer = settings_of(ctx).printer(streaming=follow)
    with open_api(ctx) as api:
        _pull_or_follow(
            lambda: api.inbox.pull(limit=limit).to_dict(),
            printer,
            views.INBOX,
            "inbound messages",
            follow=follow,
            interval=interval,
        )


@cli.command("inbox-logs")
@click.option("--keyword", help="Only messages with this keyword (NO_KEYWORD: those without one).")
@click.option("--to", metavar="NUMBER", help="Only messages received on this number.")
@_log_window("Received")
@click.option("--limit", type=_LIMIT, metavar="N", help="At most N entries.")
@api_options
def inbox_logs(
    ctx: click.Context,
    keyword: str | None,
    to: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int | None,
) -> None:
    """Logs of received messages, newest first (repeatable)."""
    _print_answer(
        ctx,
        views.INBOX,
        lambda api: api.inbox.logs(
            limit=limit, keyword=keyword, to=to, received_since=since, received_until=until
        ),
    )


# --------------------------------------------------------------------------------------------------------
# lookup, balance
# --------------------------------------------------------------------------------------------------------


@cli.command()
@click.argument("numbers", nargs=-1, required=True, metavar="NUMBER...")
@_notify_options(
    pushed="results", url_help="Look up asynchronously: the results are pushed to URL (see `sms-api listen`)."
)
@api_options
def lookup(
    ctx: click.Context, numbers: tuple[str, ...], notify_url: str | None, notify_content_type: str | None
) -> None:
    """Number Context: the network, porting and roaming of each number."""
    if notify_content_type and not notify_url:
        raise click.UsageError("--notify-content-type needs --notify-url")
    printer = settings_of(ctx).printer()
    one_or_several: str | list[str] = numbers[0] if len(numbers) == 1 else list(numbers)
    with open_api(ctx) as api:
        if notify_url:
            content_type = check_notify_content_type(notify_content_type) if notify_content_type else None
            accepted = api.number_context.notify(one_or_several, notify_url, notify_content_type=content_type)
            printer.document(accepted.to_dict(), views.LOOKUP_ASYNC)
        else:
            printer.document(api.number_context.query(one_or_several).to_dict(), views.LOOKUP)


@cli.command()
@api_options
def balance(ctx: click.Context) -> None:
    """The account's balance and currency."""
    _print_answer(ctx, views.BALANCE, lambda api: api.account.balance())
