"""What issue 11 made true of the generated client under the SDK: the operation is known from the request's
tag, error statuses raise classes the generated package knows too, dates keep the seed's form in XML, and the
wheel's packages are typed."""

from __future__ import annotations

import datetime
import importlib
import typing
from pathlib import Path

import httpx
import pytest

import sms_api
from sms_api.routing import find_route, request_route
from sms_api_client.errors import UnexpectedStatus
from sms_api_client.models import SMSAdvancedTextualMessage, SMSAdvancedTextualRequest, SMSDestination
from sms_api_client.types import OPERATION_EXTENSION
from sms_api_spec import CLIENT_MODULES, OPERATIONS

from .._samples import status
from .conftest import Server, call, reply

ACCEPTED = status(7)  # PENDING_ENROUTE


class _AnyBody:
    def to_dict(self) -> dict[str, object]:
        return {}


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_every_generated_request_names_its_operation(operation_id: str) -> None:
    module = importlib.import_module(CLIENT_MODULES[operation_id])
    parameters = module._get_kwargs.__code__.co_varnames[: module._get_kwargs.__code__.co_kwonlyargcount]
    kwargs = module._get_kwargs(**({"body": _AnyBody()} if "body" in parameters else {}))
    assert kwargs["extensions"] == {OPERATION_EXTENSION: CLIENT_MODULES[operation_id]}
    assert request_route("GET", "/nothing/of/the/spec", kwargs["extensions"]).operation_id == operation_id


def test_an_untagged_request_is_routed_by_method_and_path_as_before() -> None:
    for operation_id, operation in OPERATIONS.items():
        route = request_route(operation["method"], operation["path"], {})
        assert route is not None and route == find_route(operation["method"], operation["path"])
        assert route.operation_id == operation_id
    assert request_route("GET", "/nothing/of/the/spec", {}) is None
    # A tag that names no operation (a foreign extension value) does not hide the path's operation.
    assert request_route("GET", "/restapi/account/1/balance", {OPERATION_EXTENSION: "x"}) is not None


def test_the_transport_uses_the_tag_not_the_path(mode: str) -> None:
    # The path is not the spec's (as if a proxy prefix rewrote it): only the tag can say it is a read that may
    # be retried, and that its answer is an AccountBalance.
    server = Server(reply(503), reply(200, {"balance": 1.5, "currency": "EUR"}))

    def rewrite(request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(path="/proxied/balance")
        return server(request)

    client = sms_api.connect(
        "https://api.example.test", "u", "p", transport=httpx.MockTransport(rewrite), sleep=server.sleep
    )
    module = importlib.import_module(CLIENT_MODULES["get-account-balance"])
    kwargs = module._get_kwargs()
    assert kwargs["extensions"][OPERATION_EXTENSION] == module.__name__
    balance = call(mode, "get-account-balance", client)
    assert balance.balance == 1.5 and len(server.requests) == 2


def test_sdk_status_errors_are_the_generated_clients_unexpected_status(mode: str) -> None:
    server = Server(reply(401, {"requestError": {"serviceException": {"messageId": "UNAUTHORIZED"}}}))
    with pytest.raises(UnexpectedStatus) as raised:
        call(mode, "get-account-balance", server.client())
    assert isinstance(raised.value, sms_api.AuthenticationError)
    assert raised.value.status_code == 401 and raised.value.content == raised.value.body


def test_xml_request_dates_are_written_as_the_seed_writes_them(mode: str) -> None:
    sent = {"messages": [{"to": "41793026727", "status": ACCEPTED, "smsCount": 1, "messageId": "m1"}]}
    server = Server(reply(200, sent))
    when = datetime.datetime(2015, 7, 7, 17, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    body = SMSAdvancedTextualRequest(
        messages=[SMSAdvancedTextualMessage(destinations=[SMSDestination(to="41793026727")], send_at=when)]
    )
    call(mode, "send-advanced-text-sms", server.client(wire_format="xml"), body=body)
    assert b"<sendAt>2015-07-07T17:00:00.000+01:00</sendAt>" in server.requests[0].content


@pytest.mark.parametrize(
    "package", ["sms_api", "sms_api_client", "sms_api_models", "sms_api_spec", "sms_sandbox"]
)
def test_every_shipped_package_is_marked_typed(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__file__ is not None
    assert (Path(module.__file__).parent / "py.typed").is_file()


def test_connect_wire_format_is_a_literal_type() -> None:
    # `connect(wire_format="xml")` type-checks without a cast; a str that is neither is refused at run time.
    assert typing.get_args(sms_api.WireFormat) == ("json", "xml")
    assert sms_api.connect.__annotations__["wire_format"] == "WireFormat"
    with pytest.raises(ValueError, match="wire_format"):
        sms_api.connect("https://api.example.test", "u", "p", wire_format="yaml")  # type: ignore[arg-type]
