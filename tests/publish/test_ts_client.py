"""The TypeScript client of `make spec-clients` (typescript-fetch): one method per operation, string dates.

`make spec-clients` already type-checks it with `tsc --strict --noEmit`; this test reads the generated
sources for what the spec promises other-language teams.
"""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import TS_CLIENT, load_spec, require, spec_operations

SERVER_DATE = "2015-02-12T09:51:43.123+0100"


def camel(operation_id: str) -> str:
    head, *rest = operation_id.split("-")
    return head + "".join(word.capitalize() for word in rest)


def sources(folder: str) -> dict[str, str]:
    root = require(TS_CLIENT / "src" / folder, "spec-clients")
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(Path(root).glob("*.ts"))}


def test_the_client_has_a_method_for_each_of_the_twelve_operations() -> None:
    apis = "\n".join(sources("apis").values())
    operations = spec_operations(load_spec())
    assert len(operations) == 12
    missing = [
        op["operationId"]
        for op in operations
        if not re.search(rf"^\s+async {camel(op['operationId'])}\(", apis, re.MULTILINE)
    ]
    assert missing == []


def test_response_dates_are_strings_that_hold_the_servers_format() -> None:
    spec = load_spec()
    models = sources("models")
    marked = {
        (name, prop)
        for name, schema in spec["components"]["schemas"].items()
        for prop, definition in schema.get("properties", {}).items()
        if definition.get("x-sms-api-datetime") or definition.get("$ref", "").endswith("/ServerDateTime")
    }
    assert ("SentSMSReport", "sentAt") in marked and len(marked) >= 5
    required = {
        (name, prop)
        for name, schema in spec["components"]["schemas"].items()
        for prop in schema.get("required", [])
    }
    for name, prop in sorted(marked):
        model = models[name]
        optional = "" if (name, prop) in required else r"\?"
        assert re.search(rf"^\s+{prop}{optional}: string;$", model, re.MULTILINE), (
            f"{name}.{prop} is not a string"
        )
        # FromJSON passes the value through untouched (no `new Date(...)` that would reject or shift it).
        passed = (
            rf"json\['{prop}'\]"
            if (name, prop) in required
            else rf"json\['{prop}'\] == null \? undefined : json\['{prop}'\]"
        )
        assert re.search(rf"'{prop}': {passed},", model), f"{name}.{prop} is converted on the way in"
    pattern = spec["components"]["schemas"]["ServerDateTime"]["pattern"]
    assert re.search(pattern, SERVER_DATE)
