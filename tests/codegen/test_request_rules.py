"""generated/sms_api_spec/request_rules.py and the unlisted status rows: the spec's, exactly, and read by the
sandbox instead of a copy."""

from __future__ import annotations

import copy
import re
import sys
from typing import Any

import pytest

from sms_api_spec import QUERY_PARAMETERS, REJECTIONS, SANDBOX_STATUSES, STATUSES, UNLISTED_STATUSES

from .._spec import REPO, SPEC, operations, resolve

sys.path.insert(0, str(REPO / "codegen"))

import spec_tables


def _query_parameters(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    params = [resolve(p) for p in op.get("parameters") or []]
    return {p["name"]: resolve(p["schema"]) for p in params if p["in"] == "query"}


def _operations() -> dict[str, dict[str, Any]]:
    return {op["operationId"]: op for _method, _path, op in operations()}


def test_query_parameters_are_every_operations_own() -> None:
    expected = {op_id: _query_parameters(op) for op_id, op in _operations().items()}
    assert {op_id: set(params) for op_id, params in QUERY_PARAMETERS.items()} == {
        op_id: set(params) for op_id, params in expected.items() if params
    }
    for op_id, params in QUERY_PARAMETERS.items():
        for name, param in params.items():
            schema = expected[op_id][name]
            assert param["pattern"] == schema.get("pattern"), (op_id, name)
            assert param["type"] == schema["type"], (op_id, name)
            assert param["minimum"] == schema.get("minimum"), (op_id, name)
    assert QUERY_PARAMETERS["get-sent-sms-logs"]["generalStatus"]["schema"] == "GeneralStatus"


def test_rejections_are_the_spec_extensions() -> None:
    schemas = SPEC["components"]["schemas"]
    sender = schemas["SenderId"]["x-sms-api-rejection"]
    assert REJECTIONS["SenderId"] == {
        "pattern": sender["pattern"],
        "invalid": sender["invalid"],
        "empty": None,
        "sandbox_only": [],
    }
    (branch,) = [b for b in schemas["DestinationAddresses"]["oneOf"] if "x-sms-api-rejection" in b]
    rule = {**branch["x-sms-api-rejection"], **branch.get("x-sandbox-rejection", {})}
    assert REJECTIONS["DestinationAddresses"]["pattern"] == rule["pattern"]
    assert (REJECTIONS["DestinationAddresses"]["invalid"], REJECTIONS["DestinationAddresses"]["empty"]) == (
        rule["invalid"],
        rule["empty"],
    )
    for rejection in REJECTIONS.values():
        re.compile(rejection["pattern"])


def test_unlisted_statuses_are_in_no_table_and_rejected() -> None:
    assert set(UNLISTED_STATUSES) | set(SANDBOX_STATUSES) == {51, 52}
    for status_id, row in {**UNLISTED_STATUSES, **SANDBOX_STATUSES}.items():
        assert status_id not in STATUSES
        assert row["groupId"] == 5 and row["name"] == "REJECTED_DESTINATION"


def test_status_52_is_the_row_the_documentation_shows() -> None:
    # The seed's Number Context example is where 52 comes from: the generated row must be that one.
    from sms_sandbox import rules

    shown = [
        result["status"]
        for example in SPEC["components"]["examples"].values()
        if isinstance(example.get("value"), dict)
        for result in example["value"].get("ncResults", [])
        if result.get("status", {}).get("id") == 52
    ]
    assert shown, "no example shows status 52"
    assert all(rules.status_object(52) == status for status in shown)


def test_the_sandbox_reads_the_generated_rules() -> None:
    from sms_sandbox import query, rules

    assert rules.DESTINATION_PATTERN.pattern == REJECTIONS["DestinationAddresses"]["pattern"]
    assert rules.SENDER_PATTERN.pattern == REJECTIONS["SenderId"]["pattern"]
    assert {op: frozenset(p) for op, p in QUERY_PARAMETERS.items()} == query.OPERATION_QUERY_PARAMETERS
    assert rules.destination_rejection("") == REJECTIONS["DestinationAddresses"]["empty"]
    assert rules.destination_rejection("12") == REJECTIONS["DestinationAddresses"]["invalid"]


@pytest.mark.parametrize(
    "rule",
    [{"invalid": 52}, {"pattern": "^x$"}, {"pattern": "^x$", "invalid": 52, "typo": 1}],
    ids=["no pattern", "no status", "unknown key"],
)
def test_a_malformed_rejection_rule_stops_the_build(rule: dict[str, Any]) -> None:
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["SenderId"]["x-sms-api-rejection"] = rule
    with pytest.raises(spec_tables.SpecError, match="SenderId"):
        spec_tables._Spec(spec).rejections()


def test_a_parameter_given_by_both_extensions_stops_the_build() -> None:
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["SenderId"]["x-sandbox-rejection"] = {"invalid": 11}
    with pytest.raises(spec_tables.SpecError, match="SenderId"):
        spec_tables._Spec(spec).rejections()


def test_sandbox_limits_are_the_root_x_sandbox() -> None:
    from sms_api_spec import SANDBOX_LIMITS
    from sms_sandbox import bodies, callbacks, query, rules
    from sms_sandbox.handlers import sending

    listed = SPEC["x-sandbox"]
    assert (SANDBOX_LIMITS["default_limit"], SANDBOX_LIMITS["max_limit"]) == (
        listed["limit"]["default"],
        listed["limit"]["maximum"],
    )
    assert SANDBOX_LIMITS["callback_retry_seconds"] == listed["callback-retry-seconds"]
    assert SANDBOX_LIMITS["missing_destination_status"] == REJECTIONS["DestinationAddresses"]["empty"]
    # What the sandbox runs with is the table's.
    assert (listed["limit"]["default"], listed["limit"]["maximum"]) == (query.DEFAULT_LIMIT, query.MAX_LIMIT)
    assert listed["max-body-bytes"] == bodies.MAX_BODY_BYTES
    assert listed["max-destinations-per-request"] == sending.MAX_DESTINATIONS
    assert listed["max-parts"] == rules.MAX_PARTS
    assert list(callbacks.DEFAULT_BACKOFF) == listed["callback-retry-seconds"]
    assert listed["callback-timeout-seconds"] == callbacks.CALLBACK_TIMEOUT


@pytest.mark.parametrize("key", ["max-parts", "callback-retry-seconds", "limit"])
def test_a_missing_sandbox_limit_stops_the_build(key: str) -> None:
    spec = copy.deepcopy(SPEC)
    del spec["x-sandbox"][key]
    with pytest.raises(spec_tables.SpecError, match="x-sandbox"):
        spec_tables._Spec(spec).sandbox_limits()
