"""Owns the ``go test`` processes: process groups, bounded concurrency, batching, cancellation.

Threads here never call pytest. Each process has a stdout reader thread that feeds the pure
``StreamFolder`` (no pytest import) and a stderr reader; when a package's terminal event
arrives, the package's ``PackageRun`` is published through a ``threading.Event`` that the main
thread waits on. Every process is started in its own session (process group) so that one
``killpg`` stops ``go test`` *and* the test binaries it spawned, and so that a terminal Ctrl-C
reaches pytest first, which then decides to stop everything here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from .execution import CaptureLimits, PackageRun, StreamFolder
from .gocmd import GoFlags, exact_run_selector, go_test_args

__all__ = ["CoverArgs", "PackageJob", "Runner"]

# Extra go test arguments for one new invocation (coverage: a fresh -coverprofile each time),
# given its packages and module root.
CoverArgs = Callable[[Sequence[str], Path], list[str]]

_STDERR_LIMIT: Final = 256 * 1024
_KILL_GRACE_SECONDS: Final = 3.0
_STOPPED: Final = "go test was stopped by pytest (-x, --maxfail, Ctrl-C or the end of the run)"


@dataclass(frozen=True)
class PackageJob:
    """One package to run: where, and which of its top-level tests (None: all of them)."""

    import_path: str
    module_root: Path
    all_tests: frozenset[str]
    selected: frozenset[str] | None

    @property
    def key(self) -> tuple[Path, str]:
        return (self.module_root, self.import_path)

    def run_selector(self) -> str | None:
        return None if self.selected is None else exact_run_selector(sorted(self.selected))


@dataclass
class _Slot:
    """Where one package's result will appear."""

    job: PackageJob
    ready: threading.Event = field(default_factory=threading.Event)
    result: PackageRun | None = None
    batch: _Batch | None = None


@dataclass
class _Batch:
    jobs: list[PackageJob]
    selector: str | None
    process: GoProcess | None = None
    started: bool = False


def spawn_group(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None
) -> subprocess.Popen[str]:
    """A child in its own process group (so stopping it stops its children too), no stdin,
    stdout and stderr as text pipes; undecodable bytes never raise."""
    return subprocess.Popen(
        list(args),
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,
    )


class GoProcess:
    """One ``go test -json`` invocation and its reader threads."""

    def __init__(
        self,
        args: Sequence[str],
        cwd: Path,
        env: dict[str, str] | None,
        packages: Sequence[str],
        limits: CaptureLimits,
        on_done: Callable[[PackageRun], None],
        on_exit: Callable[[GoProcess], None],
    ) -> None:
        self.args = list(args)
        self.cwd = cwd
        self.folder = StreamFolder(packages, limits, on_done)
        self._env = env
        self._on_exit = on_exit
        self._popen: subprocess.Popen[str] | None = None
        self._stderr_parts: list[str] = []
        self._stderr_size = 0
        self._stopped = False
        self._threads: list[threading.Thread] = []
        self.exit_code: int | None = None
        # Set once go has exited and its results were published (or it could not start).
        self.finished = threading.Event()

    def _spawn(self) -> subprocess.Popen[str]:
        return spawn_group(self.args, self.cwd, self._env)

    def start(self, spawn_lock: threading.Lock | None = None) -> None:
        """Start go. ``spawn_lock`` serialises process creation across threads: batches are
        started from the main thread and from reader threads (when a slot frees up), and
        concurrent fork/exec from two threads failed here with EFAULT ("Bad address")."""
        lock = spawn_lock or threading.Lock()
        for attempt in range(3):
            try:
                with lock:
                    self._popen = self._spawn()
                break
            except OSError as exc:
                if exc.errno == errno.EFAULT and attempt < 2:
                    continue
                self.folder.finish(None, "", reason=f"cannot start {self.args[0]}: {exc}")
                self._on_exit(self)
                self.finished.set()
                return
        assert self._popen is not None
        assert self._popen.stdout is not None
        assert self._popen.stderr is not None
        stderr_thread = threading.Thread(
            target=self._read_stderr,
            args=(self._popen.stderr,),
            daemon=True,
            name=f"gotest-stderr-{self._popen.pid}",
        )
        stdout_thread = threading.Thread(
            target=self._read_stdout,
            args=(self._popen.stdout, stderr_thread),
            daemon=True,
            name=f"gotest-stdout-{self._popen.pid}",
        )
        self._threads = [stderr_thread, stdout_thread]
        stderr_thread.start()
        stdout_thread.start()

    def _read_stderr(self, stream: IO[str]) -> None:
        with stream:
            for line in stream:
                if self._stderr_size < _STDERR_LIMIT:
                    self._stderr_parts.append(line)
                self._stderr_size += len(line)

    def _read_stdout(self, stream: IO[str], stderr_thread: threading.Thread) -> None:
        folder = self.folder
        with stream:
            for line in stream:
                folder.feed_line(line)
        stderr_thread.join()
        assert self._popen is not None
        self.exit_code = self._popen.wait()
        stderr = "".join(self._stderr_parts)
        if self._stderr_size > _STDERR_LIMIT:
            stderr += f"\n[pytest-gotest: {self._stderr_size - _STDERR_LIMIT} more bytes]\n"
        folder.finish(self.exit_code, stderr, reason=_STOPPED if self._stopped else None)
        self._on_exit(self)
        self.finished.set()

    def stop(self) -> None:
        """Stop the whole process group: go, its compilers and the test binaries."""
        self._stopped = True
        popen = self._popen
        if popen is None or popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            popen.wait(timeout=_KILL_GRACE_SECONDS)
        # go exits on SIGTERM after cleaning its work dir; a test binary that traps SIGTERM
        # (signal.Notify) would live on and hold our pipes: SIGKILL whatever is left.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGKILL)
        popen.wait()

    def join(self) -> None:
        for thread in self._threads:
            thread.join()


class Runner:
    """Schedules package jobs into batched ``go test`` processes, ``jobs`` at a time."""

    def __init__(
        self,
        go: str,
        flags: GoFlags,
        jobs: int,
        limits: CaptureLimits,
        env: dict[str, str] | None = None,
        batch: bool = True,
        cover_args: CoverArgs | None = None,
    ) -> None:
        self.go = go
        self.cover_args = cover_args
        self.flags = flags
        self.jobs = max(1, jobs)
        self.limits = limits
        self.env = env
        self.batch = batch
        self._lock = threading.Lock()
        self._spawn_lock = threading.Lock()
        self._slots: dict[tuple[Path, str], _Slot] = {}
        self._queue: list[_Batch] = []
        self._running: list[GoProcess] = []
        self._all_processes: list[GoProcess] = []
        # (command, text): non-JSON output after the last package result of a process.
        self.unattributed: list[tuple[str, str]] = []
        self._cancelled = False

    # -- planning ------------------------------------------------------------------------------

    def submit(self, jobs: Sequence[PackageJob]) -> None:
        """Queue jobs (in the order pytest will need them) and start what may run now."""
        with self._lock:
            fresh = [j for j in jobs if j.key not in self._slots]
            for job in fresh:
                self._slots[job.key] = _Slot(job)
            for batch in self._make_batches(fresh):
                for job in batch.jobs:
                    self._slots[job.key].batch = batch
                self._queue.append(batch)
        self._start_queued()

    def _make_batches(self, jobs: Sequence[PackageJob]) -> list[_Batch]:
        if not self.batch:
            return [_Batch([job], job.run_selector()) for job in jobs]
        by_module: dict[Path, list[PackageJob]] = {}
        for job in jobs:
            by_module.setdefault(job.module_root, []).append(job)
        batches: list[tuple[int, _Batch]] = []
        order = {job.key: index for index, job in enumerate(jobs)}
        for module_jobs in by_module.values():
            whole = [j for j in module_jobs if j.selected is None]
            partial = [j for j in module_jobs if j.selected is not None]
            # Whole packages: spread round-robin over `jobs` invocations so that each process
            # starts with packages pytest reaches early (go test runs its packages in order).
            lanes = min(self.jobs, len(whole))
            for lane in range(lanes):
                members = whole[lane::lanes]
                batches.append((order[members[0].key], _Batch(members, None)))
            for group in _group_compatible(partial):
                names = set().union(*(j.selected or () for j in group))
                selector = exact_run_selector(sorted(names))
                batches.append((order[group[0].key], _Batch(group, selector)))
        batches.sort(key=lambda pair: pair[0])
        return [b for _, b in batches]

    def _start_queued(self) -> None:
        to_start: list[_Batch] = []
        with self._lock:
            while self._queue and len(self._running) < self.jobs and not self._cancelled:
                batch = self._queue.pop(0)
                batch.started = True
                batch.process = self._new_process(batch)
                self._running.append(batch.process)
                self._all_processes.append(batch.process)
                to_start.append(batch)
        for batch in to_start:
            assert batch.process is not None
            batch.process.start(self._spawn_lock)

    def _new_process(self, batch: _Batch) -> GoProcess:
        packages = [job.import_path for job in batch.jobs]
        module_root = batch.jobs[0].module_root
        extra = self.cover_args(packages, module_root) if self.cover_args else []
        args = go_test_args(self.go, packages, self.flags, batch.selector, extra)

        def publish(run: PackageRun) -> None:
            self._publish(module_root, run)

        return GoProcess(
            args,
            module_root,
            self.env,
            packages,
            self.limits,
            on_done=publish,
            on_exit=self._process_exited,
        )

    def _publish(self, module_root: Path, run: PackageRun) -> None:
        slot = self._slots.get((module_root, run.import_path))
        if slot is None or slot.ready.is_set():
            return
        slot.result = run
        slot.ready.set()

    def _process_exited(self, process: GoProcess) -> None:
        with self._lock:
            if process in self._running:
                self._running.remove(process)
            if process.folder.unattributed.strip():
                self.unattributed.append((" ".join(process.args), process.folder.unattributed))
        self._start_queued()

    # -- results -------------------------------------------------------------------------------

    def result(self, job: PackageJob) -> PackageRun:
        """Block until the package's result is known; submits the job if nobody did."""
        if job.key not in self._slots:
            self.submit([job])
        slot = self._slots[job.key]
        with self._lock:
            batch = slot.batch
            if batch is not None and not batch.started and batch in self._queue:
                # Needed now: move it to the front of the queue.
                self._queue.remove(batch)
                self._queue.insert(0, batch)
        self._start_queued()
        slot.ready.wait()
        assert slot.result is not None
        return slot.result

    def run_now(self, job: PackageJob) -> PackageRun:
        """Run ``job`` in a fresh process and wait (reruns: never reuse an earlier result)."""
        done = threading.Event()
        results: dict[str, PackageRun] = {}

        def publish(run: PackageRun) -> None:
            results.setdefault(run.import_path, run)
            if run.import_path == job.import_path:
                done.set()

        extra = self.cover_args([job.import_path], job.module_root) if self.cover_args else []
        args = go_test_args(self.go, [job.import_path], self.flags, job.run_selector(), extra)
        process = GoProcess(
            args,
            job.module_root,
            self.env,
            [job.import_path],
            self.limits,
            on_done=publish,
            on_exit=lambda _p: done.set(),
        )
        with self._lock:
            self._all_processes.append(process)
        process.start(self._spawn_lock)
        done.wait()
        process.join()
        return results.get(job.import_path) or process.folder.package(job.import_path)

    def wait_all(self) -> None:
        """Run every queued batch and wait until all go processes have exited (so that go has
        written its coverage profiles). Used at the normal end of a run with --go-cov."""
        while True:
            self._start_queued()
            with self._lock:
                if self._cancelled:
                    return
                processes = list(self._all_processes)
            for process in processes:
                process.finished.wait()
            with self._lock:
                if self._cancelled or (
                    not self._queue and len(self._all_processes) == len(processes)
                ):
                    return

    # -- shutdown ------------------------------------------------------------------------------

    def wait_started(self, timeout: float = 5.0) -> None:
        """Briefly wait for the go processes started so far to exit, so that whatever they
        print after their last package result is read (normal end of a run)."""
        with self._lock:
            processes = list(self._all_processes)
        deadline = time.monotonic() + timeout
        for process in processes:
            process.finished.wait(max(0.0, deadline - time.monotonic()))

    def cancel(self) -> None:
        """Stop everything: queued batches never start, running process groups are killed,
        and every waiter gets a 'stopped' result. Safe to call more than once."""
        with self._lock:
            self._cancelled = True
            queued, self._queue = self._queue, []
            processes = list(self._all_processes)
        for process in processes:
            process.stop()
        for process in processes:
            process.join()
        for batch in queued:
            for job in batch.jobs:
                slot = self._slots[job.key]
                if not slot.ready.is_set():
                    run = PackageRun(job.import_path, self.limits)
                    run.truncated_reason = _STOPPED
                    slot.result = run
                    slot.ready.set()


def _group_compatible(jobs: Sequence[PackageJob]) -> list[list[PackageJob]]:
    """Partial packages that can share one ``-run`` selector without running extra tests.

    One invocation takes one ``-run`` for all of its packages; a union of names is safe only
    when no package in the group has an unselected test whose name another one selected.
    """
    groups: list[list[PackageJob]] = []
    unions: list[set[str]] = []
    for job in jobs:
        selected = set(job.selected or ())
        for index, members in enumerate(groups):
            union = unions[index] | selected
            if all((m.all_tests & union) <= (m.selected or set()) for m in [*members, job]):
                members.append(job)
                unions[index] = union
                break
        else:
            groups.append([job])
            unions.append(selected)
    return groups
