"""Fixtures for the sandbox tests: an app on a manual clock, driven through raw HTTP (httpx ASGITransport)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from sms_sandbox import ManualClock, create_app

from ._support import START, client_for


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def make_app(clock: ManualClock) -> Callable[..., Starlette]:
    def make(**kwargs: Any) -> Starlette:
        kwargs.setdefault("clock", clock)
        return create_app(**kwargs)

    return make


@pytest.fixture
def app(make_app: Callable[..., Starlette]) -> Starlette:
    return make_app()


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as c:
        yield c
