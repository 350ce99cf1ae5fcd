"""The expected outcome of specific tests of the Go 1.27 corpus (tests/testdata/go-corpus).

Each row was decided from the recorded stream (and the module's source), by one standard: a Go
test is PASSED only when Go emitted ``pass`` for it; every crash, timeout, exit, build failure
and TestMain failure gets the cause that explains it. The key evidence is part of the
expectation where it matters (whom the binary died in, the timeout, the package whose build
failed); message and details substrings are a secondary check of the wording through
``explain``.
"""

from __future__ import annotations

from typing import NamedTuple

from pytest_gotest.core.outcome import Cause as C
from pytest_gotest.core.outcome import NoteKind

E = "example.com/"


class Row(NamedTuple):
    test: str  # "" for the package's teardown
    cause: C | NoteKind  # a NoteKind: the name is no outcome, only a note of that kind
    message: str = ""  # a substring of explain()'s message
    details: str = ""  # a substring of explain()'s details
    culprit: str | None = None  # the test the binary died in (the printer, for FORGED_RUN)
    timeout: str | None = None  # D of "panic: test timed out after D"
    build_root: str | None = None  # the package whose build failed
    bug: str = ""  # the core gets this row wrong: a strict xfail with this reason
    stream: str = ""
    package: str = ""


def at(streams: str | tuple[str, ...], package: str, *rows: Row) -> list[Row]:
    """The rows of one package, in one stream or in each of several."""
    names = (streams,) if isinstance(streams, str) else streams
    return [row._replace(stream=name, package=E + package) for name in names for row in rows]


TABLE: list[Row] = [
    # basic: pass/fail/fatal/skip, subtests with special characters, nesting
    *at(
        "basic",
        "basic",
        Row("TestPass", C.PASSED),
        Row("TestFail", C.FAILED, "basic_test.go:19: first error"),
        Row("TestFatal", C.FAILED, "fatal stops the test"),
        Row("TestSkip", C.SKIPPED, "skipping because reasons"),
        Row("TestStdoutStderr", C.PASSED),
        Row("TestSubtests", C.FAILED, "TestSubtests/paren(1)"),
        Row("TestSubtests/paren(1)", C.FAILED, "failing subtest"),
        Row("TestSubtests/dup#01#01", C.PASSED),
        Row("TestSubtests/dot.star*", C.SKIPPED, "dot.star*"),
        Row("TestNested", C.FAILED, "TestNested/L1_a"),
        Row("TestNested/L1_a/L2_x/L3", C.FAILED, "deep failure"),
        Row("TestParentLogsOnlyFailsViaChild/child", C.FAILED),
    ),
    # panic in a subtest: FAIL chain, paused parallel test never finishes, later tests absent
    *at(
        "panic",
        "panic",
        Row("TestA_Before", C.PASSED),
        Row("TestC_Panics", C.FAILED, "panic: assignment to entry", culprit="TestC_Panics"),
        Row("TestC_Panics/sub_ok", C.PASSED),
        Row("TestC_Panics/sub_panics", C.FAILED, "panic:", culprit="TestC_Panics"),
        # Waiting in t.Parallel when TestC_Panics panicked: not run (its body never ran on).
        Row(
            "TestB_ParallelPaused",
            C.BINARY_DIED_FIRST,
            "waiting in t.Parallel",
            culprit="TestC_Panics",
        ),
        Row("TestD_After", C.BINARY_DIED_FIRST, "TestC_Panics", culprit="TestC_Panics"),
    ),
    # timeout: running tests list, no terminal events
    *at(
        "timeout",
        "timeout",
        Row("TestA_Fast", C.PASSED),
        Row(
            "TestC_Slow", C.TIMED_OUT, "test timed out after 2s", culprit="TestC_Slow", timeout="2s"
        ),
        Row("TestC_Slow/inner_slow", C.TIMED_OUT, "timed out after 2s", timeout="2s"),
        # Waiting in t.Parallel (Go's timeout lists only the running tests): not run.
        Row(
            "TestB_ParallelWaiting",
            C.BINARY_DIED_FIRST,
            "waiting in t.Parallel",
            culprit="TestC_Slow",
            timeout="2s",
        ),
        Row("TestD_Never", C.BINARY_DIED_FIRST, "TestC_Slow", culprit="TestC_Slow", timeout="2s"),
    ),
    # os.Exit(0) in a test under go test: panic (paniconexit0)
    *at(
        "osexit0",
        "osexit0",
        Row("TestA", C.PASSED),
        Row("TestB_Exit0", C.FAILED, "unexpected call to os.Exit(0)", culprit="TestB_Exit0"),
        Row("TestC_Never", C.BINARY_DIED_FIRST, "TestB_Exit0", culprit="TestB_Exit0"),
    ),
    # the same binary through go tool test2json without -test.paniconexit0: the package pass
    # is mislabelled with Test=TestB_Exit0
    *at(
        "osexit0_direct_test2json",
        "osexit0",
        Row("TestB_Exit0", C.EXITED_ZERO, "os.Exit(0)", culprit="TestB_Exit0"),
        Row("TestC_Never", C.BINARY_DIED_FIRST, "not run", culprit="TestB_Exit0"),
    ),
    # os.Exit(1) inside a subtest: no terminal events, later tests absent
    *at(
        "osexit1",
        "osexit1",
        Row("TestA", C.PASSED),
        Row("TestB_Exit1", C.EXITED, "", "stdout before os.Exit(1)", culprit="TestB_Exit1"),
        Row("TestB_Exit1/sub", C.EXITED, culprit="TestB_Exit1"),
        Row("TestC_Never", C.BINARY_DIED_FIRST, "TestB_Exit1", culprit="TestB_Exit1"),
    ),
    # the binary killed / log.Fatal
    *at(
        "killed_sigkill",
        "killed",
        Row("TestSelfKill", C.CRASHED, "signal: killed", culprit="TestSelfKill"),
        Row("TestNever", C.BINARY_DIED_FIRST, "TestSelfKill", culprit="TestSelfKill"),
    ),
    *at(
        "killed_logfatal",
        "killed",
        Row("TestSelfKill", C.EXITED, "", "log.Fatal inside", culprit="TestSelfKill"),
        Row("TestNever", C.BINARY_DIED_FIRST, "TestSelfKill", culprit="TestSelfKill"),
    ),
    # panic in a background goroutine: no --- FAIL at all
    *at(
        "panic_goroutine",
        "panic_goroutine",
        Row("TestA", C.PASSED),
        Row(
            "TestB_GoroutinePanics/sub",
            C.CRASHED,
            "panic: boom in background goroutine",
            culprit="TestB_GoroutinePanics",
        ),
        Row("TestB_GoroutinePanics", C.CRASHED, "panic: boom", culprit="TestB_GoroutinePanics"),
        Row("TestC_Never", C.BINARY_DIED_FIRST, "TestB_Gorou", culprit="TestB_GoroutinePanics"),
    ),
    # t.Fatal from a goroutine; t.Error after completion blames an innocent test
    *at(
        ("goroutine_fatal", "goroutine_fatal_defaultvet"),
        "goroutine_fatal",
        Row("TestA_FatalInGoroutineWaited", C.FAILED, "fatal from spawned goroutine"),
        Row(
            "TestC_Sleeper",
            C.CRASHED,
            "Fail in goroutine after TestB_ErrorAfterCompletion has completed",
            culprit="TestB_ErrorAfterCompletion",
        ),
        Row(
            "TestB_ErrorAfterCompletion",
            C.LATE_FAILURE,
            "Fail in goroutine after TestB_ErrorAfterCompletion",
            "was reported passed",
            culprit="TestB_ErrorAfterCompletion",
        ),
        Row("TestD_Never", C.BINARY_DIED_FIRST, "not run", culprit="TestB_ErrorAfterCompletion"),
    ),
    *at(
        "goroutine_fatal_vet",
        "goroutine_fatal",
        Row(
            "TestA_FatalInGoroutineWaited",
            C.BUILD_FAILED,
            "vet failed",
            "call to (*testing.T).Fatal from a non-test goroutine",
            build_root=E + "goroutine_fatal [example.com/goroutine_fatal.test]",
        ),
    ),
    # TestMain variants
    *at(
        "testmain_exit_before_run",
        "testmain_exit_before_run",
        Row(
            "TestOne",
            C.DIED_BEFORE_TESTS,
            "failed before running any test",
            "setup error: cannot connect to database",
        ),
    ),
    *at(
        "testmain_exit0_before_run",
        "testmain_exit0_before_run",
        Row(
            "TestOne",
            C.EXITED_BEFORE_TESTS,
            "exited with status 0 without running its tests",
            "skipping everything",
        ),
    ),
    *at(
        ("testmain_never_runs", "testmain_never_runs_2nd", "testmain_never_runs_3rd"),
        "testmain_never_runs",
        Row("TestTwo", C.EXITED_BEFORE_TESTS, "without running its tests"),
    ),
    *at(
        "testmain_nonzero_after_pass",
        "testmain_nonzero_after_pass",
        Row("TestOne", C.PASSED),
        Row("", C.PACKAGE_FAILED_AFTER_PASS, "", "TestMain: m.Run returned 0 but teardown failed"),
    ),
    *at(
        "testmain_nonzero_silent",
        "testmain_nonzero_silent",
        Row("", C.PACKAGE_FAILED_AFTER_PASS, "non-zero status"),
    ),
    *at(
        "testmain_panic",
        "testmain_panic",
        Row(
            "TestOne",
            C.DIED_BEFORE_TESTS,
            "failed before running any test (in TestMain at m_test.go:8): panic: TestMain setup",
            "panic: TestMain setup panicked",
        ),
    ),
    *at("testmain_return", "testmain_return", Row("TestFails", C.FAILED, "failing test")),
    *at("testmain_defer", "testmain_defer", Row("TestTwo", C.PASSED)),
    *at("testmain_normal", "testmain_normal", Row("TestOne", C.PASSED), Row("TestTwo", C.PASSED)),
    # build, vet and setup failures
    *at(
        "buildfail_testfile",
        "buildfail/testfileerr",
        Row(
            "TestA",
            C.BUILD_FAILED,
            "build failed",
            "undefined: undefinedFunc",
            build_root=E + "buildfail/testfileerr [example.com/buildfail/testfileerr.test]",
        ),
    ),
    *at(
        "buildfail_nontest",
        "buildfail/nontesterr",
        Row(
            "TestB",
            C.BUILD_FAILED,
            "build failed: example.com/buildfail/nontesterr",
            'cannot use "oops"',
            build_root=E + "buildfail/nontesterr [example.com/buildfail/nontesterr.test]",
        ),
    ),
    *at(
        ("buildfail_depbroken", "buildfail_all"),
        "buildfail/depbroken",
        Row(
            "TestE",
            C.BUILD_FAILED,
            "example.com/buildfail/nontesterr",
            "nontesterr/b.go:3:23",
            build_root=E + "buildfail/nontesterr",
        ),
    ),
    *at("buildfail_all", "buildfail/okpkg", Row("TestO", C.PASSED)),
    *at(
        "buildfail_vet",
        "buildfail/vetfail",
        Row(
            "TestC",
            C.BUILD_FAILED,
            "vet failed",
            "fmt.Sprintf format %d has arg",
            build_root=E + "buildfail/vetfail [example.com/buildfail/vetfail.test]",
        ),
    ),
    *at("buildfail_vet_off", "buildfail/vetfail", Row("TestC", C.PASSED)),
    *at(
        "buildfail_vet_tests",
        "buildfail/vettests",
        Row(
            "TestFine",
            C.BUILD_FAILED,
            "build failed",
            "wrong signature for TestWrongSig",
            build_root=E + "buildfail/vettests.test",
        ),
    ),
    *at(
        "buildfail_setup",
        "buildfail/setupfail",
        Row(
            "TestF",
            C.BUILD_FAILED,
            "example.com/buildfail/doesnotexist",
            "no required module provides package",
            build_root=E + "buildfail/doesnotexist",
        ),
    ),
    # GODEBUG=gotestjsonbuildtext=1: no build events, the errors on stderr
    *at(
        "buildfail_legacy_buildtext",
        "buildfail/testfileerr",
        Row(
            "TestA",
            C.BUILD_FAILED,
            "build failed",
            "undefined: undefinedFunc",
            build_root=E + "buildfail/testfileerr",
        ),
    ),
    *at("buildfail_legacy_buildtext", "buildfail/okpkg", Row("TestO", C.PASSED)),
    *at("buildfail_go123", "buildfail_go123", Row("TestA", C.BUILD_FAILED, "build failed")),
    # init() hazards
    *at(
        "init_flagparse",
        "init_flagparse/config",
        Row(
            "TestVerbose",
            C.DIED_BEFORE_TESTS,
            "failed before running any test",
            "flag provided but not defined: -test.paniconexit0",
        ),
    ),
    *at(
        "init_flagparse",
        "init_flagparse/user",
        Row(
            "TestName",
            C.DIED_BEFORE_TESTS,
            "failed before running any test",
            "flag provided but not defined",
        ),
    ),
    *at(
        "init_exit0",
        "init_exit0",
        Row(
            "TestNeverRuns",
            C.EXITED_BEFORE_TESTS,
            "exited with status 0",
            "init: config missing, exiting 0",
        ),
    ),
    # init() prints forged framing for TestGhost before m.Run: a note, not an outcome
    *at(
        "init_spoof",
        "init_spoof",
        Row("TestReal", C.PASSED),
        Row("TestGhost", NoteKind.UNCOLLECTED, "TestGhost"),
    ),
    *at(
        "init_listener_p2",
        "init_listener/svc2",
        Row(
            "TestServe",
            C.DIED_BEFORE_TESTS,
            "failed before running any test",
            "address already in use",
        ),
    ),
    *at("init_listener_p2", "init_listener/svc1", Row("TestServe", C.PASSED)),
    *at(
        "init_order",
        "init_order/pkg",
        Row("TestInternal", C.PASSED),
        Row("TestExternal", C.PASSED),
    ),
    *at("init_sleep", "init_sleep", Row("TestQuick", C.PASSED)),
    *at(
        "cli_badflag",
        "basic",
        Row(
            "TestPass",
            C.DIED_BEFORE_TESTS,
            "failed before running any",
            "flag provided but not defined",
        ),
    ),
    # skips, examples, fuzz
    *at(
        "skip_all",
        "skip_all",
        Row("TestA", C.SKIPPED, "integration only"),
        Row("TestB", C.SKIPPED, "integration only"),
    ),
    *at(
        "examples",
        "examples",
        Row("ExampleGreet", C.PASSED),
        Row("ExampleGreet_mismatch", C.FAILED, "got:", "hello bob"),
        Row("ExampleGreet_unordered", C.PASSED),
        Row("ExampleGreet_emptyOutput", C.PASSED),
        Row("ExampleGreet_stderr", C.PASSED),
        Row("ExampleGreet_panics", C.FAILED, "panic: example boom", culprit="ExampleGreet_panics"),
        Row(
            "ExampleGreet_zzz",
            C.BINARY_DIED_FIRST,
            "ExampleGreet_panics",
            culprit="ExampleGreet_panics",
        ),
    ),
    *at(
        "fuzz",
        "fuzz",
        Row("FuzzReverseOK", C.PASSED),
        Row("FuzzReverseUTF8", C.FAILED, "FuzzReverseUTF8/seed#1"),
        Row("FuzzReverseUTF8/seed#1", C.FAILED, "invalid UTF-8"),
        Row("FuzzFromFile/0123abcd", C.SKIPPED, "negative n skipped"),
    ),
    *at("fuzz_active", "fuzz", Row("FuzzReverseOK", C.PASSED)),
    # misc: cleanup error, Goexit, -failfast, -count=2 (runs per test from the command)
    *at(
        "misc",
        "misc",
        Row("TestCleanupFails", C.FAILED, "error reported from Cleanup"),
        Row("TestGoexit", C.FAILED, "panic(nil) or runtime.Goexit", culprit="TestGoexit"),
        Row("TestPanicNil", C.BINARY_DIED_FIRST, "TestGoexit", culprit="TestGoexit"),
    ),
    *at(
        "misc_failfast",
        "misc",
        Row("TestCleanupFails", C.FAILED, "Cleanup"),
        Row("TestGoexit", C.STOPPED_BEFORE, "not run"),
    ),
    *at(
        "misc_count2_shuffle",
        "misc",
        Row("TestFirstFails", C.FAILED, "first failure"),
        Row("TestAfterFailure", C.PASSED),
    ),
    *at("misc_cpu", "misc", Row("TestAfterFailure", C.PASSED)),
    # race, parallel, multi-package, new APIs, benchmarks, coverage
    *at(
        "race",
        "race",
        Row("TestRacy", C.FAILED, "race detected during execution"),
        Row("TestAfterRace", C.PASSED),
    ),
    *at(
        "parallel",
        "parallel",
        Row("TestParA", C.PASSED),
        Row("TestParB", C.FAILED, "B fails"),
        Row("TestParentWithParallelSubtests/s2", C.FAILED, "s2 fails"),
        Row("TestCleanupOrder/group/p2", C.PASSED),
    ),
    *at("parallel_attr", "parallel_attr", Row("TestQuietPrinter", C.PASSED)),
    *at("multi", "multi/beta", Row("TestSame", C.FAILED, "beta fails TestSame")),
    *at("multi", "multi/alpha", Row("TestSame", C.PASSED)),
    *at("multi_p1", "multi/gamma", Row("TestSlow", C.PASSED)),
    *at(
        "newapis",
        "newapis",
        Row("TestAttr", C.PASSED),
        Row("TestControlChars", C.PASSED),
        Row("TestInvalidUTF8", C.PASSED),
        # TestControlChars prints "\x16=== RUN   Fake" mid-line: framing it printed itself
        Row("Fake", NoteKind.FORGED_RUN, "TestControlChars printed", culprit="TestControlChars"),
    ),
    *at(
        "bench",
        "bench",
        Row("TestUnit", C.PASSED),
        # benchmarks are not pytest items: their reports are notes, and the package failure
        # they cause is a teardown error of the package's tests
        Row("BenchmarkFails", NoteKind.UNCOLLECTED, "BenchmarkFails"),
        Row("", C.PACKAGE_FAILED_AFTER_PASS, "failed after all of its tests passed"),
    ),
    *at(
        ("coverage_cover", "coverage_coverpkg"),
        "coverage/crash",
        Row("TestC", C.FAILED, "panic: crash before coverage is written", culprit="TestC"),
    ),
    *at("coverage_cover", "coverage/failing", Row("TestF", C.FAILED, "deliberate failure")),
    *at("coverage_cover", "coverage/lib", Row("TestClassifyNeg", C.PASSED)),
    # -run selecting some tests: the others were not run; one that matches nothing: go says so
    # (this is not TestMain skipping m.Run); an invalid -run: the binary fails before tests
    *at(
        "selection_01",
        "selection",
        Row("TestAlphaBeta", C.PASSED),
        Row("TestBeta", C.NOT_RUN, "go test did not run TestBeta"),
    ),
    *at("selection_24", "selection", Row("TestAlpha", C.NO_MATCHING_TEST, "no tests to run")),
    *at(
        "selection_25",
        "selection",
        Row("TestAlpha", C.DIED_BEFORE_TESTS, "not run", "invalid regexp"),
    ),
    *at("init_order_run_none", "init_order/pkg", Row("TestExternal", C.NO_MATCHING_TEST)),
    *at(
        "cache_04_run_changed",
        "cache/envfile",
        Row("TestEnvAndFile", C.NO_MATCHING_TEST, "no tests to run"),
    ),
    *at("cache_04_run_changed", "cache/plain", Row("TestInc", C.PASSED)),
]
