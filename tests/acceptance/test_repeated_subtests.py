"""-count and -cpu: a subtest that a later run of its parent did not start.

The ``repeatsubs`` fixture module (README.md there) runs each test twice. In ``parentfails``
the second run of a test fails before it calls ``t.Run`` for a subtest its first run passed:
go test ran that subtest once of the two times, and said FAIL; the subtest is not passed,
but not run (an error at setup, naming the test that failed first). In ``conditional`` the
second run passes or skips without the subtest: Go's choice, which it did not fail; the
subtest keeps the run it had. One inner session per way of asking for two runs, and one that
names the subtests as items of their own.
"""

from __future__ import annotations

import pytest
from junitparser import Error

from .helpers import junit_cases, junit_result, junit_status, junit_suite, sections
from .session_runs import ModuleRun, copy_module, run_inner, short_summary, summary_line

PKG = "example.com/repeatsubs"
PARENT = "parentfails/parentfails_test.go"
COND = "conditional/conditional_test.go"

EXPECTED = {
    f"{PARENT}::TestParent": ["FAILED"],
    f"{PARENT}::TestParent/sub": ["ERROR"],
    f"{PARENT}::TestNested": ["FAILED"],
    f"{PARENT}::TestNested/mid": ["FAILED"],
    f"{PARENT}::TestNested/mid/leaf": ["ERROR"],
    f"{COND}::TestOnce": ["PASSED"],
    f"{COND}::TestOnce/sub": ["PASSED"],
    f"{COND}::TestSkipsLater/sub": ["PASSED"],
}  # and TestSkipsLater skipped (-rA's summary line for a skip names no node id)
# The subtests a failed run never started, and the test that failed without starting them.
NOT_STARTED = {"TestParent/sub": "TestParent", "TestNested/mid/leaf": "TestNested/mid"}
RUNS_NOTE = "go test was to run it 2 times (-count, -cpu): run 1 passed, run 2 never started"

WAYS = {"count": "--go-flags=-count=2", "cpu": "--go-flags=-cpu=1,2"}


@pytest.fixture(scope="module")
def repeatsubs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
) -> ModuleRun:
    name = request.param
    root = copy_module("repeatsubs", tmp_path_factory.mktemp(f"repeatsubs-{name}") / "mod")
    return run_inner(root, go_env, "-v", WAYS[name])


def _ways() -> list[object]:
    return [pytest.param(name, id=name) for name in WAYS]


@pytest.mark.parametrize("repeatsubs", _ways(), indirect=True)
def test_a_subtest_a_failed_run_never_started_is_not_passed(repeatsubs: ModuleRun) -> None:
    result = repeatsubs.result
    assert repeatsubs.outcomes == EXPECTED, short_summary(result)
    found = sections(result)
    for name, culprit in NOT_STARTED.items():
        line = summary_line(result, "ERROR", f"{PARENT}::{name}")
        assert line.endswith(f" - not run: {culprit} failed in run 2 without starting it"), line
        assert RUNS_NOTE in found[f"ERROR at setup of {PKG}/parentfails.{name}"]
    result.assert_outcomes(passed=1, failed=3, skipped=1, errors=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize("repeatsubs", _ways(), indirect=True)
def test_junit_has_the_subtests_never_started_as_errors(repeatsubs: ModuleRun) -> None:
    cases = junit_cases(junit_suite(repeatsubs.junit))
    for name, culprit in NOT_STARTED.items():
        error = junit_result(cases[(f"{PKG}/parentfails", name)], Error)
        assert f"not run: {culprit} failed in run 2 without starting it" in (error.message or "")
    # A run that passed or skipped without the subtest: Go did not fail it.
    for name in ("TestOnce/sub", "TestSkipsLater/sub"):
        assert junit_status(cases[(f"{PKG}/conditional", name)]) == "passed"
    assert junit_status(cases[(f"{PKG}/conditional", "TestSkipsLater")]) == "skipped"


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    """The subtests as items of their own: go test runs ``-run '^TestParent$/^sub$'``..."""
    root = copy_module("repeatsubs", tmp_path_factory.mktemp("repeatsubs-named") / "mod")
    items = [*(f"{PARENT}::{name}" for name in NOT_STARTED), f"{COND}::TestOnce/sub"]
    return run_inner(root, go_env, WAYS["count"], *items)


def test_a_named_subtest_a_failed_run_never_started_is_not_passed(named: ModuleRun) -> None:
    result = named.result
    assert named.outcomes == {
        f"{PARENT}::TestParent/sub": ["ERROR"],
        f"{PARENT}::TestNested/mid/leaf": ["ERROR"],
        f"{COND}::TestOnce/sub": ["PASSED"],
        # The tests that failed on their own, under their own ids (no item reports them).
        f"{PARENT}::TestParent": ["FAILED"],
        f"{PARENT}::TestNested/mid": ["FAILED"],
    }, short_summary(result)
    line = summary_line(result, "ERROR", f"{PARENT}::TestParent/sub")
    assert line.endswith(" - not run: TestParent failed in run 2 without starting it"), line
    parent = summary_line(result, "FAILED", f"{PARENT}::TestParent")
    assert parent.endswith(" - parentfails_test.go:14: parent fails before its subtest (run 2)")
