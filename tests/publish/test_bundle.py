"""dist/spec/ of `make spec`: one self-contained spec in YAML and JSON, same content; the changelog."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml

from .conftest import DIST_SPEC, REPO, load_spec, require


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def bundled() -> tuple[dict[str, Any], dict[str, Any]]:
    with require(DIST_SPEC / "openapi.yaml", "spec").open(encoding="utf-8") as handle:
        as_yaml: dict[str, Any] = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    json_text = require(DIST_SPEC / "openapi.json", "spec").read_text(encoding="utf-8")
    as_json: dict[str, Any] = json.loads(json_text)
    return as_yaml, as_json


def test_yaml_and_json_hold_the_same_spec_as_spec_openapi_yaml() -> None:
    as_yaml, as_json = bundled()
    assert as_yaml == as_json
    assert as_json == load_spec()


def test_every_ref_is_internal_and_resolves() -> None:
    spec, _ = bundled()
    for ref in set(refs(spec)):
        assert ref.startswith("#/"), f"external $ref {ref}"
        node: Any = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]


def test_the_changelog_is_copied_and_covers_the_spec_version() -> None:
    changelog = require(DIST_SPEC / "CHANGELOG.md", "spec").read_text(encoding="utf-8")
    assert changelog == (REPO / "spec" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {load_spec()['info']['version']}" in changelog


def test_the_decisions_page_is_published() -> None:
    decisions = require(DIST_SPEC / "decisions.md", "spec").read_text(encoding="utf-8")
    assert decisions == (REPO / "spec" / "README.md").read_text(encoding="utf-8")
    assert "## Inconsistencies of the seed and the choice made" in decisions


def test_the_bundle_alone_says_how_to_read_the_wire() -> None:
    """What a client must know to read the wire is in the published spec, not only in the README."""
    spec, _ = bundled()
    text = " ".join(spec["info"]["description"].split())
    for section in ("## Formats", "## XML", "## Retries", "## Dates", "## Code tables"):
        assert section in text
    # the XML variants readers must accept
    for variant in ("SendSMSResponse", "unwrapped arrays", "bare `<to>", "`<ncResults>`", "`<keyword />`"):
        assert variant in text, variant
    # the date rule, the open code tables and the retry policy
    assert "yyyy-MM-dd'T'HH:mm:ss.SSSZ" in text and "no colon in the offset" in text
    assert "The tables are open" in text
    for policy in ("`safe`", "`never`", "`client-ids`", "Retry-After"):
        assert policy in text, policy
    assert spec["x-sandbox"]["limit"] == {"default": 50, "maximum": 1000}
