"""(4) The sandbox under load from a second process (``benchmarks.loadgen``): req/s and p99 latency."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from .harness import Result, median
from .server import ROOT


def _loadgen(base_url: str, op: str, concurrency: int, duration: float, max_requests: int) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.loadgen",
            "--base-url",
            base_url,
            "--op",
            op,
            "--concurrency",
            str(concurrency),
            "--duration",
            str(duration),
            "--max-requests",
            str(max_requests),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run(base_url: str, *, concurrency: int, duration: float, max_requests: int, reps: int) -> list[Result]:
    runs: dict[str, list[dict[str, Any]]] = {"send": [], "logs": []}
    for _ in range(reps):
        for op in ("send", "logs"):  # interleaved, so drift hits both alike
            runs[op].append(_loadgen(base_url, op, concurrency, duration, max_requests))
    results = []
    for op, rid, label, target in (
        ("send", "4a", "send-single-text-sms", 500.0),
        ("logs", "4b", "get-sent-sms-logs (50 entries)", None),
    ):
        rps = [r["rps"] for r in runs[op]]
        p99 = [r["p99_ms"] for r in runs[op]]
        errors = sum(r["errors"] for r in runs[op])
        note = (
            f"{reps} runs of {duration:g} s (at most {max_requests:,} requests), {concurrency} connections"
            f" from a second process; {errors} errors"
        )
        results.append(
            Result(
                id=rid,
                name=f"sandbox {label} throughput",
                value=median(rps),
                unit="req/s",
                target=target,
                op=">=",
                target_on="value",
                note=note,
                samples={"rps": rps, "p99_ms": p99, "p50_ms": [r["p50_ms"] for r in runs[op]]},
            )
        )
        results.append(
            Result(
                id=f"{rid}'",
                name=f"sandbox {label} p99 latency",
                value=median(p99),
                unit="ms",
                note=f"p50 {median([r['p50_ms'] for r in runs[op]]):.1f} ms; " + note,
            )
        )
    return results
