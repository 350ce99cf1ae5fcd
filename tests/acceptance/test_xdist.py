"""pytest-xdist: the same results as a serial run, and every Go package built and run once."""

from __future__ import annotations

from collections import Counter

import pytest

from .helpers import (
    BASIC_COUNTS,
    BASIC_PACKAGES,
    GomodFactory,
    RunPytest,
    assert_basic_junit,
    assert_counts,
    go_invocations,
    logging_go,
)

pytest.importorskip("xdist", reason="pytest-xdist is not installed")


def test_xdist_outcomes_match_serial_run(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("basic")
    result = run_pytest("-n", "2", "-v")
    assert_counts(result, BASIC_COUNTS)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines_random(
        [
            "*PASSED calc/calc_test.go::TestTable/one_plus_one*",
            "*FAILED calc/calc_test.go::TestSubFail/bad_case*",
            "*PASSED fuzzing/reverse_test.go::FuzzReverse/seed#0*",
        ]
    )


def test_xdist_junit_one_testcase_per_go_test(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("basic")
    result = run_pytest("-n", "2", "--junitxml=junit.xml")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert_basic_junit(pytester.path / "junit.xml")


def test_xdist_runs_each_go_package_once(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("basic")
    wrapper, log = logging_go(pytester)
    result = run_pytest("-n", "2", f"--go-binary={wrapper}")
    assert_counts(result, BASIC_COUNTS)
    calls = go_invocations(log, "test")
    runs = Counter(arg for call in calls for arg in call if arg.startswith("example.com/"))
    # Every package with tests ran, and none ran in two go test invocations (a Go package is
    # one test binary: TestMain, build and run would otherwise happen once per worker).
    assert runs == Counter(dict.fromkeys(BASIC_PACKAGES.values(), 1))
