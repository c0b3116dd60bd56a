"""The generated client's models read every JSON example of the spec and write it back unchanged.

Responses (and the error bodies) load with `sms_api_client.models.<Schema>.from_dict` and `to_dict()` gives
back the same data; request bodies built from the seed's request examples go over the wire, through the
generated operation module and httpx, as the same JSON. Dates compare as datetimes: the model reads the
server's `+0100` and writes the documentation's request form (`2015-07-07T17:00:00.000+01:00`), the same
instant and offset.
"""

from __future__ import annotations

import copy
import datetime
import importlib
import json
from collections.abc import Iterable
from typing import Any

import httpx
import pytest

import sms_api_client.models
from sms_api_client.client import AuthenticatedClient
from sms_api_client.errors import UnexpectedStatus
from sms_api_spec import CLIENT_MODULES, OPERATIONS

from .._spec import BASIC_AUTHORIZATION, PASSWORD, USERNAME, dates_parsed, operation_module
from .conftest import EXAMPLES, Example, undeclared_fields

RESPONSES = [e for e in EXAMPLES if e.kind in {"response", "callback"}]
REQUESTS = [e for e in EXAMPLES if e.kind == "request"]


def model_class(schema: str) -> Any:
    return getattr(sms_api_client.models, schema)


def test_the_spec_has_the_examples_these_tests_walk() -> None:
    # A guard against a silently empty parametrisation (a moved example, a renamed media type).
    assert len(RESPONSES) >= 40
    assert len(REQUESTS) >= 10
    assert {e.operation_id for e in EXAMPLES} >= set(OPERATIONS)


@pytest.mark.parametrize("example", RESPONSES + REQUESTS, ids=str)
def test_example_round_trips_through_the_client_model(example: Example) -> None:
    """A response example decodes and a request example serializes back to the same JSON."""
    model = model_class(example.schema).from_dict(copy.deepcopy(example.value))
    assert dates_parsed(model.to_dict()) == dates_parsed(example.value)


@pytest.mark.parametrize("example", RESPONSES, ids=str)
def test_response_example_gives_nothing_unparsed(example: Example) -> None:
    """Every field of the example is a declared attribute: nothing lands in additional_properties."""

    def attrs_fields(value: Any) -> tuple[Iterable[str], Iterable[str]] | None:
        if not hasattr(value, "additional_properties"):
            return None
        return value.additional_properties, [field.name for field in type(value).__attrs_attrs__]

    model = model_class(example.schema).from_dict(copy.deepcopy(example.value))
    assert undeclared_fields(model, example.schema, attrs_fields) == []


def test_response_dates_are_aware_datetimes() -> None:
    example = next(
        e for e in RESPONSES if e.schema == "SMSReportResponse" and "sentAt" in json.dumps(e.value)
    )
    report = model_class("SMSReportResponse").from_dict(copy.deepcopy(example.value)).results[0]
    assert isinstance(report.sent_at, datetime.datetime)
    assert report.sent_at.utcoffset() is not None
    raw = example.value["results"][0]["sentAt"]
    assert report.sent_at == datetime.datetime.fromisoformat(raw)


@pytest.mark.parametrize("example", REQUESTS, ids=str)
def test_request_example_goes_over_the_wire_as_the_same_json(example: Example) -> None:
    """Through the generated operation module (`sync_detailed`) and httpx, to a mock transport."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(401, json={"requestError": {"serviceException": {"messageId": "UNAUTHORIZED"}}})

    operation = OPERATIONS[example.operation_id]
    module = operation_module(example.operation_id)
    # The bare generated client authenticates as the seed does: Basic, Aladdin / open sesame.
    client = AuthenticatedClient(
        base_url="http://sms.test",
        username=USERNAME,
        password=PASSWORD,
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    body = model_class(example.schema).from_dict(copy.deepcopy(example.value))

    # Without sms_api.connect() a generated operation raises on an error status instead of returning the body.
    with pytest.raises(UnexpectedStatus) as raised:
        module.sync_detailed(client=client, body=body)

    assert raised.value.status_code == 401
    (request,) = sent
    assert (request.method, request.url.path) == (operation["method"], operation["path"])
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == BASIC_AUTHORIZATION
    assert dates_parsed(json.loads(request.content)) == dates_parsed(example.value)


def test_request_dates_are_sent_exactly_as_the_seed_writes_them() -> None:
    example = next(e for e in REQUESTS if "sendAt" in json.dumps(e.value))
    body = model_class(example.schema).from_dict(copy.deepcopy(example.value))
    (send_at,) = [m["sendAt"] for m in body.to_dict()["messages"] if "sendAt" in m]
    (seed_send_at,) = [m["sendAt"] for m in example.value["messages"] if "sendAt" in m]
    assert send_at == seed_send_at == "2015-07-07T17:00:00.000+01:00"


@pytest.mark.parametrize(
    ("when", "written"),
    [
        (
            datetime.datetime(2015, 7, 7, 17, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
            "2015-07-07T17:00:00.000+01:00",
        ),
        (
            datetime.datetime(2015, 2, 22, 17, 42, 5, 390123, tzinfo=datetime.UTC),
            "2015-02-22T17:42:05.390+00:00",
        ),
    ],
)
def test_request_dates_always_carry_milliseconds(when: datetime.datetime, written: str) -> None:
    """Body dates and query dates alike: `2015-07-07T17:00:00.000+01:00`, never `...17:00:00+01:00`."""
    message = sms_api_client.models.SMSAdvancedTextualMessage(destinations=[], send_at=when)
    assert message.to_dict()["sendAt"] == written
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"results": []})

    module = importlib.import_module(CLIENT_MODULES["get-sent-sms-logs"])
    client = AuthenticatedClient(
        base_url="http://sms.test", httpx_args={"transport": httpx.MockTransport(handler)}
    )
    module.sync(client=client, sent_since=when)
    assert sent[0].url.params["sentSince"] == written
