"""What each command prints: the rows, table columns and CSV fields of the API's documents."""

from __future__ import annotations

from dataclasses import replace

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
_ERROR = (
    "error.groupId",
    "error.groupName",
    "error.id",
    "error.name",
    "error.description",
    "error.permanent",
)
_PRICE = ("price.pricePerMessage", "price.currency")
_NETWORK = ("networkName", "networkPrefix", "countryName", "countryPrefix")
# The first columns of every view of sent messages: which message, to whom, how it stands.
_MESSAGE_COLUMNS = (
    Column("Message ID", "messageId", "id"),
    Column("To", "to", "id"),
    Column("Status", "status.groupName"),
)

SENT = View(
    rows=("messages",),
    columns=(
        *_MESSAGE_COLUMNS,
        Column("SMS", "smsCount"),
    ),
    csv_fields=("messageId", "to", *_STATUS, "smsCount"),
)

DELIVERY_REPORTS = View(
    rows=("results",),
    columns=(
        *_MESSAGE_COLUMNS,
        Column("Done", "doneAt", "date"),
    ),
    csv_fields=(
        "bulkId",
        "messageId",
        "to",
        "sentAt",
        "doneAt",
        "smsCount",
        *_PRICE,
        *_STATUS,
        *_ERROR,
        "callbackData",
    ),
)

SENT_LOGS = View(
    rows=("results",),
    columns=(
        *_MESSAGE_COLUMNS,
        Column("Sent", "sentAt", "date"),
    ),
    csv_fields=(
        "bulkId",
        "messageId",
        "to",
        "from",
        "text",
        "sentAt",
        "doneAt",
        "smsCount",
        "mccmnc",
        *_PRICE,
        *_STATUS,
        *_ERROR,
    ),
)

INBOX = View(
    rows=("results",),
    columns=(
        Column("Received", "receivedAt", "date"),
        Column("From", "from", "id"),
        Column("To", "to", "id"),
        Column("Text", "text", "text"),
    ),
    csv_fields=("messageId", "from", "to", "text", "cleanText", "keyword", "receivedAt", "smsCount"),
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
    csv_fields=(
        "to",
        "mccMnc",
        "imsi",
        *(f"originalNetwork.{n}" for n in _NETWORK),
        "ported",
        *(f"portedNetwork.{n}" for n in _NETWORK),
        "roaming",
        *(f"roamingNetwork.{n}" for n in _NETWORK),
        "servingMSC",
        *_STATUS,
        *_ERROR,
    ),
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
