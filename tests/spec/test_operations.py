"""The twelve operations: names, tags, bodies in both formats, errors, auth and the rules users trip over."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .._spec import twelve_operations
from .conftest import MEDIA_TYPES, operations, resolve

EXPECTED = twelve_operations()


def by_id(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {op["operationId"]: (method, path, op) for method, path, op in operations(spec)}


def test_exactly_the_twelve_operations_with_their_ids_paths_and_tags(spec: dict[str, Any]) -> None:
    found = {op_id: (method, path, op["tags"]) for op_id, (method, path, op) in by_id(spec).items()}
    assert found == {op_id: (m, p, [tag]) for op_id, (m, p, tag) in EXPECTED.items()}


def test_openapi_version_servers_and_security(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    assert [server["url"] for server in spec["servers"]] == ["http://107.20.199.106", "http://127.0.0.1:8080"]
    assert spec["components"]["securitySchemes"]["basicAuth"] == {
        "type": "http",
        "scheme": "basic",
        "description": spec["components"]["securitySchemes"]["basicAuth"]["description"],
    }
    for _method, _path, op in operations(spec):
        assert op["security"] == [{"basicAuth": []}], op["operationId"]


@pytest.mark.parametrize("op_id", sorted(EXPECTED))
def test_every_operation_has_prose_json_and_xml_bodies_and_error_responses(
    spec: dict[str, Any], op_id: str
) -> None:
    method, _path, op = by_id(spec)[op_id]
    assert op["summary"].strip() and len(op["description"]) > 80
    if method == "POST":
        assert op["requestBody"]["required"] is True
        assert tuple(op["requestBody"]["content"]) == MEDIA_TYPES
    ok = resolve(op["responses"]["200"], spec)
    assert tuple(ok["content"]) == MEDIA_TYPES
    for media in ok["content"].values():
        assert media["examples"], f"{op_id}: 200 without examples"
    expected_errors = {"401"} if op_id == "get-account-balance" else {"400", "401"}
    assert set(op["responses"]) - {"200"} == expected_errors
    for status in expected_errors:
        error = resolve(op["responses"][status], spec)
        # XML error bodies are one level shallower than JSON ones, so each has its own schema.
        schemas = {"application/json": "ApiError", "application/xml": "RequestError"}
        for media_type in MEDIA_TYPES:
            expected = {"$ref": f"#/components/schemas/{schemas[media_type]}"}
            assert error["content"][media_type]["schema"] == expected
    assert op["x-sms-api-retry"] in {"safe", "never", "client-ids"}


def test_retry_policy_never_repeats_a_send_that_may_have_reached_the_server(spec: dict[str, Any]) -> None:
    policies = {op_id: op["x-sms-api-retry"] for op_id, (_m, _p, op) in by_id(spec).items()}
    for op_id, (method, _path, _tag) in EXPECTED.items():
        if method == "GET":
            assert policies[op_id] == "safe", op_id
    for op_id in (
        "send-single-text-sms",
        "send-multi-text-sms",
        "send-single-binary-sms",
        "send-multi-binary-sms",
    ):
        assert policies[op_id] == "never"
    assert policies["send-advanced-text-sms"] == "client-ids"
    assert policies["notify-number-context"] == "never"


@pytest.mark.parametrize(
    ("op_id", "rule"),
    [
        ("get-delivery-reports", "can be retrieved only once"),
        ("get-received-sms", "can be retrieved only"),
        ("get-sent-sms-logs", "last 48 hours"),
        ("send-single-text-sms", "160 GSM 7-bit or 70 Unicode"),
        ("send-advanced-text-sms", "cut to 48 hours"),
        ("get-received-sms-logs", "NO_KEYWORD"),
        ("send-single-text-sms", "REJECTED status"),
    ],
)
def test_descriptions_carry_the_rules_users_trip_over(spec: dict[str, Any], op_id: str, rule: str) -> None:
    assert rule in by_id(spec)[op_id][2]["description"]


def test_log_filters_take_several_comma_separated_ids(spec: dict[str, Any]) -> None:
    params = {
        resolve(p, spec)["name"]: resolve(p, spec) for p in by_id(spec)["get-sent-sms-logs"][2]["parameters"]
    }
    for name in ("bulkId", "messageId"):
        assert params[name]["schema"]["type"] == "array"
        assert params[name]["style"] == "form" and params[name]["explode"] is False


def test_limit_is_a_positive_integer(spec: dict[str, Any]) -> None:
    limit = spec["components"]["parameters"]["Limit"]["schema"]
    assert limit["type"] == "integer" and limit["minimum"] == 1


def test_callbacks_push_delivery_reports_and_number_context_results(spec: dict[str, Any]) -> None:
    ops = by_id(spec)
    report = ops["send-advanced-text-sms"][2]["callbacks"]["deliveryReport"]
    (report_post,) = (item["post"] for item in report.values())
    assert report_post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DeliveryReportNotification"
    }
    assert "callbackData" in spec["components"]["schemas"]["DeliveryReport"]["properties"]
    result = ops["notify-number-context"][2]["callbacks"]["numberContextResult"]
    (result_post,) = (item["post"] for item in result.values())
    assert tuple(result_post["requestBody"]["content"]) == MEDIA_TYPES


def test_links_chain_a_send_to_its_report_and_logs(spec: dict[str, Any]) -> None:
    links = resolve(by_id(spec)["send-single-text-sms"][2]["responses"]["200"], spec)["links"]
    targets = {link["operationId"] for link in links.values()}
    assert targets == {"get-delivery-reports", "get-sent-sms-logs"}


def test_each_message_of_an_advanced_send_has_its_own_delivery_report_callback(spec: dict[str, Any]) -> None:
    (callback,) = by_id(spec)["send-advanced-text-sms"][2]["callbacks"].values()
    ((key, item),) = callback.items()
    assert key == "{$request.body#/messages/0/notifyUrl}"  # OpenAPI: one JSON Pointer, no wildcard
    assert item["x-sms-api-callback-each"] == "{$request.body#/messages/*/notifyUrl}"
    assert "One callback per message" in item["post"]["description"]


def test_no_status_the_documentation_lacks_is_presented_as_the_apis(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    (single,) = [m for m in schemas["DestinationAddresses"]["oneOf"] if m["type"] == "string"]
    assert single["x-sms-api-rejection"]["invalid"] == 52 and "empty" not in single["x-sms-api-rejection"]
    assert single["x-sandbox-rejection"] == {"empty": 51}
    assert not re.search(r"\b(status|id|ids) 51\b", spec["info"]["description"])
    assert 51 not in schemas["StatusCode"]["enum"]
