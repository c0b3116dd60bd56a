"""What each command prints: the rows, table columns and CSV fields of the API's documents."""

from __future__ import annotations

from dataclasses import replace

from sms_api_spec import SCHEMAS

from .output import Column, View

__all__ = [
    "BALANCE",
    "DELIVERY_REPORTS",
    "DELIVERY_REPORT_PUSH",
    "INBOX",
    "LOOKUP",
    "LOOKUP_ASYNC",
    "NUMBER_CONTEXT_PUSH",
    "SENT",
    "SENT_LOGS",
]

_STATUS = ("status.groupId", "status.groupName", "status.id", "status.name", "status.description")
#: Fields the CSV of every view leaves out: the status's action, which the API fills only for a few
#: rejections (the views have never had the column; the JSON output keeps it).
_LEFT_OUT = frozenset({"status.action"})
# The first columns of every view of sent messages: which message, to whom, how it stands.
_MESSAGE_COLUMNS = (
    Column("Message ID", "messageId", "id"),
    Column("To", "to", "id"),
    Column("Status", "status.groupName"),
)


def _fields_of(schema: str, prefix: str = "") -> tuple[str, ...]:
    """The CSV fields of one entry of ``schema``: its properties in the spec's order, nested objects
    flattened to ``object.property`` paths (the spec owns the field names; nothing here copies them)."""
    fields: list[str] = []
    for name, shape in SCHEMAS[schema]["properties"].items():
        path = prefix + name
        if shape["kind"] == "object":
            fields += _fields_of(shape["schema"], f"{path}.")
        elif path not in _LEFT_OUT:
            fields.append(path)
    return tuple(fields)


SENT = View(
    rows=("messages",),
    columns=(*_MESSAGE_COLUMNS, Column("SMS", "smsCount")),
    csv_fields=("messageId", "to", *_STATUS, "smsCount"),
)

# Pulled (SentSMSReport) and pushed (DeliveryReport) reports alike: the pushed one has callbackData too.
DELIVERY_REPORTS = View(
    rows=("results",),
    columns=(*_MESSAGE_COLUMNS, Column("Done", "doneAt", "date")),
    csv_fields=_fields_of("DeliveryReport"),
)

SENT_LOGS = View(
    rows=("results",),
    columns=(*_MESSAGE_COLUMNS, Column("Sent", "sentAt", "date")),
    csv_fields=_fields_of("SentSMSLog"),
)

# Pulled inbound messages (MOReport) and the inbox logs (MOLog) have the same fields, in the former's order.
INBOX = View(
    rows=("results",),
    columns=(
        Column("Received", "receivedAt", "date"),
        Column("From", "from", "id"),
        Column("To", "to", "id"),
        Column("Text", "text", "text"),
    ),
    csv_fields=_fields_of("MOReport"),
)

LOOKUP = View(
    rows=("results", "ncResults"),
    columns=(
        Column("To", "to", "id"),
        Column("Network", "originalNetwork.networkName"),
        Column("MCC/MNC", "mccMnc"),
        Column("Ported", "ported"),
        Column("Roaming", "roaming"),
        Column("Status", "status.groupName"),
    ),
    csv_fields=_fields_of("NCResponseDetails"),
)

DELIVERY_REPORT_PUSH = replace(DELIVERY_REPORTS, title="delivery report")

NUMBER_CONTEXT_PUSH = replace(LOOKUP, title="Number Context result")

LOOKUP_ASYNC = View(
    rows=("results", "ncResults"),
    columns=_MESSAGE_COLUMNS,
    csv_fields=("messageId", "to", *_STATUS),
)

BALANCE = View(
    rows=(),
    columns=(Column("Balance", "balance"), Column("Currency", "currency")),
    csv_fields=("balance", "currency"),
)
