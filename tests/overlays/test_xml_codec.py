"""The XML codec against the API documentation's own XML examples and every rule in docs/ARCHITECTURE.md."""

from __future__ import annotations

from typing import Any

import pytest

from sms_api.xml_codec import (
    SchemaShape,
    XmlCodec,
    XmlDecodeError,
    XmlEncodeError,
    decode,
    encode,
)
from sms_api.xml_safety import XmlSecurityError, parse_xml

from .._samples import delivered_status, sent_logs, status
from .._xml_shapes import array, obj, scalar, schema

STATUS = {
    "groupId": scalar("groupId", "integer"),
    "groupName": scalar("groupName"),
    "id": scalar("id", "integer"),
    "name": scalar("name"),
    "description": scalar("description"),
}

SHAPES: dict[str, SchemaShape] = {
    "Status": schema("Status", STATUS),
    "GsmError": schema("GsmError", {**STATUS, "permanent": scalar("permanent", "boolean")}),
    "Price": schema(
        "Price", {"pricePerMessage": scalar("pricePerMessage", "number"), "currency": scalar("currency")}
    ),
    "SMSResponseDetails": schema(
        "SMSResponseDetails",
        {
            "to": scalar("to"),
            "status": obj("status", "Status"),
            "smsCount": scalar("smsCount", "integer"),
            "messageId": scalar("messageId"),
        },
    ),
    "SMSResponse": schema(
        "SMSResponse",
        {"bulkId": scalar("bulkId"), "messages": array("messages", obj("messages", "SMSResponseDetails"))},
    ),
    "SentSMSLog": schema(
        "SentSMSLog",
        {
            "bulkId": scalar("bulkId"),
            "messageId": scalar("messageId"),
            "to": scalar("to"),
            "from": scalar("from"),
            "text": scalar("text"),
            "sentAt": scalar("sentAt"),
            "doneAt": scalar("doneAt"),
            "smsCount": scalar("smsCount", "integer"),
            "mccmnc": scalar("mccmnc"),
            "price": obj("price", "Price"),
            "status": obj("status", "Status"),
            "error": obj("error", "GsmError"),
        },
    ),
    "SMSLogsResponse": schema("SMSLogsResponse", {"results": array("results", obj("results", "SentSMSLog"))}),
    "MOReport": schema(
        "MOReport",
        {
            "messageId": scalar("messageId"),
            "from": scalar("from"),
            "to": scalar("to"),
            "text": scalar("text"),
            "cleanText": scalar("cleanText"),
            "keyword": scalar("keyword"),
            "receivedAt": scalar("receivedAt"),
            "smsCount": scalar("smsCount", "integer"),
        },
    ),
    "MOReportResponse": schema("MOReportResponse", {"results": array("results", obj("results", "MOReport"))}),
    "SMSTextualRequest": schema(
        "request",
        {"from": scalar("from"), "to": array("to", scalar("to"), single=True), "text": scalar("text")},
    ),
    "Destination": schema("Destination", {"to": scalar("to"), "messageId": scalar("messageId")}),
    "Language": schema(
        "Language",
        {
            "languageCode": scalar("languageCode"),
            "singleShift": scalar("singleShift", "boolean"),
            "lockingShift": scalar("lockingShift", "boolean"),
        },
    ),
    "Message": schema(
        "Message",
        {
            "from": scalar("from"),
            "destinations": array("destinations", obj("destinations", "Destination")),
            "text": scalar("text"),
            "flash": scalar("flash", "boolean"),
            "language": obj("language", "Language"),
            "validityPeriod": scalar("validityPeriod", "integer"),
            "sendAt": scalar("sendAt"),
        },
    ),
    "SMSAdvancedTextualRequest": schema(
        "request", {"bulkId": scalar("bulkId"), "messages": array("messages", obj("messages", "Message"))}
    ),
    "ServiceException": schema(
        "ServiceException", {"messageId": scalar("messageId"), "text": scalar("text")}
    ),
    "RequestError": schema(
        "RequestError",
        {
            "serviceException": obj("serviceException", "ServiceException"),
            "policyException": obj("policyException", "ServiceException"),
        },
    ),
    "ApiError": schema(
        "ApiError", {"requestError": obj("requestError", "RequestError")}, root_property="requestError"
    ),
    # Shapes the API does not have, for rules its examples do not reach.
    "Tagged": schema(
        "Tagged",
        {
            "tags": array("tags", scalar("tag")),
            "scores": array("scores", scalar("scores", "number"), wrapped=False),
            "names": array("names", scalar("names"), wrapped=False),
            "flags": array("flags", scalar("flag", "boolean")),
        },
    ),
}

CODEC = XmlCodec(SHAPES)


def dec(xml: str, schema_name: str) -> dict[str, Any]:
    return CODEC.decode(xml.encode(), schema_name)


# ------------------------------------------------------------------------------------------------------
# The documentation's examples
# ------------------------------------------------------------------------------------------------------

BULK_ID = "7241ea9b2ca9-a11f-42c6-aa1e-83cd11c75f52"
# The example's two messages: (to, smsCount, messageId), both accepted.
SENT = (
    ("41793026727", 1, "4242f196ba50-a356-2f91-831c4aa55f351ed2"),
    ("41793026785", 2, "5f35f87a2f19-a141-43a4-91cd81b85f8c689"),
)


def sent_message_xml(to: str, sms_count: int, message_id: str) -> str:
    """One `<messages>` item of the documentation's send answer, laid out as the documentation writes it."""
    return f"""      <messages>
         <to>{to}</to>
         <status>
            <groupId>0</groupId>
            <groupName>ACCEPTED</groupName>
            <id>0</id>
            <name>MESSAGE_ACCEPTED</name>
            <description>Message accepted</description>
         </status>
         <smsCount>{sms_count}</smsCount>
         <messageId>{message_id}</messageId>
      </messages>
"""


SEND_SMS_RESPONSE_XML = (
    f"<SendSMSResponse>\n   <bulkId>{BULK_ID}</bulkId>\n   <messages>\n"
    + "".join(sent_message_xml(*message) for message in SENT)
    + "   </messages>\n</SendSMSResponse>\n"
)

SEND_SMS_RESPONSE_JSON = {
    "bulkId": BULK_ID,
    "messages": [
        {"to": to, "status": status(0), "smsCount": sms_count, "messageId": message_id}
        for to, sms_count, message_id in SENT
    ],
}


def test_send_sms_response_root_and_wrapped_messages() -> None:
    assert dec(SEND_SMS_RESPONSE_XML, "SMSResponse") == SEND_SMS_RESPONSE_JSON


def test_sms_response_root_gives_the_same_result() -> None:
    xml = SEND_SMS_RESPONSE_XML.replace("SendSMSResponse>", "SMSResponse>")
    assert xml.startswith("<SMSResponse>")
    assert dec(xml, "SMSResponse") == SEND_SMS_RESPONSE_JSON


def test_any_root_element_name_is_accepted() -> None:
    xml = SEND_SMS_RESPONSE_XML.replace("SendSMSResponse>", "whatever>")
    assert dec(xml, "SMSResponse") == SEND_SMS_RESPONSE_JSON


def test_single_wrapped_message_is_still_a_list() -> None:
    xml = (
        "<SMSResponse><messages><messages><to>1</to><smsCount>1</smsCount></messages></messages>"
        "</SMSResponse>"
    )
    assert dec(xml, "SMSResponse") == {"messages": [{"to": "1", "smsCount": 1}]}


def test_unwrapped_messages_directly_under_root() -> None:
    xml = "<SMSResponse><messages><to>1</to></messages><messages><to>2</to></messages></SMSResponse>"
    assert dec(xml, "SMSResponse") == {"messages": [{"to": "1"}, {"to": "2"}]}


SMS_REPORT_RESPONSE_XML = """<SMSReportResponse>
   <results>
      <bulkId>8c20f086-d82b-48cc-b2b3-3ca5f7aca9fb</bulkId>
      <messageId>ff4804ef-6ab6-4abd-984d-ab3b1387e852</messageId>
      <to>385981178</to>
      <sentAt>2015-02-12T09:58:20.323+0100</sentAt>
      <doneAt>2015-02-12T09:58:20.337+0100</doneAt>
      <smsCount>1</smsCount>
      <price>
         <pricePerMessage>0.01</pricePerMessage>
         <currency>EUR</currency>
      </price>
      <status>
         <id>5</id>
         <groupId>3</groupId>
         <groupName>DELIVERED</groupName>
         <name>DELIVERED_TO_HANDSET</name>
         <description>Message delivered to handset</description>
      </status>
   </results>
   <results>
      <bulkId>second</bulkId>
      <smsCount>2</smsCount>
   </results>
</SMSReportResponse>
"""


SMS_REPORT_RESPONSE_JSON = {
    "results": [
        {
            "bulkId": "8c20f086-d82b-48cc-b2b3-3ca5f7aca9fb",
            "messageId": "ff4804ef-6ab6-4abd-984d-ab3b1387e852",
            "to": "385981178",
            "sentAt": "2015-02-12T09:58:20.323+0100",
            "doneAt": "2015-02-12T09:58:20.337+0100",
            "smsCount": 1,
            "price": {"pricePerMessage": 0.01, "currency": "EUR"},
            "status": delivered_status(),
        },
        {"bulkId": "second", "smsCount": 2},
    ]
}


# Copied with its mix of spaces and a tab from the documentation's logs example.
SMS_LOGS_RESPONSE_XML = (
    "<SMSLogsResponse>\n"
    "    <results>\n"
    "    \t<results>\n"
    "            <bulkId>7944c32d-bf77-4f41-a752-c3aa89027adc</bulkId>\n"
    "            <to>41793026727</to>\n"
    "            <from>InfoSMS</from>\n"
    "            <text>Test SMS.</text>\n"
    "            <smsCount>1</smsCount>\n"
    "            <mccmnc>22801</mccmnc>\n"
    "            <price>\n"
    "                <pricePerMessage>0.0100</pricePerMessage>\n"
    "                <currency>EUR</currency>\n"
    "            </price>\n"
    "            <error>\n"
    "\t\t\t\t<groupId>0</groupId>\n"
    "\t\t\t\t<groupName>Ok</groupName>\n"
    "\t\t\t\t<permanent>false</permanent>\n"
    "\t\t\t</error>\n"
    "        </results>\n"
    "\t\t<results>\n"
    "\t\t\t<bulkId>bafdeb3d-719b-4cce-8762-54d47b40f3c5</bulkId>\n"
    "\t\t\t<price><pricePerMessage>0</pricePerMessage><currency>EUR</currency></price>\n"
    "\t\t</results>\n"
    "    </results>\n"
    "</SMSLogsResponse>\n"
)


SMS_LOGS_RESPONSE_JSON = {
    "results": [
        {
            "bulkId": "7944c32d-bf77-4f41-a752-c3aa89027adc",
            "to": "41793026727",
            "from": "InfoSMS",
            "text": "Test SMS.",
            "smsCount": 1,
            "mccmnc": "22801",
            "price": {"pricePerMessage": 0.01, "currency": "EUR"},
            "error": {"groupId": 0, "groupName": "Ok", "permanent": False},
        },
        {
            "bulkId": "bafdeb3d-719b-4cce-8762-54d47b40f3c5",
            "price": {"pricePerMessage": 0, "currency": "EUR"},
        },
    ]
}


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        pytest.param(
            SMS_REPORT_RESPONSE_XML, SMS_REPORT_RESPONSE_JSON, id="results-repeated-directly-under-root"
        ),
        pytest.param(
            SMS_LOGS_RESPONSE_XML, SMS_LOGS_RESPONSE_JSON, id="wrapped-results-with-tab-indentation"
        ),
    ],
)
def test_documentation_log_examples(xml: str, expected: dict[str, Any]) -> None:
    assert dec(xml, "SMSLogsResponse") == expected


def test_price_keeps_json_number_types() -> None:
    result = dec(SMS_LOGS_RESPONSE_XML, "SMSLogsResponse")
    first, second = (entry["price"]["pricePerMessage"] for entry in result["results"])
    assert type(first) is float
    assert first == 0.01
    # JSON would give 0, an int, for "pricePerMessage":0 as in the seed.
    assert type(second) is int


MO_REPORT_XML = """<MOReportResponse>
   <results>
      <results>
         <messageId>ff4804ef-6ab6-4abd-984d-ab3b1387e823</messageId>
         <from>38598111</from>
         <to>41793026727</to>
         <text>KEY Test message</text>
         <cleanText>Test message</cleanText>
         <keyword>KEY</keyword>
         <receivedAt>2015-02-15T11:43:20.254+0100</receivedAt>
         <smsCount>1</smsCount>
      </results>
      <results>
         <messageId>second</messageId>
         <text>Test message</text>
         <cleanText>Test message</cleanText>
         <keyword />
         <smsCount>1</smsCount>
      </results>
   </results>
</MOReportResponse>
"""


def test_empty_keyword_is_an_empty_string() -> None:
    result = dec(MO_REPORT_XML, "MOReportResponse")
    assert result["results"][0]["keyword"] == "KEY"
    assert result["results"][1] == {
        "messageId": "second",
        "text": "Test message",
        "cleanText": "Test message",
        "keyword": "",
        "smsCount": 1,
    }


@pytest.mark.parametrize(
    ("to_xml", "expected"),
    [
        ("<to>41793026727</to>", ["41793026727"]),
        ("<to>\n      <to>41793026727</to>\n   </to>", ["41793026727"]),
        ("<to><to>a</to><to>b</to></to>", ["a", "b"]),
        ("<to>a</to><to>b</to>", ["a", "b"]),
        # Both forms in one document: each occurrence is judged on its own.
        ("<to><to>a</to><to>b</to></to><to>c</to>", ["a", "b", "c"]),
        ("<to/>", []),
    ],
)
def test_single_allowed_to_always_decodes_to_a_list(to_xml: str, expected: list[str]) -> None:
    xml = f"<request><from>InfoSMS</from>{to_xml}<text>Test SMS.</text></request>"
    assert dec(xml, "SMSTextualRequest") == {"from": "InfoSMS", "to": expected, "text": "Test SMS."}


# The seed's Turkish example; dotless i written as an escape so that it cannot be mistaken for "i".
TURKISH = (
    "Art\u0131k Ulusal Dil Tan\u0131mlay\u0131c\u0131s\u0131 ile T\u00fcrk\u00e7e karakterli"
    " smslerinizi rahatl\u0131kla iletebilirsiniz."
)

ADVANCED_REQUEST_XML = f"""<request>
  <bulkId>BULK-ID-123-xyz</bulkId>
  <messages>
    <from>InfoSMS</from>
    <destinations>
      <to>41793026727</to>
      <messageId>MESSAGE-ID-123-xyz</messageId>
    </destinations>
    <destinations>
      <to>41793026731</to>
    </destinations>
    <text>{TURKISH}</text>
    <flash>false</flash>
    <language>
      <languageCode>TR</languageCode>
      <singleShift>true</singleShift>
      <lockingShift>false</lockingShift>
    </language>
    <transliteration>TURKISH</transliteration>
    <validityPeriod>86400000</validityPeriod>
  </messages>
  <messages>
    <from>41793026700</from>
    <destinations>
      <to>41793026785</to>
    </destinations>
    <text>A long time ago, in a galaxy far, far away...</text>
    <sendAt>2015-07-07T17:00:00.000+01:00</sendAt>
  </messages>
</request>
"""

ADVANCED_REQUEST_JSON = {
    "bulkId": "BULK-ID-123-xyz",
    "messages": [
        {
            "from": "InfoSMS",
            "destinations": [
                {"to": "41793026727", "messageId": "MESSAGE-ID-123-xyz"},
                {"to": "41793026731"},
            ],
            "text": TURKISH,
            "flash": False,
            "language": {"languageCode": "TR", "singleShift": True, "lockingShift": False},
            "transliteration": "TURKISH",
            "validityPeriod": 86400000,
        },
        {
            "from": "41793026700",
            "destinations": [{"to": "41793026785"}],
            "text": "A long time ago, in a galaxy far, far away...",
            "sendAt": "2015-07-07T17:00:00.000+01:00",
        },
    ],
}


def test_repeated_messages_with_repeated_destinations() -> None:
    assert dec(ADVANCED_REQUEST_XML, "SMSAdvancedTextualRequest") == ADVANCED_REQUEST_JSON


# ------------------------------------------------------------------------------------------------------
# Error bodies: root_property
# ------------------------------------------------------------------------------------------------------

ERROR_JSON = {
    "requestError": {"serviceException": {"messageId": "UNAUTHORIZED", "text": "Invalid login details"}}
}


def test_error_body_rooted_at_request_error() -> None:
    xml = (
        "<requestError><serviceException><messageId>UNAUTHORIZED</messageId>"
        "<text>Invalid login details</text></serviceException></requestError>"
    )
    assert dec(xml, "ApiError") == ERROR_JSON


def test_error_body_with_its_own_root_element() -> None:
    xml = (
        "<ApiError><requestError><serviceException><messageId>UNAUTHORIZED</messageId>"
        "<text>Invalid login details</text></serviceException></requestError></ApiError>"
    )
    assert dec(xml, "ApiError") == ERROR_JSON


def test_error_body_encodes_with_the_property_as_root() -> None:
    xml = CODEC.encode(ERROR_JSON, "ApiError")
    assert xml == (
        b'<?xml version="1.0" encoding="UTF-8"?><requestError><serviceException>'
        b"<messageId>UNAUTHORIZED</messageId><text>Invalid login details</text>"
        b"</serviceException></requestError>"
    )
    assert CODEC.decode(xml, "ApiError") == ERROR_JSON


def test_error_body_path_in_errors_starts_at_the_real_root() -> None:
    xml = "<requestError><serviceException><messageId><x/></messageId></serviceException></requestError>"
    with pytest.raises(XmlDecodeError, match=r"^requestError/serviceException/messageId: expected a string"):
        dec(xml, "ApiError")


def test_root_property_with_extra_keys_falls_back_to_the_schema_root() -> None:
    value = {**ERROR_JSON, "extra": "x"}
    xml = CODEC.encode(value, "ApiError")
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?><ApiError><requestError>')
    assert CODEC.decode(xml, "ApiError") == value


# ------------------------------------------------------------------------------------------------------
# Scalars
# ------------------------------------------------------------------------------------------------------


def price(text: str) -> Any:
    return dec(f"<p><pricePerMessage>{text}</pricePerMessage></p>", "Price")["pricePerMessage"]


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("0.0100", 0.01, float),
        ("0.01", 0.01, float),
        ("0", 0, int),
        ("-3", -3, int),
        (" 12 ", 12, int),
        ("\n\t1.5\n", 1.5, float),
        ("1e3", 1000.0, float),
        ("1E-2", 0.01, float),
        ("123456789012345678901234567890", 123456789012345678901234567890, int),
    ],
)
def test_numbers(text: str, expected: float, kind: type) -> None:
    value = price(text)
    assert value == expected
    assert type(value) is kind


@pytest.mark.parametrize("text", ["abc", "nan", "NaN", "inf", "-Infinity", "1_000", "0x10", "١٢", "1.2.3"])
def test_bad_numbers(text: str) -> None:
    with pytest.raises(XmlDecodeError, match=r"^p/pricePerMessage: .* is not a number$"):
        price(text)


def status_id(text: str) -> Any:
    return dec(f"<s><id>{text}</id></s>", "Status")["id"]


@pytest.mark.parametrize(("text", "expected"), [("5", 5), (" 5\n", 5), ("-1", -1), ("+7", 7), ("007", 7)])
def test_integers(text: str, expected: int) -> None:
    assert status_id(text) == expected


@pytest.mark.parametrize("text", ["abc", "1.0", "1e3", "1_000", "٣", "true"])
def test_bad_integers(text: str) -> None:
    with pytest.raises(XmlDecodeError, match=r"^s/id: .* is not an integer$"):
        status_id(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        (" True\n", True),
        ("1", True),
        ("false", False),
        ("False", False),
        ("0", False),
    ],
)
def test_booleans(text: str, expected: bool) -> None:
    result = dec(f"<e><permanent>{text}</permanent></e>", "GsmError")["permanent"]
    assert result is expected


@pytest.mark.parametrize("text", ["yes", "no", "2", "t", "truth"])
def test_bad_booleans(text: str) -> None:
    with pytest.raises(XmlDecodeError, match=f"^e/permanent: '{text}' is not a boolean$"):
        dec(f"<e><permanent>{text}</permanent></e>", "GsmError")


@pytest.mark.parametrize("element", ["<id/>", "<id></id>", "<id>  </id>"])
def test_empty_non_string_scalar_is_an_error(element: str) -> None:
    with pytest.raises(XmlDecodeError, match=r"^s/id: empty value where an integer is expected$"):
        dec(f"<s>{element}</s>", "Status")


def test_bad_scalar_error_names_the_full_path() -> None:
    xml = SEND_SMS_RESPONSE_XML.replace("<smsCount>2</smsCount>", "<smsCount>abc</smsCount>")
    with pytest.raises(XmlDecodeError) as info:
        dec(xml, "SMSResponse")
    assert str(info.value) == "SendSMSResponse/messages[1]/smsCount: 'abc' is not an integer"


def test_path_through_unwrapped_nested_arrays() -> None:
    xml = ADVANCED_REQUEST_XML.replace("<flash>false</flash>", "<flash>maybe</flash>")
    with pytest.raises(XmlDecodeError, match=r"^request/messages\[0\]/flash: 'maybe' is not a boolean$"):
        dec(xml, "SMSAdvancedTextualRequest")
    xml = "<request><messages><validityPeriod>x</validityPeriod></messages></request>"
    with pytest.raises(XmlDecodeError, match=r"^request/messages\[0\]/validityPeriod: 'x' is not an integer"):
        dec(xml, "SMSAdvancedTextualRequest")


def test_path_of_scalar_array_item() -> None:
    with pytest.raises(XmlDecodeError, match=r"^t/scores\[2\]: 'x' is not a number$"):
        dec("<t><scores>1</scores><scores>2.5</scores><scores>x</scores></t>", "Tagged")


def test_string_text_is_kept_exactly() -> None:
    xml = "<request><text>  two  spaces\n\tand a tab  </text><from> </from></request>"
    assert dec(xml, "SMSTextualRequest") == {"text": "  two  spaces\n\tand a tab  ", "from": " "}


def test_escaped_and_cdata_text() -> None:
    xml = "<request><text>a &lt;b&gt; &amp; &#13;&#x20AC;<![CDATA[<raw>]]></text></request>"
    assert dec(xml, "SMSTextualRequest") == {"text": "a <b> & \r€<raw>"}


def test_string_scalar_with_children_is_an_error() -> None:
    with pytest.raises(XmlDecodeError, match=r"^request/text: expected a string, found child elements$"):
        dec("<request><text><b>bold</b></text></request>", "SMSTextualRequest")


def test_repeated_scalar_is_an_error() -> None:
    with pytest.raises(XmlDecodeError, match=r"^SMSResponse/bulkId: element appears more than once$"):
        dec("<SMSResponse><bulkId>a</bulkId><bulkId>b</bulkId></SMSResponse>", "SMSResponse")


def test_repeated_object_is_an_error() -> None:
    with pytest.raises(XmlDecodeError, match=r"^r/price: element appears more than once$"):
        dec("<r><price/><price/></r>", "SentSMSLog")


# ------------------------------------------------------------------------------------------------------
# Objects, arrays and unknown elements
# ------------------------------------------------------------------------------------------------------


def test_empty_object_and_empty_root() -> None:
    assert dec("<r><price/></r>", "SentSMSLog") == {"price": {}}
    assert dec("<r/>", "SentSMSLog") == {}
    assert dec("<r>\n  \t</r>", "SentSMSLog") == {}


@pytest.mark.parametrize("wrapper", ["<messages/>", "<messages></messages>", "<messages>\n   </messages>"])
def test_empty_wrapper_is_an_empty_list(wrapper: str) -> None:
    assert dec(f"<SMSResponse>{wrapper}</SMSResponse>", "SMSResponse") == {"messages": []}


def test_empty_occurrence_of_an_unwrapped_array_is_one_item() -> None:
    assert dec("<t><names/><names>b</names></t>", "Tagged") == {"names": ["", "b"]}


def test_whitespace_only_string_item_of_a_wrapped_array_is_kept() -> None:
    assert dec("<t><tags> </tags></t>", "Tagged") == {"tags": [" "]}


def test_array_with_a_different_item_element() -> None:
    assert dec("<t><tags><tag>a</tag><tag>b</tag></tags></t>", "Tagged") == {"tags": ["a", "b"]}
    # Items met directly under the parent, without the wrapper.
    assert dec("<t><tag>a</tag><tag>b</tag></t>", "Tagged") == {"tags": ["a", "b"]}
    assert dec("<t><flags><flag>true</flag><flag>0</flag></flags></t>", "Tagged") == {"flags": [True, False]}
    assert dec("<t><tags/></t>", "Tagged") == {"tags": []}


def test_object_with_text_is_an_error() -> None:
    with pytest.raises(XmlDecodeError, match=r"^r/status: expected an object, found text 'DELIVERED'$"):
        dec("<r><status>DELIVERED</status></r>", "SentSMSLog")


@pytest.mark.parametrize(
    ("xml", "path"),
    [
        ("<r><status>oops<id>1</id></status></r>", "r/status"),
        ("<r><status><id>1</id>oops</status></r>", "r/status"),
        ("<r>oops<bulkId>1</bulkId></r>", "r"),
        ("<r><bulkId>1</bulkId>oops</r>", "r"),
        ("<r><extra><a>1</a>oops</extra></r>", "r/extra"),
        ("<r><extra>oops<a>1</a></extra></r>", "r/extra"),
    ],
)
def test_mixed_content_is_an_error(xml: str, path: str) -> None:
    with pytest.raises(XmlDecodeError, match=f"^{path}: mixed content: text 'oops'"):
        dec(xml, "SentSMSLog")


def test_mixed_content_inside_a_wrapper_is_an_error() -> None:
    xml = "<SMSResponse><messages><messages><to>1</to></messages>oops<messages/></messages></SMSResponse>"
    with pytest.raises(XmlDecodeError, match=r"^SMSResponse/messages: mixed content: text 'oops'"):
        dec(xml, "SMSResponse")


def test_unknown_elements_are_kept() -> None:
    xml = """<SMSResponse>
      <bulkId>b</bulkId>
      <newField>new</newField>
      <emptyField/>
      <nested><a>1</a><b><c>deep</c></b></nested>
      <repeated>x</repeated>
      <repeated>y</repeated>
      <repeated>z</repeated>
      <messages><messages><to>1</to><status><id>1</id><action>retry</action></status></messages></messages>
      <group><item><v>1</v></item><item><v>2</v></item></group>
    </SMSResponse>"""
    assert dec(xml, "SMSResponse") == {
        "bulkId": "b",
        "newField": "new",
        "emptyField": "",
        "nested": {"a": "1", "b": {"c": "deep"}},
        "repeated": ["x", "y", "z"],
        "messages": [{"to": "1", "status": {"id": 1, "action": "retry"}}],
        "group": {"item": [{"v": "1"}, {"v": "2"}]},
    }


def test_unknown_text_is_kept_exactly() -> None:
    assert dec("<r><extra>  padded </extra></r>", "SentSMSLog") == {"extra": "  padded "}


def test_namespaced_elements_match_by_local_name() -> None:
    xml = '<ns:SMSResponse xmlns:ns="urn:x"><ns:bulkId>b</ns:bulkId><ns:other>o</ns:other></ns:SMSResponse>'
    assert dec(xml, "SMSResponse") == {"bulkId": "b", "other": "o"}


def test_attributes_are_ignored() -> None:
    assert dec('<r kind="x"><bulkId a="1">b</bulkId></r>', "SentSMSLog") == {"bulkId": "b"}


# ------------------------------------------------------------------------------------------------------
# Encoding
# ------------------------------------------------------------------------------------------------------

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'


def test_encode_canonical_form() -> None:
    value = {
        # Deliberately out of spec order, with an unknown key first.
        "messages": [{"messageId": "m1", "smsCount": 1, "status": {"name": "ACCEPTED", "id": 0}, "to": "41"}],
        "zzz": "unknown",
        "bulkId": "b1",
    }
    assert CODEC.encode(value, "SMSResponse") == DECLARATION + (
        b"<SMSResponse><bulkId>b1</bulkId><messages><messages><to>41</to>"
        b"<status><id>0</id><name>ACCEPTED</name></status><smsCount>1</smsCount><messageId>m1</messageId>"
        b"</messages></messages><zzz>unknown</zzz></SMSResponse>"
    )


def test_encode_omits_none_and_writes_booleans() -> None:
    value = {"error": {"groupId": 0, "groupName": None, "permanent": False}, "bulkId": None}
    assert CODEC.encode(value, "SentSMSLog") == DECLARATION + (
        b"<SentSMSLog><error><groupId>0</groupId><permanent>false</permanent></error></SentSMSLog>"
    )
    value = {"language": {"singleShift": True}}
    assert CODEC.encode(value, "Message") == DECLARATION + (
        b"<Message><language><singleShift>true</singleShift></language></Message>"
    )


def test_encode_single_allowed_string_as_one_item_array() -> None:
    value = {"from": "InfoSMS", "to": "41793026727", "text": "Test SMS."}
    assert CODEC.encode(value, "SMSTextualRequest") == DECLARATION + (
        b"<request><from>InfoSMS</from><to><to>41793026727</to></to><text>Test SMS.</text></request>"
    )


def test_encode_unwrapped_array_as_repeated_elements() -> None:
    assert CODEC.encode({"names": ["a", "b"], "tags": ["x"]}, "Tagged") == DECLARATION + (
        b"<Tagged><tags><tag>x</tag></tags><names>a</names><names>b</names></Tagged>"
    )


def test_encode_empty_values() -> None:
    assert CODEC.encode({"messages": [], "bulkId": ""}, "SMSResponse") == DECLARATION + (
        b"<SMSResponse><bulkId/><messages/></SMSResponse>"
    )
    assert CODEC.encode({}, "SMSResponse") == DECLARATION + b"<SMSResponse/>"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.01, "0.01"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-05, "0.00001"),
        (1.5e-7, "0.00000015"),
        (1e16, "10000000000000000.0"),
        (2.0, "2.0"),
        (-0.5, "-0.5"),
        (1e300, "1e+300"),
        (0, "0"),
        (12, "12"),
    ],
)
def test_encode_numbers(value: float, text: str) -> None:
    xml = CODEC.encode({"pricePerMessage": value}, "Price")
    assert xml == DECLARATION + f"<Price><pricePerMessage>{text}</pricePerMessage></Price>".encode()
    decoded = CODEC.decode(xml, "Price")["pricePerMessage"]
    assert decoded == value
    assert type(decoded) is type(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_encode_refuses_non_finite_numbers(value: float) -> None:
    with pytest.raises(XmlEncodeError, match=r"^Price/pricePerMessage: .* no NaN or infinity"):
        CODEC.encode({"pricePerMessage": value}, "Price")


def test_encode_escapes_text() -> None:
    xml = CODEC.encode({"text": "a<b>&c]]>\r\nd \"'"}, "SMSTextualRequest")
    assert xml == DECLARATION + b"<request><text>a&lt;b&gt;&amp;c]]&gt;&#13;\nd \"'</text></request>"
    assert CODEC.decode(xml, "SMSTextualRequest") == {"text": "a<b>&c]]>\r\nd \"'"}


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\f", "\ud800", "\uffff"])
def test_encode_refuses_characters_xml_cannot_carry(char: str) -> None:
    with pytest.raises(XmlEncodeError, match=r"^request/text: character U\+[0-9A-F]{4} cannot be written"):
        CODEC.encode({"text": f"ok{char}"}, "SMSTextualRequest")


def test_encode_non_ascii_as_utf8() -> None:
    xml = CODEC.encode({"text": "Türkçe € 😀"}, "SMSTextualRequest")
    assert xml == DECLARATION + "<request><text>Türkçe € 😀</text></request>".encode()


def test_encode_unknown_values_generically() -> None:
    value = {
        "bulkId": "b",
        "meta": {"a": "1", "b": {"c": 2.5}, "skip": None, "flag": True},
        "list": ["x", {"y": "1"}],
        "count": 3,
    }
    xml = CODEC.encode(value, "SMSResponse")
    assert xml == DECLARATION + (
        b"<SMSResponse><bulkId>b</bulkId><meta><a>1</a><b><c>2.5</c></b><flag>true</flag></meta>"
        b"<list>x</list><list><y>1</y></list><count>3</count></SMSResponse>"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"bulkId": {"x": 1}}, r"^SMSResponse/bulkId: expected a scalar, got dict$"),
        ({"bulkId": ["x"]}, r"^SMSResponse/bulkId: expected a scalar, got list$"),
        ({"messages": "x"}, r"^SMSResponse/messages: expected a list, got str$"),
        ({"messages": ["x"]}, r"^SMSResponse/messages\[0\]: expected an object \(mapping\), got str$"),
        ({"messages": [{}, None]}, r"^SMSResponse/messages\[1\]: null items cannot be written$"),
        (
            {"messages": [{"status": {"id": object()}}]},
            r"^SMSResponse/messages\[0\]/status/id: expected a scalar, got object$",
        ),
        ({"bad name": "x"}, r"^SMSResponse/bad name: key 'bad name' is not a valid XML element name$"),
        ({"1st": "x"}, r"not a valid XML element name"),
        ({"meta": {"<x>": "y"}}, r"^SMSResponse/meta/<x>: key '<x>' is not a valid XML element name$"),
        ({"meta": [["nested"]]}, r"^SMSResponse/meta: nested lists cannot be written as XML$"),
    ],
)
def test_encode_errors_name_the_path(value: dict[str, Any], message: str) -> None:
    with pytest.raises(XmlEncodeError, match=message):
        CODEC.encode(value, "SMSResponse")


def test_encode_indent() -> None:
    value = {"bulkId": "b", "messages": [{"to": "1", "status": {"id": 0}}, {}], "extra": ["x", "y"]}
    assert CODEC.encode(value, "SMSResponse", indent=True) == (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b"<SMSResponse>\n"
        b"  <bulkId>b</bulkId>\n"
        b"  <messages>\n"
        b"    <messages>\n"
        b"      <to>1</to>\n"
        b"      <status>\n"
        b"        <id>0</id>\n"
        b"      </status>\n"
        b"    </messages>\n"
        b"    <messages/>\n"
        b"  </messages>\n"
        b"  <extra>x</extra>\n"
        b"  <extra>y</extra>\n"
        b"</SMSResponse>\n"
    )


# ------------------------------------------------------------------------------------------------------
# Round trips
# ------------------------------------------------------------------------------------------------------

ROUND_TRIP_VALUES: list[tuple[str, dict[str, Any]]] = [
    ("SMSResponse", SEND_SMS_RESPONSE_JSON),
    ("SMSAdvancedTextualRequest", ADVANCED_REQUEST_JSON),
    ("ApiError", ERROR_JSON),
    ("SMSTextualRequest", {"from": "InfoSMS", "to": ["41793026727", "41793026731"], "text": " Test\nSMS. "}),
    ("SMSTextualRequest", {"to": [""], "text": ""}),
    ("MOReportResponse", {"results": [{"keyword": "", "smsCount": 1}, {"messageId": "m"}]}),
    ("SMSResponse", {"messages": [], "bulkId": "<&>"}),
    (
        "SMSLogsResponse",
        {
            "results": [
                {
                    "price": {"pricePerMessage": 0.01, "currency": "EUR"},
                    "error": {"groupId": 0, "permanent": True},
                    "text": "€ and {braces} [brackets] \\ ^ ~ |",
                }
            ]
        },
    ),
    ("Tagged", {"tags": ["a", " "], "scores": [1, 2.5, -0.001], "names": ["x"], "flags": [True, False]}),
    ("SMSResponse", {"bulkId": "b", "unknown": {"a": "1", "b": ["2", "3"]}}),
]


@pytest.mark.parametrize(("schema_name", "value"), ROUND_TRIP_VALUES)
@pytest.mark.parametrize("indent", [False, True])
def test_round_trip(schema_name: str, value: dict[str, Any], indent: bool) -> None:
    xml = CODEC.encode(value, schema_name, indent=indent)
    assert CODEC.decode(xml, schema_name) == value


@pytest.mark.parametrize(
    ("xml", "schema_name"),
    [
        (SEND_SMS_RESPONSE_XML, "SMSResponse"),
        (SMS_REPORT_RESPONSE_XML, "SMSLogsResponse"),
        (SMS_LOGS_RESPONSE_XML, "SMSLogsResponse"),
        (MO_REPORT_XML, "MOReportResponse"),
        (ADVANCED_REQUEST_XML, "SMSAdvancedTextualRequest"),
    ],
)
def test_documentation_examples_survive_decode_encode_decode(xml: str, schema_name: str) -> None:
    decoded = dec(xml, schema_name)
    assert CODEC.decode(CODEC.encode(decoded, schema_name), schema_name) == decoded


# ------------------------------------------------------------------------------------------------------
# Module functions, safety and the shape table
# ------------------------------------------------------------------------------------------------------


def test_module_functions_match_the_codec() -> None:
    data = SEND_SMS_RESPONSE_XML.encode()
    assert decode(data, "SMSResponse", SHAPES) == SEND_SMS_RESPONSE_JSON
    assert CODEC.decode_tree(parse_xml(data), "SMSResponse") == SEND_SMS_RESPONSE_JSON
    assert encode(SEND_SMS_RESPONSE_JSON, "SMSResponse", SHAPES) == CODEC.encode(
        SEND_SMS_RESPONSE_JSON, "SMSResponse"
    )
    assert encode({}, "SMSResponse", SHAPES, indent=True) == DECLARATION + b"\n<SMSResponse/>\n"


def test_module_functions_accept_a_plain_dict_table() -> None:
    # The generated table is a plain `dict[str, dict]`; a new table object must not reuse a cached codec.
    table: dict[str, dict[str, Any]] = {
        "Thing": {"element": "Thing", "root_property": None, "properties": {"n": scalar("n", "integer")}}
    }
    assert decode(b"<Thing><n>1</n></Thing>", "Thing", table) == {"n": 1}
    other: dict[str, dict[str, Any]] = {
        "Thing": {"element": "Thing", "root_property": None, "properties": {"n": scalar("n", "boolean")}}
    }
    assert decode(b"<Thing><n>1</n></Thing>", "Thing", other) == {"n": True}


def test_decode_goes_through_the_safety_checks() -> None:
    hostile = b'<!DOCTYPE r [<!ENTITY x "y">]><SMSResponse><bulkId>&x;</bulkId></SMSResponse>'
    with pytest.raises(XmlSecurityError):
        decode(hostile, "SMSResponse", SHAPES)
    with pytest.raises(XmlSecurityError):
        CODEC.decode(b"<r>" + b"x" * 100 + b"</r>", "SMSResponse", max_bytes=50)
    with pytest.raises(XmlDecodeError, match="mismatched tag"):
        CODEC.decode(b"<SMSResponse><bulkId></SMSResponse>", "SMSResponse")


def test_unknown_schema_name() -> None:
    with pytest.raises(KeyError, match="NoSuchSchema"):
        CODEC.decode(b"<r/>", "NoSuchSchema")
    with pytest.raises(KeyError, match="NoSuchSchema"):
        CODEC.encode({}, "NoSuchSchema")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"A": {"root_property": None, "properties": {}}}, "A has no 'element'"),
        ({"A": schema("A", {"b": obj("b", "Missing")})}, "A.b refers to unknown schema 'Missing'"),
        ({"A": schema("A", {"b": scalar("b", "date")})}, "A.b.type 'date' is not a known scalar type"),
        ({"A": schema("A", {"b": {"kind": "map", "element": "b"}})}, "A.b.kind 'map' is not supported"),
        (
            {"A": schema("A", {"b": array("b", array("c", scalar("c")))})},
            "A.b.items.kind 'array' is not supported",
        ),
        ({"A": schema("A", {"b": scalar("b")}, root_property="c")}, "A.root_property 'c' is not a property"),
    ],
)
def test_broken_shape_tables_fail_at_construction(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        XmlCodec(table)


def test_recursive_schemas_are_supported() -> None:
    table: dict[str, Any] = {
        "Node": schema("Node", {"v": scalar("v", "integer"), "next": obj("next", "Node")})
    }
    value = {"v": 1, "next": {"v": 2, "next": {"v": 3}}}
    codec = XmlCodec(table)
    assert codec.decode(codec.encode(value, "Node"), "Node") == value


# ------------------------------------------------------------------------------------------------------
# Speed
# ------------------------------------------------------------------------------------------------------


def test_decoding_10000_log_entries_round_trips() -> None:
    # How fast this is, is measured by `make bench` (row 2b), never by a timed test.
    value = sent_logs(10_000)
    assert CODEC.decode(CODEC.encode(value, "SMSLogsResponse"), "SMSLogsResponse") == value


# ---- the depth limit, enforced during the decoding walk (no second walk over the tree) ------------------


def _deep(levels: int, leaf: bytes = b"x") -> bytes:
    return b"<u>" * levels + leaf + b"</u>" * levels


def _in_entry(inner: bytes) -> bytes:
    return b"<SMSLogsResponse><results><results>" + inner + b"</results></results></SMSLogsResponse>"


@pytest.mark.parametrize(
    ("where", "body"),
    [
        # 3 levels of envelope (root, wrapper, entry), then an unknown element nested to depth 65
        ("unknown element", _in_entry(_deep(62))),
        # children under a string property: a decoding error too, but the depth refusal wins as in parse_xml
        ("under a scalar", _in_entry(b"<bulkId>" + _deep(61) + b"</bulkId>")),
        ("under an object", _in_entry(b"<price>" + _deep(61) + b"</price>")),
        ("root alone", _deep(65)),
        # a decoding error earlier in the document than the deep part
        ("after a bad value", _in_entry(b"<smsCount>x</smsCount>" + _deep(62))),
    ],
)
def test_depth_limit_is_enforced_by_the_decoder(where: str, body: bytes) -> None:
    with pytest.raises(XmlSecurityError, match="deeper than 64"):
        CODEC.decode(body, "SMSLogsResponse")
    with pytest.raises(XmlSecurityError, match="deeper than 64"):
        parse_xml(body)  # the same verdict as the parser's own check


def test_depth_limit_allows_exactly_max_depth() -> None:
    body = _in_entry(_deep(61))  # deepest element at level 64
    parse_xml(body)
    entry = CODEC.decode(body, "SMSLogsResponse")["results"][0]
    assert entry["u"]["u"]["u"]
    with pytest.raises(XmlSecurityError, match="deeper than 63"):
        CODEC.decode(body, "SMSLogsResponse", max_depth=63)
    assert CODEC.decode(_deep(70), "SMSLogsResponse", max_depth=70)["u"]


def test_decode_tree_checks_depth_only_when_asked() -> None:
    root = parse_xml(_deep(70), max_depth=70)
    assert CODEC.decode_tree(root, "SMSLogsResponse")["u"]
    with pytest.raises(XmlSecurityError, match="deeper than 64"):
        CODEC.decode_tree(root, "SMSLogsResponse", max_depth=64)
