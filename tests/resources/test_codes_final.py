"""Which statuses are final comes from the spec's table (x-sms-api-final-groups), not from a list in code."""

from __future__ import annotations

import pytest

from sms_api import is_final, status_info
from sms_api_client.models import Status
from sms_api_spec import FINAL_STATUS_GROUPS, STATUS_GROUPS, STATUSES

from .._spec import SPEC


def status(group_id: int = -1, group_name: str = "", status_id: int = -1) -> Status:
    return Status(group_id=group_id, group_name=group_name, id=status_id, name="", description="")


def test_final_groups_are_the_spec_s() -> None:
    marked = SPEC["components"]["schemas"]["StatusGroupCode"]["x-sms-api-final-groups"]
    assert frozenset(marked) == FINAL_STATUS_GROUPS
    assert {STATUS_GROUPS[g]["name"] for g in FINAL_STATUS_GROUPS} == {
        "UNDELIVERABLE",
        "DELIVERED",
        "EXPIRED",
        "REJECTED",
    }


@pytest.mark.parametrize("status_id", sorted(STATUSES))
def test_every_status_of_the_table(status_id: int) -> None:
    expected = STATUSES[status_id]["groupId"] in FINAL_STATUS_GROUPS
    assert status_info(status_id).final is expected
    assert status_info(status_id).permanent is expected
    assert is_final(status_id) is expected
    assert is_final(status(STATUSES[status_id]["groupId"], "", status_id)) is expected


def test_models_by_group_id_then_id_then_group_name() -> None:
    assert is_final(status(group_id=3)) is True
    assert is_final(status(group_id=1, status_id=5)) is False  # the group decides
    assert is_final(status(group_id=7, status_id=5)) is True  # group 7 is in no table: the id's group decides
    assert is_final(status(group_name="delivered")) is True
    assert is_final(status(group_name="Queue/Accepted")) is False
    assert is_final(status(status_id=99)) is False  # nothing tells: not final, keep waiting
    assert is_final(None) is False


def test_unknown_ids_are_not_final() -> None:
    assert status_info(9999).final is None
    assert is_final(9999) is False
