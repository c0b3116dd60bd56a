"""Every raw HTTP request of the seed (`x-seed-requests`), sent as written over a socket to a sandbox process.

Request line, headers and body go out byte for byte as the spec has them. Only what HTTP/1.1 framing needs
and the seed leaves out is added: `Host`, `Content-Length` for a body, `Connection: close`. Each must succeed
(2xx) with the documented `Aladdin` account, in the format its `Accept` asks for (JSON when absent).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from sms_api import xml_codec
from sms_api_spec import OPERATIONS, SCHEMAS
from sms_sandbox.process import SandboxProcess, sandbox_process

from ._seed import SEED_REQUESTS, SeedRequest

pytestmark = [pytest.mark.e2e]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxProcess]:
    with sandbox_process("--delivery-delay", "0") as running:
        yield running


def send_raw(host: str, port: int, request: SeedRequest) -> tuple[int, dict[str, str], bytes]:
    lines = [f"{request.method} {request.target} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in request.headers]
    lines.append(f"Host: {host}:{port}")
    if request.body:
        lines.append(f"Content-Length: {len(request.body)}")
    lines.append("Connection: close")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + request.body
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines)}
    return int(status_line.split(" ")[1]), headers, body


def test_every_operation_has_seed_requests() -> None:
    assert {r.operation_id for r in SEED_REQUESTS} == set(OPERATIONS)
    assert len(SEED_REQUESTS) >= 40


@pytest.mark.parametrize("request_", SEED_REQUESTS, ids=str)
def test_seed_request_succeeds_as_written(sandbox: SandboxProcess, request_: SeedRequest) -> None:
    status, headers, body = send_raw(sandbox.host, sandbox.port, request_)
    assert 200 <= status < 300, f"{status}: {body[:500]!r}"
    accept = dict((k.lower(), v) for k, v in request_.headers).get("accept", "application/json")
    content_type = headers.get("content-type", "")
    schema = OPERATIONS[request_.operation_id]["response_schema"]
    if "xml" in accept:
        assert content_type.startswith("application/xml"), content_type
        decoded = xml_codec.decode(body, schema, SCHEMAS)
    else:
        assert content_type.startswith("application/json"), content_type
        decoded = json.loads(body)
    assert isinstance(decoded, dict) and decoded, body[:300]
    if request_.operation_id.startswith("send-"):
        # The seed's sends are all to valid numbers from valid senders: nothing is rejected, except that the
        # advanced XML example reuses the JSON one's client message ID: REJECTED_DUPLICATE_MESSAGE_ID (23).
        rejected = [m["status"]["id"] for m in decoded["messages"] if m["status"]["groupName"] == "REJECTED"]
        assert set(rejected) <= {23}, decoded
        if rejected:
            assert b"MESSAGE-ID-123-xyz" in request_.body
