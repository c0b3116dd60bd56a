"""Reading what users type: times (``--since 2h`` or ISO 8601) and destination lists (``--to-file``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

import click

__all__ = ["TimeParam", "read_destinations"]

_RELATIVE = re.compile(r"^(\d+)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class TimeParam(click.ParamType[datetime]):
    """An ISO 8601 date-time (``2026-12-01T10:00:00+01:00``; without an offset it is local time) or a
    time before now (``30m``, ``2h``, ``1d``). Always timezone-aware."""

    name = "TIME"

    def __init__(self, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._now = now

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        match = _RELATIVE.match(text)
        if match:
            amount, unit = int(match.group(1)), _UNITS[match.group(2)]
            try:
                return self._now() - timedelta(**{unit: amount})
            except OverflowError:
                self.fail(f"{text!r} is too far back", param, ctx)
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            self.fail(
                f"{text!r} is neither an ISO 8601 time (2026-12-01T10:00:00+01:00) nor an age (30m, 2h, 1d)",
                param,
                ctx,
            )
        return parsed if parsed.tzinfo is not None else parsed.astimezone()


def read_destinations(lines: Iterable[str]) -> list[str]:
    """Numbers one per line; blank lines and ``#`` comments are skipped, spaces around a number dropped."""
    numbers: list[str] = []
    for line in lines:
        number = line.split("#", 1)[0].strip()
        if number:
            numbers.append(number)
    return numbers
