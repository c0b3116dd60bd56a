"""A user's own test suite on the ``sms_sandbox`` fixture (installed with ``sms-api-sdk[sandbox]``).

    pytest examples/user_test_suite

The code under test is ``notify_customer``; the tests run it against a real sandbox, move the sandbox clock
and look at what the API recorded.
"""

from sms_api import SmsApi
from sms_sandbox.testing import RunningSandbox


def notify_customer(api: SmsApi, phone: str, order: str) -> str:
    """The application code: tell a customer their order shipped; returns the message ID."""
    sent = api.sms.send_text(phone, f"Your order {order} has shipped", from_="Shop")
    return sent.messages[0].message_id


def test_the_customer_gets_the_message(sms_sandbox: RunningSandbox) -> None:
    with sms_sandbox.api() as api:
        message_id = notify_customer(api, "41793026727", "A-1")
        sms_sandbox.admin.advance_clock(5)
        final = api.logs.wait_final([message_id], timeout=10, poll_interval=0.2)
    assert final[message_id].status.group_name == "DELIVERED"
    assert final[message_id].text == "Your order A-1 has shipped"


def test_an_empty_balance_rejects_the_message(sms_sandbox: RunningSandbox) -> None:
    sms_sandbox.admin.set_balance(0)
    try:
        with sms_sandbox.api() as api:
            sent = api.sms.send_text("41793026727", "No credit")
        assert sent.messages[0].status.name == "REJECTED_NOT_ENOUGH_CREDITS"
    finally:
        sms_sandbox.admin.set_balance(100)


def test_a_reply_from_the_customer_arrives_in_the_inbox(sms_sandbox: RunningSandbox) -> None:
    injected = sms_sandbox.admin.inject_inbound("41793026727", "41793026700", "STOP")
    with sms_sandbox.api() as api:
        inbox = api.inbox.pull(limit=100)
    assert injected.message_id in [message.message_id for message in inbox.results]
