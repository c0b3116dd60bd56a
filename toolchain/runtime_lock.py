"""Print requirements/runtime.lock: the runtime and [sandbox] requirements with all they need, as installed.

    .venv/bin/python toolchain/runtime_lock.py > requirements/runtime.lock
    .venv/bin/python toolchain/runtime_lock.py runtime   # the pins of one selection only, no header

`make lock` runs it in its freshly resolved venv, so the pins are dev.lock's; tests/package/test_locks.py
checks that the committed file is still that closure. `make bench` takes the runtime selection alone for its
runtime venv (what `pip install sms-api-sdk` gives), so that pyproject.toml stays the one list.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyproject_requirements
import wheel_venvs

HEADER = """\
# The runtime and [sandbox] dependencies, transitive packages included, at dev.lock's versions: what
# `make demo` and the wheel smoke test install (--no-deps). Do not edit: run 'make lock'.
# Resolved with Python {python} on {system} {machine}."""


def main(selection: list[str]) -> None:
    if not selection:
        print(
            HEADER.format(
                python=platform.python_version(), system=platform.system(), machine=platform.machine()
            )
        )
    for pin in wheel_venvs.locked_closure(
        pyproject_requirements.requirements(selection or ["runtime", "sandbox"])
    ):
        print(pin)


if __name__ == "__main__":
    main(sys.argv[1:])
