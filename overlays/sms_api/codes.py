"""Look-ups in the provider's code tables (generated from the spec): message statuses and GSM errors.

Servers send ids that are in no table (the seed's own examples do), so an unknown id gives an entry with
``known=False`` and name ``"UNKNOWN"``, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass

from sms_api_spec import ERROR_GROUPS, GSM_ERRORS, STATUS_GROUPS, STATUSES

__all__ = ["ErrorInfo", "StatusInfo", "error_info", "status_info"]

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
    def permanent(self) -> bool | None:
        """Whether the status is final (DELIVERED, UNDELIVERABLE, EXPIRED, REJECTED); None when unknown."""
        if self.group_id is None or self.group_id not in STATUS_GROUPS:
            return None
        return STATUS_GROUPS[self.group_id]["name"] not in {"ACCEPTED", "PENDING"}


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
