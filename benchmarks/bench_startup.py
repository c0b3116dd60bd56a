"""(5) Tool-chain and start-up times: the codegen pipeline, and ``python -c "import sms_api"``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

from .harness import Result, median
from .server import ROOT


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["PYTHONDONTWRITEBYTECODE"] = "0"
    return env


def _wall(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, env=_clean_env(), capture_output=True)
    return time.perf_counter() - start


def importtime(module: str) -> tuple[float, list[tuple[int, str]]]:
    """``-X importtime``: the cumulative microseconds of ``module`` and the costliest top-level imports."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT,
        check=True,
        env=_clean_env(),
        capture_output=True,
        text=True,
    ).stderr
    total = 0.0
    rows: list[tuple[int, str]] = []
    for line in out.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not m:
            continue
        cumulative, depth, name = int(m.group(2)), len(m.group(3)), m.group(4)
        if name == module and depth == 1:
            total = cumulative
        if depth <= 3:
            rows.append((cumulative, name))
    rows.sort(reverse=True)
    return total / 1e6, rows[:8]


# httpx imports its command-line tool (`httpx._main`: click, rich, pygments) whenever those happen to be
# installed, as they are in the dev venv (other tools need them) but not in a plain `pip install sms-api-sdk`.
# This blocks them for one measurement, so httpx falls back as it does in a user's environment.
_WITHOUT_CLI_DEPS = (
    "import sys\n"
    "class _Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] in ('click', 'rich', 'pygments'):\n"
    "            raise ImportError(name)\n"
    "sys.meta_path.insert(0, _Block())\n"
    "import sms_api\n"
)

_CASES = {
    "bare": "pass",
    "httpx": "import httpx",
    "sdk": "import sms_api",
    "sdk_user": _WITHOUT_CLI_DEPS,
}


#: A venv with only the runtime dependencies (httpx, attrs) and the project (``pip install --no-deps -e .``):
#: what ``pip install sms-api-sdk`` gives a user. The target of row 5b applies to it when it is given.
RUNTIME_PYTHON_ENV = "SMS_API_BENCH_RUNTIME_PYTHON"


def run_import(*, reps: int) -> list[Result]:
    python = sys.executable
    runtime = os.environ.get(RUNTIME_PYTHON_ENV)
    commands = {name: [python, "-c", code] for name, code in _CASES.items()}
    if runtime:
        commands["rt_httpx"] = [runtime, "-c", "import httpx"]
        commands["rt_sdk"] = [runtime, "-c", "import sms_api"]
        _wall([runtime, "-c", "import sms_api"])
    # Rows 5c/5c': the SDK's import over httpx's, where users import it (the runtime venv when given).
    ratio_python = runtime or python
    commands.setdefault("rt_httpx", [ratio_python, "-c", "import httpx"])
    commands.setdefault("rt_sdk", [ratio_python, "-c", "import sms_api"])
    commands["rt_sdk_api"] = [ratio_python, "-c", "from sms_api import SmsApi"]
    _wall([python, "-c", "import sms_api"])  # compile .pyc files once
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(reps):
        names = list(commands) if i % 2 == 0 else list(reversed(commands))
        for name in names:
            times[name].append(_wall(commands[name]))
    importtimes = [importtime("sms_api") for _ in range(max(3, reps // 3))]
    cumulative = median([s[0] for s in importtimes])
    heaviest = ", ".join(f"{name} {us / 1000:.0f} ms" for us, name in importtimes[0][1][1:5])
    ms = {name: median(values) * 1000 for name, values in times.items()}

    def over(
        rid: str,
        name: str,
        key: str,
        base: str,
        *,
        target: float | None,
        target_on: Literal["ratio", "value"],
        note: str,
        samples: dict[str, list[float]] | None = None,
    ) -> Result:
        """Command ``key`` against ``base`` (an ``import httpx``): medians, median of adjacent ratios."""
        return Result(
            id=rid,
            name=name,
            value=ms[key],
            unit="ms",
            baseline_name="import httpx",
            baseline=ms[base],
            ratio=median([a / b for a, b in zip(times[key], times[base], strict=True)]),
            target=target,
            target_on=target_on,
            note=note,
            samples=samples or {f"{key}_s": times[key], f"{base}_s": times[base]},
        )

    # The target is for `python -c "import sms_api"` as users run it: in a runtime-only venv when the
    # bench is given one, else approximated in the dev venv with httpx's CLI dependencies blocked (5b').
    dev_target = None if runtime else 200.0
    rows = [
        over(
            "5b",
            'python -c "import sms_api" wall time (dev venv)',
            "sdk",
            "httpx",
            target=dev_target,
            target_on="value",
            note=f"median of {reps} interleaved runs; python -c pass takes {ms['bare']:.0f} ms",
            samples={f"{name}_s": values for name, values in times.items()},
        ),
        Result(
            id="5b'",
            name="same, without httpx's optional CLI deps",
            value=ms["sdk_user"],
            unit="ms",
            target=dev_target,
            target_on="value",
            note="click/rich/pygments blocked, as in a plain pip install sms-api-sdk",
        ),
        Result(
            id="5b''",
            name="-X importtime cumulative for sms_api",
            value=cumulative * 1000,
            unit="ms",
            note=f"largest parts: {heaviest}",
            samples={"cumulative_s": [s[0] for s in importtimes]},
        ),
    ]
    where = f"runtime-only venv ({runtime})" if runtime else "dev venv (no runtime venv given)"
    for rid, name, key in (
        ("5c", 'python -c "import sms_api" over "import httpx"', "rt_sdk"),
        ("5c'", 'python -c "from sms_api import SmsApi" over "import httpx"', "rt_sdk_api"),
    ):
        note = f"{where}; fresh processes, median of {reps} interleaved runs, ratio of adjacent pairs"
        rows.append(over(rid, name, key, "rt_httpx", target=1.15, target_on="ratio", note=note))
    if runtime:
        note = f"{RUNTIME_PYTHON_ENV}={runtime} (httpx + attrs + the project): the target's row"
        name = 'python -c "import sms_api", runtime-only venv'
        rows.insert(0, over("5b-rt", name, "rt_sdk", "rt_httpx", target=200.0, target_on="value", note=note))
    return rows


def run_generate() -> list[Result]:
    # The same command `make generate` runs (`$(PY) codegen/generate.py`), sent to a temporary folder so the
    # benchmark never rewrites generated/ under someone's feet.
    with tempfile.TemporaryDirectory() as tmp:
        seconds = _wall([sys.executable, "codegen/generate.py", "--out", str(Path(tmp) / "generated")])
    return [
        Result(
            id="5a",
            name="make generate wall time",
            value=seconds,
            unit="s",
            target=30.0,
            target_on="value",
            note="codegen/generate.py --out <temp dir>: the make generate pipeline, one run",
        )
    ]
