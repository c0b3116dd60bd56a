"""``sms-api-sandbox``: run the sandbox with uvicorn."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sms_api.hosts import is_loopback_host

from ._extra import missing_extra_message
from .accounts import AccountConfigError, load_accounts
from .connection_limits import HEADER_TIMEOUT, IDLE_TIMEOUT


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sms-api-sandbox",
        description="A stateful local server implementing the SMS API: every operation, in JSON and XML.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    p.add_argument(
        "--port", type=int, default=8080, help="port to listen on (default 8080; 0 picks a free one)"
    )
    p.add_argument(
        "--db", metavar="FILE", help="SQLite file for the state (default: in memory, lost on exit)"
    )
    p.add_argument(
        "--accounts",
        metavar="FILE",
        help='JSON file with more accounts: {"accounts": [{"username": ..., "password": ..., "balance": 100,'
        ' "currency": "EUR", "pricePerMessage": 0.01}]} (only username and password are required;'
        " Aladdin / open sesame stays unless the file defines Aladdin)",
    )
    p.add_argument(
        "--allow-callback",
        metavar="HOST",
        action="append",
        default=[],
        help="a non-loopback host callbacks may be POSTed to (repeatable; '*' allows any host)",
    )
    p.add_argument(
        "--delivery-delay",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="seconds from sending to the final status (default 1.0)",
    )
    p.add_argument(
        "--header-timeout",
        type=float,
        default=HEADER_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds a client has to send a request's head, from connecting or the last answer"
        f" (default {HEADER_TIMEOUT:g})",
    )
    p.add_argument(
        "--idle-timeout",
        type=int,
        default=IDLE_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds an idle keep-alive connection stays open (default {IDLE_TIMEOUT})",
    )
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.add_argument(
        "--no-access-log", action="store_true", help="do not log each request (start-up and errors still are)"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if (missing_extra := missing_extra_message()) is not None:
        print(f"sms-api-sandbox: {missing_extra}", file=sys.stderr)
        return 1
    try:
        accounts = load_accounts(args.accounts) if args.accounts else []
    except AccountConfigError as exc:
        print(f"sms-api-sandbox: {exc}", file=sys.stderr)
        return 2
    if args.delivery_delay < 0:
        print("sms-api-sandbox: --delivery-delay must be >= 0", file=sys.stderr)
        return 2
    if args.header_timeout <= 0 or args.idle_timeout <= 0:
        print("sms-api-sandbox: --header-timeout and --idle-timeout must be > 0", file=sys.stderr)
        return 2
    if not is_loopback_host(args.host):
        print(
            f"sms-api-sandbox: warning: binding {args.host}, which is not loopback; anyone who can reach it"
            " can use the documented credentials",
            file=sys.stderr,
        )

    import uvicorn

    from .app import create_app
    from .server import protocol_with

    app = create_app(
        db_path=args.db,
        accounts=accounts,
        callback_allow=args.allow_callback,
        delivery_delay=args.delivery_delay,
    )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=not args.no_access_log,
        http=protocol_with(args.header_timeout),
        timeout_keep_alive=args.idle_timeout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
