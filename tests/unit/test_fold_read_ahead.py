"""The folder's fast paths (``core/fold.py``) change nothing: two for quiet passes, one for
runs of a test's output lines.

A test that ran and passed without output is four lines: its run event, two frames and its pass
event. ``feed_lines`` reads the three lines after a ``run`` at once (``_quiet_pass``), and
``feed_text`` (what the reader thread calls) finds the four lines with one regular expression;
both fold them without parsing when they are exactly that. ``feed_text`` also hands a run
of one test's ordinary output lines to its buffer at once (``_OUTPUT_BLOCK_RE``). Folding a
stream in one ``feed_lines`` call, or as text in chunks of whole lines, must leave the folder
in the same state as feeding it line by line (one line per call: no fast path), for recorded
streams of real Go versions and for generated ones built to nearly match the recognised
shapes.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stream_helpers import PKG, ev

from pytest_gotest.core import fold, framing
from pytest_gotest.core.events import scan_fields
from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.outcome import TestSlot
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.package_run import PackageRun, TestRun
from pytest_gotest.core.resolve import resolve

_TESTS = Path(__file__).resolve().parents[1]
_STREAM_FILES = sorted(
    [
        *(_TESTS / "golden" / "streams").glob("*.jsonl"),
        *(_TESTS / "testdata" / "go-corpus" / "streams").glob("*.jsonl"),
    ]
)


def _run_state(run: TestRun | None, seen: set[int]) -> Any:
    if run is None:
        return None
    if id(run) in seen:
        return ("again", run.name)
    seen.add(id(run))
    return (
        run.name,
        run.action,
        run.running,
        run.paused,
        run.elapsed,
        run.framed,
        run.reported,
        run.frame_due,
        run.output.text(drop_frames=False) if run.output is not None else None,
        tuple(run.attrs or ()),
        run.forged_by.name if run.forged_by is not None else None,
        tuple(twin.name for twin in run.twins) if run.twins is not None else None,
        tuple((name, _run_state(sub, seen)) for name, sub in (run.subtests or {}).items()),
    )


def _package_state(pkg: PackageRun) -> Any:
    seen: set[int] = set()
    return (
        pkg.action,
        pkg.elapsed,
        pkg.failed_build,
        pkg.build_output,
        pkg.started,
        pkg.truncated_reason,
        pkg.stderr,
        tuple(pkg.stray_results),
        pkg.mislabelled_end,
        pkg.frameless_pass,
        pkg.marks_frames,
        pkg.pending_frame is not None,
        pkg.held_lines,
        pkg.output.text(drop_frames=False),
        tuple(_run_state(run, seen) for run in pkg.runs),
        tuple((name, _run_state(run, seen)) for name, run in pkg.current.items()),
        tuple(run.name for run in pkg.open_tops),
        pkg._unread.name if pkg._unread is not None else None,
    )


def _fold(lines: Sequence[str], packages: list[str], how: str) -> tuple[Any, Any]:
    """Fold ``lines``: ``whole`` in one feed_lines call, ``single`` one line per call,
    ``text`` each element (whole lines) through feed_text."""
    done: list[str] = []
    folder = StreamFolder(
        packages,
        CaptureLimits(memory_bytes=4096),
        on_done=lambda pkg: done.append(pkg.import_path),
        keep_passed_output=False,
    )
    if how == "whole":
        folder.feed_lines(lines)
    elif how == "text":
        for text in lines:
            folder.feed_text(text)
    else:
        for line in lines:
            folder.feed_line(line)
    folder.finish(1, "")
    state = tuple((name, _package_state(pkg)) for name, pkg in sorted(folder.packages.items()))
    verdicts = []
    for name, pkg in sorted(folder.packages.items()):
        tops = sorted({run.name for run in pkg.runs})
        verdict = resolve(pkg, [TestSlot(top) for top in tops], None)
        verdicts.append(
            (name, sorted((slot.name, repr(o)) for slot, o in verdict.outcomes.items()))
        )
    return (state, done), verdicts


_READ_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def _assert_same(lines: list[str], packages: list[str], cuts: Sequence[int] = ()) -> None:
    """Read ahead in one call, and as text cut into chunks after the lines at ``cuts``, the
    stream folds as it does line by line. The text is split as the reader splits it (at
    ``\\n`` only, the last line may lack it)."""
    assert _fold(lines, packages, "whole") == _fold(lines, packages, "single")
    read = _READ_LINE.findall("".join(lines))
    bounds = sorted({0, len(read), *(cut for cut in cuts if 0 < cut < len(read))})
    chunks = ["".join(read[start:end]) for start, end in itertools.pairwise(bounds)]
    assert _fold(chunks, packages, "text") == _fold(read, packages, "single")


def _without_output_type(line: str) -> str:
    """A Go 1.27 line as Go 1.26 writes it: frames carry no OutputType."""
    return line.replace(',"OutputType":"frame"', "").replace(',"OutputType":"error"', "")


def _packages(lines: list[str]) -> list[str]:
    found: dict[str, None] = {}
    for line in lines:
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("Package"), str):
            found[obj["Package"]] = None
    return list(found)


@functools.cache
def _stream(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.mark.parametrize("path", _STREAM_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_recorded_streams_fold_the_same_with_read_ahead(path: Path) -> None:
    lines = _stream(path)
    every_seventh = range(7, len(lines), 7)
    _assert_same(lines, _packages(lines), every_seventh)
    plain = [_without_output_type(line) for line in lines]
    _assert_same(plain, _packages(plain))  # one chunk
    _assert_same(plain, _packages(plain), every_seventh)


def _quiet(test: str, pkg: str = PKG, seconds: str = "0.00", elapsed: float = 0) -> list[str]:
    return [
        ev("run", test, pkg=pkg),
        ev("output", test, pkg=pkg, output=f"=== RUN   {test}\n"),
        ev("output", test, pkg=pkg, output=f"--- PASS: {test} ({seconds}s)\n"),
        ev("pass", test, pkg=pkg, elapsed=elapsed),
    ]


def _one_quiet_subtest() -> list[str]:
    """A package whose one test, TestA, runs one subtest that passes without output."""
    return [
        ev("start"),
        *_quiet("TestA")[:2],
        *_quiet("TestA/x", elapsed=0.25),
        ev("output", "TestA", output="--- PASS: TestA (0.25s)\n"),
        ev("pass", "TestA", elapsed=0.25),
        ev("pass"),
    ]


def test_a_quiet_pass_is_folded_without_parsing_its_frames(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The positive control: the read-ahead is taken (no frame is classified) and the result
    is a passed, framed subtest with Go's elapsed time."""
    lines = _one_quiet_subtest()
    classified: list[str] = []
    real = framing._frame_kind

    def counting(line: str, start: int) -> str | None:
        classified.append(line)
        return real(line, start)

    monkeypatch.setattr(fold, "_frame_kind", counting)  # the name the fold calls
    folder = StreamFolder([PKG], CaptureLimits())
    folder.feed_lines(lines)
    # Only TestA's report line was classified: its === RUN frame was read ahead after its run
    # (then TestA/x's run ended the read-ahead), and TestA/x's lines came in one group.
    assert len(classified) == 1
    assert "--- PASS: TestA (0.25s)" in classified[0]
    sub = folder.packages[PKG].current["TestA/x"]
    assert (sub.action, sub.elapsed, sub.framed, sub.running) == ("pass", 0.25, True, False)


_NAMES = ["TestA", "TestB", "TestA/x", "TestA/y", "TestB/x", "TestA/x/deep", "Test<&>", 'Test"q']


@st.composite
def _group(draw: st.DrawFn) -> list[str]:
    """A quiet pass, exact or with one thing changed that must make it fall back."""
    test = draw(st.sampled_from(_NAMES))
    pkg = draw(st.sampled_from([PKG, "example.com/q"]))
    lines = _quiet(test, pkg, draw(st.sampled_from(["0.00", "1.50", "x", ""])))
    change = draw(
        st.sampled_from(
            ["none", "none", "none", "drop", "output", "fail", "other", "indent", "cut", "elapsed"]
        )
    )
    at = draw(st.integers(min_value=1, max_value=3))
    if change == "drop":
        del lines[at]
    elif change == "output":
        lines.insert(at, ev("output", test, pkg=pkg, output="hello\n"))
    elif change == "fail":
        lines[3] = ev("fail", test, pkg=pkg, elapsed=0)
    elif change == "other":
        other = draw(st.sampled_from(_NAMES))
        lines.insert(at, draw(st.sampled_from(_quiet(other, pkg))))
    elif change == "indent":
        lines[2] = ev("output", test, pkg=pkg, output=f"    --- PASS: {test} (0.00s)\n")
    elif change == "cut":
        lines[at] = lines[at].rstrip("\n")
    elif change == "elapsed":
        lines[3] = lines[3].replace('"Elapsed":0', '"Elapsed":"zero"')
    return lines


_single = st.builds(
    lambda action, test, pkg: [ev(action, test, pkg=pkg)],
    st.sampled_from(["run", "pass", "fail", "pause", "cont", "skip", "start"]),
    st.none() | st.sampled_from(_NAMES),
    st.sampled_from([PKG, "example.com/q"]),
) | st.builds(
    lambda test, text: [ev("output", test, output=text)],
    st.none() | st.sampled_from(_NAMES),
    st.sampled_from(
        [
            "=== RUN   TestA\n",
            "--- PASS: TestA (0.00s)\n",
            "=== PAUSE TestA\n",
            "=== CONT  TestA\n",
            f"ok  \t{PKG}\t0.1s\n",
        ]
    ),
)


# Output texts for runs of output lines: ordinary ones, ones that must not be taken for a
# block's (frames and their look-alikes, the package's summary line, go's signal line), JSON
# escapes, and one long enough to overflow the 4,096-byte buffer of _fold.
_OUTPUT_TEXTS = [
    "hello\n",
    "    a_test.go:12: got \"x\" want 'y'\n",
    "tab\there \\ back <&> \u2028 é\n",
    "no newline",
    "=== RUN   TestA\n",
    "    === NAME  TestA\n",
    "=== CONT\n",
    "--- FAIL: TestA (0.00s)\n",
    "=== PAUSE TestA\n",
    "got:\n",
    "panic: boom\n",
    "    --- PASS: TestA/x (0.00s)\n",
    "--- lookalike\n",
    f"ok  \t{PKG}\t0.1s\n",
    f"FAIL\t{PKG}\t0.1s\n",
    "signal: killed\n",
    "x" * 1500 + "\n",
]


@st.composite
def _output_run(draw: st.DrawFn) -> list[str]:
    """Output lines of one test in a row (what _OUTPUT_BLOCK_RE takes at once), with now and
    then a line that must end the run: another test's, a typed (Go 1.27) line, a cut line."""
    test = draw(st.sampled_from(_NAMES))
    pkg = draw(st.sampled_from([PKG, "example.com/q"]))
    lines = []
    for text in draw(st.lists(st.sampled_from(_OUTPUT_TEXTS), min_size=1, max_size=6)):
        kind = draw(st.sampled_from(["plain", "plain", "plain", "typed", "other", "cut"]))
        if kind == "typed":
            lines.append(ev("output", test, pkg=pkg, output=text, output_type="error"))
        elif kind == "other":
            lines.append(ev("output", draw(st.sampled_from(_NAMES)), pkg=pkg, output=text))
        elif kind == "cut":
            lines.append(ev("output", test, pkg=pkg, output=text).rstrip("\n"))
        else:
            lines.append(ev("output", test, pkg=pkg, output=text))
    return lines


@contextlib.contextmanager
def _output_runs_from(chars: int) -> Iterator[None]:
    """feed_text looks for output runs in stretches of at least ``chars`` characters (the
    default leaves the few lines of a small test to the general path)."""
    default = fold._OUTPUT_RUN_MIN_CHARS
    fold._OUTPUT_RUN_MIN_CHARS = chars  # type: ignore[misc]
    try:
        yield
    finally:
        fold._OUTPUT_RUN_MIN_CHARS = default  # type: ignore[misc]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_group() | _single | _output_run(), max_size=14),
    st.integers(min_value=0, max_value=60),
    st.lists(st.integers(min_value=1, max_value=60), max_size=4),
    st.sampled_from([0, 0, 300, fold._OUTPUT_RUN_MIN_CHARS]),
)
def test_generated_streams_fold_the_same_with_read_ahead(
    blocks: list[list[str]], cut: int, chunk_cuts: list[int], run_min_chars: int
) -> None:
    lines = [ev("start"), *(line for block in blocks for line in block)]
    lines = lines[: cut + 1]
    with _output_runs_from(run_min_chars):
        _assert_same(lines, [PKG, "example.com/q"], chunk_cuts)


def _lines_through_general_path(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The lines the fold hands to its general path (its field scan), from now on."""
    general: list[str] = []

    def counting(line: str) -> Any:
        general.append(line)
        return scan_fields(line)

    monkeypatch.setattr(fold, "_scan", counting)
    return general


def test_feed_text_folds_a_quiet_pass_by_its_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """The positive control for feed_text: the four lines of TestA/x are folded by the
    pattern (none of them reaches the general path), and the result is a passed, framed
    subtest with Go's elapsed time. TestA's own lines, which hold a subtest's, do not match."""
    lines = _one_quiet_subtest()
    general = _lines_through_general_path(monkeypatch)
    folder = StreamFolder([PKG], CaptureLimits())
    folder.feed_text("".join(lines))
    assert not any('"TestA/x"' in line for line in general)
    # The start, TestA's run (whose === RUN frame is read ahead), its report line, its pass
    # and the package's pass: every line but TestA/x's four and that frame.
    assert len(general) == 5
    sub = folder.packages[PKG].current["TestA/x"]
    assert (sub.action, sub.elapsed, sub.framed, sub.running) == ("pass", 0.25, True, False)
    assert folder.packages[PKG].current["TestA"].subtests == {"TestA/x": sub}
    assert folder.packages[PKG].action == "pass"


def test_feed_text_takes_a_run_of_output_lines_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The positive control for output runs: TestA's three ordinary lines reach its buffer
    without the general path, in order, and so does the line of TestA/x after them (a run of
    its own); the report line goes the general way (its === RUN frame is read ahead after
    the run event)."""
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("output", "TestA", output="=== RUN   TestA\n"),
        ev("output", "TestA", output="    a_test.go:3: one\n"),
        ev("output", "TestA", output='    a_test.go:4: "two"\n'),
        ev("output", "TestA", output="three\n"),
        ev("output", "TestA/x", output="sub\n"),
        ev("output", "TestA", output="--- FAIL: TestA (0.00s)\n"),
        ev("fail", "TestA", elapsed=0),
        ev("fail"),
    ]
    general = _lines_through_general_path(monkeypatch)
    monkeypatch.setattr(fold, "_OUTPUT_RUN_MIN_CHARS", 0)  # a short stream
    folder = StreamFolder([PKG], CaptureLimits())
    folder.feed_text("".join(lines))
    assert [line for line in general if '"Output"' in line] == [lines[7]]
    test = folder.packages[PKG].current["TestA"]
    assert test.output is not None
    assert test.output.text() == '    a_test.go:3: one\n    a_test.go:4: "two"\nthree\n'
    assert test.action == "fail"
    sub = folder.packages[PKG].current["TestA/x"]  # never started: kept where it can be shown
    assert sub.output is not None
    assert sub.output.text() == "sub\n"


def test_a_long_stretch_of_output_is_taken_as_a_run_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the default threshold: a test logging 100 lines (some 20,000 characters) has them
    taken at once; a test logging one line, between quiet passes, goes the general way."""
    logged = [
        ev("output", "TestA", output=f"    a_test.go:9: line {i:02d} {'z' * 60}\n")
        for i in range(100)
    ]
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("output", "TestA", output="=== RUN   TestA\n"),
        *logged,
        ev("output", "TestA", output="--- PASS: TestA (0.00s)\n"),
        ev("pass", "TestA", elapsed=0),
        *_quiet("TestB"),
        ev("run", "TestC"),
        ev("output", "TestC", output="=== RUN   TestC\n"),
        ev("output", "TestC", output="one line\n"),
        ev("output", "TestC", output="--- PASS: TestC (0.00s)\n"),
        ev("pass", "TestC", elapsed=0),
        ev("pass"),
    ]
    assert sum(map(len, logged)) > fold._OUTPUT_RUN_MIN_CHARS
    general = _lines_through_general_path(monkeypatch)
    folder = StreamFolder([PKG], CaptureLimits())
    folder.feed_text("".join(lines))
    assert not any(line in general for line in logged)
    assert any("one line" in line for line in general)
    test = folder.packages[PKG].current["TestA"]
    assert test.output is not None
    assert test.output.text().count("a_test.go:9: line") == 100


_EDGE_STREAMS = {
    # A pass without frames (frameless_pass), then a quiet subtest pass, which clears it.
    "after a frameless pass": [
        ev("start"),
        ev("run", "TestB"),
        ev("pass", "TestB", elapsed=0),
        *_quiet("TestA")[:2],
        *_quiet("TestA/x"),
    ],
    # test2json put the package's summary line on TestA: its next pass is the package's,
    # also inside an otherwise quiet pass.
    "after a mislabelled summary line": [
        ev("start"),
        ev("run", "TestA"),
        ev("output", "TestA", output=f"ok  \t{PKG}\t0.01s\n"),
        *_quiet("TestA"),
    ],
    # A subtest name run twice within one run of its parent: the second was printed.
    "a subtest name twice": [ev("start"), *_quiet("TestA")[:2], *_quiet("TestA/x") * 2],
    # go's "signal: killed" labelled with the test whose report line came last: the
    # package's line, not the test's output (nor part of a run of its output lines).
    "a signal line after a report line": [
        ev("start"),
        ev("run", "TestA"),
        ev("output", "TestA", output="=== RUN   TestA\n"),
        ev("output", "TestA", output="log\n"),
        ev("output", "TestA", output="--- PASS: TestA (0.00s)\n"),
        ev("output", "TestA", output="signal: killed\n"),
        ev("output", "TestA", output="after\n"),
        ev("fail", "TestA", elapsed=0),
    ],
    # Lines like a test's own frames that it printed (held until the next event says whose
    # they are), then a quiet pass, a held line that a run settles.
    "printed frames of its own": [
        ev("start"),
        ev("run", "TestA"),
        ev("output", "TestA", output="=== RUN   TestA\n"),
        ev("output", "TestA", output="--- FAIL: TestA (0.00s)\n"),
        ev("output", "TestA", output="=== RUN   TestA\n"),
        ev("output", "TestA", output="=== PAUSE TestA\n"),
        ev("output", "TestA", output="--- PASS: TestA (0.00s)\n"),
        *_quiet("TestA/x"),
        ev("output", "TestA", output="--- PASS: TestA (0.00s)\n"),
        ev("pass", "TestA", elapsed=0),
        *_quiet("TestB"),
        ev("pass"),
    ],
    # An Example's report line, then its got: block with a line like that report line.
    "an example's got block": [
        ev("start"),
        ev("run", "Example_a"),
        ev("output", "Example_a", output="=== RUN   Example_a\n"),
        ev("output", "Example_a", output="--- FAIL: Example_a (0.00s)\n"),
        ev("output", "Example_a", output="got:\n"),
        ev("output", "Example_a", output="--- PASS: Example_a (0.00s)\n"),
        ev("output", "Example_a", output="want:\n"),
        ev("output", "Example_a", output="--- FAIL: Example_a (0.00s)\n"),
        ev("fail", "Example_a", elapsed=0),
        *_quiet("TestB"),
        ev("fail"),
    ],
    # A report line, then a parallel test's output labelled with its test (held with it
    # until its fail event), long enough to be a run of output lines, a quiet pass between.
    "output after a held report line": [
        ev("start"),
        ev("run", "TestA"),
        ev("output", "TestA", output="=== RUN   TestA\n"),
        ev("output", "TestA", output="--- FAIL: TestA (0.00s)\n"),
        *(ev("output", "TestA", output=f"from B {i:03d} {'y' * 80}\n") for i in range(100)),
        ev("output", "TestA", output="=== CONT  TestA\n"),
        ev("output", "TestA", output="panic: boom\n"),
        ev("fail", "TestA", elapsed=0),
        ev("run", "TestC"),
        ev("output", "TestC", output="=== RUN   TestC\n"),
        ev("output", "TestC", output="--- PASS: TestC (0.00s)\n"),
        ev("output", "TestC", output="from B\n"),
        *_quiet("TestD"),
        ev("pass", "TestC", elapsed=0),
        ev("fail"),
    ],
    # A second fuzz corpus entry of one name, with its own report line.
    "a corpus entry twice": [
        ev("start"),
        ev("run", "FuzzX"),
        ev("output", "FuzzX", output="=== RUN   FuzzX\n"),
        *_quiet("FuzzX/seed#0", seconds="0.00") * 2,
        ev("fail", "FuzzX", elapsed=0),
        ev("fail"),
    ],
    # Output held back before the first event (stray text) goes to the quiet pass's package.
    "after stray text": ["not json\n", *_quiet("TestA")],
}


@pytest.mark.parametrize("name", _EDGE_STREAMS)
def test_edge_streams_fold_the_same_with_read_ahead(name: str) -> None:
    lines = _EDGE_STREAMS[name]
    for run_min_chars in (0, fold._OUTPUT_RUN_MIN_CHARS):
        with _output_runs_from(run_min_chars):
            _assert_same(lines, [PKG])
            _assert_same(lines, [PKG], range(1, len(lines)))


def test_a_quiet_pass_inside_a_line_of_text_is_that_text() -> None:
    """Events printed inside a non-JSON line (an -exec wrapper's) are its text, not events:
    the pattern's match there is not taken."""
    block = _quiet("TestA")
    lines = [ev("start"), "wrapper says " + block[0], *block[1:], ev("pass")]
    _assert_same(lines, [PKG])
    folder = StreamFolder([PKG], CaptureLimits())
    folder.feed_text("".join(lines))
    # Its frames and pass then concern a test that never started: it did not pass.
    assert folder.packages[PKG].current["TestA"].action is None
    assert ("TestA", "pass") in folder.packages[PKG].stray_results
