"""pytest-split's durations file corrected with Go's times (plugin/split.py); the real runs:
tests/acceptance/test_split.py."""

from __future__ import annotations

import pytest

from pytest_gotest.plugin.reporting import GoSubtestReport
from pytest_gotest.plugin.split import corrected_durations, go_times

MOVE = "big/big_test.go::TestMove"


def _report(nodeid: str, when: str, duration: float, go: bool = True) -> pytest.TestReport:
    report = pytest.TestReport(nodeid, ("x", 0, "x"), {}, "passed", None, when, [], duration)  # type: ignore[arg-type]
    if go:
        report.go_test_name = nodeid.split("::")[1]  # type: ignore[attr-defined]
    return report


def _subtest(nodeid: str, duration: float) -> GoSubtestReport:
    return GoSubtestReport(
        nodeid, ("x", 0, "x"), {}, "passed", None, "call", (), duration, "m/big", "TestMove/up"
    )


def test_go_times_take_the_call_reports_go_time_and_skip_subtests_and_python() -> None:
    reports = [
        _report(MOVE, "setup", 0.0),
        _subtest(MOVE + "/up", 0.04),
        _report(MOVE, "call", 0.16),
        _report(MOVE, "teardown", 0.002),
        _report("b_test.go::TestBroken", "setup", 0.0),  # a build failure: no call report
        _report("test_x.py::test_x", "call", 0.5, go=False),
        _report("c_test.go::TestFlaky", "call", 0.3),
        _report("c_test.go::TestFlaky", "call", 0.1),  # a rerun: the last run's time
    ]
    assert go_times(reports) == {
        MOVE: 0.16,
        "b_test.go::TestBroken": None,
        "c_test.go::TestFlaky": 0.1,
    }


def test_corrected_durations_keep_one_entry_per_test_with_gos_time() -> None:
    written = {
        MOVE: 0.162,  # pytest-split's sum: Go's 0.16 plus the teardown's wall time
        MOVE + "/up": 0.04,
        MOVE + "/up/deeper": 0.01,
        "big/big_test.go::TestMoveFast": 0.2,  # another test whose name only starts the same
        "b_test.go::TestBroken": 0.001,
        "test_x.py::test_x": 0.5,
        "old_test.go::TestGone/sub": 0.3,  # not reported in this session: pytest-split's own
    }
    before = {"b_test.go::TestBroken": 2.5}
    go_items = {MOVE: 0.16, "b_test.go::TestBroken": None, "big/big_test.go::TestMoveFast": 0.19}
    assert corrected_durations(written, before, go_items) == {
        MOVE: 0.16,
        "big/big_test.go::TestMoveFast": 0.19,
        "b_test.go::TestBroken": 2.5,  # Go did not run it: the time stored before
        "test_x.py::test_x": 0.5,
        "old_test.go::TestGone/sub": 0.3,
    }
    # Never timed before, never run by Go: 0.0, not the time of waiting for a build.
    assert corrected_durations(written, {}, go_items)["b_test.go::TestBroken"] == 0.0


def test_a_subtest_collected_by_id_keeps_its_own_entry() -> None:
    sub = MOVE + "/up"
    assert corrected_durations({sub: 0.041}, {}, {sub: 0.04, MOVE: 0.16}) == {
        sub: 0.04,
        MOVE: 0.16,
    }
