"""pytest-xdist: the same results as a serial run, and every Go package built and run once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

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
from .session_runs import run_inner, short_summary

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


@pytest.mark.parametrize("with_go", [False, True], ids=["python-only", "with-go"])
def test_a_crashed_worker_is_replaced_and_the_run_ends(
    tmp_path: Path, go_env: dict[str, str], with_go: bool
) -> None:
    # The plugin's scheduler replaces xdist's default "load" in every -n run. xdist 3.8's
    # loadscope, which it builds on, hung for good once a worker crashed: the replacement
    # got scopes already run (no test) or one test and no next one, and waited.
    root = tmp_path / "mod"
    root.mkdir()
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    mark = tmp_path / "crashed"
    (root / "test_crash.py").write_text(
        "import os, time\n\n"
        "def test_zz_crash():\n"
        "    time.sleep(1)\n"
        f"    if not os.path.exists({str(mark)!r}):\n"
        f"        open({str(mark)!r}, 'w').close()\n"
        "        os._exit(3)\n\n"
        "def test_after():\n    pass\n",
        encoding="utf-8",
    )
    for name in "abcd":
        (root / f"test_{name}.py").write_text(
            "".join(f"def test_{i}():\n    pass\n\n" for i in range(3)), encoding="utf-8"
        )
    if with_go:
        (root / "go.mod").write_text("module example.com/crash\n\ngo 1.22\n", encoding="utf-8")
        (root / "a_test.go").write_text(
            'package crash\n\nimport "testing"\n\nfunc TestA(t *testing.T) {}\n', encoding="utf-8"
        )
    run = run_inner(root, go_env, "-n", "2", "-p", "no:randomly", timeout=120)
    assert run.outcomes["test_crash.py::test_zz_crash"] == ["FAILED"], short_summary(run.result)
    expected = 1 + 12 + (1 if with_go else 0)
    passed = sum(1 for words in run.outcomes.values() if words == ["PASSED"])
    assert passed == expected, short_summary(run.result)
    assert "crashed while running 'test_crash.py::test_zz_crash'" in run.result.stdout.str()
