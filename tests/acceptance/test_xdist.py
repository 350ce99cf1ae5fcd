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


NOTESTS = "example.com/basic/notests"  # no test files: built, as go test ./... builds it


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
    # one test binary: TestMain, build and run would otherwise happen once per worker); the
    # package without test files is built in the same invocation, as go test ./... does.
    assert runs == Counter(dict.fromkeys([*BASIC_PACKAGES.values(), NOTESTS], 1))
    # And all of them in one invocation, as go test ./... runs a module: one go test per
    # package pays the module's loading and test-cache checks once per package.
    assert len(calls) == 1, calls


def test_xdist_runs_each_module_in_one_go_test_beside_python_tests(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("multi")
    pytester.makepyfile(test_python="def test_one():\n    pass\n\ndef test_two():\n    pass\n")
    wrapper, log = logging_go(pytester)
    result = run_pytest("-n", "2", "-v", f"--go-binary={wrapper}")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines_random(
        [
            "*PASSED svc1/svc1_test.go::TestSvc1*",
            "*FAILED svc2/api/api_test.go::TestSvc2Fails*",
            "*PASSED test_python.py::test_two*",
        ]
    )
    calls = go_invocations(log, "test")
    packages = sorted(
        tuple(arg for arg in call if arg.startswith("example.com/")) for call in calls
    )
    assert packages == [("example.com/svc1",), ("example.com/svc2/api",)], calls


def test_xdist_with_a_dist_mode_of_the_users_choice(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    # --dist=loadfile sends a file's tests to a worker: the plugin's scheduler stands aside
    # and each worker starts a package as its first item arrives.
    gomod("basic")
    wrapper, log = logging_go(pytester)
    result = run_pytest("-n", "2", "--dist=loadfile", f"--go-binary={wrapper}")
    assert_counts(result, BASIC_COUNTS)
    calls = go_invocations(log, "test")
    runs = Counter(arg for call in calls for arg in call if arg.startswith("example.com/"))
    # The controller builds the package without test files (a worker runs a package here).
    assert set(runs) == {*BASIC_PACKAGES.values(), NOTESTS}, calls
    assert len(calls) > 1, calls
