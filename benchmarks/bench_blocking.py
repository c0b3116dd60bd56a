"""(4c, 4d) Head-of-line blocking: other clients' worst latency while the sandbox handles one large request.

A probe thread sends ``get-account-balance`` back to back on a kept-alive connection while the main thread
sends one 10,000-destination ``send-single-text-sms`` (4c) or a 10,000-number ``query-number-context`` (4d)
over a raw socket (so that the client does not spend the probe's CPU parsing the large answer). The value is
the worst probe latency seen while large requests were in flight, over ``reps`` large requests.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from urllib.parse import urlsplit

import httpx

from .harness import Result, median
from .server import PASSWORD, USERNAME

_TARGET_MS = 250.0


def _large_request(base_url: str, path: str, body: bytes) -> float:
    """Send one request on a fresh connection, read its whole answer; the seconds it took."""
    url = urlsplit(base_url)
    token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Basic {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    started = time.perf_counter()
    with socket.create_connection((url.hostname, url.port), timeout=120) as sock:
        sock.sendall(head + body)
        while sock.recv(1 << 20):
            pass
    return time.perf_counter() - started


def _probe(base_url: str, stop: threading.Event, busy: threading.Event, worst: list[float]) -> None:
    with httpx.Client(base_url=base_url, auth=(USERNAME, PASSWORD), timeout=60) as client:
        while not stop.is_set():
            started = time.perf_counter()
            during = busy.is_set()
            client.get("/restapi/account/1/balance").raise_for_status()
            elapsed = time.perf_counter() - started
            if during or busy.is_set():
                worst.append(elapsed)


def run(base_url: str, *, destinations: int, reps: int) -> list[Result]:
    numbers = [f"4179{i:07d}" for i in range(destinations)]
    cases = (
        ("4c", "send-single-text-sms", "/restapi/sms/1/text/single", {"to": numbers, "text": "hello"}),
        ("4d", "query-number-context", "/restapi/number/1/query", {"to": numbers}),
    )
    results = []
    for rid, label, path, body in cases:
        payload = json.dumps(body).encode()
        stop, busy = threading.Event(), threading.Event()
        latencies: list[float] = []
        probe = threading.Thread(target=_probe, args=(base_url, stop, busy, latencies))
        probe.start()
        durations = []
        try:
            time.sleep(0.2)
            for _ in range(reps):
                busy.set()
                durations.append(_large_request(base_url, path, payload))
                busy.clear()
                time.sleep(0.2)
        finally:
            stop.set()
            probe.join(60)
        worst_ms = max(latencies, default=0.0) * 1000
        p50_ms = median(latencies) * 1000 if latencies else 0.0
        results.append(
            Result(
                id=rid,
                name=f"sandbox worst other-client latency during a {destinations:,}-entry {label}",
                value=worst_ms,
                unit="ms",
                target=_TARGET_MS,
                op="<=",
                target_on="value",
                note=(
                    f"{len(latencies)} get-account-balance probes during {reps} large requests (median"
                    f" {median(durations):.2f} s each); probe p50 {p50_ms:.1f} ms"
                ),
                samples={"probe_ms": [x * 1000 for x in latencies], "large_s": durations},
            )
        )
    return results
