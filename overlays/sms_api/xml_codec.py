"""Spec-driven XML <-> JSON-equivalent dict codec, shared by the SDK and the sandbox.

The API documents every operation in JSON and XML, and the XML examples are not consistent (wrapped
and unwrapped arrays, different root names, ``<to>`` as one element or a list). Rather than hand-write a
parser per operation, this codec is driven by the shape tables in ``sms_api_spec.xml_shapes`` (their format is
described there; the shape types are theirs). It does not read the table itself: callers pass one, so the
sandbox and tests can use their own.

Decoding returns exactly what the same response would be as parsed JSON, so everything downstream
(attrs ``from_dict``, pydantic ``model_validate``) has one code path. Encoding writes the canonical form: the
schema's root element, properties in spec order, arrays wrapped, ``None`` omitted.

Index numbers in error paths (``messages[1]``) are 0-based positions in the decoded list, like JSON.
Attributes are ignored (the API never uses them); namespaced elements are matched by their local name.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, Literal, cast

from sms_api_spec.xml_shapes import ArrayShape, ObjectShape, PropertyShape, ScalarShape, SchemaShape

from .gc_pause import cyclic_gc_paused
from .xml_safety import (
    DEFAULT_MAX_DEPTH,
    MAX_XML_BYTES,
    XmlDecodeError,
    check_depth,
    parse_xml_without_depth_check,
    too_deep,
)

__all__ = [
    "ArrayShape",
    "ItemShape",
    "ObjectShape",
    "PropertyShape",
    "ScalarShape",
    "ScalarType",
    "SchemaShape",
    "ShapeTable",
    "XmlCodec",
    "XmlDecodeError",
    "XmlEncodeError",
    "decode",
    "encode",
]

ScalarType = Literal["string", "integer", "number", "boolean"]
ItemShape = ScalarShape | ObjectShape

# A table of shapes in the format of ``sms_api_spec.xml_shapes`` (the codec reads no ``required``: that is
# the type check's). Plain nested mappings are accepted too (a sandbox's or a test's own table); XmlCodec
# validates them when it compiles them.
ShapeTable = Mapping[str, SchemaShape] | Mapping[str, Mapping[str, Any]]


class XmlEncodeError(ValueError):
    """A value cannot be written as XML (wrong type for its shape, or a character XML 1.0 cannot carry)."""


# --------------------------------------------------------------------------------------------------------
# Compiled shapes
# --------------------------------------------------------------------------------------------------------

_SCALAR: Final = 0
_OBJECT: Final = 1
_ARRAY: Final = 2
# An array's item element met directly under the parent when it differs from the array's element name.
_ARRAY_ITEM: Final = 3

_ARTICLE: Final = {
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "string": "a string",
}


def _to_integer(text: str) -> int:
    # int() alone would also take "1_000" and non-ASCII digits, which no JSON parser accepts.
    if "_" in text or not text.isascii():
        raise ValueError(text)
    return int(text)


def _to_number(text: str) -> int | float:
    if "_" in text or not text.isascii():
        raise ValueError(text)
    try:
        return int(text)
    except ValueError:
        value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


_BOOLEANS: Final = {"true": True, "1": True, "false": False, "0": False}


def _to_boolean(text: str) -> bool:
    value = _BOOLEANS.get(text.strip().lower())
    if value is None:
        raise ValueError(text)
    return value


_CONVERTERS: Final[dict[str, Callable[[str], Any] | None]] = {
    "string": None,
    "integer": _to_integer,
    "number": _to_number,
    "boolean": _to_boolean,
}


class _Node:
    """One property or array item, with everything the hot loops need resolved to attributes."""

    __slots__ = (
        "array",
        "convert",
        "element",
        "item",
        "kind",
        "name",
        "plain",
        "schema",
        "single_allowed",
        "type",
        "wrapped",
    )

    def __init__(self, name: str, element: str, kind: int) -> None:
        self.name = name
        self.element = element
        self.kind = kind
        self.type = ""
        self.convert: Callable[[str], Any] | None = None
        # A string scalar property: the decoder's fast path (most elements of every response).
        self.plain = False
        self.schema: _Schema | None = None
        self.wrapped = False
        self.single_allowed = False
        self.item: _Node | None = None
        self.array: _Node | None = None


class _Schema:
    __slots__ = ("by_element", "by_name", "element", "name", "properties", "root_property")

    def __init__(self, name: str, element: str) -> None:
        self.name = name
        self.element = element
        self.properties: list[_Node] = []
        self.by_element: dict[str, _Node] = {}
        self.by_name: dict[str, _Node] = {}
        self.root_property: _Node | None = None


class _Failure(Exception):
    """Internal: carries the problem up the recursion, each level adding its path segment on the way."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.segments: list[str] = []

    def message(self) -> str:
        return f"{'/'.join(reversed(self.segments))}: {self.problem}"


class _TooDeep(Exception):
    """Internal: an element with children where the depth limit leaves no level (not a :class:`_Failure`, so
    no handler on the way up adds a path: the refusal names none, like :func:`parse_xml`'s)."""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2] if tag[:1] == "{" else tag


def _require(mapping: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in mapping:
        raise ValueError(f"shape table: {where} has no {key!r}")
    value = mapping[key]
    if not isinstance(value, kind):
        raise ValueError(f"shape table: {where}.{key} must be {kind.__name__}, got {value!r}")
    return value


# --------------------------------------------------------------------------------------------------------
# The codec
# --------------------------------------------------------------------------------------------------------


class XmlCodec:
    """Codec compiled once for one shape table; reuse it (the module functions cache one per table)."""

    def __init__(self, shapes: ShapeTable) -> None:
        self.shapes = shapes
        table = cast(Mapping[str, Mapping[str, Any]], shapes)
        self._schemas: dict[str, _Schema] = {
            name: _Schema(name, _require(entry, "element", str, name)) for name, entry in table.items()
        }
        for name, entry in table.items():
            self._compile_schema(self._schemas[name], entry)

    # ---- compilation -----------------------------------------------------------------------------------

    def _compile_schema(self, schema: _Schema, entry: Mapping[str, Any]) -> None:
        properties = _require(entry, "properties", Mapping, schema.name)
        for prop_name, prop_shape in properties.items():
            where = f"{schema.name}.{prop_name}"
            if not isinstance(prop_shape, Mapping):
                raise ValueError(f"shape table: {where} must be a mapping")
            node = self._compile_node(prop_name, prop_shape, where, allow_array=True)
            schema.properties.append(node)
            schema.by_name[prop_name] = node
            schema.by_element[node.element] = node
        # Item elements are registered second so that a real property with that element name wins.
        for node in schema.properties:
            item = node.item
            if item is not None and item.element != node.element and item.element not in schema.by_element:
                alias = _Node(node.name, item.element, _ARRAY_ITEM)
                alias.array = node
                schema.by_element[item.element] = alias
        root_property = entry.get("root_property")
        if root_property is not None:
            if root_property not in schema.by_name:
                raise ValueError(
                    f"shape table: {schema.name}.root_property {root_property!r} is not a property"
                )
            schema.root_property = schema.by_name[root_property]

    def _compile_node(self, name: str, shape: Mapping[str, Any], where: str, *, allow_array: bool) -> _Node:
        kind = _require(shape, "kind", str, where)
        element = _require(shape, "element", str, where)
        if kind == "scalar":
            node = _Node(name, element, _SCALAR)
            scalar_type = _require(shape, "type", str, where)
            if scalar_type not in _CONVERTERS:
                raise ValueError(f"shape table: {where}.type {scalar_type!r} is not a known scalar type")
            node.type = scalar_type
            node.convert = _CONVERTERS[scalar_type]
            node.plain = node.convert is None
        elif kind == "object":
            node = _Node(name, element, _OBJECT)
            schema_name = _require(shape, "schema", str, where)
            if schema_name not in self._schemas:
                raise ValueError(f"shape table: {where} refers to unknown schema {schema_name!r}")
            node.schema = self._schemas[schema_name]
        elif kind == "array" and allow_array:
            node = _Node(name, element, _ARRAY)
            node.wrapped = bool(shape.get("wrapped", True))
            node.single_allowed = bool(shape.get("single_allowed", False))
            items = _require(shape, "items", Mapping, where)
            node.item = self._compile_node(name, items, f"{where}.items", allow_array=False)
        else:
            raise ValueError(f"shape table: {where}.kind {kind!r} is not supported here")
        return node

    def _schema(self, name: str) -> _Schema:
        try:
            return self._schemas[name]
        except KeyError:
            raise KeyError(f"schema {name!r} is not in the shape table") from None

    # ---- decoding --------------------------------------------------------------------------------------

    def decode(
        self,
        data: bytes,
        schema: str,
        *,
        max_bytes: int = MAX_XML_BYTES,
        max_depth: int = DEFAULT_MAX_DEPTH,
    ) -> dict[str, Any]:
        """Parse ``data`` safely (see :func:`sms_api.xml_safety.parse_xml`) and decode it as ``schema``.

        The depth limit is enforced during the decoding walk rather than by a second walk over the tree: the
        same refusal (:class:`XmlSecurityError`), whatever else is wrong with the document.
        """
        with cyclic_gc_paused(len(data)):
            root = parse_xml_without_depth_check(data, max_bytes=max_bytes)
            return self.decode_tree(root, schema, max_depth=max_depth)

    def decode_tree(
        self, element: ET.Element, schema: str, *, max_depth: int | None = None
    ) -> dict[str, Any]:
        """Decode an already parsed root element as ``schema`` into the JSON-equivalent dict.

        ``max_depth`` refuses a tree nested deeper (:class:`XmlSecurityError`); ``None`` (the default) is for
        a tree that :func:`~sms_api.xml_safety.parse_xml` has already checked.
        """
        compiled = self._schema(schema)
        root_property = compiled.root_property
        if max_depth is not None and max_depth < 1:
            raise too_deep(max_depth)
        # Levels allowed below the root element.
        room = sys.maxsize if max_depth is None else max_depth - 1
        try:
            try:
                if root_property is not None and _local(element.tag) == root_property.element:
                    out: dict[str, Any] = {}
                    if root_property.kind == _ARRAY:
                        self._decode_occurrence(element, root_property, out, room)
                    else:
                        out[root_property.name] = self._decode_value(element, root_property, room)
                    return out
                return self._decode_object(element, compiled, room)
            except _Failure:
                # A decoding error can stop the walk before it reached the deepest element. A tree that is too
                # deep is refused as such whatever else is wrong with it, exactly as parse_xml refuses it.
                if max_depth is not None:
                    check_depth(element, max_depth)
                raise
        except _TooDeep:
            raise too_deep(room + 1) from None
        except _Failure as failure:
            failure.segments.append(_local(element.tag))
            raise XmlDecodeError(failure.message()) from None

    def _decode_value(self, element: ET.Element, node: _Node, room: int) -> Any:
        if node.kind == _SCALAR:
            return self._decode_scalar(element, node)
        assert node.schema is not None
        return self._decode_object(element, node.schema, room)

    def _decode_scalar(self, element: ET.Element, node: _Node) -> Any:
        if len(element):
            raise _Failure(f"expected {_ARTICLE[node.type]}, found child elements")
        text = element.text
        convert = node.convert
        if convert is None:
            return "" if text is None else text
        if text is None or text.isspace():
            raise _Failure(f"empty value where {_ARTICLE[node.type]} is expected")
        try:
            return convert(text)
        except ValueError:
            raise _Failure(f"{text!r} is not {_ARTICLE[node.type]}") from None

    def _decode_object(self, element: ET.Element, schema: _Schema, room: int) -> dict[str, Any]:
        # The hot loop of every XML response: one pass per element, names bound locally, the common case
        # (a string property met once, without children) first.
        text = element.text
        if text and not text.isspace():
            if len(element):
                raise _Failure(f"mixed content: text {text.strip()!r} next to child elements")
            raise _Failure(f"expected an object, found text {text!r}")
        out: dict[str, Any] = {}
        if not len(element):
            return out
        if room <= 0:
            raise _TooDeep
        room -= 1
        lookup = schema.by_element.get
        for child in element:
            tail = child.tail
            if tail and not tail.isspace():
                raise _Failure(f"mixed content: text {tail.strip()!r} after <{child.tag}>")
            node = lookup(child.tag)
            if node is None:
                tag = _local(child.tag)
                node = lookup(tag)
                if node is None:
                    _put_repeated(out, tag, _decode_generic(child, room))
                    continue
            name = node.name
            if node.plain and name not in out and not len(child):
                value = child.text
                out[name] = "" if value is None else value
                continue
            kind = node.kind
            if kind == _ARRAY:
                self._decode_occurrence(child, node, out, room)
                continue
            if kind == _ARRAY_ITEM:
                assert node.array is not None
                self._decode_occurrence(child, node.array, out, room, as_item=True)
                continue
            try:
                if name in out:
                    raise _Failure("element appears more than once")
                if kind == _SCALAR:
                    out[name] = self._decode_scalar(child, node)
                else:
                    assert node.schema is not None
                    out[name] = self._decode_object(child, node.schema, room)
            except _Failure as failure:
                failure.segments.append(name)
                raise
        return out

    def _decode_occurrence(
        self, element: ET.Element, node: _Node, out: dict[str, Any], room: int, *, as_item: bool = False
    ) -> None:
        """Add one occurrence of an array element to ``out``: a wrapper of items, or one item itself.

        ``room`` is the number of levels allowed below ``element``.
        """
        name = node.name
        items = out.get(name)
        if items is None:
            items = out[name] = []
        elif not isinstance(items, list):
            failure = _Failure(f"element <{element.tag}> appears both as an array and as something else")
            failure.segments.append(name)
            raise failure
        item = node.item
        assert item is not None
        if not as_item:
            text = element.text
            blank = not text or text.isspace()
            if len(element):
                item_element = item.element
                if blank and all(_local(child.tag) == item_element for child in element):
                    if room <= 0:
                        raise _TooDeep
                    room -= 1
                    append = self._append_item
                    for child in element:
                        tail = child.tail
                        if tail and not tail.isspace():
                            failure = _Failure(f"mixed content: text {tail.strip()!r} after <{child.tag}>")
                            failure.segments.append(name)
                            raise failure
                        append(child, item, items, name, room)
                    return
            elif node.wrapped and (
                not text or (blank and not (item.kind == _SCALAR and item.convert is None))
            ):
                # An empty wrapper is an empty list; whitespace-only text is kept only for string items.
                return
        self._append_item(element, item, items, name, room)

    def _append_item(self, element: ET.Element, item: _Node, items: list[Any], name: str, room: int) -> None:
        try:
            items.append(self._decode_value(element, item, room))
        except _Failure as failure:
            failure.segments.append(f"{name}[{len(items)}]")
            raise

    # ---- encoding --------------------------------------------------------------------------------------

    def encode(
        self, value: Mapping[str, Any], schema: str, *, indent: bool = False, replace_invalid: bool = False
    ) -> bytes:
        """Write ``value`` (a JSON-equivalent dict) as canonical UTF-8 XML for ``schema``.

        A string holding a character XML 1.0 cannot carry (a control character, a lone surrogate), which
        JSON can, raises :class:`XmlEncodeError`; with ``replace_invalid`` it is written as U+FFFD instead
        (a server answering in XML with what a client once sent in JSON).
        """
        compiled = self._schema(schema)
        writer = _Writer(indent, replace_invalid)
        root_property = compiled.root_property
        root_tag = compiled.element
        try:
            if not isinstance(value, Mapping):
                raise _Failure(f"expected a mapping, got {type(value).__name__}")
            if (
                root_property is not None
                and root_property.kind != _ARRAY
                and value.get(root_property.name) is not None
                and all(v is None for k, v in value.items() if k != root_property.name)
            ):
                root_tag = root_property.element
                self._write_node(writer, root_property, value[root_property.name], 0)
            else:
                self._write_object(writer, root_tag, value, compiled, 0)
        except _Failure as failure:
            failure.segments.append(root_tag)
            raise XmlEncodeError(failure.message()) from None
        return writer.getvalue()

    def _write_node(self, writer: _Writer, node: _Node, value: Any, level: int) -> None:
        kind = node.kind
        if kind == _SCALAR:
            writer.scalar(node.element, value, level)
        elif kind == _OBJECT:
            assert node.schema is not None
            self._write_object(writer, node.element, value, node.schema, level)
        else:
            self._write_array(writer, node, value, level)

    def _write_object(self, writer: _Writer, tag: str, value: Any, schema: _Schema, level: int) -> None:
        if not isinstance(value, Mapping):
            raise _Failure(f"expected an object (mapping), got {type(value).__name__}")
        mark = writer.open(tag, level)
        by_name = schema.by_name
        for node in schema.properties:
            child = value.get(node.name)
            if child is None:
                continue
            try:
                self._write_node(writer, node, child, level + 1)
            except _Failure as failure:
                if node.kind != _ARRAY:
                    failure.segments.append(node.name)
                raise
        unknown = ((key, child) for key, child in value.items() if key not in by_name)
        _write_generic_children(writer, unknown, level + 1)
        writer.close(tag, level, mark)

    def _write_array(self, writer: _Writer, node: _Node, value: Any, level: int) -> None:
        item = node.item
        assert item is not None
        if not isinstance(value, list | tuple):
            if node.single_allowed and _is_scalar(value):
                value = [value]
            else:
                failure = _Failure(f"expected a list, got {type(value).__name__}")
                failure.segments.append(node.name)
                raise failure
        mark = writer.open(node.element, level) if node.wrapped else -1
        item_level = level + 1 if node.wrapped else level
        item_element = item.element if node.wrapped else node.element
        for index, entry in enumerate(value):
            try:
                if entry is None:
                    raise _Failure("null items cannot be written")
                if item.kind == _SCALAR:
                    writer.scalar(item_element, entry, item_level)
                else:
                    assert item.schema is not None
                    self._write_object(writer, item_element, entry, item.schema, item_level)
            except _Failure as failure:
                failure.segments.append(f"{node.name}[{index}]")
                raise
        if node.wrapped:
            writer.close(node.element, level, mark)


# --------------------------------------------------------------------------------------------------------
# Unknown elements and keys
# --------------------------------------------------------------------------------------------------------


def _put_repeated(out: dict[str, Any], key: str, value: Any) -> None:
    # Generic values are only str or dict, so a list here can only come from an earlier repetition.
    if key not in out:
        out[key] = value
        return
    existing = out[key]
    if isinstance(existing, list):
        existing.append(value)
    else:
        out[key] = [existing, value]


def _decode_generic(element: ET.Element, room: int) -> Any:
    """An unknown element: its text, or a dict of its children. ``room``: levels allowed below it."""
    if not len(element):
        text = element.text
        return "" if text is None else text
    if room <= 0:
        raise _TooDeep
    text = element.text
    tag = _local(element.tag)
    if text and not text.isspace():
        failure = _Failure(f"mixed content: text {text.strip()!r} next to child elements")
        failure.segments.append(tag)
        raise failure
    out: dict[str, Any] = {}
    for child in element:
        tail = child.tail
        try:
            if tail and not tail.isspace():
                raise _Failure(f"mixed content: text {tail.strip()!r} after <{child.tag}>")
            _put_repeated(out, _local(child.tag), _decode_generic(child, room - 1))
        except _Failure as failure:
            failure.segments.append(tag)
            raise
    return out


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | Decimal | _dt.date)


# XML 1.0 Char production, minus what we can escape (CR becomes &#13;).
_NOT_XML_CHAR: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_NAME: Final = re.compile(r"[^\W\d][\w.\-]*")
_valid_names: set[str] = set()


def _check_name(name: Any) -> str:
    if name in _valid_names:
        return cast(str, name)
    if not isinstance(name, str) or _XML_NAME.fullmatch(name) is None or name[:3].lower() == "xml":
        raise _Failure(f"key {name!r} is not a valid XML element name")
    if len(_valid_names) < 10_000:
        _valid_names.add(name)
    return name


def _escape(text: str) -> str:
    if not (text.isascii() and text.isprintable()):
        bad = _NOT_XML_CHAR.search(text)
        if bad is not None:
            raise _Failure(f"character U+{ord(bad.group()):04X} cannot be written in XML 1.0")
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        # A literal CR would be normalised to LF by every XML parser.
        text = text.replace("\r", "&#13;")
    return text


def _format_float(value: float) -> str:
    if not math.isfinite(value):
        raise _Failure(f"{value!r} cannot be written (XML, like JSON, has no NaN or infinity)")
    text = repr(value)
    if "e" in text:
        exponent = text.partition("e")[2]
        if abs(int(exponent)) <= 30:
            text = format(Decimal(text), "f")
            if "." not in text:
                # Keep it a float on the way back: an integer literal decodes to int.
                text += ".0"
    return text


def _format_scalar(value: Any) -> str:
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _Failure(f"{value!r} cannot be written (XML, like JSON, has no NaN or infinity)")
        return format(value, "f")
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise _Failure(f"expected a scalar, got {type(value).__name__}")


def _write_generic_children(writer: _Writer, children: Iterable[tuple[Any, Any]], level: int) -> None:
    """Write keys no schema describes, each as an element named after it (``None`` omitted)."""
    for key, child in children:
        if child is None:
            continue
        try:
            _write_generic(writer, key, child, level)
        except _Failure as failure:
            failure.segments.append(str(key))
            raise


def _write_generic(writer: _Writer, key: Any, value: Any, level: int) -> None:
    tag = _check_name(key)
    if isinstance(value, Mapping):
        mark = writer.open(tag, level)
        _write_generic_children(writer, value.items(), level + 1)
        writer.close(tag, level, mark)
    elif isinstance(value, list | tuple):
        # Repeated elements, the form an unknown list decodes from.
        for entry in value:
            if isinstance(entry, list | tuple):
                raise _Failure("nested lists cannot be written as XML")
            if entry is not None:
                _write_generic(writer, tag, entry, level)
    else:
        writer.scalar(tag, value, level)


class _Writer:
    """Collects the output as a list of strings; indentation is decided here and nowhere else."""

    __slots__ = ("indent", "parts", "replace_invalid")

    def __init__(self, indent: bool, replace_invalid: bool = False) -> None:
        self.indent = indent
        self.replace_invalid = replace_invalid
        self.parts: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>']

    def _pad(self, level: int) -> str:
        return "\n" + "  " * level if self.indent else ""

    def scalar(self, tag: str, value: Any, level: int) -> None:
        if self.replace_invalid and isinstance(value, str):
            value = _NOT_XML_CHAR.sub("\ufffd", value)
        text = _format_scalar(value)
        pad = self._pad(level)
        if text:
            self.parts.append(f"{pad}<{tag}>{text}</{tag}>")
        else:
            self.parts.append(f"{pad}<{tag}/>")

    def open(self, tag: str, level: int) -> int:
        self.parts.append(f"{self._pad(level)}<{tag}>")
        return len(self.parts)

    def close(self, tag: str, level: int, mark: int) -> None:
        if len(self.parts) == mark:
            # Nothing was written inside: collapse to a self-closing element.
            self.parts[-1] = self.parts[-1][:-1] + "/>"
        else:
            self.parts.append(f"{self._pad(level)}</{tag}>")

    def getvalue(self) -> bytes:
        if self.indent:
            self.parts.append("\n")
        return "".join(self.parts).encode("utf-8")


# --------------------------------------------------------------------------------------------------------
# Module-level functions
# --------------------------------------------------------------------------------------------------------

_codecs: dict[int, XmlCodec] = {}


def _codec_for(shapes: ShapeTable) -> XmlCodec:
    # Keyed by identity: the codec keeps a reference to the table, so the id cannot be reused while cached.
    # A table mutated after its first use is not recompiled; build an XmlCodec yourself for that.
    codec = _codecs.get(id(shapes))
    if codec is None or codec.shapes is not shapes:
        codec = XmlCodec(shapes)
        if len(_codecs) >= 16:
            _codecs.clear()
        _codecs[id(shapes)] = codec
    return codec


def decode(data: bytes, schema: str, shapes: ShapeTable, *, max_bytes: int = MAX_XML_BYTES) -> dict[str, Any]:
    """Safely parse ``data`` and decode it as ``schema`` into the JSON-equivalent dict."""
    return _codec_for(shapes).decode(data, schema, max_bytes=max_bytes)


def encode(
    value: Mapping[str, Any],
    schema: str,
    shapes: ShapeTable,
    *,
    indent: bool = False,
    replace_invalid: bool = False,
) -> bytes:
    """Write ``value`` as canonical UTF-8 XML for ``schema`` (see :meth:`XmlCodec.encode`)."""
    return _codec_for(shapes).encode(value, schema, indent=indent, replace_invalid=replace_invalid)
