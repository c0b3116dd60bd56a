"""Decode bodies through the SDK exactly as a user gets them: `sms_api.connect` + the generated operation."""

from __future__ import annotations

from typing import Any

import httpx

import sms_api
import sms_api_client.models as client_models

from .._spec import PASSWORD, USERNAME
from ._seed import EXAMPLES, JSON, XML, Example, operation_module

BASE_URL = "http://127.0.0.1:9"  # never reached: a mock transport answers


def request_model(operation_id: str) -> Any | None:
    """A body for `operation_id` (its first JSON request example as a generated model), or None for GETs."""
    for example in EXAMPLES.values():
        if example.operation_id == operation_id and example.kind == "request" and example.media_type == JSON:
            return getattr(client_models, example.schema).from_dict(example.value)
    return None


def body_bytes(example: Example) -> bytes:
    if example.media_type == XML:
        return str(example.value).encode("utf-8")
    import json

    return json.dumps(example.value).encode("utf-8")


def client_answering(
    status: int, content: bytes, content_type: str, wire_format: str
) -> sms_api.SmsApiClient:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers={"Content-Type": content_type})

    return sms_api.connect(
        BASE_URL,
        USERNAME,
        PASSWORD,
        wire_format=wire_format,
        transport=httpx.MockTransport(handler),
        max_retries=0,
    )


def call(operation_id: str, client: sms_api.SmsApiClient) -> Any:
    module = operation_module(operation_id)
    body = request_model(operation_id)
    return module.sync(client=client, body=body) if body is not None else module.sync(client=client)


def decode_response(example: Example) -> Any:
    """The example served as the answer to its operation; what the SDK's `sync` returns (a model)."""
    wire = "xml" if example.media_type == XML else "json"
    client = client_answering(int(example.status or 200), body_bytes(example), example.media_type, wire)
    with client:
        return call(example.operation_id, client)
