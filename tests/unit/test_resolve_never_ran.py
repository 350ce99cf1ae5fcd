"""resolve: tests that never ran, or whose run never ended because the stream did.

Build failures (the package, or a dependency, did not compile), init/TestMain deciding not to
run the tests, flag parsing errors, go stopped or killed before a package's result: each test
gets the cause that says why it did not run, and the package context holds Go's own text.
"""

from __future__ import annotations

from stream_helpers import (
    PKG,
    bev,
    ev,
    evidence_of,
    failing,
    fold,
    out,
    package_fail,
    package_pass,
    passing,
    resolved,
    verdict,
)

from pytest_gotest.core.outcome import Cause

# -- build failures -----------------------------------------------------------------------------


def test_build_failure() -> None:
    root = f"{PKG} [{PKG}.test]"
    lines = [
        bev("build-output", root, f"# {root}\n"),
        bev("build-output", root, "p/a_test.go:6:6: declared and not used: x\n"),
        bev("build-fail", root),
        ev("start"),
        out(None, f"FAIL\t{PKG} [build failed]\n", "frame"),
        ev("fail", elapsed=0, failed_build=root),
    ]
    result = verdict(lines, ["TestA", "TestB"])
    for name in ("TestA", "TestB"):
        outcome = result.outcome(name)
        assert (outcome.cause, outcome.status, outcome.phase) == (
            Cause.BUILD_FAILED,
            "error",
            "setup",
        )
    assert result.context.build_root == root
    assert "declared and not used: x" in result.context.build_output
    assert result.teardown is None
    assert not result.died_early  # a build failure is not an init hazard


def test_build_failure_in_a_dependency_names_the_dependency() -> None:
    dep = "example.com/dep"
    lines = [
        bev("build-output", dep, f"# {dep}\n"),
        bev("build-output", dep, 'dep/b.go:3:23: cannot use "oops" as int value\n'),
        bev("build-fail", dep),
        ev("start"),
        out(None, f"FAIL\t{PKG} [build failed]\n", "frame"),
        ev("fail", elapsed=0, failed_build=dep),
    ]
    result = verdict(lines, ["TestA"])
    assert result.outcome("TestA").cause is Cause.BUILD_FAILED
    assert result.context.build_root == dep
    assert "dep/b.go:3:23" in result.context.build_output


def test_legacy_build_text_on_stderr() -> None:
    # GODEBUG=gotestjsonbuildtext=1: no build events, errors as text on stderr.
    lines = [ev("start"), out(None, f"FAIL\t{PKG} [build failed]\n", "frame"), ev("fail")]
    stderr = f"# {PKG} [{PKG}.test]\n./a_test.go:7:6: undefined: undefinedFunc\n"
    result = verdict(lines, ["TestA"], stderr=stderr)
    assert result.outcome("TestA").cause is Cause.BUILD_FAILED
    assert result.context.build_root == PKG
    assert "undefined: undefinedFunc" in result.context.build_output


def test_setup_failure() -> None:
    missing = "example.com/doesnotexist"
    lines = [
        bev("build-output", missing, f"# {PKG}\n"),
        bev("build-output", missing, f"f.go:3:8: no required module provides package {missing}\n"),
        bev("build-fail", missing),
        ev("start"),
        out(None, f"FAIL\t{PKG} [setup failed]\n", "frame"),
        ev("fail", failed_build=missing),
    ]
    result = verdict(lines, ["TestF"])
    assert result.outcome("TestF").cause is Cause.BUILD_FAILED
    assert result.context.build_root == missing
    assert "no required module provides package" in result.context.build_output


# -- TestMain and init --------------------------------------------------------------------------


def test_testmain_exits_before_m_run() -> None:
    lines = [
        ev("start"),
        out(None, "TestMain: cannot connect to the database\n"),
        out(None, f"FAIL\t{PKG}\t0.004s\n", "frame"),
        ev("fail", elapsed=0.004),
    ]
    result = verdict(lines, ["TestOne", "TestTwo"])
    for outcome in result.outcomes.values():
        assert (outcome.cause, outcome.status, outcome.phase) == (
            Cause.DIED_BEFORE_TESTS,
            "error",
            "setup",
        )
    assert result.context.output == "TestMain: cannot connect to the database\n"
    assert result.died_early


def test_testmain_never_runs_tests_but_package_passes() -> None:
    lines = [
        ev("start"),
        out(None, "TestMain: skipping everything\n"),
        out(None, f"ok  \t{PKG}\t0.004s\n"),
        ev("pass", elapsed=0.004),
    ]
    result = verdict(lines, ["TestOne"], exit_code=0)
    outcome = result.outcome("TestOne")
    assert (outcome.cause, outcome.status, outcome.phase) == (
        Cause.EXITED_BEFORE_TESTS,
        "error",
        "setup",
    )
    assert result.context.output == "TestMain: skipping everything\n"  # no summary line
    assert result.died_early


def test_no_test_matching_is_not_testmain_skipping_m_run() -> None:
    lines = [
        ev("start"),
        out(None, "testing: warning: no tests to run\n"),
        out(None, "PASS\n", "frame"),
        out(None, f"ok  \t{PKG}\t0.004s [no tests to run]\n"),
        ev("pass", elapsed=0.004),
    ]
    outcome = verdict(lines, ["TestOne"], exit_code=0).outcome("TestOne")
    assert outcome.cause is Cause.NO_MATCHING_TEST


def test_all_tests_pass_but_package_fails_is_a_teardown_error() -> None:
    lines = [
        ev("start"),
        *passing("TestOne"),
        *passing("TestTwo"),
        out(None, "PASS\n", "frame"),
        out(None, "TestMain: leaked 3 goroutines\n"),
        out(None, f"FAIL\t{PKG}\t0.005s\n", "frame"),
        ev("fail", elapsed=0.005),
    ]
    result = verdict(lines, ["TestOne", "TestTwo"])
    assert all(o.cause is Cause.PASSED for o in result.outcomes.values())
    assert result.teardown is not None
    teardown = result.teardown
    assert (teardown.cause, teardown.status, teardown.phase) == (
        Cause.PACKAGE_FAILED_AFTER_PASS,
        "error",
        "teardown",
    )
    assert result.context.output == "TestMain: leaked 3 goroutines\n"


def test_package_without_test_files() -> None:
    lines = [ev("start"), out(None, f"?   \t{PKG}\t[no test files]\n"), ev("skip", elapsed=0)]
    outcome = verdict(lines, ["TestX"], exit_code=0).outcome("TestX")
    assert (outcome.cause, outcome.status, outcome.phase) == (Cause.NO_TEST_FILES, "error", "setup")


def test_failfast_stops_the_package_before_later_tests() -> None:
    lines = [ev("start"), *failing("TestA", "first failure"), *package_fail()]
    result = verdict(lines, ["TestA", "TestB"])
    assert result.outcome("TestA").cause is Cause.FAILED
    later = result.outcome("TestB")
    assert (later.cause, later.status, later.phase) == (Cause.STOPPED_BEFORE, "error", "setup")


def test_a_test_go_did_not_run_in_a_package_that_passed() -> None:
    lines = [ev("start"), *passing("TestA"), *package_pass()]
    outcome = verdict(lines, ["TestA", "TestB"], exit_code=0).outcome("TestB")
    assert (outcome.cause, outcome.status, outcome.phase) == (Cause.NOT_RUN, "error", "setup")


# -- truncated streams ------------------------------------------------------------------------


def test_truncated_stream() -> None:
    lines = [
        ev("start"),
        *passing("TestDone"),
        ev("run", "TestRunning"),
        out("TestRunning", "    r_test.go:1: working\n"),
    ]
    result = verdict(lines, ["TestDone", "TestRunning", "TestLater"], exit_code=2)
    reason = "go test exited with status 2 without a result for this package"
    assert result.outcome("TestDone").cause is Cause.PASSED
    running = result.outcome("TestRunning")
    assert (running.cause, running.status) == (Cause.NO_RESULT, "failed")
    assert evidence_of(running).reason == reason
    assert "working" in evidence_of(running).output
    later = result.outcome("TestLater")
    assert (later.cause, later.status, later.phase) == (Cause.STREAM_ENDED_FIRST, "error", "setup")
    assert evidence_of(later).reason == reason
    assert evidence_of(later).culprit == "TestRunning"


def test_truncated_stream_without_any_event_and_with_stderr() -> None:
    folder = fold([], exit_code=2, stderr="go: invalid value for -count\n")
    run = folder.packages[PKG]
    assert run.done
    result = resolved(run, ["TestA"])
    outcome = result.outcome("TestA")
    assert (outcome.cause, outcome.status, outcome.phase) == (
        Cause.STREAM_ENDED_FIRST,
        "error",
        "setup",
    )
    assert "status 2" in (evidence_of(outcome).reason or "")
    assert evidence_of(outcome).culprit is None
    assert result.context.stderr == "go: invalid value for -count\n"


def test_stopped_process_reason() -> None:
    folder = fold([ev("start")], finish=False)
    folder.finish(None, "", reason="stopped by pytest")
    outcome = resolved(folder.packages[PKG], ["TestA"]).outcome("TestA")
    assert outcome.cause is Cause.STREAM_ENDED_FIRST
    assert evidence_of(outcome).reason == "stopped by pytest"


def test_a_crash_in_a_truncated_stream_still_names_the_culprit() -> None:
    lines = [ev("start"), ev("run", "TestB"), out("TestB", "panic: boom\n")]
    result = verdict(lines, ["TestB", "TestC"], exit_code=-9)
    assert result.outcome("TestB").cause is Cause.CRASHED
    later = result.outcome("TestC")
    assert later.cause is Cause.BINARY_DIED_FIRST
    assert evidence_of(later).culprit == "TestB"
