"""(6) What the resource client costs on top of the generated function it calls: client CPU per call.

Both run on the same ``connect(...)`` client over an ``httpx.MockTransport`` serving a prebuilt answer, so the
numbers are the client's own CPU (``time.process_time``): building the request model, the generated
function, the overlay transport, parsing the answer. The resource method adds its own frame and argument
conversion, nothing else.
"""

from __future__ import annotations

import json
import time

import httpx

import sms_api
from sms_api_client.api.reports_and_logs import get_sent_sms_logs
from sms_api_client.api.send_sms import send_single_text_sms
from sms_api_client.models import SMSTextualRequest
from tests._samples import status

from .harness import Result, interleaved, paired, per_call

SENT = json.dumps(
    {
        "messages": [
            {
                "to": "41793026727",
                "status": status(0),
                "smsCount": 1,
                "messageId": "2250be2d4219-3af1-78856-aabe-1362af1edfd2",
            }
        ]
    }
).encode()
LOGS = json.dumps({"results": []}).encode()


def _client() -> sms_api.SmsApiClient:
    def handler(request: httpx.Request) -> httpx.Response:
        content = LOGS if request.method == "GET" else SENT
        return httpx.Response(200, headers={"Content-Type": "application/json"}, content=content)

    return sms_api.connect("http://127.0.0.1", "bench", "bench", transport=httpx.MockTransport(handler))


def run(*, calls: int, reps: int) -> list[Result]:
    client = _client()
    api = sms_api.SmsApi(client=client)

    def resource_send() -> object:
        return api.sms.send_text("41793026727", "Hi", from_="InfoSMS")

    def generated_send() -> object:
        body = SMSTextualRequest(to="41793026727", text="Hi", from_="InfoSMS")
        return send_single_text_sms.sync(client=client, body=body)

    def resource_logs() -> object:
        return api.logs.list(bulk_id="b1", message_id=["m1", "m2"], limit=10)

    def generated_logs() -> object:
        return get_sent_sms_logs.sync(client=client, bulk_id=["b1"], message_id=["m1", "m2"], limit=10)

    results = []
    for row, name, baseline, a, b in (
        (
            "6a",
            "api.sms.send_text (resource client), client CPU",
            "send_single_text_sms.sync",
            resource_send,
            generated_send,
        ),
        (
            "6b",
            "api.logs.list with filters, client CPU",
            "get_sent_sms_logs.sync",
            resource_logs,
            generated_logs,
        ),
    ):
        cpu_a = per_call(a, calls, clock=time.process_time)
        cpu_b = per_call(b, calls, clock=time.process_time)
        results.append(
            paired(
                row,
                name,
                interleaved(cpu_a, cpu_b, reps=reps),
                keys=("resource_s", "generated_s"),
                baseline_name=baseline,
                target=1.03,
                note=f"{calls} calls per block, {reps} ABBA block pairs, MockTransport (no network)",
                unit="us/call",
                scale=1e6,
            )
        )
    client.close()
    return results
