"""Receive pushed delivery reports: a WSGI app from sms_api.receivers on the standard library's server.

    python examples/webhook_receiver.py

Starts the receiver on a free local port, sends an advanced message whose ``notifyUrl`` is that receiver, and
prints the delivery report the API pushes. In production run ``wsgi_app`` (or ``asgi_app``) under your WSGI
(ASGI) server at a public https:// URL; the API pushes again when your handler raises.
"""

import queue
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

from sms_api import SmsApi
from sms_api.receivers import wsgi_app
from sms_api_client.models import DeliveryReportNotification, SMSAdvancedTextualMessage, SMSDestination


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    reports: queue.Queue[DeliveryReportNotification] = queue.Queue()
    server = make_server("127.0.0.1", 0, wsgi_app(on_delivery_report=reports.put), handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    notify_url = f"http://127.0.0.1:{server.server_port}/delivery-reports"
    try:
        with SmsApi() as api:
            message = SMSAdvancedTextualMessage(
                destinations=[SMSDestination(to="41793026727")],
                text="Tell me when it arrives",
                notify_url=notify_url,
                notify_content_type="application/json",
                callback_data="order-1234",
            )
            sent = api.sms.send_advanced([message])
            print("sent", sent.messages[0].message_id, "reports go to", notify_url)
        report = reports.get(timeout=30)
        for result in report.results:
            print("pushed:", result.message_id, result.status.name, result.callback_data)
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
