"""The read operations: delivery reports and inbound messages (read once), the logs, the balance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

import sms_api_models as models

from .. import query
from ..answers import answer, encode
from ..context import Sandbox
from ..negotiation import answer_format
from ..problems import bad_request
from ..read_once import ReadOnceResponse
from ..store import LogFilter
from ..views import inbound_object, log_object, report_object

_GENERAL_STATUSES: Final = frozenset(s.value for s in models.GeneralStatus)
_MCC_PATTERN: Final = query.pattern_of("get-sent-sms-logs", "mcc")
_MNC_PATTERN: Final = query.pattern_of("get-sent-sms-logs", "mnc")


def _read_once(
    sandbox: Sandbox,
    rows: list[Any],
    fmt: str,
    render: Callable[[list[Any]], tuple[dict[str, Any], str]],
    finish: Callable[[list[int]], None],
    release: Callable[[list[int]], None],
) -> Response:
    """The answer for leased rows: released if it cannot be built, marked read once written (read_once)."""
    ids = [int(r["id"]) for r in rows]
    try:
        value, schema = render(rows)
        content = encode(value, fmt, schema)
    except BaseException:
        release(ids)
        raise
    if not ids:
        return Response(content, media_type=fmt)
    return ReadOnceResponse(
        content,
        fmt,
        finish=lambda: finish(ids),
        release=lambda: release(ids),
        pending=sandbox.leases,
    )


def get_delivery_reports(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    limit = query.limit(request)
    fmt = answer_format(request)
    rows = sandbox.store.lease_reports(
        user, sandbox.now_ms(user), query.one(request, "bulkId"), query.one(request, "messageId"), limit
    )
    return _read_once(
        sandbox,
        rows,
        fmt,
        lambda rows: ({"results": [report_object(r) for r in rows]}, "SMSReportResponse"),
        sandbox.store.finish_report_lease,
        sandbox.store.release_report_lease,
    )


def get_sent_logs(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    general = query.one(request, "generalStatus")
    if general is not None and general not in _GENERAL_STATUSES:
        raise bad_request(f"generalStatus: {general!r} is not one of {sorted(_GENERAL_STATUSES)}")
    f = LogFilter(
        sender=query.one(request, "from"),
        to=query.one(request, "to"),
        bulk_ids=query.many(request, "bulkId"),
        message_ids=query.many(request, "messageId"),
        general_status=general,
        sent_since=query.date(request, "sentSince"),
        sent_until=query.date(request, "sentUntil"),
        mcc=query.matching(request, "mcc", _MCC_PATTERN),
        mnc=query.matching(request, "mnc", _MNC_PATTERN),
        limit=query.limit(request),
    )
    now = sandbox.now_ms(user)
    rows = sandbox.store.logs(user, now, f)
    return answer({"results": [log_object(r, now) for r in rows]}, answer_format(request), "SMSLogsResponse")


def get_received(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    limit = query.limit(request)
    rows = sandbox.store.lease_inbound(user, limit)
    return _read_once(
        sandbox,
        rows,
        answer_format(request),
        lambda rows: ({"results": [inbound_object(r, log=False) for r in rows]}, "MOReportResponse"),
        sandbox.store.finish_inbound_lease,
        sandbox.store.release_inbound_lease,
    )


def get_received_logs(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    keyword = query.one(request, "keyword")
    if keyword == "NO_KEYWORD":
        keyword = ""
    rows = sandbox.store.inbound_logs(
        user,
        keyword,
        query.one(request, "to"),
        query.date(request, "receivedSince"),
        query.date(request, "receivedUntil"),
        query.limit(request),
    )
    body = {"results": [inbound_object(r, log=True) for r in rows]}
    return answer(body, answer_format(request), "MOLogsResponse")


def get_balance(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    balance, currency = sandbox.store.balance(user)
    return answer({"balance": balance, "currency": currency}, answer_format(request), "AccountBalance")
