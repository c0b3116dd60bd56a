"""codegen/spec_compat.py (redocly diff + the version rule) catches each kind of breaking change.

Each case edits a copy of the spec and compares it with the spec itself. The cases run two at a time
(each is one `redocly diff`, about a second).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from .conftest import NODE_MODULES, REPO, SPEC_PATH, load_spec, require

Spec = dict[str, Any]


def schemas(spec: Spec) -> Spec:
    result: Spec = spec["components"]["schemas"]
    return result


def remove_operation(spec: Spec) -> None:
    del spec["paths"]["/restapi/account/1/balance"]["get"]


def remove_parameter(spec: Spec) -> None:
    parameters = spec["paths"]["/restapi/sms/1/logs"]["get"]["parameters"]
    parameters[:] = [p for p in parameters if p.get("name") != "mnc"]


def remove_property(spec: Spec) -> None:
    del schemas(spec)["Price"]["properties"]["currency"]


def remove_enum_value(spec: Spec) -> None:
    schemas(spec)["Transliteration"]["enum"].remove("GREEK")


def narrow_type(spec: Spec) -> None:
    schemas(spec)["SMSAdvancedTextualMessage"]["properties"]["validityPeriod"]["type"] = "string"


def add_required_property(spec: Spec) -> None:
    schemas(spec)["SMSTextualRequest"]["required"].append("text")


def add_required_parameter(spec: Spec) -> None:
    parameters = spec["paths"]["/restapi/sms/1/logs"]["get"]["parameters"]
    parameters.append({"name": "region", "in": "query", "required": True, "schema": {"type": "string"}})


def add_optional_property(spec: Spec) -> None:
    schemas(spec)["Price"]["properties"]["vat"] = {"type": "number", "description": "VAT per SMS part."}


def major_bump(edit: Callable[[Spec], None]) -> Callable[[Spec], None]:
    def edited(spec: Spec) -> None:
        edit(spec)
        major = int(str(spec["info"]["version"]).split(".")[0])
        spec["info"]["version"] = f"{major + 1}.0.0"

    return edited


def lower_version(spec: Spec) -> None:
    spec["info"]["version"] = "0.9.0"


BREAKING = [
    remove_operation,
    remove_parameter,
    remove_property,
    remove_enum_value,
    narrow_type,
    add_required_property,
    add_required_parameter,
]
CASES: list[tuple[str, Callable[[Spec], None], bool]] = [
    *((edit.__name__, edit, False) for edit in BREAKING),
    ("remove_operation with a major bump", major_bump(remove_operation), True),
    ("add_optional_property", add_optional_property, True),
    ("unchanged", lambda spec: None, True),
    ("lower_version", lower_version, False),
]


def passes(base: Path, revision: Path) -> bool:
    command = [sys.executable, str(REPO / "codegen" / "spec_compat.py"), str(base), str(revision)]
    return subprocess.run(command, capture_output=True, check=False, cwd=REPO).returncode == 0


def test_each_breaking_change_fails_and_each_compatible_one_passes(tmp_path: Path) -> None:
    require(NODE_MODULES / ".bin" / "redocly", "npm-setup")
    spec = load_spec()
    files = []
    for index, (_name, edit, _expected) in enumerate(CASES):
        edited = copy.deepcopy(spec)
        edit(edited)
        path = tmp_path / f"case-{index}.json"  # JSON: written and read much faster than YAML
        path.write_text(json.dumps(edited), encoding="utf-8")
        files.append(path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda path: passes(SPEC_PATH, path), files))
    wrong = [
        f"{name}: {'passed' if got else 'failed'}, expected {'pass' if expected else 'fail'}"
        for (name, _edit, expected), got in zip(CASES, results, strict=True)
        if got != expected
    ]
    assert wrong == []


@pytest.mark.parametrize("name", ["openapi-1.0.0.yaml", "openapi-2.0.0.yaml"])
def test_each_release_is_frozen_and_the_spec_is_compatible_with_it(name: str) -> None:
    released = REPO / "spec" / "released" / name
    assert released.exists(), f"spec/released/{name} is missing"
    assert load_spec(released)["info"]["version"] == name.removeprefix("openapi-").removesuffix(".yaml")
    assert passes(released, SPEC_PATH)
