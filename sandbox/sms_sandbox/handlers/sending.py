"""The five send operations: one handler, parametrised by the operation's request schema.

The bodies differ only in where the messages and their destinations sit (the body itself or
``messages[]``; ``to`` or ``destinations[]``) and in what a message carries (text or binary, and on the
advanced endpoint scheduling, validity and a callback), so one walk over them serves every form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

import sms_api_models as models
from sms_api.sms_parts import count_sms_parts
from sms_api_spec import OPERATIONS, SANDBOX_LIMITS

from .. import rules
from ..answers import answer
from ..callbacks import callback_allowed
from ..clock import to_ms
from ..context import Sandbox, new_id
from ..endpoint import SyncHandler, request_body
from ..negotiation import answer_format
from ..problems import bad_request
from ..store import NewMessage

#: Most destinations (numbers) one request may carry; more is a 400 (the spec's ``x-sandbox``).
MAX_DESTINATIONS: Final = SANDBOX_LIMITS["max_destinations_per_request"]
#: Validity periods are cut to 48 hours (milliseconds).
MAX_VALIDITY_MS: Final = 48 * 3600 * 1000
#: What the sandbox answers when it refuses to push to a ``notifyUrl``.
REFUSED_HOST: Final = "refused: host is not loopback or allow-listed"


@dataclass
class Options:
    """What a message of the advanced endpoint may add to its text; every field absent elsewhere."""

    send_at: dt.datetime | None = None
    validity_ms: int | None = None
    notify_url: str | None = None
    notify_ct: str | None = None
    callback_data: str | None = None

    @classmethod
    def of(cls, message: Any) -> Options:
        notify_url = getattr(message, "notifyUrl", None)
        notify_ct = getattr(message, "notifyContentType", None)
        return cls(
            send_at=getattr(message, "sendAt", None),
            validity_ms=getattr(message, "validityPeriod", None),
            notify_url=None if notify_url is None else str(notify_url),
            notify_ct=None if notify_ct is None else notify_ct.value,
            callback_data=getattr(message, "callbackData", None),
        )


def addresses(to: Any) -> list[str]:
    """The numbers of a ``to`` field: one string, or an array (a pydantic root model or a list)."""
    if isinstance(to, str):
        return [to]
    return list(to.root if hasattr(to, "root") else to)


def check_count(count: int) -> None:
    if count > MAX_DESTINATIONS:
        raise bad_request(
            f"a request may carry at most {MAX_DESTINATIONS} destinations, this one has {count}"
        )


def _targets(message: Any) -> Iterator[tuple[str, str | None]]:
    """(destination, client-assigned message ID) of each destination of one message."""
    destinations = getattr(message, "destinations", None)
    if destinations is not None:
        for d in destinations:
            yield d.to, d.messageId
    else:
        for to in addresses(message.to):
            yield to, None


def new_message(
    sandbox: Sandbox,
    now: int,
    to: str,
    sender: str | None,
    *,
    text: str | None = None,
    binary: Any = None,
    client_id: str | None = None,
    options: Options | None = None,
) -> NewMessage:
    """One destination of a send, judged by the per-message rules and given its outcome."""
    options = options or Options()
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


def _store_and_answer(
    request: Request, sandbox: Sandbox, user: str, messages: list[NewMessage], bulk_id: str | None
) -> Response:
    now = sandbox.now_ms(user)
    if bulk_id is None and len(messages) > 1:
        bulk_id = new_id()
    entries = sandbox.store.send(user, bulk_id, messages, new_id, now)
    for m, e in zip(messages, entries, strict=True):
        if m.notify_url is not None and not m.push:
            # Recorded under the message ID, as every other delivery-report attempt is.
            sandbox.store.record_attempt(
                user, "deliveryReport", e["messageId"], m.notify_url, now, REFUSED_HOST
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


def send_handler(operation_id: str) -> SyncHandler:
    """The handler of one send operation (its request schema, from the spec's operation table)."""
    schema = OPERATIONS[operation_id]["request_schema"]
    assert schema is not None, operation_id
    model: type[Any] = getattr(models, schema)

    def send(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
        body = request_body(request, raw, model, schema)
        messages = body.messages if hasattr(body, "messages") else [body]
        targets = [(m, to, client_id) for m in messages for to, client_id in _targets(m)]
        check_count(len(targets))
        now = sandbox.now_ms(user)
        options = {id(m): Options.of(m) for m in messages}
        new = [
            new_message(
                sandbox,
                now,
                to,
                m.from_,
                text=getattr(m, "text", None),
                binary=getattr(m, "binary", None),
                client_id=client_id,
                options=options[id(m)],
            )
            for m, to, client_id in targets
        ]
        return _store_and_answer(request, sandbox, user, new, getattr(body, "bulkId", None))

    send.__name__ = operation_id.replace("-", "_")
    return send
