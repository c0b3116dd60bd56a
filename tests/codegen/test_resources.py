"""codegen/resources.py: the mapping covers the spec, and the methods follow the spec's names and types."""

from __future__ import annotations

import copy
import sys
from typing import Any

import pytest
import yaml

from .._spec import REPO, SPEC
from .._spec import operations as spec_paths_operations

sys.path.insert(0, str(REPO / "codegen"))

import derive
import resources

MAPPING: dict[str, Any] = yaml.safe_load(resources.MAPPING.read_text(encoding="utf-8"))
CLIENT_SPEC = derive.derive_client_spec(SPEC, lambda what: None)


def build(mapping: dict[str, Any]) -> list[resources.Resource]:
    return resources.build_methods(CLIENT_SPEC, mapping, {})[0]


def test_the_committed_mapping_covers_every_operation_once() -> None:
    built = build(MAPPING)
    operations = [m.operation_id for r in built for m in r.methods]
    spec_operations = [op["operationId"] for _method, _path, op in spec_paths_operations()]
    assert sorted(operations) == sorted(spec_operations)


def test_an_unmapped_operation_fails_the_build() -> None:
    mapping = copy.deepcopy(MAPPING)
    del mapping["account"]
    with pytest.raises(SystemExit, match="no resource method: get-account-balance"):
        build(mapping)


def test_an_operation_mapped_twice_or_unknown_fails() -> None:
    twice = copy.deepcopy(MAPPING)
    twice["account"]["balance_again"] = {"operation": "get-account-balance"}
    with pytest.raises(SystemExit, match="mapped twice"):
        build(twice)
    unknown = copy.deepcopy(MAPPING)
    unknown["account"]["balance"]["operation"] = "get-account-balances"
    with pytest.raises(SystemExit, match="no operation of the spec"):
        build(unknown)


def test_positional_arguments_must_exist_and_required_ones_must_be_positional() -> None:
    wrong = copy.deepcopy(MAPPING)
    wrong["sms"]["send_text"]["positional"] = ["to", "body"]
    with pytest.raises(SystemExit, match="positional"):
        build(wrong)
    missing = copy.deepcopy(MAPPING)
    missing["number_context"]["notify"]["positional"] = ["to"]
    with pytest.raises(SystemExit, match="required 'notify_url'"):
        build(missing)


def test_arguments_are_the_spec_s_in_python_names_and_types() -> None:
    methods = {(r.attribute, m.name): m for r in build(MAPPING) for m in r.methods}
    send_text = methods["sms", "send_text"]
    assert [(a.name, a.wire, a.annotation, a.positional) for a in send_text.arguments] == [
        ("to", "to", "str | Sequence[str]", True),
        ("text", "text", "str", True),
        ("from_", "from", "str", False),
    ]
    logs = {a.name: a for a in methods["logs", "list"].arguments}
    assert list(logs) == [
        *("from_", "to", "bulk_id", "message_id", "general_status"),
        *("sent_since", "sent_until", "limit", "mcc", "mnc"),
    ]
    assert logs["bulk_id"].annotation == "str | Sequence[str]"
    assert logs["sent_since"].annotation == "datetime.datetime"
    # Models are named through the models package, so that the annotations evaluate at run time.
    assert logs["general_status"].annotation == "models.GeneralStatus"
    assert (
        methods["sms", "send_advanced"].arguments[0].annotation
        == "Sequence[models.SMSAdvancedTextualMessage]"
    )
    assert methods["sms", "send_advanced"].response == "models.SMSResponse"
    assert methods["sms", "send_advanced"].body == "SMSAdvancedTextualRequest"  # built in the method by name
    assert "Limit" not in logs and logs["limit"].description  # parameter $refs resolved, descriptions kept
