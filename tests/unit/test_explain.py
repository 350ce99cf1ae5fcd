"""explain: causes -> words. The message is what JUnit's failure message and pytest's short
summary show, so it is the first meaningful line: Go's own error line, the crash line, or the
reason a test never ran; the details are the whole account, Go's text first.

A few representative streams per cause family; test_resolve asserts the causes themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from stream_helpers import (
    PKG,
    bev,
    ev,
    failing,
    fold,
    out,
    package_fail,
    package_pass,
    passing,
    resolved,
    subtest,
    verdict,
    words,
)

from pytest_gotest.core.events import vet_only
from pytest_gotest.core.explain import explain, first_line, note_text, skip_place, skip_reason
from pytest_gotest.core.golines import logged_at
from pytest_gotest.core.outcome import Cause, Note, NoteKind

# -- Go's own words: failures and skips ---------------------------------------------------------


def test_go127_error_line_is_the_message_and_leads_the_details() -> None:
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
    explanation = words(verdict(lines, ["TestF"]), "TestF")
    assert explanation.message == "f_test.go:6: want 3, got 2"
    details = explanation.details
    assert details.startswith("f_test.go:6: want 3, got 2\n    second line of the error")
    assert "---- output of TestF ----" in details
    assert details.index("want 3") < details.index("just a log line")  # the whole output follows
    assert "--- FAIL" not in details
    assert "=== RUN" not in details


def test_go126_first_output_line_is_the_message() -> None:
    lines = [
        ev("start"),
        ev("run", "TestF"),
        out("TestF", "=== RUN   TestF\n"),
        out("TestF", "    f_test.go:5: a log line\n"),
        out("TestF", "    f_test.go:6: want 3, got 2\n"),
        out("TestF", "--- FAIL: TestF (0.00s)\n"),
        ev("fail", "TestF"),
        *package_fail(),
    ]
    explanation = words(verdict(lines, ["TestF"]), "TestF")
    assert explanation.message == "f_test.go:5: a log line"
    assert "f_test.go:5: a log line\nf_test.go:6: want 3, got 2" in explanation.details  # dedented


_MIXED = """package f

import (
	"fmt"
	"testing"
)

func TestF(t *testing.T) {
	t.Log("log 0")
	fmt.Println("stdout 0")
	t.Log("log 1")
	t.Error("failed")
}
"""


@pytest.mark.parametrize("marked", [False, True])
def test_output_mixing_logs_and_stdout_keeps_its_shape(tmp_path: Path, marked: bool) -> None:
    # Go indents t.Log lines, a test's own prints are at column 0: nothing is common to take
    # off, and the first log line keeps its indent like the others.
    (tmp_path / "f_test.go").write_text(_MIXED)
    lines = [
        ev("start"),
        ev("run", "TestF"),
        out("TestF", "=== RUN   TestF\n", "frame" if marked else None),
        out("TestF", "    f_test.go:9: log 0\n"),
        out("TestF", "stdout 0\n"),
        out("TestF", "    f_test.go:11: log 1\n"),
        out("TestF", "    f_test.go:12: failed\n", "error" if marked else None),
        out("TestF", "--- FAIL: TestF (0.00s)\n", "frame" if marked else None),
        ev("fail", "TestF"),
        *package_fail(),
    ]
    explanation = words(verdict(lines, ["TestF"], source_dir=str(tmp_path)), "TestF")
    assert explanation.message == "f_test.go:12: failed"
    output = "    f_test.go:9: log 0\nstdout 0\n    f_test.go:11: log 1\n    f_test.go:12: failed"
    heading = "\n---- output of TestF ----\n" if marked else "\n"
    assert explanation.details == f"f_test.go:12: failed\n{heading}{output}"


def test_mixed_output_that_opens_with_its_error_does_not_repeat_it() -> None:
    lines = [
        ev("start"),
        ev("run", "TestF"),
        out("TestF", "=== RUN   TestF\n"),
        out("TestF", "    f_test.go:9: want 3, got 2\n"),
        out("TestF", "stdout 0\n"),
        out("TestF", "    f_test.go:10: log 1\n"),
        out("TestF", "--- FAIL: TestF (0.00s)\n"),
        ev("fail", "TestF"),
        *package_fail(),
    ]
    explanation = words(verdict(lines, ["TestF"]), "TestF")
    assert explanation.message == "f_test.go:9: want 3, got 2"
    assert explanation.details == (
        "    f_test.go:9: want 3, got 2\nstdout 0\n    f_test.go:10: log 1"
    )


_LOG_THEN_ERROR = """package f

import "testing"

func TestF(t *testing.T) {
	t.Log("a log line")
	t.Errorf("want %d, got %d",
		3, 2)
}

func TestN(t *testing.T) {
	t.Logf("setting up %d", 1)
	t.Run("a", func(t *testing.T) { t.Fail() })
}
"""


def test_go126_the_message_is_the_first_line_no_t_log_printed(tmp_path: Path) -> None:
    # Go before 1.27 marks no error lines: the source says line 5 is a t.Log, line 6 the
    # t.Errorf (Go names the line a call starts on).
    (tmp_path / "f_test.go").write_text(_LOG_THEN_ERROR)
    lines = [
        ev("start"),
        ev("run", "TestF"),
        out("TestF", "=== RUN   TestF\n"),
        out("TestF", "    f_test.go:6: a log line\n"),
        out("TestF", "    f_test.go:7: want 3, got 2\n"),
        out("TestF", "--- FAIL: TestF (0.00s)\n"),
        ev("fail", "TestF"),
        ev("run", "TestN"),
        out("TestN", "=== RUN   TestN\n"),
        out("TestN", "    f_test.go:12: setting up 1\n"),
        ev("run", "TestN/a"),
        out("TestN/a", "=== RUN   TestN/a\n"),
        out("TestN/a", "    --- FAIL: TestN/a (0.00s)\n"),
        ev("fail", "TestN/a"),
        out("TestN", "--- FAIL: TestN (0.00s)\n"),
        ev("fail", "TestN"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestF", "TestN"], source_dir=str(tmp_path))
    explanation = words(result, "TestF")
    assert explanation.message == "f_test.go:7: want 3, got 2"
    assert "f_test.go:6: a log line\nf_test.go:7: want 3, got 2" in explanation.details
    # Only logs: the parent failed by its subtest, which the headline names.
    assert words(result, "TestN").message == "subtests failed: TestN/a"
    # A line that cannot be read (an edited file, a helper elsewhere) may be the failure.
    (tmp_path / "f_test.go").unlink()
    unread = verdict(lines, ["TestF"], source_dir=str(tmp_path / "gone"))
    assert words(unread, "TestF").message == "f_test.go:6: a log line"


_JUDGED = """package f

import "testing"

func TestKit(t *testing.T) {
	t.Log("pre")
	require.NoError(t, k.Log("msg", "hello"))
	s.T().Logf("suite %d", 1)
	t.Logf(`raw %s`, "x")
	t.Log(said)
	t.Log("tab\\there")
	t.Log("a"); t.Error("b")
	defer b.Log("done")
	t.Logf(
		"spread %d", 1)
	t.Run("a", func(t *testing.T) { t.Log("inside") })
	if err := k.Log("k"); err != nil {
		t.Logf("got %v", err.Error())
	}
}
"""
# The test package's own helper.go; Go prints another package's helper.go:6 the same way.
_HELPER = """package f

import "testing"

func noop(t *testing.T) {
	t.Log("a log at line 6")
}
"""


@pytest.mark.parametrize(
    ("place", "message", "logged"),
    [
        ("f_test.go:6", "pre", True),
        ("f_test.go:6", "pre and more", True),  # t.Log("pre", more)
        ("f_test.go:6", "another message", False),  # another file's line 6
        ("f_test.go:7", "Received unexpected error:", False),  # a Log method's result, checked
        ("f_test.go:8", "suite 1", True),  # s.T().Logf: up to its first verb
        ("f_test.go:9", "raw x", True),
        ("f_test.go:9", "other", False),
        ("f_test.go:10", "anything", True),  # no literal: no evidence against the source
        ("f_test.go:11", "tab\there", True),  # up to the first escape
        ("f_test.go:12", "a", False),  # a log and an error on one line
        ("f_test.go:13", "done", True),
        ("f_test.go:14", "spread 1", True),  # the format on the next line
        ("f_test.go:14", "want 3", False),
        ("f_test.go:16", "inside", True),  # a block's statement
        ("f_test.go:17", "logger closed", False),
        ("f_test.go:18", "got EOF", True),  # err.Error() is no t.Error
        ("helper.go:6", "a log at line 6", True),
        ("helper.go:6", "nohelper: x", False),
        ("remap.go:6", "a log at line 6", False),  # //line directives: the source is not read
        ("gone.go:6", "pre", False),
    ],
)
def test_a_line_is_a_log_when_its_statement_is_a_log_call_that_agrees_with_the_message(
    tmp_path: Path, place: str, message: str, logged: bool
) -> None:
    (tmp_path / "f_test.go").write_text(_JUDGED)
    (tmp_path / "helper.go").write_text(_HELPER)
    (tmp_path / "remap.go").write_text(_HELPER + "\n//line other.go:1\nvar x = 1\n")
    path, line = place.split(":")
    assert logged_at(str(tmp_path), path, int(line), message) is logged


def test_go126_a_failure_after_a_log_method_or_in_another_packages_file_heads_it(
    tmp_path: Path,
) -> None:
    (tmp_path / "f_test.go").write_text(_JUDGED)
    (tmp_path / "helper.go").write_text(_HELPER)
    lines = [
        ev("start"),
        ev("run", "TestKit"),
        out("TestKit", "=== RUN   TestKit\n"),
        out("TestKit", "    f_test.go:6: pre\n"),
        out("TestKit", "    f_test.go:7: logger closed\n"),
        out("TestKit", "--- FAIL: TestKit (0.00s)\n"),
        ev("fail", "TestKit"),
        ev("run", "TestNoHelper"),
        out("TestNoHelper", "=== RUN   TestNoHelper\n"),
        out("TestNoHelper", "    f_test.go:6: pre\n"),
        out("TestNoHelper", "    helper.go:6: nohelper: x\n"),
        out("TestNoHelper", "--- FAIL: TestNoHelper (0.00s)\n"),
        ev("fail", "TestNoHelper"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestKit", "TestNoHelper"], source_dir=str(tmp_path))
    assert words(result, "TestKit").message == "f_test.go:7: logger closed"
    assert words(result, "TestNoHelper").message == "helper.go:6: nohelper: x"


def test_go126_a_file_with_line_directives_is_not_read(tmp_path: Path) -> None:
    # Go names the places a //line directive gives: line 6 is the t.Error's, not the t.Log
    # the file has there (of no literal: nothing to compare the message with).
    source = _LOG_THEN_ERROR.replace('t.Log("a log line")', "t.Log(said)")
    (tmp_path / "f_test.go").write_text(source + "\n//line f_test.go:6\nvar x = 1\n")
    lines = [
        ev("start"),
        ev("run", "TestF"),
        out("TestF", "=== RUN   TestF\n"),
        out("TestF", "    f_test.go:6: remapped error\n"),
        out("TestF", "    f_test.go:7: want 3, got 2\n"),
        out("TestF", "--- FAIL: TestF (0.00s)\n"),
        ev("fail", "TestF"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestF"], source_dir=str(tmp_path))
    assert words(result, "TestF").message == "f_test.go:6: remapped error"


def _nested(marked: bool) -> list[str]:
    """TestN logs, TestN/a logs, TestN/a/deep fails (its error marked as Go 1.27 does)."""
    frame = "frame" if marked else None
    return [
        ev("start"),
        ev("run", "TestN"),
        out("TestN", "=== RUN   TestN\n", frame),
        out("TestN", "    f_test.go:12: setting up 1\n"),
        ev("run", "TestN/a"),
        out("TestN/a", "=== RUN   TestN/a\n", frame),
        out("TestN/a", "    f_test.go:6: a log line\n"),
        ev("run", "TestN/a/deep"),
        out("TestN/a/deep", "=== RUN   TestN/a/deep\n", frame),
        out("TestN/a/deep", "    f_test.go:7: want 3, got 2\n", "error" if marked else None),
        out("TestN/a/deep", "    --- FAIL: TestN/a/deep (0.00s)\n", frame),
        ev("fail", "TestN/a/deep"),
        out("TestN/a", "    --- FAIL: TestN/a (0.00s)\n", frame),
        ev("fail", "TestN/a"),
        out("TestN", "--- FAIL: TestN (0.00s)\n", frame),
        ev("fail", "TestN"),
        *package_fail(),
    ]


@pytest.mark.parametrize("marked", [False, True], ids=["go126", "go127"])
def test_a_subtest_that_only_logged_is_headed_by_its_failed_subtests(
    tmp_path: Path, marked: bool
) -> None:
    # Before Go 1.27 the source shows TestN/a printed only logs; Go 1.27 marked no error
    # line of its own (the source is not needed then).
    (tmp_path / "f_test.go").write_text(_LOG_THEN_ERROR)
    source_dir = "" if marked else str(tmp_path)
    result = verdict(_nested(marked), ["TestN"], source_dir=source_dir)
    top = result.outcome("TestN")
    assert words(result, "TestN").message == "subtests failed: TestN/a, TestN/a/deep"
    inner = explain(subtest(top, "TestN/a"), result.context)
    assert inner.message == "subtests failed: TestN/a/deep"
    assert "f_test.go:6: a log line" in inner.details
    deep = explain(subtest(top, "TestN/a/deep"), result.context)
    assert deep.message == "f_test.go:7: want 3, got 2"


def test_a_skip_after_a_log_is_placed_and_said_by_the_skip(tmp_path: Path) -> None:
    (tmp_path / "s_test.go").write_text(
        'package s\n\nimport "testing"\n\nfunc TestS(t *testing.T) {\n'
        '\tt.Log("looking")\n\tt.Skip("no docker")\n}\n'
    )
    lines = [
        ev("start"),
        ev("run", "TestS"),
        out("TestS", "    s_test.go:6: looking\n"),
        out("TestS", "    s_test.go:7: no docker\n"),
        ev("skip", "TestS"),
        *package_pass(),
    ]
    result = verdict(lines, ["TestS"], exit_code=0, source_dir=str(tmp_path))
    assert words(result, "TestS").message == "s_test.go:7: no docker"
    assert skip_reason(result.outcome("TestS"), str(tmp_path)) == "s_test.go:7: no docker"
    assert skip_place("/m/s_test.go", 5, "s_test.go:7: no docker") == (
        "/m/s_test.go",
        7,
        "no docker",
    )
    # Only logs (t.SkipNow after them), or the source not known: all it printed.
    unknown = verdict(lines, ["TestS"], exit_code=0)
    assert words(unknown, "TestS").message == "s_test.go:6: looking"


def test_go126_a_race_report_heads_the_failure_before_its_testing_line(tmp_path: Path) -> None:
    # The race detector's report has no location of its own; testing.go's "race detected"
    # line, a file the package does not have, comes after it.
    (tmp_path / "r_test.go").write_text("package r\n")
    lines = [
        ev("start"),
        ev("run", "TestRace"),
        out("TestRace", "=== RUN   TestRace\n"),
        out("TestRace", "==================\n"),
        out("TestRace", "WARNING: DATA RACE\n"),
        out("TestRace", "Write at 0x00c000012345 by goroutine 8:\n"),
        out("TestRace", "      /src/r_test.go:9 +0x44\n"),
        out("TestRace", "==================\n"),
        out("TestRace", "    testing.go:1712: race detected during execution of test\n"),
        out("TestRace", "--- FAIL: TestRace (0.00s)\n"),
        ev("fail", "TestRace"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestRace"], source_dir=str(tmp_path))
    assert words(result, "TestRace").message == "WARNING: DATA RACE"


def test_go126_a_logs_message_lines_are_never_taken_for_the_failure(tmp_path: Path) -> None:
    # t.Log("vet output:\n" + out): the message's later lines are indented deeper than its
    # "file.go:NN:" line; that they read like Go locations (or like a race report) does
    # not make them the failure.
    (tmp_path / "v_test.go").write_text(
        'package v\n\nfunc TestV(t *testing.T) {\n\tt.Log("vet output:\\n" + out)\n'
        '\tt.Errorf("want clean vet, got %d findings", 2)\n}\n'
    )
    lines = [
        ev("start"),
        ev("run", "TestV"),
        out("TestV", "=== RUN   TestV\n"),
        out("TestV", "    v_test.go:4: vet output:\n"),
        out("TestV", "        main.go:5: undefined: x\n"),
        out("TestV", "        \n"),
        out("TestV", "        WARNING: DATA RACE\n"),
        out("TestV", "    v_test.go:5: want clean vet, got 2 findings\n"),
        out("TestV", "--- FAIL: TestV (0.00s)\n"),
        ev("fail", "TestV"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestV"], source_dir=str(tmp_path))
    assert words(result, "TestV").message == "v_test.go:5: want clean vet, got 2 findings"


def test_a_silent_failure_names_the_test_and_a_parent_lists_its_failed_subtests() -> None:
    lines = [
        ev("start"),
        ev("run", "TestQuiet"),
        ev("fail", "TestQuiet"),
        ev("run", "TestN"),
        ev("run", "TestN/a"),
        ev("run", "TestN/a/deep"),
        out("TestN/a/deep", "    n_test.go:9: deep failure\n", "error"),
        ev("fail", "TestN/a/deep"),
        ev("fail", "TestN/a"),
        ev("fail", "TestN"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestQuiet", "TestN"])
    assert words(result, "TestQuiet").message == "TestQuiet failed"
    parent = words(result, "TestN")
    assert parent.message == "subtests failed: TestN/a, TestN/a/deep"
    deep = subtest(result.outcome("TestN"), "TestN/a/deep")
    assert explain(deep, result.context).message == "n_test.go:9: deep failure"


def test_parallel_failure_shows_only_its_own_output() -> None:
    lines = [
        ev("start"),
        ev("run", "TestP1"),
        ev("pause", "TestP1"),
        ev("run", "TestP2"),
        ev("pause", "TestP2"),
        ev("cont", "TestP1"),
        ev("cont", "TestP2"),
        out("TestP1", "    p_test.go:1: P1 step 1\n"),
        out("TestP2", "    p_test.go:2: P2 step 1\n"),
        out("TestP1", "    p_test.go:3: P1 broke\n", "error"),
        ev("pass", "TestP2"),
        ev("fail", "TestP1"),
        *package_fail(),
    ]
    explanation = words(verdict(lines, ["TestP1", "TestP2"]), "TestP1")
    assert explanation.message == "p_test.go:3: P1 broke"
    assert "P1 step 1" in explanation.details
    assert "P2" not in explanation.details


def test_count2_failure_message_is_the_failed_runs_error() -> None:
    lines = [ev("start"), *failing("TestFlaky", "flaked"), *passing("TestFlaky"), *package_fail()]
    explanation = words(verdict(lines, ["TestFlaky"], runs_per_test=2), "TestFlaky")
    assert explanation.message == "x_test.go:2: flaked"


def test_skip_reason_is_the_skip_text_or_a_default() -> None:
    lines = [
        ev("start"),
        ev("run", "TestS"),
        out("TestS", "    s_test.go:9: needs docker\n"),
        out("TestS", "        and a second line\n"),
        ev("skip", "TestS"),
        ev("run", "TestNow"),
        ev("skip", "TestNow"),
        *package_pass(),
    ]
    result = verdict(lines, ["TestS", "TestNow"], exit_code=0)
    explanation = words(result, "TestS")
    assert explanation.message == "s_test.go:9: needs docker"
    assert explanation.details == "s_test.go:9: needs docker\n    and a second line"
    assert skip_reason(result.outcome("TestNow")) == "skipped by go test"
    assert words(result, "TestNow").message == "skipped by go test"


# -- the binary died: crash, timeout, exit, truncation ------------------------------------------


def _crash_stream() -> list[str]:
    return [
        ev("start"),
        *passing("TestA"),
        ev("run", "TestB"),
        out("TestB", "    b_test.go:3: about to index\n"),
        out("TestB", "panic: runtime error: index out of range [3] with length 3\n"),
        out("TestB", "\n"),
        out("TestB", "goroutine 7 [running]:\n"),
        out(None, f"FAIL\t{PKG}\t0.010s\n", "frame"),
        ev("fail", elapsed=0.01),
    ]


def test_crash_line_is_the_message_and_later_tests_name_the_culprit() -> None:
    result = verdict(_crash_stream(), ["TestA", "TestB", "TestC"])
    crashed = words(result, "TestB")
    assert crashed.message == "panic: runtime error: index out of range [3] with length 3"
    assert "goroutine 7 [running]:" in crashed.details
    assert "about to index" in crashed.details
    never = words(result, "TestC")
    assert never.message == (
        "not run: the test binary died in TestB "
        "(panic: runtime error: index out of range [3] with length 3)"
    )
    assert "---- crash (output of TestB) ----" in never.details


def test_a_panicking_test_with_fail_frames_has_its_panic_as_message() -> None:
    lines = [
        ev("start"),
        ev("run", "TestP"),
        out("TestP", "--- FAIL: TestP (0.00s)\n", "frame"),
        out("TestP", "panic: assignment to entry in nil map [recovered, repanicked]\n"),
        ev("fail", "TestP"),
        *package_fail(tail=""),
    ]
    result = verdict(lines, ["TestP", "TestLater"])
    assert words(result, "TestP").message == (
        "panic: assignment to entry in nil map [recovered, repanicked]"
    )
    assert words(result, "TestLater").message.startswith("not run: the test binary died in TestP")


def test_timeout_messages() -> None:
    lines = [
        ev("start"),
        ev("run", "TestPaused"),
        ev("pause", "TestPaused"),
        ev("run", "TestSlow"),
        ev("run", "TestSlow/inner"),
        out("TestSlow/inner", "panic: test timed out after 2s\n"),
        out("TestSlow/inner", "\trunning tests:\n\t\tTestSlow (2s)\n\t\tTestSlow/inner (2s)\n"),
        *package_fail(tail=""),
    ]
    result = verdict(lines, ["TestSlow", "TestPaused", "TestNever"])
    assert words(result, "TestSlow").message == "test timed out after 2s"
    inner = subtest(result.outcome("TestSlow"), "TestSlow/inner")
    assert explain(inner, result.context).message == "test timed out after 2s"
    # Waiting in t.Parallel: Go's timeout lists the running tests only; it never ran on.
    paused = words(result, "TestPaused")
    assert paused.message == (
        "not run: waiting in t.Parallel() when the test binary died in TestSlow "
        "(panic: test timed out after 2s)"
    )
    assert words(result, "TestNever").message.startswith(
        "not run: the test binary died in TestSlow"
    )


def test_signal_and_late_failure_messages() -> None:
    lines = [
        ev("start"),
        *passing("TestB"),
        ev("run", "TestC"),
        out("TestC", "panic: Fail in goroutine after TestB has completed\n"),
        *package_fail(tail=""),
    ]
    result = verdict(lines, ["TestB", "TestC"])
    late = words(result, "TestB")
    assert late.message == "panic: Fail in goroutine after TestB has completed"
    assert "TestB was reported passed, then a goroutine it started failed it" in late.details
    innocent = words(result, "TestC")
    assert innocent.message == "panic: Fail in goroutine after TestB has completed"
    assert "TestC had not finished when the test binary died in TestB" in innocent.details
    killed = [ev("start"), ev("run", "TestK"), out("TestK", "signal: killed\n"), *package_fail()]
    assert words(verdict(killed, ["TestK"]), "TestK").message == "signal: killed"


def test_exit_messages() -> None:
    def exited(package_text: str) -> str:
        lines = [ev("start"), ev("run", "TestExit"), ev("run", "TestExit/sub")]
        lines += [out(None, package_text), *package_fail(tail="")]
        result = verdict(lines, ["TestExit", "TestNever"])
        assert words(result, "TestNever").message.startswith("not run: the test binary died in")
        return words(result, "TestExit").message

    assert exited("exit status 3\n") == "the test binary exited during this test (exit status 3)"
    assert exited("bye\n") == (
        "the test binary exited during this test without a panic, signal or timeout "
        "(os.Exit, or a crash that printed nothing)"
    )
    zero = [ev("start"), ev("run", "TestX"), ev("pass", "TestX")]
    assert words(verdict(zero, ["TestX"], exit_code=0), "TestX").message == (
        "the test binary exited with status 0 during this test (os.Exit(0))"
    )


def test_truncated_stream_messages() -> None:
    lines = [ev("start"), ev("run", "TestRunning"), out("TestRunning", "    working\n")]
    result = verdict(lines, ["TestRunning", "TestLater"], exit_code=2, stderr="go: boom\n")
    reason = "go test exited with status 2 without a result for this package"
    running = words(result, "TestRunning")
    assert running.message == f"no result: {reason}"
    assert "working" in running.details
    assert "go test stderr:\ngo: boom" in running.details
    assert words(result, "TestLater").message == f"not run: {reason} (during TestRunning)"
    folder = fold(["garbage before anything\n"], exit_code=2, stderr="go: invalid value\n")
    nothing = words(resolved(folder.packages[PKG], ["TestA"]), "TestA")
    assert (
        nothing.message == "not run: go test exited with status 2 without a result for this package"
    )
    assert "garbage before anything" in nothing.details
    assert "invalid value" in nothing.details
    stopped = fold([ev("start")], finish=False)
    stopped.finish(None, "", reason="stopped by pytest")
    assert words(resolved(stopped.packages[PKG], ["TestA"]), "TestA").message == (
        "not run: stopped by pytest"
    )


def test_damaged_last_line_is_shown() -> None:
    damaged = f'{{"Action":"output","Package":"{PKG}","Test":"TestA","Output":"half a li'
    result = verdict([ev("start"), ev("run", "TestA"), damaged + "\n"], ["TestA"], exit_code=2)
    assert "half a li" in words(result, "TestA").details


# -- never ran: build, TestMain, init, selection ------------------------------------------------


def test_build_failure_message_names_the_package_that_did_not_build() -> None:
    dep = "example.com/dep"
    lines = [
        bev("build-output", dep, f"# {dep}\n"),
        bev("build-output", dep, 'dep/b.go:3:23: cannot use "oops" as int value\n'),
        bev("build-fail", dep),
        ev("start"),
        out(None, f"FAIL\t{PKG} [build failed]\n", "frame"),
        ev("fail", failed_build=dep),
    ]
    explanation = words(verdict(lines, ["TestA"]), "TestA")
    # The first diagnostic is in the headline (--tb=short/line, summaries, annotations).
    assert (
        explanation.message == f'build failed: {dep}: dep/b.go:3:23: cannot use "oops" as int value'
    )
    assert explanation.details.startswith(f"build failed: {dep}\n\n# {dep}\ndep/b.go:3:23")
    legacy = [ev("start"), out(None, f"FAIL\t{PKG} [build failed]\n", "frame"), ev("fail")]
    stderr = f"# {PKG} [{PKG}.test]\n./a_test.go:7:6: undefined: undefinedFunc\n"
    explanation = words(verdict(legacy, ["TestA"], stderr=stderr), "TestA")
    assert explanation.message == f"build failed: {PKG}: ./a_test.go:7:6: undefined: undefinedFunc"
    assert "undefined: undefinedFunc" in explanation.details


@pytest.mark.parametrize(
    ("package_lines", "selected", "message"),
    [
        (
            [out(None, "TestMain: cannot connect\n"), *package_fail(tail="")],
            ["TestOne"],
            # What the package printed first says why (Go's flag error, an init panic...).
            f"not run: package {PKG} failed before running any test "
            "(init, TestMain or flag parsing): TestMain: cannot connect",
        ),
        (
            [out(None, "TestMain: skipping everything\n"), *package_pass()[1:]],
            ["TestOne"],
            f"not run: package {PKG} exited with status 0 without running its tests "
            "(TestMain did not call m.Run, or os.Exit(0) in init or TestMain); "
            "go test calls this 'ok'",
        ),
        (
            [out(None, "testing: warning: no tests to run\n"), *package_pass()],
            ["TestOne"],
            f"not run: go test found no test matching TestOne in {PKG} "
            "(testing: warning: no tests to run); is it excluded by build constraints?",
        ),
        (
            [out(None, f"?   \t{PKG}\t[no test files]\n"), ev("skip")],
            ["TestOne"],
            f"not run: go test found no test files in {PKG}",
        ),
        (
            [*failing("TestA", "first"), *package_fail()],
            ["TestA", "TestOne"],
            f"not run: package {PKG} stopped before this test started",
        ),
        (
            [*passing("TestA"), *package_pass()],
            ["TestA", "TestOne"],
            "not run: go test did not run TestOne",
        ),
    ],
    ids=["died-before", "exit0-before", "no-match", "no-files", "stopped", "not-run"],
)
def test_not_run_messages(package_lines: list[str], selected: list[str], message: str) -> None:
    result = verdict([ev("start"), *package_lines], selected)
    explanation = words(result, "TestOne")
    assert explanation.message == message
    assert explanation.details.startswith(message)
    if result.context.output:
        # The package's own output (TestMain's words) follows the message.
        assert f"package {PKG} output:\n{result.context.output.rstrip()}" in explanation.details


def test_forged_messages() -> None:
    forged = [ev("run", "TestReal"), ev("pass", "TestReal")]
    lines = [ev("start"), *forged, out(None, f"ok  \t{PKG}\t0.005s\n"), ev("pass")]
    explanation = words(verdict(lines, ["TestReal"], exit_code=0), "TestReal")
    assert explanation.message == (
        "not run: go test reported TestReal (pass), but the test binary ended without "
        "m.Run's last line: a goroutine ended the process (os.Exit, log.Fatal) after that "
        "report, or init or TestMain printed it (forged test framing); m.Run never "
        "finished, so the report cannot be trusted"
    )
    ghost = [ev("start"), ev("run", "TestGhost"), *package_pass()]
    explanation = words(verdict(ghost, ["TestGhost"], exit_code=0), "TestGhost")
    assert explanation.message.startswith("not run: go test reported the start of TestGhost")
    assert "forged" in explanation.message


def test_teardown_message_and_package_output() -> None:
    lines = [ev("start"), *passing("TestOne"), out(None, "PASS\n", "frame")]
    lines += [out(None, "TestMain: leaked 3 goroutines\n"), *package_fail(tail="")]
    result = verdict(lines, ["TestOne"])
    assert result.teardown is not None
    explanation = explain(result.teardown, result.context)
    assert explanation.message == (
        f"package {PKG} failed after all of its tests passed: "
        "TestMain or the test binary exited with a non-zero status"
    )
    assert explanation.details.endswith("TestMain: leaked 3 goroutines\n")


def test_teardown_message_names_the_crash_after_the_last_pass() -> None:
    # A goroutine of TestOne panicked after TestOne passed and m.Run returned.
    lines = [ev("start"), *passing("TestOne"), out(None, "PASS\n", "frame")]
    lines += [
        out(None, "panic: late panic\n"),
        out(None, "\n"),
        out(None, "goroutine 20 [running]:\n"),
        out(None, f"{PKG}.TestOne.func1()\n"),
        out(None, "\t/src/p/one_test.go:20 +0x2b\n"),
        *package_fail(tail=""),
    ]
    result = verdict(lines, ["TestOne"])
    assert result.teardown is not None
    explanation = explain(result.teardown, result.context)
    assert explanation.message == (
        f"package {PKG} failed after all of its tests passed: the test binary died: "
        "panic: late panic (its trace names TestOne)"
    )
    assert "one_test.go:20" in explanation.details
    assert explanation.details.count("panic: late panic") == 2  # headline, then the trace once


def test_a_test_waiting_in_t_parallel_says_so() -> None:
    lines = [
        ev("start"),
        ev("run", "TestWait"),
        out("TestWait", "=== RUN   TestWait\n", "frame"),
        out("TestWait", "=== PAUSE TestWait\n", "frame"),
        ev("pause", "TestWait"),
        ev("run", "TestBoom"),
        out("TestBoom", "panic: boom\n"),
        out("TestBoom", "\n"),
        out("TestBoom", "goroutine 9 [running]:\n"),
        out("TestBoom", f"{PKG}.TestBoom()\n"),
        *package_fail(),
    ]
    explanation = words(verdict(lines, ["TestWait", "TestBoom"]), "TestWait")
    assert explanation.message == (
        "not run: waiting in t.Parallel() when the test binary died in TestBoom (panic: boom)"
    )


def test_a_headline_has_no_colours_or_control_characters() -> None:
    # The short summary, JUnit's message and annotations take the headline: an ANSI sequence
    # there is noise, and a carriage return hid the file:line before it on a terminal.
    lines = [
        ev("start"),
        ev("run", "TestColour"),
        out("TestColour", "    x_test.go:5: \x1b[31mred error\x1b[0m\rover nul\x00 end\n"),
        ev("fail", "TestColour"),
        *package_fail(),
    ]
    explanation = words(verdict(lines, ["TestColour"]), "TestColour")
    assert explanation.message == "x_test.go:5: red error\\x0dover nul\\x00 end"
    assert "\x1b[31m" in explanation.details  # Go's text as it was


def test_setup_failure_headlines_name_the_package_and_what_go_said() -> None:
    # A missing import: go names the import as the failed build, the package in its header;
    # the diagnostic's command on the next line goes with it.
    missing = "example.com/nonexistent/pkg"
    lines = [
        bev("build-output", missing, f"# {PKG}\n"),
        bev(
            "build-output",
            missing,
            f"p/a_test.go:2:20: no required module provides package {missing}; to add it:\n",
        ),
        bev("build-output", missing, f"\tgo get {missing}\n"),
        bev("build-fail", missing),
        ev("start"),
        out(None, f"FAIL\t{PKG} [setup failed]\n", "frame"),
        ev("fail", failed_build=missing),
    ]
    explanation = words(verdict(lines, ["TestA"]), "TestA")
    assert explanation.message == (
        f"build failed: {PKG}: p/a_test.go:2:20: no required module provides package "
        f"{missing}; to add it: go get {missing}"
    )
    # A finding without a place: its first line.
    lines = [
        bev("build-output", PKG, f"# {PKG}\n"),
        bev("build-output", PKG, "use of cgo in test a_test.go not supported\n"),
        bev("build-fail", PKG),
        ev("start"),
        out(None, f"FAIL\t{PKG} [setup failed]\n", "frame"),
        ev("fail", failed_build=PKG),
    ]
    explanation = words(verdict(lines, ["TestA"]), "TestA")
    assert explanation.message == (
        f"build failed: {PKG}: use of cgo in test a_test.go not supported"
    )


def test_every_cause_but_passed_has_words() -> None:
    """explain never raises and never returns an empty message, whatever the cause."""
    streams = {
        "build": [bev("build-fail", PKG), ev("start"), ev("fail", failed_build=PKG)],
        "crash": _crash_stream(),
        "running": [ev("start"), ev("run", "TestA")],
    }
    seen: set[Cause] = set()
    for lines in streams.values():
        result = verdict(lines, ["TestA", "TestB", "TestC"], exit_code=2)
        for outcome in result.outcomes.values():
            seen.add(outcome.cause)
            if outcome.cause is not Cause.PASSED:
                assert first_line(explain(outcome, result.context).message)
    assert seen >= {Cause.BUILD_FAILED, Cause.CRASHED, Cause.NO_RESULT, Cause.BINARY_DIED_FIRST}


# -- notes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "text"),
    [
        (
            Note(NoteKind.UNCOLLECTED, "TestGhost", ("run", "fail")),
            f"{PKG}: go test reported 'TestGhost' (fail), which was not collected; ignored",
        ),
        (
            Note(NoteKind.EXTRA_RUNS, "TestReal", ("fail",), expected=1),
            f"{PKG}: go test reported 'TestReal' 2 times for 1 run(s); the first 1 (fail) came "
            "from output printed before the test ran (init or TestMain printing test framing) "
            "and were ignored",
        ),
        (
            Note(NoteKind.FORGED_RUN, "TestC", ("pass",), by="TestB"),
            f"{PKG}: TestB printed test framing for 'TestC' (pass) while it was running; that "
            "is output of the test that printed it, not a run of TestC: ignored",
        ),
        (
            Note(NoteKind.STRAY_RESULT, "TestA", ("pass",)),
            f"{PKG}: go test reported 'pass' for 'TestA', which had already ended or never "
            "started: framing text printed by another test; ignored",
        ),
    ],
    ids=lambda value: value.kind.name if isinstance(value, Note) else "",
)
def test_note_text(note: Note, text: str) -> None:
    assert note_text(note, PKG) == text


def test_vet_failure_is_named_as_vet_and_says_how_to_run_anyway() -> None:
    """go test reports a vet finding as "[build failed]"; the code compiles, so "build failed"
    alone sends a reader to look for a compile error that is not there."""
    variant = f"{PKG} [{PKG}.test]"
    finding = "./a_test.go:7:2: fmt.Sprintf format %d has arg x of wrong type string\n"
    lines = [
        bev("build-output", variant, f"# {PKG}\n"),
        bev("build-output", variant, f"# [{PKG}]\n"),
        bev("build-output", variant, finding),
        bev("build-fail", variant),
        ev("start"),
        out(None, f"FAIL\t{PKG} [build failed]\n", "frame"),
        ev("fail", failed_build=variant),
    ]
    explanation = words(verdict(lines, ["TestA"]), "TestA")
    assert explanation.message == f"vet failed: {variant}: {finding.strip()}"
    assert finding.strip() in explanation.details
    assert explanation.details.rstrip().endswith("--go-flags=-vet=off.")
    # A compile error of the same variant: no vet header, so no vet words.
    compiled = [line for line in lines if f"# [{PKG}]" not in line]
    explanation = words(verdict(compiled, ["TestA"]), "TestA")
    assert explanation.message == f"build failed: {variant}: {finding.strip()}"
    assert "vet" not in explanation.details
    # cgo's C compiler failing under vet's header (vet runs cgo itself): a build failure.
    missing = "a.go:4:11: fatal error: nope.h: No such file or directory\n"
    cgo = [bev("build-output", variant, missing) if line == lines[2] else line for line in lines]
    explanation = words(verdict(cgo, ["TestA"]), "TestA")
    assert explanation.message == f"build failed: {variant}: {missing.strip()}"
    assert missing.strip() in explanation.details
    assert "-vet=off" not in explanation.details


@pytest.mark.parametrize(
    ("output", "vet"),
    [
        ("# p\n# [p]\nc.go:5:39: fmt.Sprintf format %d has arg x of wrong type string\n", True),
        # gcc's and clang's words for a missing header, relayed by vet's cgo pass.
        ("# p\n# [p]\nc.go:4:11: fatal error: x.h: No such file or directory\n", False),
        ("# p\n# [p]\nc.go:4:10: fatal error: 'x.h' file not found\n", False),
        ("# p\n# [p]\nc.go:9:2: error: unknown type name 'foo'\n", False),
        # A compile error in one section and a vet finding in another: the build failed.
        ("# q [p.test]\nq.go:1:2: undefined: x\n# p\n# [p]\nc.go:5: finding\n", False),
        ("# p\np.go:1:2: undefined: x\n", False),
        ("# p\n# [p]\n", False),  # headers alone say nothing
        ("", False),
    ],
)
def test_vet_only_tells_findings_from_build_errors(output: str, vet: bool) -> None:
    assert vet_only(output) is vet


@pytest.mark.parametrize(
    ("printed", "said"),
    [
        # log.Fatal after the setup's own progress: the reason is the last line, not the first
        # (github.com/hugelgupf/p9's VM tests: "executing command ..." first).
        (
            [
                'executing command "dhclient"\n',
                'could not configure network for tests: exec: "dhclient": not found\n',
            ],
            'could not configure network for tests: exec: "dhclient": not found',
        ),
        # The flag package's error comes above its usage text.
        (
            [
                "flag provided but not defined: -bogus\n",
                "Usage of /tmp/go-build1/b001/p.test:\n",
                "  -test.v\n",
                "    \tverbose: print additional output\n",
            ],
            "flag provided but not defined: -bogus",
        ),
        # A panic after some logging: the panic's line.
        (
            ["starting\n", "panic: no config\n", "\n", "goroutine 1 [running]:\n"],
            "panic: no config",
        ),
        # "exit status N" (go's line after a silent exit) says nothing of why.
        (
            ["setup: cannot reach the database\n", "exit status 3\n"],
            "setup: cannot reach the database",
        ),
    ],
)
def test_a_binary_that_died_before_its_tests_is_explained_by_its_telling_line(
    printed: list[str], said: str
) -> None:
    lines = [ev("start"), *(out(None, text) for text in printed), *package_fail(tail="")]
    explanation = words(verdict(lines, ["TestOne"]), "TestOne")
    assert explanation.message.startswith(
        f"not run: package {PKG} failed before running any test ("
    )
    assert explanation.message.split("): ", 1)[1] == said, explanation.message
