"""Every XML example of the spec is what the standard `xml` objects describe.

Each JSON example goes through `standard_xml.render` (the OpenAPI XML rules, no extension read) with the
schema of the XML media type it is paired with (`x-json-twin`), and the result must have the shape of the XML
example: the same elements, nested the same way, the same number of items. Data may differ where the seed's
twins carry different data (spec/README.md, item 19 and the variant table); those differences are listed
below, each by the element path that differs, and a listed difference that disappears fails too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from .._spec import SPEC, operations_and_callbacks, resolve
from . import standard_xml

#: XML example -> why its shape differs from the rendering of its JSON twin: the twins differ in *data*.
DATA_DIFFERENCES = {
    # The JSON twin sends `to` as one string, the XML example as a list of one (`<to><to>...</to></to>`).
    "send-single-text-sms.request.one-destination-xml": "to: a string in JSON, a list of one in XML",
    "send-single-binary-sms.request.one-destination-xml": "to: a string in JSON, a list of one in XML",
    "send-multi-text-sms.request.multiple-messages-xml": "messages/1/to: a string in JSON, a list in XML",
    "send-multi-binary-sms.request.multiple-messages-xml": "messages/1/to: a string in JSON, a list in XML",
    # README variant table: `error` is missing in the XML delivery report.
    "get-delivery-reports.response.no-filter-xml": "results/0/error only in JSON",
    # README item 5: the synchronous XML answer names the array `ncResults`, its JSON twin `results`.
    "query-number-context.response.one-number-xml": "results in JSON, ncResults in XML",
    # README item 19: the multiple-numbers notify answer has a bulkId in JSON only.
    "notify-number-context.response.several-numbers-xml": "bulkId only in JSON",
}


def _content_pairs() -> list[tuple[str, str, str, str]]:
    """(XML example, its schema, JSON twin, the twin's schema) for every XML example of a body."""
    schema_of: dict[str, str] = {}
    for op, _is_callback in operations_and_callbacks():
        bodies = [op["requestBody"]] if "requestBody" in op else []
        bodies += list(op.get("responses", {}).values())
        for body in bodies:
            for media in resolve(body).get("content", {}).values():
                schema = media["schema"]["$ref"].rsplit("/", 1)[1]
                for example in media.get("examples", {}).values():
                    schema_of.setdefault(example["$ref"].rsplit("/", 1)[1], schema)
    examples = SPEC["components"]["examples"]
    pairs = []
    for name, schema in schema_of.items():
        if name.endswith("-xml") or name.endswith(".xml"):
            twin = examples[name]["x-json-twin"]
            pairs.append((name, schema, twin, schema_of[twin]))
    return pairs


PAIRS = _content_pairs()


def _twin_value(schema: str, twin: str, twin_schema: str) -> Any:
    """The JSON twin's data as the XML schema holds it.

    Where a media type has its own XML schema (`RequestError` for `ApiError`), it is the schema of the JSON
    body's one property: the XML body is that property's value.
    """
    value = SPEC["components"]["examples"][twin]["value"]
    if schema == twin_schema:
        return value
    properties = SPEC["components"]["schemas"][twin_schema]["properties"]
    (holder,) = [p for p, s in properties.items() if s.get("$ref", "").endswith(f"/{schema}")]
    assert list(properties) == [holder], f"{twin_schema}: the XML schema must be its only property"
    return value[holder]


def test_every_xml_example_is_checked() -> None:
    assert len(PAIRS) >= 38
    assert {schema for _n, schema, _t, _ts in PAIRS} >= {"SMSResponse", "RequestError", "NCResponse"}
    assert set(DATA_DIFFERENCES) <= {name for name, *_ in PAIRS}


@pytest.mark.parametrize(("name", "schema", "twin", "twin_schema"), PAIRS, ids=[p[0] for p in PAIRS])
def test_xml_example_has_the_shape_the_standard_rules_give_its_json_twin(
    name: str, schema: str, twin: str, twin_schema: str
) -> None:
    rendered = standard_xml.render(SPEC, schema, _twin_value(schema, twin, twin_schema))
    example = ET.fromstring(SPEC["components"]["examples"][name]["value"])
    same = standard_xml.shape(rendered) == standard_xml.shape(example)
    if name in DATA_DIFFERENCES:
        assert not same, f"{name} now has its twin's shape: drop it from DATA_DIFFERENCES"
        # Still the standard rules' document, only of other data: the root and the top level agree.
        assert rendered.tag == example.tag
    else:
        ET.indent(rendered)
        described = ET.tostring(rendered).decode()
        assert same, f"{name} is not what the xml objects describe; they give:\n{described}"


def test_the_renderer_applies_the_standard_rules() -> None:
    # Wrapped arrays of strings, items named by the items' xml.name; the root from the schema's xml.name.
    text = ET.tostring(
        standard_xml.render(SPEC, "SMSTextualRequest", {"from": "A", "to": ["1", "2"], "text": "t"})
    )
    assert text == b"<request><from>A</from><to><to>1</to><to>2</to></to><text>t</text></request>"
    # oneOf by JSON type: a single string is one bare element.
    single = standard_xml.render(SPEC, "NCRequest", {"to": "1"})
    assert ET.tostring(single) == b"<request><to>1</to></request>"
    # Items of a $ref schema are named after the array property (NCResponseDetails has no xml.name).
    nc = standard_xml.render(SPEC, "NCResponse", {"ncResults": [{"to": "1"}]})
    assert ET.tostring(nc) == (
        b"<NCResponse><ncResults><ncResults><to>1</to></ncResults></ncResults></NCResponse>"
    )
    # The error body's XML schema is the request error itself.
    error = standard_xml.render(SPEC, "RequestError", {"serviceException": {"messageId": "X"}})
    assert ET.tostring(error) == (
        b"<requestError><serviceException><messageId>X</messageId></serviceException></requestError>"
    )
    with pytest.raises(ValueError, match="does not describe"):
        standard_xml.render(SPEC, "NCRequest", {"to": "1", "unknown": 2})


def test_the_rules_need_no_extension() -> None:
    """No `x-` key shapes XML: the codec's shape table would read the same from a spec without extensions."""
    for schema in SPEC["components"]["schemas"].values():
        assert not [key for key in schema if key.startswith("x-") and "xml" in key], schema
