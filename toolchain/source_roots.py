"""Put the project's source roots on the running interpreter's sys.path with a ``.pth`` file.

What the editable install does, without building anything: `make demo` and `make bench` use it in venvs
that hold only the runtime (and sandbox) dependencies, so they need no hatchling and no build step.

    .venv-demo/bin/python toolchain/source_roots.py                       # generated overlays sandbox
    .venv-runtime/bin/python toolchain/source_roots.py generated overlays
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOTS = ("generated", "overlays", "sandbox")


def write_pth(roots: list[str]) -> Path:
    pth = Path(sysconfig.get_paths()["purelib"]) / "sms_api_sdk_dev.pth"
    pth.write_text("".join(f"{REPO / root}\n" for root in roots), encoding="utf-8")
    return pth


if __name__ == "__main__":
    write_pth(sys.argv[1:] or list(ROOTS))
