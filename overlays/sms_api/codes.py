"""Look-ups in the provider's code tables (generated from the spec): message statuses and GSM errors.

Servers send ids that are in no table (the seed's own examples do), so an unknown id gives an entry with
``known=False`` and name ``"UNKNOWN"``, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sms_api_client.types import Unset
from sms_api_spec import ERROR_GROUPS, FINAL_STATUS_GROUPS, GSM_ERRORS, STATUS_GROUPS, STATUSES

if TYPE_CHECKING:
    from sms_api_client.models import Status

__all__ = ["ErrorInfo", "StatusInfo", "error_info", "is_final", "status_info"]

_FINAL_GROUP_NAMES = frozenset(STATUS_GROUPS[group]["name"] for group in FINAL_STATUS_GROUPS)

UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """A message status (``Status.id``) with its group. ``permanent`` is true for final groups."""

    id: int
    name: str
    description: str
    action: str | None
    group_id: int | None
    group_name: str
    group_description: str
    known: bool

    @property
    def final(self) -> bool | None:
        """Whether a message with this status changes no more: its group is one of the spec's final groups
        (``x-sms-api-final-groups``: UNDELIVERABLE, DELIVERED, EXPIRED, REJECTED). None when the group is
        in no table."""
        if self.group_id is None or self.group_id not in STATUS_GROUPS:
            return None
        return self.group_id in FINAL_STATUS_GROUPS

    @property
    def permanent(self) -> bool | None:
        """The same as :attr:`final` (the earlier name)."""
        return self.final


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """A GSM error (``Error.id``): name and permanence; group when ``group_id`` was given."""

    id: int
    name: str
    permanent: bool | None
    group_id: int | None
    group_name: str
    group_description: str
    known: bool


def status_info(status_id: int) -> StatusInfo:
    """Describe ``Status.id``; an id in no table gives ``known=False`` and name ``UNKNOWN``."""
    row = STATUSES.get(status_id)
    if row is None:
        description = f"Status {status_id} is in no table"
        return StatusInfo(status_id, UNKNOWN, description, None, None, UNKNOWN, "", False)
    group = STATUS_GROUPS.get(row["groupId"])
    return StatusInfo(
        id=status_id,
        name=row["name"],
        description=row["description"],
        action=row["action"],
        group_id=row["groupId"],
        group_name=group["name"] if group else UNKNOWN,
        group_description=group["description"] if group else "",
        known=True,
    )


def error_info(error_id: int, group_id: int | None = None) -> ErrorInfo:
    """Describe ``Error.id`` (a GSM error code) and, if given, ``Error.groupId``; never raises."""
    row = GSM_ERRORS.get(error_id)
    group = ERROR_GROUPS.get(group_id) if group_id is not None else None
    return ErrorInfo(
        id=error_id,
        name=row["name"] if row else UNKNOWN,
        permanent=row["permanent"] if row else None,
        group_id=group_id,
        group_name=group["name"] if group else UNKNOWN,
        group_description=group["description"] if group else "",
        known=row is not None,
    )


def _known(value: object) -> object:
    return None if isinstance(value, Unset) else value


def is_final(status: Status | int | None) -> bool:
    """Whether a message with this status (a ``Status`` model, or a ``Status.id``) changes no more.

    From the spec's tables: the status's ``groupId`` when it is a known group, else the group of its ``id``,
    else its ``groupName`` (servers send ``Queue/Accepted`` and ``Pending`` names, and ids in no table). A
    status none of these tell is not final: wait for it.
    """
    if status is None or isinstance(status, Unset):
        return False
    if isinstance(status, int):
        return status_info(status).final is True
    group_id = _known(status.group_id)
    if isinstance(group_id, int) and group_id in STATUS_GROUPS:
        return group_id in FINAL_STATUS_GROUPS
    status_id = _known(status.id)
    if isinstance(status_id, int) and status_id in STATUSES:
        return status_info(status_id).final is True
    name = _known(status.group_name)
    return isinstance(name, str) and name.strip().upper() in _FINAL_GROUP_NAMES
