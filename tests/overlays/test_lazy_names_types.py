"""The names ``sms_api`` and ``sms_api_client.models`` load on first use stay exact for type checkers and
for ``typing.get_type_hints``.

Their module ``__getattr__`` is hidden from type checkers (to them it would mean "any name exists", so a
misspelt import would pass), and the resource methods name their models through the models package, so
their annotations evaluate at run time.
"""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import pytest
from mypy import api

import sms_api_resources

USER_CODE = """\
from sms_api import SmsApi, conect
from sms_api_client.models import SMSRespons, SMSResponse

reveal_type(SmsApi)
reveal_type(SMSResponse)
"""


def test_a_misspelt_lazy_name_is_an_error_and_real_names_keep_their_types(tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(USER_CODE, encoding="utf-8")
    # A cache of its own, so that it never races a `make lint` writing the project's.
    out, err, _ = api.run(["--strict", "--no-pretty", "--cache-dir", str(tmp_path / "mypy-cache"), str(user)])
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert any('"sms_api" has no attribute "conect"' in line for line in errors), out + err
    assert any('"sms_api_client.models" has no attribute "SMSRespons"' in line for line in errors), out
    assert len(errors) == 2, out
    assert 'Revealed type is "def (' in out and "sms_api.api.SmsApi" in out, out
    assert 'Revealed type is "def (' in out and "sms_api_client.models.sms_response.SMSResponse" in out, out


RESOURCE_METHODS = [
    (cls, name, member)
    for cls in (getattr(sms_api_resources, n) for n in sms_api_resources.__all__)
    for name, member in vars(cls).items()
    if inspect.isfunction(member) and not name.startswith("_")
]


@pytest.mark.parametrize(
    ("cls", "name", "method"), RESOURCE_METHODS, ids=[f"{c.__name__}.{n}" for c, n, _ in RESOURCE_METHODS]
)
def test_every_resource_methods_annotations_evaluate_at_run_time(
    cls: type, name: str, method: object
) -> None:
    hints = typing.get_type_hints(method)
    assert "return" in hints and hints["return"] is not type(None)
    assert set(hints) - {"return"} == set(inspect.signature(method).parameters) - {"self"}


def test_submodules_are_attributes_of_the_package_as_before() -> None:
    import sms_api

    assert sms_api.retry.RetryPolicy is sms_api.RetryPolicy  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="no attribute 'conect'"):
        sms_api.conect  # type: ignore[attr-defined]  # noqa: B018
