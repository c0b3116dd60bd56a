"""Shared helpers for the publishing tests: where `make spec` and `make spec-clients` write, and the spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .._spec import REPO, SPEC_PATH, load_spec, operations
from .._tools import NODE_MODULES, node

__all__ = [
    "DIST_SPEC",
    "NODE_MODULES",
    "REPO",
    "SPEC_PATH",
    "TS_CLIENT",
    "load_spec",
    "node",
    "require",
    "spec_operations",
]

DIST_SPEC = REPO / "dist" / "spec"
TS_CLIENT = REPO / "dist" / "clients" / "typescript-fetch"


def spec_operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of `paths` (callbacks excluded), each with its method and path added."""
    return [{**operation, "method": method, "path": path} for method, path, operation in operations(spec)]


def require(path: Path, target: str) -> Path:
    """`path`, or a failure that says which make target writes it (the tests never build it themselves)."""
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `make {target}` first (`make test` does)")
    return path
