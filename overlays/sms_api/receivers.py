"""Parse what the API pushes to a ``notifyUrl``: delivery reports and Number Context results, JSON or XML.

For people writing the receiving endpoint: hand over the raw request body and its ``Content-Type``, get the
generated model. The payload schemas come from the spec's callbacks (``sms_api_spec.CALLBACKS``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sms_api_spec import CALLBACKS

from .errors import SmsApiError
from .wire import DecodeFailure, decode_body

if TYPE_CHECKING:  # imported where used: `import sms_api` does not need the ~80 generated model modules
    from sms_api_client.models import DeliveryReportNotification, NCResponse

__all__ = ["PayloadDecodeError", "parse_delivery_report", "parse_number_context_result"]

_DELIVERY_REPORT = CALLBACKS["receive-delivery-report"]["request_schema"]
_NUMBER_CONTEXT_RESULT = CALLBACKS["receive-number-context-result"]["request_schema"]


class PayloadDecodeError(SmsApiError, ValueError):
    """A pushed payload cannot be read (malformed, hostile XML, wrong types or Content-Type).

    Answer the API's request with 400 when you get this.
    """


def _decode(body: bytes | str, content_type: str | None, schema: str) -> object:
    data = body.encode("utf-8") if isinstance(body, str) else body
    if not content_type:
        # A receiver may not get a Content-Type; the first byte tells JSON from XML.
        content_type = "application/xml" if data.lstrip()[:1] == b"<" else "application/json"
    try:
        value, _ = decode_body(data, content_type, schema)
    except DecodeFailure as exc:
        raise PayloadDecodeError(str(exc)) from None
    return value


def parse_delivery_report(body: bytes | str, content_type: str | None = None) -> DeliveryReportNotification:
    """A pushed delivery report (``DeliveryReportNotification``) from its JSON or XML body."""
    from sms_api_client.models import DeliveryReportNotification

    value = _decode(body, content_type, _DELIVERY_REPORT)
    assert isinstance(value, dict)
    return DeliveryReportNotification.from_dict(value)


def parse_number_context_result(body: bytes | str, content_type: str | None = None) -> NCResponse:
    """A pushed Number Context result (``NCResponse``) from its JSON or XML body."""
    from sms_api_client.models import NCResponse

    value = _decode(body, content_type, _NUMBER_CONTEXT_RESULT)
    assert isinstance(value, dict)
    return NCResponse.from_dict(value)
