"""Quickstart: the whole user journey against the SMS API sandbox, with the SDK, in JSON and then XML.

    python examples/quickstart.py --start-sandbox     # what `make demo` runs
    python examples/quickstart.py --base-url http://127.0.0.1:8080   # against a sandbox you started

Sends a text and an advanced message whose delivery report is pushed to a small local receiver, pulls the
delivery reports twice (the second pull is empty), reads the logs with filters, injects an inbound message
(sandbox admin route) and pulls it, looks up numbers, and shows the balance going down. Exits non-zero if
any step fails.
"""

from __future__ import annotations

import argparse
import os
import queue
import sys
import threading
import time
import uuid
from collections.abc import Generator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from sms_api import WireFormat, connect, parse_delivery_report
from sms_api_client.api.account import get_account_balance
from sms_api_client.api.number_context import query_number_context
from sms_api_client.api.receive_sms import get_received_sms
from sms_api_client.api.reports_and_logs import get_delivery_reports, get_sent_sms_logs
from sms_api_client.api.send_sms import send_advanced_text_sms, send_single_text_sms
from sms_api_client.models import (
    NCRequest,
    SMSAdvancedTextualMessage,
    SMSAdvancedTextualRequest,
    SMSDestination,
    SMSTextualRequest,
    Status,
)

USERNAME, PASSWORD = "Aladdin", "open sesame"


class Failed(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Failed(what)


@contextmanager
def started_sandbox() -> Generator[str]:
    """The sandbox as a child process on a free loopback port (``sms_sandbox.process``); stopped after."""
    from sms_sandbox.process import sandbox_process

    with sandbox_process(access_log=False) as sandbox:
        print(f"sandbox running at {sandbox.base_url} (pid {sandbox.process.pid})")
        yield sandbox.base_url
    print("sandbox stopped")


@contextmanager
def receiver() -> Generator[tuple[str, queue.Queue[tuple[str, bytes]]]]:
    """A tiny HTTP server that accepts pushed delivery reports."""
    received: queue.Queue[tuple[str, bytes]] = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received.put((self.headers.get("Content-Type", ""), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/delivery-reports", received
    finally:
        server.shutdown()


def status_line(status: Status) -> str:
    return f"{status.group_name}/{status.name}"


def journey(
    base_url: str, wire_format: WireFormat, notify_url: str, pushed: queue.Queue[tuple[str, bytes]]
) -> None:
    print(f"\n=== {wire_format.upper()} ===")
    with connect(base_url, USERNAME, PASSWORD, wire_format=wire_format) as client:
        before = get_account_balance.sync(client=client)
        print(f"balance: {before.balance:.4f} {before.currency}")

        text = send_single_text_sms.sync(
            client=client,
            body=SMSTextualRequest(from_="InfoSMS", to="41793026727", text="Hello from the quickstart"),
        )
        first = text.messages[0]
        print(
            f"sent text -> {first.to}: messageId {first.message_id}, {status_line(first.status)},"
            f" smsCount {first.sms_count}"
        )
        check(first.status.group_name == "ACCEPTED", "the text message was not accepted")

        client_id = f"quickstart-{wire_format}-{uuid.uuid4()}"
        advanced = send_advanced_text_sms.sync(
            client=client,
            body=SMSAdvancedTextualRequest(
                bulk_id=f"bulk-{client_id}",
                messages=[
                    SMSAdvancedTextualMessage(
                        from_="InfoSMS",
                        destinations=[SMSDestination(to="41793026721", message_id=client_id)],
                        text="A long time ago, in a galaxy far, far away... " * 4,
                        notify_url=notify_url,
                        notify_content_type="application/xml" if wire_format == "xml" else "application/json",
                        callback_data="quickstart callback data",
                    )
                ],
            ),
        )
        adv = advanced.messages[0]
        print(
            f"sent advanced -> {adv.to}: messageId {adv.message_id} (ours), bulkId {advanced.bulk_id},"
            f" smsCount {adv.sms_count}"
        )
        check(
            adv.message_id == client_id and advanced.bulk_id == f"bulk-{client_id}",
            "client IDs were not kept",
        )

        try:
            content_type, body = pushed.get(timeout=10)
        except queue.Empty:
            raise Failed("no delivery report was pushed to the receiver within 10 s") from None
        pushed_reports = parse_delivery_report(body, content_type).results
        check(len(pushed_reports) == 1, "the push holds no report")
        report = pushed_reports[0]
        print(
            f"callback received ({content_type}): {report.message_id} {status_line(report.status)},"
            f" callbackData {report.callback_data!r}"
        )
        check(
            report.message_id == client_id and report.callback_data == "quickstart callback data",
            "wrong callback",
        )

        reports = get_delivery_reports.sync(client=client)
        for r in reports.results:
            print(
                f"report: {r.message_id} to {r.to}: {status_line(r.status)},"
                f" error {r.error.name if r.error else 'none'},"
                f" price {r.price.price_per_message} {r.price.currency}"
            )
        check(
            [r.message_id for r in reports.results] == [first.message_id],
            "expected the text message's report",
        )
        again = get_delivery_reports.sync(client=client)
        print(f"second pull: {len(again.results)} reports (each report is returned once)")
        check(again.results == [], "the second pull was not empty")

        logs = get_sent_sms_logs.sync(
            client=client, message_id=[first.message_id, client_id], general_status="DELIVERED", limit=10
        )
        for log in logs.results:
            print(
                f"log: {log.message_id} from {log.from_} to {log.to} ({log.mccmnc}):"
                f" {status_line(log.status)}, sent {log.sent_at:%H:%M:%S}"
            )
        check(len(logs.results) == 2, "logs with filters did not return both messages")

        injected = httpx.post(
            base_url + "/sandbox/inbound",
            json={"from": "385998779111", "to": "41793026727", "text": f"KEY hello from {wire_format}"},
            auth=(USERNAME, PASSWORD),
        )
        check(injected.status_code == 201, f"inbound injection failed: {injected.text}")
        inbound = get_received_sms.sync(client=client)
        for m in inbound.results:
            print(f"inbound: from {m.from_}: {m.text!r} keyword {m.keyword!r} cleanText {m.clean_text!r}")
        check(len(inbound.results) == 1 and inbound.results[0].keyword == "KEY", "inbound message not pulled")
        check(get_received_sms.sync(client=client).results == [], "inbound pulled twice")

        nc = query_number_context.sync(client=client, body=NCRequest(to=["41793026727", "41793026738"]))
        # The documentation names the list `results` in answers and `ncResults` in pushes: read either.
        results = nc.results or nc.nc_results or []
        for n in results:
            network = n.original_network.network_name if n.original_network else "unknown network"
            ported = f", ported to {n.ported_network.network_name}" if n.ported and n.ported_network else ""
            print(f"number context: {n.to}: mccMnc {n.mcc_mnc}, {network}{ported}, {status_line(n.status)}")
        check(len(results) == 2 and results[1].ported is True, "unexpected Number Context answer")

        after = get_account_balance.sync(client=client)
        print(f"balance: {after.balance:.4f} {after.currency} (spent {before.balance - after.balance:.4f})")
        check(after.balance < before.balance, "the balance did not go down")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", default=os.environ.get("SMS_API_BASE_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--start-sandbox", action="store_true", help="start a sandbox on a free port first")
    parser.add_argument("--format", choices=["json", "xml", "both"], default="both")
    args = parser.parse_args(argv)
    choices: dict[str, list[WireFormat]] = {"json": ["json"], "xml": ["xml"], "both": ["json", "xml"]}
    formats = choices[args.format]
    started = time.monotonic()
    try:
        with receiver() as (notify_url, pushed):
            if args.start_sandbox:
                with started_sandbox() as base_url:
                    for wire_format in formats:
                        journey(base_url, wire_format, notify_url, pushed)
            else:
                for wire_format in formats:
                    journey(args.base_url, wire_format, notify_url, pushed)
    except Failed as exc:
        print(f"\nFAILED: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # an SDK error is a failed step too
        print(f"\nFAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"\nall steps passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
