"""generated/sms_api_spec and the public names of generated/sms_api_client, as overlays and users see them."""

from __future__ import annotations

import enum
import importlib
import typing

import pytest

import sms_api_client.models
import sms_api_models
from sms_api_spec import (
    CALLBACKS,
    CLIENT_MODULES,
    CODE_TABLES,
    ERROR_GROUPS,
    GSM_ERRORS,
    OPERATIONS,
    SCHEMAS,
    SPEC_VERSION,
    STATUS_GROUPS,
    STATUSES,
)

from .. import _xml_shapes as xml
from .._spec import twelve_operations
from .conftest import SPEC

TWELVE = {op_id: (method, path) for op_id, (method, path, _tag) in twelve_operations().items()}


def test_operations_are_the_twelve_with_their_method_and_path() -> None:
    assert {op_id: (op["method"], op["path"]) for op_id, op in OPERATIONS.items()} == TWELVE


def test_operations_carry_schemas_and_retry_policy() -> None:
    assert OPERATIONS["send-single-text-sms"] == {
        "method": "POST",
        "path": "/restapi/sms/1/text/single",
        "request_schema": "SMSTextualRequest",
        "response_schema": "SMSResponse",
        "error_schema": "ApiError",
        "retry": "never",
    }
    assert OPERATIONS["get-account-balance"]["request_schema"] is None
    retry = {op_id: op["retry"] for op_id, op in OPERATIONS.items()}
    assert retry["send-advanced-text-sms"] == "client-ids"
    assert {op_id for op_id, policy in retry.items() if policy == "safe"} == {
        op_id for op_id, (method, _) in TWELVE.items() if method == "GET"
    } | {"query-number-context"}
    for op in OPERATIONS.values():
        for schema in (op["request_schema"], op["response_schema"], op["error_schema"]):
            assert schema is None or schema in SCHEMAS


def test_callbacks() -> None:
    assert CALLBACKS["receive-delivery-report"]["request_schema"] == "DeliveryReportNotification"
    assert CALLBACKS["receive-delivery-report"]["operation"] == "send-advanced-text-sms"
    assert CALLBACKS["receive-number-context-result"]["request_schema"] == "NCResponse"


@pytest.mark.parametrize("op_id", sorted(TWELVE))
def test_client_module_of_every_operation(op_id: str) -> None:
    module = importlib.import_module(CLIENT_MODULES[op_id])
    for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        assert callable(getattr(module, function))


def test_client_module_names_read_well() -> None:
    assert CLIENT_MODULES["send-single-text-sms"] == "sms_api_client.api.send_sms.send_single_text_sms"
    assert (
        CLIENT_MODULES["get-delivery-reports"] == "sms_api_client.api.reports_and_logs.get_delivery_reports"
    )
    assert CLIENT_MODULES["query-number-context"] == "sms_api_client.api.number_context.query_number_context"
    assert CLIENT_MODULES["get-received-sms"] == "sms_api_client.api.receive_sms.get_received_sms"
    assert CLIENT_MODULES["get-account-balance"] == "sms_api_client.api.account.get_account_balance"


def test_client_model_names_are_the_schema_names() -> None:
    for name, schema in SPEC["components"]["schemas"].items():
        if schema.get("type") == "object" or "enum" in schema:
            assert hasattr(sms_api_client.models, name), name
    # The client's enums are Literal types (request fields take the documentation's plain strings); the
    # named code tables are the pydantic models' IntEnums and sms_api.status_info / error_info.
    assert typing.get_args(sms_api_client.models.NotifyContentType) == ("application/json", "application/xml")
    assert set(typing.get_args(sms_api_client.models.StatusCode)) == set(STATUSES)
    assert issubclass(sms_api_models.StatusCode, enum.IntEnum)
    assert sms_api_models.StatusCode.DELIVERED_TO_HANDSET == 5
    assert sms_api_models.GsmErrorCode.EC_ABSENT_SUBSCRIBER == 27


def test_xml_shapes_of_every_object_schema() -> None:
    objects = [
        name for name, schema in SPEC["components"]["schemas"].items() if schema.get("type") == "object"
    ]
    assert list(SCHEMAS) == objects
    for name, shape in SCHEMAS.items():
        assert list(shape["properties"]) == list(SPEC["components"]["schemas"][name].get("properties", {}))
        for prop in shape["properties"].values():
            if prop["kind"] == "object":
                assert prop["schema"] in SCHEMAS
            if prop["kind"] == "array" and prop["items"]["kind"] == "object":
                assert prop["items"]["schema"] in SCHEMAS


def test_xml_shapes_examples_from_the_architecture() -> None:
    assert SCHEMAS["SMSResponse"] == xml.schema(
        "SMSResponse",
        {
            "bulkId": xml.scalar("bulkId"),
            "messages": xml.array("messages", xml.obj("messages", "SMSResponseDetails")),
        },
        required=["messages"],
    )
    assert SCHEMAS["SMSTextualRequest"]["element"] == "request"
    assert SCHEMAS["SMSTextualRequest"]["properties"]["to"] == xml.array("to", xml.scalar("to"), single=True)
    assert SCHEMAS["ApiError"]["root_property"] == "requestError"
    assert SCHEMAS["ApiError"]["element"] == "requestError"
    # Dates are strings on the wire; numbers, integers and booleans keep their types.
    assert SCHEMAS["SentSMSReport"]["properties"]["sentAt"]["type"] == "string"
    assert SCHEMAS["Price"]["properties"]["pricePerMessage"]["type"] == "number"
    assert SCHEMAS["SentSMSReport"]["properties"]["smsCount"]["type"] == "integer"
    assert SCHEMAS["Error"]["properties"]["permanent"]["type"] == "boolean"
    # The seed's pushed Number Context results hold <ncResults> items inside <ncResults>.
    assert SCHEMAS["NCResponse"]["properties"]["ncResults"]["items"]["element"] == "ncResults"


def test_code_tables() -> None:
    assert (len(STATUS_GROUPS), len(STATUSES), len(ERROR_GROUPS), len(GSM_ERRORS)) == (6, 26, 4, 84)
    assert STATUSES[5] == {
        "id": 5,
        "groupId": 3,
        "name": "DELIVERED_TO_HANDSET",
        "description": "Message delivered to handset",
        "action": None,
    }
    assert GSM_ERRORS[27] == {"id": 27, "name": "EC_ABSENT_SUBSCRIBER", "permanent": False}
    assert GSM_ERRORS[0]["permanent"] is None
    assert ERROR_GROUPS[1]["name"] == "HANDSET_ERRORS"
    assert STATUS_GROUPS[5]["name"] == "REJECTED"
    assert CODE_TABLES["StatusCode"] is STATUSES
    for name, table in CODE_TABLES.items():
        rows = SPEC["components"]["schemas"][name]["x-code-table"]["rows"]
        assert [dict(row) for row in table.values()] == rows


def test_spec_version() -> None:
    assert SPEC["info"]["version"] == SPEC_VERSION
