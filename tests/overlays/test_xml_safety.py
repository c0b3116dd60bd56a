"""parse_xml must refuse hostile XML before expat expands or fetches anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from sms_api import xml_safety
from sms_api.xml_safety import MAX_XML_BYTES, XmlDecodeError, XmlSecurityError, parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<SMSResponse><bulkId>&lol9;</bulkId></SMSResponse>
"""


def external_entity(target: Path) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE request [<!ENTITY xxe SYSTEM "' + target.as_uri().encode() + b'">]>\n'
        b"<request><text>&xxe;</text></request>"
    )


@pytest.fixture
def parser_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if expat is ever started: hostile input must be refused before any parsing."""

    def no_parser(*args: object, **kwargs: object) -> None:
        raise AssertionError("the XML parser was started on input that should have been refused first")

    monkeypatch.setattr(xml_safety.ET, "XMLParser", no_parser)


def refused_before_parsing(data: bytes) -> XmlSecurityError:
    with pytest.raises(XmlSecurityError) as info:
        parse_xml(data)
    return info.value


def test_billion_laughs_is_refused_before_expansion(parser_forbidden: None) -> None:
    error = refused_before_parsing(BILLION_LAUGHS)
    assert "DOCTYPE" in str(error)
    assert "lol" not in str(error)


def test_external_entity_etc_passwd_is_refused(parser_forbidden: None) -> None:
    error = refused_before_parsing(external_entity(Path("/etc/passwd")))
    assert "DOCTYPE" in str(error)
    assert "root:" not in str(error)


def test_external_entity_content_never_appears(tmp_path: Path) -> None:
    # A file we know the content of, so the assertion holds whatever /etc/passwd looks like here.
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    with pytest.raises(XmlSecurityError) as info:
        parse_xml(external_entity(secret))
    assert "TOP-SECRET-CONTENT" not in repr(info.value)
    assert "TOP-SECRET-CONTENT" not in str(info.value)


def test_entity_declaration_without_doctype_keyword_is_refused() -> None:
    # Not well-formed on its own, but refused as hostile before expat gets to say so.
    with pytest.raises(XmlSecurityError, match="ENTITY"):
        parse_xml(b'<r><!ENTITY x "y"></r>')


def test_security_error_is_a_decode_error_and_a_value_error() -> None:
    assert issubclass(XmlSecurityError, XmlDecodeError)
    assert issubclass(XmlDecodeError, ValueError)


def test_max_bytes_constant_is_16_mib() -> None:
    assert MAX_XML_BYTES == 16 * 1024 * 1024


def test_oversized_body_is_refused_without_parsing() -> None:
    # Malformed beyond the limit: the size check must come first, or this would be a syntax error.
    data = b"<r>" + b"x" * MAX_XML_BYTES
    with pytest.raises(XmlSecurityError, match="over the limit"):
        parse_xml(data)


def test_custom_max_bytes() -> None:
    data = b"<r>" + b"x" * 100 + b"</r>"
    assert parse_xml(data, max_bytes=len(data)).text == "x" * 100
    with pytest.raises(XmlSecurityError, match=f"{len(data)} bytes, over the limit of {len(data) - 1}"):
        parse_xml(data, max_bytes=len(data) - 1)


def nested(depth: int) -> bytes:
    return b"<a>" * depth + b"</a>" * depth


def test_depth_limit() -> None:
    assert parse_xml(nested(64)).tag == "a"
    with pytest.raises(XmlSecurityError, match="deeper than 64"):
        parse_xml(nested(65))
    assert parse_xml(nested(65), max_depth=65).tag == "a"
    with pytest.raises(XmlSecurityError, match="deeper than 3"):
        parse_xml(nested(4), max_depth=3)


def test_wide_but_shallow_document_is_fine() -> None:
    root = parse_xml(b"<r>" + b"<a><b/></a>" * 10_000 + b"</r>", max_depth=3)
    assert len(root) == 10_000


def test_very_deep_document_is_refused() -> None:
    with pytest.raises(XmlSecurityError, match="deeper"):
        parse_xml(nested(100_000))


@pytest.mark.parametrize("body", [b"", b"   ", b"\n\t\r\n "])
def test_empty_body(body: bytes) -> None:
    with pytest.raises(XmlDecodeError, match="empty XML body") as info:
        parse_xml(body)
    assert type(info.value) is XmlDecodeError


@pytest.mark.parametrize(
    ("codec", "name"),
    [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32")],
)
def test_wide_encodings_are_refused(codec: str, name: str) -> None:
    data = '<?xml version="1.0"?><r>héllo</r>'.encode(codec)
    with pytest.raises(XmlSecurityError, match="UTF-8") as info:
        parse_xml(data)
    assert name in str(info.value)


def test_doctype_hidden_in_utf16_is_refused_by_the_encoding_check() -> None:
    # The byte scan cannot see "<!DOCTYPE" in UTF-16; the encoding check must catch it first.
    data = BILLION_LAUGHS.decode().replace('<?xml version="1.0"?>', "").strip().encode("utf-16-le")
    with pytest.raises(XmlSecurityError, match="NUL byte"):
        parse_xml(data)


@pytest.mark.parametrize("encoding", ["UTF-16", "utf-7", "UTF-32", "cp037"])
def test_declared_non_ascii_compatible_encoding_is_refused(encoding: str) -> None:
    data = f'<?xml version="1.0" encoding="{encoding}"?><r>x</r>'.encode("ascii")
    with pytest.raises(XmlSecurityError, match=f"declares encoding '{encoding}'"):
        parse_xml(data)


def test_utf7_doctype_smuggling_is_refused() -> None:
    # "+ADw-" is "<" in UTF-7: a byte scan alone would miss this DOCTYPE.
    data = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x+AFs-+AF0-+AD4-<x/>'
    with pytest.raises(XmlSecurityError, match="UTF-7"):
        parse_xml(data)


def test_nul_byte_is_refused() -> None:
    with pytest.raises(XmlSecurityError, match="NUL byte at offset 4"):
        parse_xml(b"<r>a\x00</r>")


@pytest.mark.parametrize(
    "data",
    [
        '<?xml version="1.0" encoding="UTF-8"?><r>é€😀</r>'.encode(),
        b"\xef\xbb\xbf<r>\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80</r>",
        b"<?xml version='1.0' encoding='utf-8'?><r>\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80</r>",
    ],
)
def test_utf8_documents_parse(data: bytes) -> None:
    assert parse_xml(data).text == "é€😀"


def test_latin1_declaration_is_accepted() -> None:
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><r>é</r>'.encode("latin-1")
    assert parse_xml(data).text == "é"


def test_comments_cdata_and_processing_instructions_are_fine() -> None:
    root = parse_xml(b"<?xml version='1.0'?><!-- note --><r><![CDATA[a<b]]><?pi x?></r>")
    assert root.text == "a<b"


@pytest.mark.parametrize(
    ("data", "problem", "line", "column"),
    [
        (b"<r><a></r>", "mismatched tag", 1, 8),
        (b"<r>\n  <a>\n</r>", "mismatched tag", 3, 2),
        (b"<r></r><s/>", "junk after document element", 1, 7),
        (b"<r>", "no element found", 1, 3),
        (b"not xml", "syntax error", 1, 0),
        (b"<r>\xff</r>", "not well-formed", 1, 3),
        (b"<r>&unknown;</r>", "undefined entity", 1, 3),
    ],
)
def test_malformed_xml_reports_position(data: bytes, problem: str, line: int, column: int) -> None:
    with pytest.raises(XmlDecodeError) as info:
        parse_xml(data)
    error = info.value
    assert type(error) is XmlDecodeError
    assert problem in str(error)
    assert f"line {line}, column {column}" in str(error)
    assert (error.line, error.column) == (line, column)


def test_large_document_parses() -> None:
    entry = (
        b"<results><bulkId>7944c32d-bf77-4f41-a752-c3aa89027adc</bulkId><to>41793026727</to>"
        b"<text>Test SMS.</text><smsCount>1</smsCount><price><pricePerMessage>0.0100</pricePerMessage>"
        b"<currency>EUR</currency></price></results>"
    )
    data = b"<SMSLogsResponse><results>" + entry * (5_000_000 // len(entry)) + b"</results></SMSLogsResponse>"
    root = parse_xml(data)
    assert len(root[0]) == 5_000_000 // len(entry)  # how fast: `make bench`, never a timed test
