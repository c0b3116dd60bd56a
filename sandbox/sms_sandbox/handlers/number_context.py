"""Number Context: the synchronous query, and the notify request whose results are pushed later."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

import sms_api_models as models

from .. import rules
from ..answers import answer
from ..callbacks import callback_allowed
from ..context import Sandbox, new_id
from ..endpoint import request_body
from ..negotiation import JSON, answer_format
from .sending import REFUSED_HOST, addresses, check_count


def query_number_context(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    body = request_body(request, raw, models.NCRequest, "NCRequest")
    numbers = addresses(body.to)
    check_count(len(numbers))
    out: dict[str, Any] = {}
    if len(numbers) > 1:
        out["bulkId"] = new_id()
    out["results"] = [rules.number_context(n) for n in numbers]
    sandbox.store.record_lookup(
        user, "query", sandbox.now_ms(user), out.get("bulkId"), None, numbers, out["results"]
    )
    return answer(out, answer_format(request), "NCResponse")


def notify_number_context(request: Request, sandbox: Sandbox, user: str, raw: bytes) -> Response:
    body = request_body(request, raw, models.NCNotifyRequest, "NCNotifyRequest")
    numbers = addresses(body.to)
    check_count(len(numbers))
    url = str(body.notifyUrl)
    content_type = JSON if body.notifyContentType is None else body.notifyContentType.value
    now = sandbox.now_ms(user)
    out: dict[str, Any] = {}
    bulk_id = new_id() if len(numbers) > 1 else None
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
                    "messageId": new_id(),
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
                user, "numberContextResult", bulk_id or valid[0], url, now, REFUSED_HOST
            )
    return answer(out, answer_format(request), "NCResponseAsync")
