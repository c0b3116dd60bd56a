"""Deterministic behaviour: what happens to a message or a lookup, decided by the number alone.

Everything here is a pure function of its input, so a test provokes an outcome by choosing a number, and the
documented outcome tables (which number gets which status) are this module written out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Final

from sms_api_models import ErrorGroupCode, GsmErrorCode, StatusCode
from sms_api_spec import (
    ERROR_GROUPS,
    GSM_ERRORS,
    REJECTIONS,
    SANDBOX_LIMITS,
    SANDBOX_STATUSES,
    STATUS_GROUPS,
    STATUSES,
    UNLISTED_STATUSES,
)

# --------------------------------------------------------------------------------------------------------
# Per-message rules of the spec (`x-sms-api-rejection` on DestinationAddresses and SenderId, generated into
# sms_api_spec.REJECTIONS).
# --------------------------------------------------------------------------------------------------------

_DESTINATION: Final = REJECTIONS["DestinationAddresses"]
_SENDER: Final = REJECTIONS["SenderId"]
DESTINATION_PATTERN: Final = re.compile(_DESTINATION["pattern"])
DESTINATION_INVALID_STATUS: Final = _DESTINATION["invalid"]
# The documentation has no status of its own for an empty address; the spec gives the sandbox's (51).
DESTINATION_EMPTY_STATUS: Final = _DESTINATION["empty"] or DESTINATION_INVALID_STATUS
SENDER_PATTERN: Final = re.compile(_SENDER["pattern"])
SENDER_INVALID_STATUS: Final = _SENDER["invalid"]

# Statuses the sandbox gives (ids of the generated StatusCode table).
ACCEPTED: Final = int(StatusCode.MESSAGE_ACCEPTED)
PENDING_ENROUTE: Final = int(StatusCode.PENDING_ENROUTE)
PENDING_WAITING_DELIVERY: Final = int(StatusCode.PENDING_WAITING_DELIVERY)
DELIVERED_TO_HANDSET: Final = int(StatusCode.DELIVERED_TO_HANDSET)
UNDELIVERABLE_REJECTED_OPERATOR: Final = int(StatusCode.UNDELIVERABLE_REJECTED_OPERATOR)
UNDELIVERABLE_NOT_DELIVERED: Final = int(StatusCode.UNDELIVERABLE_NOT_DELIVERED)
EXPIRED_EXPIRED: Final = int(StatusCode.EXPIRED_EXPIRED)
REJECTED_SOURCE: Final = int(StatusCode.REJECTED_SOURCE)
REJECTED_NOT_ENOUGH_CREDITS: Final = int(StatusCode.REJECTED_NOT_ENOUGH_CREDITS)
REJECTED_DUPLICATE_MESSAGE_ID: Final = int(StatusCode.REJECTED_DUPLICATE_MESSAGE_ID)
REJECTED_INVALID_UDH: Final = int(StatusCode.REJECTED_INVALID_UDH)
REJECTED_MESSAGE_TOO_LONG: Final = int(StatusCode.REJECTED_MESSAGE_TOO_LONG)

# Most parts one message may have; a longer one is REJECTED_MESSAGE_TOO_LONG (the spec's `x-sandbox`).
MAX_PARTS: Final = SANDBOX_LIMITS["max_parts"]

#: Every status row the sandbox may write: the provider's table, the rows the documentation shows outside
#: it (52) and the sandbox's own (51), all from the spec.
_STATUS_ROWS: Final = {**STATUSES, **UNLISTED_STATUSES, **SANDBOX_STATUSES}

# GSM error id -> error group (the table has no group column; these are the groups the API uses).
HANDSET_ERRORS: Final = int(ErrorGroupCode.HANDSET_ERRORS)
OPERATOR_ERRORS: Final = int(ErrorGroupCode.OPERATOR_ERRORS)
NO_ERROR: Final = int(GsmErrorCode.NO_ERROR)
EC_UNKNOWN_SUBSCRIBER: Final = int(GsmErrorCode.EC_UNKNOWN_SUBSCRIBER)
EC_CALL_BARRED: Final = int(GsmErrorCode.EC_CALL_BARRED)
EC_ABSENT_SUBSCRIBER: Final = int(GsmErrorCode.EC_ABSENT_SUBSCRIBER)
EC_VALIDITY_EXPIRED: Final = int(GsmErrorCode.EC_ValidityExpired)
_ERROR_GROUP_OF: Final = {
    NO_ERROR: int(ErrorGroupCode.OK),
    EC_UNKNOWN_SUBSCRIBER: HANDSET_ERRORS,
    EC_ABSENT_SUBSCRIBER: HANDSET_ERRORS,
    EC_CALL_BARRED: OPERATOR_ERRORS,
    EC_VALIDITY_EXPIRED: OPERATOR_ERRORS,
}


def status_object(status_id: int) -> dict[str, Any]:
    """The ``Status`` object of a status id, from the spec's code tables."""
    row = _STATUS_ROWS[status_id]
    group_id = row["groupId"]
    out: dict[str, Any] = {
        "groupId": group_id,
        "groupName": STATUS_GROUPS[group_id]["name"],
        "id": status_id,
        "name": row["name"],
        "description": row["description"],
    }
    if row.get("action"):
        out["action"] = row["action"]
    return out


def status_group_name(status_id: int) -> str:
    return str(status_object(status_id)["groupName"])


def _error_description(name: str) -> str:
    # EC_ABSENT_SUBSCRIBER -> "Absent Subscriber" (the seed's wording); NO_ERROR -> "No Error".
    words = name.removeprefix("EC_").replace("_", " ").split()
    return " ".join(word if any(c.islower() for c in word) else word.capitalize() for word in words)


def error_object(error_id: int) -> dict[str, Any]:
    """The ``Error`` object of a GSM error id, from the spec's code tables."""
    row = GSM_ERRORS[error_id]
    group_id = _ERROR_GROUP_OF.get(error_id, OPERATOR_ERRORS)
    return {
        "groupId": group_id,
        "groupName": ERROR_GROUPS[group_id]["name"],
        "id": error_id,
        "name": row["name"],
        "description": _error_description(row["name"]),
        "permanent": bool(row["permanent"]),
    }


# --------------------------------------------------------------------------------------------------------
# Validation of destinations and senders (per message, never an HTTP error)
# --------------------------------------------------------------------------------------------------------


def destination_rejection(to: str) -> int | None:
    """The REJECTED status a destination gets, or None when it is valid."""
    if to.strip() == "":
        return DESTINATION_EMPTY_STATUS
    if DESTINATION_PATTERN.fullmatch(to) is None:
        return DESTINATION_INVALID_STATUS
    return None


def sender_rejection(sender: str | None) -> int | None:
    if sender is None:
        return None  # no sender: the account's default sender is used
    if SENDER_PATTERN.fullmatch(sender) is None:
        return SENDER_INVALID_STATUS
    return None


def digits(number: str) -> str:
    return number.lstrip("+")


# --------------------------------------------------------------------------------------------------------
# Delivery outcome, by the last digit of the destination
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    error: int
    waits_for_expiry: bool = False  # never delivered: the message expires when its validity period ends


OUTCOMES: Final[dict[str, Outcome]] = {
    **{d: Outcome(DELIVERED_TO_HANDSET, NO_ERROR) for d in "123457"},
    "6": Outcome(UNDELIVERABLE_REJECTED_OPERATOR, EC_CALL_BARRED),
    "8": Outcome(UNDELIVERABLE_NOT_DELIVERED, EC_ABSENT_SUBSCRIBER),
    "0": Outcome(UNDELIVERABLE_NOT_DELIVERED, EC_UNKNOWN_SUBSCRIBER),
    "9": Outcome(EXPIRED_EXPIRED, EC_VALIDITY_EXPIRED, waits_for_expiry=True),
}
EXPIRED_OUTCOME: Final = Outcome(EXPIRED_EXPIRED, EC_VALIDITY_EXPIRED)


def outcome_for(to: str) -> Outcome:
    """Final status and error of a message to a valid destination, by its last digit."""
    return OUTCOMES[digits(to)[-1]]


# --------------------------------------------------------------------------------------------------------
# Networks and Number Context
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Network:
    country_prefix: str
    country_name: str
    network_prefix: str
    network_name: str
    mcc_mnc: str  # the MCC (3 digits) and the MNC (2 or 3), as `mccMnc` and the IMSI's head write them

    def as_object(self) -> dict[str, str]:
        return {
            "networkName": self.network_name,
            "networkPrefix": self.network_prefix,
            "countryName": self.country_name,
            "countryPrefix": self.country_prefix,
        }


# Country prefix -> (country, {network prefix: (network, MCC+MNC)}); the first network is the country's
# default, for a number whose network prefix is not listed.
_COUNTRIES: Final[dict[str, tuple[str, dict[str, tuple[str, str]]]]] = {
    "41": ("Switzerland", {"79": ("Swisscom", "22801"), "76": ("Sunrise", "22802"), "78": ("Salt", "22803")}),
    "385": (
        "Croatia",
        {"98": ("Hrvatski Telekom", "21901"), "91": ("A1 Hrvatska", "21910"), "95": ("Telemach", "21902")},
    ),
    "49": (
        "Germany",
        {
            "151": ("Telekom Deutschland", "26201"),
            "172": ("Vodafone", "26202"),
            "176": ("Telefonica O2", "26203"),
        },
    ),
    "44": ("United Kingdom", {"77": ("EE", "23430"), "74": ("Vodafone UK", "23415")}),
    "1": ("United States", {"201": ("T-Mobile US", "310260"), "212": ("Verizon Wireless", "311480")}),
}
NETWORKS: Final[dict[str, tuple[Network, ...]]] = {
    code: tuple(Network(code, country, prefix, name, mcc_mnc) for prefix, (name, mcc_mnc) in networks.items())
    for code, (country, networks) in _COUNTRIES.items()
}
# Networks for numbers of an unlisted country: the ITU test network.
UNKNOWN_NETWORK: Final = Network("", "Unknown", "", "Test Network", "00101")
# Where roaming numbers are: a network of another country.
ROAMING_NETWORKS: Final = (NETWORKS["385"][0], NETWORKS["41"][0])


def home_network(number: str) -> Network:
    """The network a number was issued by (its country prefix, then its network prefix)."""
    d = digits(number)
    for length in (3, 2, 1):
        networks = NETWORKS.get(d[:length])
        if networks is not None:
            rest = d[length:]
            for network in networks:
                if rest.startswith(network.network_prefix):
                    return network
            return networks[0]
    cc = d[:2] if len(d) >= 2 else d
    return Network(
        cc, UNKNOWN_NETWORK.country_name, d[2:4], UNKNOWN_NETWORK.network_name, UNKNOWN_NETWORK.mcc_mnc
    )


def ported_network(home: Network) -> Network:
    """Another network of the same country (for ported numbers), or a test network."""
    for network in NETWORKS.get(home.country_prefix, ()):
        if network != home:
            return network
    return Network(home.country_prefix, home.country_name, "00", "Ported Test Network", "00102")


def roaming_network(home: Network) -> Network:
    return next(n for n in ROAMING_NETWORKS if n.country_prefix != home.country_prefix)


def is_ported(number: str) -> bool:
    """Ported when the second-to-last digit is 3."""
    d = digits(number)
    return len(d) >= 2 and d[-2] == "3"


def is_roaming(number: str) -> bool:
    """Roaming when the second-to-last digit is 5."""
    d = digits(number)
    return len(d) >= 2 and d[-2] == "5"


def current_network(number: str) -> Network:
    """The network that serves the number now: its home network, or the one it was ported to."""
    home = home_network(number)
    return ported_network(home) if is_ported(number) else home


def mcc_mnc(number: str) -> str:
    return current_network(number).mcc_mnc


def _hash_digits(number: str, count: int) -> str:
    digest = hashlib.sha256(number.encode()).hexdigest()
    return "".join(str(int(c, 16) % 10) for c in digest)[:count]


def number_context(number: str) -> dict[str, Any]:
    """The Number Context of one number (an ``NCResponseDetails``), valid or not."""
    rejection = destination_rejection(number)
    if rejection is not None:
        return {"to": number, "status": status_object(rejection)}
    home = home_network(number)
    network = current_network(number)
    last = digits(number)[-1]
    out: dict[str, Any] = {"to": number, "mccMnc": network.mcc_mnc}
    known = last != "0"  # unknown subscriber: no IMSI, no MSC
    absent = last == "8"  # absent subscriber: an IMSI, but no serving MSC
    if known:
        out["imsi"] = network.mcc_mnc + _hash_digits(number, 15 - len(network.mcc_mnc))
    out["originalNetwork"] = home.as_object()
    out["ported"] = is_ported(number)
    if out["ported"]:
        out["portedNetwork"] = network.as_object()
    out["roaming"] = is_roaming(number)
    if out["roaming"]:
        out["roamingNetwork"] = roaming_network(home).as_object()
    if known and not absent:
        serving = roaming_network(home) if out["roaming"] else network
        out["servingMSC"] = serving.country_prefix + serving.network_prefix + _hash_digits(number + "msc", 6)
    if last == "0":
        out["status"] = status_object(UNDELIVERABLE_NOT_DELIVERED)
        out["error"] = error_object(EC_UNKNOWN_SUBSCRIBER)
    elif absent:
        out["status"] = status_object(UNDELIVERABLE_NOT_DELIVERED)
        out["error"] = error_object(EC_ABSENT_SUBSCRIBER)
    else:
        out["status"] = status_object(DELIVERED_TO_HANDSET)
        out["error"] = error_object(NO_ERROR)
    return out


# --------------------------------------------------------------------------------------------------------
# Inbound messages
# --------------------------------------------------------------------------------------------------------

_KEYWORD: Final = re.compile(r"^\s*([A-Z0-9]*[A-Z][A-Z0-9]*)(?:\s+(.*))?$", re.DOTALL)


def split_keyword(text: str) -> tuple[str, str]:
    """``(keyword, cleanText)``: the keyword is the first word when it is written in capitals (A-Z, 0-9, at
    least one letter, 2 to 20 characters); the clean text is the rest. No keyword: ``("", text)``."""
    match = _KEYWORD.match(text)
    if match is not None and 2 <= len(match.group(1)) <= 20:
        return match.group(1), (match.group(2) or "").strip()
    return "", text


def binary_parts(byte_count: int) -> int:
    """Parts of a binary message: up to 140 bytes is one SMS, longer content goes in parts of 134 bytes."""
    if byte_count <= 140:
        return 1
    return -(-byte_count // 134)
