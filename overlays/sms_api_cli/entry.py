"""The ``sms-api`` console script: one line naming the extra when click or rich is missing, else the CLI."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

__all__ = ["EXTRA_HINT", "main"]

EXTRA_HINT = "sms-api: the command line needs the [cli] extra: pip install 'sms-api-sdk[cli]'"
_CLI_PACKAGES = ("click", "rich")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sms-api`` with ``argv`` (default: the process's arguments); the exit code."""
    if any(importlib.util.find_spec(name) is None for name in _CLI_PACKAGES):
        print(EXTRA_HINT, file=sys.stderr)
        return 1
    try:
        from .app import run
    except KeyboardInterrupt:  # Ctrl-C while the CLI is still loading
        return 130
    return run(list(sys.argv[1:] if argv is None else argv))
