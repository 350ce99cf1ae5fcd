"""The progress board (core/progress.py) and the display's text and timing rules
(plugin/progress.py); the terminal behaviour itself: tests/acceptance/test_progress.py."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from _pytest._io import TerminalWriter

from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.package_run import PackageRun
from pytest_gotest.core.progress import (
    ProgressBoard,
    ProgressSnapshot,
    Unfinished,
    finished_from,
)
from pytest_gotest.plugin.progress import ProgressDisplay, status_text

ROOT = Path("/mod")


def _run(path: str, action: str | None, elapsed: float | None = 0.5) -> PackageRun:
    run = PackageRun(path, CaptureLimits(1 << 20, None))
    run.action = action
    run.elapsed = elapsed
    return run


def test_board_counts_each_state_and_moves_only_forward() -> None:
    board = ProgressBoard()
    keys = [(ROOT, f"m/p{i}") for i in range(4)]
    board.queued(keys)
    board.building(keys[:3])
    board.running(keys[0])
    board.running(keys[1])
    board.finished(keys[1], _run("m/p1", "fail"))
    # A rerun's events for a finished package, and a package nobody queued: no change.
    board.running(keys[1])
    board.building([keys[1], (ROOT, "m/other")])
    board.finished((ROOT, "m/other"), _run("m/other", "pass"))
    snapshot = board.snapshot()
    assert (snapshot.queued, snapshot.building, snapshot.running, snapshot.done) == (1, 1, 1, 1)
    assert snapshot.failed == 1
    assert snapshot.total == 4
    assert snapshot.longest is not None
    # A running package outranks one that is still building, however long that took.
    assert (snapshot.longest.import_path, snapshot.longest.state) == ("m/p0", "running")
    assert [f.line() for f in board.take_finished()] == ["FAIL  m/p1  0.50s"]
    assert board.take_finished() == []


def test_the_expected_remaining_time_follows_the_pace_so_far() -> None:
    def snapshot(done: int, total: int, elapsed: float) -> ProgressSnapshot:
        return ProgressSnapshot(total - done, 0, 0, done, 0, elapsed, None)

    # Nothing done yet: no pace to go by.
    assert snapshot(0, 6, 0.7).expected_remaining() is None
    # 4 of 6 done in 0.8 s: 0.2 s per package, 2 left.
    assert snapshot(4, 6, 0.8).expected_remaining() == pytest.approx(0.4)
    assert snapshot(1, 10, 0.5).expected_remaining() == pytest.approx(4.5)
    assert snapshot(6, 6, 1.2).expected_remaining() == 0.0


def test_finished_lines_read_like_go_test() -> None:
    assert finished_from(_run("m/a", "pass", 0.123)).line() == "ok    m/a  0.12s"
    assert finished_from(_run("m/a", "skip", None)).line() == "?     m/a  [no test files]"
    built = _run("m/b", "fail", None)
    built.failed_build = "m/b [m/b.test]"
    assert finished_from(built).line() == "FAIL  m/b  [build failed]"
    cached = _run("m/a", "pass", 0.0)
    cached.output.append_text("ok  \tm/a\t(cached)\n")
    assert finished_from(cached).line() == "ok    m/a  (cached)"
    stopped = _run("m/c", None, None)
    stopped.truncated_reason = "go test was killed by signal SIGKILL"
    assert finished_from(stopped).line() == "FAIL  m/c  (go test was killed by signal SIGKILL)"


def test_status_text_names_counts_the_longest_package_and_elapsed_time() -> None:
    board = ProgressBoard()
    keys = [(ROOT, "m/slow"), (ROOT, "m/fast"), (ROOT, "m/later")]
    board.queued(keys)
    board.building(keys[:2])
    board.running(keys[0])
    board.finished(keys[1], _run("m/fast", "pass"))
    text = status_text(board.snapshot())
    assert text.startswith("go: 1/3 done, 1 running, 1 queued | longest: m/slow running 0s | ")


def _snapshot(import_path: str, queued: int = 0, building: int = 0) -> ProgressSnapshot:
    longest = Unfinished(import_path, "running", 65.2)
    return ProgressSnapshot(queued, building, 1, 6, 4, 130.5, longest)


_REPO_PATH = "github.com/org/repo/internal/storage/postgres"


@pytest.mark.parametrize(
    ("snapshot", "limit", "expected"),
    [
        # Room for everything: the whole import path.
        (
            _snapshot("example.com/poly/slow"),
            200,
            "go: 6/7 done, 4 failed, 1 running | longest: example.com/poly/slow running 1m05s"
            " | 2m10s",
        ),
        # An 80-column terminal (79 usable): the path loses its first elements, not the
        # durations.
        (
            _snapshot("example.com/poly/slow"),
            79,
            "go: 6/7 done, 4 failed, 1 running | longest: .../slow running 1m05s | 2m10s",
        ),
        (
            _snapshot("example.com/poly/slow"),
            81,
            "go: 6/7 done, 4 failed, 1 running | longest: .../poly/slow running 1m05s | 2m10s",
        ),
        (
            _snapshot(_REPO_PATH),
            79,
            "go: 6/7 done, 4 failed, 1 running | longest: .../postgres running 1m05s | 2m10s",
        ),
        # The last element alone is too long: its end is kept.
        (
            _snapshot(_REPO_PATH),
            76,
            "go: 6/7 done, 4 failed, 1 running | longest: ...stgres running 1m05s | 2m10s",
        ),
        # No room for a recognisable path with the elapsed time: the elapsed time goes first.
        (
            _snapshot(_REPO_PATH),
            68,
            "go: 6/7 done, 4 failed, 1 running | longest: ...stgres running 1m05s",
        ),
        # None at all: the longest package goes, the elapsed time still fits.
        (_snapshot(_REPO_PATH), 60, "go: 6/7 done, 4 failed, 1 running | 2m10s"),
        (
            _snapshot(_REPO_PATH, queued=3, building=1),
            79,
            "go: 6/11 done, 4 failed, 1 running, 1 building, 3 queued | 2m10s",
        ),
        # Then the last counts, whole.
        (_snapshot(_REPO_PATH), 40, "go: 6/7 done, 4 failed, 1 running"),
        (_snapshot(_REPO_PATH), 30, "go: 6/7 done, 4 failed"),
        (_snapshot(_REPO_PATH), 13, "go: 6/7 done"),
    ],
)
def test_status_text_fits_the_width_shortening_the_path_first(
    snapshot: ProgressSnapshot, limit: int, expected: str
) -> None:
    assert status_text(snapshot, limit) == expected


@pytest.mark.parametrize("queued", [0, 3])
def test_status_text_never_ends_in_a_separator_or_overflows(queued: int) -> None:
    snapshot = _snapshot(_REPO_PATH, queued=queued)
    for limit in range(13, 140):
        text = status_text(snapshot, limit)
        assert len(text) <= limit, (limit, text)
        assert not text.endswith(("|", ",", " ")), (limit, text)


def test_status_line_on_an_80_column_terminal_keeps_the_elapsed_time() -> None:
    out = io.StringIO()
    writer = TerminalWriter(out)
    writer.fullwidth = 80
    reporter = SimpleNamespace(config=SimpleNamespace(get_terminal_writer=lambda: writer))
    display = ProgressDisplay(cast(pytest.TerminalReporter, reporter), out, "status", None)
    display._draw(_snapshot("example.com/poly/slow"), None)
    # On the (empty) current line, short of its last column.
    assert out.getvalue() == (
        "\rgo: 6/7 done, 4 failed, 1 running | longest: .../slow running 1m05s | 2m10s\x1b[K"
    )


def _display(verbosity: int, quiet_after: float | None) -> tuple[ProgressDisplay, io.StringIO]:
    out = io.StringIO()
    writer = TerminalWriter(out)
    reporter = SimpleNamespace(
        config=SimpleNamespace(get_terminal_writer=lambda: writer),
        verbosity=verbosity,
        currentfspath=None,
    )
    display = ProgressDisplay(cast(pytest.TerminalReporter, reporter), out, "lines", quiet_after)
    return display, out


def test_quiet_log_prints_package_lines_only_during_a_long_wait() -> None:
    display, out = _display(verbosity=-1, quiet_after=5.0)
    board = ProgressBoard()
    key = (ROOT, "m/a")
    board.queued([key])
    board.building([key])
    board.finished(key, _run("m/a", "pass"))
    display.wait(board, lambda timeout: True)  # ready at once: -q stays quiet
    assert out.getvalue() == ""
    display._write_lines(board, waited=6.0)  # the same wait, six seconds in
    assert out.getvalue() == "ok    m/a  0.50s\n"


def test_log_lines_are_written_when_the_package_is_ready_at_once() -> None:
    display, out = _display(verbosity=0, quiet_after=None)
    board = ProgressBoard()
    key = (ROOT, "m/a")
    board.queued([key])
    board.finished(key, _run("m/a", "fail"))
    calls: list[float] = []

    def ready(timeout: float) -> bool:
        calls.append(timeout)
        return True

    display.wait(board, ready)
    assert calls == [0.0]
    # pytest ends this line before it writes the next file's name.
    assert out.getvalue() == "\nFAIL  m/a  0.50s"


def test_fold_reports_each_package_start_event() -> None:
    started: list[str] = []
    folder = StreamFolder(["m/a", "m/b"], CaptureLimits(1 << 20, None), on_start=started.append)
    folder.feed_lines(
        [
            '{"Time":"2026-01-01T00:00:00Z","Action":"start","Package":"m/a"}\n',
            '{"Action":"start","Package":"m/b"}\n',  # also without a Time field
            '{"Action":"pass","Package":"m/a","Elapsed":0.1}\n',
        ]
    )
    assert started == ["m/a", "m/b"]
