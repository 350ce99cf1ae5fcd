"""Running the real fixture modules: outcomes, subtests, failure text, errors for tests that
never ran, selection, usage errors, -x and exit codes."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from .helpers import (
    BASIC_COUNTS,
    GomodFactory,
    RunPytest,
    assert_counts,
    processes_under,
    sections,
)
from .session_runs import inner_go_minor


def test_basic_outcomes_count_subtests(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("basic")
    result = run_pytest("-v", "-rs")
    # 19 top-level Go tests plus 19 subtests, each its own report (README.md of basic);
    # passing subtests are counted apart, as pytest 9 counts its own subtests.
    assert_counts(result, BASIC_COUNTS)
    assert BASIC_COUNTS == {"passed": 15, "subtests passed": 18, "failed": 4, "skipped": 1}
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines_random(
        [
            "calc/calc_test.go::TestTable/one_plus_one PASSED*",
            "calc/calc_test.go::TestNames/x/y PASSED*",
            "calc/calc_test.go::TestNames/nested/deep PASSED*",
            "calc/calc_test.go::TestSubFail/good PASSED*",
            "calc/calc_test.go::TestSubFail/bad_case FAILED*",
            "calc/calc_test.go::TestSubFail FAILED*",
            "calc/calc_test.go::TestSkipped SKIPPED*",
            "fuzzing/reverse_test.go::FuzzReverse/seed#3 PASSED*",
            "calc/calc_ext_test.go::ExampleSub_unordered PASSED*",
            "cgopkg/cgo_test.go::TestCgo PASSED*",
            "withmain/main_test.go::TestTwo PASSED*",
            "SKIPPED [[]1[]] *needs a database*",
        ]
    )


def test_skip_location_is_the_go_test(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("basic")
    result = run_pytest("calc/calc_test.go::TestSkipped", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED [[]1[]] calc/calc_test.go:*needs a database"])
    assert "pytest_gotest" not in result.stdout.str()


def test_failure_text_is_go_output(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("basic")
    result = run_pytest("calc")
    failure = sections(result)["example.com/basic/calc.TestSubFails"]
    assert "calc_test.go:16: Sub(5, 3) = 2, want 3" in failure
    assert "calc_test.go:17: second failure line" in failure
    assert "spans two lines: got=2" in failure
    assert "Traceback" not in failure
    assert "pytest_gotest" not in failure
    bad_case = sections(result)["example.com/basic/calc.TestSubFail/bad_case"]
    assert "calc_test.go:65: Add(2, 2) = 4, want 5" in bad_case


def test_parallel_output_is_attributed_by_test(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("basic")
    result = run_pytest("parallel", "-rA")
    result.assert_outcomes(passed=2, failed=1)
    found = sections(result)
    p2 = found["example.com/basic/parallel.TestP2"]
    for i in range(5):
        assert f"P2 line {i}" in p2
    assert "P2 failed" in p2
    assert "P1 line" not in p2
    assert "P3 line" not in p2
    # And the passing tests' captured output holds only their own lines.
    p1 = found["example.com/basic/parallel.TestP1"]
    assert all(f"P1 line {i}" in p1 for i in range(5))
    assert "P2 line" not in p1
    assert "P3 line" not in p1


def test_panic_fails_the_test_and_errors_the_rest(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("failing")
    result = run_pytest("boom", "-v")
    result.stdout.fnmatch_lines(
        [
            "boom/boom_test.go::TestFirst PASSED*",
            "boom/boom_test.go::TestPanics FAILED*",
            "boom/boom_test.go::TestAfter ERROR*",
        ]
    )
    result.assert_outcomes(passed=1, failed=1, errors=1)
    found = sections(result)
    assert "panic: kaboom" in found["example.com/failing/boom.TestPanics"]
    after = found["ERROR at setup of example.com/failing/boom.TestAfter"]
    assert "not run" in after
    assert "TestPanics" in after  # names the test that took the binary down
    assert "Traceback" not in after
    assert "pytest_gotest" not in after


def test_build_failure_is_a_setup_error_with_compiler_message(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("failing")
    result = run_pytest("compileerr", "ok", "-v")
    result.stdout.fnmatch_lines(
        [
            "compileerr/compileerr_test.go::TestA ERROR*",
            "compileerr/compileerr_test.go::TestB ERROR*",
            "ok/ok_test.go::TestOK PASSED*",
        ]
    )
    result.assert_outcomes(passed=1, errors=2)
    found = sections(result)
    for name in ("TestA", "TestB"):
        error = found[f"ERROR at setup of example.com/failing/compileerr.{name}"]
        assert 'compileerr_test.go:6:14: cannot use "not an int"' in error
        assert "pytest_gotest" not in error


def test_vet_failure_is_an_error_and_vet_off_runs(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("malformed")
    result = run_pytest()
    if inner_go_minor() >= 24:
        result.assert_outcomes(errors=1)
        error = sections(result)["ERROR at setup of example.com/malformed/names.TestProper"]
        assert "Testlowercase has malformed name" in error
        # The code compiles: the error says it is vet's finding, and how to run anyway.
        assert error.startswith("vet failed: example.com/malformed/names"), error
        assert "--go-flags=-vet=off" in error
    else:
        # go test runs vet's "tests" analyzer since Go 1.24; older Go builds the package.
        result.assert_outcomes(passed=1)
        assert "Testlowercase" not in result.stdout.str()
    result = run_pytest("--go-flags=-vet=off", "-v")
    result.stdout.fnmatch_lines(["names/names_test.go::TestProper PASSED*"])
    result.assert_outcomes(passed=1)
    assert "Testlowercase" not in result.stdout.str()


def test_node_id_runs_only_that_test(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("selection")
    result = run_pytest("selection_test.go::TestAlpha", "-v", "-rA")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["selection_test.go::TestAlpha PASSED*"])
    assert "selection_test.go:6: TestAlpha" in result.stdout.str()
    # -run '^TestAlpha$', not '^TestAlpha': TestAlphaBeta neither reported nor run.
    assert "TestAlphaBeta" not in result.stdout.str()


def test_deselect_keeps_the_test_from_running(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("selection")
    result = run_pytest("--deselect", "selection_test.go::TestAlphaBeta", "-v", "-rA")
    result.assert_outcomes(passed=3, deselected=1)
    text = result.stdout.str()
    for name, line in (("TestAlpha", 6), ("TestBeta", 14), ("Test_under", 18)):
        assert f"selection_test.go:{line}: {name}" in text
    assert "selection_test.go:10: TestAlphaBeta" not in text
    assert "selection_test.go::TestAlphaBeta PASSED" not in text


def test_keyword_deselection_of_a_prefix_sibling(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("selection")
    result = run_pytest("-k", "TestAlpha and not TestAlphaBeta", "-rA")
    result.assert_outcomes(passed=1, deselected=3)
    assert "selection_test.go:6: TestAlpha" in result.stdout.str()
    assert "selection_test.go:10: TestAlphaBeta" not in result.stdout.str()


@pytest.mark.parametrize(
    ("args", "ini", "mentions"),
    [
        (["--go-flags=-run=x"], "", ["--go-flags", "-run"]),
        (["--go-flags=-json"], "", ["--go-flags", "-json"]),
        ([], "go_flags = -run TestAlpha\n", ["go_flags", "-run"]),
        (['--go-flags=-tags "unbalanced'], "", ["--go-flags"]),
        (["--go-jobs=0"], "", ["--go-jobs"]),
    ],
    ids=["run", "json", "ini-run", "unbalanced-quote", "jobs-zero"],
)
def test_bad_go_options_are_usage_errors(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    args: list[str],
    ini: str,
    mentions: list[str],
) -> None:
    root = gomod("selection")
    if ini:
        (root / "pytest.ini").write_text("[pytest]\n" + ini, encoding="utf-8")
    result = run_pytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str() + result.stderr.str()
    error = result.stderr.str()
    assert "ERROR:" in error
    for text in mentions:
        assert text in error
    assert "passed" not in result.stdout.str()


SLOW_TEST = """package zslow

import (
\t"testing"
\t"time"
)

func TestSlow(t *testing.T) {
\ttime.Sleep(90 * time.Second)
}
"""


def test_exitfirst_stops_go_and_leaves_no_process(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    root = gomod("failing")
    # A package still running when TestPanics fails: -x must stop it, not wait 90 s for it.
    (root / "zslow").mkdir()
    (root / "zslow" / "zslow_test.go").write_text(SLOW_TEST, encoding="utf-8")
    started = time.monotonic()
    result = run_pytest("-x", "--go-jobs=2", "-v", timeout=80)
    elapsed = time.monotonic() - started
    result.stdout.fnmatch_lines(
        [
            "boom/boom_test.go::TestPanics FAILED*",
            "*stopping after 1 failures*",
        ]
    )
    result.assert_outcomes(passed=1, failed=1)
    assert "TestSlow" not in result.stdout.str()
    assert elapsed < 45
    leftovers = _wait_for_no_processes(root)
    assert not leftovers, leftovers


def _wait_for_no_processes(root: Path) -> list[tuple[int, str]]:
    """Processes under ``root`` still alive after a short grace period (a killed process
    group may need a moment to disappear); kills them so that a failure leaves no debris."""
    deadline = time.monotonic() + 5
    leftovers = list(processes_under(root))
    while leftovers and time.monotonic() < deadline:
        time.sleep(0.1)
        leftovers = list(processes_under(root))
    for pid, _ in leftovers:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return leftovers


def test_exit_code_zero_when_all_pass(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("workspace")
    result = run_pytest()
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.OK


def test_last_failed_reruns_only_failed_go_tests(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("basic")
    first = run_pytest(cache=True)
    assert first.ret == pytest.ExitCode.TESTS_FAILED
    result = run_pytest("--lf", "-v", cache=True)
    # TestSubFails, TestP2 and TestSubFail's failed subtest bad_case (alone: not its parent,
    # nor its passing sibling good; tests/acceptance/test_subtest_ids.py).
    assert_counts(result, {"failed": 3})
    result.stdout.fnmatch_lines_random(
        [
            "calc/calc_test.go::TestSubFails FAILED*",
            "calc/calc_test.go::TestSubFail/bad_case FAILED*",
            "parallel/parallel_test.go::TestP2 FAILED*",
        ]
    )
    assert "TestP1" not in result.stdout.str()
    assert "TestAdd" not in result.stdout.str()
    assert "TestSubFail/good" not in result.stdout.str()


def test_a_test_that_prints_go_summary_lines_keeps_every_result(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    # A test that runs go test on a fixture and echoes what it printed: lines like the
    # package's own "FAIL\tpkg\t..." and a subpackage's "ok  \tpkg/testdata/fx\t...". They
    # were taken for the package's end: the test that printed them "exited", the others
    # "not run", TestC's failure lost as a failure.
    pytester.makefile(".mod", go="module example.com/echo\n\ngo 1.22\n")
    pytester.makeini("[pytest]\n")
    (pytester.path / "echo_test.go").write_text(
        'package echo\n\nimport (\n\t"fmt"\n\t"testing"\n)\n\n'
        "func TestEchoes(t *testing.T) {\n"
        '\tfmt.Println("FAIL\\texample.com/echo\\t0.01s")\n'
        '\tfmt.Println("ok  \\texample.com/echo/testdata/fx\\t0.003s")\n'
        "}\n\n"
        "func TestB(t *testing.T) {}\n\n"
        'func TestC(t *testing.T) { t.Error("C fails") }\n',
        encoding="utf-8",
    )
    result = run_pytest("-rA")
    result.assert_outcomes(passed=2, failed=1)
    out = result.stdout.str()
    assert "FAILED echo_test.go::TestC - echo_test.go:15: C fails" in out
    assert "GoTestWarning" not in out


@pytest.mark.parametrize("dist", [[], ["-n", "2"]], ids=["single", "xdist"])
def test_an_xfail_mark_on_a_go_test_covers_its_failing_subtests(
    pytester: pytest.Pytester, run_pytest: RunPytest, dist: list[str]
) -> None:
    # As pytest's own subtests of an xfail test: the failing subtest is XFAIL too, and the
    # run passes. It was FAILED (exit 1) beside its parent's XFAIL.
    if dist:
        pytest.importorskip("xdist", reason="pytest-xdist is a test dependency")
    pytester.makefile(".mod", go="module example.com/xf\n\ngo 1.22\n")
    pytester.makeini("[pytest]\n")
    pytester.makeconftest(
        "import pytest\n\n"
        "def pytest_collection_modifyitems(items):\n"
        "    for item in items:\n"
        "        item.add_marker(pytest.mark.xfail(reason='known'))\n"
    )
    (pytester.path / "x_test.go").write_text(
        'package xf\n\nimport "testing"\n\n'
        "func TestSubXF(t *testing.T) {\n"
        '\tt.Run("good", func(t *testing.T) {})\n'
        '\tt.Run("bad", func(t *testing.T) { t.Fatal("still broken") })\n'
        "}\n",
        encoding="utf-8",
    )
    result = run_pytest(*dist, "-rxX")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    out = result.stdout.str()
    assert "XFAIL x_test.go::TestSubXF/bad - known" in out
    assert "XFAIL x_test.go::TestSubXF - known" in out
    assert "2 xfailed" in out
