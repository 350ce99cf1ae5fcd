"""Tests that crash, hang, exit or never build (docs/internals/go-test-json.md), against the
``crashes`` fixture module (its README.md lists what Go does in each package). One inner
session runs the whole module with ``--go-flags=-timeout=3s``; every test here reads its share
of that run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from junitparser import Error, Failure, Skipped

from .helpers import RunPytest, junit_cases, junit_result, junit_suite, sections
from .session_runs import ModuleRun, copy_module, run_inner, short_summary, summary_line

PKG = "example.com/crashes"

# node id -> the summary words pytest must report for it (README.md of crashes).
EXPECTED = {
    "exit0/exit0_test.go::TestBeforeExit0": ["PASSED"],
    "exit0/exit0_test.go::TestExit0": ["FAILED"],
    "exit0/exit0_test.go::TestAfterExit0": ["ERROR"],
    "exit1/exit1_test.go::TestExit1": ["FAILED"],
    "exit1/exit1_test.go::TestAfterExit1": ["ERROR"],
    "gopanic/gopanic_test.go::TestGoroutinePanic": ["FAILED"],
    "gopanic/gopanic_test.go::TestAfterGoroutine": ["ERROR"],
    "gluedpanic/gluedpanic_test.go::TestBeforeGlued": ["PASSED"],
    "gluedpanic/gluedpanic_test.go::TestGluedPanic": ["FAILED"],
    "gluedpanic/gluedpanic_test.go::TestAfterGlued": ["ERROR"],
    "closedstdout/closedstdout_test.go::TestBeforeClose": ["PASSED"],
    "closedstdout/closedstdout_test.go::TestClosesStdout": ["FAILED"],
    "closedstdout/closedstdout_test.go::TestAfterClose": ["ERROR"],
    # Waiting in t.Parallel when the binary died: its body after t.Parallel never ran.
    "panicpar/panicpar_test.go::TestWaitsInParallel": ["ERROR"],
    "panicpar/panicpar_test.go::TestPanicInSubtest": ["FAILED"],
    "panicpar/panicpar_test.go::TestPanicInSubtest/inner": ["FAILED"],
    "panicpar/panicpar_test.go::TestAfterSubtestPanic": ["ERROR"],
    "timeout/timeout_test.go::TestQuick": ["PASSED"],
    "timeout/timeout_test.go::TestHangs": ["FAILED"],
    "timeout/timeout_test.go::TestNeverReached": ["ERROR"],
    "sigkill/sigkill_test.go::TestSigkill": ["FAILED"],
    "sigkill/sigkill_test.go::TestAfterSigkill": ["ERROR"],
    "sigkilllate/sigkilllate_test.go::TestHeavy": ["FAILED"],
    "sigkilllate/sigkilllate_test.go::Example": ["ERROR"],
    "sigsegv/sigsegv_test.go::TestSigsegv": ["FAILED"],
    "sigsegv/sigsegv_test.go::TestAfterSigsegv": ["ERROR"],
    "brokenlib/brokenlib_test.go::TestBrokenLib": ["ERROR"],
    "usesbroken/usesbroken_test.go::TestUsesBroken": ["ERROR"],
    "testbroken/testbroken_test.go::TestTestFileBroken": ["ERROR"],
    "vetprintf/vetprintf_test.go::TestVetPrintf": ["ERROR"],
    "missingimport/missingimport_test.go::TestMissingImport": ["ERROR"],
    "latefail/latefail_test.go::TestSpawnsLateError": ["FAILED"],
    "latefail/latefail_test.go::TestInnocentSleeper": ["FAILED"],
    "latefail/latefail_test.go::TestAfterLateFail": ["ERROR"],
    "fine/fine_test.go::TestFine": ["PASSED"],
}

# The tests that never ran, and the test that took their binary down.
NOT_RUN = {
    "exit0.TestAfterExit0": "TestExit0",
    "exit1.TestAfterExit1": "TestExit1",
    "gopanic.TestAfterGoroutine": "TestGoroutinePanic",
    "gluedpanic.TestAfterGlued": "TestGluedPanic",
    "panicpar.TestAfterSubtestPanic": "TestPanicInSubtest",
    "timeout.TestNeverReached": "TestHangs",
    "sigkill.TestAfterSigkill": "TestSigkill",
    "sigkilllate.Example": "TestHeavy",
    "sigsegv.TestAfterSigsegv": "TestSigsegv",
    # Go's panic names the test whose goroutine failed after it completed.
    "latefail.TestAfterLateFail": "TestSpawnsLateError",
}

# Build, vet and setup failures: the text each selected test's error must carry.
BROKEN_LIB = 'brokenlib/brokenlib.go:5:9: cannot use "forty-two" (untyped string constant) as int'
BUILD_ERRORS = {
    "brokenlib.TestBrokenLib": [BROKEN_LIB],
    # The dependency's compiler message, and which package it is.
    "usesbroken.TestUsesBroken": [BROKEN_LIB, "example.com/crashes/brokenlib"],
    "testbroken.TestTestFileBroken": [
        "testbroken/testbroken_test.go:6:14: cannot use Name() (value of type string) as int"
    ],
    # The column is the argument's since Go 1.25 (6:10), the call's before (6:2).
    "vetprintf.TestVetPrintf": [
        "vetprintf_test.go:6:",
        '(*testing.common).Logf format %d has arg "not a number" of wrong type string',
    ],
    "missingimport.TestMissingImport": [
        "missingimport_test.go:6:2: no required module provides package "
        "example.com/crashes/nosuchpackage"
    ],
}


@pytest.fixture(scope="module")
def crashes(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("crashes", tmp_path_factory.mktemp("crashes") / "mod")
    return run_inner(root, go_env, "--go-flags=-timeout=3s")


def _plain(text: str) -> None:
    """What a user reads must be Go's story, not the plugin's internals."""
    assert "Traceback" not in text
    assert "pytest_gotest" not in text
    assert "INTERNALERROR" not in text


def test_every_test_has_the_outcome_go_gives_it(crashes: ModuleRun) -> None:
    result = crashes.result
    assert crashes.outcomes == EXPECTED, short_summary(result)
    result.assert_outcomes(passed=5, failed=13, errors=17, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    _plain(result.stdout.str() + result.stderr.str())


@pytest.mark.parametrize("test", sorted(NOT_RUN))
def test_tests_after_a_crash_error_as_not_run_naming_the_culprit(
    crashes: ModuleRun, test: str
) -> None:
    package, name = test.split(".")
    nodeid = f"{package}/{package}_test.go::{name}"
    line = summary_line(crashes.result, "ERROR", nodeid)
    assert "not run" in line
    assert NOT_RUN[test] in line
    error = sections(crashes.result)[f"ERROR at setup of {PKG}/{test}"]
    assert "not run" in error
    assert NOT_RUN[test] in error
    _plain(error)


def test_a_crash_trace_is_shown_once_not_with_every_test_it_stopped(
    crashes: ModuleRun,
) -> None:
    """The panicking subtest's report shows the trace, and its parent, which Go failed with
    it, points at it; a test the crash stopped points at the first report that showed it (with
    50 such tests the trace was printed 50 times, the ERRORS section first; a panicking
    subtest's trace was shown with it and with every test above it)."""
    found = sections(crashes.result)
    culprit = found[f"{PKG}/panicpar.TestPanicInSubtest/inner"]
    assert "goroutine " in culprit
    parent = found[f"{PKG}/panicpar.TestPanicInSubtest"]
    assert "(the crash's trace is shown with TestPanicInSubtest/inner's report)" in parent
    stopped = found[f"ERROR at setup of {PKG}/panicpar.TestAfterSubtestPanic"]
    assert "goroutine " not in stopped
    assert "panic: subtest boom" in stopped  # what crashed, with the pointer
    holder = re.search(r"\(the crash's trace is shown with (\S+)'s report\)", stopped)
    assert holder is not None, stopped
    shown = [text for title, text in found.items() if title.endswith(f".{holder.group(1)}")]
    assert shown, holder.group(1)
    assert "goroutine " in shown[0]


def test_os_exit0_in_a_test_fails_it(crashes: ModuleRun) -> None:
    failure = sections(crashes.result)[f"{PKG}/exit0.TestExit0"]
    assert "panic: unexpected call to os.Exit(0) during test" in failure
    assert "about to call os.Exit(0)" in failure
    line = summary_line(crashes.result, "FAILED", "exit0/exit0_test.go::TestExit0")
    assert "os.Exit(0)" in line


def test_os_exit1_in_a_test_fails_it_as_an_exit(crashes: ModuleRun) -> None:
    # Go prints nothing but the test's own log and `FAIL pkg`: the report must say that the
    # binary exited during this test, not present the test's last log line as the failure.
    failure = sections(crashes.result)[f"{PKG}/exit1.TestExit1"]
    assert "about to call os.Exit(1)" in failure
    line = summary_line(crashes.result, "FAILED", "exit1/exit1_test.go::TestExit1")
    assert "exited" in line, line


def test_goroutine_panic_fails_the_running_test(crashes: ModuleRun) -> None:
    failure = sections(crashes.result)[f"{PKG}/gopanic.TestGoroutinePanic"]
    assert "panic: background goroutine boom" in failure
    assert "gopanic_test.go:11" in failure  # the trace points at the goroutine
    line = summary_line(crashes.result, "FAILED", "gopanic/gopanic_test.go::TestGoroutinePanic")
    assert "panic: background goroutine boom" in line


def test_a_panic_after_output_without_a_newline_is_still_the_crash(crashes: ModuleRun) -> None:
    # The output and the panic were glued ("no newlinepanic: ..."): the crash went unseen,
    # so the binary's results were taken for framing printed before m.Run (TestBeforeGlued
    # "not run: forged") and TestAfterGlued was not told what stopped it.
    failure = sections(crashes.result)[f"{PKG}/gluedpanic.TestGluedPanic"]
    assert "no newline\npanic: glued boom" in failure
    line = summary_line(crashes.result, "FAILED", "gluedpanic/gluedpanic_test.go::TestGluedPanic")
    assert "panic: glued boom" in line


def test_a_test_that_closes_stdout_leaves_no_result_and_is_not_called_forged(
    crashes: ModuleRun,
) -> None:
    # go test reports the package ok, but Go gave no result for the two tests: neither
    # passes. They were told "init or TestMain printed test framing (forged)" and "the test
    # binary died", neither of which happened.
    failure = sections(crashes.result)[f"{PKG}/closedstdout.TestClosesStdout"]
    assert failure.startswith("no result: the test binary's output ended during this test")
    assert "closed or redirected os.Stdout" in failure
    error = sections(crashes.result)[f"ERROR at setup of {PKG}/closedstdout.TestAfterClose"]
    assert error.startswith(
        "not run: the test binary's output ended during TestClosesStdout, yet the binary "
        "exited 0 and go test reported the package ok"
    )
    for text in (failure, error):
        assert "forged" not in text
        assert "died" not in text


def test_panic_in_subtest_fails_the_chain_and_the_paused_parallel_test_did_not_run(
    crashes: ModuleRun,
) -> None:
    found = sections(crashes.result)
    assert "panic: subtest boom" in found[f"{PKG}/panicpar.TestPanicInSubtest/inner"]
    assert "panic: subtest boom" in found[f"{PKG}/panicpar.TestPanicInSubtest"]
    # Started (run, pause) but never resumed: not run (it was FAILED with the other test's
    # panic as its headline), saying it waited and which test crashed the binary.
    waiting = found[f"ERROR at setup of {PKG}/panicpar.TestWaitsInParallel"]
    assert waiting.startswith(
        "not run: waiting in t.Parallel() when the test binary died in TestPanicInSubtest "
        "(panic: subtest boom"
    ), waiting
    assert "goroutine" in waiting  # the trace: the first report of the crash (-x may end there)


def test_error_after_completion_fails_the_test_that_made_it(crashes: ModuleRun) -> None:
    """Go reported ``pass`` for TestSpawnsLateError, then its goroutine's t.Error panicked the
    binary while TestInnocentSleeper ran: a pass that is not one must not stay green."""
    found = sections(crashes.result)
    late = "panic: Fail in goroutine after TestSpawnsLateError has completed"
    assert late in found[f"{PKG}/latefail.TestSpawnsLateError"]
    sleeper = found[f"{PKG}/latefail.TestInnocentSleeper"]
    assert late in sleeper
    assert "TestSpawnsLateError" in summary_line(
        crashes.result, "FAILED", "latefail/latefail_test.go::TestInnocentSleeper"
    )


def test_timeout_fails_the_running_test(crashes: ModuleRun) -> None:
    line = summary_line(crashes.result, "FAILED", "timeout/timeout_test.go::TestHangs")
    assert "test timed out after 3s" in line
    failure = sections(crashes.result)[f"{PKG}/timeout.TestHangs"]
    assert "panic: test timed out after 3s" in failure
    assert "running tests:" in failure
    assert "going to sleep" in failure  # the test's own output is kept
    _plain(failure)


@pytest.mark.parametrize(
    ("test", "signal_text"),
    [("sigkill.TestSigkill", "signal: killed"), ("sigsegv.TestSigsegv", "SIGSEGV")],
)
def test_a_signal_fails_the_running_test_naming_the_signal(
    crashes: ModuleRun, test: str, signal_text: str
) -> None:
    package, name = test.split(".")
    failure = sections(crashes.result)[f"{PKG}/{test}"]
    assert signal_text in failure
    assert "to self" in failure  # the test's own t.Log before the signal
    line = summary_line(crashes.result, "FAILED", f"{package}/{package}_test.go::{name}")
    assert signal_text in line, line


def test_a_signal_after_another_tests_report_line_fails_the_test_still_running(
    crashes: ModuleRun,
) -> None:
    """TestHeavy is killed after the parallel TestQuick skipped: go's ``signal: killed``
    comes as the line after TestQuick's report line, and test2json labels it TestQuick. The
    skip stays a skip without that line; the test still running crashed, naming the signal."""
    found = sections(crashes.result)
    heavy = found[f"{PKG}/sigkilllate.TestHeavy"]
    assert "signal: killed" in heavy
    assert "allocating a lot" in heavy
    line = summary_line(crashes.result, "FAILED", "sigkilllate/sigkilllate_test.go::TestHeavy")
    assert "signal: killed" in line, line
    (quick,) = [line for line in crashes.result.stdout.lines if line.startswith("SKIPPED")]
    # Where t.Skip was called and why, once (as pytest shows a Python test's skip).
    assert quick == "SKIPPED [1] sigkilllate/sigkilllate_test.go:23: nothing to do here", quick


@pytest.mark.parametrize("test", sorted(BUILD_ERRORS))
def test_build_vet_and_setup_failures_error_with_go_output(crashes: ModuleRun, test: str) -> None:
    error = sections(crashes.result)[f"ERROR at setup of {PKG}/{test}"]
    for text in BUILD_ERRORS[test]:
        assert text in error
    _plain(error)


def test_vet_findings_are_named_as_vet_and_compile_errors_as_build(crashes: ModuleRun) -> None:
    found = sections(crashes.result)
    vet = found[f"ERROR at setup of {PKG}/vetprintf.TestVetPrintf"]
    # Go 1.24+ names the test variant that failed ("... [pkg.test]"); before, go's text on
    # stderr names the package only.
    assert vet.startswith(f"vet failed: {PKG}/vetprintf"), vet
    assert "--go-flags=-vet=off" in vet
    for test in ("brokenlib.TestBrokenLib", "testbroken.TestTestFileBroken"):
        error = found[f"ERROR at setup of {PKG}/{test}"]
        assert error.startswith("build failed: "), error
        assert "vet" not in error
    line = summary_line(crashes.result, "ERROR", "vetprintf/vetprintf_test.go::TestVetPrintf")
    assert " - vet failed: " in line, line


def test_a_missing_c_header_is_a_build_failure_even_under_vets_header(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    """go vet runs cgo on a package's C code itself, so a missing C header can fail vet's
    action first, and go test names that action as the failed build, the C compiler's words
    under vet's ``# [pkg]`` header (google/gopacket's pcap and pfring): a build failure,
    which ``-vet=off`` would not mend. Fixture module ``cgoheader``."""
    if shutil.which(go_env.get("CC", "gcc")) is None:
        pytest.skip("no C compiler (gcc) here: go builds no cgo file, the case cannot arise")
    root = copy_module("cgoheader", tmp_path_factory.mktemp("cgoheader") / "mod")
    run = run_inner(root, go_env, env={"CGO_ENABLED": "1"})
    assert run.outcomes == {
        "withtest/withtest_test.go::TestAnswer": ["ERROR"],
        "notest/notest.go::go-build": ["ERROR"],
    }, short_summary(run.result)
    found = sections(run.result)
    for title in (
        "ERROR at setup of example.com/cgoheader/withtest.TestAnswer",
        "ERROR at setup of example.com/cgoheader/notest.go-build",
    ):
        error = found[title]
        assert error.startswith("build failed: example.com/cgoheader/"), error
        assert "fatal error: no_such_header_for_pytest_gotest.h" in error, error
        assert "vet" not in error.replace("[example.com/cgoheader/", ""), error


def test_junit_tells_failures_from_tests_that_never_ran(crashes: ModuleRun) -> None:
    cases = junit_cases(junit_suite(crashes.junit))
    # EXPECTED is read from the -rA summary, which lists a skip without its node id.
    assert len(cases) == len(EXPECTED) + 1
    quick_case = cases[(f"{PKG}/sigkilllate", "TestQuick")]
    quick = junit_result(quick_case, Skipped)
    assert "nothing to do here" in (quick.message or "")
    # go's line about TestHeavy's death is not TestQuick's.
    assert "signal" not in (quick.message or "") + (quick.text or "")
    assert "signal" not in (quick_case.system_out or "") + (quick_case.system_err or "")
    for test, culprit in NOT_RUN.items():
        package, name = test.split(".")
        error = junit_result(cases[(f"{PKG}/{package}", name)], Error)
        assert "not run" in (error.message or "")
        assert culprit in (error.message or "")
    hangs = junit_result(cases[(f"{PKG}/timeout", "TestHangs")], Failure)
    assert "test timed out after 3s" in (hangs.message or "")
    assert "running tests:" in (hangs.text or "")
    for test, texts in BUILD_ERRORS.items():
        package, name = test.split(".")
        error = junit_result(cases[(f"{PKG}/{package}", name)], Error)
        for text in texts:
            assert text in (error.text or ""), (test, error.text)


BUILD_PACKAGES = ("brokenlib", "usesbroken", "testbroken", "vetprintf", "missingimport", "fine")

# Counts what pytest formats as a Python traceback (ExceptionInfo.getrepr), by exception type.
REPR_PROBE = """\
import os
import pytest

formatted = []
_getrepr = pytest.ExceptionInfo.getrepr


def _counting(self, *args, **kwargs):
    formatted.append(type(self.value).__name__)
    return _getrepr(self, *args, **kwargs)


pytest.ExceptionInfo.getrepr = _counting


def pytest_unconfigure(config):
    with open(os.environ["REPR_PROBE_OUT"], "w", encoding="utf-8") as out:
        out.write("\\n".join(formatted))
"""


def test_go_errors_are_not_formatted_as_python_tracebacks(
    tmp_path: Path, go_env: dict[str, str]
) -> None:
    """A setup error (a build failure, a test its binary never reached) is Go's text. pytest
    renders setup errors as Python tracebacks of the frames that raised them, parsing each
    frame's source file: about 25 ms an error, ten seconds for a package of 400 tests that
    does not build, all of it thrown away for Go's text. None of that is done now."""
    root = copy_module("crashes", tmp_path / "mod")
    (root / "repr_probe.py").write_text(REPR_PROBE, encoding="utf-8")
    probe_out = tmp_path / "formatted.txt"
    run = run_inner(
        root,
        go_env,
        "-p",
        "repr_probe",
        "brokenlib",
        "usesbroken",
        "exit0",
        "fine",
        env={"REPR_PROBE_OUT": str(probe_out)},
    )
    errors = {nodeid for nodeid, words in run.outcomes.items() if words == ["ERROR"]}
    assert errors == {
        "brokenlib/brokenlib_test.go::TestBrokenLib",
        "usesbroken/usesbroken_test.go::TestUsesBroken",
        "exit0/exit0_test.go::TestAfterExit0",
    }, short_summary(run.result)
    assert BROKEN_LIB in sections(run.result)[f"ERROR at setup of {PKG}/brokenlib.TestBrokenLib"]
    formatted = probe_out.read_text(encoding="utf-8").split()
    assert not {"GoTestError", "GoTestFailure"} & set(formatted), formatted


def test_textual_build_errors_are_still_attributed(tmp_path: Path, go_env: dict[str, str]) -> None:
    """Go before 1.24 (and GODEBUG=gotestjsonbuildtext=1) prints build errors as text on
    stderr instead of build-output events; the compiler output must still reach each test."""
    root = copy_module("crashes", tmp_path / "mod")
    run = run_inner(root, go_env, *BUILD_PACKAGES, env={"GODEBUG": "gotestjsonbuildtext=1"})
    result = run.result
    assert run.outcomes == {
        nodeid: words
        for nodeid, words in EXPECTED.items()
        if nodeid.split("/", 1)[0] in BUILD_PACKAGES
    }, short_summary(result)
    result.assert_outcomes(passed=1, errors=5)
    found = sections(result)
    for test, texts in BUILD_ERRORS.items():
        error = found[f"ERROR at setup of {PKG}/{test}"]
        for text in texts:
            assert text in error, (test, error)
        _plain(error)


EXAMPLES = """package ex

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	fmt.Println("setting up the fixture")
	os.Exit(m.Run())
}

func Example_boom() {
	fmt.Println("hi")
	panic("example boom")
	// Output: hi
}

func Example_later() {
	fmt.Println("later")
	// Output: later
}
"""


def test_a_trace_in_the_package_output_is_shown_once(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """An example's panic is package output, after what TestMain printed. The example's
    report showed the trace in its crash section and again in its package output section;
    the example the crash stopped pointed at that report and then showed the trace anyway,
    with the package output."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/ex\n\ngo 1.22\n", "utf-8")
    (pytester.path / "ex_test.go").write_text(EXAMPLES, "utf-8")
    result = run_pytest("-p", "no:randomly", "-rA")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    found = sections(result)
    boom = found["example.com/ex.Example_boom"]
    assert len(re.findall(r"^goroutine \d+ \[", boom, re.M)) == 1, boom
    assert "setting up the fixture" in boom  # TestMain's output is still shown, once
    later = found["ERROR at setup of example.com/ex.Example_later"]
    assert "(the crash's trace is shown with Example_boom's report)" in later
    assert "goroutine " not in later, later
    assert "setting up the fixture" in later
