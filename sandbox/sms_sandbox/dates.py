"""Dates on the wire: RFC 3339 in requests, the server's ``yyyy-MM-dd'T'HH:mm:ss.SSS+0000`` in answers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from .clock import MAX_MS, MIN_MS, UTC, from_ms, to_ms
from .problems import bad_request

_RFC3339: Final = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$"
)


def parse_rfc3339(value: str, name: str) -> dt.datetime:
    """A request date (RFC 3339). A '+' that form decoding turned into a space is taken back."""
    candidate = value
    if len(value) > 6 and value[-6] == " " and value[-3] == ":":
        candidate = value[:-6] + "+" + value[-5:]
    if _RFC3339.fullmatch(candidate) is None:
        raise bad_request(f"{name}: {value!r} is not an RFC 3339 date-time (2015-07-07T17:00:00.000+01:00)")
    try:
        # Python's fromisoformat takes at most 6 fractional digits.
        fixed = re.sub(r"(\.\d{6})\d+", r"\1", candidate.replace("z", "Z").replace("t", "T"))
        when = dt.datetime.fromisoformat(fixed)
    except ValueError:
        raise bad_request(f"{name}: {value!r} is not a valid date-time") from None
    # Every answer writes dates in UTC: a date whose UTC form is outside years 1..9999 could be stored but
    # never written back (9999-12-31T23:59:59-23:59 is year 10000 in UTC).
    try:
        in_utc = when.astimezone(UTC)
    except OverflowError:
        in_utc = None
    if in_utc is None or not (MIN_MS <= to_ms(in_utc) <= MAX_MS):
        raise bad_request(f"{name}: {value!r} is out of range ({EARLIEST} to {LATEST} in UTC)")
    return when


EARLIEST: Final = "0001-01-01T00:00:00.000Z"
LATEST: Final = "9999-12-31T23:59:59.999Z"


def format_date(ms: int) -> str:
    """The server's format: ``yyyy-MM-dd'T'HH:mm:ss.SSS+HHMM`` (UTC, so ``+0000``).

    Times the sandbox computes (``sendAt`` plus 48 hours, a database written by an older version) may lie
    beyond year 9999: they are written as the last representable millisecond, so that no stored row can
    make a read fail.
    """
    when = from_ms(min(max(ms, MIN_MS), MAX_MS))
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}+0000"
