"""Create a venv and install into it, quickly: the one way `make demo` and the wheel check build theirs.

A venv made with ensurepip costs 5-30 s on a loaded 2-core machine before anything is installed. When the
interpreter running this script has pip (22.3 or later), the venv is made without pip and that pip installs
into it (``pip --python``); otherwise the venv gets its own pip, as `python3 -m venv` gives it.

    python3 toolchain/venvs.py .venv-demo --source-roots -- --no-deps --requirement requirements/runtime.lock
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

QUIET = ["--quiet", "--disable-pip-version-check"]


def _outer_pip_works() -> bool:
    probe = subprocess.run(
        [sys.executable, "-m", "pip", "--version"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        return False
    version = probe.stdout.split()[1].split(".")
    return (int(version[0]), int(version[1])) >= (22, 3)


def python_of(venv: Path) -> Path:
    return venv / "bin" / "python"


def create(venv: Path, interpreter: str = sys.executable) -> list[str]:
    """A fresh venv at ``venv`` (an old one is removed); returns the pip command that installs into it."""
    shutil.rmtree(venv, ignore_errors=True)
    if _outer_pip_works():
        subprocess.run([interpreter, "-m", "venv", "--without-pip", str(venv)], check=True)
        return [sys.executable, "-m", "pip", "--python", str(python_of(venv))]
    subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
    return [str(python_of(venv)), "-m", "pip"]


def install(pip: list[str], *args: str) -> None:
    subprocess.run([*pip, "install", *QUIET, *args], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("venv", type=Path)
    parser.add_argument("--python", default=sys.executable, help="the venv's interpreter (default: this one)")
    parser.add_argument(
        "--source-roots", action="store_true", help="put generated/, overlays/ and sandbox/ on its sys.path"
    )
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    pip_args = argv[split + 1 :]  # arguments of `pip install`
    pip = create(args.venv, args.python)
    if pip_args:
        install(pip, *pip_args)
    if args.source_roots:
        subprocess.run(
            [str(python_of(args.venv)), str(Path(__file__).with_name("source_roots.py"))], check=True
        )


if __name__ == "__main__":
    main()
