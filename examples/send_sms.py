"""Send one SMS and one to several numbers, then read the logs and the balance.

    SMS_API_BASE_URL=http://127.0.0.1:8080 SMS_API_USERNAME=Aladdin SMS_API_PASSWORD='open sesame' \\
        python examples/send_sms.py
"""

from sms_api import SmsApi, rejected_messages


def main() -> None:
    with SmsApi() as api:  # SMS_API_BASE_URL, SMS_API_USERNAME, SMS_API_PASSWORD
        one = api.sms.send_text("41793026727", "Hello from the SDK", from_="InfoSMS")
        print("sent", one.messages[0].message_id, one.messages[0].status.name)

        several = api.sms.send_text(["41793026727", "41793026731", "not-a-number"], "Hello, all")
        for message in several.messages:
            print(message.to, message.status.group_name, message.message_id)
        for message in rejected_messages(several):
            print("rejected:", message.to, message.status.description)

        logs = api.logs.list(message_id=[message.message_id for message in several.messages])
        print("logged", len(logs.results), "messages")

        balance = api.account.balance()
        print("balance", balance.balance, balance.currency)


if __name__ == "__main__":
    main()
