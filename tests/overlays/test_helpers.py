"""Helpers: code tables, part counting, receivers of pushed payloads, rejected messages, logging."""

from __future__ import annotations

import json
import logging

import pytest

import sms_api
import sms_api.log
import sms_api.sms_parts
from sms_api import (
    PayloadDecodeError,
    count_sms_parts,
    error_info,
    parse_delivery_report,
    parse_number_context_result,
    rejected_messages,
    status_info,
)
from sms_api.typecheck import check_body, date_properties
from sms_api_client.models import DeliveryReportNotification, SMSResponse
from sms_api_spec import SCHEMAS, STATUSES

from .._samples import delivered_status, no_error, sent_logs
from .conftest import SECRETS, Server, call, reply


def test_status_info_known_and_unknown() -> None:
    delivered = status_info(5)
    assert (delivered.name, delivered.group_name, delivered.known, delivered.permanent) == (
        "DELIVERED_TO_HANDSET",
        "DELIVERED",
        True,
        True,
    )
    pending = status_info(7)
    assert pending.group_name == "PENDING" and pending.permanent is False
    assert status_info(23).name == "REJECTED_DUPLICATE_MESSAGE_ID"
    for unknown in (52, 999, -1):
        info = status_info(unknown)
        assert (info.name, info.known, info.permanent, info.group_id) == ("UNKNOWN", False, None, None)
    assert all(status_info(i).known for i in STATUSES)


def test_error_info_known_and_unknown() -> None:
    info = error_info(1, group_id=1)
    assert (info.name, info.permanent, info.group_name, info.known) == (
        "EC_UNKNOWN_SUBSCRIBER",
        True,
        "HANDSET_ERRORS",
        True,
    )
    assert error_info(0).permanent is None and error_info(0).group_name == "UNKNOWN"
    missing = error_info(123456, group_id=42)
    assert (missing.name, missing.known, missing.permanent, missing.group_name) == (
        "UNKNOWN",
        False,
        None,
        "UNKNOWN",
    )


def test_count_sms_parts_is_the_shared_implementation() -> None:
    assert sms_api.count_sms_parts is sms_api.sms_parts.count_sms_parts
    assert count_sms_parts("a" * 161).parts == 2 and count_sms_parts("ü€").encoding == "GSM-7"


REPORT_JSON = {
    "results": [
        {
            "bulkId": "b1",
            "messageId": "m1",
            "to": "41793026727",
            "sentAt": "2015-02-12T09:51:43.123+0100",
            "doneAt": "2015-02-12T09:51:43.127+0100",
            "smsCount": 1,
            "price": {"pricePerMessage": 0.01, "currency": "EUR"},
            "status": delivered_status(),
            "error": no_error(),
            "callbackData": "order-17",
        }
    ]
}
REPORT_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<SMSReportResponse>
\t<results>
\t\t<results>
\t\t\t<bulkId>b1</bulkId><messageId>m1</messageId><to>41793026727</to>
\t\t\t<sentAt>2015-02-12T09:51:43.123+0100</sentAt><doneAt>2015-02-12T09:51:43.127+0100</doneAt>
\t\t\t<smsCount>1</smsCount>
\t\t\t<price><pricePerMessage>0.0100</pricePerMessage><currency>EUR</currency></price>
\t\t\t<status><groupId>3</groupId><groupName>DELIVERED</groupName><id>5</id><name>DELIVERED_TO_HANDSET</name>
\t\t\t\t<description>Message delivered to handset</description></status>
\t\t\t<error><groupId>0</groupId><groupName>OK</groupName><id>0</id><name>NO_ERROR</name>
\t\t\t\t<description>No Error</description><permanent>false</permanent></error>
\t\t\t<callbackData>order-17</callbackData>
\t\t</results>
\t</results>
</SMSReportResponse>
"""


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (json.dumps(REPORT_JSON).encode(), "application/json"),
        (json.dumps(REPORT_JSON), "application/json; charset=utf-8"),
        (REPORT_XML, "application/xml"),
        (REPORT_XML, "text/xml"),
        (REPORT_XML, None),
        (json.dumps(REPORT_JSON).encode(), None),
    ],
)
def test_parse_delivery_report(body: bytes | str, content_type: str | None) -> None:
    report = parse_delivery_report(body, content_type)
    assert isinstance(report, DeliveryReportNotification)
    (result,) = report.results
    assert result.to_dict() == DeliveryReportNotification.from_dict(REPORT_JSON).results[0].to_dict()
    assert result.sent_at.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert result.price.price_per_message == 0.01  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "body",
    [
        b"<html>oops</html>",
        b'{"results": [{"smsCount": "one"}]}',
        b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>",
        b"{",
    ],
)
def test_receivers_refuse_bad_payloads(body: bytes) -> None:
    with pytest.raises(PayloadDecodeError):
        parse_delivery_report(body, "application/xml" if body.startswith(b"<") else "application/json")
    with pytest.raises(PayloadDecodeError):
        parse_number_context_result(body, "text/html")


def test_rejected_messages_lists_only_rejected_entries() -> None:
    def sent(to: str, group_id: int, group_name: str, status_id: int) -> dict[str, object]:
        status = {
            "groupId": group_id,
            "groupName": group_name,
            "id": status_id,
            "name": "X",
            "description": "x",
        }
        return {"to": to, "status": status, "smsCount": 1, "messageId": f"m{to}"}

    response = SMSResponse.from_dict(
        {
            "messages": [
                sent("1", 1, "PENDING", 7),
                sent("2", 5, "REJECTED", 52),
                sent("3", 99, "Rejected", 51),  # an unknown group id, the group name in another case
            ]
        }
    )
    assert [m.to for m in rejected_messages(response)] == ["2", "3"]
    as_dict = response.to_dict()
    as_dict["messages"].append({"to": "4"})  # a dict from anywhere may lack what a model always has
    assert [m["to"] for m in rejected_messages(as_dict)] == ["2", "3"]
    assert rejected_messages(SMSResponse.from_dict({"messages": []})) == []


def test_debug_logging_redacts_credentials(caplog: pytest.LogCaptureFixture, mode: str) -> None:
    server = Server(reply(200, {"balance": 1.0, "currency": "EUR"}))
    with caplog.at_level(logging.DEBUG, logger="sms_api"):
        call(mode, "get-account-balance", server.client())
    text = caplog.text
    assert "request GET https://api.example.test/restapi/account/1/balance" in text
    assert "-> 200" in text and '"currency":"EUR"' in text.replace(" ", "")
    assert "authorization: [redacted]" in text
    for secret in SECRETS:
        assert secret not in text


def test_no_debug_lines_unless_enabled(caplog: pytest.LogCaptureFixture) -> None:
    server = Server(reply(200, {"balance": 1.0, "currency": "EUR"}))
    with caplog.at_level(logging.INFO, logger="sms_api"):
        call("sync", "get-account-balance", server.client())
    assert not [r for r in caplog.records if r.levelno == logging.DEBUG]


def test_sms_api_log_env_switches_debug_on(monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger("sms_api")
    monkeypatch.setenv("SMS_API_LOG", "debug")
    monkeypatch.setattr(sms_api.log, "_configured", False)
    old_level, old_handlers = logger.level, list(logger.handlers)
    try:
        Server().client()
        assert logger.level == logging.DEBUG and len(logger.handlers) == len(old_handlers) + 1
    finally:
        logger.setLevel(old_level)
        logger.handlers[:] = old_handlers


def test_every_datetime_attribute_of_the_models_is_type_checked() -> None:
    import attrs

    import sms_api_client.models as models

    for schema in SCHEMAS:
        cls = getattr(models, schema, None)
        if cls is None:
            continue
        dated = {f.name for f in attrs.fields(cls) if "datetime" in str(f.type)}
        assert len(date_properties(schema)) == len(dated), schema


def test_type_check_of_a_10000_entry_log_names_the_bad_entry() -> None:
    # Its cost is measured by `make bench` (row 2a), never by a timed test.
    body = sent_logs(10_000)
    check_body(body, "SMSLogsResponse")
    body["results"][9_999]["smsCount"] = "1"
    with pytest.raises(ValueError, match=r"results\[9999\]/smsCount"):
        check_body(body, "SMSLogsResponse")
