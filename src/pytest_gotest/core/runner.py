"""Owns the ``go test`` processes: process groups, batching, concurrency, cancellation.

Threads here never call pytest. Each process has a stdout reader thread that feeds the pure
``StreamFolder`` and a stderr reader; when a package's terminal event arrives, its
``PackageRun`` is published through a ``threading.Event`` that the main thread waits on.

Batching: all whole packages of one module (every test selected) share one ``go test``
invocation, in the order pytest reaches them, like ``go test ./...`` (except that packages
whose last run was long are given first: ``go_order``, ``core/schedule.py``): go builds and
runs them ``-p`` at a time, and compiles every dependency once (two concurrent invocations
would each compile the standard library on a cold cache). Packages with only some tests
selected share an invocation when one ``-run`` union selects no extra test in any of them. At
most ``jobs`` invocations run at once.

Sharding (``--go-shard``, ``core/shard.py``): a job with ``shards`` runs in one process per
shard, each with its exact ``-run`` selection, never batched with other packages. The first
shard starts alone; the others wait until it has built the test binary (its package's
``start`` event with no build output), so that a cold build cache is not filled by several
compilers at once (measured: two cold ``go test`` processes of one package took twice the CPU
and 1.5x the wall time of one process building while the other waited). When the first shard
ends without starting a test (build failure, init or TestMain died), the others are not run:
they take its result, which is what one process would have said about their tests.

Every process starts in its own process group: one ``killpg`` stops ``go test``, the compiler
and the test binaries, also after go itself died, and a terminal Ctrl-C reaches pytest first.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final, TypeVar

from .fold import StreamFolder
from .gocmd import exact_run_selector
from .head_start import HeadStart
from .output import CaptureLimits
from .package_run import DISPUTED, PackageRun
from .pipelines import text_batches
from .progress import ProgressBoard
from .toolchain import GoToolchain, note_leader_exit, stop_group

__all__ = ["CoverArgs", "GoOrder", "GoProcess", "PackageJob", "ProcessEnd", "Runner", "TestEnds"]

_T = TypeVar("_T")

# Extra go test arguments for one new invocation (coverage: a fresh -coverprofile each time),
# given its packages and module root.
CoverArgs = Callable[[Sequence[str], Path], list[str]]
# The order in which go is given one invocation's packages (module root, pytest's order).
GoOrder = Callable[[Path, Sequence[str]], list[str]]
# Told about every go test invocation once it has ended, from its reader thread: its
# arguments, its whole stderr and its packages' results. --go-cov reads Go's warnings there
# (-coverpkg patterns that match nothing go to stderr and are lost otherwise) and which
# packages did not compile. Must not raise: the process would never be marked finished.
ProcessEnd = Callable[[Sequence[str], str, Sequence[PackageRun]], None]

_STDERR_LIMIT: Final = 256 * 1024
_STDERR_GRACE_SECONDS: Final = 2.0
_ENDS_POLL: Final = 0.05  # seconds between looks at a package's test ends (wait_for_ends)
STOPPED: Final = "go test was stopped by pytest (-x, --maxfail, Ctrl-C or the end of the run)"


@dataclass(frozen=True)
class PackageJob:
    """One package to run: where, and which of its top-level tests (None: all of them).

    ``timeout``: the ``-timeout`` its test binary needs, in seconds (pytest-timeout's limits
    for its tests, ``plugin/timeouts.py``); None: pytest-gotest sets none, Go's default holds.
    """

    import_path: str
    module_root: Path
    all_tests: frozenset[str]
    selected: frozenset[str] | None
    timeout: float | None = None
    # --go-shard: the top-level names each go test process runs; (): one process.
    shards: tuple[frozenset[str], ...] = ()

    @property
    def key(self) -> tuple[Path, str]:
        return (self.module_root, self.import_path)

    def run_selector(self) -> str | None:
        return None if self.selected is None else exact_run_selector(sorted(self.selected))


@dataclass
class TestEnds:
    """What Go said so far of one package's top-level tests, before the package's result
    (the fold's ``on_failure`` and ``on_end``, from reader threads): what -x/--maxfail may
    stop at (plugin/stopping.py)."""

    __test__ = False  # not a pytest test class

    failed: set[str] = field(default_factory=set)  # Go failed a run of the test: final
    ended: dict[str, int] = field(default_factory=dict)  # runs Go ended (track_ends)
    disputed: set[str] = field(default_factory=set)  # a run failed again after it ended


@dataclass
class _Slot:
    """Where one package's result will appear."""

    job: PackageJob
    ready: threading.Event = field(default_factory=threading.Event)
    result: PackageRun | None = None
    batch: _Batch | None = None
    # A sharded job: every shard's batch, each shard's result as it arrives, and the shards
    # that wait for the first one's build.
    batches: list[_Batch] = field(default_factory=list)
    pieces: list[PackageRun | None] = field(default_factory=list)
    held: list[_Batch] = field(default_factory=list)
    # What Go said so far of its top-level tests (StreamFolder's on_failure and on_end).
    ends: TestEnds = field(default_factory=TestEnds)


@dataclass
class _Batch:
    jobs: list[PackageJob]
    selector: str | None
    process: GoProcess | None = None
    started: bool = False
    piece: int | None = None  # which shard of its (only) job; None: not sharded


class GoProcess:
    """One ``go test -json`` invocation and its reader threads."""

    def __init__(
        self,
        toolchain: GoToolchain,
        args: Sequence[str],
        cwd: Path,
        folder: StreamFolder,
        on_exit: Callable[[GoProcess], None],
    ) -> None:
        self.toolchain = toolchain
        self.args = list(args)
        self.cwd = cwd
        self.folder = folder
        self._on_exit = on_exit
        self._popen: subprocess.Popen[str] | None = None
        self._stderr_parts: list[str] = []
        self._stderr_size = 0
        self._stopped = False
        self._threads: list[threading.Thread] = []
        self.exit_code: int | None = None
        self.stderr = ""
        # Set once go has exited and its results were published (or it could not start).
        self.finished = threading.Event()

    def start(self, spawn_lock: threading.Lock) -> None:
        """Start go. ``spawn_lock`` serialises process creation across threads: batches are
        started from the main thread and from reader threads (when a slot frees up), and
        concurrent fork/exec from two threads failed here with EFAULT ("Bad address")."""
        try:
            with spawn_lock:
                self._popen = self.toolchain.spawn(self.args, self.cwd)
        except OSError as exc:
            self.folder.finish(None, "", reason=f"cannot start {self.args[0]}: {exc}")
            self._on_exit(self)
            self.finished.set()
            return
        assert self._popen is not None
        self._watch(self._popen)

    def adopt(self, popen: subprocess.Popen[str], args: Sequence[str]) -> None:
        """Take over a ``go test`` started earlier for this invocation (``HeadStart``): its
        own arguments, which name the same packages in perhaps another order."""
        self.args = list(args)
        self._popen = popen
        self._watch(popen)

    def _watch(self, popen: subprocess.Popen[str]) -> None:
        assert popen.stdout is not None
        assert popen.stderr is not None
        stderr_thread = threading.Thread(
            target=self._read_stderr,
            args=(popen.stderr,),
            daemon=True,
            name=f"gotest-stderr-{popen.pid}",
        )
        stdout_thread = threading.Thread(
            target=self._read_stdout,
            args=(popen.stdout, stderr_thread),
            daemon=True,
            name=f"gotest-stdout-{popen.pid}",
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
        with stream:
            for text in text_batches(stream):
                self.folder.feed_text(text)
        assert self._popen is not None
        self.exit_code = self._popen.wait()
        if self.exit_code < 0:
            # go itself was killed (or crashed on a signal): what it started, the test binary
            # first, lives on in its process group. Stop it now, not at the end of the run.
            stop_group(self._popen)
        else:
            note_leader_exit(self._popen)  # an empty group is never signalled again
        # A process a test left running in the group may hold go's stderr open: do not wait
        # for its end for ever (the group is stopped at the end of the run at the latest).
        stderr_thread.join(timeout=_STDERR_GRACE_SECONDS)
        stderr = "".join(self._stderr_parts)
        if self._stderr_size > _STDERR_LIMIT:
            stderr += f"\n[pytest-gotest: {self._stderr_size - _STDERR_LIMIT} more bytes]\n"
        self.stderr = stderr
        self.folder.finish(
            self.exit_code,
            stderr,
            reason=STOPPED if self._stopped else None,
            missing=self._failfast_missing(),
        )
        self._on_exit(self)
        self.finished.set()

    def _failfast_missing(self) -> str | None:
        """Why a package has no result when -failfast is on and another package failed: go
        test starts no test binary after one fails (cmd/go's testShouldFailFast), so which
        packages it reaches depends on their order and timing, in go test ./... as here."""
        if self.exit_code != 1 or not self.toolchain.enabled("failfast"):
            return None
        failed = next(
            (pkg.import_path for pkg in self.folder.packages.values() if pkg.action == "fail"),
            None,
        )
        if failed is None:
            return None
        return (
            f"go test -failfast started no more test binaries after {failed} failed, "
            "before this package's ran"
        )

    def stop(self) -> None:
        """Stop the whole process group: go, its compilers, the test binaries, and whatever a
        test forked and left running in the group (also when go itself already exited)."""
        self._stopped = True
        if self._popen is not None:
            stop_group(self._popen)

    def join(self) -> None:
        for thread in self._threads:
            thread.join()


class Runner:
    """Schedules package jobs into batched ``go test`` processes, ``jobs`` at a time."""

    def __init__(
        self,
        toolchain: GoToolchain,
        jobs: int,
        limits: CaptureLimits,
        *,
        batch: bool = True,
        cover_args: CoverArgs | None = None,
        keep_passed_output: bool = True,
        on_process_end: ProcessEnd | None = None,
        go_order: GoOrder | None = None,
        track_ends: bool = False,
    ) -> None:
        """``go_order``: the order to give go an invocation's packages in (long runs first,
        ``core/schedule.py``); None keeps pytest's. ``track_ends``: keep count of the
        top-level tests Go ended (``TestEnds.ended``, for -x/--maxfail); off, the fold makes
        no call per test."""
        self.toolchain = toolchain
        self.track_ends = track_ends
        self.cover_args = cover_args
        self.on_process_end = on_process_end
        self.go_order = go_order
        self.jobs = max(1, jobs)
        self.limits = limits
        self.batch = batch
        self.keep_passed_output = keep_passed_output
        self._lock = threading.Lock()
        self._spawn_lock = threading.Lock()
        self._slots: dict[tuple[Path, str], _Slot] = {}
        self._queue: list[_Batch] = []
        self._running: list[GoProcess] = []
        self._all_processes: list[GoProcess] = []
        # (command, text): non-JSON output after the last package result of a process.
        self.unattributed: list[tuple[str, str]] = []
        self._cancelled = False
        # A go test started before collection ended (core/head_start.py), during ``submit``.
        self._head: HeadStart | None = None
        # Where each package stands, for a progress display (any thread may read it).
        self.progress = ProgressBoard()

    # -- planning ------------------------------------------------------------------------------

    def submit(self, jobs: Sequence[PackageJob], head: HeadStart | None = None) -> None:
        """Queue jobs (in the order pytest will need them) and start what may run now. A batch
        that runs what ``head`` (a go test already running) runs adopts it instead of starting
        its own; if none does, it is stopped."""
        with self._lock:
            self._head = head
            fresh = [j for j in jobs if j.key not in self._slots]
            for job in fresh:
                self._slots[job.key] = _Slot(job)
            for batch in self._make_batches(fresh):
                for job in batch.jobs:
                    self._slots[job.key].batch = batch
                self._queue.append(batch)
                if batch.piece is not None:
                    self._hold_other_shards(batch.jobs[0])
        self.progress.queued(job.key for job in fresh)
        self._start_queued()
        if head is not None:
            self._drop_offer()  # not taken: another batch runs

    def _drop_offer(self) -> None:
        """Stop an offered go test that no batch took (safe to call at any time)."""
        with self._lock:
            head, self._head = self._head, None
        if head is not None:
            head.abandon()

    def _take_offer(self, process: GoProcess) -> HeadStart | None:
        """Under the lock: the offered process, if it runs exactly what ``process`` would."""
        head = self._head
        if head is not None and head.fits(process.args, process.cwd, self.toolchain):
            self._head = None
            return head
        return None

    def _make_batches(self, jobs: Sequence[PackageJob]) -> list[_Batch]:
        """Batches to queue, in the order pytest needs them; a sharded job's first shard
        only (``_hold_other_shards`` keeps the others)."""
        if not self.batch:
            return [self._first_batch(job) for job in jobs]
        by_module: dict[Path, list[PackageJob]] = {}
        order = {job.key: index for index, job in enumerate(jobs)}
        batches: list[tuple[int, _Batch]] = []
        for job in jobs:
            if job.shards:
                batches.append((order[job.key], self._first_batch(job)))
                continue
            by_module.setdefault(job.module_root, []).append(job)
        for module_jobs in by_module.values():
            whole = [j for j in module_jobs if j.selected is None]
            partial = [j for j in module_jobs if j.selected is not None]
            if whole:
                batches.append((order[whole[0].key], _Batch(whole, None)))
            for group in _group_compatible(partial):
                names = set().union(*(j.selected or () for j in group))
                selector = exact_run_selector(sorted(names))
                batches.append((order[group[0].key], _Batch(group, selector)))
        batches.sort(key=lambda pair: pair[0])
        return [b for _, b in batches]

    def _first_batch(self, job: PackageJob) -> _Batch:
        if not job.shards:
            return _Batch([job], job.run_selector())
        return _Batch([job], exact_run_selector(sorted(job.shards[0])), piece=0)

    def _hold_other_shards(self, job: PackageJob) -> None:
        """Under the lock: the batches of a sharded job's other shards, held until its first
        shard has built the test binary."""
        slot = self._slots[job.key]
        first = slot.batch
        assert first is not None
        others = [
            _Batch([job], exact_run_selector(sorted(names)), piece=index)
            for index, names in enumerate(job.shards[1:], start=1)
        ]
        slot.batches = [first, *others]
        slot.pieces = [None] * len(job.shards)
        slot.held = others

    def _release_held(self, slot: _Slot) -> None:
        """The first shard built the binary: the other shards may start (first in the queue:
        their package is the one being run)."""
        with self._lock:
            held, slot.held = slot.held, []
            self._queue[0:0] = held
        if held:
            self._start_queued()

    def _shard_started(self, slot: _Slot, folder: StreamFolder) -> None:
        """The first shard's ``start`` event: go finished building its test binary. With
        build output (a build failure, or warnings) the others wait for its result."""
        if not folder.build_output:
            self._release_held(slot)

    def _start_queued(self) -> None:
        to_start: list[tuple[GoProcess, HeadStart | None]] = []
        with self._lock:
            while self._queue and len(self._running) < self.jobs and not self._cancelled:
                batch = self._queue.pop(0)
                batch.started = True
                batch.process = self._new_batch_process(batch)
                self._running.append(batch.process)
                self._all_processes.append(batch.process)
                to_start.append((batch.process, self._take_offer(batch.process)))
                self.progress.building(job.key for job in batch.jobs)
        for process, head in to_start:
            if head is not None:
                process.adopt(head.popen, head.args)
            else:
                process.start(self._spawn_lock)

    def _new_batch_process(self, batch: _Batch) -> GoProcess:
        if batch.piece is None:
            return self._new_process(
                batch.jobs, batch.selector, self._publish, self._process_exited
            )
        slot = self._slots[batch.jobs[0].key]
        piece = batch.piece

        def publish(_root: Path, run: PackageRun) -> None:
            self._publish_piece(slot, piece, run)

        def started(folder: StreamFolder) -> None:
            self._shard_started(slot, folder)

        return self._new_process(
            batch.jobs,
            batch.selector,
            publish,
            self._process_exited,
            on_started=started if piece == 0 else None,
        )

    def _new_process(
        self,
        jobs: Sequence[PackageJob],
        selector: str | None,
        publish: Callable[[Path, PackageRun], None],
        on_exit: Callable[[GoProcess], None],
        on_started: Callable[[StreamFolder], None] | None = None,
    ) -> GoProcess:
        packages = [job.import_path for job in jobs]
        module_root = jobs[0].module_root
        extra = self.cover_args(packages, module_root) if self.cover_args else []
        extra += self.toolchain.timeout_args(_shared_timeout(jobs))
        given = self.go_order(module_root, packages) if self.go_order else packages
        args = self.toolchain.test_args(given, selector, extra)

        def on_start(path: str) -> None:
            self.progress.running((module_root, path))
            if on_started is not None:
                on_started(folder)

        def on_failure(path: str, name: str) -> None:
            slot = self._slots.get((module_root, path))
            if slot is not None:
                with self._lock:
                    slot.ends.failed.add(name)

        def on_end(path: str, name: str, action: str) -> None:
            slot = self._slots.get((module_root, path))
            if slot is not None:
                with self._lock:
                    ends = slot.ends
                    if action == DISPUTED:
                        ends.disputed.add(name)
                    else:
                        ends.ended[name] = ends.ended.get(name, 0) + 1

        folder = StreamFolder(
            packages,
            self.limits,
            on_done=lambda run: publish(module_root, run),
            keep_passed_output=self.keep_passed_output,
            on_start=on_start,
            on_failure=on_failure,
            on_end=on_end if self.track_ends else None,
        )
        return GoProcess(self.toolchain, args, module_root, folder, on_exit)

    def _publish(self, module_root: Path, run: PackageRun) -> None:
        slot = self._slots.get((module_root, run.import_path))
        if slot is None or slot.ready.is_set():
            return
        self.progress.finished(slot.job.key, run)
        slot.result = run
        slot.ready.set()

    def _publish_piece(self, slot: _Slot, piece: int, run: PackageRun) -> None:
        """One shard's result. The first shard's, when the others still wait for it and it
        started no test (its build failed, or init or TestMain ended the binary): the others
        take it instead of building and failing the same way (one process would have said
        the same about their tests)."""
        release = False
        with self._lock:
            if slot.ready.is_set() or slot.pieces[piece] is not None:
                return
            slot.pieces[piece] = run
            if piece == 0 and slot.held:
                if any(test.started for test in run.runs):
                    release = True
                else:
                    for batch in slot.held:
                        assert batch.piece is not None
                        slot.pieces[batch.piece] = run
                    slot.held = []
            complete = all(p is not None for p in slot.pieces)
        if release:
            self._release_held(slot)
        if complete:
            self.progress.finished(slot.job.key, _telling(slot.pieces))
            slot.ready.set()

    def _process_exited(self, process: GoProcess) -> None:
        self._report_end(process)
        with self._lock:
            if process in self._running:
                self._running.remove(process)
            if process.folder.unattributed.strip():
                self.unattributed.append((" ".join(process.args), process.folder.unattributed))
        self._start_queued()

    def _report_end(self, process: GoProcess) -> None:
        if self.on_process_end is not None:
            runs = list(process.folder.packages.values())
            self.on_process_end(process.args, process.stderr, runs)

    # -- results -------------------------------------------------------------------------------

    def result(self, job: PackageJob) -> PackageRun:
        """Block until the package's result is known; submits the job if nobody did. For a
        job that is not sharded (``results`` gives each shard's)."""
        (_, run), *_ = self.results(job)
        return run

    def results(self, job: PackageJob) -> list[tuple[frozenset[str] | None, PackageRun]]:
        """Block until the package's results are known: (the top-level names a process ran,
        None for all of the job's selection; its result), one per distinct result."""
        if job.key not in self._slots:
            self.submit([job])
        slot = self._slots[job.key]
        self._hurry(slot)
        slot.ready.wait()
        if not slot.pieces:
            assert slot.result is not None
            return [(None, slot.result)]
        names: dict[int, tuple[set[str], PackageRun]] = {}
        for shard, run in zip(slot.job.shards, slot.pieces, strict=True):
            assert run is not None
            names.setdefault(id(run), (set(), run))[0].update(shard)
        return [(frozenset(shard), run) for shard, run in names.values()]

    def _hurry(self, slot: _Slot) -> None:
        with self._lock:
            batches = slot.batches or ([slot.batch] if slot.batch is not None else [])
            waiting = [b for b in batches if not b.started and b in self._queue]
            # Needed now: move them to the front of the queue.
            for batch in waiting:
                self._queue.remove(batch)
            self._queue[0:0] = waiting
        self._start_queued()

    def wait_for(self, job: PackageJob, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a submitted package's result (the progress
        display redraws between waits); True once it is there or when the package was never
        submitted (nothing to wait for: e.g. held back by the hazard gate)."""
        slot = self._slots.get(job.key)
        if slot is None:
            return True
        self._hurry(slot)
        return slot.ready.wait(timeout)

    def finished(self, job: PackageJob) -> bool:
        """Whether go test finished a submitted package: its result is in, and no ``cancel``
        (which makes a result for every unfinished one) came first."""
        slot = self._slots.get(job.key)
        return slot is not None and slot.ready.is_set() and not self._cancelled

    def wait_for_ends(
        self,
        job: PackageJob,
        settled: Callable[[TestEnds], object],
        timeout: float | None = None,
    ) -> bool:
        """Wait up to ``timeout`` seconds (None: no limit) for the package's result or until
        ``settled`` (asked with the lock held: quick, no calls back) finds what Go said of its
        top-level tests enough, whichever comes first; True once either is there (or when the
        package was never submitted). Polls: this waits only when -x/--maxfail may stop the
        run at a failure (plugin/stopping.py), while the rest of the package still runs."""
        slot = self._slots.get(job.key)
        if slot is None:
            return True
        self._hurry(slot)
        deadline = None if timeout is None else time.monotonic() + timeout
        while not slot.ready.is_set():
            with self._lock:
                if settled(slot.ends):
                    return True
            left = _ENDS_POLL if deadline is None else deadline - time.monotonic()
            if left <= 0:
                return False
            slot.ready.wait(min(left, _ENDS_POLL))
        return True

    def ended_early(self, job: PackageJob, settled: Callable[[TestEnds], _T | None]) -> _T | None:
        """What ``settled`` finds in what Go said of the package's top-level tests while its
        result is not in yet (the rest of the binary still runs); None once it is in."""
        slot = self._slots.get(job.key)
        if slot is None or slot.ready.is_set():
            return None
        with self._lock:
            return settled(slot.ends)

    def run_now(self, job: PackageJob) -> PackageRun:
        """Run ``job`` in a fresh process and wait (reruns: never reuse an earlier result).
        After ``cancel`` (Ctrl-C, -x) nothing starts: the run is a stopped one."""
        with self._lock:
            cancelled = self._cancelled
        if cancelled:
            stopped = PackageRun(job.import_path, self.limits)
            stopped.truncated_reason = STOPPED
            return stopped
        done = threading.Event()
        results: dict[str, PackageRun] = {}

        def publish(_root: Path, run: PackageRun) -> None:
            results.setdefault(run.import_path, run)

        def ended(process: GoProcess) -> None:
            self._report_end(process)
            done.set()

        process = self._new_process([job], job.run_selector(), publish, ended)
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

    def stderr_of_processes(self) -> list[tuple[str, str]]:
        """(command, stderr) of every finished go process with something on stderr."""
        with self._lock:
            processes = list(self._all_processes)
        return [
            (" ".join(p.args), p.stderr)
            for p in processes
            if p.finished.is_set() and p.stderr.strip()
        ]

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
        """Stop everything: queued batches never start, every process group is killed (also
        those whose go already exited: a test may have left a process in it), and every
        waiter gets a 'stopped' result. Safe to call more than once."""
        self._drop_offer()
        with self._lock:
            self._cancelled = True
            # Queued batches never start: their packages, like every unfinished one, are
            # stopped below.
            self._queue = []
            processes = list(self._all_processes)
        for process in processes:
            process.stop()
        for process in processes:
            process.join()
        with self._lock:
            slots = list(self._slots.values())
            for slot in slots:
                slot.held = []
        for slot in slots:
            if slot.ready.is_set():
                continue
            run = PackageRun(slot.job.import_path, self.limits)
            run.truncated_reason = STOPPED
            slot.result = run
            slot.pieces = [run if piece is None else piece for piece in slot.pieces]
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
        if any("/" in name for name in selected):
            # A subtest's selector runs its top-level test partly: in another package it
            # would cut a test of that name short. Alone (no job can join: the top-level
            # name in the union is never among this job's selected names).
            groups.append([job])
            unions.append({name.split("/", 1)[0] for name in selected})
            continue
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


def _telling(pieces: Sequence[PackageRun | None]) -> PackageRun:
    """The shard result that tells most about the package (the progress display's line):
    the first that did not pass, else the longest."""
    runs = [run for run in pieces if run is not None]
    for run in runs:
        if run.action != "pass":
            return run
    return max(runs, key=lambda run: run.elapsed or 0.0)


def _shared_timeout(jobs: Sequence[PackageJob]) -> float | None:
    """The one ``-timeout`` of an invocation: go passes it to each of its test binaries, so it
    is the largest that any of its packages needs (a smaller one could time out a package
    whose tests all keep to their limits), and none when one package needs none."""
    timeouts = [job.timeout for job in jobs]
    if not timeouts or any(t is None for t in timeouts):
        return None
    return max(t for t in timeouts if t is not None)
