"""The benchmark harness still runs (tiny sizes). No timing is checked: benchmarks are not tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .._spec import REPO


@pytest.mark.slow
def test_bench_quick_run_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    doc = json.loads(out.read_text())
    ids = {r["id"] for r in doc["results"]}
    assert {"1a", "1b", "2a", "2b", "2c", "2d", "3", "4a", "4b", "5b", "6a", "6b"} <= ids
    # issue 16 (7c/7d need the generated peer client, which make bench makes)
    assert {"5c", "5c'", "7a", "7b", "8a", "8b"} <= ids
    for row in doc["results"]:
        assert row["verdict"] in {"pass", "MISS", "info"}
        assert row["value"] >= 0
        # The printed table has the same rows as the JSON.
        assert f"| {row['id']} " in run.stdout
    assert doc["machine"]["nproc"] >= 1 and doc["machine"]["python"]


def test_table_and_verdicts() -> None:
    from benchmarks.harness import Result, table

    rows = [
        Result("1", "ratio below target", 1.0, "ms", "raw", 1.0, ratio=1.0, target=1.15),
        Result("2", "ratio above target", 2.0, "ms", "raw", 1.0, ratio=2.0, target=1.15),
        Result("3", "throughput", 600.0, "req/s", target=500.0, op=">=", target_on="value"),
        Result("4", "latency", 12.0, "ms"),
    ]
    assert [r.verdict for r in rows] == ["pass", "MISS", "pass", "info"]
    text = table(rows)
    assert text.count("\n") == len(rows) + 1
    assert ">= 500 req/s" in text and "<= 1.15x" in text


def test_loadgen_refuses_other_hosts() -> None:
    from benchmarks import loadgen

    assert loadgen.main(["--base-url", "http://192.0.2.1:8080", "--op", "send"]) == 2
