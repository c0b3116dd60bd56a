"""Helpers on message lists: find the rejected ones, and give advanced sends client-side message IDs."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from sms_api_client.types import Unset
from sms_api_spec import REJECTED_STATUS_GROUP, STATUS_GROUPS

if TYPE_CHECKING:  # the models package is imported by the generated operations, not by `import sms_api`
    from sms_api_client.models import SMSAdvancedTextualRequest, Status

__all__ = [
    "assign_message_ids",
    "fill_missing_message_ids",
    "is_rejected",
    "new_message_id",
    "rejected_messages",
]

#: The status group of a refused message (the spec's ``x-sms-api-rejected-group``), by id and by name.
REJECTED_GROUP_ID = REJECTED_STATUS_GROUP
REJECTED_GROUP_NAME = STATUS_GROUPS[REJECTED_STATUS_GROUP]["name"]

#: The lists of entries a response may carry (``SMSResponse.messages``, ``NCResponse.nc_results``, ...).
_LISTS = ("messages", "results", "nc_results")


# Typing only: the Protocols cost ~2 ms to define at `import sms_api` and nothing checks them at run time.
if TYPE_CHECKING:

    class _HasStatus(Protocol):
        @property
        def status(self) -> Status: ...

    _Entry = TypeVar("_Entry", bound=_HasStatus, covariant=True)

    # A response model with one of the _LISTS of entries that carry a status: one generic signature gives
    # every model's own entry type back (list[SentSMSReport] for an SMSReportResponse, and so on).
    class _WithMessages(Protocol[_Entry]):
        @property
        def messages(self) -> Sequence[_Entry]: ...

    class _WithResults(Protocol[_Entry]):
        @property
        def results(self) -> Sequence[_Entry] | Unset: ...

    class _WithNcResults(Protocol[_Entry]):
        @property
        def nc_results(self) -> Sequence[_Entry] | Unset: ...


E = TypeVar("E", bound="_HasStatus")
R = TypeVar("R", "SMSAdvancedTextualRequest", dict[str, Any])


@functools.cache
def _camel(name: str) -> str:
    return "".join(part.capitalize() if i else part for i, part in enumerate(name.split("_")))


def _get(item: Any, name: str) -> Any:
    """A field of a model, or of the same document as a dict (camelCase key); None when absent or unset."""
    if isinstance(item, dict | Mapping):  # dict first: the common case, without the ABC check
        return item.get(_camel(name))
    value = getattr(item, name, None)
    return None if isinstance(value, Unset) else value


def is_rejected(item: Any) -> bool:
    """True when ``item`` (a message, report or log entry, model or dict) has a status in group REJECTED."""
    return status_is_rejected(_get(item, "status"))


def status_is_rejected(status: Any) -> bool:
    """True when ``status`` (a ``Status`` model or dict, or None) is in group REJECTED, by id or name."""
    if status is None:
        return False
    group_id = _get(status, "group_id")
    group_name = _get(status, "group_name")
    return group_id == REJECTED_GROUP_ID or (
        isinstance(group_name, str) and group_name.strip().upper() == REJECTED_GROUP_NAME
    )


@overload
def rejected_messages(response: dict[str, Any]) -> list[dict[str, Any]]: ...
@overload
def rejected_messages(response: _WithMessages[E] | _WithResults[E] | _WithNcResults[E]) -> list[E]: ...
def rejected_messages(response: Any) -> list[Any]:
    """The entries of a response whose status group is REJECTED (``groupId`` 5 or ``groupName`` REJECTED).

    Works on every generated response model with a list of entries carrying a ``status``
    (``SMSResponse.messages``, ``SMSReportResponse.results``, ``SMSLogsResponse.results``,
    ``DeliveryReportNotification.results``, ``NCResponse.results``/``nc_results``,
    ``NCResponseAsync.nc_results``) and on the same responses as dicts. The API answers such a request
    ``200 OK``:
    rejections are per message, not errors.
    """
    found: list[Any] = []
    for name in _LISTS:
        entries = _get(response, name)
        if isinstance(entries, Iterable) and not isinstance(entries, str | bytes | dict):
            found.extend(entry for entry in entries if is_rejected(entry))
    return found


def message_destinations(body: Any) -> Iterator[Any]:
    """Every destination of an advanced send: its JSON body (a dict) or ``SMSAdvancedTextualRequest``.

    The one walk over ``messages[].destinations[]``. Where the body is not of that shape (no list of
    messages, an empty one, a message without a non-empty list of destinations) it yields ``None`` in that
    place, so that a check over every destination fails there and a pass that fills IDs skips it.
    """
    messages = _get(body, "messages")
    if not isinstance(messages, list) or not messages:
        yield None
        return
    for message in messages:
        destinations = _get(message, "destinations")
        if isinstance(destinations, list) and destinations:
            yield from destinations
        else:
            yield None


def has_message_id(destination: Any) -> bool:
    """True when ``destination`` (a dict or ``SMSDestination``) carries a non-blank client ``messageId``."""
    # A JSON body's dict first: the transport asks this of every destination of every advanced send.
    message_id = (
        destination.get("messageId") if type(destination) is dict else _get(destination, "message_id")
    )
    return isinstance(message_id, str) and bool(message_id.strip())


def fill_missing_message_ids(body: Any, new_id: Callable[[], str]) -> bool:
    """Give each destination of an advanced send without a ``messageId`` one; True if any got one.

    ``body`` is the JSON body (a dict) or the ``SMSAdvancedTextualRequest``, changed in place. Tolerates
    bodies of the wrong shape (leaves them alone): the transport runs it on whatever was sent.
    """
    changed = False
    for destination in message_destinations(body):
        if isinstance(destination, dict):
            if not destination.get("messageId"):
                destination["messageId"] = new_id()
                changed = True
        elif hasattr(destination, "message_id") and not _get(destination, "message_id"):
            destination.message_id = new_id()  # the model's SMSDestination (unset or empty ID)
            changed = True
    return changed


def new_message_id() -> str:
    """A new client ``messageId``: a random UUID (``uuid4``) as text."""
    # uuid is imported here: with the `platform` module it pulls in it costs ~5 ms, which every
    # `from sms_api import SmsApi` would otherwise pay before any message ID is made.
    import uuid

    return str(uuid.uuid4())


def assign_message_ids(request: R, *, new_id: Callable[[], str] = new_message_id) -> R:
    """Give every destination of an advanced send that has no ``messageId`` a new UUID; returns ``request``.

    The server rejects a second message with an ID it has seen (REJECTED_DUPLICATE_MESSAGE_ID), so an advanced
    send whose every destination has a client ID is safe to retry: the SDK retries it like a read. Keep the
    IDs: they are what you look delivery reports and logs up by. Works on the model and on a dict; changes it
    in place.
    """
    fill_missing_message_ids(request, new_id)
    return request
