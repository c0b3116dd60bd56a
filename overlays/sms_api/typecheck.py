"""Check a decoded body (parsed JSON, or XML decoded by the codec) against the spec's types, cheaply.

The generated models copy values without checking them, so a response with ``"smsCount": "1"`` would give
users a string typed as ``int``, and one with ``"status": "x"`` or a malformed date would crash inside the
generated parser with a bare ``TypeError``/``ValueError``. The transport runs this check on every success body
so that such a body becomes a :class:`~sms_api.errors.ResponseDecodeError` naming the path.

The check is compiled once per schema from ``sms_api_spec.SCHEMAS``: scalar types are compared with
``type(value) in types`` (exact JSON types: ``True`` is no integer), objects and arrays recurse, unknown keys
are accepted (the generated models keep them). A property the spec marks ``required`` (the API always sends
it, and the generated model types it without ``Unset``) must be present and not ``null``. Any other scalar
may be ``null`` (the generated models tolerate it) except a date; objects and arrays may not. Date properties
are the scalars the shape table marks ``date`` (strings on the wire), and are parsed the way the generated
model will parse them.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Final

from sms_api_spec import SCHEMAS

__all__ = ["TypeCheckError", "check_body", "check_xml_decoded", "date_properties"]

_TYPES: Final[dict[str, frozenset[type]]] = {
    "string": frozenset({str}),
    "integer": frozenset({int}),
    "number": frozenset({int, float}),
    "boolean": frozenset({bool}),
}

_SCALAR: Final = 0
_DATE: Final = 1
_OBJECT: Final = 2
_ARRAY: Final = 3


class TypeCheckError(ValueError):
    """A value does not have the spec's type; the message names its path (``results[3]/smsCount``)."""


class _Failure(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.segments: list[str] = []


# A compiled property: (kind, scalar types, schema name of an object / the item of an array, single_allowed)
_Prop = tuple[int, frozenset[type], str | None, bool, "tuple[int, frozenset[type], str | None, bool] | None"]

_compiled: dict[str, dict[str, _Prop]] = {}
# The same for values the XML codec decoded: only what the codec does not guarantee (see check_xml_decoded).
_compiled_xml: dict[str, dict[str, _Prop]] = {}


def date_properties(schema: str) -> frozenset[str]:
    """JSON property names of ``schema`` that hold a date (the shape table marks them ``date``)."""
    shape = SCHEMAS.get(schema)
    if shape is None:
        return frozenset()
    return frozenset(
        name for name, prop in shape["properties"].items() if prop["kind"] == "scalar" and prop.get("date")
    )


def _required(schema: str) -> tuple[str, ...]:
    required = _required_by_schema.get(schema)
    if required is None:
        required = _required_by_schema[schema] = tuple(SCHEMAS[schema]["required"])
    return required


_required_by_schema: dict[str, tuple[str, ...]] = {}


def _compile(schema: str, table: dict[str, dict[str, _Prop]]) -> dict[str, _Prop]:
    compiled = table.get(schema)
    if compiled is not None:
        return compiled
    xml = table is _compiled_xml
    shape = SCHEMAS[schema]
    dates = date_properties(schema)
    out: dict[str, _Prop] = {}
    for name, prop in shape["properties"].items():
        if prop["kind"] == "scalar":
            if name in dates:
                out[name] = (_DATE, _TYPES[prop["type"]], None, False, None)
            elif not xml:
                out[name] = (_SCALAR, _TYPES[prop["type"]], None, False, None)
        elif prop["kind"] == "object":
            if not xml or _xml_checked(prop["schema"]):
                out[name] = (_OBJECT, frozenset(), prop["schema"], False, None)
        else:
            item = prop["items"]
            if item["kind"] == "scalar":
                if xml:
                    continue
                item_prop: tuple[int, frozenset[type], str | None, bool] = (
                    _SCALAR,
                    _TYPES[item["type"]],
                    None,
                    False,
                )
            else:
                if xml and not _xml_checked(item["schema"]):
                    continue
                item_prop = (_OBJECT, frozenset(), item["schema"], False)
            out[name] = (_ARRAY, frozenset(), None, prop["single_allowed"], item_prop)
    table[schema] = out
    return out


def _xml_checked(schema: str, seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``schema`` or a schema below it has what an XML-decoded value still needs checked: a date
    property or a required one (the codec converts what it finds, it cannot know what is missing)."""
    if schema in seen:
        return False
    if date_properties(schema) or _required(schema):
        return True
    seen = seen | {schema}
    for prop in SCHEMAS[schema]["properties"].values():
        below = prop["items"] if prop["kind"] == "array" else prop
        if below["kind"] == "object" and _xml_checked(below["schema"], seen):
            return True
    return False


def _codec_guarantees_types() -> bool:
    # The codec files an element under the property whose *element* name it has; an unknown element is kept
    # as text or a dict under its own name. Where a property's JSON name differs from its element name, an
    # unknown element with that JSON name would land on the property unconverted: check everything then.
    for shape in SCHEMAS.values():
        for name, prop in shape["properties"].items():
            if prop["element"] != name:
                return False
    return True


_XML_TYPES_GUARANTEED: Final = _codec_guarantees_types()


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), f"a {type(value).__name__}"
    )


def _expected(types: frozenset[type]) -> str:
    if bool in types:
        return "a boolean"
    if float in types:
        return "a number"
    if int in types:
        return "an integer"
    return "a string"


def _check_date(value: Any) -> None:
    if type(value) is not str:
        raise _Failure(f"expected a date string, got {_type_name(value)}")
    try:
        _dt.datetime.fromisoformat(value)
    except ValueError:
        raise _Failure(f"{value!r} is not a date") from None


def _check_object(value: Any, schema: str, table: dict[str, dict[str, _Prop]]) -> None:
    if type(value) is not dict:
        raise _Failure(f"expected an object, got {_type_name(value)}")
    props = table.get(schema) or _compile(schema, table)
    if props:
        _check_properties(value, props, table)
    # After the values, so that a value of the wrong type is reported as such even when something is missing.
    for key in _required(schema):
        if value.get(key) is None:
            failure = _Failure(
                "required property is missing" if key not in value else "required property is null"
            )
            failure.segments.append(key)
            raise failure


def _check_properties(
    value: dict[str, Any], props: dict[str, _Prop], table: dict[str, dict[str, _Prop]]
) -> None:
    if table is _compiled_xml:
        # Only dates and the objects and arrays that lead to them are left: look those few keys up instead
        # of scanning every key of the value.
        pairs: Any = [(key, value[key]) for key in props if key in value]
    else:
        pairs = value.items()
    for key, item in pairs:
        prop = props.get(key)
        if prop is None:
            continue
        kind, types, sub, single_allowed, item_prop = prop
        if kind == _SCALAR:
            if type(item) in types or item is None:
                continue
            failure = _Failure(f"expected {_expected(types)}, got {_type_name(item)}")
        else:
            try:
                if kind == _DATE:
                    _check_date(item)
                elif kind == _OBJECT:
                    assert sub is not None
                    _check_object(item, sub, table)
                else:
                    assert item_prop is not None
                    _check_array(item, item_prop, single_allowed, table)
                continue
            except _Failure as raised:
                failure = raised
        failure.segments.append(key)
        raise failure


def _check_array(
    value: Any,
    item_prop: tuple[int, frozenset[type], str | None, bool],
    single_allowed: bool,
    table: dict[str, dict[str, _Prop]],
) -> None:
    kind, types, sub, _ = item_prop
    if type(value) is not list:
        if single_allowed and kind == _SCALAR and type(value) in types:
            return
        raise _Failure(f"expected an array, got {_type_name(value)}")
    if kind == _SCALAR:
        for index, item in enumerate(value):
            if type(item) not in types:
                failure = _Failure(f"expected {_expected(types)}, got {_type_name(item)}")
                failure.segments.append(f"[{index}]")
                raise failure
        return
    assert sub is not None
    for index, item in enumerate(value):
        try:
            _check_object(item, sub, table)
        except _Failure as failure:
            failure.segments.append(f"[{index}]")
            raise


def check_body(value: Any, schema: str) -> None:
    """Raise :class:`TypeCheckError` if ``value`` does not have the types ``schema`` gives it."""
    _run(value, schema, _compiled)


def check_xml_decoded(value: Any, schema: str) -> None:
    """:func:`check_body` for a value ``sms_api.xml_codec`` decoded as ``schema`` from ``SCHEMAS``: the same
    verdict, checking only what the codec does not already guarantee.

    The codec converts every scalar of a known property by its shape's type (or fails naming the path), never
    yields ``null``, and yields a dict for every known object and a list for every array. What is left is the
    dates (strings there, parsed by the generated model) and the required properties, checked here as
    :func:`check_body` checks them. If
    the shape table ever names a property differently from its element, everything is checked (see
    ``_codec_guarantees_types``).
    """
    _run(value, schema, _compiled_xml if _XML_TYPES_GUARANTEED else _compiled)


def _run(value: Any, schema: str, table: dict[str, dict[str, _Prop]]) -> None:
    try:
        _check_object(value, schema, table)
    except _Failure as failure:
        path = "".join(
            segment if segment.startswith("[") or not index else f"/{segment}"
            for index, segment in enumerate(reversed(failure.segments))
        )
        raise TypeCheckError(f"{path or '(body)'}: {failure.problem}") from None
