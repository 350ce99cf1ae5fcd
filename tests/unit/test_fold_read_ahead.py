"""The folder's read-ahead of quiet passes (``core/fold.py``, ``_quiet_pass``) changes nothing.

After a ``run`` event the folder may read the test's next three lines at once and fold them
without parsing when they are exactly the rest of a run that passed without output. Folding
a stream in one ``feed_lines`` call (read-ahead on) must leave the folder in the same state as
feeding it line by line (one line per call: nothing to read ahead), for recorded streams of
real Go versions and for generated ones built to nearly match the recognised shape.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stream_helpers import PKG, ev

from pytest_gotest.core import fold
from pytest_gotest.core.fold import PackageRun, StreamFolder, TestRun
from pytest_gotest.core.outcome import TestSlot
from pytest_gotest.core.output import CaptureLimits
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
        pkg.output.text(drop_frames=False),
        tuple(_run_state(run, seen) for run in pkg.runs),
        tuple((name, _run_state(run, seen)) for name, run in pkg.current.items()),
        tuple(run.name for run in pkg.open_tops),
        pkg._unread.name if pkg._unread is not None else None,
    )


def _fold(lines: list[str], packages: list[str], whole: bool) -> tuple[Any, Any]:
    done: list[str] = []
    folder = StreamFolder(
        packages,
        CaptureLimits(memory_bytes=4096),
        on_done=lambda pkg: done.append(pkg.import_path),
        keep_passed_output=False,
    )
    if whole:
        folder.feed_lines(lines)
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


def _assert_same(lines: list[str], packages: list[str]) -> None:
    assert _fold(lines, packages, whole=True) == _fold(lines, packages, whole=False)


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
    _assert_same(lines, _packages(lines))
    plain = [_without_output_type(line) for line in lines]
    _assert_same(plain, _packages(plain))


def _quiet(test: str, pkg: str = PKG, seconds: str = "0.00", elapsed: float = 0) -> list[str]:
    return [
        ev("run", test, pkg=pkg),
        ev("output", test, pkg=pkg, output=f"=== RUN   {test}\n"),
        ev("output", test, pkg=pkg, output=f"--- PASS: {test} ({seconds}s)\n"),
        ev("pass", test, pkg=pkg, elapsed=elapsed),
    ]


def test_a_quiet_pass_is_folded_without_parsing_its_frames(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The positive control: the read-ahead is taken (no frame is classified) and the result
    is a passed, framed subtest with Go's elapsed time."""
    lines = [ev("start"), *_quiet("TestA")[:2], *_quiet("TestA/x", elapsed=0.25)]
    lines += [
        ev("output", "TestA", output="--- PASS: TestA (0.25s)\n"),
        ev("pass", "TestA", elapsed=0.25),
        ev("pass"),
    ]
    classified: list[str] = []
    real = fold._frame_kind

    def counting(line: str, start: int) -> bool | None:
        classified.append(line)
        return real(line, start)

    monkeypatch.setattr(fold, "_frame_kind", counting)
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
    st.sampled_from(["=== RUN   TestA\n", "--- PASS: TestA (0.00s)\n", f"ok  \t{PKG}\t0.1s\n"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_group() | _single, max_size=14), st.integers(min_value=0, max_value=60))
def test_generated_streams_fold_the_same_with_read_ahead(blocks: list[list[str]], cut: int) -> None:
    lines = [ev("start"), *(line for block in blocks for line in block)]
    lines = lines[: cut + 1]
    _assert_same(lines, [PKG, "example.com/q"])
