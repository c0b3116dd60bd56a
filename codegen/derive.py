"""Derive the Python generators' input from spec/openapi.yaml.

The spec stays the single source of truth and is never written to. What the Python generators read is a copy
with a few mechanical rewrites, listed in ``RULES`` below. Each rule is a pure function on the document that
returns how many places it changed, so the driver can narrate it (``dropping 48 application/xml entries``) and
fail loudly when a rule stops matching anything (a sign that the spec changed under it).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Json = Any  # a YAML/JSON value: dict, list, str, int, float, bool or None

XML = "application/xml"
DATETIME_MARKER = "x-sms-api-datetime"


def _walk(node: Json) -> Iterator[dict[str, Json]]:
    """Every mapping of the document, depth first, parents before children."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def drop_xml_media_types(doc: dict[str, Json]) -> int:
    """openapi-python-client has no XML bodies and warns on every ``application/xml`` entry.

    XML is the overlays' job (``sms_api.xml_codec`` driven by ``sms_api_spec.xml_shapes``), so the client is
    generated from the JSON half of the spec only.
    """
    dropped = 0
    for node in list(_walk(doc)):
        content = node.get("content")
        if isinstance(content, dict) and XML in content:
            del content[XML]
            dropped += 1
    return dropped


def datetime_markers_to_format(doc: dict[str, Json]) -> int:
    """Every schema marked ``x-sms-api-datetime: true`` becomes ``type: string, format: date-time``.

    The spec types response dates as patterned strings (the server writes ``+0100``, which is not RFC 3339)
    so that other-language generators never choke on them. Python's parsers (``datetime.fromisoformat`` in the
    client, pydantic in the models) accept that offset, so Python users get aware datetimes. The pattern goes:
    a pattern on a datetime is meaningless to both generators (and pydantic refuses it).
    """
    changed = 0
    for node in list(_walk(doc)):
        if node.get(DATETIME_MARKER) is True:
            for key in ("pattern", "minLength", "maxLength", DATETIME_MARKER):
                node.pop(key, None)
            node["type"] = "string"
            node["format"] = "date-time"
            changed += 1
    return changed


def parameter_descriptions_to_schemas(doc: dict[str, Json]) -> int:
    """Every parameter's ``description`` also becomes its inline schema's, where the schema has none.

    openapi-python-client documents an argument (``Args:`` of each operation's docstring, so ``help()``) with
    its schema's description and ignores the parameter's own, which is where the spec puts it. A ``$ref``
    schema keeps the description of the schema it names.
    """
    changed = 0
    parameter_lists = [doc.get("components", {}).get("parameters", {}).values()]
    for item in doc.get("paths", {}).values():
        parameter_lists.append(item.get("parameters", []))
        for operation in item.values():
            if isinstance(operation, dict):
                parameter_lists.append(operation.get("parameters", []))
    for parameters in parameter_lists:
        for parameter in parameters:
            schema = parameter.get("schema")
            description = parameter.get("description")
            if not description or not isinstance(schema, dict):
                continue
            if "$ref" not in schema and "description" not in schema:
                schema["description"] = description
                changed += 1
    return changed


@dataclass(frozen=True)
class Rule:
    verb: str  # how the narration describes what was done, with {n} for the count
    apply: Callable[[dict[str, Json]], int]


RULES: tuple[Rule, ...] = (
    Rule("dropping {n} application/xml entries", drop_xml_media_types),
    Rule("turning {n} x-sms-api-datetime schemas into format: date-time", datetime_markers_to_format),
    Rule("copying {n} parameter descriptions into their schemas", parameter_descriptions_to_schemas),
)


def derive_client_spec(spec: dict[str, Json], narrate: Callable[[str], None]) -> dict[str, Json]:
    """Return the derived document; ``spec`` itself is left untouched."""
    doc = copy.deepcopy(spec)
    for rule in RULES:
        n = rule.apply(doc)
        if n == 0:
            raise SystemExit(
                f"codegen: rule '{rule.verb.format(n='no')}' matched nothing; update codegen/derive.py"
            )
        narrate(rule.verb.format(n=n))
    return doc
