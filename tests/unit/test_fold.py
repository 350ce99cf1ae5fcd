"""StreamFolder: one ``go test -json`` stream -> one PackageRun per package, each with its
runs of tests (docs/internals/go-test-json.md).

Events are attributed by their ``Package`` and ``Test`` fields, never by guessing from text;
anything else on stdout is kept, never fatal; a package whose result never came is truncated at
the end of the process. The forged-framing rules (fold.py's docstring) are pinned here at the
fold level; test_resolve checks what they mean for outcomes.
"""

from __future__ import annotations

import json
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
)

from pytest_gotest.core.events import parse_line, parse_line_slow, scan_fields
from pytest_gotest.core.exit_text import describe_exit, split_legacy_build_text
from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.outcome import Cause
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.package_run import PackageRun


def _pkg(folder: StreamFolder, name: str = PKG) -> PackageRun:
    return folder.packages[name]


def _names(run: PackageRun) -> list[str]:
    return [r.name for r in run.runs]


# -- attribution by Package and Test ------------------------------------------------------------


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
    pkg = _pkg(fold(lines, exit_code=1))
    p1, p2 = pkg.runs
    # A run that starts while the others are paused is a real run (t.Parallel), not forged.
    assert (p1.forged_by, p2.forged_by) == (None, None)
    assert (p1.action, p2.action) == ("fail", "pass")
    assert p1.output_text() == "    p_test.go:1: P1 step 1\n    p_test.go:3: P1 broke\n"
    assert p1.error_text() == "    p_test.go:3: P1 broke\n"
    assert p2.output_text() == "    p_test.go:2: P2 step 1\n    p_test.go:4: P2 step 2\n"
    result = resolved(pkg, ["TestP1", "TestP2"])
    assert result.outcome("TestP1").cause is Cause.FAILED
    assert result.outcome("TestP2").cause is Cause.PASSED


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
    assert done == [b, a]  # each package is handed over at its own result, not at the end
    folder.finish(1, "")
    assert done == [b, a]
    run_a, run_b = _pkg(folder, a).runs[0], _pkg(folder, b).runs[0]
    # Two runs of one name in two packages never share a buffer, and no run is forged by
    # a run of another package.
    assert (run_a.forged_by, run_b.forged_by) == (None, None)
    assert run_a.output_text() == "    a says hi\n"
    assert run_b.error_text() == "    b broke\n"
    assert resolved(_pkg(folder, a), ["TestSame"]).outcome("TestSame").cause is Cause.PASSED
    assert resolved(_pkg(folder, b), ["TestSame"]).outcome("TestSame").cause is Cause.FAILED


def test_subtests_belong_to_their_own_top_level_run() -> None:
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("run", "TestA/x"),
        ev("run", "TestA/x/deep"),
        ev("pass", "TestA/x/deep"),
        ev("pass", "TestA/x"),
        ev("pass", "TestA"),
        ev("run", "TestAB"),
        ev("run", "TestAB/x"),
        ev("fail", "TestAB/x"),
        ev("fail", "TestAB"),
        *package_fail(),
    ]
    a, ab = _pkg(fold(lines, exit_code=1)).runs
    assert list(a.subtests or ()) == ["TestA/x", "TestA/x/deep"]
    assert list(ab.subtests or ()) == ["TestAB/x"]


@pytest.mark.parametrize("marked", [None, "frame"], ids=["go1.26", "go1.27"])
def test_framing_lines_are_dropped_marked_or_not(marked: str | None) -> None:
    # One Go version per stream: Go 1.27 marks every frame, older versions none (their
    # frames are told by their text and their place among the events).
    lines = [
        ev("start"),
        ev("run", "TestF"),
        out("TestF", "=== RUN   TestF\n", marked),
        out("TestF", "    f_test.go:5: a log line\n"),
        out("TestF", "    === RUN is only a frame at the start of a line\n", "error"),
        out("TestF", "=== PAUSE TestF\n", marked),
        ev("pause", "TestF"),
        ev("cont", "TestF"),
        out("TestF", "=== CONT  TestF\n", marked),
        out("TestF", "--- FAIL: TestF (0.00s)\n", marked),
        ev("fail", "TestF"),
        *package_fail(),
    ]
    run = _pkg(fold(lines, exit_code=1)).runs[0]
    assert run.output_text() == (
        "    f_test.go:5: a log line\n    === RUN is only a frame at the start of a line\n"
    )
    assert run.framed  # the last line was its --- FAIL report


@pytest.mark.parametrize("marked", [None, "frame"], ids=["go1.26", "go1.27"])
def test_a_dropped_frame_ends_a_line_the_test_left_open(marked: str | None) -> None:
    # fmt.Print("pp") then a panic: on go's output the report line ends "pp", and the panic
    # starts a line. Glued ("pppanic: boom") the crash line went unseen, and the other
    # tests' results were doubted as framing printed before m.Run.
    lines = [
        ev("start"),
        ev("run", "TestA"),
        out("TestA", "=== RUN   TestA\n", marked),
        out("TestA", "--- PASS: TestA (0.00s)\n", marked),
        ev("pass", "TestA"),
        ev("run", "TestB"),
        out("TestB", "=== RUN   TestB\n", marked),
        out("TestB", "pp"),
        out("TestB", "--- FAIL: TestB (0.00s)\n", marked),
        out("TestB", "panic: boom [recovered, repanicked]\n"),
        out("TestB", "\ngoroutine 7 [running]:\n"),
        ev("fail", "TestB"),
        *package_fail(tail=""),
    ]
    run = _pkg(fold(lines, exit_code=1))
    assert run.runs[1].output_text().startswith("pp\npanic: boom")
    result = resolved(run, ["TestA", "TestB", "TestC"])
    assert result.outcome("TestA").cause is Cause.PASSED
    assert result.outcome("TestB").cause is Cause.FAILED
    assert result.outcome("TestC").cause is Cause.BINARY_DIED_FIRST
    # A line that ended, and a frame first: nothing is added.
    plain = [
        ev("start"),
        ev("run", "TestC"),
        out("TestC", "=== RUN   TestC\n", marked),
        out("TestC", "done\n"),
        out("TestC", "--- FAIL: TestC (0.00s)\n", marked),
        ev("fail", "TestC"),
        *package_fail(),
    ]
    assert _pkg(fold(plain, exit_code=1)).runs[0].output_text() == "done\n"


def test_text_like_another_tests_frame_is_the_printers_output() -> None:
    # A test that echoes a fixture's go test output prints "--- FAIL: TestChild": Go (1.24+,
    # whose frames carry a marker test2json reads) labels it with the printer, as output.
    # A frame is always labelled with the test it names, so this one is text, kept.
    lines = [
        ev("start"),
        ev("run", "TestReport"),
        out("TestReport", "=== RUN   TestReport\n"),
        out("TestReport", "summary of child run:\n"),
        out("TestReport", "--- FAIL: TestChild (0.00s)\n"),
        out("TestReport", "=== RUN   TestChild\n"),
        out("TestReport", "    f_test.go:9: parent fails\n", "error"),
        out("TestReport", "--- FAIL: TestReport (0.00s)\n"),
        ev("fail", "TestReport"),
        *package_fail(),
    ]
    run = _pkg(fold(lines, exit_code=1)).runs[0]
    assert run.output_text() == (
        "summary of child run:\n--- FAIL: TestChild (0.00s)\n=== RUN   TestChild\n"
        "    f_test.go:9: parent fails\n"
    )
    assert run.framed


def _prints_its_own_frames(marked: str | None) -> list[str]:
    """TestPrints as Go writes it: it prints lines that read like its own frames, then fails
    (Go 1.26 marks no frame, Go 1.27 marks its own; the printed lines are never marked)."""
    return [
        ev("start"),
        ev("run", "TestPrints"),
        out("TestPrints", "=== RUN   TestPrints\n", marked),
        out("TestPrints", "--- FAIL: TestPrints (0.00s)\n"),
        out("TestPrints", "=== RUN   TestPrints\n"),
        out("TestPrints", "=== NAME  TestPrints\n"),
        out("TestPrints", "=== PAUSE TestPrints\n"),
        out("TestPrints", "=== CONT  TestPrints\n"),
        out("TestPrints", "--- PASS: TestPrints (0.00s)\n"),
        out("TestPrints", "end\n"),
        out("TestPrints", "    e_test.go:27: fails\n", "error" if marked else None),
        out("TestPrints", "--- FAIL: TestPrints (0.00s)\n", marked),
        ev("fail", "TestPrints", elapsed=0),
        *passing("TestAfter"),
        *package_fail(),
    ]


@pytest.mark.parametrize("marked", [None, "frame"], ids=["go1.26", "go1.27"])
def test_lines_like_the_tests_own_frames_that_it_printed_are_its_output(
    marked: str | None,
) -> None:
    # What `go test -v` shows between TestPrints' frames. Go's own frames sit at fixed places
    # among the events (its `=== RUN` right after its run event, its report line right
    # before its fail event); the printed ones do not, and were dropped as frames.
    pkg = _pkg(fold(_prints_its_own_frames(marked), exit_code=1))
    run = pkg.runs[0]
    assert run.output_text() == (
        "--- FAIL: TestPrints (0.00s)\n=== RUN   TestPrints\n=== NAME  TestPrints\n"
        "=== PAUSE TestPrints\n=== CONT  TestPrints\n--- PASS: TestPrints (0.00s)\n"
        "end\n    e_test.go:27: fails\n"
    )
    assert run.framed  # its last line was Go's report line
    assert (pkg.stray_results, pkg.frameless_pass) == ([], None)
    result = resolved(pkg, ["TestPrints", "TestAfter"])
    # A printed `--- PASS:` makes no pass: the events decide, as before.
    assert result.outcome("TestPrints").cause is Cause.FAILED
    assert result.outcome("TestAfter").cause is Cause.PASSED


def _example_prints_frames(marked: str | None, want: str) -> list[str]:
    """A failing Example: Go prints its report line, then its got: block (what the example
    printed, here lines like its own and another example's frames), then want:."""
    name = "Example_spoof"
    return [
        ev("start"),
        ev("run", name),
        out(name, f"=== RUN   {name}\n", marked),
        out(name, f"--- FAIL: {name} (0.00s)\n", marked),
        out(name, "got:\n"),
        out(name, f"--- PASS: {name} (0.00s)\n"),
        out(name, "=== RUN   Example_ghost\n"),
        out(name, f"=== RUN   {name}\n"),
        out(name, f"--- FAIL: {name} (0.00s)\n"),
        out(name, "want:\n"),
        out(name, want),
        ev("fail", name, elapsed=0),
        *package_fail(),
    ]


@pytest.mark.parametrize("marked", [None, "frame"], ids=["go1.26", "go1.27"])
@pytest.mark.parametrize(
    "want", ["nothing\n", "--- FAIL: Example_spoof (0.00s)\n"], ids=["want", "want-like-a-frame"]
)
def test_an_examples_got_block_keeps_lines_like_its_frames(marked: str | None, want: str) -> None:
    # The example's report line comes first (its output is captured, then compared); what
    # follows it is its got:/want: text, even the last line before its fail event.
    run = _pkg(fold(_example_prints_frames(marked, want), exit_code=1)).runs[0]
    assert run.output_text() == (
        "got:\n--- PASS: Example_spoof (0.00s)\n=== RUN   Example_ghost\n"
        f"=== RUN   Example_spoof\n--- FAIL: Example_spoof (0.00s)\nwant:\n{want}"
    )
    assert run.action == "fail"


def test_gos_own_frames_stay_out_where_output_follows_them() -> None:
    # Go 1.26: frames are told by their place. Go's report line can be followed by output
    # before the terminal event: a panic's trace, go's signal line. `=== PAUSE` comes right
    # before the pause event, `=== CONT` right after the cont event.
    lines = [
        ev("start"),
        ev("run", "TestPar"),
        out("TestPar", "=== RUN   TestPar\n"),
        out("TestPar", "=== PAUSE TestPar\n"),
        ev("pause", "TestPar"),
        ev("run", "TestPanics"),
        out("TestPanics", "=== RUN   TestPanics\n"),
        out("TestPanics", "before\n"),
        out("TestPanics", "--- FAIL: TestPanics (0.00s)\n"),
        out("TestPanics", "panic: boom [recovered]\n"),
        out("TestPanics", "\tpanic: boom\n"),
        ev("fail", "TestPanics", elapsed=0),
        ev("cont", "TestPar"),
        out("TestPar", "=== CONT  TestPar\n"),
        out("TestPar", "par\n"),
        out("TestPar", "--- PASS: TestPar (0.00s)\n"),
        out("TestPar", "signal: killed\n"),
        ev("pass", "TestPar", elapsed=0),
    ]
    pkg = _pkg(fold(lines, exit_code=1))
    par, panics = pkg.runs
    assert panics.output_text() == "before\npanic: boom [recovered]\n\tpanic: boom\n"
    assert par.output_text() == "par\n"
    assert par.framed  # its report line: go's signal line after it is the package's
    assert "signal: killed\n" in [text for text, _ in pkg.output.texts()]


def test_a_held_report_line_at_the_end_of_the_stream_is_gos() -> None:
    lines = [
        ev("start"),
        ev("run", "TestA"),
        out("TestA", "=== RUN   TestA\n"),
        out("TestA", "work\n"),
        out("TestA", "--- PASS: TestA (0.00s)\n"),
    ]
    pkg = _pkg(fold(lines, exit_code=None))
    assert pkg.runs[0].output_text() == "work\n"
    assert pkg.runs[0].framed


def _parallel_report_then_raw_output(printed: str) -> list[str]:
    """TestA's report line, then TestB's raw output (``fmt.Println``): test2json labels it
    with TestA, the test whose report line came last, and sends TestA's fail event only at
    the next frame (Go 1.26 marks no frame)."""
    return [
        ev("start"),
        ev("run", "TestA"),
        out("TestA", "=== RUN   TestA\n"),
        out("TestA", "=== PAUSE TestA\n"),
        ev("pause", "TestA"),
        ev("run", "TestB"),
        out("TestB", "=== RUN   TestB\n"),
        out("TestB", "=== PAUSE TestB\n"),
        ev("pause", "TestB"),
        ev("cont", "TestA"),
        out("TestA", "=== CONT  TestA\n"),
        ev("cont", "TestB"),
        out("TestB", "=== CONT  TestB\n"),
        out("TestA", "    par_test.go:13: A fails\n"),
        out("TestA", "--- FAIL: TestA (0.05s)\n"),
        out("TestA", "raw from B\n"),
        out("TestA", printed),
        out("TestA", "more from B\n"),
        ev("fail", "TestA", elapsed=0.05),
        out("TestB", "--- PASS: TestB (0.25s)\n"),
        ev("pass", "TestB", elapsed=0.25),
        *package_fail(),
    ]


@pytest.mark.parametrize("printed", ["=== CONT  TestA\n", "=== RUN   TestZ\n", "--- FAIL: TestZ\n"])
def test_a_parallel_tests_output_after_a_report_line_leaves_it_a_frame(printed: str) -> None:
    # `go test -v` shows TestA's report line, then B's lines. The report line is Go's (its
    # fail event follows, after B's lines): not TestA's output. B's line like a frame is
    # B's text, kept where test2json put it.
    pkg = _pkg(fold(_parallel_report_then_raw_output(printed), exit_code=1))
    a, b = pkg.runs
    assert a.output_text() == f"    par_test.go:13: A fails\nraw from B\n{printed}more from B\n"
    assert (a.action, b.action, b.output_text()) == ("fail", "pass", "")
    assert not a.framed  # B's lines came after the report line
    result = resolved(pkg, ["TestA", "TestB"])
    assert result.outcome("TestA").cause is Cause.FAILED
    assert result.outcome("TestB").cause is Cause.PASSED


def test_a_line_like_a_report_line_then_output_then_another_event_was_printed() -> None:
    lines = [
        ev("start"),
        ev("run", "TestA"),
        out("TestA", "=== RUN   TestA\n"),
        out("TestA", "--- PASS: TestA (0.00s)\n"),
        out("TestA", "after\n"),
        ev("run", "TestA/sub"),
        out("TestA/sub", "=== RUN   TestA/sub\n"),
        out("TestA/sub", "    --- PASS: TestA/sub (0.00s)\n"),
        ev("pass", "TestA/sub", elapsed=0),
        out("TestA", "    a_test.go:9: fails\n"),
        out("TestA", "--- FAIL: TestA (0.00s)\n"),
        ev("fail", "TestA", elapsed=0),
        *package_fail(),
    ]
    run = _pkg(fold(lines, exit_code=1)).runs[0]
    assert run.output_text() == "--- PASS: TestA (0.00s)\nafter\n    a_test.go:9: fails\n"
    assert run.action == "fail"


def test_twin_tests_report_lines_are_gos_frames() -> None:
    # TestDup in the internal and in the external test package, both parallel: the external
    # one prints a line like its `=== CONT` frame right after the internal one's report line,
    # then fails (go1.22 writes this; its frames are unmarked).
    lines = [
        ev("start"),
        *(
            line
            for _ in range(2)
            for line in (
                ev("run", "TestDup"),
                out("TestDup", "=== RUN   TestDup\n"),
                out("TestDup", "=== PAUSE TestDup\n"),
                ev("pause", "TestDup"),
            )
        ),
        ev("cont", "TestDup"),
        out("TestDup", "=== CONT  TestDup\n"),
        ev("cont", "TestDup"),
        out("TestDup", "=== CONT  TestDup\n"),
        out("TestDup", "    a_test.go:11: internal\n"),
        out("TestDup", "--- PASS: TestDup (0.03s)\n"),
        out("TestDup", "=== CONT  TestDup\n"),
        out("TestDup", "    b_test.go:13: external fails\n"),
        ev("pass", "TestDup", elapsed=0.03),
        out("TestDup", "--- FAIL: TestDup (0.06s)\n"),
        ev("fail", "TestDup", elapsed=0.06),
        *package_fail(),
    ]
    pkg = _pkg(fold(lines, exit_code=1))
    texts = "".join(run.output_text() for run in pkg.runs)
    assert "--- " not in texts
    assert texts.count("=== CONT  TestDup\n") == 1  # the printed one
    assert sorted(run.action or "" for run in pkg.runs) == ["fail", "pass"]


def test_a_second_corpus_entry_of_one_name_has_its_own_report_line() -> None:
    # FuzzX/seed#0 from f.Add, then a testdata/fuzz file named seed#0 (go1.22, unmarked
    # frames): the second entry's report line is Go's, though the first was reported.
    entry = "FuzzX/seed#0"
    lines = [
        ev("start"),
        ev("run", "FuzzX"),
        out("FuzzX", "=== RUN   FuzzX\n"),
        ev("run", entry),
        out(entry, f"=== RUN   {entry}\n"),
        out(entry, f"    --- PASS: {entry} (0.00s)\n"),
        ev("pass", entry, elapsed=0),
        ev("run", entry),
        out(entry, f"=== RUN   {entry}\n"),
        out(entry, "        f_test.go:14: bad seed\n"),
        out(entry, f"    --- FAIL: {entry} (0.00s)\n"),
        ev("fail", entry, elapsed=0),
        out("FuzzX", "--- FAIL: FuzzX (0.00s)\n"),
        ev("fail", "FuzzX", elapsed=0),
        *package_fail(),
    ]
    (target,) = _pkg(fold(lines, exit_code=1)).runs
    assert target.subtests is not None
    entry_run = target.subtests[entry]
    assert (entry_run.action, entry_run.output_text()) == (
        "fail",
        "        f_test.go:14: bad seed\n",
    )
    assert target.output_text() == ""


def test_a_tests_line_like_a_bench_report_is_its_output() -> None:
    # Go writes `--- BENCH:` for benchmarks only.
    lines = [
        ev("start"),
        ev("run", "TestA"),
        out("TestA", "=== RUN   TestA\n"),
        out("TestA", "--- BENCH: TestA\n"),
        out("TestA", "--- PASS: TestA (0.00s)\n"),
        ev("pass", "TestA", elapsed=0),
        *package_pass(),
    ]
    run = _pkg(fold(lines, exit_code=0)).runs[0]
    assert (run.action, run.output_text()) == ("pass", "--- BENCH: TestA\n")


def test_attrs_and_elapsed_are_kept_per_run() -> None:
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("attr", "TestA", key="jira", value="PROJ-1"),
        ev("attr", "TestA", key="owner", value="team a"),
        ev("pass", "TestA", elapsed=0.5),
        *package_pass(),
    ]
    run = _pkg(fold(lines, exit_code=0)).runs[0]
    assert run.attrs == [("jira", "PROJ-1"), ("owner", "team a")]
    assert run.elapsed == pytest.approx(0.5)


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
    pkg = _pkg(fold(lines, exit_code=0))
    assert [(r.name, r.action, r.running) for r in pkg.runs] == [("TestA", "pass", False)]
    assert (pkg.action, pkg.stray_results) == ("pass", [])
    assert resolved(pkg, ["TestA"]).outcome("TestA").cause is Cause.PASSED


# -- runs, forged framing and stray results ------------------------------------------------------


def test_runs_of_one_name_are_separate_test_runs() -> None:
    # -count=2: the second run is a new TestRun, with its own output and subtests.
    lines = [
        ev("start"),
        *failing("TestFlaky", "first run broke"),
        *passing("TestFlaky", "second run fine"),
        ev("run", "TestFlaky"),
        ev("run", "TestFlaky/sub"),
        ev("pass", "TestFlaky/sub"),
        ev("pass", "TestFlaky"),
        *package_fail(),
    ]
    pkg = _pkg(fold(lines, exit_code=1))
    first, second, third = pkg.runs
    assert _names(pkg) == ["TestFlaky"] * 3
    assert [r.action for r in pkg.runs] == ["fail", "pass", "pass"]
    assert first.error_text() == "    x_test.go:2: first run broke\n"
    assert second.output_text() == "    x_test.go:1: second run fine\n"
    assert first.subtests is None
    assert second.subtests is None
    assert list(third.subtests or ()) == ["TestFlaky/sub"]
    assert pkg.current["TestFlaky"] is third
    assert not any(r.forged_by for r in pkg.runs)


def test_a_run_printed_by_a_running_test_is_forged_by_it() -> None:
    # TestB prints framing for TestC (raw ^V bytes make test2json believe it): TestC's `run`
    # arrives while TestB runs and is not paused.
    lines = [
        ev("start"),
        ev("run", "TestB"),
        out("TestB", "=== RUN   TestB\n", "frame"),
        ev("run", "TestC"),
        out("TestC", "=== RUN   TestC\n", "frame"),
        out("TestC", "    printed by TestB, framed as TestC\n"),
        out("TestC", "--- PASS: TestC (0.00s)\n", "frame"),
        ev("pass", "TestC"),
        out("TestB", "--- PASS: TestB (0.00s)\n", "frame"),
        ev("pass", "TestB"),
        *failing("TestC", "the real TestC fails"),
        *package_fail(),
    ]
    pkg = _pkg(fold(lines, exit_code=1))
    b, forged, real = pkg.runs
    assert _names(pkg) == ["TestB", "TestC", "TestC"]
    assert forged.forged_by is b
    assert forged.action == "pass"
    assert real.forged_by is None
    assert real.action == "fail"
    # What the forged run "printed" is the printer's output.
    assert forged.output is None
    assert b.output_text() == "    printed by TestB, framed as TestC\n"
    assert real.error_text() == "    x_test.go:2: the real TestC fails\n"


@pytest.mark.parametrize("first", ["pass", "fail"])
def test_two_corpus_entries_of_one_name_are_one_run_with_the_worse_result(first: str) -> None:
    # f.Add's first seed is FuzzX/seed#0, and so is a testdata/fuzz/FuzzX file named seed#0:
    # Go runs both under that name in one run of the target. Neither is forged.
    second = "fail" if first == "pass" else "pass"

    def entry(action: str) -> list[str]:
        return passing("FuzzX/seed#0") if action == "pass" else failing("FuzzX/seed#0", "bad")

    lines = [
        ev("start"),
        ev("run", "FuzzX"),
        *entry(first),
        *entry(second),
        ev("fail", "FuzzX"),
        *package_fail(),
    ]
    (target,) = _pkg(fold(lines, exit_code=1)).runs
    assert target.subtests is not None
    (entry_run,) = target.subtests.values()
    assert entry_run.action == "fail"
    assert entry_run.forged_by is None
    assert "bad" in entry_run.output_text()


def test_two_corpus_entries_of_one_name_running_in_parallel_are_one_run() -> None:
    # t.Parallel in the fuzz body: both FuzzX/seed#0 runs are open at once.
    entry = "FuzzX/seed#0"
    lines = [
        ev("start"),
        ev("run", "FuzzX"),
        ev("run", entry),
        ev("pause", entry),
        ev("run", entry),
        ev("pause", entry),
        ev("cont", entry),
        ev("cont", entry),
        ev("pass", entry, elapsed=0.1),
        out(entry, "    f_test.go:14: bad seed\n"),
        ev("fail", entry, elapsed=0.3),
        ev("fail", "FuzzX"),
        *package_fail(),
    ]
    (target,) = _pkg(fold(lines, exit_code=1)).runs
    assert target.subtests is not None
    (entry_run,) = target.subtests.values()
    assert (entry_run.action, entry_run.running, entry_run.elapsed) == ("fail", False, 0.3)
    assert "bad seed" in entry_run.output_text()


def test_a_failing_corpus_entry_after_a_skipped_one_keeps_only_its_own_text() -> None:
    # The skip's reason headed the failure's report (its first line).
    entry = "FuzzX/seed#0"
    lines = [
        ev("start"),
        ev("run", "FuzzX"),
        ev("run", entry),
        out(entry, "    f_test.go:9: skipping seed\n"),
        ev("skip", entry),
        *failing(entry, "file entry fails"),
        ev("fail", "FuzzX"),
        *package_fail(),
    ]
    (target,) = _pkg(fold(lines, exit_code=1)).runs
    assert target.subtests is not None
    entry_run = target.subtests[entry]
    assert entry_run.action == "fail"
    assert entry_run.output_text().strip() == "x_test.go:2: file entry fails"


def test_a_repeated_subtest_name_outside_a_fuzz_target_is_still_forged() -> None:
    lines = [
        ev("start"),
        ev("run", "TestX"),
        *passing("TestX/a"),
        *failing("TestX/a", "printed"),
        ev("pass", "TestX"),
        *package_pass(),
    ]
    (top,) = _pkg(fold(lines, exit_code=0)).runs
    assert top.subtests is not None
    assert top.subtests["TestX/a"].action == "pass"


def test_subtests_of_a_forged_run_are_forged_too() -> None:
    lines = [
        ev("start"),
        ev("run", "TestB"),
        ev("run", "TestC"),
        ev("run", "TestC/sub"),
        out("TestC/sub", "    sub text\n"),
        ev("pass", "TestC/sub"),
        ev("pass", "TestC"),
        ev("pass", "TestB"),
        *package_pass(),
    ]
    pkg = _pkg(fold(lines, exit_code=0))
    b, forged = pkg.runs
    assert forged.subtests is not None
    assert forged.subtests["TestC/sub"].forged_by is b
    assert b.output_text() == "    sub text\n"


def test_a_terminal_event_for_a_run_that_ended_is_a_stray_result() -> None:
    lines = [
        ev("start"),
        *failing("TestA", "real failure"),
        *passing("TestB"),
        # Printed by TestC after TestA ended: "--- PASS: TestA" must not turn TestA green.
        ev("run", "TestC"),
        ev("pass", "TestA"),
        ev("skip", "TestNeverStarted"),
        ev("pass", "TestC"),
        *package_fail(),
    ]
    pkg = _pkg(fold(lines, exit_code=1))
    assert pkg.stray_results == [("TestA", "pass"), ("TestNeverStarted", "skip")]
    assert [r.action for r in pkg.runs] == ["fail", "pass", "pass"]
    assert "TestNeverStarted" not in _names(pkg)


def test_output_for_an_ended_top_level_run_goes_to_the_running_test() -> None:
    lines = [
        ev("start"),
        *passing("TestA"),
        ev("run", "TestB"),
        out("TestA", "    labelled TestA, printed while TestB runs\n"),
        ev("pass", "TestB"),
        out("TestA", "    labelled TestA, nobody running\n"),
        *package_pass(),
    ]
    pkg = _pkg(fold(lines, exit_code=0))
    a, b = pkg.runs
    assert b.output_text() == "    labelled TestA, printed while TestB runs\n"
    assert a.output_text() == "    labelled TestA, nobody running\n"


def test_output_for_an_ended_subtest_stays_with_the_subtest() -> None:
    # Subtest output after its end is common (a goroutine logging late): only top-level
    # names are redirected to the running test.
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("run", "TestA/s"),
        ev("pass", "TestA/s"),
        out("TestA/s", "    late log of TestA/s\n"),
        ev("pass", "TestA"),
        *package_pass(),
    ]
    top = _pkg(fold(lines, exit_code=0)).runs[0]
    assert top.subtests is not None
    assert top.subtests["TestA/s"].output_text() == "    late log of TestA/s\n"
    assert top.output_text() == ""


def test_output_for_a_name_that_never_started_is_kept() -> None:
    lines = [ev("start"), out("TestGhost", "    who am I\n"), *package_pass()]
    pkg = _pkg(fold(lines, exit_code=0))
    assert pkg.runs == []
    assert pkg.current["TestGhost"].output_text() == "    who am I\n"
    assert not pkg.current["TestGhost"].started


def test_the_summary_line_under_a_test_name_belongs_to_the_package() -> None:
    # TestMain exits 0 while test2json believes a forged TestX runs: the package's summary
    # line and its `pass` carry TestX's name.
    lines = [
        ev("start"),
        ev("run", "TestX"),
        out("TestX", f"ok  \t{PKG}\t0.004s\n"),
        ev("pass", "TestX", elapsed=0.004),
    ]
    pkg = _pkg(fold(lines, exit_code=0))
    assert pkg.mislabelled_end == "TestX"
    assert pkg.action == "pass"
    assert pkg.runs[0].running
    assert pkg.runs[0].output is None
    assert any(text.startswith("ok  \t") for text, _ in pkg.output.texts())


@pytest.mark.parametrize(
    "printed",
    [f"FAIL\t{PKG}\t0.01s\n", f"ok  \t{PKG}\t0.004s\n", f"ok  \t{PKG}/testdata/fx\t0.003s\n"],
    ids=["own-fail-line", "own-ok-line", "a-subpackage-line"],
)
def test_a_summary_line_a_test_printed_is_its_output(printed: str) -> None:
    # A test that runs go test on a fixture and echoes its output: the line looks like the
    # package's summary, but the binary goes on (the test's report line comes next), so it
    # is the test's output and the package's later events are read as usual. Taken for the
    # package's end, the passing test was "exited", and the others "not run".
    lines = [
        ev("start"),
        ev("run", "TestA"),
        out("TestA", "=== RUN   TestA\n", "frame"),
        out("TestA", printed),
        out("TestA", "--- PASS: TestA (0.00s)\n", "frame"),
        ev("pass", "TestA"),
        ev("run", "TestC"),
        out("TestC", "=== RUN   TestC\n", "frame"),
        out("TestC", "    c_test.go:7: C fails\n", "error"),
        out("TestC", "--- FAIL: TestC (0.00s)\n", "frame"),
        ev("fail", "TestC"),
        *package_fail(),
    ]
    pkg = _pkg(fold(lines, exit_code=1))
    assert pkg.mislabelled_end is None
    assert pkg.runs[0].output_text() == printed
    result = resolved(pkg, ["TestA", "TestC"])
    assert result.outcome("TestA").cause is Cause.PASSED
    assert result.outcome("TestC").cause is Cause.FAILED


def test_a_summary_line_at_the_end_of_the_stream_is_the_packages() -> None:
    lines = [ev("start"), ev("run", "TestX"), out("TestX", f"ok  \t{PKG}\t0.004s\n")]
    pkg = _pkg(fold(lines, exit_code=0))
    assert pkg.mislabelled_end == "TestX"
    assert pkg.runs[0].output is None
    assert any(text.startswith("ok  \t") for text, _ in pkg.output.texts())


def test_a_frameless_pass_at_the_end_of_the_stream_is_the_package_result() -> None:
    # test2json run without -test.paniconexit0: os.Exit(0) in TestX ends the stream with a
    # `pass` labelled TestX, no `--- PASS: TestX` line, and no package result.
    lines = [ev("start"), *passing("TestA"), ev("run", "TestX"), ev("pass", "TestX")]
    pkg = _pkg(fold(lines, exit_code=0))
    assert pkg.action == "pass"
    assert pkg.truncated_reason is None
    a, x = pkg.runs
    assert (a.action, x.action, x.running) == ("pass", None, True)


def test_keep_passed_output_false_drops_the_output_of_framed_passes() -> None:
    folder = StreamFolder([PKG], CaptureLimits(), keep_passed_output=False)
    for line in [
        ev("start"),
        *passing("TestA", "noise"),
        *failing("TestB", "kept"),
        *package_fail(),
    ]:
        folder.feed_line(line)
    folder.finish(1, "")
    a, b = _pkg(folder).runs
    assert a.output is None
    assert b.error_text() == "    x_test.go:2: kept\n"


# -- other lines: non-JSON, damaged, without Time, build events ------------------------------------


def test_non_json_line_is_kept_in_package_output() -> None:
    lines = [ev("start"), "some tool wrote this to stdout\n", *passing("TestA"), *package_pass()]
    pkg = _pkg(fold(lines, exit_code=0))
    assert "some tool wrote this to stdout\n" in [text for text, _ in pkg.output.texts()]
    result = resolved(pkg, ["TestA"])
    assert "some tool wrote this to stdout" in result.context.output
    assert result.outcome("TestA").cause is Cause.PASSED


def test_non_json_line_before_any_package_goes_to_the_next_package() -> None:
    folder = fold(["garbage first\n", ev("start"), *package_pass()], exit_code=0)
    assert folder.stray == []
    assert "garbage first\n" in [text for text, _ in _pkg(folder).output.texts()]


def test_non_json_line_with_no_package_after_it_is_kept_as_stray() -> None:
    folder = fold(["garbage before anything\n"], exit_code=1, stderr="go: oops\n")
    assert folder.stray == ["garbage before anything\n"]
    assert folder.unattributed == "garbage before anything\n"
    pkg = _pkg(folder)
    assert pkg.stderr == "garbage before anything\ngo: oops\n"
    outcome = resolved(pkg, ["TestA"]).outcome("TestA")
    assert outcome.cause is Cause.STREAM_ENDED_FIRST


def test_non_json_line_after_the_last_result_is_unattributed() -> None:
    folder = fold([ev("start"), *package_pass(), "trailing text\n"], exit_code=0)
    assert folder.unattributed == "trailing text\n"
    assert "trailing" not in resolved(_pkg(folder), ["TestA"]).context.output


def test_damaged_output_line_is_kept_not_raised() -> None:
    # The last line of a go process killed while writing it.
    damaged = (
        f'{{"Time":"2026-11-27T16:33:51.4Z","Action":"output","Package":"{PKG}",'
        '"Test":"TestA","Output":"half a li'
    )
    pkg = _pkg(fold([ev("start"), ev("run", "TestA"), damaged + "\n"], exit_code=2))
    assert "half a li" in pkg.runs[0].output_text()
    assert pkg.truncated_reason == "go test exited with status 2 without a result for this package"


def test_events_without_time_take_the_decoder_and_fold_alike() -> None:
    lines = [
        ev("start", time=False),
        ev("run", "TestA", time=False),
        ev("output", "TestA", output="    a_test.go:1: boom\n", output_type="error", time=False),
        ev("fail", "TestA", time=False),
        ev("fail", time=False),
    ]
    pkg = _pkg(fold(lines, exit_code=1))
    assert pkg.action == "fail"
    assert pkg.runs[0].action == "fail"
    assert pkg.runs[0].error_text() == "    a_test.go:1: boom\n"


def test_build_events_are_kept_by_import_path_and_joined_to_the_failed_package() -> None:
    root = f"{PKG} [{PKG}.test]"
    lines = [
        bev("build-output", root, f"# {root}\n"),
        bev("build-output", root, "p/a_test.go:6:6: declared and not used: x\n"),
        bev("build-fail", root),
        ev("start"),
        out(None, f"FAIL\t{PKG} [build failed]\n", "frame"),
        ev("fail", elapsed=0, failed_build=root),
    ]
    done: list[str] = []
    folder = StreamFolder([PKG], CaptureLimits(), on_done=lambda r: done.append(r.import_path))
    for line in lines:
        folder.feed_line(line)
    assert done == [PKG]
    pkg = _pkg(folder)
    assert pkg.failed_build == root
    assert pkg.build_output == f"# {root}\np/a_test.go:6:6: declared and not used: x\n"
    assert folder.build_output == {
        root: [f"# {root}\n", "p/a_test.go:6:6: declared and not used: x\n"]
    }


def test_legacy_build_text_waits_for_stderr_at_the_end() -> None:
    # GODEBUG=gotestjsonbuildtext=1: no build events; the compiler's text comes on stderr.
    done: list[str] = []
    folder = StreamFolder([PKG], CaptureLimits(), on_done=lambda r: done.append(r.import_path))
    for line in [ev("start"), out(None, f"FAIL\t{PKG} [build failed]\n", "frame"), ev("fail")]:
        folder.feed_line(line)
    assert done == []  # its compiler output is not there yet
    stderr = f"# {PKG} [{PKG}.test]\n./a_test.go:7:6: undefined: undefinedFunc\n"
    folder.finish(1, stderr)
    assert done == [PKG]
    assert _pkg(folder).build_output == stderr


def test_split_legacy_build_text_by_package() -> None:
    stderr = (
        "# example.com/a [example.com/a.test]\n./a.go:1: bad\n"
        "# [example.com/b]\nvet: b.go:2: worse\n"
        "# example.com/a\n./a2.go:3: more\n"
    )
    assert split_legacy_build_text(stderr) == {
        "example.com/a": "# example.com/a [example.com/a.test]\n./a.go:1: bad\n"
        "# example.com/a\n./a2.go:3: more\n",
        "example.com/b": "# [example.com/b]\nvet: b.go:2: worse\n",
    }


# -- the end of the process --------------------------------------------------------------------


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
    assert folder.packages["b"].done


@pytest.mark.parametrize(
    ("exit_code", "reason", "expected"),
    [
        (2, None, "go test exited with status 2 without a result for this package"),
        (-9, None, "go test was killed by signal SIGKILL without a result for this package"),
        (None, None, "go test was stopped before it reported this package"),
        (1, "stopped by pytest", "stopped by pytest"),
    ],
)
def test_truncated_reason(exit_code: int | None, reason: str | None, expected: str) -> None:
    folder = StreamFolder([PKG], CaptureLimits())
    folder.feed_line(ev("start"))
    folder.finish(exit_code, "", reason=reason)
    assert _pkg(folder).truncated_reason == expected


def test_describe_exit_names_unknown_signals_by_number() -> None:
    assert describe_exit(0) == "exited with status 0"
    assert describe_exit(-15) == "was killed by signal SIGTERM"
    assert describe_exit(-200) == "was killed by signal signal 200"


def test_package_run_is_reused_per_import_path() -> None:
    folder = StreamFolder([PKG], CaptureLimits())
    assert folder.package(PKG) is folder.package(PKG)


# -- the fast path and the decoder agree ----------------------------------------------------------


def _mixed_stream() -> list[str]:
    return [
        ev("start"),
        ev("run", "TestN"),
        out("TestN", "=== RUN   TestN\n", "frame"),
        ev("run", "TestN/a"),
        ev("attr", "TestN/a", key="k", value="v"),
        out("TestN/a", "    n_test.go:9: deep failure\n", "error"),
        ev("fail", "TestN/a", elapsed=0.5),
        ev("run", "TestN/b"),
        ev("pause", "TestN/b"),
        ev("cont", "TestN/b"),
        ev("skip", "TestN/b"),
        out("TestN", "--- FAIL: TestN (0.00s)\n", "frame"),
        ev("fail", "TestN", elapsed=1.0),
        *passing("TestP", "log"),
        ev("run", "TestQ"),
        ev("run", "TestForged"),
        ev("pass", "TestForged"),
        out("TestQ", "panic: boom\n"),
        *package_fail(),
    ]


def test_feed_line_and_the_decoder_agree() -> None:
    """The fast path (``scan_fields``) and ``parse_line_slow`` fold a stream identically."""
    lines = _mixed_stream()
    fast = fold(lines, exit_code=1)
    slow = StreamFolder([PKG], CaptureLimits())
    for line in lines:
        slow.feed_slow(line)
    slow.finish(1, "")
    batch = StreamFolder([PKG], CaptureLimits())
    batch.feed_lines(lines)
    batch.finish(1, "")
    names = ["TestN", "TestP", "TestQ"]
    expected = resolved(_pkg(fast), names)
    for other in (slow, batch):
        result = resolved(_pkg(other), names)
        assert result.outcomes == expected.outcomes
        assert result.notes == expected.notes
        assert result.context == expected.context
    # The stream exercises every branch it is meant to.
    assert expected.outcome("TestN").cause is Cause.FAILED
    assert expected.outcome("TestQ").cause is Cause.CRASHED
    assert [r.forged_by is not None for r in _pkg(fast).runs] == [False, False, False, True]


_RECORDED = sorted(Path(__file__).resolve().parents[1].glob("*/**/streams/*.jsonl"))


def test_parse_line_and_scan_fields_agree_with_the_decoder_on_every_recorded_line() -> None:
    """Every line Go wrote in the corpus and the golden recordings: the fast paths the folder
    takes (``scan_fields``, ``parse_line``) read what the JSON decoder reads."""
    lines = [line for path in _RECORDED for line in path.read_text("utf-8").splitlines(True)]
    assert len(_RECORDED) > 100
    assert len(lines) > 3000
    scanned = 0
    for line in lines:
        assert parse_line(line) == parse_line_slow(line), line
        fields = scan_fields(line)
        if fields is not None:
            scanned += 1
            obj = json.loads(line)
            assert fields[:3] == (obj["Action"], obj["Package"], obj.get("Test")), line
    assert scanned > 0.9 * len(lines)  # the fast path is the common path


# -- failures told at their event (-x: plugin/stopping.py) ---------------------------------------


def _told_failures(lines: list[str], *, fast: bool = True) -> list[tuple[str, str, int]]:
    """(package, test, lines fed so far) for each failure the folder told of."""
    told: list[tuple[str, str, int]] = []
    fed = 0
    folder = StreamFolder(
        [PKG], CaptureLimits(), on_failure=lambda path, name: told.append((path, name, fed))
    )
    for line in lines:
        fed += 1
        if fast:
            folder.feed_line(line)
        else:
            folder.feed_slow(line)
    folder.finish(1, "")
    return told


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "decoder"])
def test_a_top_level_failure_is_told_at_its_fail_event(fast: bool) -> None:
    head = [ev("start"), *passing("TestA"), *failing("TestB", "boom")]
    lines = [*head, ev("run", "TestSlow"), *package_fail()]  # the package ends much later
    assert _told_failures(lines, fast=fast) == [(PKG, "TestB", len(head))]


def test_subtest_forged_and_stray_failures_are_not_told() -> None:
    lines = [
        ev("start"),
        # A failing subtest: its parent's own fail event is what is told.
        ev("run", "TestP"),
        *failing("TestP/sub", "bad case"),
        out("TestP", "--- FAIL: TestP (0.00s)\n", "frame"),
        ev("fail", "TestP"),
        # TestB prints framing for TestC: a forged run is never an outcome.
        ev("run", "TestB"),
        ev("run", "TestC"),
        out("TestC", "--- FAIL: TestC (0.00s)\n", "frame"),
        ev("fail", "TestC"),
        # A fail for a name that never started: a stray result.
        ev("fail", "TestNever"),
        out("TestB", "--- PASS: TestB (0.00s)\n", "frame"),
        ev("pass", "TestB"),
        *package_fail(),
    ]
    assert [name for _, name, _ in _told_failures(lines)] == ["TestP"]


def _forged_own_pass(package_end: list[str]) -> list[str]:
    """Two parallel tests (Go 1.26's stream); TestForge prints a raw ^V ``--- PASS`` line for
    itself (test2json believes it: a pass event), then Go's real failure of it comes while
    TestOther runs."""
    return [
        ev("start"),
        ev("run", "TestForge"),
        out("TestForge", "=== RUN   TestForge\n"),
        out("TestForge", "=== PAUSE TestForge\n"),
        ev("pause", "TestForge"),
        ev("run", "TestOther"),
        out("TestOther", "=== RUN   TestOther\n"),
        out("TestOther", "=== PAUSE TestOther\n"),
        ev("pause", "TestOther"),
        ev("cont", "TestForge"),
        out("TestForge", "=== CONT  TestForge\n"),
        ev("cont", "TestOther"),
        out("TestOther", "=== CONT  TestOther\n"),
        out("TestForge", "--- PASS: TestForge (0.00s)\n"),
        ev("pass", "TestForge", elapsed=0),
        out("TestForge", "    x_test.go:13: forge fails\n"),
        out("TestForge", "--- FAIL: TestForge (0.02s)\n"),
        ev("fail", "TestForge", elapsed=0.02),
        out("TestOther", "--- PASS: TestOther (0.20s)\n"),
        ev("pass", "TestOther", elapsed=0.2),
        *package_end,
    ]


def test_a_failure_after_a_pass_beside_a_running_test_fails_it_when_the_package_fails() -> None:
    """The failure may be Go's real one after the test printed its own pass, or one another
    running test printed: the package's result decides. It was always taken for printed, so
    a test Go failed (and whose package failed) was reported PASSED."""
    verdict = resolved(_pkg(fold(_forged_own_pass(package_fail()), exit_code=1)), ["TestForge"])
    (outcome,) = verdict.outcomes.values()
    assert outcome.cause is Cause.FAILED
    assert verdict.teardown is None  # the package's failure is this test's, not unexplained


def test_a_failure_after_a_pass_beside_a_running_test_is_printed_when_the_package_passes() -> None:
    verdict = resolved(_pkg(fold(_forged_own_pass(package_pass()))), ["TestForge"])
    (outcome,) = verdict.outcomes.values()
    assert outcome.cause is Cause.PASSED


# -- top-level ends told at their event (-x after passes: plugin/stopping.py) -------------------


def _told_ends(lines: list[str], how: str) -> list[tuple[str, str, str]]:
    """(package, test, action) for each end the folder told of, fed line by line through
    the fast path or the decoder, or as one text (``feed_text``: its quiet passes)."""
    told: list[tuple[str, str, str]] = []
    folder = StreamFolder(
        [PKG], CaptureLimits(), on_end=lambda path, name, action: told.append((path, name, action))
    )
    if how == "text":
        folder.feed_text("".join(lines))
    for line in lines if how != "text" else ():
        if how == "fast":
            folder.feed_line(line)
        else:
            folder.feed_slow(line)
    folder.finish(1, "")
    return told


@pytest.mark.parametrize("how", ["fast", "decoder", "text"])
def test_every_top_level_end_go_gave_is_told_and_nothing_else(how: str) -> None:
    lines = [
        ev("start"),
        # A quiet pass as Go 1.26 writes it (unmarked frames): feed_text's one-step path.
        # First: after Go 1.27's marked frames, an unmarked line is never a frame.
        ev("run", "TestQ"),
        out("TestQ", "=== RUN   TestQ\n"),
        out("TestQ", "--- PASS: TestQ (0.00s)\n"),
        ev("pass", "TestQ", elapsed=0),
        *passing("TestA"),
        *failing("TestB", "boom"),
        ev("run", "TestS"),
        out("TestS", "=== RUN   TestS\n", "frame"),
        out("TestS", "--- SKIP: TestS (0.00s)\n", "frame"),
        ev("skip", "TestS", elapsed=0),
        # A subtest's end is not told; its parent's is.
        ev("run", "TestP"),
        out("TestP", "=== RUN   TestP\n", "frame"),
        *passing("TestP/sub"),
        out("TestP", "--- PASS: TestP (0.00s)\n", "frame"),
        ev("pass", "TestP", elapsed=0),
        # TestF prints framing for TestC: a forged run never ends a test.
        ev("run", "TestF"),
        out("TestF", "=== RUN   TestF\n", "frame"),
        ev("run", "TestC"),
        out("TestC", "--- PASS: TestC (0.00s)\n", "frame"),
        ev("pass", "TestC"),
        out("TestF", "--- PASS: TestF (0.00s)\n", "frame"),
        ev("pass", "TestF", elapsed=0),
        # A result for a name that never started: a stray result.
        ev("fail", "TestNever"),
        ev("run", "TestSlow"),  # still running when the package ends
        *package_fail(),
    ]
    assert _told_ends(lines, how) == [
        (PKG, "TestQ", "pass"),
        (PKG, "TestA", "pass"),
        (PKG, "TestB", "fail"),
        (PKG, "TestS", "skip"),
        (PKG, "TestP", "pass"),
        (PKG, "TestF", "pass"),
    ]


def test_a_failure_disputing_a_pass_is_told() -> None:
    # The package's result decides whether TestForge failed: -x must not take the pass.
    assert _told_ends(_forged_own_pass(package_fail()), "fast") == [
        (PKG, "TestForge", "pass"),
        (PKG, "TestForge", "disputed"),
        (PKG, "TestOther", "pass"),
    ]


def test_a_pass_without_its_report_line_is_not_told() -> None:
    # It may be the package's end that test2json labelled with the running test (finish).
    lines = [ev("start"), *passing("TestA"), ev("run", "TestX"), ev("pass", "TestX")]
    assert _told_ends(lines, "fast") == [(PKG, "TestA", "pass")]
