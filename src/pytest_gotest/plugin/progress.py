"""What Go is doing while pytest waits for it: a status line, or a line per finished package.

pytest reports items in collection order, so the first item of a package whose ``go test`` has
not reported yet holds up the display. That wait happens here, on the main thread, before
pytest writes anything about the item (``RunHooks.pytest_runtest_protocol``, ahead of the
terminal reporter's ``pytest_runtest_logstart``) and outside pytest's output capture. The wait
is cut into slices of ``_SLICE`` seconds and the display is redrawn between them, so nothing
is ever written from another thread or while pytest is writing.

- On a terminal: one status line (``go: 3/60 done, 1 failed, 2 running, 40 building, 15
  queued | longest: example.com/x running 14s | 1m02s``), drawn after ``_FIRST_DRAW``
  seconds of waiting, redrawn every slice, and erased before the wait returns. When pytest's
  current line holds text (progress letters, a ``-v`` test id), the status goes on the line
  below and the cursor is put back where pytest left it; the screen ends exactly as pytest
  wrote it.
- Otherwise (CI logs, a file): no cursor movement; a line per package as Go finishes it
  (``ok    example.com/x  0.12s``, ``FAIL  example.com/y  3.01s``), written as a block while
  pytest waits. With ``-q``, in ``auto`` mode, only once a wait has lasted ``_QUIET_AFTER``
  seconds (a quick run stays quiet; a long one shows what it is waiting for).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Final, TextIO

import pytest

from pytest_gotest.core.progress import ProgressBoard, ProgressSnapshot

from .xdist import is_xdist_worker

__all__ = ["ProgressDisplay", "make_display", "status_text"]

_SLICE: Final = 1.0  # seconds between redraws (the issue asks for at least every 2 s)
_FIRST_DRAW: Final = 0.5  # a package that is nearly ready draws nothing
_QUIET_AFTER: Final = 5.0  # -q, non-terminal: package lines only during a wait this long
_CLEAR_LINE: Final = "\x1b[K"


def _duration(seconds: float) -> str:
    whole = int(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes}m{rest:02d}s"


_SEPARATOR: Final = " | "
_ELLIPSIS: Final = "..."
_MIN_PATH: Final = 8  # the shortest useful rest of an import path, ellipsis included


def status_text(snapshot: ProgressSnapshot, limit: int | None = None) -> str:
    """``go: 3/60 done, 1 failed, 2 running, 40 building, 15 queued | longest: ... | 1m02s``.

    With ``limit``, at most that many characters: the longest package's import path loses
    its first elements first (``.../internal/x``), so that the counts and both durations
    still show. When even that does not fit, whole fields go, never leaving a dangling
    separator: the elapsed time, to make room for the longest package; the longest package,
    when it has no room at all (the elapsed time then shows if it fits); the last counts."""
    counts = _counts(snapshot)
    elapsed = _duration(snapshot.elapsed)
    longest = snapshot.longest
    if longest is None:
        return _fit(counts, [elapsed], limit)
    tail = f" {longest.state} {_duration(longest.seconds)}"
    full = _SEPARATOR.join((_head(counts), f"longest: {longest.import_path}{tail}", elapsed))
    if limit is None or len(full) <= limit:
        return full
    for after in ([elapsed], []):
        fixed = _SEPARATOR.join((_head(counts), f"longest: {tail}", *after))
        path = _shorten_path(longest.import_path, limit - len(fixed))
        if path is not None:
            return _SEPARATOR.join((_head(counts), f"longest: {path}{tail}", *after))
    # No room for the longest package at all: the elapsed time may still fit.
    return _fit(counts, [elapsed], limit)


def _counts(snapshot: ProgressSnapshot) -> list[str]:
    parts = [f"{snapshot.done}/{snapshot.total} done"]
    if snapshot.failed:
        parts.append(f"{snapshot.failed} failed")
    for count, word in (
        (snapshot.running, "running"),
        (snapshot.building, "building"),
        (snapshot.queued, "queued"),
    ):
        if count:
            parts.append(f"{count} {word}")
    return parts


def _head(counts: list[str]) -> str:
    return "go: " + ", ".join(counts)


def _fit(counts: list[str], after: list[str], limit: int | None) -> str:
    """The counts and the fields ``after`` them, dropping trailing fields, then trailing
    counts, until the text fits in ``limit``; cut only when not even the first count fits."""
    fields = [_head(counts), *after]
    if limit is None:
        return _SEPARATOR.join(fields)
    while len(fields) > 1 and len(_SEPARATOR.join(fields)) > limit:
        fields.pop()
    if len(fields) > 1:
        return _SEPARATOR.join(fields)
    kept = list(counts)
    while len(kept) > 1 and len(_head(kept)) > limit:
        kept.pop()
    return _head(kept)[: max(0, limit)]


def _shorten_path(path: str, room: int) -> str | None:
    """``path`` in at most ``room`` characters, its last elements kept after an ellipsis
    (``.../internal/x``); None when too little of it would be left to recognise."""
    if len(path) <= room:
        return path
    if room < _MIN_PATH:
        return None
    rest = path[len(path) - (room - len(_ELLIPSIS)) :]
    # Whole elements where one fits: ".../pkg/x" rather than "...al/pkg/x".
    slash = rest.find("/")
    if slash >= 0:
        rest = rest[slash:]
    return _ELLIPSIS + rest


class ProgressDisplay:
    """Waits for a package while showing progress; ``style`` is ``status`` or ``lines``."""

    def __init__(
        self,
        reporter: pytest.TerminalReporter,
        stream: TextIO,
        style: str,
        quiet_after: float | None,
    ) -> None:
        self.reporter = reporter
        self.writer = reporter.config.get_terminal_writer()
        # The stream the terminal writer writes to (pinned when the session started, outside
        # capture): the status line's cursor movements bypass the writer, whose idea of the
        # current line's width (pytest's [ 40%] alignment) must stay right.
        self.stream = stream
        self.style = style
        self.quiet_after = quiet_after  # lines style: print only during waits this long

    def wait(self, board: ProgressBoard, ready: Callable[[float], bool]) -> None:
        """Call ``ready(timeout)`` until it returns True, showing progress in between."""
        began = time.monotonic()
        if ready(_FIRST_DRAW if self.style == "status" else 0.0):
            self._write_lines(board, waited=0.0)
            return
        drawn: str | None = None
        try:
            while True:
                if self.style == "status":
                    drawn = self._draw(board.snapshot(), drawn)
                else:
                    self._write_lines(board, waited=time.monotonic() - began)
                if ready(_SLICE):
                    break
        finally:
            if drawn is not None:
                self._erase(drawn)
        self._write_lines(board, waited=time.monotonic() - began)

    # -- the status line (a terminal) ------------------------------------------------------------

    def _draw(self, snapshot: ProgressSnapshot, drawn: str | None) -> str | None:
        """Show the status on the status line; returns how to erase it (None: not drawn)."""
        column = self.writer.width_of_current_line
        width = self.writer.fullwidth
        if column >= width:
            # pytest's line wrapped (a long -v test id): where the cursor sits is not known
            # exactly, so nothing is drawn rather than something in the wrong place.
            return drawn
        # Short of the last column: a character there can wrap the line on some terminals.
        text = status_text(snapshot, max(0, width - 1))
        self.writer.flush()
        if drawn is None:
            # Below pytest's line when it holds text, else on it.
            start = "\n" if column else "\r"
            erase = f"\r{_CLEAR_LINE}\x1b[A\x1b[{column + 1}G" if column else f"\r{_CLEAR_LINE}"
        else:
            start, erase = "\r", drawn
        self.stream.write(f"{start}{text}{_CLEAR_LINE}")
        self.stream.flush()
        return erase

    def _erase(self, erase: str) -> None:
        self.stream.write(erase)
        self.stream.flush()

    # -- a line per package (not a terminal) -----------------------------------------------------

    def _write_lines(self, board: ProgressBoard, waited: float) -> None:
        if self.style != "lines":
            board.take_finished()  # the status line shows counts, not lines: keep none
            return
        if self.quiet_after is not None and waited < self.quiet_after:
            return  # kept for a longer wait
        finished = board.take_finished()
        if not finished:
            return
        text = "\n".join(f.line() for f in finished)
        reporter = self.reporter
        if reporter.verbosity >= 0:
            if reporter.verbosity == 0 and reporter.currentfspath is not None:
                # The line of progress letters ends here: its [ 40%], as pytest would write it
                # before the next file's name. (Private, hence looked up with a fallback.)
                fill = getattr(reporter, "_write_progress_information_filling_space", None)
                if fill is not None and getattr(reporter, "_show_progress_info", False):
                    fill()
            # pytest writes this item's file name or id next, after ending the current line
            # (it does so when ``currentfspath`` is unset, as after its own ensure_newline).
            reporter.currentfspath = None
            text = "\n" + text
        else:
            # -q: the next progress letter starts a line of its own.
            text = ("\n" if self.writer.width_of_current_line else "") + text + "\n"
        self.writer.write(text, flush=True)


def make_display(config: pytest.Config, mode: str) -> ProgressDisplay | None:
    """The display for this run (the process that reports: not an xdist worker), or None."""
    if mode == "off" or is_xdist_worker(config):
        return None
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if not isinstance(reporter, pytest.TerminalReporter):
        return None
    stream = sys.stdout
    terminal = bool(reporter.isatty) and os.environ.get("TERM") != "dumb"
    if terminal:
        return ProgressDisplay(reporter, stream, "status", None)
    quiet = reporter.verbosity < 0 and mode == "auto"
    return ProgressDisplay(reporter, stream, "lines", _QUIET_AFTER if quiet else None)
