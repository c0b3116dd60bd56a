"""Install the built wheel into clean venvs, as users get it: the venvs that tests/package/ checks.

    python toolchain/wheel_venvs.py dist/python build/wheel-venvs

* ``base/``: the wheel alone (``pip install sms-api-sdk``): its runtime dependencies at the lock's versions;
* ``py3.X/``: the wheel with ``[sandbox]`` on every Python >= 3.11 this machine has (this interpreter,
  pyenv's versions, ``python3.X`` on PATH), from requirements/runtime.lock (``--no-deps``, then
  ``pip check`` proves the wheel's requirements hold);
* the ``py3.X/`` of this interpreter also gets mypy at the lock's version: the type checks run there, with
  pyright from node_modules (package-lock.json). Nothing else of the dev tool chain, no editable install.

Writes ``venvs.json`` beside them: which venv is which, and which versions of the wheel's classifiers were
not found (tests/package/ skips those with a note instead of failing).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyproject_requirements
import venvs

REPO = Path(__file__).resolve().parents[1]
RUNTIME_LOCK = REPO / "requirements" / "runtime.lock"
CHECKERS = ["mypy"]
HERE = f"{sys.version_info.major}.{sys.version_info.minor}"
CLASSIFIER = re.compile(r"^Programming Language :: Python :: (3\.\d+)$")


def classifier_versions() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [m.group(1) for c in project["classifiers"] if (m := CLASSIFIER.match(c))]


def _version_of(interpreter: str) -> str | None:
    try:
        probe = subprocess.run(
            [interpreter, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return None
    return probe.stdout.strip() if probe.returncode == 0 else None


def _pyenv_root() -> Path | None:
    if root := os.environ.get("PYENV_ROOT"):
        return Path(root)
    if pyenv := shutil.which("pyenv"):
        found = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        if found.returncode == 0 and found.stdout.strip():
            return Path(found.stdout.strip())
    default = Path.home() / ".pyenv"
    return default if default.is_dir() else None


def find_pythons() -> dict[str, str]:
    """Minor version -> interpreter, for every CPython >= 3.11 found; this interpreter first."""
    here = HERE
    found = {here: str(Path(sys.base_prefix) / "bin" / f"python{here}")}
    if not Path(found[here]).exists():
        found[here] = sys.executable
    root = _pyenv_root()
    for minor in range(11, 20):
        version = f"3.{minor}"
        if version in found:
            continue
        candidates = []
        if root is not None:
            installs = sorted(
                (root / "versions").glob(f"{version}.*"),
                key=lambda p: [int(x) if x.isdigit() else -1 for x in p.name.split(".")],
            )
            candidates += [str(p / "bin" / f"python{version}") for p in reversed(installs)]
        if on_path := shutil.which(f"python{version}"):
            candidates.append(on_path)
        for candidate in candidates:
            if _version_of(candidate) == version:
                found[version] = candidate
                break
    return found


def locked_closure(lines: list[str]) -> list[str]:
    """``name==version`` for these requirements and all they need, at the versions installed here (dev.lock).

    Installing that list with ``--no-deps`` gives what pip's resolver would, within the lock, without its
    minute of index look-ups on a loaded machine; ``pip check`` afterwards proves nothing is missing.
    """
    seen: dict[str, str] = {}
    todo = [Requirement(line).name for line in lines]
    while todo:
        name = todo.pop()
        dist = metadata.distribution(name)
        key = dist.metadata["Name"]
        if key in seen:
            continue
        seen[key] = dist.version
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return [f"{name}=={version}" for name, version in sorted(seen.items())]


def build(dist: Path, out: Path) -> dict[str, object]:
    wheels = sorted(dist.glob("*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"wheel_venvs: expected one wheel in {dist}, found {len(wheels)}: run `make dist`")
    wheel = wheels[0].resolve()
    out = out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    pythons = find_pythons()
    here = HERE

    def base() -> None:
        pip = venvs.create(out / "base", pythons[here])
        venvs.install(
            pip, "--no-deps", *locked_closure(pyproject_requirements.requirements(["runtime"])), str(wheel)
        )
        subprocess.run([*pip, "check"], check=True, capture_output=True)

    def with_sandbox(version: str) -> None:
        venv = out / f"py{version}"
        pip = venvs.create(venv, pythons[version])
        venvs.install(pip, "--no-deps", "--requirement", str(RUNTIME_LOCK), f"{wheel}[sandbox]")
        if version == here:
            venvs.install(pip, "--no-deps", *locked_closure(CHECKERS))
        subprocess.run([*pip, "check"], check=True, capture_output=True)

    started = time.monotonic()
    jobs = [base, *(lambda v=v: with_sandbox(v) for v in sorted(pythons))]
    with ThreadPoolExecutor(max_workers=3) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()
    missing = [v for v in classifier_versions() if v not in pythons]
    manifest: dict[str, object] = {
        "wheel": str(wheel),
        "base": str(venvs.python_of(out / "base")),
        "sandbox": {v: str(venvs.python_of(out / f"py{v}")) for v in sorted(pythons)},
        "interpreters": pythons,
        "typing": str(venvs.python_of(out / f"py{here}")),
        "missing": missing,
    }
    (out / "venvs.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for version in sorted(pythons):
        print(f"wheel-venvs: Python {version} ({pythons[version]}): {out / f'py{version}'}")
    for version in missing:
        print(f"wheel-venvs: Python {version} (a classifier of the wheel) is not on this machine: skipped")
    print(f"wheel-venvs: {len(jobs)} venvs in {time.monotonic() - started:.1f} s")
    return manifest


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    build(Path(sys.argv[1]), Path(sys.argv[2]))
