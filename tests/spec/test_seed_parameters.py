"""Every property and parameter of the seed's parameter tables exists in the spec where it belongs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import SEED_PATH, resolve

# (seed section, table label) -> where its rows live in the spec: schema names or "query:<operationId>".
# The seed documents the advanced send as one flat table; the spec nests it as its examples do.
TARGETS: dict[tuple[str, str], list[str]] = {
    ("Getting SMS logs", "filters"): ["query:get-sent-sms-logs"],
    ("Single textual message", "Parameters"): ["SMSTextualRequest"],
    ("Multiple textual message", "Parameters"): ["SMSMultiTextualRequest"],
    ("Multiple textual message", "SMSMultiTextualData"): ["SMSTextualData"],
    ("Single binary message", "Parameters"): ["SMSBinaryRequest"],
    ("Single binary message", "BinaryContent"): ["BinaryContent"],
    ("Multiple binary message", "Parameters"): ["SMSMultiBinaryRequest"],
    ("Multiple binary message", "SMSBinaryData"): ["SMSBinaryData"],
    ("Multiple binary message", "BinaryContent"): ["BinaryContent"],
    ("Delivery reports", "Parameters"): ["query:get-delivery-reports"],
    ("Sent messages logs", "Parameters"): ["query:get-sent-sms-logs"],
    ("Fully featured textual message", "Parameters"): [
        "SMSAdvancedTextualRequest",
        "SMSAdvancedTextualMessage",
        "SMSDestination",
        "SMSLanguage",
    ],
    ("Pull received messages", "Parameters"): ["query:get-received-sms"],
    ("Pull received messages", "SMSResponse"): ["MOReportResponse"],
    ("Pull received messages", "Messages"): ["MOReport"],
    ("Received messages logs", "Parameters"): ["query:get-received-sms-logs"],
    ("Received messages logs", "LogsResponse"): ["MOLogsResponse"],
    ("Synchronous request", "Parameters"): ["NCRequest"],
    ("Synchronous request", "NCResponse"): ["NCResponse"],
    ("Asynchronous request", "Parameters"): ["NCNotifyRequest"],
    ("Asynchronous request", "NCResponse"): ["NCResponseAsync"],
    ("Asynchronous request", "NCResponseDetails"): ["NCResponseAsyncDetails"],
}
SAME_NAME = {
    "SMSResponse",
    "SMSResponseDetails",
    "Status",
    "Error",
    "Price",
    "SMSReportResponse",
    "SentSMSReport",
    "SMSLogsResponse",
    "SentSMSLog",
    "AccountBalance",
    "MOLog",
    "NCResponseDetails",
    "Network",
}


def seed_parameter_tables(seed_text: str) -> list[tuple[str, str, list[str]]]:
    """(section, label, parameter names) of every `|Parameter|Type|Description|` table of the seed."""
    tables: list[tuple[str, str, list[str]]] = []
    section, label = "", ""
    lines = seed_text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if match := re.match(r"^#{1,2}(?!#)\s*(.+)$", line):
            section = match.group(1).strip()
        elif match := re.fullmatch(r"\*\*(\w+)\*\*", line):
            label = match.group(1)
        elif line.startswith("|Parameter|Type|Description|"):
            names = []
            index += 2
            while index < len(lines) and lines[index].strip().startswith("|"):
                names.append(lines[index].strip().strip("|").split("|")[0].strip(" *"))
                index += 1
            if "the filters you can use" in "\n".join(lines[max(0, index - 20) : index]).lower():
                label = "filters"
            tables.append((section, label, names))
            continue
        index += 1
    return tables


def members(spec: dict[str, Any], target: str) -> set[str]:
    if target.startswith("query:"):
        op_id = target.removeprefix("query:")
        for item in spec["paths"].values():
            for op in item.values():
                if isinstance(op, dict) and op.get("operationId") == op_id:
                    return {resolve(p, spec)["name"] for p in op.get("parameters", [])}
        raise AssertionError(f"no operation {op_id}")
    return set(spec["components"]["schemas"][target]["properties"])


def test_the_seed_has_the_tables_this_test_expects(seed_text: str) -> None:
    found = {(section, label) for section, label, _ in seed_parameter_tables(seed_text)}
    mapped = set(TARGETS) | {(s, lab) for s, lab in found if lab in SAME_NAME}
    assert found <= mapped, f"unmapped seed tables: {sorted(found - mapped)}"
    assert len(seed_parameter_tables(seed_text)) >= 50


SEED_TABLES = seed_parameter_tables(SEED_PATH.read_text(encoding="utf-8"))


def test_every_seed_table_is_checked() -> None:
    assert len(SEED_TABLES) == 55  # the seed's parameter tables; each is a case of the next test


@pytest.mark.parametrize(
    ("section", "label", "names"), SEED_TABLES, ids=[f"{s}/{lab}" for s, lab, _ in SEED_TABLES]
)
def test_every_seed_parameter_exists_in_the_spec(
    spec: dict[str, Any], section: str, label: str, names: list[str]
) -> None:
    targets = TARGETS.get((section, label), [label])
    available = set().union(*(members(spec, target) for target in targets))
    missing = [name for name in names if name not in available]
    assert not missing, f"{section} / {label}: {missing} not in {targets}"
