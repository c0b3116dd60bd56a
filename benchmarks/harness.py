"""Timing, results, the table and the JSON file. Shared by every benchmark; imports nothing of the project."""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Op = Literal["<=", ">="]


@dataclass
class Result:
    """One row of the table: a measurement, what it is compared with, and the verdict."""

    id: str
    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    ratio: float | None = None
    target: float | None = None
    op: Op = "<="
    #: What the target is compared with: the ratio, or the value itself (throughput, wall time).
    target_on: Literal["ratio", "value"] = "ratio"
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "info"
        measured = self.ratio if self.target_on == "ratio" else self.value
        if measured is None:
            return "n/a"
        ok = measured <= self.target if self.op == "<=" else measured >= self.target
        return "pass" if ok else "MISS"

    def target_text(self) -> str:
        if self.target is None:
            return "-"
        suffix = "x" if self.target_on == "ratio" else f" {self.unit}"
        return f"{self.op} {_num(self.target)}{suffix}"

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["verdict"] = self.verdict
        out["target_text"] = self.target_text()
        return out


def _num(x: float) -> str:
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def interleaved(
    a: Callable[[], float], b: Callable[[], float], *, reps: int, warmup: int = 1
) -> tuple[list[float], list[float], list[float]]:
    """Run blocks of A and B alternately (ABBA...: each pair in swapped order every other time).

    ``a`` and ``b`` each run one block and return its measure (seconds per call, say). Returns the A
    measures, the B measures and the per-pair ratios A/B: because the two blocks of a pair run back to back,
    load from other processes hits both alike, and the median of the pair ratios is the robust number.
    """
    for _ in range(warmup):
        a()
        b()
    a_s: list[float] = []
    b_s: list[float] = []
    ratios: list[float] = []
    for i in range(reps):
        gc.collect()
        if i % 2 == 0:
            ta, tb = a(), b()
        else:
            tb, ta = b(), a()
        a_s.append(ta)
        b_s.append(tb)
        ratios.append(ta / tb)
    return a_s, b_s, ratios


def per_call(
    fn: Callable[[], object], n: int, *, clock: Callable[[], float] = time.perf_counter
) -> Callable[[], float]:
    """A block that calls ``fn`` ``n`` times and returns the mean seconds per call, wall time by default
    (``clock=time.process_time`` for the CPU time of this process)."""

    def block() -> float:
        start = clock()
        for _ in range(n):
            fn()
        return (clock() - start) / n

    return block


def paired(
    id: str,
    name: str,
    measured: tuple[list[float], list[float], list[float]],
    *,
    keys: tuple[str, str],
    baseline_name: str,
    target: float,
    note: str,
    unit: str = "ms",
    scale: float = 1000.0,
) -> Result:
    """The row of an ``interleaved`` comparison: the medians of A and B (seconds times ``scale``, in
    ``unit``), the median of the pair ratios against ``target``, the samples under ``keys`` and ``ratios``."""
    a, b, ratios = measured
    return Result(
        id=id,
        name=name,
        value=median(a) * scale,
        unit=unit,
        baseline_name=baseline_name,
        baseline=median(b) * scale,
        ratio=median(ratios),
        target=target,
        note=note,
        samples={keys[0]: a, keys[1]: b, "ratios": ratios},
    )


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model or platform.processor() or "unknown",
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "loadavg_at_start": [round(x, 2) for x in load],
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


HEADERS = ("#", "measurement", "value", "baseline", "ratio", "target", "result")


def table(results: Sequence[Result]) -> str:
    rows = []
    for r in results:
        value = f"{_num(r.value)} {r.unit}"
        baseline = f"{r.baseline_name} {_num(r.baseline)} {r.unit}" if r.baseline is not None else "-"
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        rows.append((r.id, r.name, value, baseline, ratio, r.target_text(), r.verdict))
    widths = [max(len(str(c)) for c in col) for col in zip(HEADERS, *rows, strict=False)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        lines.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return "\n".join(lines)


def write_json(path: Path, results: Sequence[Result], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {**meta, "results": [r.as_json() for r in results]}
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)
