"""The sandbox's per-message rules are the spec's: `x-sms-api-rejection` for what the API does, and
`x-sandbox-rejection` / the root `x-sandbox` for what only the sandbox does (status 51, the 25-part limit)."""

from __future__ import annotations

from typing import Any

from sms_sandbox import bodies, query, rules
from sms_sandbox.handlers import sending

from .._spec import SPEC

SCHEMAS = SPEC["components"]["schemas"]


def _single_destination() -> dict[str, Any]:
    members: list[dict[str, Any]] = SCHEMAS["DestinationAddresses"]["oneOf"]
    (member,) = [m for m in members if m["type"] == "string"]
    return member


def test_destination_and_sender_rules_are_the_spec_ones() -> None:
    destination = _single_destination()["x-sms-api-rejection"]
    assert rules.DESTINATION_PATTERN.pattern == destination["pattern"]
    assert rules.DESTINATION_INVALID_STATUS == destination["invalid"] == 52
    sender = SCHEMAS["SenderId"]["x-sms-api-rejection"]
    assert rules.SENDER_PATTERN.pattern == sender["pattern"]
    assert sender["invalid"] == rules.SENDER_INVALID_STATUS


def test_what_only_the_sandbox_does_is_marked_as_the_sandboxs() -> None:
    # Status 51 is in no table of the documentation: the API's rule does not name it, the sandbox's does.
    assert "empty" not in _single_destination()["x-sms-api-rejection"]
    assert rules.DESTINATION_EMPTY_STATUS == _single_destination()["x-sandbox-rejection"]["empty"] == 51
    assert SPEC["x-sandbox"]["missing-destination-status"] == rules.DESTINATION_EMPTY_STATUS
    assert SPEC["x-sandbox"]["max-parts"] == rules.MAX_PARTS


def test_the_sandboxs_limits_are_the_ones_the_spec_lists() -> None:
    listed = SPEC["x-sandbox"]
    assert listed["limit"] == {"default": query.DEFAULT_LIMIT, "maximum": query.MAX_LIMIT}
    assert SPEC["components"]["parameters"]["Limit"]["x-sandbox-limit"] == listed["limit"]
    assert listed["max-destinations-per-request"] == sending.MAX_DESTINATIONS
    assert listed["max-body-bytes"] == bodies.MAX_BODY_BYTES
