"""(8) Bulk: ``AsyncSmsApi.sms.send_bulk`` of 100,000 destinations against the sandbox.

The send runs in a child process of its own (``python -m benchmarks.bench_bulk``), so that its peak memory is
that of the send alone and nothing the other benchmarks left behind: the child imports the SDK, builds the
list of numbers, warms up (one small bulk: connections, lazy imports), notes its resident size, sends the
bulk with ``send_bulk``'s defaults (batches of 500, 4 in flight), and reports the wall time, its CPU time,
the growth of its peak resident size (``ru_maxrss``) over the resident size before the send, and the size of
what the call returned (every object reachable from the ``BulkSendResult``, each counted once with
``sys.getsizeof``).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence

from .harness import Result
from .server import PASSWORD, ROOT, USERNAME, top_up

TEXT = "Your parcel is on its way"


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _deep_size(root: object) -> int:
    """Bytes of every object reachable from ``root`` (each once); classes, functions and modules excluded."""
    seen: set[int] = set()
    stack = [root]
    total = 0
    skip = (type, type(sys), type(_deep_size))
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, skip):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        stack.extend(gc.get_referents(obj))
    return total


def _child(base_url: str, destinations: int) -> dict[str, float]:
    from sms_api import AsyncSmsApi

    numbers = [f"4179{i:07d}" for i in range(destinations)]

    async def send() -> dict[str, float]:
        async with AsyncSmsApi(base_url, USERNAME, PASSWORD) as api:
            await api.sms.send_bulk(numbers[:1000], TEXT)  # warm-up
            gc.collect()
            before = _rss_bytes()
            started, cpu = time.perf_counter(), time.process_time()
            result = await api.sms.send_bulk(numbers, TEXT)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
            accepted = sum(1 for m in result.messages if m.accepted)
            return {
                "wall_s": wall,
                "cpu_s": cpu,
                "rss_before_bytes": before,
                "peak_growth_bytes": max(0, peak - before),
                "results_bytes": _deep_size(result),
                "messages": len(result.messages),
                "accepted": accepted,
                "failed_batches": len(result.errors),
            }

    return asyncio.run(send())


def run(base_url: str, *, destinations: int) -> list[Result]:
    top_up(base_url)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_bulk", base_url, str(destinations)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    m = json.loads(out.strip().splitlines()[-1])
    if m["messages"] != destinations or m["failed_batches"]:
        raise RuntimeError(f"send_bulk did not send every destination: {m}")
    rate = destinations / m["wall_s"]
    mib = 1024 * 1024
    detail = (
        f"{destinations:,} destinations, batches of 500, 4 in flight (send_bulk's defaults);"
        f" {m['wall_s']:.2f} s wall, {m['cpu_s']:.2f} s client CPU; {m['accepted']:,} accepted"
    )
    return [
        Result(
            id="8a",
            name=f"send_bulk of {destinations:,} destinations via AsyncSmsApi (sandbox)",
            value=rate,
            unit="dest/s",
            target=5000.0,
            op=">=",
            target_on="value",
            note=detail,
            samples={k: [float(v)] for k, v in m.items()},
        ),
        Result(
            id="8b",
            name="client peak memory growth during that send_bulk",
            value=m["peak_growth_bytes"] / mib,
            unit="MiB",
            baseline_name="size of the results",
            baseline=m["results_bytes"] / mib,
            ratio=m["peak_growth_bytes"] / m["results_bytes"] if m["results_bytes"] else None,
            note=(
                f"ru_maxrss of a child process over its resident size before the send"
                f" ({m['rss_before_bytes'] / mib:.0f} MiB); results = every object reachable from the"
                " BulkSendResult, counted once"
            ),
        ),
    ]


def main(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_bulk", description="(8) child: one bulk")
    p.add_argument("base_url")
    p.add_argument("destinations", type=int)
    args = p.parse_args(argv)
    print(json.dumps(_child(args.base_url, args.destinations)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
