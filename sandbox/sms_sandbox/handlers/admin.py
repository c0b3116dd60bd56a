"""The sandbox's own routes under ``/sandbox/`` (outside the API spec; JSON only; the same credentials)."""

from __future__ import annotations

from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sms_api.sms_parts import count_sms_parts

from .. import query, rules
from ..accounts import MICROS
from ..bodies import decode_body, read_body
from ..clock import MAX_MS, to_ms
from ..context import Sandbox, new_id
from ..dates import format_date, parse_rfc3339
from ..endpoint import AsyncHandler, SyncHandler
from ..negotiation import JSON, body_format
from ..problems import bad_request

#: Largest step of ``POST /sandbox/clock/advance`` (ten years) and largest balance ``PUT /sandbox/balance``
#: takes (its micro-units must fit SQLite's 64-bit integers).
MAX_ADVANCE_SECONDS: Final = 10 * 365 * 86400
MAX_BALANCE: Final = 1e12


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
    message_id = new_id()
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
    rows = sandbox.store.attempts(user, query.limit(request))
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


#: (method, path, handler) of every admin route.
ADMIN_ROUTES: Final[list[tuple[str, str, SyncHandler | AsyncHandler]]] = [
    ("POST", "/sandbox/inbound", admin_inbound),
    ("GET", "/sandbox/clock", admin_clock),
    ("POST", "/sandbox/clock/advance", admin_clock_advance),
    ("PUT", "/sandbox/balance", admin_balance),
    ("GET", "/sandbox/callbacks", admin_callbacks),
    ("POST", "/sandbox/callbacks/dispatch", admin_dispatch),
]
