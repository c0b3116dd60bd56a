"""is_loopback_host: the one loopback rule of the plain-http warning and the sandbox's bind and callbacks."""

from __future__ import annotations

import pytest

from sms_api.hosts import is_loopback_host


@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST", "api.localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]"]
)
def test_loopback(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "10.0.0.1", "107.20.199.106", "example.com", "localhost.example.com", "", "::"]
)
def test_not_loopback(host: str) -> None:
    assert not is_loopback_host(host)
