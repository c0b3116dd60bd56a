"""``python -m benchmarks``: run the benchmarks of issue 8, print one table, write dist/bench/results.json."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import (
    bench_async,
    bench_blocking,
    bench_bulk,
    bench_cpu,
    bench_decode,
    bench_load,
    bench_resources,
    bench_roundtrip,
    bench_startup,
)
from .harness import Result, machine, say, table, write_json
from .server import ROOT, sandbox

NAMES = ("roundtrip", "decode", "async", "load", "generate", "import", "resources", "cpu", "bulk")


@dataclass(frozen=True)
class Sizes:
    calls: int = 40  # (1) calls per timed block
    roundtrip_reps: int = 21  # (1) interleaved block pairs (each ~0.2 s; the ratios sit near the target)
    entries: int = 10_000  # (2) log entries in the response
    decode_reps: int = 5  # (2)
    sends: int = 1_000  # (3)
    in_flight: int = 50  # (3)
    async_reps: int = 8  # (3) pairs (~13 s each); an even count makes whole ABBA quads
    load_concurrency: int = 32  # (4)
    load_duration: float = 5.0  # (4) seconds per run
    load_max_requests: int = 20_000  # (4) per run
    load_reps: int = 3  # (4)
    large_entries: int = 10_000  # (4c, 4d) destinations / numbers of the large request
    large_reps: int = 3  # (4c, 4d)
    import_reps: int = 15  # (5)
    resource_calls: int = 200  # (6) calls per timed block
    resource_reps: int = 15  # (6) interleaved block pairs
    cpu_calls: int = 300  # (7) calls of each contender per round
    cpu_rounds: int = 3  # (7)
    bulk_destinations: int = 100_000  # (8)


QUICK = Sizes(
    calls=3,
    roundtrip_reps=2,
    entries=50,
    decode_reps=2,
    sends=20,
    in_flight=5,
    async_reps=2,
    load_concurrency=4,
    load_duration=0.5,
    load_max_requests=40,
    load_reps=1,
    large_entries=100,
    large_reps=1,
    import_reps=2,
    resource_calls=3,
    resource_reps=2,
    cpu_calls=5,
    cpu_rounds=1,
    bulk_destinations=2_000,
)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n", 1)[0])
    p.add_argument(
        "--quick", action="store_true", help="tiny sizes: checks the harness runs, numbers mean nothing"
    )
    p.add_argument("--only", action="append", choices=NAMES, help="run only these (repeatable)")
    p.add_argument("--out", type=Path, default=ROOT / "dist" / "bench" / "results.json")
    args = p.parse_args(argv)
    sizes = QUICK if args.quick else Sizes()
    default = set(NAMES) - ({"generate"} if args.quick else set())
    chosen = set(args.only or default)
    started = time.perf_counter()
    meta = {"machine": machine(), "quick": args.quick, "sizes": sizes.__dict__}
    results: list[Result] = []

    if chosen & {"roundtrip", "async", "cpu"}:
        with sandbox() as base_url:
            if "roundtrip" in chosen:
                say("(1) send round trips, SDK vs raw httpx, JSON and XML")
                results += bench_roundtrip.run(base_url, calls=sizes.calls, reps=sizes.roundtrip_reps)
            if "cpu" in chosen:
                say(f"(7) client CPU per send: {sizes.cpu_rounds} rounds of {sizes.cpu_calls} calls each")
                results += bench_cpu.run(base_url, calls=sizes.cpu_calls, rounds=sizes.cpu_rounds)
            if "async" in chosen:
                say(f"(3) {sizes.sends} async sends, {sizes.in_flight} in flight")
                results += bench_async.run(
                    base_url, total=sizes.sends, in_flight=sizes.in_flight, reps=sizes.async_reps
                )
    if "decode" in chosen:
        say(f"(2) decoding {sizes.entries} log entries")
        results += bench_decode.run(entries=sizes.entries, reps=sizes.decode_reps)
    if "load" in chosen:
        with sandbox() as base_url:
            say("(4) the sandbox under load from a second process")
            results += bench_load.run(
                base_url,
                concurrency=sizes.load_concurrency,
                duration=sizes.load_duration,
                max_requests=sizes.load_max_requests,
                reps=sizes.load_reps,
            )
            say(f"(4c, 4d) other clients' latency during a {sizes.large_entries:,}-entry request")
            results += bench_blocking.run(base_url, destinations=sizes.large_entries, reps=sizes.large_reps)
    if "bulk" in chosen:
        with sandbox() as base_url:
            say(f"(8) send_bulk of {sizes.bulk_destinations:,} destinations through AsyncSmsApi")
            results += bench_bulk.run(base_url, destinations=sizes.bulk_destinations)
    if "generate" in chosen:
        say("(5) the make generate pipeline")
        results += bench_startup.run_generate()
    if "import" in chosen:
        say('(5) python -c "import sms_api"')
        results += bench_startup.run_import(reps=sizes.import_reps)

    if "resources" in chosen:
        say("(6) the resource client vs the generated functions, client CPU")
        results += bench_resources.run(calls=sizes.resource_calls, reps=sizes.resource_reps)

    results.sort(key=lambda r: r.id)
    meta["elapsed_s"] = round(time.perf_counter() - started, 1)
    m = meta["machine"]
    print(f"\nmachine: {m['nproc']} cores, {m['cpu_model']}, Python {m['python']} ({m['platform']})")
    print(
        f"load average at start: {m['loadavg_at_start']}; took {meta['elapsed_s']} s"
        + (" (QUICK: sizes tiny, numbers meaningless)" if args.quick else "")
    )
    print(table(results))
    write_json(args.out, results, meta)
    print(f"wrote {args.out}")
    return 0
