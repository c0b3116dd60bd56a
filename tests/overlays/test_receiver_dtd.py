"""A bare external DTD (no entity declared) is refused by both callback parsers.

The payloads are otherwise valid, so the only thing that can make them fail is the DOCTYPE itself: a parser
that stopped refusing DTDs (and so would let a later entity or an external fetch through) fails here, even
though a DTD that also declares an entity is still caught by the entity rule.
"""

from __future__ import annotations

import pytest

from sms_api import PayloadDecodeError, parse_delivery_report, parse_number_context_result

from .test_helpers import REPORT_XML

EXTERNAL_DTD = '<!DOCTYPE {root} SYSTEM "http://127.0.0.1:9/evil.dtd">\n'

NC_RESULT_XML = """<NCResponse>
\t<results>
\t\t<results>
\t\t\t<to>41793026727</to>
\t\t\t<mccMnc>22801</mccMnc>
\t\t\t<imsi>228012120181810</imsi>
\t\t\t<originalNetwork><networkPrefix>79</networkPrefix><countryPrefix>41</countryPrefix></originalNetwork>
\t\t\t<ported>false</ported>
\t\t\t<roaming>false</roaming>
\t\t\t<status><groupId>3</groupId><groupName>DELIVERED</groupName><id>5</id>
\t\t\t\t<name>DELIVERED_TO_HANDSET</name><description>Message delivered to handset</description></status>
\t\t\t<error><groupId>0</groupId><groupName>OK</groupName><id>0</id>
\t\t\t\t<name>NO_ERROR</name><description>No Error</description><permanent>false</permanent></error>
\t\t</results>
\t</results>
</NCResponse>
"""


def _with_dtd(xml: str | bytes, root: str) -> bytes:
    """``xml`` with the DTD where a DOCTYPE belongs: after the XML declaration, before the root."""
    data = xml.encode() if isinstance(xml, str) else xml
    dtd = EXTERNAL_DTD.format(root=root).encode()
    if data.startswith(b"<?xml"):
        end = data.index(b"?>") + 2
        return data[:end] + b"\n" + dtd + data[end:].lstrip()
    return dtd + data


def test_the_payloads_are_valid_without_the_dtd() -> None:
    assert parse_delivery_report(REPORT_XML, "application/xml").results
    assert parse_number_context_result(NC_RESULT_XML, "application/xml").results


@pytest.mark.parametrize("content_type", ["application/xml", "text/xml", None])
def test_delivery_report_with_external_dtd_is_refused(content_type: str | None) -> None:
    with pytest.raises(PayloadDecodeError, match="DOCTYPE"):
        parse_delivery_report(_with_dtd(REPORT_XML, "SMSReportResponse"), content_type)


@pytest.mark.parametrize("content_type", ["application/xml", "text/xml", None])
def test_number_context_result_with_external_dtd_is_refused(content_type: str | None) -> None:
    with pytest.raises(PayloadDecodeError, match="DOCTYPE"):
        parse_number_context_result(_with_dtd(NC_RESULT_XML, "NCResponse"), content_type)
