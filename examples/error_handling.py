"""What goes wrong and how it shows: wrong credentials, an unreachable server, rejected messages, a timeout.

python examples/error_handling.py
"""

import os

from sms_api import (
    ApiConnectionError,
    ApiStatusError,
    AuthenticationError,
    SmsApi,
    WaitTimeoutError,
    is_final,
    rejected_messages,
)


def main() -> None:
    base_url = os.environ.get("SMS_API_BASE_URL", "http://127.0.0.1:8080")

    with SmsApi(base_url, "Aladdin", "not the password") as api:
        try:
            api.account.balance()
        except AuthenticationError as exc:
            print("401:", exc.status_code, exc.text)

    with SmsApi("http://127.0.0.1:9", "Aladdin", "open sesame", max_retries=0, timeout=2) as api:
        try:
            api.account.balance()
        except ApiConnectionError as exc:
            print("no server:", type(exc).__name__, "sent:", exc.sent)

    with SmsApi() as api:
        try:
            sent = api.sms.send_text(["41793026727", "12"], "Hi")
        except ApiStatusError as exc:  # any other non-success status
            print("failed:", exc.status_code, exc.text)
            raise
        # A refused destination or sender is not an exception: the message has a REJECTED status.
        for message in rejected_messages(sent):
            print("rejected:", message.to, message.status.name, "final:", is_final(message.status))

        pending = api.sms.send_text("41793026729", "This one stays pending in the sandbox")
        try:
            api.logs.wait_final([pending.messages[0].message_id], timeout=1.5, poll_interval=0.5)
        except WaitTimeoutError as exc:
            print("not final yet:", list(exc.pending))


if __name__ == "__main__":
    main()
