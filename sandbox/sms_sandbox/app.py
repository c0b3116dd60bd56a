"""The sandbox ASGI app: the twelve operations of spec/openapi.yaml plus a few ``/sandbox/`` admin routes."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import datetime as dt
import inspect
import logging
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

import httpx
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import sms_api_models as models
from sms_api.sms_parts import count_sms_parts

from . import rules
from .accounts import MICROS, Account, with_default
from .callbacks import DEFAULT_BACKOFF, Dispatcher, callback_allowed
from .clock import MAX_MS, Clock, SystemClock, to_ms
from .formats import (
    JSON,
    MAX_BODY_BYTES,
    ApiProblem,
    answer,
    answer_format,
    bad_request,
    body_format,
    decode_body,
    encode,
    error_answer,
    format_date,
    parse_rfc3339,
    prepare,
    read_body,
    unauthorized,
    validate,
)
from .inbox import RefuseCrossSiteWrites, inbox_routes
from .middleware import AbsoluteFormMiddleware
from .read_once import PendingLeases, ReadOnceResponse
from .store import LogFilter, NewMessage, Store
from .views import inbound_object, log_object, report_object

log = logging.getLogger("sms_sandbox")

#: Default and largest ``limit`` of the list operations (larger values are cut to the maximum).
DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 1000
#: Most destinations (numbers) one request may carry; more is a 400.
MAX_DESTINATIONS: Final = 10_000
#: Validity periods are cut to 48 hours (milliseconds).
MAX_VALIDITY_MS: Final = 48 * 3600 * 1000
INT32_MAX: Final = 2**31 - 1
#: Largest step of ``POST /sandbox/clock/advance`` (ten years) and largest balance ``PUT /sandbox/balance``
#: takes (its micro-units must fit SQLite's 64-bit integers).
MAX_ADVANCE_SECONDS: Final = 10 * 365 * 86400
MAX_BALANCE: Final = 1e12

_CLOCK_OFFSET_KEY: Final = "clock_offset_seconds"
_GENERAL_STATUSES: Final = frozenset(s.value for s in models.GeneralStatus)


@dataclass
class Sandbox:
    """Everything a request handler needs; ``app.state.sandbox``."""

    store: Store
    clock: Clock
    dispatcher: Dispatcher
    callback_allow: frozenset[str]
    delivery_delay_ms: int
    max_body_bytes: int
    leases: PendingLeases = field(default_factory=PendingLeases)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def now_ms(self, user: str) -> int:
        """Now on ``user``'s clock: the sandbox clock plus what that account advanced its own clock by."""
        return to_ms(self.clock.now()) + self.store.clock_offset(user)

    def advance(self, user: str, seconds: float) -> None:
        """Move ``user``'s clock forward (kept in the store, so with ``--db`` it survives a restart)."""
        self.store.advance_clock(user, round(seconds * 1000))
        self.dispatcher.wake()


def _new_id() -> str:
    return str(uuid.uuid4())


# --------------------------------------------------------------------------------------------------------
# Plumbing: auth, errors
# --------------------------------------------------------------------------------------------------------

#: Most handlers are plain functions of the request, the sandbox, the user and the raw body: they run in a
#: worker thread, so that a large request (10,000 destinations) never holds the event loop and every other
#: client up. The store serializes its SQLite work under its own lock, which makes that safe. The few
#: handlers that await the dispatcher are coroutines and run on the loop.
SyncHandler = Callable[[Request, "Sandbox", str, bytes], Response]
AsyncHandler = Callable[[Request, "Sandbox", str], Awaitable[Response]]


def _authenticate(request: Request, sandbox: Sandbox) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        raise unauthorized()
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise unauthorized() from None
    username, sep, password = decoded.partition(":")
    if not sep:
        raise unauthorized()
    user = sandbox.store.authenticate(username, password)
    if user is None:
        raise unauthorized()
    return user


def _authenticated_user(request: Request, sandbox: Sandbox) -> str:
    user = _authenticate(request, sandbox)
    _check_query(request)
    return user


def _endpoint(handler: SyncHandler | AsyncHandler) -> Callable[[Request], Awaitable[Response]]:
    if inspect.iscoroutinefunction(handler):
        return _async_endpoint(cast(AsyncHandler, handler))
    return _threaded_endpoint(cast(SyncHandler, handler))


def _threaded_endpoint(handler: SyncHandler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        fmt = answer_format(request)
        sandbox: Sandbox = request.app.state.sandbox
        try:
            user = await run_in_threadpool(_authenticated_user, request, sandbox)
            raw = b""
            if request.method in ("POST", "PUT"):
                raw = await read_body(request, sandbox.max_body_bytes)
            return await run_in_threadpool(handler, request, sandbox, user, raw)
        except ApiProblem as problem:
            return error_answer(problem, fmt)

    endpoint.__name__ = handler.__name__
    return endpoint


def _async_endpoint(handler: AsyncHandler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        fmt = answer_format(request)
        sandbox: Sandbox = request.app.state.sandbox
        try:
            return await handler(request, sandbox, _authenticated_user(request, sandbox))
        except ApiProblem as problem:
            return error_answer(problem, fmt)

    endpoint.__name__ = handler.__name__
    return endpoint


def _body(request: Request, raw: bytes, model: type[Any], schema: str) -> Any:
    fmt = body_format(request)
    data = prepare(decode_body(raw, fmt, schema), schema, fmt)
    _check_dates(data)
    return validate(model, data)


def _check_dates(data: Any) -> None:
    # pydantic reads more date forms than RFC 3339 (the spec's `format: date-time`); hold sendAt to it.
    messages = data.get("messages") if isinstance(data, dict) else None
    if isinstance(messages, list):
        for index, message in enumerate(messages):
            if isinstance(message, dict) and isinstance(message.get("sendAt"), str):
                parse_rfc3339(message["sendAt"], f"messages[{index}].sendAt")


# --------------------------------------------------------------------------------------------------------
# Query parameters
# --------------------------------------------------------------------------------------------------------

_DIGITS = re.compile(r"^[0-9]+$")


#: The query parameters of each operation that has any (spec/openapi.yaml). Others are refused: a misspelled
#: filter (``bulkid=``) would otherwise silently widen the answer to everything.
QUERY_PARAMETERS: Final[dict[str, frozenset[str]]] = {
    "/restapi/sms/1/reports": frozenset({"bulkId", "messageId", "limit"}),
    "/restapi/sms/1/logs": frozenset(
        {
            "from",
            "to",
            "bulkId",
            "messageId",
            "generalStatus",
            "sentSince",
            "sentUntil",
            "limit",
            "mcc",
            "mnc",
        }
    ),
    "/restapi/sms/1/inbox/reports": frozenset({"limit"}),
    "/restapi/sms/1/inbox/logs": frozenset({"limit", "keyword", "to", "receivedSince", "receivedUntil"}),
}


def _check_query(request: Request) -> None:
    known = QUERY_PARAMETERS.get(request.url.path)
    if known is None:
        return
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        raise bad_request(
            f"unknown query parameter {unknown[0]!r}; this operation takes {', '.join(sorted(known))}"
        )


def _q_one(request: Request, name: str) -> str | None:
    values = request.query_params.getlist(name)
    return values[-1] if values else None


def _q_limit(request: Request) -> int:
    value = _q_one(request, "limit")
    if value is None:
        return DEFAULT_LIMIT
    # The length check comes first: int() refuses strings of more than 4,300 digits with a ValueError.
    if _DIGITS.fullmatch(value) is None or len(value) > 10 or not 1 <= int(value) <= INT32_MAX:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise bad_request(f"limit: {shown!r} is not an integer from 1 to {INT32_MAX}")
    return min(int(value), MAX_LIMIT)


def _q_list(request: Request, name: str) -> list[str]:
    # `bulkId=a,b` (the spec's form, explode: false) and `bulkId=a&bulkId=b` both work.
    return [item for value in request.query_params.getlist(name) for item in value.split(",")]


def _q_pattern(request: Request, name: str, pattern: str) -> str | None:
    value = _q_one(request, name)
    if value is not None and re.fullmatch(pattern, value) is None:
        raise bad_request(f"{name}: {value!r} does not match {pattern}")
    return value


def _q_date(request: Request, name: str) -> int | None:
    value = _q_one(request, name)
    return None if value is None else to_ms(parse_rfc3339(value, name))


# --------------------------------------------------------------------------------------------------------
# Sending
# --------------------------------------------------------------------------------------------------------


@dataclass
class _Options:
    send_at: dt.datetime | None = None
    validity_ms: int | None = None
    notify_url: str | None = None
    notify_ct: str | None = None
    callback_data: str | None = None


def _destinations(to: Any) -> list[str]:
    if isinstance(to, str):
        return [to]
    return list(to.root if hasattr(to, "root") else to)


def _new_message(
    sandbox: Sandbox,
    now: int,
    to: str,
    sender: str | None,
    *,
    text: str | None = None,
    binary: Any = None,
    client_id: str | None = None,
    options: _Options | None = None,
) -> NewMessage:
    options = options or _Options()
    if binary is not None:
        content = bytes.fromhex(binary.hex)
        sms_count = rules.binary_parts(len(content))
    else:
        content = b""
        sms_count = count_sms_parts(text or "").parts
    rejection = rules.destination_rejection(to) or rules.sender_rejection(sender)
    if rejection is None and sms_count > rules.MAX_PARTS:
        rejection = rules.REJECTED_MESSAGE_TOO_LONG
    udh = binary is not None and (binary.esmClass or 0) & 0x40
    if rejection is None and udh and (not content or content[0] + 1 > len(content)):
        # UDH indicator set: the first byte is the header length, and the header must fit.
        rejection = rules.REJECTED_INVALID_UDH
    start = max(now, to_ms(options.send_at)) if options.send_at is not None else now
    validity = min(options.validity_ms or MAX_VALIDITY_MS, MAX_VALIDITY_MS)
    deadline = start + validity
    outcome = rules.outcome_for(to) if rejection is None else rules.EXPIRED_OUTCOME
    if outcome.waits_for_expiry:
        final_at = deadline
    elif start + sandbox.delivery_delay_ms > deadline:
        outcome, final_at = rules.EXPIRED_OUTCOME, deadline
    else:
        final_at = start + sandbox.delivery_delay_ms
    push = False
    if options.notify_url is not None:
        push = callback_allowed(options.notify_url, sandbox.callback_allow)
    return NewMessage(
        to=to,
        sender=sender,
        text=text if binary is None else None,
        sms_count=sms_count,
        rejection=rejection,
        client_message_id=client_id,
        final_status=outcome.status,
        final_error=outcome.error,
        start_at=start,
        final_at=final_at,
        mccmnc=rules.mcc_mnc(to) if rejection is None else None,
        notify_url=options.notify_url,
        notify_ct=options.notify_ct,
        callback_data=options.callback_data,
        push=push,
    )


def _check_count(count: int) -> None:
    if count > MAX_DESTINATIONS:
        raise bad_request(
            f"a request may carry at most {MAX_DESTINATIONS} destinations, this one has {count}"
        )


def _send(
    request: Request, sandbox: Sandbox, user: str, messages: list[NewMessage], bulk_id: str | None
) -> Response:
    now = sandbox.now_ms(user)
    if bulk_id is None and len(messages) > 1:
        bulk_id = _new_id()
    entries = sandbox.store.send(user, bulk_id, messages, _new_id, now)
    for m, e in zip(messages, entries, strict=True):
        if m.notify_url is not None and not m.push:
            # Recorded under the message ID, as every other delivery-report attempt is.
            sandbox.store.record_attempt(
                user,
                "deliveryReport",
                e["messageId"],
                m.notify_url,
                now,
                "refused: host is not loopback or allow-listed",
            )
    sandbox.dispatcher.wake()
    body: dict[str, Any] = {}
    if bulk_id is not None:
        body["bulkId"] = bulk_id
    body["messages"] = [
        {
            "to": e["to"],
            "status": rules.status_object(e["status"]),
            "smsCount": e["smsCount"],
            "messageId": e["messageId"],
        }
        for e in entries
    ]
    return answer(body, answer_format(request), "SMSResponse")


def send_single_text(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    body = _body(request, raw, models.SMSTextualRequest, "SMSTextualRequest")
    now = sandbox.now_ms(user)
    tos = _destinations(body.to)
    _check_count(len(tos))
    messages = [_new_message(sandbox, now, to, body.from_, text=body.text) for to in tos]
    return _send(request, sandbox, user, messages, None)


def send_multi_text(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    body = _body(request, raw, models.SMSMultiTextualRequest, "SMSMultiTextualRequest")
    now = sandbox.now_ms(user)
    pairs = [(m, to) for m in body.messages for to in _destinations(m.to)]
    _check_count(len(pairs))
    messages = [_new_message(sandbox, now, to, m.from_, text=m.text) for m, to in pairs]
    return _send(request, sandbox, user, messages, None)


def send_single_binary(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    body = _body(request, raw, models.SMSBinaryRequest, "SMSBinaryRequest")
    now = sandbox.now_ms(user)
    tos = _destinations(body.to)
    _check_count(len(tos))
    messages = [_new_message(sandbox, now, to, body.from_, binary=body.binary) for to in tos]
    return _send(request, sandbox, user, messages, None)


def send_multi_binary(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    body = _body(request, raw, models.SMSMultiBinaryRequest, "SMSMultiBinaryRequest")
    now = sandbox.now_ms(user)
    pairs = [(m, to) for m in body.messages for to in _destinations(m.to)]
    _check_count(len(pairs))
    messages = [_new_message(sandbox, now, to, m.from_, binary=m.binary) for m, to in pairs]
    return _send(request, sandbox, user, messages, None)


def send_advanced(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    body = _body(request, raw, models.SMSAdvancedTextualRequest, "SMSAdvancedTextualRequest")
    now = sandbox.now_ms(user)
    _check_count(sum(len(m.destinations) for m in body.messages))
    messages: list[NewMessage] = []
    for m in body.messages:
        options = _Options(
            send_at=m.sendAt,
            validity_ms=m.validityPeriod,
            notify_url=None if m.notifyUrl is None else str(m.notifyUrl),
            notify_ct=None if m.notifyContentType is None else m.notifyContentType.value,
            callback_data=m.callbackData,
        )
        for d in m.destinations:
            messages.append(
                _new_message(sandbox, now, d.to, m.from_, text=m.text, client_id=d.messageId, options=options)
            )
    return _send(request, sandbox, user, messages, body.bulkId)


# --------------------------------------------------------------------------------------------------------
# Reports and logs
# --------------------------------------------------------------------------------------------------------


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
    limit = _q_limit(request)
    fmt = answer_format(request)
    rows = sandbox.store.lease_reports(
        user, sandbox.now_ms(user), _q_one(request, "bulkId"), _q_one(request, "messageId"), limit
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
    general = _q_one(request, "generalStatus")
    if general is not None and general not in _GENERAL_STATUSES:
        raise bad_request(f"generalStatus: {general!r} is not one of {sorted(_GENERAL_STATUSES)}")
    f = LogFilter(
        sender=_q_one(request, "from"),
        to=_q_one(request, "to"),
        bulk_ids=_q_list(request, "bulkId"),
        message_ids=_q_list(request, "messageId"),
        general_status=general,
        sent_since=_q_date(request, "sentSince"),
        sent_until=_q_date(request, "sentUntil"),
        mcc=_q_pattern(request, "mcc", r"[0-9]{3}"),
        mnc=_q_pattern(request, "mnc", r"[0-9]{2,3}"),
        limit=_q_limit(request),
    )
    now = sandbox.now_ms(user)
    rows = sandbox.store.logs(user, now, f)
    return answer({"results": [log_object(r, now) for r in rows]}, answer_format(request), "SMSLogsResponse")


def get_received(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    limit = _q_limit(request)
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
    keyword = _q_one(request, "keyword")
    if keyword == "NO_KEYWORD":
        keyword = ""
    rows = sandbox.store.inbound_logs(
        user,
        keyword,
        _q_one(request, "to"),
        _q_date(request, "receivedSince"),
        _q_date(request, "receivedUntil"),
        _q_limit(request),
    )
    body = {"results": [inbound_object(r, log=True) for r in rows]}
    return answer(body, answer_format(request), "MOLogsResponse")


# --------------------------------------------------------------------------------------------------------
# Number Context and balance
# --------------------------------------------------------------------------------------------------------


def query_number_context(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    body = _body(request, raw, models.NCRequest, "NCRequest")
    numbers = _destinations(body.to)
    _check_count(len(numbers))
    out: dict[str, Any] = {}
    if len(numbers) > 1:
        out["bulkId"] = _new_id()
    out["results"] = [rules.number_context(n) for n in numbers]
    sandbox.store.record_lookup(
        user, "query", sandbox.now_ms(user), out.get("bulkId"), None, numbers, out["results"]
    )
    return answer(out, answer_format(request), "NCResponse")


def notify_number_context(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    body = _body(request, raw, models.NCNotifyRequest, "NCNotifyRequest")
    numbers = _destinations(body.to)
    _check_count(len(numbers))
    url = str(body.notifyUrl)
    content_type = JSON if body.notifyContentType is None else body.notifyContentType.value
    now = sandbox.now_ms(user)
    out: dict[str, Any] = {}
    bulk_id = _new_id() if len(numbers) > 1 else None
    if bulk_id is not None:
        out["bulkId"] = bulk_id
    results: list[dict[str, Any]] = []
    valid: list[str] = []
    for n in numbers:
        rejection = rules.destination_rejection(n)
        if rejection is None:
            valid.append(n)
            results.append(
                {
                    "to": n,
                    "status": rules.status_object(rules.PENDING_WAITING_DELIVERY),
                    "messageId": _new_id(),
                }
            )
        else:
            results.append({"to": n, "status": rules.status_object(rejection)})
    out["ncResults"] = results
    out["results"] = results  # the provider's 2016 Python client reads this name (spec: NCResponseAsync)
    pushed = [rules.number_context(n) for n in valid]  # what the push will carry (the inbox shows it)
    sandbox.store.record_lookup(user, "notify", now, bulk_id, url, numbers, pushed)
    if valid:
        if callback_allowed(url, sandbox.callback_allow):
            sandbox.store.add_nc_job(user, bulk_id, url, content_type, valid, now + sandbox.delivery_delay_ms)
            sandbox.dispatcher.wake()
        else:
            sandbox.store.record_attempt(
                user,
                "numberContextResult",
                bulk_id or valid[0],
                url,
                now,
                "refused: host is not loopback or allow-listed",
            )
    return answer(out, answer_format(request), "NCResponseAsync")


def get_balance(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    balance, currency = sandbox.store.balance(user)
    return answer({"balance": balance, "currency": currency}, answer_format(request), "AccountBalance")


# --------------------------------------------------------------------------------------------------------
# Admin routes (outside the API spec; JSON only; same credentials)
# --------------------------------------------------------------------------------------------------------


def _admin_json(request: Request, raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        return {}
    if body_format(request) != JSON:
        raise bad_request("admin routes read JSON bodies")
    return decode_body(raw, JSON, "")


def _admin_string(data: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise bad_request(f"{key}: a string is required")
    return value


def admin_inbound(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    data = _admin_json(request, raw)
    sender = _admin_string(data, "from")
    to = _admin_string(data, "to")
    text = _admin_string(data, "text")
    assert sender is not None and to is not None and text is not None
    received = _admin_string(data, "receivedAt", required=False)
    received_at = sandbox.now_ms(user) if received is None else to_ms(parse_rfc3339(received, "receivedAt"))
    keyword, clean = rules.split_keyword(text)
    message_id = _new_id()
    sms_count = count_sms_parts(text).parts
    sandbox.store.add_inbound(user, message_id, sender, to, text, clean, keyword, received_at, sms_count)
    report = {
        "messageId": message_id,
        "from": sender,
        "to": to,
        "text": text,
        "cleanText": clean,
        "keyword": keyword,
        "receivedAt": format_date(received_at),
        "smsCount": sms_count,
    }
    return JSONResponse(report, status_code=201)


def _clock_body(sandbox: Sandbox, user: str) -> dict[str, Any]:
    return {"now": format_date(sandbox.now_ms(user))}


def admin_clock(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    return JSONResponse(_clock_body(sandbox, user))


async def admin_clock_advance(request: Request, sandbox: Sandbox, user: str) -> Response:
    data = _admin_json(request, await read_body(request, sandbox.max_body_bytes))
    seconds = data.get("seconds", request.query_params.get("seconds"))
    try:
        amount = float(seconds)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise bad_request("seconds: a number of seconds >= 0 is required") from None
    if not (0 <= amount <= MAX_ADVANCE_SECONDS):
        raise bad_request(f"seconds: a number of seconds from 0 to {MAX_ADVANCE_SECONDS} is required")
    if sandbox.now_ms(user) + amount * 1000 > MAX_MS:
        raise bad_request(f"seconds: the clock cannot pass {format_date(MAX_MS)}")
    sandbox.advance(user, amount)
    await sandbox.dispatcher.run_due(user)
    return JSONResponse(_clock_body(sandbox, user))


def admin_balance(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    data = _admin_json(request, raw)
    value = data.get("balance")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_BALANCE:
        raise bad_request(f"balance: a number from 0 to {MAX_BALANCE:.0f} is required")
    sandbox.store.set_balance(user, round(value * MICROS))
    balance, currency = sandbox.store.balance(user)
    return JSONResponse({"balance": balance, "currency": currency})


def admin_callbacks(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    rows = sandbox.store.attempts(user, _q_limit(request))
    return JSONResponse(
        {
            "attempts": [
                {
                    "kind": r["kind"],
                    "ref": r["ref"],
                    "url": r["url"],
                    "at": format_date(r["at"]),
                    "outcome": r["outcome"],
                }
                for r in rows
            ]
        }
    )


async def admin_dispatch(request: Request, sandbox: Sandbox, user: str) -> Response:
    return JSONResponse({"attempts": await sandbox.dispatcher.run_due(user)})


# --------------------------------------------------------------------------------------------------------
# The app
# --------------------------------------------------------------------------------------------------------

ROUTES: Final[list[tuple[str, str, SyncHandler | AsyncHandler]]] = [
    ("POST", "/restapi/sms/1/text/single", send_single_text),
    ("POST", "/restapi/sms/1/text/multi", send_multi_text),
    ("POST", "/restapi/sms/1/binary/single", send_single_binary),
    ("POST", "/restapi/sms/1/binary/multi", send_multi_binary),
    ("POST", "/restapi/sms/1/text/advanced", send_advanced),
    ("GET", "/restapi/sms/1/reports", get_delivery_reports),
    ("GET", "/restapi/sms/1/logs", get_sent_logs),
    ("GET", "/restapi/sms/1/inbox/reports", get_received),
    ("GET", "/restapi/sms/1/inbox/logs", get_received_logs),
    ("POST", "/restapi/number/1/query", query_number_context),
    ("POST", "/restapi/number/1/notify", notify_number_context),
    ("GET", "/restapi/account/1/balance", get_balance),
    ("POST", "/sandbox/inbound", admin_inbound),
    ("GET", "/sandbox/clock", admin_clock),
    ("POST", "/sandbox/clock/advance", admin_clock_advance),
    ("PUT", "/sandbox/balance", admin_balance),
    ("GET", "/sandbox/callbacks", admin_callbacks),
    ("POST", "/sandbox/callbacks/dispatch", admin_dispatch),
]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    fmt = answer_format(request)
    if exc.status_code == 405:
        problem = ApiProblem(
            405, "METHOD_NOT_ALLOWED", f"Method {request.method} is not allowed here", dict(exc.headers or {})
        )
    elif exc.status_code == 404:
        problem = ApiProblem(404, "NOT_FOUND", f"No operation at {request.url.path}")
    else:
        problem = ApiProblem(
            exc.status_code, "GENERAL_ERROR", f"General error: {exc.detail}", dict(exc.headers or {})
        )
    return error_answer(problem, fmt)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error", exc_info=exc)
    return error_answer(
        ApiProblem(500, "GENERAL_ERROR", "General error: internal sandbox error"), answer_format(request)
    )


def create_app(
    *,
    db_path: str | None = None,
    clock: Clock | None = None,
    accounts: Iterable[Account] | None = None,
    callback_allow: Iterable[str] | None = None,
    delivery_delay: float = 1.0,
    callback_backoff: Sequence[float] = DEFAULT_BACKOFF,
    callback_transport: httpx.AsyncBaseTransport | None = None,
    callback_timeout: float = 5.0,
    dispatch_interval: float = 0.1,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> Starlette:
    """Build the sandbox app.

    ``db_path`` None keeps the state in memory; ``clock`` None is real time (plus the offset the admin
    route adds, kept in the database); ``accounts`` are added to the default ``Aladdin`` account;
    ``callback_allow`` lists the non-loopback hosts callbacks may go to; ``delivery_delay`` is the seconds
    from sending to the final status; ``callback_backoff`` the seconds before each retry of a failed push.
    """
    store = Store(db_path)
    store.ensure_accounts(with_default(accounts))
    if clock is None:
        # Databases of older versions kept one offset for every account; it still moves the base clock.
        offset = store.get_meta(_CLOCK_OFFSET_KEY)
        clock = SystemClock(float(offset) if offset else 0.0)
    dispatcher = Dispatcher(
        store, clock, backoff=callback_backoff, transport=callback_transport, timeout=callback_timeout
    )
    sandbox = Sandbox(
        store=store,
        clock=clock,
        dispatcher=dispatcher,
        callback_allow=frozenset(h.lower() for h in (callback_allow or ())),
        delivery_delay_ms=int(delivery_delay * 1000),
        max_body_bytes=max_body_bytes,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(dispatcher.run_forever(dispatch_interval))
        try:
            yield
        finally:
            sandbox.leases.flush()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await dispatcher.aclose()

    routes = [Route(path, _endpoint(handler), methods=[method]) for method, path, handler in ROUTES]
    routes += inbox_routes(
        _endpoint, inbound=admin_inbound, advance=admin_clock_advance, lookup=query_number_context
    )
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
        lifespan=lifespan,
    )
    app.state.sandbox = sandbox
    app.add_middleware(RefuseCrossSiteWrites)
    app.add_middleware(AbsoluteFormMiddleware)
    return app


__all__ = ["MAX_LIMIT", "Sandbox", "create_app"]
