"""The ``sms-api`` console script: one line naming the extra when click or rich is missing, else the CLI."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

__all__ = ["EXTRA_PACKAGES", "INSTALL_HINT", "main", "missing_extra_message"]

#: Import names of the ``[cli]`` extra's distributions (pyproject.toml, optional-dependencies ``cli``).
EXTRA_PACKAGES = ("click", "rich")
INSTALL_HINT = "pip install 'sms-api-sdk[cli]'"


def missing_extra_message() -> str | None:
    """The one line to print when part of the extra is missing (None when it is installed)."""
    missing = [name for name in EXTRA_PACKAGES if importlib.util.find_spec(name) is None]
    if not missing:
        return None
    names = ", ".join(missing)
    return f"sms-api: the command line needs the [cli] extra ({names} not installed): {INSTALL_HINT}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sms-api`` with ``argv`` (default: the process's arguments); the exit code."""
    message = missing_extra_message()
    if message is not None:
        print(message, file=sys.stderr)
        return 1
    try:
        from .app import run
    except KeyboardInterrupt:  # Ctrl-C while the CLI is still loading
        return 130
    return run(list(sys.argv[1:] if argv is None else argv))
