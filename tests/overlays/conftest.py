"""Shared helpers for the client overlay tests: a recording mock server and a client factory. No network."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from sms_api import SmsApiClient, connect

from .._spec import operation_module

BASE_URL = "https://api.example.test"
USERNAME = "Aladdin"
PASSWORD = "open sesame ünï"  # non-ASCII on purpose: Basic auth must send it as UTF-8
BASIC_TOKEN = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
SECRETS = (PASSWORD, BASIC_TOKEN)

Reply = httpx.Response | BaseException | Callable[[httpx.Request], httpx.Response]


def reply(status: int = 200, body: Any = None, *, content_type: str | None = None, **headers: str) -> Reply:
    """A fresh response per call (an httpx.Response can only be consumed once)."""

    def make(request: httpx.Request) -> httpx.Response:
        all_headers = {k.replace("_", "-"): v for k, v in headers.items()}
        if isinstance(body, bytes | str):
            content = body.encode() if isinstance(body, str) else body
            if content_type:
                all_headers["content-type"] = content_type
            return httpx.Response(status, headers=all_headers, content=content)
        if body is None:
            return httpx.Response(status, headers=all_headers)
        response = httpx.Response(status, headers=all_headers, json=body)
        if content_type:
            response.headers["content-type"] = content_type
        return response

    return make


class Server:
    """A MockTransport handler: records every request and plays the queued replies (the last one repeats)."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies) or [reply(200, {})]
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, httpx.Response):
            return item
        return item(request)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def client(self, **options: Any) -> SmsApiClient:
        options.setdefault("sleep", self.sleep)
        options.setdefault("async_sleep", self.async_sleep)
        return connect(BASE_URL, USERNAME, PASSWORD, transport=httpx.MockTransport(self), **options)


def call(mode: str, operation_id: str, client: SmsApiClient, *, detailed: bool = False, **kwargs: Any) -> Any:
    """Run a generated operation through ``sync``/``sync_detailed`` or ``asyncio``/``asyncio_detailed``."""
    module = operation_module(operation_id)
    if mode == "sync":
        return (module.sync_detailed if detailed else module.sync)(client=client, **kwargs)

    async def run() -> Any:
        async with client:
            function = module.asyncio_detailed if detailed else module.asyncio
            return await function(client=client, **kwargs)

    return asyncio.run(run())


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Iterator[str]:
    yield request.param
