"""The one walk over an advanced send's destinations: the retry check and the ID filling agree on it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sms_api.messages import fill_missing_message_ids, message_destinations
from sms_api.routing import has_client_message_ids
from sms_api_client.models import SMSAdvancedTextualMessage, SMSAdvancedTextualRequest, SMSDestination

# Bodies that are no advanced send, or only in part: never safe to retry, and filling IDs changes nothing.
MALFORMED: list[Any] = [
    None,
    "messages",
    [],
    {},
    {"messages": []},
    {"messages": "x"},
    {"messages": [{}]},
    {"messages": [{"destinations": []}]},
    {"messages": [{"destinations": "41793026727"}]},
    {"messages": ["x"]},
    {"messages": [{"destinations": ["41793026727", 7, None]}]},
]


@pytest.mark.parametrize("body", MALFORMED)
def test_a_body_of_the_wrong_shape_is_not_retry_safe_and_is_left_alone(body: Any) -> None:
    before = copy.deepcopy(body)
    assert not has_client_message_ids(body)
    assert fill_missing_message_ids(body, lambda: "new") is False
    assert body == before


@pytest.mark.parametrize(
    ("message_id", "safe"), [("mine", True), ("", False), ("  ", False), (None, False), (5, False)]
)
def test_every_destination_needs_a_non_blank_string_id(message_id: object, safe: bool) -> None:
    body = {
        "messages": [{"destinations": [{"to": "1", "messageId": "a"}, {"to": "2", "messageId": message_id}]}]
    }
    assert has_client_message_ids(body) is safe


def test_one_message_without_ids_makes_the_whole_send_unsafe_until_filled() -> None:
    body: dict[str, Any] = {
        "messages": [{"destinations": [{"to": "1", "messageId": "a"}]}, {"destinations": [{"to": "2"}]}]
    }
    assert not has_client_message_ids(body)
    assert fill_missing_message_ids(body, lambda: "new") is True
    assert has_client_message_ids(body)
    assert [d["messageId"] for m in body["messages"] for d in m["destinations"]] == ["a", "new"]
    assert fill_missing_message_ids(body, lambda: "again") is False


def test_the_walk_reads_the_model_as_it_reads_its_json() -> None:
    request = SMSAdvancedTextualRequest(
        messages=[
            SMSAdvancedTextualMessage(
                destinations=[SMSDestination(to="1"), SMSDestination(to="2", message_id="b")]
            ),
            SMSAdvancedTextualMessage(destinations=[SMSDestination(to="3", message_id="")]),
        ]
    )
    assert [d.to for d in message_destinations(request)] == ["1", "2", "3"]
    assert [d["to"] for d in message_destinations(request.to_dict())] == ["1", "2", "3"]
    assert fill_missing_message_ids(request, iter(["x", "y"]).__next__) is True
    assert [d.message_id for d in message_destinations(request)] == ["x", "b", "y"]
    assert has_client_message_ids(request.to_dict()) and has_client_message_ids(request)
