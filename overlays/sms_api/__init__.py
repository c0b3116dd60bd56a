"""Hand-written client layer of the SMS API SDK: ``connect()`` and what goes with it.

    from sms_api import connect
    from sms_api_client.api.send_sms import send_single_text_sms
    from sms_api_client.models import SMSTextualRequest

    with connect() as client:  # SMS_API_USERNAME / SMS_API_PASSWORD from the environment
        body = SMSTextualRequest(from_="InfoSMS", to="41793026727", text="Hello")
        response = send_single_text_sms.sync(client=client, body=body)

See overlays/README.md for errors, retries, timeouts, XML and the helpers.
"""

from ._version import USER_AGENT, __version__
from .client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, SmsApiClient, connect
from .codes import ErrorInfo, StatusInfo, error_info, status_info
from .deadline import DEFAULT_TOTAL_TIMEOUT
from .errors import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    SmsApiError,
    UnexpectedStatusError,
)
from .log import logger
from .messages import assign_message_ids, is_rejected, rejected_messages
from .receivers import PayloadDecodeError, parse_delivery_report, parse_number_context_result
from .retry import RetryPolicy
from .sms_parts import SmsParts, count_sms_parts, split_sms_parts
from .transport import AsyncSmsApiTransport, SmsApiTransport, TransportSettings

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOTAL_TIMEOUT",
    "USER_AGENT",
    "ApiConnectionError",
    "ApiStatusError",
    "ApiTimeoutError",
    "AsyncSmsApiTransport",
    "AuthenticationError",
    "BadRequestError",
    "ErrorInfo",
    "NotFoundError",
    "PayloadDecodeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "RetryPolicy",
    "ServerError",
    "SmsApiClient",
    "SmsApiError",
    "SmsApiTransport",
    "SmsParts",
    "StatusInfo",
    "TransportSettings",
    "UnexpectedStatusError",
    "__version__",
    "assign_message_ids",
    "connect",
    "count_sms_parts",
    "error_info",
    "is_rejected",
    "logger",
    "parse_delivery_report",
    "parse_number_context_result",
    "rejected_messages",
    "split_sms_parts",
    "status_info",
]
