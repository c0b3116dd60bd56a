"""Every operation of the provider's 2016 Python client (infobip-api-python-client 1.1.1) the sandbox has.

Run by test_provider_client.py under Python 2.7 with the client, unmodified, on sys.path:
``python2.7 provider_client_journey.py BASE_URL``. Prints one line per operation, ``ok NAME`` or
``FAIL NAME: error``. Written in the Python both 2.7 and 3 read, so that the project's linters read it too
(hence the noqa: print_function, str.format and list concatenation are what Python 2 needs).
The client's two other operations (``/sms/1/binary/advanced``, ``/number/1/logs``) are not in the spec.
"""

# ruff: noqa: UP010, UP032, RUF005
from __future__ import print_function

import importlib
import sys
import time
import traceback

from infobip.api.model.sms.Destination import Destination
from infobip.api.model.sms.mt.send.binary.BinaryContent import BinaryContent
from infobip.api.model.sms.mt.send.binary.SMSBinaryRequest import SMSBinaryRequest
from infobip.api.model.sms.mt.send.binary.SMSMultiBinaryRequest import SMSMultiBinaryRequest
from infobip.api.model.sms.mt.send.SMSData import SMSData
from infobip.api.model.sms.mt.send.textual.SMSAdvancedTextualRequest import SMSAdvancedTextualRequest
from infobip.api.model.sms.mt.send.textual.SMSMultiTextualRequest import SMSMultiTextualRequest
from infobip.api.model.sms.mt.send.textual.SMSTextualRequest import SMSTextualRequest
from infobip.api.model.sms.nc.lookup.sync.NCRequest import NCRequest
from infobip.clients import (
    get_account_balance,
    get_received_messages,
    get_received_sms_logs,
    get_sent_sms_delivery_reports,
    get_sent_sms_logs,
    number_context_notify,
    number_context_query,
    send_multiple_binary_sms,
    send_multiple_sms_textual,
    send_multiple_textual_sms_advanced,
    send_single_binary_sms,
    send_single_textual_sms,
)
from infobip.util.configuration import Configuration

# The client's package is named `async`, a keyword since Python 3.7: imported by name, so this file parses.
NCRequestAsync = importlib.import_module(
    "infobip.api.model.sms.nc.lookup.async.NCRequestAsync"
).NCRequestAsync


def single_text(config):
    request = SMSTextualRequest()
    request.from_ = "InfoSMS"
    request.to = ["41793026727"]
    request.text = "Test SMS."
    return send_single_textual_sms(config).execute(request).messages[0].message_id


def multi_text(config):
    message = SMSData()
    message.from_ = "InfoSMS"
    message.to = ["41793026727", "41793026834"]
    message.text = "Test SMS."
    request = SMSMultiTextualRequest()
    request.messages = [message]
    return send_multiple_sms_textual(config).execute(request).bulk_id


def advanced_text(config):
    destination = Destination()
    destination.to = "41793026727"
    message = SMSData()
    message.from_ = "InfoSMS"
    message.destinations = [destination]
    message.text = "Test SMS."
    request = SMSAdvancedTextualRequest()
    request.messages = [message]
    return send_multiple_textual_sms_advanced(config).execute(request).messages[0].message_id


def binary_content():
    content = BinaryContent()
    content.hex = "54 65 73 74"
    content.data_coding = 0
    content.esm_class = 0
    return content


def single_binary(config):
    request = SMSBinaryRequest()
    request.from_ = "InfoSMS"
    request.to = ["41793026727"]
    request.binary = binary_content()
    return send_single_binary_sms(config).execute(request).messages[0].message_id


def multi_binary(config):
    message = SMSData()
    message.from_ = "InfoSMS"
    message.to = ["41793026727"]
    message.binary = binary_content()
    request = SMSMultiBinaryRequest()
    request.messages = [message]
    return send_multiple_binary_sms(config).execute(request).messages[0].message_id


def sent_logs(config):
    logs = get_sent_sms_logs(config).execute({"limit": 100}).results
    assert logs, "no logs"
    return [(log.message_id, log.sent_at, log.done_at, log.status.group_name) for log in logs]


def delivery_reports(config):
    reports = get_sent_sms_delivery_reports(config).execute({"limit": 100}).results
    assert reports, "no reports"
    return [(report.message_id, report.sent_at, report.done_at) for report in reports]


def inbox_reports(config):
    messages = get_received_messages(config).execute({"limit": 10}).results
    assert messages, "no inbound messages"
    return [(m.message_id, m.received_at, m.keyword) for m in messages]


def inbox_logs(config):
    messages = get_received_sms_logs(config).execute({"limit": 10}).results
    assert messages, "no inbound logs"
    return [(m.message_id, m.received_at) for m in messages]


def nc_query(config):
    request = NCRequest()
    request.to = ["41793026727", "41793026838"]
    return [
        (r.to, r.mcc_mnc, r.status.group_name) for r in number_context_query(config).execute(request).results
    ]


def nc_notify(config):
    request = NCRequestAsync()
    request.to = ["41793026727"]
    request.notify_url = "http://127.0.0.1:9/nc"
    return number_context_notify(config).execute(request).results[0].to


def balance(config):
    answer = get_account_balance(config).execute()
    return (answer.balance, answer.currency)


def main():
    config = Configuration("Aladdin", "open sesame", base_url=sys.argv[1] + "/restapi")
    # Logs right after sending, while the messages are still pending, then once they are final.
    first = [single_text, multi_text, advanced_text, single_binary, multi_binary, sent_logs, balance]
    then = [sent_logs, delivery_reports, inbox_reports, inbox_logs, nc_query, nc_notify]
    failed = 0
    for step in first + [None] + then:
        if step is None:
            time.sleep(1.5)  # the sandbox's delivery delay is 1 s
            continue
        name = step.__name__
        try:
            result = step(config)
            print("ok {} {!r}".format(name, result))
        except Exception:
            failed += 1
            print("FAIL {}: {}".format(name, traceback.format_exc().strip().splitlines()[-1]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
