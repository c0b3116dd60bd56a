"""Shared fixtures for the spec tests: the spec and the seed it was written from (the spec helpers themselves
are `tests._spec`'s, re-exported here for the tests of this folder)."""

from __future__ import annotations

from typing import Any

import pytest

from .._spec import REPO, SPEC_PATH, load_spec, operations, resolve

__all__ = ["MEDIA_TYPES", "REPO", "SEED_PATH", "SPEC_PATH", "load_spec", "operations", "resolve"]

SEED_PATH = REPO / "spec" / "seed" / "sms-api-documentation.md"
MEDIA_TYPES = ("application/json", "application/xml")


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return load_spec()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")
