"""Refuse hostile or malformed XML before handing it to ElementTree.

The API speaks XML to clients we do not control (and the sandbox accepts XML from anyone), so every XML
body goes through :func:`parse_xml`. The checks are ordered cheapest first and all but the depth check run on
the raw bytes, before expat sees a single byte:

1. size (``max_bytes``, default :data:`MAX_XML_BYTES`),
2. empty or whitespace-only body,
3. encoding: only ASCII-compatible encodings are accepted (UTF-8, US-ASCII and the ISO-8859-1 family). This
   matters for step 4: in UTF-16 or UTF-7 the bytes ``<!DOCTYPE`` need not appear literally, so a byte scan
   would be blind,
4. any ``<!DOCTYPE`` or ``<!ENTITY`` (billion laughs, external entities); the API never uses a DTD,
5. expat's own well-formedness errors, reported with line and column,
6. nesting deeper than ``max_depth`` (checked on the parsed tree: our decoder recurses per level; the codec
   checks it during its own walk instead of in a separate one).

Memory: ElementTree needs roughly 25-45 bytes of RAM per input byte for element-dense documents, so a
``max_bytes`` document can cost several hundred MB. Servers that expect small bodies should pass a smaller
``max_bytes``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Final

from .gc_pause import cyclic_gc_paused

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "MAX_XML_BYTES",
    "XmlDecodeError",
    "XmlSecurityError",
    "check_depth",
    "parse_xml",
    "parse_xml_without_depth_check",
]

#: Largest XML body accepted by default: 16 MiB. A 10,000-entry logs response is about 8 MB, so this leaves
#: room for the largest real response while capping the parser's memory use.
MAX_XML_BYTES: Final[int] = 16 * 1024 * 1024

DEFAULT_MAX_DEPTH: Final[int] = 64


class XmlDecodeError(ValueError):
    """The body is not XML we can read (malformed, or a value does not fit the schema)."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class XmlSecurityError(XmlDecodeError):
    """The body was refused because it is potentially hostile (DTD, entities, size, depth, encoding)."""


_UTF8_BOM: Final = b"\xef\xbb\xbf"
# UTF-32 LE's BOM starts with UTF-16 LE's, so the longer marks come first.
_WIDE_BOMS: Final = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
)
# Encodings in which the bytes of every ASCII character are that character, so the DTD byte scan is sound,
# and which expat decodes itself or through a single-byte codec.
_ALLOWED_ENCODINGS: Final = frozenset(
    {"utf-8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "iso-8859-15", "windows-1252"}
)
# Only applied to the first bytes of the body (the XML declaration), never per element.
_DECLARED_ENCODING: Final = re.compile(rb"<\?xml\s[^>]*?\bencoding\s*=\s*([\"'])([^\"']*)\1")
_FORBIDDEN_MARKUP: Final = ((b"<!DOCTYPE", "a DOCTYPE (DTD)"), (b"<!ENTITY", "an ENTITY declaration"))


def parse_xml(
    data: bytes, *, max_bytes: int = MAX_XML_BYTES, max_depth: int = DEFAULT_MAX_DEPTH
) -> ET.Element:
    """Parse ``data`` into an Element after refusing hostile input.

    Raises :class:`XmlSecurityError` for refused input and :class:`XmlDecodeError` for malformed input.
    """
    with cyclic_gc_paused(len(data)):
        root = parse_xml_without_depth_check(data, max_bytes=max_bytes)
    check_depth(root, max_depth)
    return root


def parse_xml_without_depth_check(data: bytes, *, max_bytes: int = MAX_XML_BYTES) -> ET.Element:
    """Steps 1-5 of :func:`parse_xml`: everything but the depth check (step 6).

    Only for a caller that visits every element of the tree anyway and enforces the depth limit on the way
    (``sms_api.xml_codec`` does, saving a second walk over the tree); everyone else calls :func:`parse_xml`.
    The tree itself costs no recursion: expat and ElementTree's builder nest iteratively.
    """
    if len(data) > max_bytes:
        raise XmlSecurityError(f"XML body is {len(data)} bytes, over the limit of {max_bytes} bytes")
    if not data or data.isspace():
        raise XmlDecodeError("empty XML body")
    _check_encoding(data)
    for marker, what in _FORBIDDEN_MARKUP:
        offset = data.find(marker)
        if offset >= 0:
            raise XmlSecurityError(f"XML with {what} is refused (found at byte offset {offset})")

    parser = ET.XMLParser()
    try:
        parser.feed(data)
        return parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        raise XmlDecodeError(f"malformed XML: {exc}", line=line, column=column) from None


def _check_encoding(data: bytes) -> None:
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            raise XmlSecurityError(
                f"XML body starts with a {name} byte order mark; only UTF-8 (or another ASCII-compatible"
                " encoding) is accepted"
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise XmlSecurityError(
            f"XML body contains a NUL byte at offset {nul}; it is probably UTF-16 or UTF-32, but only UTF-8"
            " (or another ASCII-compatible encoding) is accepted"
        )
    head = data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data
    if head.startswith(b"<?xml"):
        match = _DECLARED_ENCODING.match(head, 0, 512)
        if match is not None:
            declared = match.group(2).decode("ascii", "replace")
            if declared.lower() not in _ALLOWED_ENCODINGS:
                raise XmlSecurityError(
                    f"XML declares encoding {declared!r}; only UTF-8 (or another ASCII-compatible encoding)"
                    " is accepted"
                )


def check_depth(root: ET.Element, max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    """Raise :class:`XmlSecurityError` if the tree under ``root`` is nested deeper than ``max_depth``."""
    # Level by level: one comprehension per level keeps the per-element work out of Python-level calls
    # (a recursive walk costs about as much as the decoding itself).
    level = [root]
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            raise too_deep(max_depth)
        level = [child for element in level for child in element]


def too_deep(max_depth: int) -> XmlSecurityError:
    """The error for a tree nested deeper than ``max_depth`` (one wording for every place that checks)."""
    return XmlSecurityError(f"XML is nested deeper than {max_depth} elements")
