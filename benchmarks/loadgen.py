"""A small bounded load generator for the sandbox, run as its own process (``python -m benchmarks.loadgen``).

It keeps ``--concurrency`` requests in flight on kept-alive connections for ``--duration`` seconds or
``--max-requests`` requests, whichever comes first, and prints one JSON line: the count, errors, requests per
second and latency percentiles. Loopback only: it refuses any other host.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import sys
import time
from collections.abc import Sequence

import httpx

OPERATIONS = {
    "send": (
        "POST",
        "/restapi/sms/1/text/single",
        json.dumps({"from": "InfoSMS", "to": "41793026727", "text": "Hello from the loadgen"}).encode(),
    ),
    "logs": ("GET", "/restapi/sms/1/logs", b""),
}


def _loopback(url: str) -> bool:
    host = httpx.URL(url).host
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


async def load(
    base_url: str, op: str, concurrency: int, duration: float, max_requests: int, username: str, password: str
) -> dict[str, object]:
    method, path, body = OPERATIONS[op]
    headers = {"Accept": "application/json"}
    if body:
        headers["Content-Type"] = "application/json"
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    errors = 0
    issued = 0
    async with httpx.AsyncClient(
        base_url=base_url, auth=httpx.BasicAuth(username, password), limits=limits, timeout=10.0
    ) as client:
        # Open the connections first, so that connection setup is not in the numbers.
        await asyncio.gather(
            *(client.request(method, path, content=body, headers=headers) for _ in range(concurrency))
        )
        start = time.perf_counter()
        deadline = start + duration

        async def worker() -> None:
            nonlocal errors, issued
            while issued < max_requests and time.perf_counter() < deadline:
                issued += 1
                t0 = time.perf_counter()
                try:
                    response = await client.request(method, path, content=body, headers=headers)
                    await response.aread()
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                if not ok:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
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
    p.add_argument("--username", default="Aladdin")
    p.add_argument("--password", default="open sesame")
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
