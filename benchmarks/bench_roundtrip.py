"""(1) One send-single-text-sms round trip on a kept-alive connection: SDK vs raw httpx, in JSON and XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import httpx

import sms_api
from sms_api_client.api.send_sms import send_single_text_sms
from sms_api_client.models import SMSResponse, SMSTextualRequest

from .harness import Result, interleaved, paired, per_call
from .server import PASSWORD, USERNAME

PATH = "/restapi/sms/1/text/single"
MESSAGE = {"from": "InfoSMS", "to": "41793026727", "text": "Hello from the benchmark"}


def _raw_json(client: httpx.Client) -> dict[str, Any]:
    response = client.post(
        PATH,
        content=json.dumps(MESSAGE).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    response.raise_for_status()
    value: dict[str, Any] = json.loads(response.content)
    return value


def _raw_xml(client: httpx.Client) -> dict[str, Any]:
    # What a careful hand-written caller does with the standard library's ElementTree (the library the
    # overlay's codec uses): build the request element by element, parse the answer into a dict.
    root = ET.Element("SMSTextualRequest")
    for key, value in MESSAGE.items():
        ET.SubElement(root, key).text = value
    response = client.post(
        PATH,
        content=ET.tostring(root, encoding="utf-8"),
        headers={"Content-Type": "application/xml", "Accept": "application/xml"},
    )
    response.raise_for_status()
    tree = ET.fromstring(response.content)
    messages = []
    for item in tree.iter("messages"):
        if item.find("messageId") is None:
            continue  # the wrapper element
        status = item.find("status")
        messages.append(
            {
                "to": item.findtext("to"),
                "messageId": item.findtext("messageId"),
                "smsCount": int(item.findtext("smsCount") or 0),
                "status": {child.tag: child.text for child in status} if status is not None else None,
            }
        )
    return {"messages": messages}


def run(base_url: str, *, calls: int, reps: int) -> list[Result]:
    results = []
    body = SMSTextualRequest(from_=MESSAGE["from"], to=MESSAGE["to"], text=MESSAGE["text"])
    for fmt, rid in (("json", "1a"), ("xml", "1b")):
        sdk = sms_api.connect(base_url, USERNAME, PASSWORD, wire_format=fmt)  # type: ignore[arg-type]
        raw = httpx.Client(base_url=base_url, auth=httpx.BasicAuth(USERNAME, PASSWORD))
        raw_call = _raw_json if fmt == "json" else _raw_xml
        with sdk, raw:
            sdk_answer = send_single_text_sms.sync(client=sdk, body=body)
            assert isinstance(sdk_answer, SMSResponse), sdk_answer
            assert raw_call(raw)["messages"][0]["messageId"]

            def sdk_send(sdk: sms_api.SmsApiClient = sdk) -> None:
                send_single_text_sms.sync(client=sdk, body=body)

            def raw_send(raw: httpx.Client = raw, raw_call: Any = raw_call) -> None:
                raw_call(raw)

            measured = interleaved(per_call(sdk_send, calls), per_call(raw_send, calls), reps=reps)
        results.append(
            paired(
                rid,
                f"send round trip, {fmt.upper()} (kept-alive, sandbox)",
                measured,
                keys=("sdk_s", "raw_s"),
                baseline_name="raw httpx+json" if fmt == "json" else "raw httpx+ElementTree",
                target=1.15,
                note=f"{reps} interleaved pairs of {calls}-call blocks; ratio = median of per-pair ratios",
            )
        )
    return results
