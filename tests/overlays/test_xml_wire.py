"""XML on the wire through the generated operations: every seed example, both directions, every operation.

Each XML response example of the spec, served by a mock server, must come out of the generated operation as
the same model as its JSON twin (``x-json-twin``), except for the differences the seed itself has
(spec/README.md, "Inconsistencies", items 5, 9 and 19, and the XML variant "an element missing in XML"). Those
are listed below path by path, so a new difference fails the test.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import sms_api_client.models as models
from sms_api import ResponseDecodeError, parse_number_context_result
from sms_api.typecheck import TypeCheckError, check_body, check_xml_decoded, date_properties
from sms_api.wire import codec
from sms_api_spec import OPERATIONS, SCHEMAS

from .._spec import SPEC
from .conftest import Server, call, reply

EXAMPLES: dict[str, dict[str, Any]] = SPEC["components"]["examples"]

# Differences between an XML example and its JSON twin that the seed has; paths after normalisation.
KNOWN_DIFFERENCES: dict[str, set[str]] = {
    # item 9: groupName written differently
    "send-single-text-sms.response.one-destination-xml": {"/messages[0]/status/groupName"},
    # item 19: IDs of the multiple answers
    "send-single-text-sms.response.multiple-destinations-xml": {"/messages[0]/messageId"},
    "send-multi-text-sms.response.multiple-messages-xml": {"/bulkId"},
    "send-single-binary-sms.response.multiple-destinations-xml": {
        "/bulkId",
        "/messages[0]/messageId",
        "/messages[1]/messageId",
    },
    # XML variants: an element missing in XML that its JSON twin has
    "get-delivery-reports.response.no-filter-xml": {"/results[0]/error"},
    # item 19: the first log entry differs (the XML shows one more, newer message); item 9: `Ok` vs `OK`
    "get-sent-sms-logs.response.no-filter-xml": {
        f"/results[{i}]/{field}"
        for i in (0, 1)
        for field in ("bulkId", "messageId", "sentAt", "doneAt", "error/groupName")
    },
    # item 19: `to`/`from` of received logs
    "get-received-sms-logs.response.no-filter-xml": {
        f"/results[{i}]/{f}" for i in range(3) for f in ("to", "from")
    },
    "get-received-sms-logs.response.keyword-to-xml": {
        f"/results[{i}]/{f}" for i in range(2) for f in ("to", "from")
    },
    # item 19: PENDING_WAITING_DELIVERY vs PENDING_ENROUTE (and the bulkId the XML leaves out)
    "notify-number-context.response.several-numbers-xml": {
        "/bulkId",
        "/ncResults[0]/status/id",
        "/ncResults[0]/status/name",
        "/ncResults[0]/status/description",
        "/ncResults[0]/status/groupName",
    },
}


def diff(a: Any, b: Any, path: str = "") -> set[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return {p for key in set(a) | set(b) for p in diff(a.get(key), b.get(key), f"{path}/{key}")}
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return {p for i, (x, y) in enumerate(zip(a, b, strict=True)) for p in diff(x, y, f"{path}[{i}]")}
    return set() if a == b else {path}


def normalise(value: dict[str, Any], operation: str) -> dict[str, Any]:
    if operation == "query-number-context":
        # item 5: `results` and `ncResults` are the same thing; the seed's XML lists the numbers in another
        # order than its JSON twin
        results = value.pop("ncResults", None) or value.pop("results", [])
        value["results"] = sorted(results, key=lambda r: str(r.get("to")))
    return value


def one_to_as_list(value: Any, schema: str) -> Any:
    """A single value where the spec allows "one or a list" (`to`): XML always writes the list form."""
    out = dict(value)
    for name, shape in SCHEMAS[schema]["properties"].items():
        item = out.get(name)
        if item is None:
            continue
        if shape["kind"] == "object":
            out[name] = one_to_as_list(item, shape["schema"])
        elif shape["kind"] == "array":
            if shape["single_allowed"] and not isinstance(item, list):
                item = [item]
            if shape["items"]["kind"] == "object":
                item = [one_to_as_list(entry, shape["items"]["schema"]) for entry in item]
            out[name] = item
    return out


def xml_examples(kind: str) -> list[str]:
    return sorted(
        n for n, e in EXAMPLES.items() if f".{kind}." in n and n.endswith("-xml") and "x-json-twin" in e
    )


def request_body(operation: str) -> Any:
    schema = OPERATIONS[operation]["request_schema"]
    if schema is None:
        return {}
    example = next(
        e["value"] for n, e in EXAMPLES.items() if n.startswith(f"{operation}.request.") and "-json" in n
    )
    return {"body": getattr(models, schema).from_dict(example)}


def test_every_operation_has_an_xml_response_example() -> None:
    assert {name.split(".")[0] for name in xml_examples("response")} == set(OPERATIONS)


@pytest.mark.parametrize("name", xml_examples("response"))
def test_xml_response_decodes_to_the_model_of_its_json_twin(name: str, mode: str) -> None:
    operation = name.split(".")[0]
    model = getattr(models, OPERATIONS[operation]["response_schema"])
    server = Server(reply(200, EXAMPLES[name]["value"], content_type="application/xml"))
    result = call(mode, operation, server.client(wire_format="xml"), **request_body(operation))
    assert type(result) is model
    expected = normalise(
        model.from_dict(EXAMPLES[EXAMPLES[name]["x-json-twin"]]["value"]).to_dict(), operation
    )
    assert diff(expected, normalise(result.to_dict(), operation)) == KNOWN_DIFFERENCES.get(name, set())
    assert server.requests[0].headers["Accept"] == "application/xml"


def test_known_differences_are_not_vacuous() -> None:
    # Decoding the JSON twin itself gives no difference, so a listed difference must really be there.
    name = "get-sent-sms-logs.response.no-filter-xml"
    twin = EXAMPLES[EXAMPLES[name]["x-json-twin"]]["value"]
    decoded = codec().decode(EXAMPLES[name]["value"].encode(), "SMSLogsResponse")
    assert diff(twin, twin) == set()
    assert diff(
        models.SMSLogsResponse.from_dict(twin).to_dict(), models.SMSLogsResponse.from_dict(decoded).to_dict()
    )


@pytest.mark.parametrize(
    "operation", sorted(op for op, row in OPERATIONS.items() if row["request_schema"] is not None)
)
def test_request_bodies_go_out_as_xml(operation: str, mode: str) -> None:
    schema = OPERATIONS[operation]["request_schema"]
    assert schema is not None
    model = getattr(models, schema)
    names = [n for n in EXAMPLES if n.startswith(f"{operation}.request.") and n.endswith("-json")]
    assert names
    for name in names:
        body = model.from_dict(EXAMPLES[name]["value"])
        response_xml = next(
            e["value"]
            for n, e in EXAMPLES.items()
            if n.startswith(f"{operation}.response.") and n.endswith("-xml")
        )
        server = Server(reply(200, response_xml, content_type="application/xml"))
        call(mode, operation, server.client(wire_format="xml"), body=body)
        (request,) = server.requests
        assert request.headers["Content-Type"] == "application/xml"
        assert request.content.startswith(b"<?xml") and b"{" not in request.content[:60]
        sent = codec().decode(request.content, schema)
        # What the JSON wire format sends, except that XML writes a single `to` as a list of one.
        assert sent == one_to_as_list(body.to_dict(), schema)
        assert model.from_dict(sent).to_dict() == one_to_as_list(body.to_dict(), schema)


@pytest.mark.parametrize("name", xml_examples("request"))
def test_seed_xml_requests_match_what_the_sdk_writes_for_their_twins(name: str) -> None:
    operation = name.split(".")[0]
    schema = OPERATIONS[operation]["request_schema"]
    assert schema is not None
    model = getattr(models, schema)
    seed = one_to_as_list(
        model.from_dict(codec().decode(EXAMPLES[name]["value"].encode(), schema)).to_dict(), schema
    )
    twin = one_to_as_list(model.from_dict(EXAMPLES[EXAMPLES[name]["x-json-twin"]]["value"]).to_dict(), schema)
    # item 19: the notify request's notifyContentType differs between the XML examples and their twins
    expected = {"/notifyContentType"} if operation == "notify-number-context" else set()
    assert diff(twin, seed) == expected


def test_json_wire_sends_json_and_asks_for_json(mode: str) -> None:
    body = request_body("send-single-text-sms")
    json_example = EXAMPLES["send-single-text-sms.response.one-destination-json"]["value"]
    server = Server(reply(200, json_example))
    call(mode, "send-single-text-sms", server.client(), **body)
    (request,) = server.requests
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"


def test_xml_decoded_responses_say_so_in_their_headers(mode: str) -> None:
    xml = EXAMPLES["get-account-balance.response.getting-started-xml"]["value"]
    server = Server(reply(200, xml, content_type="application/xml; charset=utf-8"))
    response = call(mode, "get-account-balance", server.client(wire_format="xml"), detailed=True)
    assert response.headers["X-Sms-Api-Wire-Format"] == "xml"
    # The content is the XML as it came, with its own Content-Type (not re-encoded as JSON).
    assert response.content == xml.encode()
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert (
        response.parsed.balance
        == EXAMPLES["get-account-balance.response.getting-started-json"]["value"]["balance"]
    )


def test_a_json_answer_to_an_xml_request_is_read_too(mode: str) -> None:
    # Seed item 18: servers may ignore Accept; the body is read by its Content-Type.
    server = Server(reply(200, {"balance": 3.5, "currency": "EUR"}))
    assert call(mode, "get-account-balance", server.client(wire_format="xml")).balance == 3.5


def test_pushed_number_context_result_in_xml_matches_its_json_twin() -> None:
    name = "notify-number-context.callback.pushed-result-xml"
    from_xml = parse_number_context_result(EXAMPLES[name]["value"], "application/xml")
    from_json = parse_number_context_result(
        httpx.Response(200, json=EXAMPLES[EXAMPLES[name]["x-json-twin"]]["value"]).content, "application/json"
    )
    assert from_xml.to_dict() == from_json.to_dict()


def test_json_of_an_xml_answer_is_the_decoded_value_every_time() -> None:
    # The generated parser gets the transport's value; a later json() (an httpx response hook, a user's
    # transport wrapper) decodes the XML content again: an equal value of its own, never the same object.
    name = "get-sent-sms-logs.response.no-filter-xml"
    seen: list[Any] = []

    def hook(response: httpx.Response) -> None:
        response.read()
        seen.extend([response.json(), response.json()])

    server = Server(reply(200, EXAMPLES[name]["value"], content_type="application/xml"))
    client = server.client(wire_format="xml", httpx_args={"event_hooks": {"response": [hook]}})
    result = call("sync", "get-sent-sms-logs", client)
    first, second = seen
    assert first == second and first is not second
    assert first == codec().decode(EXAMPLES[name]["value"].encode(), "SMSLogsResponse")
    assert result.to_dict() == models.SMSLogsResponse.from_dict(first).to_dict()


def test_json_options_are_refused_for_an_xml_answer() -> None:
    seen: list[BaseException] = []

    def hook(response: httpx.Response) -> None:
        response.read()
        try:
            response.json(parse_float=str)
        except TypeError as exc:
            seen.append(exc)

    xml = EXAMPLES["get-account-balance.response.getting-started-xml"]["value"]
    server = Server(reply(200, xml, content_type="application/xml"))
    client = server.client(wire_format="xml", httpx_args={"event_hooks": {"response": [hook]}})
    assert call("sync", "get-account-balance", client).balance
    assert len(seen) == 1 and "XML on the wire" in str(seen[0])


def test_xml_bodies_get_the_same_type_verdicts_as_json(mode: str) -> None:
    # The XML path checks only what the codec leaves open (dates); the verdicts must stay those of the full
    # check: a bad date is named by its path, a bad integer by the codec.
    entry = "<SMSLogsResponse><results><results>{}</results></results></SMSLogsResponse>"
    bad_date = entry.format("<sentAt>yesterday</sentAt>")
    server = Server(reply(200, bad_date, content_type="application/xml"))
    with pytest.raises(ResponseDecodeError, match=r"results\[0\]/sentAt: 'yesterday' is not a date"):
        call(mode, "get-sent-sms-logs", server.client(wire_format="xml"))
    empty_date = entry.format("<doneAt/>")
    server = Server(reply(200, empty_date, content_type="application/xml"))
    with pytest.raises(ResponseDecodeError, match=r"results\[0\]/doneAt: '' is not a date"):
        call(mode, "get-sent-sms-logs", server.client(wire_format="xml"))
    bad_int = entry.format("<smsCount>one</smsCount>")
    server = Server(reply(200, bad_int, content_type="application/xml"))
    with pytest.raises(ResponseDecodeError, match=r"smsCount: 'one' is not an integer"):
        call(mode, "get-sent-sms-logs", server.client(wire_format="xml"))


@pytest.mark.parametrize("name", xml_examples("response"))
def test_dates_only_check_agrees_with_the_full_check_on_every_example(name: str) -> None:
    schema = OPERATIONS[name.split(".")[0]]["response_schema"]
    value = codec().decode(EXAMPLES[name]["value"].encode(), schema)
    check_body(value, schema)
    check_xml_decoded(value, schema)


def test_every_date_property_is_still_checked_for_xml() -> None:
    # Each schema's dates are reached by the XML check: a bad value in each is refused with its path.
    from sms_api.typecheck import _xml_checked

    for schema in SCHEMAS:
        dates = date_properties(schema)
        for prop in dates:
            with pytest.raises(TypeCheckError, match=f"^{prop}: 'x' is not a date"):
                check_xml_decoded({prop: "x"}, schema)
        assert _xml_checked(schema) >= bool(dates)
