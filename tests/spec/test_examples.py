"""Every example in the spec validates against its schema, in JSON and (decoded by the XML codec) in XML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .conftest import MEDIA_TYPES, load_spec, operations, resolve

SPEC = load_spec()
REGISTRY = Registry().with_resource(
    "urn:spec", Resource.from_contents(SPEC, default_specification=DRAFT202012)
)


def media_examples(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], str, dict[str, Any]]]:
    """(where, media type, schema, example name, example) for every example attached to a body."""

    def from_operation(op_id: str, op: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], str, Any]]:
        bodies = [("request", op["requestBody"])] if "requestBody" in op else []
        bodies += [(f"response {status}", response) for status, response in op.get("responses", {}).items()]
        for where, body in bodies:
            for media_type, media in resolve(body, spec).get("content", {}).items():
                for name, example in media.get("examples", {}).items():
                    yield f"{op_id} {where}", media_type, media["schema"], name, resolve(example, spec)
        for callback in op.get("callbacks", {}).values():
            for item in callback.values():
                yield from from_operation(item["post"]["operationId"], item["post"])

    for _method, _path, op in operations(spec):
        yield from from_operation(op["operationId"], op)


ALL = list(media_examples(SPEC))
JSON_EXAMPLES = [e for e in ALL if e[1] == "application/json"]
XML_EXAMPLES = [e for e in ALL if e[1] == "application/xml"]


def example_ids(examples: list[tuple[str, str, dict[str, Any], str, Any]]) -> list[str]:
    return [f"{where} {name}" for where, _media, _schema, name, _example in examples]


def schema_errors(instance: Any, schema: dict[str, Any]) -> list[str]:
    pointer = schema["$ref"].removeprefix("#") if "$ref" in schema else None
    root = {"$ref": f"urn:spec#{pointer}"} if pointer else schema
    validator = jsonschema.Draft202012Validator(
        root, registry=REGISTRY, format_checker=jsonschema.FormatChecker()
    )
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def test_the_spec_carries_every_seed_example_and_then_some() -> None:
    # 78 distinct request and response bodies of the seed plus the error and delivery-report examples.
    assert len(JSON_EXAMPLES) >= 45 and len(XML_EXAMPLES) >= 35
    seed_lines = {example.get("x-seed-line") for _w, _m, _s, _n, example in ALL} - {None}
    assert len(seed_lines) == 78


@pytest.mark.parametrize(
    ("where", "media_type", "schema", "name", "example"), JSON_EXAMPLES, ids=example_ids(JSON_EXAMPLES)
)
def test_json_example_validates(
    where: str, media_type: str, schema: dict[str, Any], name: str, example: Any
) -> None:
    assert schema_errors(example["value"], schema) == [], f"{where} {name}"


def test_schema_validation_is_not_vacuous() -> None:
    broken = {"messages": [{"to": 41793026727, "smsCount": "one"}]}
    assert sorted(schema_errors(broken, {"$ref": "#/components/schemas/SMSResponse"})) == [
        "messages/0/smsCount: 'one' is not of type 'integer'",
        "messages/0/to: 41793026727 is not of type 'string'",
        "messages/0: 'messageId' is a required property",  # response properties the API always sends
        "messages/0: 'status' is a required property",
    ]
    assert schema_errors({"to": []}, {"$ref": "#/components/schemas/NCRequest"})
    assert schema_errors(
        {"binary": {"hex": "zz"}, "to": "1"}, {"$ref": "#/components/schemas/SMSBinaryRequest"}
    )


def test_server_dates_follow_the_documented_pattern() -> None:
    pattern = re.compile(SPEC["components"]["schemas"]["ServerDateTime"]["pattern"])
    for value in (
        "2015-02-12T09:51:43.123+0100",
        "2015-03-01T12:54:44.560+0000",
        "2015-02-12T09:51:43.123+01:00",
    ):
        assert pattern.match(value), value
    for value in ("2015-02-12 09:51:43", "12.02.2015", "2015-02-12T09:51:43.123+1"):
        assert not pattern.match(value), value


def test_every_xml_example_has_a_json_twin() -> None:
    examples = SPEC["components"]["examples"]
    for name, example in examples.items():
        if name.endswith("xml"):
            assert example["x-json-twin"] in examples, name


@pytest.mark.parametrize(
    ("where", "media_type", "schema", "name", "example"), XML_EXAMPLES, ids=example_ids(XML_EXAMPLES)
)
def test_xml_example_decodes_and_validates(
    where: str, media_type: str, schema: dict[str, Any], name: str, example: Any
) -> None:
    from sms_api.xml_codec import decode
    from sms_api_spec.xml_shapes import SCHEMAS

    schema_name = schema["$ref"].rsplit("/", 1)[-1]
    decoded = decode(example["value"].encode("utf-8"), schema_name, SCHEMAS)
    assert schema_errors(decoded, schema) == [], f"{where} {name}"


def test_media_types_are_json_and_xml_only() -> None:
    assert {media_type for _w, media_type, _s, _n, _e in ALL} == set(MEDIA_TYPES)
