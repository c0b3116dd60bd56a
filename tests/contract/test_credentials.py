"""The credentials check of the contract suite can fail: a run without credentials is all 401s and is caught.

`test_operations.py` ends with `assert_credentials_used` over everything it sent. Here the same assertion
is fed a real run whose schema carries no credentials, and must reject it; and a run with the suite's
credentials, and must accept it. Without this, a suite whose every call got 401 would pass silently
(401 is a documented answer).
"""

from __future__ import annotations

import hypothesis
import pytest
from hypothesis import strategies as st

from sms_sandbox import create_app

from . import _support

pytestmark = [pytest.mark.contract]


def _run(with_auth: bool) -> _support.Recorder:
    # The suite's mechanism: the `auth.basic` config that schemathesis applies to every case it generates.
    schema = _support.load_schema(create_app(delivery_delay=0), with_auth=with_auth)
    recorder = _support.Recorder()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12
    strategy = st.one_of([op.as_strategy() for op in operations])

    @hypothesis.settings(
        max_examples=60, derandomize=True, database=None, deadline=None, phases=[hypothesis.Phase.generate]
    )
    @hypothesis.given(strategy)
    def send(case):
        response = case.call()
        recorder.record(case.operation.label, response)

    send()
    return recorder


def test_run_without_credentials_fails_the_credentials_check():
    recorder = _run(with_auth=False)
    assert recorder.statuses, "nothing was sent"
    assert all(set(counts) == {401} for counts in recorder.statuses.values()), recorder.statuses
    with pytest.raises(AssertionError, match="credentials were not used"):
        _support.assert_credentials_used(recorder, set(recorder.statuses))


def test_run_with_the_suite_credentials_passes_it():
    recorder = _run(with_auth=True)
    _support.assert_credentials_used(recorder, set(recorder.statuses))
    assert sum(c for counts in recorder.statuses.values() for s, c in counts.items() if s == 200) > 0
