"""The sandbox's web inbox (``/ui``) in headless Chromium, against a sandbox process, with the SDK sending.

The browser is Debian's chromium driven by tests/e2e/inbox_browser.mjs (playwright-core over Chromium's pipe),
as the docs check in tests/publish/ does. The tests run in file order against one sandbox and one browser;
each sends its own messages. Skipped only when chromium is missing *and* SMS_API_ALLOW_NO_BROWSER=1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from sms_api import connect
from sms_api_client.api.receive_sms import get_received_sms
from sms_api_client.api.send_sms import send_advanced_text_sms, send_single_text_sms
from sms_api_client.models import (
    SMSAdvancedTextualMessage,
    SMSAdvancedTextualRequest,
    SMSDestination,
    SMSTextualRequest,
)
from sms_api_client.types import Unset
from sms_sandbox.process import PASSWORD, USERNAME, SandboxProcess, sandbox_process

from .._spec import REPO
from .._tools import chromium, node, playwright_core
from .conftest import recording_receiver

SCREENSHOT = REPO / "dist" / "inbox" / "inbox.png"
README_SCREENSHOT = REPO / "docs" / "images" / "sandbox-inbox.png"
BOB = ("bob", "hunter2")
HOSTILE = '<script>window.__pwned = 1</script><img src="/ui/x" onerror="window.__pwned = 2"> & done'
LONG = (
    "A long time ago, in a galaxy far, far away... It is a period of civil war. Rebel spaceships, striking"
    " from a hidden base, have won their first victory against the evil Galactic Empire."
)

pytestmark = pytest.mark.e2e


class Browser:
    """The driver process: one JSON command in, one JSON answer out."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.log: dict[str, Any] = {}

    def __call__(self, cmd: str, page: str = "aladdin", **args: Any) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"cmd": cmd, "page": page, **args}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, (
            f"the browser driver stopped: {self.process.stderr.read() if self.process.stderr else ''}"
        )
        answer: dict[str, Any] = json.loads(line)
        assert "error" not in answer, f"{cmd} {args}: {answer['error']}"
        return answer

    def value(self, js: str, page: str = "aladdin") -> Any:
        return self("eval", page, js=js)["value"]

    def wait(self, js: str, page: str = "aladdin", timeout: int = 5000) -> int:
        ms: int = self("waitFor", page, js=js, timeout=timeout)["ms"]
        return ms


def _card(message_id: str) -> str:
    return f"document.querySelector('#messages [data-message-id=\"{message_id}\"]')"


def _card_facts(browser: Browser, message_id: str, **facts: str) -> dict[str, Any]:
    """Each of `facts` (a JavaScript expression over `card`, the message's card) as the page evaluates it."""
    fields = "".join(f"{name}: {expression}," for name, expression in facts.items())
    value: dict[str, Any] = browser.value(
        f"() => {{ const card = {_card(message_id)}; return {{{fields}}}; }}"
    )
    return value


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    accounts = tmp_path_factory.mktemp("inbox") / "accounts.json"
    accounts.write_text(json.dumps({"accounts": [{"username": BOB[0], "password": BOB[1]}]}))
    with sandbox_process("--accounts", str(accounts)) as running:
        yield running
        assert running.alive(), "the sandbox process died during the test"


@pytest.fixture(scope="module")
def hook() -> Iterator[str]:
    """A loopback receiver for pushed delivery reports: answers 200."""
    with recording_receiver() as running:
        yield f"{running.url}/dlr"


@pytest.fixture(scope="module")
def browser(sandbox: SandboxProcess) -> Iterator[Browser]:
    chromium_path = chromium()
    playwright_core()
    process = subprocess.Popen(
        [node(), str(REPO / "tests/e2e/inbox_browser.mjs"), sandbox.base_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "CHROMIUM": chromium_path},
    )
    driver = Browser(process)
    try:
        assert process.stdout is not None
        assert json.loads(process.stdout.readline()) == {"ready": True}
        driver("open", "aladdin", username=USERNAME, password=PASSWORD)
        yield driver
    finally:
        process.kill()
        process.wait(timeout=10)


def _send(sandbox: SandboxProcess, to: str, text: str) -> str:
    with connect(sandbox.base_url, USERNAME, PASSWORD) as client:
        sent = send_single_text_sms.sync(
            client=client, body=SMSTextualRequest(from_="InfoSMS", to=to, text=text)
        )
    message_id = sent.messages[0].message_id
    assert isinstance(message_id, str)
    return message_id


def test_a_message_sent_with_the_sdk_appears_within_a_second(
    browser: Browser, sandbox: SandboxProcess
) -> None:
    message_id = _send(sandbox, "41793026727", LONG)
    elapsed = browser.wait(f"() => {_card(message_id)} !== null", timeout=1000)
    assert elapsed < 1000
    card = _card_facts(
        browser,
        message_id,
        parts="[...card.querySelectorAll('.bubble .part')].map((p) => p.lastChild.textContent)",
        labels="[...card.querySelectorAll('.part-label')].map((l) => l.textContent)",
        encoding="card.querySelector('[data-encoding]').dataset.encoding",
        smsCount="card.querySelector('[data-fact=\"smsCount\"]').textContent",
        price="card.querySelector('[data-fact=\"Price\"]').textContent",
        first="card.parentElement.firstElementChild === card",
    )
    assert card["parts"] == [LONG[:153], LONG[153:]]
    assert card["labels"] == ["part 1 of 2", "part 2 of 2"]
    assert card["encoding"] == "GSM-7" and card["smsCount"] == "2" and card["price"] == "0.02 EUR"
    assert card["first"], "the newest message is not on top"


def test_status_reaches_its_final_value_live(browser: Browser, sandbox: SandboxProcess) -> None:
    delivered = _send(sandbox, "41793026727", "delivered soon")
    barred = _send(sandbox, "41793026726", "operator says no")  # last digit 6: call barred
    browser.wait(f"() => {_card(delivered)}?.dataset.statusGroup === 'DELIVERED'", timeout=4000)
    browser.wait(f"() => {_card(barred)}?.dataset.statusGroup === 'UNDELIVERABLE'", timeout=4000)
    history = browser.value(
        f"() => [...{_card(delivered)}.querySelectorAll('.history li')].map((li) => li.dataset.status)"
    )
    assert history == ["MESSAGE_ACCEPTED", "PENDING_ENROUTE", "DELIVERED_TO_HANDSET"]
    error = browser.value(f"() => {_card(barred)}.querySelector('[data-fact=\"Error\"]').textContent")
    assert "EC_CALL_BARRED" in error


def test_callback_attempts_show_with_their_answer(
    browser: Browser, sandbox: SandboxProcess, hook: str
) -> None:
    with connect(sandbox.base_url, USERNAME, PASSWORD) as client:
        sent = send_advanced_text_sms.sync(
            client=client,
            body=SMSAdvancedTextualRequest(
                messages=[
                    SMSAdvancedTextualMessage(
                        destinations=[SMSDestination(to="41793026727")],
                        text="with a callback",
                        notify_url=hook,
                        callback_data="order-42",
                    )
                ]
            ),
        )
    message_id = sent.messages[0].message_id
    assert isinstance(message_id, str)
    browser.wait(
        f"() => ({_card(message_id)}?.querySelectorAll('.callbacks li').length ?? 0) > 0", timeout=5000
    )
    facts = _card_facts(
        browser,
        message_id,
        callbackData="card.querySelector('[data-fact=\"callbackData\"]').textContent",
        notifyUrl="card.querySelector('[data-fact=\"notifyUrl\"]').textContent",
        attempt="card.querySelector('.callbacks li').textContent",
    )
    assert facts["callbackData"] == "order-42" and facts["notifyUrl"] == hook
    assert hook in facts["attempt"] and "delivered" in facts["attempt"]


def test_an_sms_with_markup_is_shown_as_text(browser: Browser, sandbox: SandboxProcess) -> None:
    message_id = _send(sandbox, "41793026727", HOSTILE)
    browser.wait(f"() => {_card(message_id)} !== null", timeout=2000)
    shown = _card_facts(
        browser,
        message_id,
        text="card.querySelector('.bubble').textContent",
        elements="card.querySelectorAll('.bubble script, .bubble img').length",
        pwned="window.__pwned ?? null",
    )
    assert shown == {"text": HOSTILE, "elements": 0, "pwned": None}


def test_a_reply_typed_in_the_form_comes_back_from_get_received_sms(
    browser: Browser, sandbox: SandboxProcess
) -> None:
    message_id = _send(sandbox, "41793026731", "Reply STOP to opt out")
    browser.wait(f"() => {_card(message_id)} !== null", timeout=2000)
    # By keyboard only: open the form, move to the text, type, submit.
    summary = f'#messages [data-message-id="{message_id}"] details.reply summary'
    browser("press", selector=summary, key="Enter")
    focused = browser("keys", keys=["Tab"])["focused"]
    assert focused["name"] == "to", focused
    focused = browser("keys", keys=["Tab"])["focused"]
    assert focused["name"] == "text", focused
    browser("type", text="STOP thanks <b>bye</b>")
    focused = browser("keys", keys=["Tab"])["focused"]
    assert focused["tag"] == "BUTTON", focused
    browser("keys", keys=["Enter"])
    browser.wait(
        "() => [...document.querySelectorAll('#received-list [data-fact=\"cleanText\"]')]"
        ".some((dd) => dd.textContent === 'thanks <b>bye</b>')",
        timeout=3000,
    )
    keyword = browser.value(
        "() => document.querySelector('#received-list [data-fact=\"keyword\"]').textContent"
    )
    assert keyword == "STOP"
    with connect(sandbox.base_url, USERNAME, PASSWORD) as client:
        received = get_received_sms.sync(client=client)
    results = [] if isinstance(received.results, Unset) else received.results
    assert [(m.from_, m.to, m.text, m.keyword) for m in results] == [
        ("41793026731", "InfoSMS", "STOP thanks <b>bye</b>", "STOP")
    ]
    browser.wait(
        "() => document.querySelector('#received-list [data-fact=\"pulled\"]').textContent"
        ".startsWith('returned')",
        timeout=5000,
    )


def test_the_clock_buttons_move_the_accounts_clock(browser: Browser) -> None:
    def clock() -> dt.datetime:
        stamp = browser.value("() => document.getElementById('clock-now').getAttribute('datetime')")
        return dt.datetime.fromisoformat(stamp)

    before = clock()
    browser("press", selector='[data-advance="3600"]', key="Enter")
    browser.wait("() => document.getElementById('notice').textContent.startsWith('Sandbox clock moved')")
    browser.wait(
        f"() => new Date(document.getElementById('clock-now').getAttribute('datetime')) >= "
        f"new Date('{(before + dt.timedelta(hours=1)).isoformat()}')"
    )
    assert dt.timedelta(hours=1) <= clock() - before < dt.timedelta(hours=1, seconds=30)
    for seconds, label in ((60, "+1 min"), (172800, "+48 h")):
        text = browser.value(f"() => document.querySelector('[data-advance=\"{seconds}\"]').textContent")
        assert text == label
    balance = browser.value("() => document.getElementById('balance').textContent")
    assert balance.endswith(" EUR") and float(balance.split()[0]) < 100


def test_number_context_lookups_with_their_results(browser: Browser) -> None:
    browser("press", selector="#lookup-form input[name=numbers]", key="Home")
    browser("type", text="41793026727, 385981234535")
    browser("keys", keys=["Enter"])
    browser.wait(
        "() => document.querySelector('#lookups [data-number=\"385981234535\"]') !== null", timeout=3000
    )
    rows = browser.value(
        "() => [...document.querySelectorAll('#lookups li:first-child tbody tr')]"
        ".map((tr) => [...tr.cells].map((td) => td.textContent))"
    )
    assert rows[0][:3] == ["41793026727", "DELIVERED", "22801"]
    assert rows[1][0] == "385981234535" and "Hrvatski Telekom" in rows[1][3] and "ported" in rows[1][3]


def test_filters_narrow_the_list(browser: Browser, sandbox: SandboxProcess) -> None:
    needle = _send(sandbox, "41793026737", "find the needle here")
    browser.wait(f"() => {_card(needle)} !== null", timeout=2000)
    browser("press", selector="#filters input[name=text]", key="Home")
    browser("type", text="NEEDLE")
    browser.wait("() => document.querySelectorAll('#messages > li').length === 1", timeout=3000)
    assert browser.value(f"() => {_card(needle)} !== null")
    browser("press", selector="#filters button[type=reset]", key="Enter")
    browser.wait("() => document.querySelectorAll('#messages > li').length > 1", timeout=3000)


def test_an_account_never_sees_anothers_messages(browser: Browser, sandbox: SandboxProcess) -> None:
    browser("open", "bob", username=BOB[0], password=BOB[1])
    seen = browser.value(
        "() => ({account: document.getElementById('account').textContent,"
        " messages: document.querySelectorAll('#messages > li').length,"
        " received: document.querySelectorAll('#received-list > li').length,"
        " lookups: document.querySelectorAll('#lookups > li').length})",
        page="bob",
    )
    assert seen == {"account": "bob", "messages": 0, "received": 0, "lookups": 0}
    aladdins = browser.value("() => document.querySelectorAll('#messages > li').length")
    assert aladdins >= 6


def test_narrow_screen_and_screenshots(browser: Browser, sandbox: SandboxProcess) -> None:
    browser("viewport", width=390, height=844)
    overflow = browser.value(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways on a phone by {overflow}px"
    browser("viewport", width=1280, height=900)
    # On top for the picture: a two-part UCS-2 message still on its way.
    message_id = _send(sandbox, "41793026725", "Grüße aus Zürich ✓ Ihr Termin ist morgen um 9:30. " * 2)
    browser.wait(f"() => {_card(message_id)}?.dataset.statusGroup === 'PENDING'", timeout=2000)
    browser.value("() => document.activeElement?.blur() ?? null")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    browser("screenshot", path=str(SCREENSHOT))
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and SCREENSHOT.stat().st_size > 20_000
    assert README_SCREENSHOT.exists(), "the README's screenshot of the inbox is missing"


def test_no_request_left_loopback_and_no_console_errors(browser: Browser, sandbox: SandboxProcess) -> None:
    log = browser("close")
    urls = [entry["url"] for entry in log["requests"]]
    assert urls, "the request log saw nothing"
    outside = [url for url in urls if not url.startswith(f"{sandbox.base_url}/")]
    assert outside == []
    assert log["console"] == []
    assert log["pageErrors"] == []
