"""TestMain that fails, forgets m.Run, exits early or late; init/TestMain output in reports;
framing forged by init or TestMain (docs/internals/go-test-json.md). Fixture module
``testmain``: its README.md lists what Go reports for each package. One inner session for the
whole module."""

from __future__ import annotations

import pytest
from junitparser import Error

from .helpers import junit_cases, junit_result, junit_suite, sections
from .session_runs import (
    ModuleRun,
    copy_module,
    run_inner,
    short_summary,
    summary_line,
    warnings_summary,
)

PKG = "example.com/testmain"

EXPECTED = {
    "setupfail/setupfail_test.go::TestA": ["ERROR"],
    "setupfail/setupfail_test.go::TestB": ["ERROR"],
    "norun/norun_test.go::TestA": ["ERROR"],
    "norun/norun_test.go::TestB": ["ERROR"],
    "exit0before/exit0before_test.go::TestA": ["ERROR"],
    "exit0before/exit0before_test.go::TestB": ["ERROR"],
    "exitafter/exitafter_test.go::TestA": ["PASSED"],
    # The package's last test: passed, then the error at its teardown.
    "exitafter/exitafter_test.go::TestB": ["PASSED", "ERROR"],
    "initout/initout_test.go::TestPasses": ["PASSED"],
    "initout/initout_test.go::TestFails": ["FAILED"],
    "panicbefore/panicbefore_test.go::TestA": ["ERROR"],
    "initpanic/initpanic_test.go::TestA": ["ERROR"],
    "spoofnorun/spoofnorun_test.go::TestVictim": ["ERROR"],
    "spoofexit0/spoofexit0_test.go::TestVictim": ["ERROR"],
    "spoofghost/spoofghost_test.go::TestReal": ["PASSED"],
    # m.Run twice: the first round's failure counts, though the second passed and go says ok.
    "tworounds/tworounds_test.go::TestFlaky": ["FAILED"],
    "tworounds/tworounds_test.go::TestStable": ["PASSED"],
}

# Packages whose tests Go never ran although it said `ok` (or forged a result).
NEVER_RAN = {
    "norun": ["TestA", "TestB"],
    "exit0before": ["TestA", "TestB"],
    "spoofnorun": ["TestVictim"],
    "spoofexit0": ["TestVictim"],
}


@pytest.fixture(scope="module")
def testmain(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("testmain", tmp_path_factory.mktemp("testmain") / "mod")
    return run_inner(root, go_env)


def _plain(text: str) -> None:
    assert "Traceback" not in text
    assert "pytest_gotest" not in text
    assert "INTERNALERROR" not in text


def test_every_test_has_the_truthful_outcome(testmain: ModuleRun) -> None:
    result = testmain.result
    assert testmain.outcomes == EXPECTED, short_summary(result)
    result.assert_outcomes(passed=5, failed=2, errors=11)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    _plain(result.stdout.str() + result.stderr.str())


def test_testmain_failing_before_m_run_errors_every_test_at_setup(testmain: ModuleRun) -> None:
    found = sections(testmain.result)
    for name in ("TestA", "TestB"):
        error = found[f"ERROR at setup of {PKG}/setupfail.{name}"]
        # TestMain's own output, stdout and stderr both, once per package run (as go test
        # prints it): with the first test; the next says the reason in its headline.
        assert ("setupfail: connecting to the database" in error) == (name == "TestA")
        assert "setupfail: database unreachable, giving up" in error
        _plain(error)
        # The summary names the reason, TestMain's last line, not its progress before it.
        line = summary_line(testmain.result, "ERROR", f"setupfail/setupfail_test.go::{name}")
        assert line.endswith("setupfail: database unreachable, giving up"), line


def test_testmain_panic_before_m_run_errors_at_setup(testmain: ModuleRun) -> None:
    error = sections(testmain.result)[f"ERROR at setup of {PKG}/panicbefore.TestA"]
    assert "panic: panicbefore: fixture setup exploded" in error
    _plain(error)
    # Where it died, from Go's trace: the summary line points at the line to look at.
    line = summary_line(testmain.result, "ERROR", "panicbefore/panicbefore_test.go::TestA")
    assert "(in TestMain at panicbefore_test.go:6)" in line, line


def test_init_panic_says_which_init_and_where(testmain: ModuleRun) -> None:
    error = sections(testmain.result)[f"ERROR at setup of {PKG}/initpanic.TestA"]
    assert error.startswith(
        f"not run: package {PKG}/initpanic failed before running any test "
        "(in init at initpanic_test.go:16): panic: initpanic: alpha registered twice\n"
    ), error
    _plain(error)


@pytest.mark.parametrize("package", sorted(NEVER_RAN))
def test_tests_go_never_ran_error_as_not_run_even_when_go_says_ok(
    testmain: ModuleRun, package: str
) -> None:
    found = sections(testmain.result)
    for name in NEVER_RAN[package]:
        nodeid = f"{package}/{package}_test.go::{name}"
        assert "not run" in summary_line(testmain.result, "ERROR", nodeid)
        error = found[f"ERROR at setup of {PKG}/{package}.{name}"]
        assert "not run" in error
        _plain(error)
        # Never reported as passed or failed: Go did not run it, whatever was printed.
        assert f"PASSED {nodeid}" not in testmain.result.stdout.str()
        assert f"FAILED {nodeid}" not in testmain.result.stdout.str()


def test_testmain_output_explains_the_tests_that_never_ran(testmain: ModuleRun) -> None:
    found = sections(testmain.result)
    assert "norun: TestMain forgot m.Run" in found[f"ERROR at setup of {PKG}/norun.TestA"]
    assert "exit0before: leaving early" in found[f"ERROR at setup of {PKG}/exit0before.TestA"]


def test_non_zero_exit_after_all_passed_errors_at_teardown_of_the_last_test(
    testmain: ModuleRun,
) -> None:
    found = sections(testmain.result)
    error = found[f"ERROR at teardown of {PKG}/exitafter.TestB"]
    assert "exitafter: teardown could not remove the scratch database" in error
    _plain(error)
    assert f"ERROR at teardown of {PKG}/exitafter.TestA" not in found
    assert f"ERROR at setup of {PKG}/exitafter.TestB" not in found


def test_init_and_testmain_output_shown_with_a_failing_test(testmain: ModuleRun) -> None:
    failure = sections(testmain.result)[f"{PKG}/initout.TestFails"]
    assert "initout_test.go:19: initout failure" in failure
    for line in (
        "initout: init says hello",
        "initout: TestMain setup done",
        "initout: TestMain teardown done",
    ):
        assert line in failure


def test_forged_reports_for_tests_not_collected_are_warnings(testmain: ModuleRun) -> None:
    result = testmain.result
    text = result.stdout.str()
    assert "spoofghost_test.go::TestNotCollected" not in text
    assert "spoofghost_test.go::TestGhostFails" not in text
    warnings = warnings_summary(result)
    assert "TestNotCollected" in warnings, short_summary(result)
    # A forged failure is not dropped silently either.
    assert "TestGhostFails" in warnings, short_summary(result)
    assert "the real test ran" in sections(result)[f"{PKG}/spoofghost.TestReal"]


def test_junit_errors_for_testmain_failures(testmain: ModuleRun) -> None:
    cases = junit_cases(junit_suite(testmain.junit))
    assert len(cases) == len(EXPECTED)
    setup = junit_result(cases[(f"{PKG}/setupfail", "TestA")], Error)
    assert "setupfail: database unreachable, giving up" in (setup.text or "")
    for package, names in NEVER_RAN.items():
        for name in names:
            error = junit_result(cases[(f"{PKG}/{package}", name)], Error)
            assert "not run" in (error.message or "")
    teardown = junit_result(cases[(f"{PKG}/exitafter", "TestB")], Error)
    assert "exitafter: teardown could not remove the scratch database" in (teardown.text or "")


def test_a_testmain_running_the_tests_twice_keeps_the_first_rounds_failure(
    testmain: ModuleRun,
) -> None:
    """Both rounds of m.Run are real runs: the first round's failure is the test's (go says
    ok, from the second round's exit code), not framing forged before m.Run."""
    line = summary_line(testmain.result, "FAILED", "tworounds/tworounds_test.go::TestFlaky")
    assert "tworounds: fails in the first round" in line, line
    assert "tworounds" not in warnings_summary(testmain.result)
