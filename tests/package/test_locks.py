"""requirements/runtime.lock is exactly the runtime and [sandbox] dependencies, at dev.lock's versions.

`make demo` and the wheel venvs install it with --no-deps, so a package missing from it would only show
as an ImportError there; this test finds it first.
"""

from __future__ import annotations

import sys

from .conftest import REPO

sys.path.insert(0, str(REPO / "toolchain"))

import pyproject_requirements
import wheel_venvs


def pins(path: str) -> set[str]:
    lines = (REPO / path).read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def normalized(pin: str) -> str:
    name, version = pin.split("==")
    return f"{name.lower().replace('_', '-').replace('.', '-')}=={version}"


def test_every_runtime_pin_is_the_dev_locks_pin() -> None:
    assert pins("requirements/runtime.lock") <= pins("requirements/dev.lock")


def test_the_runtime_lock_is_the_closure_of_the_runtime_and_sandbox_requirements() -> None:
    closure = wheel_venvs.locked_closure(pyproject_requirements.requirements(["runtime", "sandbox"]))
    assert {normalized(p) for p in closure} == {normalized(p) for p in pins("requirements/runtime.lock")}
