"""A small bounded load generator for the sandbox, run as its own process (``python -m benchmarks.loadgen``).

It keeps ``--concurrency`` requests in flight on kept-alive connections for ``--duration`` seconds or
``--max-requests`` requests, whichever comes first, and prints one JSON line: the count, errors, requests per
second and latency percentiles. Loopback only: it refuses any other host. It speaks plain HTTP/1.1 over
asyncio streams (httpx only parses the URL), so that the client, not the server, is the cheap side.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import sys
import time
from collections.abc import Sequence

import httpx

from sms_api.hosts import is_loopback_host
from sms_sandbox.process import PASSWORD, USERNAME

OPERATIONS = {
    "send": (
        "POST",
        "/restapi/sms/1/text/single",
        json.dumps({"from": "InfoSMS", "to": "41793026727", "text": "Hello from the loadgen"}).encode(),
    ),
    "logs": ("GET", "/restapi/sms/1/logs", b""),
}


def _loopback(url: str) -> bool:
    return is_loopback_host(httpx.URL(url).host)


def percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


class _Connection:
    """One kept-alive HTTP/1.1 connection over asyncio streams: a client far cheaper per request than
    httpx's async pool (whose per-request bookkeeping, not the server, capped the rate on 2 cores)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, host: str, port: int) -> _Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def request(self, raw: bytes) -> int:
        """Send one prepared request, read the whole answer; the status code."""
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
            elif name.strip().lower() == b"transfer-encoding":
                raise RuntimeError("chunked answers are not supported by this load generator")
        if length is None:
            raise RuntimeError("an answer without Content-Length")
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


def _prepare(url: httpx.URL, op: str, username: str, password: str) -> bytes:
    method, path, body = OPERATIONS[op]
    auth = base64.b64encode(f"{username}:{password}".encode()).decode()
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {url.host}:{url.port}",
        f"Authorization: Basic {auth}",
        "Accept: application/json",
    ]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def load(
    base_url: str, op: str, concurrency: int, duration: float, max_requests: int, username: str, password: str
) -> dict[str, object]:
    url = httpx.URL(base_url)
    raw = _prepare(url, op, username, password)
    host, port = url.host, url.port or 80
    latencies: list[float] = []
    errors = 0
    issued = 0
    # Open the connections and send one request on each first: connection setup is not in the numbers.
    connections = [await _Connection.open(host, port) for _ in range(concurrency)]
    await asyncio.gather(*(c.request(raw) for c in connections))
    start = time.perf_counter()
    deadline = start + duration

    async def worker(connection: _Connection) -> None:
        nonlocal errors, issued
        while issued < max_requests and time.perf_counter() < deadline:
            issued += 1
            t0 = time.perf_counter()
            try:
                ok = await connection.request(raw) == 200
            except (OSError, asyncio.IncompleteReadError, RuntimeError, ValueError):
                errors += 1
                latencies.append(time.perf_counter() - t0)
                connection.close()
                connection = await _Connection.open(host, port)
                continue
            latencies.append(time.perf_counter() - t0)
            if not ok:
                errors += 1

    try:
        await asyncio.gather(*(worker(c) for c in connections))
    finally:
        for c in connections:
            c.close()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "op": op,
        "requests": len(latencies),
        "errors": errors,
        "elapsed_s": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": (latencies[-1] if latencies else float("nan")) * 1000,
        "concurrency": concurrency,
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.loadgen", description=__doc__.split("\n", 1)[0])
    p.add_argument("--base-url", required=True)
    p.add_argument("--op", choices=sorted(OPERATIONS), required=True)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--duration", type=float, default=5.0, help="seconds (at most 60)")
    p.add_argument("--max-requests", type=int, default=20_000, help="at most 100,000")
    p.add_argument("--username", default=USERNAME)
    p.add_argument("--password", default=PASSWORD)
    args = p.parse_args(argv)
    if not _loopback(args.base_url):
        print("loadgen: refusing a non-loopback target", file=sys.stderr)
        return 2
    duration = min(max(args.duration, 0.1), 60.0)
    max_requests = min(max(args.max_requests, 1), 100_000)
    concurrency = min(max(args.concurrency, 1), 256)
    result = asyncio.run(
        load(args.base_url, args.op, concurrency, duration, max_requests, args.username, args.password)
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
