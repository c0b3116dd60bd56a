"""Schemathesis against the sandbox in-process (ASGI): every operation, positive and negative data, JSON, XML.

Each operation runs the seed's examples, the coverage phase (boundary values, a missing Authorization header,
methods the spec does not declare) and a fixed-seed fuzzing budget, with the checks of `_support.CHECKS`.
A failure prints schemathesis' report with a `curl` line that reproduces it.
"""

from __future__ import annotations

import pytest
from schemathesis.specs.openapi.checks import negative_data_rejection

from sms_sandbox import create_app

from . import _support

pytestmark = [pytest.mark.contract, pytest.mark.slow]

APP = create_app(delivery_delay=0)
schema = _support.load_schema(APP)
RECORDER = _support.Recorder()


@schema.parametrize()
def test_operation_conforms(case):
    accept = _support.accept_for(case)
    headers = {"Accept": accept}
    # Passed to call() because schemathesis' ASGI session would override an Accept set only in case.headers;
    # set in case.headers too, so that the curl line of a failure shows it.
    case.headers = {**(case.headers or {}), **headers}
    response = case.call(headers=headers)
    RECORDER.record(case.operation.label, response)
    excluded = []
    sent = response.request.body
    if (
        case.media_type == _support.XML
        and case.meta is not None
        and case.meta.generation.mode.is_negative
        and isinstance(sent, bytes)
        and _support.xml_body_reads_as_valid(case.operation.label, sent)
    ):
        excluded.append(negative_data_rejection)
    case.validate_response(response, headers=headers, excluded_checks=excluded)


def test_every_operation_ran_with_credentials_accepted():
    """Runs after the parametrized test above (pytest keeps file order): no operation saw only 401s."""
    labels = set(_support.LABELS)
    _support.assert_credentials_used(RECORDER, labels)


def test_xml_answers_were_validated():
    """XML answers were asked for and got (so the XML deserializer and its schema checks really ran)."""
    xml_ops = {label for label, formats in RECORDER.formats.items() if formats[_support.XML] > 0}
    assert len(xml_ops) == len(_support.LABELS), f"no XML answer for {sorted(set(_support.LABELS) - xml_ops)}"
