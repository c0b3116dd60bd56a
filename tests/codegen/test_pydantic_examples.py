"""Every JSON example of the spec (requests, responses, error bodies, callback payloads) validates with its
pydantic model from sms_api_models, and dumps back (by alias) to the same data."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from typing import Any

import pydantic
import pytest

import sms_api_models

from .._spec import dates_parsed
from .conftest import EXAMPLES, SPEC, Example, undeclared_fields


def model_class(schema: str) -> type[pydantic.BaseModel]:
    cls: type[pydantic.BaseModel] = getattr(sms_api_models, schema)
    return cls


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_example_validates_and_dumps_back(example: Example) -> None:
    model = model_class(example.schema).model_validate(copy.deepcopy(example.value))
    dumped = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dates_parsed(dumped) == dates_parsed(example.value)


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_example_has_no_undeclared_fields(example: Example) -> None:
    """extra="allow" keeps unknown fields; the spec's own examples must not need that."""

    def pydantic_fields(value: Any) -> tuple[Iterable[str], Iterable[str]] | None:
        if not isinstance(value, pydantic.BaseModel):
            return None
        return (value.model_extra or {}), type(value).model_fields

    model = model_class(example.schema).model_validate(copy.deepcopy(example.value))
    assert undeclared_fields(model, example.schema, pydantic_fields) == []


def test_every_component_schema_has_a_model() -> None:
    missing = [name for name in SPEC["components"]["schemas"] if not hasattr(sms_api_models, name)]
    # Scalar schemas (SenderId, ServerDateTime, DestinationAddresses) are inlined into their fields.
    assert missing == ["DestinationAddresses", "SenderId", "ServerDateTime"]


def test_callback_payloads_are_models() -> None:
    assert issubclass(model_class("DeliveryReportNotification"), pydantic.BaseModel)
    assert issubclass(model_class("NCResponse"), pydantic.BaseModel)


def test_from_is_aliased_and_accepted_by_either_name() -> None:
    request = sms_api_models.SMSTextualRequest.model_validate({"from": "InfoSMS", "to": "41793026727"})
    assert request.from_ == "InfoSMS"
    assert sms_api_models.SMSTextualRequest(from_="InfoSMS", to="41793026727").from_ == "InfoSMS"
    assert request.model_dump(by_alias=True, exclude_unset=True) == {"from": "InfoSMS", "to": "41793026727"}


def test_unknown_fields_are_kept() -> None:
    balance = sms_api_models.AccountBalance.model_validate({"balance": 1.5, "currency": "EUR", "credit": 3})
    assert balance.model_extra == {"credit": 3}


def test_dates_are_aware_datetimes_and_naive_ones_are_refused() -> None:
    received = {
        "messageId": "m1",
        "from": "385998779111",
        "to": "41793026727",
        "text": "HEY",
        "cleanText": "",
    }
    log = sms_api_models.MOLog.model_validate(
        received | {"smsCount": 1, "receivedAt": "2015-03-01T12:54:40.111+0000"}
    )
    assert log.receivedAt == datetime.datetime(2015, 3, 1, 12, 54, 40, 111000, tzinfo=datetime.UTC)
    message = sms_api_models.SMSAdvancedTextualMessage.model_validate(
        {"destinations": [{"to": "41793026727"}], "sendAt": "2015-07-07T17:00:00.000+01:00"}
    )
    assert message.sendAt is not None and message.sendAt.utcoffset() == datetime.timedelta(hours=1)
    with pytest.raises(pydantic.ValidationError):
        sms_api_models.SMSAdvancedTextualMessage.model_validate(
            {"destinations": [{"to": "41793026727"}], "sendAt": "2015-07-07T17:00:00"}
        )
