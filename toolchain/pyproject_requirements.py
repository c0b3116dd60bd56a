"""Print requirement lines that pyproject.toml declares, one a line, for pip's ``--requirement``.

    python toolchain/pyproject_requirements.py runtime          # [project] dependencies
    python toolchain/pyproject_requirements.py runtime sandbox  # ... and the [sandbox] extra
    python toolchain/pyproject_requirements.py group dev        # the PEP 735 group (pip < 25.1 cannot)

Read from pyproject.toml, so `make demo`, `make lock` and the wheel check never keep a second list.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def requirements(selection: list[str]) -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    if selection[:1] == ["group"]:
        groups: dict[str, list[str]] = project["dependency-groups"]
        return [line for name in selection[1:] for line in groups[name]]
    lines: list[str] = []
    for name in selection:
        if name == "runtime":
            lines += project["project"]["dependencies"]
        else:
            lines += project["project"]["optional-dependencies"][name]
    return lines


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    try:
        print("\n".join(requirements(sys.argv[1:])))
    except KeyError as exc:
        raise SystemExit(f"requirements: pyproject.toml declares no {exc}") from None
