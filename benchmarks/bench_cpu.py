"""(7) Client CPU per send-single-text-sms call: the SDK (JSON, XML), raw httpx, and a generated peer client.

Every contender sends the same message to the same sandbox (another process) on its own kept-alive
connection, and what is measured is the CPU time of this process (``time.process_time``: every thread, user
and system), so the sandbox's time and the wait for it count for nobody. A round runs ``calls`` calls of every
contender, in slices of ``slice_calls`` that take turns in an order rotated each slice, so that a burst of
load from other processes on the machine falls on every contender alike; the ratios are per round, and the
row shows their median over the rounds.

The peer is the client OpenAPI Generator's ``python`` generator (urllib3 + pydantic) makes from our published
spec (``dist/clients/python``, written by ``make spec-clients`` or ``make bench``): what a user who generates
a client from the spec instead of installing the SDK gets.
"""

from __future__ import annotations

import gc
import importlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

import sms_api
from sms_api_client.api.send_sms import send_single_text_sms
from sms_api_client.models import SMSTextualRequest

from .bench_roundtrip import MESSAGE, PATH, _raw_xml
from .harness import Result, median, say
from .server import PASSWORD, ROOT, USERNAME, top_up

PEER_DIR = ROOT / "dist" / "clients" / "python"
PEER_PACKAGE = "sms_api_openapi_client"


@dataclass
class _Contender:
    name: str
    call: Callable[[], object]
    rounds: list[float] = field(default_factory=list)  # CPU seconds per call, one entry per round


def _peer_client(base_url: str) -> tuple[Callable[[], object], Callable[[], None]] | str:
    """The generated peer's send call and its close, or why it cannot run here."""
    if not (PEER_DIR / PEER_PACKAGE / "__init__.py").is_file():
        return f"{PEER_DIR.relative_to(ROOT)} missing (make bench or make spec-clients generates it)"
    if str(PEER_DIR) not in sys.path:
        sys.path.insert(0, str(PEER_DIR))
    try:
        peer: Any = importlib.import_module(PEER_PACKAGE)
    except ImportError as exc:  # its own dependencies: make bench installs them (requirements/bench-peer.txt)
        return f"cannot import the generated python client: {exc}"
    api_client = peer.ApiClient(peer.Configuration(host=base_url, username=USERNAME, password=PASSWORD))
    api = peer.SendSMSApi(api_client)
    body = peer.SMSTextualRequest(
        var_from=MESSAGE["from"], to=peer.DestinationAddresses(MESSAGE["to"]), text=MESSAGE["text"]
    )

    def send() -> object:
        return api.send_single_text_sms(body)

    return send, api_client.rest_client.pool_manager.clear  # the generated ApiClient has no close()


def _raw_json(client: httpx.Client) -> object:
    response = client.post(
        PATH,
        content=json.dumps(MESSAGE).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    response.raise_for_status()
    return json.loads(response.content)


def _run_rounds(contenders: list[_Contender], *, calls: int, rounds: int, slice_calls: int) -> None:
    for contender in contenders:  # warm-up: connections open, caches filled
        for _ in range(5):
            contender.call()
    slices = max(1, calls // slice_calls)
    per_slice = calls // slices
    for _ in range(rounds):
        spent = [0.0] * len(contenders)
        gc.collect()
        for s in range(slices):
            order = list(range(len(contenders)))
            shift = s % len(order)
            order = order[shift:] + order[:shift]
            if s % 2:
                order.reverse()
            for i in order:
                call = contenders[i].call
                start = time.process_time()
                for _ in range(per_slice):
                    call()
                spent[i] += time.process_time() - start
        for contender, seconds in zip(contenders, spent, strict=True):
            contender.rounds.append(seconds / (slices * per_slice))


def _ratios(a: _Contender, b: _Contender) -> list[float]:
    return [x / y for x, y in zip(a.rounds, b.rounds, strict=True)]


def run(base_url: str, *, calls: int, rounds: int, slice_calls: int = 50) -> list[Result]:
    top_up(base_url)
    body = SMSTextualRequest(from_=MESSAGE["from"], to=MESSAGE["to"], text=MESSAGE["text"])
    sdk_json = sms_api.connect(base_url, USERNAME, PASSWORD)
    sdk_xml = sms_api.connect(base_url, USERNAME, PASSWORD, wire_format="xml")
    raw = httpx.Client(base_url=base_url, auth=httpx.BasicAuth(USERNAME, PASSWORD))
    peer = _peer_client(base_url)
    contenders = [
        _Contender("raw", lambda: _raw_json(raw)),
        _Contender("raw_xml", lambda: _raw_xml(raw)),
        _Contender("sdk_json", lambda: send_single_text_sms.sync(client=sdk_json, body=body)),
        _Contender("sdk_xml", lambda: send_single_text_sms.sync(client=sdk_xml, body=body)),
    ]
    if isinstance(peer, str):
        say(f"(7c) skipped: {peer}")
    else:
        contenders.append(_Contender("peer", peer[0]))
    try:
        _run_rounds(contenders, calls=calls, rounds=rounds, slice_calls=slice_calls)
    finally:
        sdk_json.close()
        sdk_xml.close()
        raw.close()
        if not isinstance(peer, str):
            peer[1]()
    by_name = {c.name: c for c in contenders}
    raw_c = by_name["raw"]
    samples = {f"{c.name}_cpu_s": c.rounds for c in contenders}
    how = (
        f"process CPU per call; {rounds} rounds of {calls} calls each, interleaved in slices;"
        " sandbox in another process"
    )
    ms = 1000.0

    def row(rid: str, name: str, contender: str, target: float | None, note: str = "") -> Result:
        c = by_name[contender]
        return Result(
            id=rid,
            name=name,
            value=median(c.rounds) * ms,
            unit="ms CPU",
            baseline_name="raw httpx+json",
            baseline=median(raw_c.rounds) * ms,
            ratio=median(_ratios(c, raw_c)),
            target=target,
            note="; ".join(filter(None, (note, how))),
            samples={**samples, "ratios": _ratios(c, raw_c)},
        )

    xml_over_et = median(_ratios(by_name["sdk_xml"], by_name["raw_xml"]))
    results = [
        row("7a", "client CPU per send, SDK JSON (kept-alive, sandbox)", "sdk_json", 1.05),
        row(
            "7b",
            "client CPU per send, SDK XML",
            "sdk_xml",
            1.20,
            f"raw httpx+ElementTree takes {median(by_name['raw_xml'].rounds) * ms:.3f} ms CPU"
            f" (SDK XML / that = {xml_over_et:.2f}x)",
        ),
    ]
    if "peer" in by_name:
        peer_c = by_name["peer"]
        results.append(
            row(
                "7c",
                "client CPU per send, OpenAPI Generator python client (urllib3+pydantic)",
                "peer",
                None,
                f"SDK JSON / peer = {median(_ratios(by_name['sdk_json'], peer_c)):.2f}x,"
                f" SDK XML / peer = {median(_ratios(by_name['sdk_xml'], peer_c)):.2f}x"
                " (stretch goal: the SDK at or below the peer)",
            )
        )
        results.append(
            Result(
                id="7d",
                name="client CPU per send, SDK JSON vs the generated peer (stretch)",
                value=median(by_name["sdk_json"].rounds) * ms,
                unit="ms CPU",
                baseline_name="OpenAPI Generator python",
                baseline=median(peer_c.rounds) * ms,
                ratio=median(_ratios(by_name["sdk_json"], peer_c)),
                target=1.0,
                note=how,
                samples={"ratios": _ratios(by_name["sdk_json"], peer_c)},
            )
        )
    return results
