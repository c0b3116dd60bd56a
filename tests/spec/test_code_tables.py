"""The seed's code tables are in the spec, complete, with every column, and response fields stay open."""

from __future__ import annotations

import re
from typing import Any

import pytest


def seed_table(seed_text: str, heading: str) -> list[list[str]]:
    """The data rows of the markdown table that follows `heading` in the seed."""
    lines = seed_text[seed_text.index(heading) :].splitlines()[1:]
    rows: list[list[str]] = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("|"):
            if rows:
                break
            continue
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        if cells[0] in {"GroupId", "Id"} or re.fullmatch(r"-+", cells[0]):
            continue
        rows.append(cells)
    return rows


def table(spec: dict[str, Any], name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = spec["components"]["schemas"][name]["x-code-table"]["rows"]
    return rows


def nullable(cell: str) -> str | None:
    return None if cell in {"NULL", ""} else cell


@pytest.mark.parametrize(
    ("schema", "expected_rows"),
    [("StatusGroupCode", 6), ("StatusCode", 26), ("ErrorGroupCode", 4), ("GsmErrorCode", 84)],
)
def test_row_counts(spec: dict[str, Any], schema: str, expected_rows: int) -> None:
    rows = table(spec, schema)
    assert len(rows) == expected_rows
    assert spec["components"]["schemas"][schema]["enum"] == [row["id"] for row in rows]


@pytest.mark.parametrize(
    ("schema", "heading"),
    [("StatusGroupCode", "### Statuses groups"), ("ErrorGroupCode", "### Errors Groups")],
)
def test_group_tables_match_the_seed(spec: dict[str, Any], seed_text: str, schema: str, heading: str) -> None:
    seed = [{"id": int(r[0]), "name": r[1], "description": r[2]} for r in seed_table(seed_text, heading)]
    assert table(spec, schema) == seed


def test_statuses_match_the_seed_plus_message_accepted(spec: dict[str, Any], seed_text: str) -> None:
    seed = [
        {"id": int(r[0]), "groupId": int(r[1]), "name": r[2], "description": r[3], "action": nullable(r[4])}
        for r in seed_table(seed_text, "### Statuses\n")
    ]
    accepted = {
        "id": 0,
        "groupId": 0,
        "name": "MESSAGE_ACCEPTED",
        "description": "Message accepted",
        "action": None,
    }
    assert table(spec, "StatusCode") == [accepted, *seed]


def test_gsm_errors_match_the_seed_with_permanence(spec: dict[str, Any], seed_text: str) -> None:
    def permanence(cell: str) -> bool | None:
        value = nullable(cell.strip())
        return None if value is None else value == "1"

    seed = [
        {"id": int(r[0]), "name": r[1].strip(), "permanent": permanence(r[2])}
        for r in seed_table(seed_text, "### GSM Error Codes")
    ]
    assert table(spec, "GsmErrorCode") == seed
    assert {row["id"]: row["permanent"] for row in seed}[1] is True


@pytest.mark.parametrize("schema", ["Status", "Error"])
def test_response_fields_stay_open(spec: dict[str, Any], schema: str) -> None:
    properties = spec["components"]["schemas"][schema]["properties"]
    for name in ("groupId", "id"):
        assert properties[name] == {k: v for k, v in properties[name].items() if k != "enum"}
        assert "enum" not in properties[name] and "$ref" not in properties[name]
    for name in ("groupName", "name"):
        assert properties[name]["type"] == "string" and "enum" not in properties[name]
