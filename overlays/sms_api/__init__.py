"""Hand-written client layer of the SMS API SDK: ``SmsApi``, ``connect()`` and what goes with them.

    from sms_api import SmsApi

    with SmsApi() as api:  # SMS_API_USERNAME / SMS_API_PASSWORD from the environment
        sent = api.sms.send_text("41793026727", "Hello", from_="InfoSMS")

Errors derive from ``SmsApiError`` (``sms_api.errors``); reads are retried and sends are not unless that is
provably safe (``sms_api.retry``); timeouts default to ``DEFAULT_TIMEOUT``; ``connect(wire_format="xml")``
speaks XML; helpers: ``status_info``, ``error_info``, ``count_sms_parts``, ``rejected_messages``,
``assign_message_ids``, ``parse_delivery_report``. Each is documented in its own docstring (``help()``).
"""

from typing import TYPE_CHECKING

from ._version import USER_AGENT, __version__
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

if TYPE_CHECKING:
    from .api import AsyncSmsApi, SmsApi
    from .bulk import BatchError, BulkMessageResult, BulkProgress, BulkSendResult
    from .client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, SmsApiClient, connect
    from .codes import ErrorInfo, StatusInfo, error_info, is_final, status_info
    from .deadline import DEFAULT_TOTAL_TIMEOUT
    from .log import logger
    from .messages import assign_message_ids, is_rejected, rejected_messages
    from .receivers import PayloadDecodeError, parse_delivery_report, parse_number_context_result
    from .retry import RetryPolicy
    from .sms_parts import SmsParts, count_sms_parts, split_sms_parts
    from .transport import AsyncSmsApiTransport, SmsApiTransport, TransportSettings, WireFormat
    from .workflows import WaitTimeoutError

# Every other name is imported from its module on first use: `import sms_api` loads the version and the
# exceptions (and httpx, which they subclass), `from sms_api import connect` the client's modules too (attrs,
# the spec's tables), never the resource client, the receivers or the XML codec unless they are asked for.
_EXPORTS = {
    "api": ("AsyncSmsApi", "SmsApi"),
    "client": ("DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "SmsApiClient", "connect"),
    "codes": ("ErrorInfo", "StatusInfo", "error_info", "is_final", "status_info"),
    "deadline": ("DEFAULT_TOTAL_TIMEOUT",),
    "log": ("logger",),
    "messages": ("assign_message_ids", "is_rejected", "rejected_messages"),
    "receivers": ("PayloadDecodeError", "parse_delivery_report", "parse_number_context_result"),
    "retry": ("RetryPolicy",),
    "sms_parts": ("SmsParts", "count_sms_parts", "split_sms_parts"),
    "transport": ("AsyncSmsApiTransport", "SmsApiTransport", "TransportSettings", "WireFormat"),
    "bulk": ("BatchError", "BulkMessageResult", "BulkProgress", "BulkSendResult"),
    "workflows": ("WaitTimeoutError",),
}
_LAZY = {name: f".{module}" for module, names in _EXPORTS.items() for name in names}

if not TYPE_CHECKING:  # type checkers read the imports above (sms_api.lazy_names says why)
    from .lazy_names import lazy_names

    # The submodules too, as `import sms_api` gave them when it imported them all.
    __getattr__, __dir__ = lazy_names(globals(), _LAZY, submodules=True)


__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOTAL_TIMEOUT",
    "USER_AGENT",
    "ApiConnectionError",
    "ApiStatusError",
    "ApiTimeoutError",
    "AsyncSmsApi",
    "AsyncSmsApiTransport",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "BulkMessageResult",
    "BulkProgress",
    "BulkSendResult",
    "ErrorInfo",
    "NotFoundError",
    "PayloadDecodeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "RetryPolicy",
    "ServerError",
    "SmsApi",
    "SmsApiClient",
    "SmsApiError",
    "SmsApiTransport",
    "SmsParts",
    "StatusInfo",
    "TransportSettings",
    "UnexpectedStatusError",
    "WaitTimeoutError",
    "WireFormat",
    "__version__",
    "assign_message_ids",
    "connect",
    "count_sms_parts",
    "error_info",
    "is_final",
    "is_rejected",
    "logger",
    "parse_delivery_report",
    "parse_number_context_result",
    "rejected_messages",
    "split_sms_parts",
    "status_info",
]
