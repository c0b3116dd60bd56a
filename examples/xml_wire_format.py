"""The same calls in XML: ``wire_format="xml"`` changes the wire, not the code or the models.

python examples/xml_wire_format.py
"""

from sms_api import SmsApi


def main() -> None:
    with SmsApi(wire_format="xml") as api:
        sent = api.sms.send_text(["41793026727", "41793026734"], "Hello in XML", from_="InfoSMS")
        for message in sent.messages:
            print(message.to, message.status.name)
        reports = api.reports.pull(limit=10)  # read once: a second pull does not return them again
        print("reports:", len(reports.results))
        print("balance:", api.account.balance().balance)

        # A client with other settings for a few calls, sharing the connections: JSON again.
        as_json = api.with_options(wire_format="json", timeout=10)
        logs = as_json.logs.list(message_id=[message.message_id for message in sent.messages])
        print("logs (JSON):", len(logs.results))


if __name__ == "__main__":
    main()
