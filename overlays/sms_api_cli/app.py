"""The ``sms-api`` command group: the options every command shares, the API client, exit codes.

Exit codes: 0 success; 1 an API or connection error, printed as one line on stderr (``--debug`` adds the
traceback and the SDK's debug log); 2 a usage error; 130 interrupted (Ctrl-C outside ``--follow``/``listen``,
which stop cleanly with 0).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TextIO, TypeVar

import click
import httpx

from sms_api import SmsApi, SmsApiError

from .output import FORMATS, OutputFormat, Printer, default_format

__all__ = [
    "CommandFailed",
    "Settings",
    "api_options",
    "cli",
    "open_api",
    "output_options",
    "run",
    "settings_of",
]

F = TypeVar("F", bound=Callable[..., object])

EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what the shell reports for a process killed by SIGPIPE


class CommandFailed(Exception):
    """A command did not do all it was asked (exit 1); the message is the one line printed."""


@dataclass
class Settings:
    """The shared options of the command being run (one object per run, ``click.Context.obj``)."""

    base_url: str | None = None
    username: str | None = None
    wire_format: Literal["json", "xml"] = "json"
    format: OutputFormat | None = None
    debug: bool = False

    def printer(self, *, streaming: bool = False, titles: bool = False) -> Printer:
        return Printer(
            self.format or default_format(sys.stdout), sys.stdout, streaming=streaming, titles=titles
        )


def settings_of(ctx: click.Context) -> Settings:
    """The shared options of the command being run."""
    settings = ctx.find_object(Settings)
    assert settings is not None, "run() passes a Settings object"
    return settings


_Callback = Callable[[click.Context, click.Parameter, Any], None]


def _store(attribute: str) -> _Callback:
    def store(ctx: click.Context, param: click.Parameter, value: object) -> None:
        if value is not None:
            setattr(settings_of(ctx), attribute, value)

    return store


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is now (tests and callers may replace it between runs)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


_WARNINGS = logging.Formatter("sms-api: %(levelname)s: %(message)s")
_DEBUG_LOG = logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")


#: The ``sms_api`` logger's handler while a command runs: the SDK's warnings (credentials over plain http) as
#: ``sms-api: WARNING: ...`` lines, and with ``--debug`` its request log.
_HANDLER = _StderrHandler()


def _debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not settings_of(ctx).debug:
        settings_of(ctx).debug = True
        logging.getLogger("sms_api").setLevel(logging.DEBUG)
        _HANDLER.setFormatter(_DEBUG_LOG)


def _wire(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        settings_of(ctx).wire_format = "xml"


def _setting(decl: str, callback: _Callback, help_text: str, **attrs: Any) -> Callable[[F], F]:
    """An option every command shares: it sets the run's :class:`Settings`, no parameter of the command."""
    return click.option(decl, expose_value=False, callback=callback, help=help_text, **attrs)


def _setting_option(name: str, metavar: str, help_text: str) -> Callable[[F], F]:
    """``--NAME``, also read from ``SMS_API_NAME``, stored into the settings as ``name``."""
    flag = name.replace("_", "-")
    return _setting(f"--{flag}", _store(name), help_text, envvar=f"SMS_API_{name.upper()}", metavar=metavar)


def _with(function: F, *options: Callable[[F], F]) -> F:
    """``function`` with ``options``, which ``--help`` lists in this order."""
    for option in reversed(options):
        function = option(function)
    return function


_BASE_URL = _setting_option(
    "base_url", "URL", "The API's base URL [env SMS_API_BASE_URL; default: the spec's server]."
)
_USERNAME = _setting_option(
    "username",
    "NAME",
    "Account name [env SMS_API_USERNAME]. The password comes from SMS_API_PASSWORD or a prompt.",
)
_XML = _setting(
    "--xml", _wire, "Speak the XML wire format instead of JSON (the output is the same).", is_flag=True
)
_FORMAT = _setting(
    "--format",
    _store("format"),
    "table (the default on a terminal), json (the API document; the default otherwise) or csv.",
    type=click.Choice(FORMATS),
)
_DEBUG = _setting(
    "--debug",
    _debug,
    "On an error, print the traceback; log every request and response (credentials redacted).",
    is_flag=True,
)


def output_options(function: Callable[..., object]) -> Callable[..., object]:
    """``--format`` and ``--debug``: on every command, which gets the click context (``ctx``) first."""
    return _with(click.pass_context(function), _FORMAT, _DEBUG)


def api_options(function: Callable[..., object]) -> Callable[..., object]:
    """``--base-url``, ``--username``, ``--xml`` and the output options: every command that calls the API,
    which gets the click context (``ctx``) first, to read them with :func:`settings_of`."""
    return _with(click.pass_context(function), _BASE_URL, _USERNAME, _XML, _FORMAT, _DEBUG)


def _credential(value: str | None, name: str, env: str, *, hide: bool) -> str:
    if value:
        return value
    if sys.stdin.isatty():
        prompted: str = click.prompt(name, hide_input=hide, err=True)
        return prompted
    option = "" if hide else " or --username"
    raise click.UsageError(f"no {name.lower()}: set {env}{option} (there is no terminal to ask on)")


def open_api(ctx: click.Context) -> SmsApi:
    """The resource client for the shared options; asks for missing credentials on a terminal."""
    settings = settings_of(ctx)
    base_url = settings.base_url or os.environ.get("SMS_API_BASE_URL")
    username, password = settings.username, os.environ.get("SMS_API_PASSWORD")
    in_url = base_url is not None and "@" in base_url.split("//", 1)[-1].split("/", 1)[0]
    if not in_url:
        username = _credential(username, "Username", "SMS_API_USERNAME", hide=False)
        password = _credential(password, "Password", "SMS_API_PASSWORD", hide=True)
    try:
        return SmsApi(base_url, username, password, wire_format=settings.wire_format)
    except (ValueError, httpx.InvalidURL) as exc:
        raise click.BadParameter(str(exc), param_hint="--base-url") from None


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return f"sms-api: error: {text}"


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Credentials: SMS_API_USERNAME and SMS_API_PASSWORD (or a prompt). Exit codes: 0 ok, 1 API or "
    "connection error, 2 usage error, 130 interrupted.",
)
@click.version_option(package_name="sms-api-sdk", prog_name="sms-api")
def cli() -> None:
    """The SMS API from a shell: send, read reports, logs and the inbox, look numbers up, receive pushes."""


def run(argv: list[str]) -> int:
    """Run one command line; the exit code. On an error, one line (and ``--debug``'s traceback) only."""
    from . import commands, listen  # noqa: F401  (registers the commands on `cli`)

    logger = logging.getLogger("sms_api")
    level = logger.level
    _HANDLER.setFormatter(_WARNINGS)
    logger.addHandler(_HANDLER)
    try:
        return _run(argv)
    finally:  # leave the logger as it was: run() is also called in-process (tests, embedding)
        logger.removeHandler(_HANDLER)
        logger.setLevel(level)


def _run(argv: list[str]) -> int:
    settings = Settings()
    try:
        result = cli.main(args=argv, prog_name="sms-api", standalone_mode=False, obj=settings)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("sms-api: interrupted", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("\nsms-api: interrupted", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `sms-api logs | head`: the reader has gone, which is not an error to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except (SmsApiError, CommandFailed, OSError) as exc:
        if settings.debug:
            traceback.print_exc()
        click.echo(_one_line(exc), err=True)
        return EXIT_API_ERROR
    return result if isinstance(result, int) else 0
