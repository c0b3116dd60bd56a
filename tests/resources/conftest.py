"""Helpers for the resource client tests: an SmsApi over an httpx.MockTransport answering like the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from sms_api import AsyncSmsApi, SmsApi

from .._samples import status

BASE_URL = "https://api.example.test"

Handler = Callable[[httpx.Request], httpx.Response]


# Rows of the spec's status table, as the API sends them.
ACCEPTED = status(0)  # MESSAGE_ACCEPTED
PENDING = status(7)  # PENDING_ENROUTE
DELIVERED = status(5)  # DELIVERED_TO_HANDSET
UNDELIVERABLE = status(9)  # UNDELIVERABLE_NOT_DELIVERED
DUPLICATE = status(23)  # REJECTED_DUPLICATE_MESSAGE_ID


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def api(handler: Handler, **options: Any) -> SmsApi:
    return SmsApi(BASE_URL, "user", "secret", transport=httpx.MockTransport(handler), **options)


def async_api(handler: Handler, **options: Any) -> AsyncSmsApi:
    return AsyncSmsApi(BASE_URL, "user", "secret", transport=httpx.MockTransport(handler), **options)


def send_answer(request: httpx.Request, seen: set[str] | None = None) -> httpx.Response:
    """What the advanced endpoint answers: one entry per destination; an ID in ``seen`` is a duplicate."""
    messages = []
    for message in body(request)["messages"]:
        for destination in message["destinations"]:
            mid = destination["messageId"]
            duplicate = seen is not None and mid in seen
            if seen is not None:
                seen.add(mid)
            entry_status = DUPLICATE if duplicate else ACCEPTED
            messages.append(
                {"to": destination["to"], "status": entry_status, "smsCount": 1, "messageId": mid}
            )
    return httpx.Response(200, json={"bulkId": body(request).get("bulkId"), "messages": messages})
