"""The HTTP rules the client and the sandbox share (``sms_api.http_rules``)."""

from __future__ import annotations

import pytest

from sms_api.http_rules import bare_media_type, error_body, error_fields, loads_strict, media_kind


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [
        ("application/json", "json"),
        ("Application/JSON; charset=utf-8", "json"),
        ("application/problem+json", "json"),
        ("application/xml", "xml"),
        ("text/xml; charset=utf-8", "xml"),
        ("application/atom+xml", "xml"),
        ("text/plain", None),
        ("application/jsonx", None),
        ("", None),
        (None, None),
    ],
)
def test_media_kind(content_type: str | None, kind: str | None) -> None:
    assert media_kind(content_type) == kind


def test_bare_media_type_drops_parameters_and_case() -> None:
    assert bare_media_type(" Text/XML ; q=0.5") == "text/xml"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_loads_strict_refuses_what_is_not_json(constant: str) -> None:
    with pytest.raises(ValueError, match=f"{constant} is not valid JSON"):
        loads_strict(f'{{"a": {constant}}}')


def test_loads_strict_reads_bytes_and_text() -> None:
    assert loads_strict(b'{"a": [1, 2.5]}') == loads_strict('{"a": [1, 2.5]}') == {"a": [1, 2.5]}


def test_the_error_body_reads_back() -> None:
    assert error_fields(error_body("UNAUTHORIZED", "Invalid login details")) == (
        "UNAUTHORIZED",
        "Invalid login details",
    )


@pytest.mark.parametrize(
    "value",
    [None, [], "x", {"requestError": []}, {"requestError": {"serviceException": "x"}}, {}],
)
def test_error_fields_of_a_body_without_one(value: object) -> None:
    assert error_fields(value) == (None, None)


def test_error_fields_keep_only_strings() -> None:
    body = {"requestError": {"serviceException": {"messageId": 7, "text": "General error"}}}
    assert error_fields(body) == (None, "General error")
