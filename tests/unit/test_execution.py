"""StreamFolder + resolve on hand-written event streams (FACTS.md sections 3-6).

The standard: a Go test is ``passed`` only when Go emitted ``pass`` for it; every crash,
timeout, exit, build failure and TestMain failure is attributed to the tests it affected.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_gotest.core.events import OutputEvent, parse_line
from pytest_gotest.core.execution import (
    CaptureLimits,
    OutputBuffer,
    PackageRun,
    PackageVerdict,
    StreamFolder,
    TestOutcome,
    resolve,
)

PKG = "example.com/p"
_CLOCK = iter(range(10**9))


def ev(
    action: str,
    test: str | None = None,
    *,
    pkg: str = PKG,
    output: str | None = None,
    output_type: str | None = None,
    elapsed: float | None = None,
    failed_build: str | None = None,
    key: str | None = None,
    value: str | None = None,
    time: bool = True,
) -> str:
    """One ``go test -json`` TestEvent line, fields in Go's struct order."""
    obj: dict[str, object] = {}
    if time:
        obj["Time"] = f"2026-11-27T16:33:51.{next(_CLOCK):09d}Z"
    obj["Action"] = action
    obj["Package"] = pkg
    if test is not None:
        obj["Test"] = test
    if elapsed is not None:
        obj["Elapsed"] = elapsed
    if output is not None:
        obj["Output"] = output
    if output_type is not None:
        obj["OutputType"] = output_type
    if failed_build is not None:
        obj["FailedBuild"] = failed_build
    if key is not None:
        obj["Key"] = key
    if value is not None:
        obj["Value"] = value
    return json.dumps(obj, separators=(",", ":")) + "\n"


def out(test: str | None, text: str, kind: str | None = None, *, pkg: str = PKG) -> str:
    return ev("output", test, pkg=pkg, output=text, output_type=kind)


def bev(action: str, import_path: str, output: str | None = None) -> str:
    obj: dict[str, str] = {"ImportPath": import_path, "Action": action}
    if output is not None:
        obj["Output"] = output
    return json.dumps(obj, separators=(",", ":")) + "\n"


def passing(test: str, *logs: str, pkg: str = PKG, elapsed: float = 0.0) -> list[str]:
    return [
        ev("run", test, pkg=pkg),
        out(test, f"=== RUN   {test}\n", "frame", pkg=pkg),
        *(out(test, f"    x_test.go:1: {line}\n", pkg=pkg) for line in logs),
        out(test, f"--- PASS: {test} ({elapsed:.2f}s)\n", "frame", pkg=pkg),
        ev("pass", test, pkg=pkg, elapsed=elapsed),
    ]


def package_pass(pkg: str = PKG) -> list[str]:
    return [
        out(None, "PASS\n", "frame", pkg=pkg),
        out(None, f"ok  \t{pkg}\t0.005s\n", pkg=pkg),
        ev("pass", pkg=pkg, elapsed=0.006),
    ]


def package_fail(pkg: str = PKG, *, tail: str = "FAIL\n") -> list[str]:
    lines = [out(None, tail, "frame", pkg=pkg)] if tail else []
    return [
        *lines,
        out(None, f"FAIL\t{pkg}\t0.005s\n", "frame", pkg=pkg),
        ev("fail", pkg=pkg, elapsed=0.006),
    ]


def fold(
    lines: Iterable[str],
    packages: Sequence[str] = (PKG,),
    *,
    exit_code: int | None = None,
    stderr: str = "",
    finish: bool = True,
    limits: CaptureLimits | None = None,
) -> StreamFolder:
    folder = StreamFolder(packages, limits or CaptureLimits())
    for line in lines:
        folder.feed_line(line)
    if finish:
        folder.finish(exit_code, stderr)
    return folder


def verdict(
    lines: Iterable[str],
    selected: Sequence[str],
    *,
    exit_code: int | None = 1,
    stderr: str = "",
    pkg: str = PKG,
) -> PackageVerdict:
    folder = fold(lines, [pkg], exit_code=exit_code, stderr=stderr)
    run = folder.packages[pkg]
    try:
        return resolve(run, selected)
    finally:
        run.close()


def subtest(outcome: TestOutcome, name: str) -> TestOutcome:
    for sub in outcome.subtests:
        if sub.name == name:
            return sub
    raise AssertionError(f"{name} not among {[s.name for s in outcome.subtests]}")


# -- pass / fail / skip ---------------------------------------------------------------------


def test_pass() -> None:
    lines = [ev("start"), *passing("TestA", "hello", elapsed=0.25), *package_pass()]
    result = verdict(lines, ["TestA"], exit_code=0)
    outcome = result.outcomes["TestA"]
    assert (outcome.status, outcome.phase, outcome.message) == ("passed", "call", "")
    assert outcome.elapsed == pytest.approx(0.25)
    assert "hello" in outcome.output_text()
    assert "=== RUN" not in outcome.output_text()
    assert result.teardown_error is None
    assert result.warnings == ()
    assert not result.cached


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
    assert result.outcomes["TestA"].status == "passed"


def test_fail_go127_error_lines_first() -> None:
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
    outcome = verdict(lines, ["TestF"]).outcomes["TestF"]
    assert (outcome.status, outcome.phase) == ("failed", "call")
    assert outcome.message == "f_test.go:6: want 3, got 2"
    assert outcome.details.startswith("f_test.go:6: want 3, got 2\n    second line of the error")
    assert "just a log line" in outcome.details  # the whole output follows
    assert outcome.details.index("want 3") < outcome.details.index("just a log line")
    assert "--- FAIL" not in outcome.output
    assert "=== RUN" not in outcome.output


def test_fail_go126_without_output_type_shows_whole_output() -> None:
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
    outcome = verdict(lines, ["TestF"]).outcomes["TestF"]
    assert outcome.status == "failed"
    assert outcome.message == "f_test.go:5: a log line"
    assert "f_test.go:5: a log line\nf_test.go:6: want 3, got 2" in outcome.details
    # Frames are recognised by their text when Go does not mark them.
    assert "=== RUN" not in outcome.output
    assert "--- FAIL" not in outcome.output


def test_fail_without_any_output() -> None:
    lines = [ev("start"), ev("run", "TestF"), ev("fail", "TestF"), *package_fail()]
    outcome = verdict(lines, ["TestF"]).outcomes["TestF"]
    assert outcome.status == "failed"


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
    outcome = verdict(lines, ["TestS"], exit_code=0).outcomes["TestS"]
    assert (outcome.status, outcome.phase) == ("skipped", "call")
    assert outcome.message == "s_test.go:9: needs docker"
    assert "needs docker" in outcome.details


def test_skip_now_without_reason() -> None:
    lines = [ev("start"), ev("run", "TestS"), ev("skip", "TestS"), *package_pass()]
    outcome = verdict(lines, ["TestS"], exit_code=0).outcomes["TestS"]
    assert outcome.status == "skipped"
    assert outcome.message


def test_attrs_are_kept() -> None:
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("attr", "TestA", key="jira", value="PROJ-1"),
        ev("attr", "TestA", key="owner", value="team a"),
        ev("pass", "TestA"),
        *package_pass(),
    ]
    outcome = verdict(lines, ["TestA"], exit_code=0).outcomes["TestA"]
    assert outcome.attrs == (("jira", "PROJ-1"), ("owner", "team a"))


# -- subtests ---------------------------------------------------------------------------------


def _nested_stream() -> list[str]:
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
    outcome = verdict(_nested_stream(), ["TestN"]).outcomes["TestN"]
    assert (outcome.status, outcome.phase) == ("failed", "call")
    assert "TestN/a/deep" in outcome.message or "TestN/a/deep" in outcome.details
    statuses = {s.name: s.status for s in outcome.subtests}
    assert statuses == {
        "TestN/a": "failed",
        "TestN/a/deep": "failed",
        "TestN/a/ok": "passed",
        "TestN/b": "skipped",
        "TestN/c": "passed",
    }
    assert subtest(outcome, "TestN/a/deep").message == "n_test.go:9: deep failure"


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
    assert [s.name for s in result.outcomes["TestA"].subtests] == ["TestA/x"]
    assert [s.name for s in result.outcomes["TestAB"].subtests] == ["TestAB/x"]
    assert result.outcomes["TestA"].status == "passed"


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
    outcome = verdict(lines, ["TestP"], exit_code=0).outcomes["TestP"]
    assert outcome.status == "passed"
    assert "cleanup runs after the subtests" in outcome.output_text()


def test_parallel_output_is_attributed_by_the_test_field() -> None:
    lines = [
        ev("start"),
        ev("run", "TestP1"),
        out("TestP1", "=== RUN   TestP1\n", "frame"),
        out("TestP1", "=== PAUSE TestP1\n", "frame"),
        ev("pause", "TestP1"),
        ev("run", "TestP2"),
        out("TestP2", "=== RUN   TestP2\n", "frame"),
        out("TestP2", "=== PAUSE TestP2\n", "frame"),
        ev("pause", "TestP2"),
        ev("cont", "TestP1"),
        out("TestP1", "=== CONT  TestP1\n", "frame"),
        ev("cont", "TestP2"),
        out("TestP2", "=== CONT  TestP2\n", "frame"),
        out("TestP1", "    p_test.go:1: P1 step 1\n"),
        out("TestP2", "    p_test.go:2: P2 step 1\n"),
        out("TestP1", "    p_test.go:3: P1 broke\n", "error"),
        out("TestP2", "    p_test.go:4: P2 step 2\n"),
        out("TestP2", "--- PASS: TestP2 (0.00s)\n", "frame"),
        ev("pass", "TestP2"),
        out("TestP1", "--- FAIL: TestP1 (0.00s)\n", "frame"),
        ev("fail", "TestP1"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestP1", "TestP2"])
    p1, p2 = result.outcomes["TestP1"], result.outcomes["TestP2"]
    assert p1.status == "failed"
    assert p1.message == "p_test.go:3: P1 broke"
    assert "P1 step 1" in p1.details
    assert "P2" not in p1.details
    assert p2.status == "passed"
    assert "P2 step 1" in p2.output_text()
    assert "P2 step 2" in p2.output_text()
    assert "P1" not in p2.output_text()


def test_packages_interleave_by_package_field() -> None:
    a, b = "example.com/a", "example.com/b"
    lines = [
        ev("start", pkg=a),
        ev("start", pkg=b),
        ev("run", "TestSame", pkg=a),
        ev("run", "TestSame", pkg=b),
        out("TestSame", "    a says hi\n", pkg=a),
        out("TestSame", "    b broke\n", "error", pkg=b),
        ev("pass", "TestSame", pkg=a),
        ev("fail", "TestSame", pkg=b),
        *package_fail(b),
        *package_pass(a),
    ]
    done: list[str] = []
    folder = StreamFolder([a, b], CaptureLimits(), on_done=lambda run: done.append(run.import_path))
    for line in lines:
        folder.feed_line(line)
    folder.finish(1, "")
    assert done == [b, a]
    result_a = resolve(folder.packages[a], ["TestSame"])
    result_b = resolve(folder.packages[b], ["TestSame"])
    assert result_a.outcomes["TestSame"].status == "passed"
    assert result_b.outcomes["TestSame"].status == "failed"
    assert result_b.outcomes["TestSame"].message == "b broke"


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
    assert result.outcomes["TestA"].status == "passed"
    crashed = result.outcomes["TestB"]
    assert (crashed.status, crashed.phase) == ("failed", "call")
    assert crashed.message == "panic: runtime error: index out of range [3] with length 3"
    assert "goroutine 7" in crashed.details
    never = result.outcomes["TestC"]
    assert (never.status, never.phase) == ("error", "setup")
    assert "TestB" in never.message
    assert "not run" in never.message


def test_panic_with_fail_frames_names_the_panicking_test() -> None:
    # A panic in a test: Go prints --- FAIL for the chain, then the trace (FACTS.md section 5).
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
    assert result.outcomes["TestP"].status == "failed"
    assert result.outcomes["TestP"].message.startswith("panic: assignment to entry in nil map")
    later = result.outcomes["TestLater"]
    assert (later.status, later.phase) == ("error", "setup")
    assert "TestP" in later.message


def test_exit_without_trace() -> None:
    lines = [
        ev("start"),
        ev("run", "TestExit"),
        out("TestExit", "=== RUN   TestExit\n", "frame"),
        ev("run", "TestExit/sub"),
        out("TestExit/sub", "=== RUN   TestExit/sub\n", "frame"),
        out(None, f"FAIL\t{PKG}\t0.005s\n", "frame"),
        ev("fail"),
    ]
    result = verdict(lines, ["TestExit", "TestNever"])
    outcome = result.outcomes["TestExit"]
    assert outcome.status == "failed"
    assert subtest(outcome, "TestExit/sub").status == "failed"
    assert result.outcomes["TestNever"].status == "error"
    assert "TestExit" in result.outcomes["TestNever"].message


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
        ev("run", "TestSlow"),
        out("TestSlow", "=== RUN   TestSlow\n", "frame"),
        ev("run", "TestSlow/inner"),
        out("TestSlow/inner", "=== RUN   TestSlow/inner\n", "frame"),
        *(out("TestSlow/inner", line) for line in trace),
        out(None, f"FAIL\t{PKG}\t2.008s\n", "frame"),
        ev("fail", elapsed=2.008),
    ]
    result = verdict(lines, ["TestFast", "TestSlow", "TestNever"])
    assert result.outcomes["TestFast"].status == "passed"
    slow = result.outcomes["TestSlow"]
    assert (slow.status, slow.phase) == ("failed", "call")
    assert slow.message == "test timed out after 2s"
    assert subtest(slow, "TestSlow/inner").message == "test timed out after 2s"
    never = result.outcomes["TestNever"]
    assert (never.status, never.phase) == ("error", "setup")
    assert "TestSlow" in never.message


def test_signal_killed() -> None:
    lines = [
        ev("start"),
        ev("run", "TestK"),
        out("TestK", "signal: killed\n"),
        out(None, f"FAIL\t{PKG}\t0.024s\n", "frame"),
        ev("fail"),
    ]
    outcome = verdict(lines, ["TestK"]).outcomes["TestK"]
    assert outcome.status == "failed"
    assert outcome.message == "signal: killed"


def test_running_test_in_a_passing_package_is_not_passed() -> None:
    # A forged `=== RUN` (raw ^V byte, FACTS.md section 4): Go never said pass.
    lines = [ev("start"), *passing("TestReal"), ev("run", "TestGhost"), *package_pass()]
    result = verdict(lines, ["TestReal", "TestGhost"], exit_code=0)
    assert result.outcomes["TestReal"].status == "passed"
    assert result.outcomes["TestGhost"].status != "passed"


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
        outcome = result.outcomes[name]
        assert (outcome.status, outcome.phase) == ("error", "setup")
        assert outcome.message == f"build failed: {root}"
        assert "declared and not used: x" in outcome.details
    assert result.teardown_error is None


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
    outcome = verdict(lines, ["TestA"]).outcomes["TestA"]
    assert outcome.status == "error"
    assert dep in outcome.message
    assert "dep/b.go:3:23" in outcome.details


def test_legacy_build_text_on_stderr() -> None:
    # GODEBUG=gotestjsonbuildtext=1: no build events, errors as text on stderr.
    lines = [ev("start"), out(None, f"FAIL\t{PKG} [build failed]\n", "frame"), ev("fail")]
    stderr = f"# {PKG} [{PKG}.test]\n./a_test.go:7:6: undefined: undefinedFunc\n"
    outcome = verdict(lines, ["TestA"], stderr=stderr).outcomes["TestA"]
    assert (outcome.status, outcome.phase) == ("error", "setup")
    assert "undefined: undefinedFunc" in outcome.details


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
    outcome = verdict(lines, ["TestF"]).outcomes["TestF"]
    assert (outcome.status, outcome.phase) == ("error", "setup")
    assert "no required module provides package" in outcome.details


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
        assert (outcome.status, outcome.phase) == ("error", "setup")
        assert "not run" in outcome.message
        assert "cannot connect to the database" in outcome.details


def test_testmain_never_runs_tests_but_package_passes() -> None:
    lines = [
        ev("start"),
        out(None, "TestMain: skipping everything\n"),
        out(None, f"ok  \t{PKG}\t0.004s\n"),
        ev("pass", elapsed=0.004),
    ]
    result = verdict(lines, ["TestOne"], exit_code=0)
    outcome = result.outcomes["TestOne"]
    assert (outcome.status, outcome.phase) == ("error", "setup")
    assert outcome.message.startswith("not run")
    assert "skipping everything" in outcome.details


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
    assert all(o.status == "passed" for o in result.outcomes.values())
    assert result.teardown_error is not None
    assert "leaked 3 goroutines" in result.teardown_error


def test_package_without_test_files() -> None:
    lines = [ev("start"), out(None, f"?   \t{PKG}\t[no test files]\n"), ev("skip", elapsed=0)]
    outcome = verdict(lines, ["TestX"], exit_code=0).outcomes["TestX"]
    assert (outcome.status, outcome.phase) == ("error", "setup")


def test_uncollected_report_is_a_warning_not_an_outcome() -> None:
    # init() printing framing text before the first marker forges events (init_spoof).
    lines = [
        ev("start"),
        ev("run", "TestGhost"),
        out("TestGhost", "=== RUN   TestGhost\n", "frame"),
        out("TestGhost", "--- FAIL: TestGhost (0.00s)\n", "frame"),
        ev("fail", "TestGhost"),
        *passing("TestReal"),
        *package_pass(),
    ]
    result = verdict(lines, ["TestReal"], exit_code=0)
    assert set(result.outcomes) == {"TestReal"}
    assert result.outcomes["TestReal"].status == "passed"
    assert len(result.warnings) == 1
    assert "TestGhost" in result.warnings[0]
    assert result.teardown_error is None


# -- truncated streams ------------------------------------------------------------------------


def test_truncated_stream() -> None:
    lines = [
        ev("start"),
        *passing("TestDone"),
        ev("run", "TestRunning"),
        out("TestRunning", "    r_test.go:1: working\n"),
    ]
    result = verdict(lines, ["TestDone", "TestRunning", "TestLater"], exit_code=2)
    assert result.outcomes["TestDone"].status == "passed"
    running = result.outcomes["TestRunning"]
    assert running.status == "failed"
    assert "status 2" in running.message
    later = result.outcomes["TestLater"]
    assert (later.status, later.phase) == ("error", "setup")
    assert later.message.startswith("not run")
    assert "status 2" in later.message


def test_truncated_stream_without_any_event_and_with_stderr() -> None:
    folder = fold([], [PKG], exit_code=2, stderr="go: invalid value for -count\n")
    run = folder.packages[PKG]
    assert run.done
    outcome = resolve(run, ["TestA"]).outcomes["TestA"]
    assert (outcome.status, outcome.phase) == ("error", "setup")
    assert "status 2" in outcome.message
    assert "invalid value for -count" in outcome.details


def test_stopped_process_reason() -> None:
    folder = StreamFolder([PKG], CaptureLimits())
    folder.feed_line(ev("start"))
    folder.finish(None, "", reason="stopped by pytest")
    outcome = resolve(folder.packages[PKG], ["TestA"]).outcomes["TestA"]
    assert outcome.status == "error"
    assert "stopped by pytest" in outcome.message


def test_finish_calls_on_done_once_per_unfinished_package() -> None:
    done: list[str] = []
    folder = StreamFolder(["a", "b"], CaptureLimits(), on_done=lambda r: done.append(r.import_path))
    for line in [ev("start", pkg="a"), *package_pass("a"), ev("start", pkg="b")]:
        folder.feed_line(line)
    assert done == ["a"]
    folder.finish(1, "")
    assert done == ["a", "b"]
    assert folder.packages["b"].truncated_reason is not None
    assert folder.packages["a"].truncated_reason is None


# -- -count ---------------------------------------------------------------------------------


def test_count2_fail_then_pass_is_failed() -> None:
    lines = [
        ev("start"),
        ev("run", "TestFlaky"),
        out("TestFlaky", "    f_test.go:3: flaked\n", "error"),
        ev("fail", "TestFlaky"),
        *passing("TestFlaky"),
        *package_fail(),
    ]
    outcome = verdict(lines, ["TestFlaky"]).outcomes["TestFlaky"]
    assert outcome.status == "failed"
    assert outcome.message == "f_test.go:3: flaked"


def test_count2_pass_then_fail_is_failed() -> None:
    lines = [
        ev("start"),
        *passing("TestFlaky"),
        ev("run", "TestFlaky"),
        ev("fail", "TestFlaky"),
        *package_fail(),
    ]
    assert verdict(lines, ["TestFlaky"]).outcomes["TestFlaky"].status == "failed"


def test_count2_pass_pass_is_passed() -> None:
    lines = [ev("start"), *passing("TestA"), *passing("TestA"), *package_pass()]
    assert verdict(lines, ["TestA"], exit_code=0).outcomes["TestA"].status == "passed"


def test_count2_second_run_left_open_is_not_passed() -> None:
    lines = [ev("start"), *passing("TestA"), ev("run", "TestA"), *package_fail(tail="")]
    assert verdict(lines, ["TestA"]).outcomes["TestA"].status != "passed"


# -- odd input ------------------------------------------------------------------------------


def test_non_json_line_is_kept_in_package_output() -> None:
    lines = [
        ev("start"),
        "some tool wrote this to stdout\n",
        *passing("TestA"),
        *package_pass(),
    ]
    result = verdict(lines, ["TestA"], exit_code=0)
    assert "some tool wrote this to stdout" in result.package_output
    assert result.outcomes["TestA"].status == "passed"


def test_non_json_line_before_any_package_is_kept_as_stray() -> None:
    folder = fold(["garbage before anything\n"], [PKG], exit_code=1)
    assert folder.stray == ["garbage before anything\n"]
    outcome = resolve(folder.packages[PKG], ["TestA"]).outcomes["TestA"]
    assert "garbage before anything" in outcome.details


def test_damaged_output_line_is_shown_not_raised() -> None:
    # The last line of a go process killed while writing it.
    damaged = (
        f'{{"Time":"2026-11-27T16:33:51.4Z","Action":"output","Package":"{PKG}",'
        '"Test":"TestA","Output":"half a li'
    )
    lines = [ev("start"), ev("run", "TestA"), damaged + "\n"]
    result = verdict(lines, ["TestA"], exit_code=2)
    outcome = result.outcomes["TestA"]
    assert outcome.status == "failed"
    assert "half a li" in outcome.details


def test_events_without_time_take_the_general_path() -> None:
    lines = [
        ev("start", time=False),
        ev("run", "TestA", time=False),
        ev("output", "TestA", output="    a_test.go:1: boom\n", output_type="error", time=False),
        ev("fail", "TestA", time=False),
        ev("fail", time=False),
    ]
    outcome = verdict(lines, ["TestA"]).outcomes["TestA"]
    assert outcome.status == "failed"
    assert outcome.message == "a_test.go:1: boom"


def test_feed_and_feed_line_agree() -> None:
    lines = _nested_stream()
    by_line = fold(lines, [PKG], exit_code=1)
    by_event = StreamFolder([PKG], CaptureLimits())
    for line in lines:
        by_event.feed(parse_line(line))
    by_event.finish(1, "")
    first = resolve(by_line.packages[PKG], ["TestN"]).outcomes["TestN"]
    second = resolve(by_event.packages[PKG], ["TestN"]).outcomes["TestN"]
    assert first == second


def test_unknown_actions_and_bench_change_nothing() -> None:
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("teleport", "TestA"),
        ev("bench", "TestA"),
        ev("artifacts", "TestA"),
        ev("pass", "TestA"),
        ev("weird"),
        *package_pass(),
    ]
    assert verdict(lines, ["TestA"], exit_code=0).outcomes["TestA"].status == "passed"


# -- OutputBuffer bounds ----------------------------------------------------------------------

_KIB = 1024
_LINE = "x" * 1000 + "\n"


def _ten_mb_lines() -> Iterator[str]:
    yield "HEAD-MARKER\n"
    for index in range(10_000):
        yield f"{index:08d}{_LINE}"
    yield "TAIL-MARKER\n"


def test_output_buffer_keeps_head_and_tail_and_counts_the_rest() -> None:
    buffer = OutputBuffer(CaptureLimits(memory_bytes=64 * _KIB))
    total = 0
    for chunk in _ten_mb_lines():
        buffer.append(chunk)
        total += len(chunk)
    assert total > 10_000_000
    text = buffer.text()
    assert text.startswith("HEAD-MARKER\n")
    assert text.endswith("TAIL-MARKER\n")
    kept = sum(len(c) for c in buffer.chunks() if isinstance(c, str))
    assert kept <= 64 * _KIB
    assert buffer.dropped_bytes == total - kept
    assert buffer.dropped_chunks > 9000
    assert f"{buffer.dropped_bytes} bytes of output omitted" in text
    assert len(text) < 64 * _KIB + 1000
    assert buffer.spill_path is None
    buffer.close()


def test_output_buffer_spills_the_middle_to_a_file(tmp_path: Path) -> None:
    spill_dir = tmp_path / "spill"
    buffer = OutputBuffer(CaptureLimits(memory_bytes=64 * _KIB, spill_dir=spill_dir))
    everything = "".join(_ten_mb_lines())
    for chunk in _ten_mb_lines():
        buffer.append(chunk)
    buffer.close()
    path = buffer.spill_path
    assert path is not None
    assert path.parent == spill_dir
    middle = path.read_text(encoding="utf-8")
    assert len(middle) == buffer.dropped_bytes
    assert "HEAD-MARKER" not in middle
    assert "TAIL-MARKER" not in middle
    text = buffer.text()
    assert str(path) in text
    note_start = text.index("\n[pytest-gotest:")
    note_end = text.index("]\n", note_start) + 2
    kept_head, kept_tail = text[:note_start], text[note_end:]
    assert "".join(c for c in buffer.chunks() if isinstance(c, str)) == kept_head + kept_tail
    # Head + spilled middle + tail is the whole output, in order.
    assert kept_head + middle + kept_tail == everything


def test_output_buffer_through_the_folder_with_output_events(tmp_path: Path) -> None:
    limits = CaptureLimits(memory_bytes=64 * _KIB, spill_dir=tmp_path)
    folder = StreamFolder([PKG], limits)
    folder.feed_line(ev("start"))
    folder.feed_line(ev("run", "TestBig"))
    for chunk in _ten_mb_lines():
        folder.feed_line(out("TestBig", chunk))
    folder.feed_line(ev("fail", "TestBig"))
    folder.feed_line(ev("fail"))
    run = folder.packages[PKG]
    outcome = resolve(run, ["TestBig"]).outcomes["TestBig"]
    run.close()
    assert outcome.status == "failed"
    assert "HEAD-MARKER" in outcome.details
    assert "TAIL-MARKER" in outcome.details
    assert "bytes of output omitted" in outcome.details
    assert len(outcome.details) < 3 * 64 * _KIB
    spill = run.tests["TestBig"].output.spill_path
    assert spill is not None
    assert "00005000" in spill.read_text(encoding="utf-8")


def test_omitted_bytes_count_output_not_json(tmp_path: Path) -> None:
    buffer = OutputBuffer(CaptureLimits(memory_bytes=4 * _KIB, spill_dir=tmp_path))
    for index in range(1000):
        event = parse_line(out("TestX", f"line {index}\n"))
        assert isinstance(event, OutputEvent)
        buffer.append(event)
    buffer.close()
    assert buffer.spill_path is not None
    spilled = buffer.spill_path.read_bytes()
    assert buffer.dropped_bytes == len(spilled)


def test_output_buffer_single_huge_chunk_is_kept() -> None:
    buffer = OutputBuffer(CaptureLimits(memory_bytes=1024))
    buffer.append("a" * 10_000)
    assert buffer.text() == "a" * 10_000
    assert buffer.dropped_bytes == 0
    buffer.close()


def test_output_buffer_unwritable_spill_dir_loses_only_the_middle(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    buffer = OutputBuffer(CaptureLimits(memory_bytes=1024, spill_dir=blocker / "sub"))
    for index in range(100):
        buffer.append(f"{index:04d}" + "y" * 100 + "\n")
    buffer.close()
    assert buffer.spill_path is None
    assert buffer.dropped_bytes > 0
    assert buffer.text().startswith("0000")
    assert buffer.text().rstrip().endswith("y")


# -- properties: folding never raises, never a false pass -----------------------------------

_NAMES = ["TestA", "TestB", "TestA/sub", "TestA/sub/deep", "TestB/x#01", "TestC"]
_SELECTED = ["TestA", "TestB", "TestC", "TestD"]
_PACKAGES = ["example.com/p", "example.com/q"]
_ACTIONS = [
    "start",
    "run",
    "pause",
    "cont",
    "output",
    "pass",
    "fail",
    "skip",
    "bench",
    "attr",
    "build-output",
    "build-fail",
    "weird-unknown",
]


@dataclass(frozen=True)
class Step:
    action: str
    package: str
    test: str | None
    text: str
    time: bool


_texts = st.sampled_from(
    [
        "",
        "hello\n",
        "panic: boom\n",
        "panic: test timed out after 1s\n\trunning tests:\n\t\tTestA (1s)\n",
        "\t\tTestB (1s)\n",
        "--- PASS: TestA (0.00s)\n",
        "=== RUN   TestA\n",
        "FAIL\texample.com/p [build failed]\n",
        f"ok  \t{PKG}\t(cached)\n",
        "Fail in goroutine after TestA has completed\n",
        "signal: killed\n",
        "partial line without newline",
    ]
)
_steps = st.builds(
    Step,
    action=st.sampled_from(_ACTIONS),
    package=st.sampled_from(_PACKAGES),
    test=st.none() | st.sampled_from(_NAMES),
    text=_texts,
    time=st.booleans(),
)


def _line(step: Step) -> str:
    if step.action in ("build-output", "build-fail"):
        output = step.text if step.action == "build-output" else None
        return bev(step.action, step.package, output)
    if step.action == "output":
        return ev("output", step.test, pkg=step.package, output=step.text, time=step.time)
    if step.action == "attr":
        return ev("attr", step.test, pkg=step.package, key="k", value=step.text, time=step.time)
    failed_build = step.package if step.action == "fail" and "build" in step.text else None
    return ev(step.action, step.test, pkg=step.package, failed_build=failed_build, time=step.time)


def _allowed_passes(steps: Sequence[Step]) -> set[tuple[str, str]]:
    """(package, name) pairs Go reported as passed and never as failed or still running."""
    state: dict[tuple[str, str], tuple[bool, bool, bool]] = {}  # passed, failed, open
    for step in steps:
        if step.test is None or step.action not in ("run", "pass", "fail", "skip"):
            continue
        key = (step.package, step.test)
        passed, failed, is_open = state.get(key, (False, False, False))
        if step.action == "run":
            is_open = True
        else:
            is_open = False
            passed = passed or step.action == "pass"
            failed = failed or step.action == "fail"
        state[key] = (passed, failed, is_open)
    return {key for key, (p, f, o) in state.items() if p and not f and not o}


def _all_outcomes(outcomes: Iterable[TestOutcome]) -> Iterator[TestOutcome]:
    for outcome in outcomes:
        yield outcome
        yield from _all_outcomes(outcome.subtests)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(_steps, max_size=40),
    cut=st.integers(min_value=0, max_value=40),
    finish=st.sampled_from(["no", "exit0", "exit1", "exit2", "none", "reason"]),
    junk=st.booleans(),
)
def test_folding_random_streams_never_raises_and_never_passes_falsely(
    steps: list[Step], cut: int, finish: str, junk: bool
) -> None:
    steps = steps[:cut]
    folder = StreamFolder(_PACKAGES, CaptureLimits(memory_bytes=256))
    for index, step in enumerate(steps):
        folder.feed_line(_line(step))
        if junk and index % 7 == 3:
            folder.feed_line("not json at all\n")
    if finish == "reason":
        folder.finish(None, "stderr text\n", reason="stopped")
    elif finish == "none":
        folder.finish(None, "")
    elif finish != "no":
        folder.finish(int(finish[-1]), "# example.com/p\nerror text\n")
    allowed = _allowed_passes(steps)
    for package, run in folder.packages.items():
        result = resolve(run, _SELECTED)
        assert set(result.outcomes) == set(_SELECTED)
        for outcome in _all_outcomes(result.outcomes.values()):
            assert outcome.status in ("passed", "failed", "skipped", "error")
            assert outcome.phase in ("setup", "call", "teardown")
            assert isinstance(outcome.message, str)
            assert isinstance(outcome.output_text(), str)
            if outcome.status == "passed":
                assert (package, outcome.name) in allowed, outcome
        run.close()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=30))
def test_folding_arbitrary_text_lines_never_raises(lines: list[str]) -> None:
    folder = StreamFolder([PKG], CaptureLimits(memory_bytes=128))
    folder.feed_line(ev("start"))
    for line in lines:
        folder.feed_line(line)
    folder.finish(1, "")
    result = resolve(folder.packages[PKG], ["TestA"])
    assert result.outcomes["TestA"].status == "error"
    folder.packages[PKG].close()


def test_package_run_is_reused_per_import_path() -> None:
    folder = StreamFolder([PKG], CaptureLimits())
    assert folder.package(PKG) is folder.package(PKG)
    assert isinstance(folder.package(PKG), PackageRun)


# -- forged framing (init_spoof, FACTS.md section 4) --------------------------------------------


def _forged(test: str, word: str) -> list[str]:
    """What test2json makes of init() printing ``=== RUN`` / ``--- WORD:`` before m.Run."""
    action = {"PASS": "pass", "FAIL": "fail", "SKIP": "skip"}[word]
    return [
        ev("run", test),
        out(test, f"=== RUN   {test}\n", "frame"),
        out(test, f"--- {word}: {test} (0.00s)\n", "frame"),
        ev(action, test),
    ]


def _resolve_with_runs(lines: list[str], selected: list[str], runs: int | None) -> PackageVerdict:
    folder = fold(lines, [PKG], exit_code=0)
    run = folder.packages[PKG]
    try:
        return resolve(run, selected, runs)
    finally:
        run.close()


def test_forged_failure_before_the_real_pass_is_ignored_with_a_warning() -> None:
    lines = [ev("start"), *_forged("TestReal", "FAIL"), *passing("TestReal"), *package_pass()]
    result = _resolve_with_runs(lines, ["TestReal"], 1)
    assert result.outcomes["TestReal"].status == "passed"
    assert any("printed before the test ran" in w for w in result.warnings)


def test_forged_pass_before_a_real_failure_still_fails() -> None:
    lines = [
        ev("start"),
        *_forged("TestReal", "PASS"),
        ev("run", "TestReal"),
        out("TestReal", "    x_test.go:3: real failure\n", "error"),
        ev("fail", "TestReal"),
        *package_fail(),
    ]
    outcome = _resolve_with_runs(lines, ["TestReal"], 1).outcomes["TestReal"]
    assert outcome.status == "failed"
    assert "real failure" in outcome.message


def test_repeated_runs_within_count_are_all_real() -> None:
    lines = [ev("start"), *_forged("TestReal", "FAIL"), *passing("TestReal"), *package_fail()]
    outcome = _resolve_with_runs(lines, ["TestReal"], 2).outcomes["TestReal"]
    assert outcome.status == "failed"  # -count=2: both runs count; one failed


@pytest.mark.parametrize("word", ["PASS", "SKIP"])
def test_forged_green_report_when_m_run_never_ran_is_not_run(word: str) -> None:
    # init prints a passing report for a collected test, then TestMain exits 0 before m.Run:
    # Go says `ok`, and no PASS line from m.Run exists.
    lines = [
        ev("start"),
        *_forged("TestReal", word),
        out(None, f"ok  \t{PKG}\t0.005s\n"),
        ev("pass", elapsed=0.006),
    ]
    outcome = _resolve_with_runs(lines, ["TestReal"], 1).outcomes["TestReal"]
    assert (outcome.status, outcome.phase) == ("error", "setup")
    assert "never finished m.Run" in outcome.message
    assert "forged" in outcome.message


def test_uncollected_forged_pass_is_a_warning_only() -> None:
    lines = [ev("start"), *_forged("TestGhost", "PASS"), *passing("TestReal"), *package_pass()]
    result = _resolve_with_runs(lines, ["TestReal"], 1)
    assert list(result.outcomes) == ["TestReal"]
    assert result.outcomes["TestReal"].status == "passed"
    assert any("'TestGhost'" in w and "not collected" in w for w in result.warnings)
