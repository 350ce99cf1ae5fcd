"""Where every package of the run stands, for a progress display: a thread-safe board.

Pure core (no pytest): the runner marks packages as they move forward (queued, building,
running, done) from the main thread and from its reader threads; the display reads a
``ProgressSnapshot`` and drains the ``FinishedPackage`` lines from the main thread.

A package is *building* from the moment its ``go test`` invocation starts until Go's ``start``
event for it (go compiles it, or waits for one of its ``-p`` slots); *running* from that event
to its terminal event. Go streams ``-json`` events as they happen, so these are live states.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .package_run import PackageRun

__all__ = [
    "FinishedPackage",
    "ProgressBoard",
    "ProgressSnapshot",
    "Unfinished",
    "finished_from",
]

QUEUED: Final = "queued"
BUILDING: Final = "building"
RUNNING: Final = "running"
DONE: Final = "done"
_ORDER: Final = {QUEUED: 0, BUILDING: 1, RUNNING: 2, DONE: 3}

Key = tuple[Path, str]  # (module root, import path), as the runner keys its packages


@dataclass(frozen=True)
class Unfinished:
    """The package that has been building or running the longest."""

    import_path: str
    state: str  # building | running
    seconds: float  # since it entered that state


@dataclass(frozen=True)
class ProgressSnapshot:
    queued: int
    building: int
    running: int
    done: int
    failed: int
    elapsed: float  # since the first package was queued
    longest: Unfinished | None

    @property
    def total(self) -> int:
        return self.queued + self.building + self.running + self.done

    def expected_remaining(self) -> float | None:
        """Seconds until the last package is done, extrapolated from the pace so far (the
        time since the first package was queued per package done); None before any package
        is done, when there is no pace to go by."""
        if self.done == 0:
            return None
        return self.elapsed * (self.total - self.done) / self.done


@dataclass(frozen=True)
class FinishedPackage:
    """One package's end, as ``go test`` itself would summarise it."""

    import_path: str
    status: str  # ok | FAIL | ? (no test files) | skip (no result)
    elapsed: float | None  # Go's, when it gave one
    note: str  # "", "(cached)", "[build failed]", or why the package has no result

    def line(self) -> str:
        """``ok    example.com/x  0.12s``, like go test's (and gotestsum's) package lines."""
        parts = [f"{self.status:<5} {self.import_path}"]
        if self.elapsed is not None:
            parts.append(f"{self.elapsed:.2f}s")
        if self.note:
            parts.append(self.note)
        return "  ".join(parts)


def finished_from(run: PackageRun) -> FinishedPackage:
    if run.failed_build is not None:
        return FinishedPackage(run.import_path, "FAIL", None, "[build failed]")
    if run.truncated_reason is not None:
        return FinishedPackage(run.import_path, "FAIL", run.elapsed, f"({run.truncated_reason})")
    status = {"pass": "ok", "fail": "FAIL"}.get(run.action or "", "skip")
    if run.action == "skip":
        # A package without test files (go test ./... builds those too): go's own words.
        return FinishedPackage(run.import_path, "?", None, "[no test files]")
    if status == "ok" and run.from_cache:
        # As go test prints it: the time is the original run's, not this one's.
        return FinishedPackage(run.import_path, status, None, "(cached)")
    return FinishedPackage(run.import_path, status, run.elapsed, "")


class ProgressBoard:
    """Each package's state and since when; states only move forward (a rerun of a finished
    package changes nothing here)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: dict[Key, tuple[str, float]] = {}
        self._failed = 0
        self._began: float | None = None
        self._finished: list[FinishedPackage] = []

    def _move(self, key: Key, state: str) -> bool:
        """Under the lock: move ``key`` forward to ``state``; False when it was not known or
        already at or past it."""
        current = self._states.get(key)
        if state == QUEUED:
            if current is not None:
                return False
        elif current is None or _ORDER[current[0]] >= _ORDER[state]:
            return False
        self._states[key] = (state, time.monotonic())
        return True

    def queued(self, keys: Iterable[Key]) -> None:
        with self._lock:
            if self._began is None:
                self._began = time.monotonic()
            for key in keys:
                self._move(key, QUEUED)

    def building(self, keys: Iterable[Key]) -> None:
        with self._lock:
            for key in keys:
                self._move(key, BUILDING)

    def running(self, key: Key) -> None:
        with self._lock:
            self._move(key, RUNNING)

    def finished(self, key: Key, run: PackageRun) -> None:
        line = finished_from(run)
        with self._lock:
            if self._move(key, DONE):
                self._finished.append(line)
                if line.status == "FAIL":
                    self._failed += 1

    def take_finished(self) -> list[FinishedPackage]:
        """The packages finished since the last call, in the order Go finished them."""
        with self._lock:
            lines, self._finished = self._finished, []
        return lines

    def snapshot(self) -> ProgressSnapshot:
        now = time.monotonic()
        counts = dict.fromkeys(_ORDER, 0)
        longest: Unfinished | None = None
        with self._lock:
            for (_, import_path), (state, since) in self._states.items():
                counts[state] += 1
                if state in (BUILDING, RUNNING):
                    seconds = now - since
                    # A running package outranks any building one: it is what Go executes.
                    rank = (state == RUNNING, seconds)
                    if longest is None or rank > (longest.state == RUNNING, longest.seconds):
                        longest = Unfinished(import_path, state, seconds)
            began = self._began
            failed = self._failed
        return ProgressSnapshot(
            queued=counts[QUEUED],
            building=counts[BUILDING],
            running=counts[RUNNING],
            done=counts[DONE],
            failed=failed,
            elapsed=0.0 if began is None else now - began,
            longest=longest,
        )
