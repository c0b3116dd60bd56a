"""Query parameters: which ones each operation takes, and how each kind of value is read."""

from __future__ import annotations

import re
from typing import Final

from starlette.requests import Request

from sms_api_spec import OPERATIONS, SANDBOX_LIMITS
from sms_api_spec import QUERY_PARAMETERS as SPEC_QUERY_PARAMETERS

from .clock import to_ms
from .dates import parse_rfc3339
from .problems import bad_request

#: Default and largest ``limit`` of the list operations (larger values are cut to the maximum): the sandbox's,
#: listed in the spec's root ``x-sandbox``.
DEFAULT_LIMIT: Final = SANDBOX_LIMITS["default_limit"]
MAX_LIMIT: Final = SANDBOX_LIMITS["max_limit"]
INT32_MAX: Final = 2**31 - 1

_DIGITS = re.compile(r"^[0-9]+$")

#: The query parameters of each operation that has any (spec/openapi.yaml, generated into
#: ``sms_api_spec.QUERY_PARAMETERS``), by operationId. Others are refused: a misspelled filter (``bulkid=``)
#: would otherwise silently widen the answer to everything.
OPERATION_QUERY_PARAMETERS: Final[dict[str, frozenset[str]]] = {
    operation_id: frozenset(parameters) for operation_id, parameters in SPEC_QUERY_PARAMETERS.items()
}

#: The same, by path (what a test walks to send every parameter of every route).
QUERY_PARAMETERS: Final[dict[str, frozenset[str]]] = {
    OPERATIONS[operation_id]["path"]: names for operation_id, names in OPERATION_QUERY_PARAMETERS.items()
}


def check_query(request: Request, operation_id: str | None) -> None:
    """Refuse a query parameter the operation does not take (routes outside the spec take any)."""
    known = OPERATION_QUERY_PARAMETERS.get(operation_id or "")
    if known is None:
        return
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        raise bad_request(
            f"unknown query parameter {unknown[0]!r}; this operation takes {', '.join(sorted(known))}"
        )


def one(request: Request, name: str) -> str | None:
    """The parameter's last value (a repeated one counts as written last), or None."""
    values = request.query_params.getlist(name)
    return values[-1] if values else None


def limit(request: Request) -> int:
    """``limit``: an integer 1..INT32_MAX, cut to :data:`MAX_LIMIT`; :data:`DEFAULT_LIMIT` when absent."""
    value = one(request, "limit")
    if value is None:
        return DEFAULT_LIMIT
    # The length check comes first: int() refuses strings of more than 4,300 digits with a ValueError.
    if _DIGITS.fullmatch(value) is None or len(value) > 10 or not 1 <= int(value) <= INT32_MAX:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise bad_request(f"limit: {shown!r} is not an integer from 1 to {INT32_MAX}")
    return min(int(value), MAX_LIMIT)


def many(request: Request, name: str) -> list[str]:
    """Every value: ``bulkId=a,b`` (the spec's form, explode: false) and ``bulkId=a&bulkId=b`` both work."""
    return [item for value in request.query_params.getlist(name) for item in value.split(",")]


def pattern_of(operation_id: str, name: str) -> str:
    """The spec's ``pattern`` of one query parameter of one operation."""
    pattern = SPEC_QUERY_PARAMETERS[operation_id][name]["pattern"]
    if pattern is None:
        raise KeyError(f"{operation_id} ?{name} has no pattern in the spec")
    return pattern


def matching(request: Request, name: str, pattern: str) -> str | None:
    """The value, which must match ``pattern`` (the spec's, anchored or not) whole."""
    value = one(request, name)
    if value is not None and re.fullmatch(pattern, value) is None:
        raise bad_request(f"{name}: {value!r} does not match {pattern}")
    return value


def date(request: Request, name: str) -> int | None:
    """An RFC 3339 date, in epoch milliseconds."""
    value = one(request, name)
    return None if value is None else to_ms(parse_rfc3339(value, name))
