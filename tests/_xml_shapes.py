"""XML shape entries written by hand, in the form `sms_api_spec.SCHEMAS` holds them (see docs/ARCHITECTURE.md,
XML): the tests build codecs over shapes of their own with these, and compare generated entries with them.

Loosely typed on purpose (`dict[str, Any]`, `Any` for a schema): a test may build a shape the codec must
refuse (an unknown type, an array of arrays). Only the standard library: importable from any test folder as
`tests._xml_shapes`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["array", "obj", "scalar", "schema"]


def scalar(element: str, type_: str = "string") -> dict[str, Any]:
    """A property held as text: `string`, `integer`, `number` or `boolean`."""
    return {"kind": "scalar", "type": type_, "element": element}


def obj(element: str, schema_name: str) -> dict[str, Any]:
    """A property holding an object of another schema."""
    return {"kind": "object", "schema": schema_name, "element": element}


def array(
    element: str, items: dict[str, Any], *, wrapped: bool = True, single: bool = False
) -> dict[str, Any]:
    """A list: inside a wrapper element (`wrapped`) or repeated in place; `single`: one bare value allowed."""
    return {"kind": "array", "element": element, "wrapped": wrapped, "single_allowed": single, "items": items}


def schema(
    element: str,
    properties: dict[str, Any],
    root_property: str | None = None,
    required: list[str] | None = None,
) -> Any:
    """A schema's entry: its root element, the property an error body's root stands for, its properties."""
    shape: dict[str, Any] = {"element": element, "root_property": root_property, "properties": properties}
    if required is not None:
        shape["required"] = required
    return shape
