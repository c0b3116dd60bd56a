"""A renderer of the OpenAPI XML rules, and nothing else: what any generator that reads the standard `xml`
objects would write for a JSON value of a schema.

The rules (OpenAPI 3.1, XML Object): the root element is the schema's `xml.name`, else its component name; a
property is an element named by its schema's `xml.name`, else the property name (`xml.attribute: true` makes
it an attribute); an array is one element per item, named by the items' `xml.name`, else the property name,
and with `xml.wrapped: true` those sit in an outer element named by the array's `xml.name`, else the property
name. `oneOf`/`anyOf` members are chosen by the JSON type of the value; `allOf` members are merged. No
extension (`x-...`) is read: an extension may only make a reader more lenient, never change the shape.

Written here on purpose (no XML library of a generator): the test must not inherit another tool's quirks.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from .._spec import resolve

Spec = dict[str, Any]


# JSON types by the Python type `json.loads` gives, bool before int (a bool is an int in Python).
_JSON_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def _json_type(value: Any) -> str:
    return next((name for python_type, name in _JSON_TYPES if isinstance(value, python_type)), "null")


def _accepts(schema: dict[str, Any], value: Any) -> bool:
    declared = schema.get("type")
    if declared is None:
        return True
    kinds = declared if isinstance(declared, list) else [declared]
    found = _json_type(value)
    return found in kinds or (found == "integer" and "number" in kinds)


def effective(spec: Spec, node: Any, value: Any) -> dict[str, Any]:
    """The schema describing `value`: `$ref`s followed, the matching `oneOf`/`anyOf` member, `allOf` merged.

    `xml` of the outer node wins over the member's, as it is the more specific description.
    """
    schema: dict[str, Any] = dict(resolve(node, spec))
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema:
            members = [resolve(m, spec) for m in schema.pop(keyword)]
            chosen = next((m for m in members if _accepts(m, value)), None)
            if chosen is None:
                raise ValueError(f"no {keyword} member takes a {_json_type(value)}")
            merged = effective(spec, chosen, value)
            schema = {
                **merged,
                **{k: v for k, v in schema.items() if k != "xml"},
                "xml": {**merged.get("xml", {}), **schema.get("xml", {})},
            }
    if "allOf" in schema:
        parts = [effective(spec, m, value) for m in schema.pop("allOf")]
        properties: dict[str, Any] = {}
        for part in parts:
            properties.update(part.get("properties", {}))
        properties.update(schema.get("properties", {}))
        xml: dict[str, Any] = {}
        for part in parts:
            xml.update(part.get("xml", {}))
        xml.update(schema.get("xml", {}))
        schema = {**schema, "properties": properties, "xml": xml}
    return schema


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _add(spec: Spec, parent: ET.Element, name: str, node: Any, value: Any) -> None:
    schema = effective(spec, node, value)
    xml = schema.get("xml", {})
    if isinstance(value, list):
        items = schema.get("items", {})
        holder = ET.SubElement(parent, xml.get("name", name)) if xml.get("wrapped") else parent
        for item in value:
            item_schema = effective(spec, items, item)
            _element(spec, holder, item_schema.get("xml", {}).get("name", name), item_schema, item)
        return
    element_name = xml.get("name", name)
    if xml.get("attribute"):
        parent.set(element_name, _text(value))
        return
    _element(spec, parent, element_name, schema, value)


def _element(spec: Spec, parent: ET.Element, name: str, schema: dict[str, Any], value: Any) -> None:
    element = ET.SubElement(parent, name)
    _fill(spec, element, schema, value)


def _fill(spec: Spec, element: ET.Element, schema: dict[str, Any], value: Any) -> None:
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        unknown = sorted(set(value) - set(properties))
        if unknown:
            raise ValueError(f"<{element.tag}> has properties its schema does not describe: {unknown}")
        for prop, prop_schema in properties.items():
            if prop in value and value[prop] is not None:
                _add(spec, element, prop, prop_schema, value[prop])
    elif isinstance(value, list):
        raise ValueError(f"<{element.tag}>: a list needs a property to name its items")
    else:
        element.text = _text(value)


def render(spec: Spec, schema_name: str, value: Any) -> ET.Element:
    """The XML document the standard rules give for `value` as the component schema `schema_name`."""
    node = {"$ref": f"#/components/schemas/{schema_name}"}
    schema = effective(spec, node, value)
    root = ET.Element(schema.get("xml", {}).get("name", schema_name))
    _fill(spec, root, schema, value)
    return root


Shape = tuple[str, tuple[tuple[str, str], ...], bool, tuple[Any, ...]]


def shape(element: ET.Element) -> Shape:
    """The structure of an element, data left out: its tag, attribute names, whether it holds text, and its
    children's shapes. Children are sorted by tag (stable, so repeated items keep their order): the rules say
    which elements exist and how they nest, not in which order differently named siblings come."""
    children = sorted(element, key=lambda child: child.tag)
    has_text = bool((element.text or "").strip())
    return (
        element.tag,
        tuple(sorted((name, "") for name in element.attrib)),
        has_text,
        tuple(shape(child) for child in children),
    )
