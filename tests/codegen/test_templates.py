"""What our openapi-python-client templates (codegen/templates/sms_api_client/) make true of the client."""

from __future__ import annotations

import copy
import importlib
import inspect
import pickle
import re
import typing

import pytest

import sms_api_client
import sms_api_client.models as models
from sms_api_client.types import UNSET, Response, Unset
from sms_api_spec import CLIENT_MODULES, OPERATIONS

ARG_LINE = re.compile(r"^ {8}(\w+) \(([^)]*)\):(.*)$")


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_operations_return_the_model_never_none_or_an_error_body(operation_id: str) -> None:
    module = importlib.import_module(CLIENT_MODULES[operation_id])
    model = getattr(models, OPERATIONS[operation_id]["response_schema"])
    hints = {name: typing.get_type_hints(getattr(module, name)) for name in ("sync", "sync_detailed")}
    assert hints["sync"]["return"] is model
    assert hints["sync_detailed"]["return"] == Response[model]
    for name in ("asyncio", "asyncio_detailed"):
        assert inspect.iscoroutinefunction(getattr(module, name))
    parsed = typing.get_type_hints(Response)["parsed"]
    assert isinstance(parsed, typing.TypeVar)  # `parsed: T`, not `T | None`


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_help_shows_every_argument_and_the_errors_really_raised(operation_id: str) -> None:
    module = importlib.import_module(CLIENT_MODULES[operation_id])
    for name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        doc = getattr(module, name).__doc__
        assert doc is not None
        args = doc.split("Args:")[1].split("Raises:")[0] if "Args:" in doc else ""
        documented = {m.group(1): m.group(3).strip() for m in map(ARG_LINE.match, args.splitlines()) if m}
        parameters = set(inspect.signature(getattr(module, name)).parameters) - {"client"}
        assert set(documented) == parameters
        assert all(documented.values()), documented
        for error in ("ApiStatusError", "ApiConnectionError", "ApiTimeoutError", "ResponseDecodeError"):
            assert f"sms_api.{error}:" in doc
        assert "raise_on_unexpected_status" not in doc and "httpx.TimeoutException: If" not in doc
        assert "ApiError" not in doc.replace("sms_api.ApiStatusError", "")


def test_unset_reads_as_unset_and_stays_one_object() -> None:
    assert repr(UNSET) == str(UNSET) == "UNSET" and not UNSET
    assert (
        copy.copy(UNSET) is UNSET
        and copy.deepcopy(UNSET) is UNSET
        and pickle.loads(pickle.dumps(UNSET)) is UNSET
    )
    assert isinstance(UNSET, Unset)
    report = models.NCResponseAsyncDetails.from_dict(
        {
            "to": "1",
            "status": {
                "groupId": 1,
                "groupName": "PENDING",
                "id": 7,
                "name": "PENDING_ENROUTE",
                "description": "x",
            },
        }
    )
    assert "message_id=UNSET" in repr(report) and "object at 0x" not in repr(report)


def test_the_package_exports_no_client_and_says_what_to_use() -> None:
    assert not hasattr(sms_api_client, "AuthenticatedClient") and not hasattr(sms_api_client, "Client")
    assert "sms_api.connect()" in (sms_api_client.__doc__ or "")


def test_request_enums_are_the_documentations_strings() -> None:
    message = models.SMSAdvancedTextualMessage(destinations=[], notify_content_type="application/json")
    assert message.to_dict()["notifyContentType"] == "application/json"
    assert typing.get_args(models.GeneralStatus) == (
        "ACCEPTED",
        "DELIVERED",
        "EXPIRED",
        "PENDING",
        "REJECTED",
        "UNDELIVERABLE",
    )
