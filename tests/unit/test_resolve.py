"""resolve: a folded package and the selected tests -> one Outcome per test, with its Cause.

The standard: a Go test is PASSED only when Go emitted ``pass`` for every one of its runs;
every crash, timeout, exit, build failure and TestMain failure gets the cause that explains it,
with the evidence for it. Assertions are on causes and evidence; the words are test_explain's.
"""

from __future__ import annotations

import pytest
from stream_helpers import (
    PKG,
    ev,
    evidence_of,
    out,
    package_fail,
    package_pass,
    passing,
    subtest,
    verdict,
)

from pytest_gotest.core.outcome import Cause, Evidence

# -- pass / fail / skip ---------------------------------------------------------------------


def test_pass() -> None:
    lines = [ev("start"), *passing("TestA", "hello", elapsed=0.25), *package_pass()]
    result = verdict(lines, ["TestA"], exit_code=0)
    outcome = result.outcome("TestA")
    assert (outcome.cause, outcome.status, outcome.phase) == (Cause.PASSED, "passed", "call")
    assert outcome.evidence is None
    assert outcome.elapsed == pytest.approx(0.25)
    assert "hello" in outcome.output_text()
    assert "=== RUN" not in outcome.output_text()
    assert result.teardown is None
    assert result.notes == ()
    assert not result.cached
    assert not result.died_early


def test_cached_replay_is_detected() -> None:
    lines = [
        ev("start"),
        *passing("TestA"),
        out(None, "PASS\n", "frame"),
        out(None, f"ok  \t{PKG}\t(cached)\n"),
        ev("pass", elapsed=0),
    ]
    result = verdict(lines, ["TestA"], exit_code=0)
    assert result.cached
    assert result.outcome("TestA").cause is Cause.PASSED


def test_fail_go127_error_lines_are_evidence_apart_from_the_output() -> None:
    lines = [
        ev("start"),
        ev("run", "TestF"),
        out("TestF", "=== RUN   TestF\n", "frame"),
        out("TestF", "    f_test.go:5: just a log line\n"),
        out("TestF", "    f_test.go:6: want 3, got 2\n", "error"),
        out("TestF", "        second line of the error\n", "error-continue"),
        out("TestF", "--- FAIL: TestF (0.01s)\n", "frame"),
        ev("fail", "TestF", elapsed=0.01),
        *package_fail(),
    ]
    outcome = verdict(lines, ["TestF"]).outcome("TestF")
    assert (outcome.cause, outcome.status, outcome.phase) == (Cause.FAILED, "failed", "call")
    evidence = evidence_of(outcome)
    assert evidence.error_text == (
        "    f_test.go:6: want 3, got 2\n        second line of the error\n"
    )
    assert evidence.output == (
        "    f_test.go:5: just a log line\n"
        "    f_test.go:6: want 3, got 2\n"
        "        second line of the error\n"
    )
    assert evidence.own_crash == ""
    assert evidence.crash.summary == ""


def test_fail_go126_without_output_type_keeps_the_whole_output() -> None:
    lines = [
        ev("start"),
        ev("run", "TestF"),
        out("TestF", "=== RUN   TestF\n"),
        out("TestF", "    f_test.go:5: a log line\n"),
        out("TestF", "    f_test.go:6: want 3, got 2\n"),
        out("TestF", "--- FAIL: TestF (0.00s)\n"),
        ev("fail", "TestF", elapsed=0),
        out(None, "FAIL\n"),
        out(None, f"FAIL\t{PKG}\t0.005s\n"),
        ev("fail", elapsed=0.006),
    ]
    outcome = verdict(lines, ["TestF"]).outcome("TestF")
    assert outcome.cause is Cause.FAILED
    evidence = evidence_of(outcome)
    assert evidence.error_text == ""  # Go < 1.27 marks no error lines
    # Frames are recognised by their text when Go does not mark them.
    assert evidence.output == "    f_test.go:5: a log line\n    f_test.go:6: want 3, got 2\n"


def test_fail_without_any_output() -> None:
    lines = [ev("start"), ev("run", "TestF"), ev("fail", "TestF"), *package_fail()]
    outcome = verdict(lines, ["TestF"]).outcome("TestF")
    assert outcome.cause is Cause.FAILED
    assert evidence_of(outcome) == Evidence()


def test_skip_with_reason() -> None:
    lines = [
        ev("start"),
        ev("run", "TestS"),
        out("TestS", "=== RUN   TestS\n", "frame"),
        out("TestS", "    s_test.go:9: needs docker\n"),
        out("TestS", "--- SKIP: TestS (0.00s)\n", "frame"),
        ev("skip", "TestS", elapsed=0),
        *package_pass(),
    ]
    outcome = verdict(lines, ["TestS"], exit_code=0).outcome("TestS")
    assert (outcome.cause, outcome.status, outcome.phase) == (Cause.SKIPPED, "skipped", "call")
    assert evidence_of(outcome).output == "    s_test.go:9: needs docker\n"


def test_skip_now_without_reason() -> None:
    lines = [ev("start"), ev("run", "TestS"), ev("skip", "TestS"), *package_pass()]
    outcome = verdict(lines, ["TestS"], exit_code=0).outcome("TestS")
    assert outcome.cause is Cause.SKIPPED
    assert evidence_of(outcome).output == ""


def test_attrs_are_kept() -> None:
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("attr", "TestA", key="jira", value="PROJ-1"),
        ev("attr", "TestA", key="owner", value="team a"),
        ev("pass", "TestA"),
        *package_pass(),
    ]
    outcome = verdict(lines, ["TestA"], exit_code=0).outcome("TestA")
    assert outcome.attrs == (("jira", "PROJ-1"), ("owner", "team a"))


# -- subtests ---------------------------------------------------------------------------------


def nested_stream() -> list[str]:
    return [
        ev("start"),
        ev("run", "TestN"),
        out("TestN", "=== RUN   TestN\n", "frame"),
        ev("run", "TestN/a"),
        out("TestN/a", "=== RUN   TestN/a\n", "frame"),
        ev("run", "TestN/a/deep"),
        out("TestN/a/deep", "=== RUN   TestN/a/deep\n", "frame"),
        out("TestN/a/deep", "    n_test.go:9: deep failure\n", "error"),
        out("TestN/a/deep", "    --- FAIL: TestN/a/deep (0.00s)\n", "frame"),
        ev("fail", "TestN/a/deep", elapsed=0),
        ev("run", "TestN/a/ok"),
        ev("pass", "TestN/a/ok"),
        out("TestN/a", "  --- FAIL: TestN/a (0.00s)\n", "frame"),
        ev("fail", "TestN/a", elapsed=0),
        ev("run", "TestN/b"),
        ev("skip", "TestN/b"),
        ev("run", "TestN/c"),
        out("TestN/c", "    n_test.go:20: c log\n"),
        ev("pass", "TestN/c"),
        out("TestN", "--- FAIL: TestN (0.00s)\n", "frame"),
        ev("fail", "TestN", elapsed=0),
        *package_fail(),
    ]


def test_nested_subtests_and_parent_failing_because_of_a_child() -> None:
    outcome = verdict(nested_stream(), ["TestN"]).outcome("TestN")
    assert (outcome.cause, outcome.status, outcome.phase) == (Cause.FAILED, "failed", "call")
    assert evidence_of(outcome).failed_subtests == ("TestN/a", "TestN/a/deep")
    causes = {s.name: s.cause for s in outcome.subtests}
    assert causes == {
        "TestN/a": Cause.FAILED,
        "TestN/a/deep": Cause.FAILED,
        "TestN/a/ok": Cause.PASSED,
        "TestN/b": Cause.SKIPPED,
        "TestN/c": Cause.PASSED,
    }
    deep = subtest(outcome, "TestN/a/deep")
    assert evidence_of(deep).error_text == "    n_test.go:9: deep failure\n"
    assert "c log" in subtest(outcome, "TestN/c").output_text()


def test_subtests_belong_to_their_own_parent_only() -> None:
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("run", "TestA/x"),
        ev("pass", "TestA/x"),
        ev("pass", "TestA"),
        ev("run", "TestAB"),
        ev("run", "TestAB/x"),
        ev("fail", "TestAB/x"),
        ev("fail", "TestAB"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestA", "TestAB"])
    assert [s.name for s in result.outcome("TestA").subtests] == ["TestA/x"]
    assert [s.name for s in result.outcome("TestAB").subtests] == ["TestAB/x"]
    assert result.outcome("TestA").cause is Cause.PASSED
    assert result.outcome("TestAB").cause is Cause.FAILED


def test_passed_parent_with_subtests_keeps_its_output() -> None:
    lines = [
        ev("start"),
        ev("run", "TestP"),
        out("TestP", "=== RUN   TestP\n", "frame"),
        ev("run", "TestP/s"),
        ev("pass", "TestP/s"),
        out("TestP", "    p_test.go:49: cleanup runs after the subtests\n"),
        out("TestP", "--- PASS: TestP (0.01s)\n", "frame"),
        ev("pass", "TestP", elapsed=0.01),
        *package_pass(),
    ]
    outcome = verdict(lines, ["TestP"], exit_code=0).outcome("TestP")
    assert outcome.cause is Cause.PASSED
    assert "cleanup runs after the subtests" in outcome.output_text()


# -- crashes, timeouts, exits -------------------------------------------------------------------


def test_crash_while_running_and_later_tests_never_started() -> None:
    lines = [
        ev("start"),
        *passing("TestA"),
        ev("run", "TestB"),
        out("TestB", "=== RUN   TestB\n", "frame"),
        out("TestB", "    b_test.go:3: about to index\n"),
        out("TestB", "panic: runtime error: index out of range [3] with length 3\n"),
        out("TestB", "\n"),
        out("TestB", "goroutine 7 [running]:\n"),
        out("TestB", "example.com/p.TestB.func1()\n"),
        out(None, f"FAIL\t{PKG}\t0.010s\n", "frame"),
        ev("fail", elapsed=0.01),
    ]
    result = verdict(lines, ["TestA", "TestB", "TestC"])
    assert result.outcome("TestA").cause is Cause.PASSED
    crashed = result.outcome("TestB")
    assert (crashed.cause, crashed.status, crashed.phase) == (Cause.CRASHED, "failed", "call")
    crash = evidence_of(crashed).crash
    assert crash.summary == "panic: runtime error: index out of range [3] with length 3"
    assert "goroutine 7 [running]:" in crash.text
    assert (crash.holder, crash.culprit) == ("TestB", "TestB")
    assert evidence_of(crashed).culprit == "TestB"
    never = result.outcome("TestC")
    assert (never.cause, never.status, never.phase) == (Cause.BINARY_DIED_FIRST, "error", "setup")
    assert evidence_of(never).culprit == "TestB"
    assert evidence_of(never).crash == crash
    assert result.context.crash == crash


def test_panic_with_fail_frames_names_the_panicking_test() -> None:
    # A panic in a test: Go prints --- FAIL for the chain, then the trace.
    lines = [
        ev("start"),
        ev("run", "TestP"),
        out("TestP", "=== RUN   TestP\n", "frame"),
        out("TestP", "--- FAIL: TestP (0.00s)\n", "frame"),
        out("TestP", "panic: assignment to entry in nil map [recovered, repanicked]\n"),
        out("TestP", "goroutine 8 [running]:\n"),
        ev("fail", "TestP"),
        out(None, f"FAIL\t{PKG}\t0.020s\n", "frame"),
        ev("fail"),
    ]
    result = verdict(lines, ["TestP", "TestLater"])
    failed = result.outcome("TestP")
    assert failed.cause is Cause.FAILED
    assert evidence_of(failed).own_crash == (
        "panic: assignment to entry in nil map [recovered, repanicked]"
    )
    assert evidence_of(failed).crash.culprit == "TestP"
    later = result.outcome("TestLater")
    assert (later.cause, later.status, later.phase) == (Cause.BINARY_DIED_FIRST, "error", "setup")
    assert evidence_of(later).culprit == "TestP"


def test_exit_without_trace() -> None:
    lines = [
        ev("start"),
        ev("run", "TestExit"),
        out("TestExit", "=== RUN   TestExit\n", "frame"),
        ev("run", "TestExit/sub"),
        out("TestExit/sub", "=== RUN   TestExit/sub\n", "frame"),
        out(None, "exit status 3\n"),
        out(None, f"FAIL\t{PKG}\t0.005s\n", "frame"),
        ev("fail"),
    ]
    result = verdict(lines, ["TestExit", "TestNever"])
    outcome = result.outcome("TestExit")
    assert (outcome.cause, outcome.status) == (Cause.EXITED, "failed")
    assert evidence_of(outcome).exit_line == "exit status 3"
    assert evidence_of(outcome).crash.summary == ""
    assert subtest(outcome, "TestExit/sub").cause is Cause.EXITED
    never = result.outcome("TestNever")
    assert never.cause is Cause.BINARY_DIED_FIRST
    assert evidence_of(never).culprit == "TestExit"


def test_timeout() -> None:
    trace = [
        "panic: test timed out after 2s\n",
        "\trunning tests:\n",
        "\t\tTestSlow (2s)\n",
        "\t\tTestSlow/inner (2s)\n",
        "\n",
        "goroutine 7 [running]:\n",
        "testing.(*M).startAlarm.func1()\n",
    ]
    lines = [
        ev("start"),
        *passing("TestFast"),
        ev("run", "TestPaused"),
        ev("pause", "TestPaused"),
        ev("run", "TestSlow"),
        out("TestSlow", "=== RUN   TestSlow\n", "frame"),
        ev("run", "TestSlow/inner"),
        out("TestSlow/inner", "=== RUN   TestSlow/inner\n", "frame"),
        *(out("TestSlow/inner", line) for line in trace),
        out(None, f"FAIL\t{PKG}\t2.008s\n", "frame"),
        ev("fail", elapsed=2.008),
    ]
    result = verdict(lines, ["TestFast", "TestPaused", "TestSlow", "TestNever"])
    assert result.outcome("TestFast").cause is Cause.PASSED
    slow = result.outcome("TestSlow")
    assert (slow.cause, slow.status, slow.phase) == (Cause.TIMED_OUT, "failed", "call")
    crash = evidence_of(slow).crash
    assert crash.timeout == "2s"
    assert crash.timed_out == frozenset({"TestSlow", "TestSlow/inner"})
    assert crash.culprit == "TestSlow"
    assert subtest(slow, "TestSlow/inner").cause is Cause.TIMED_OUT
    # A paused parallel test was waiting for its turn (Go's timeout lists only the running
    # tests): not run, as the tests after it.
    paused = result.outcome("TestPaused")
    assert paused.cause is Cause.BINARY_DIED_FIRST
    assert evidence_of(paused).paused
    assert evidence_of(paused).culprit == "TestSlow"
    never = result.outcome("TestNever")
    assert (never.cause, never.status, never.phase) == (Cause.BINARY_DIED_FIRST, "error", "setup")
    assert evidence_of(never).culprit == "TestSlow"


def test_signal_after_the_last_report_line_is_the_packages() -> None:
    """test2json holds a test's end event until the next line: when the binary is killed
    right after a test printed its report line, go's ``signal: killed`` is labelled with that
    test (pgregory.net/rapid, OOM-killed in the parallel TestDataVis after TestGenUintN
    skipped). It says how the binary died, not what the finished test printed."""
    lines = [
        ev("start"),
        ev("run", "TestBig"),
        out("TestBig", "=== RUN   TestBig\n", "frame"),
        ev("pause", "TestBig"),
        out("TestBig", "=== PAUSE TestBig\n", "frame"),
        ev("run", "TestDone"),
        out("TestDone", "=== RUN   TestDone\n", "frame"),
        ev("cont", "TestBig"),
        out("TestBig", "=== CONT  TestBig\n", "frame"),
        out("TestDone", "    done_test.go:9: no uints today\n"),
        out("TestDone", "--- SKIP: TestDone (0.00s)\n", "frame"),
        out("TestDone", "signal: killed\n"),
        ev("skip", "TestDone", elapsed=0),
        out(None, f"FAIL\t{PKG}\t110.364s\n", "frame"),
        ev("fail", elapsed=110.365),
    ]
    result = verdict(lines, ["TestBig", "TestDone", "TestNever"])
    done = result.outcome("TestDone")
    assert done.cause is Cause.SKIPPED
    assert "signal: killed" not in done.output_text()
    big = result.outcome("TestBig")
    assert big.cause is Cause.CRASHED
    assert evidence_of(big).crash.summary == "signal: killed"
    never = result.outcome("TestNever")
    assert never.cause is Cause.BINARY_DIED_FIRST
    assert evidence_of(never).culprit == "TestBig"
    assert evidence_of(never).crash.summary == "signal: killed"


def test_signal_killed() -> None:
    lines = [
        ev("start"),
        ev("run", "TestK"),
        out("TestK", "signal: killed\n"),
        out(None, f"FAIL\t{PKG}\t0.024s\n", "frame"),
        ev("fail"),
    ]
    outcome = verdict(lines, ["TestK"]).outcome("TestK")
    assert outcome.cause is Cause.CRASHED
    assert evidence_of(outcome).crash.summary == "signal: killed"


def _goroutine_panic_after_pass(test: str) -> list[str]:
    """A test whose goroutine panics right after the test passed: test2json files the trace
    under the test, between its report line and its ``pass`` event (the order seen in about
    half of the runs of such a test)."""
    return [
        ev("run", test),
        out(test, f"=== RUN   {test}\n", "frame"),
        out(test, f"--- PASS: {test} (0.01s)\n", "frame"),
        out(test, "panic: panic in goroutine\n"),
        out(test, "\n"),
        out(test, "goroutine 8 [running]:\n"),
        out(test, f"{PKG}.{test}.func1()\n"),
        out(test, "\t/src/p/g_test.go:17 +0x5b\n"),
        out(test, f"created by {PKG}.{test} in goroutine 7\n"),
        ev("pass", test, elapsed=0.01),
        out(None, f"FAIL\t{PKG}\t0.016s\n", "frame"),
        ev("fail", elapsed=0.016),
    ]


def test_a_panic_after_the_last_pass_is_the_crash_not_forged_framing() -> None:
    # The binary died after TestG passed, before m.Run's last line: the passes were taken for
    # framing printed before m.Run (errors "forged"), and the panic was shown nowhere.
    lines = [ev("start"), *passing("TestA"), *_goroutine_panic_after_pass("TestG")]
    result = verdict(lines, ["TestA", "TestG", "TestZ"])
    assert result.outcome("TestA").cause is Cause.PASSED
    assert result.outcome("TestG").cause is Cause.PASSED  # Go passed it; the crash came after
    never = result.outcome("TestZ")
    assert (never.cause, never.status, never.phase) == (Cause.BINARY_DIED_FIRST, "error", "setup")
    crash = evidence_of(never).crash
    assert crash.summary == "panic: panic in goroutine"
    assert "created by" in crash.text
    assert crash.culprit == "TestG"


def test_a_panic_after_every_test_passed_fails_the_package_with_it() -> None:
    lines = [ev("start"), *passing("TestA"), *_goroutine_panic_after_pass("TestG")]
    result = verdict(lines, ["TestA", "TestG"])
    assert [o.cause for o in result.outcomes.values()] == [Cause.PASSED, Cause.PASSED]
    assert result.teardown is not None
    assert result.teardown.cause is Cause.PACKAGE_FAILED_AFTER_PASS
    assert result.context.crash.summary == "panic: panic in goroutine"


def test_a_test_waiting_in_t_parallel_when_another_panicked_was_not_run() -> None:
    # TestTopA and TestSeq/par/wait paused in t.Parallel (no cont) when TestSeq/par/boom
    # panicked: they were FAILED with boom's panic, though neither ran past t.Parallel.
    lines = [
        ev("start"),
        ev("run", "TestTopA"),
        ev("pause", "TestTopA"),
        ev("run", "TestSeq"),
        ev("run", "TestSeq/par"),
        ev("run", "TestSeq/par/wait"),
        ev("pause", "TestSeq/par/wait"),
        ev("run", "TestSeq/par/boom"),
        ev("pause", "TestSeq/par/boom"),
        ev("cont", "TestSeq/par/boom"),
        out("TestSeq/par/boom", "panic: parallel boom\n"),
        out("TestSeq/par/boom", "\n"),
        out("TestSeq/par/boom", "goroutine 9 [running]:\n"),
        out("TestSeq/par/boom", f"{PKG}.TestSeq.func2.2()\n"),
        ev("fail", "TestSeq/par/boom"),
        ev("fail", "TestSeq/par"),
        ev("fail", "TestSeq"),
        out(None, f"FAIL\t{PKG}\t0.060s\n", "frame"),
        ev("fail", elapsed=0.06),
    ]
    result = verdict(lines, ["TestTopA", "TestSeq", "TestLater"])
    waiting = result.outcome("TestTopA")
    assert (waiting.cause, waiting.status) == (Cause.BINARY_DIED_FIRST, "error")
    assert evidence_of(waiting).paused
    assert evidence_of(waiting).culprit == "TestSeq"
    seq = result.outcome("TestSeq")
    assert seq.status == "failed"
    by_name = {sub.name: sub for sub in seq.subtests}
    assert by_name["TestSeq/par/boom"].status == "failed"
    assert by_name["TestSeq/par/wait"].cause is Cause.BINARY_DIED_FIRST
    later = result.outcome("TestLater")
    assert later.cause is Cause.BINARY_DIED_FIRST
    assert not evidence_of(later).paused


def test_a_test_waiting_in_t_parallel_when_another_exited_was_not_run() -> None:
    # TestExit calls os.Exit(1) while TestPar waits in t.Parallel: no trace, no result.
    lines = [
        ev("start"),
        ev("run", "TestPar"),
        ev("pause", "TestPar"),
        ev("run", "TestExit"),
        out("TestExit", "=== RUN   TestExit\n", "frame"),
        out(None, f"FAIL\t{PKG}\t0.010s\n", "frame"),
        ev("fail", elapsed=0.01),
    ]
    result = verdict(lines, ["TestPar", "TestExit"])
    waiting = result.outcome("TestPar")
    assert (waiting.cause, waiting.status) == (Cause.BINARY_DIED_FIRST, "error")
    assert evidence_of(waiting).culprit == "TestExit"
    assert result.outcome("TestExit").cause is Cause.EXITED


def test_late_failure_blames_the_test_whose_goroutine_failed() -> None:
    # t.Error from a goroutine of TestB after TestB returned: the binary panics while TestC
    # runs, and test2json files the trace under TestC.
    lines = [
        ev("start"),
        *passing("TestB"),
        ev("run", "TestC"),
        out("TestC", "panic: Fail in goroutine after TestB has completed\n"),
        out("TestC", "goroutine 9 [running]:\n"),
        out(None, f"FAIL\t{PKG}\t0.020s\n", "frame"),
        ev("fail"),
    ]
    result = verdict(lines, ["TestB", "TestC", "TestD"])
    late = result.outcome("TestB")
    assert (late.cause, late.status, late.phase) == (Cause.LATE_FAILURE, "failed", "call")
    assert evidence_of(late).crash.late_fail == "TestB"
    innocent = result.outcome("TestC")
    assert innocent.cause is Cause.CRASHED
    assert evidence_of(innocent).culprit == "TestB"
    never = result.outcome("TestD")
    assert never.cause is Cause.BINARY_DIED_FIRST
    assert evidence_of(never).culprit == "TestB"


def test_running_test_in_a_passing_package_is_forged_not_passed() -> None:
    # A `run` with no result in a package that passed (raw ^V byte): Go never said pass.
    lines = [ev("start"), *passing("TestReal"), ev("run", "TestGhost"), *package_pass()]
    result = verdict(lines, ["TestReal", "TestGhost"], exit_code=0)
    assert result.outcome("TestReal").cause is Cause.PASSED
    ghost = result.outcome("TestGhost")
    assert (ghost.cause, ghost.status, ghost.phase) == (Cause.FORGED, "error", "setup")
    assert evidence_of(ghost).said is None


def test_os_exit_0_during_a_test_under_test2json() -> None:
    # Without -test.paniconexit0 the stream ends with a frameless `pass` under the test's name.
    lines = [ev("start"), *passing("TestA"), ev("run", "TestX"), ev("pass", "TestX")]
    result = verdict(lines, ["TestA", "TestX", "TestNever"], exit_code=0)
    assert result.outcome("TestA").cause is Cause.PASSED
    assert result.outcome("TestX").cause is Cause.EXITED_ZERO
    never = result.outcome("TestNever")
    assert never.cause is Cause.BINARY_DIED_FIRST
    assert evidence_of(never).culprit == "TestX"
