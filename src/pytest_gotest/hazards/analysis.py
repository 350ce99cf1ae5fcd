"""Runs the hazard analysis on a background thread while ``go test`` runs.

One analyzer invocation per module root, over the test packages pytest collected there; results
come from the content-keyed cache when they can. Nothing here imports pytest or raises into
the run: every failure (go missing, build error, analyzer crash, bad output) becomes a problem
text that the session shows as a warning, and the tests still run.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pytest_gotest.core.gocmd import links_strings
from pytest_gotest.core.toolchain import (
    GoToolchain,
    kill_group,
    lower_priority,
    release_group,
    spawn_group,
)

from .build import (
    ANALYZER_DIR,
    AnalyzerBinary,
    AnalyzerBuildError,
    BuildStop,
    GoSettings,
    analyzer_built,
    analyzer_path,
    analyzer_source_hash,
    cache_dir,
    ensure_analyzer,
    marked_since,
    pending_mark,
)
from .cache import ModuleSources, ResultCache, results_key
from .findings import AnalyzerOutputError, Finding, HazardReport, Problem, parse_report
from .settings_cache import cached_go_settings

if TYPE_CHECKING:
    from pytest_gotest.core.progress import ProgressSnapshot

__all__ = ["AnalysisResult", "HazardAnalysis", "ModuleRequest", "WaitNote"]

# How long the tests must still be expected to run for a first run's background analysis to
# start (``analysis_fits``). An analysis costs 0.1-0.3 CPU-s on most modules (goldmark: 0.18,
# go list -export and type checking), taken from a go test that keeps 2 cores busy: beside 3 s
# of tests that is a few percent, beside the last second of a 1-second suite it was 10-15%.
_FIRST_ANALYSIS_SECONDS: Final = 3.0
# The fewest packages done whose pace ``analysis_fits`` goes by (or a quarter of them).
_MIN_PACE_PACKAGES: Final = 2
# How often a first run's analysis asks again while the tests' pace is not known yet.
_PACE_POLL_SECONDS: Final = 0.1
_OFF_HINT: Final = "(--go-init-hazards=off or ini go_init_hazards = off turns the analysis off)"
# How long one analyzer run may take before it is stopped: a bound for a defect of the
# analyzer, not a budget. The largest modules measured take seconds (golang.org/x/text,
# megabytes of generated tables: 1.6-4 s), and a run waits for the analysis at its end.
ANALYZER_SECONDS: Final = 120.0
_STDERR_SHOWN: Final = 4000


@dataclass(frozen=True)
class ModuleRequest:
    """The test packages of one module to analyse, and the module's Go files for the key."""

    module_root: Path
    import_paths: tuple[str, ...]
    sources: tuple[ModuleSources, ...]


@dataclass
class AnalysisResult:
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    analyzer_runs: int = 0  # how many modules the analyzer really ran for (not cached)
    # A first run's analysis that this run did not wait for (the tests ended first): no
    # findings, not for a problem of the code or the setup; the next run does it.
    skipped: bool = False


# What a run is waiting for (``HazardAnalysis.stage``), as its note says it.
BUILD_STAGE: Final = "build"
ANALYSIS_STAGE: Final = "analysis"


@dataclass(frozen=True)
class WaitNote:
    """Told once, with the stage, when a wait for the analysis has lasted ``after`` seconds:
    so that a run waiting at its end for the analyzer's build says so instead of seeming
    to hang."""

    note: Callable[[str], None]
    after: float = 1.0


class HazardAnalysis:
    def __init__(
        self,
        toolchain: GoToolchain,
        requests: Sequence[ModuleRequest] | None,
        *,
        cache: Path | None = None,
        source_dir: Path | None = None,
        background: bool = False,
        tests_progress: Callable[[], Sequence[ProgressSnapshot]] | None = None,
        analyzer_seconds: float = ANALYZER_SECONDS,
        began: float | None = None,
    ) -> None:
        """``requests``: None when the packages are not known yet (``request`` gives them):
        started then, the thread learns the Go version and builds the analyzer if this user
        cache has none, while pytest collects (on a single Python thread, leaving a core
        idle), instead of beside ``go test``.

        ``background``: nobody waits for a first run's analysis (warn mode), so an analyzer
        this run had to build runs at the lowest priority, as its build does.

        ``tests_progress``: where go test's runners stand. Such an analysis starts only once
        they will likely outlast it, and not at all if they end first (``analysis_fits``).

        ``analyzer_seconds``: an analyzer run still going after that long is stopped, with a
        warning (``ANALYZER_SECONDS``).

        ``began``: when this run began (``time.time()``; by default now). A mark of a build
        left unfinished (``_mark_wanted``) younger than that is a concurrent run's: under
        xdist a worker done first leaves one while another worker of the same run, whose
        analysis may be created later, still wants the build; it must not wait for it."""
        self.toolchain = toolchain
        self.go = toolchain.go
        self.list_flags = tuple(toolchain.flags.list_flags)
        self.requests = list(requests or ())
        self._requested = threading.Event()
        if requests is not None:
            self._requested.set()
        self.cache = cache or cache_dir()
        self.source_dir = source_dir or ANALYZER_DIR
        environ = toolchain.environ
        self.environ = dict(os.environ if environ is None else environ)
        self._result = AnalysisResult()
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._cancelled = False
        self._build_stop = BuildStop()
        self.background = background
        self.tests_progress = tests_progress
        self.analyzer_seconds = analyzer_seconds
        # A first run's analysis left to the next run (``_worth_starting``).
        self._left_to_next_run = False
        # The run may link with -X (then no string var's declared value is trusted); known
        # once go's settings are.
        self._links_strings = True
        # This run builds the analyzer (or waits for another process of it building it):
        # see `building`.
        self._first_build = False
        # The analyzer a first run wanted (``_begin_first_build``): if this run ends without
        # it, the mark left beside it makes the next run wait for the build.
        self._wanted: Path | None = None
        self._stage = ANALYSIS_STAGE
        self._began = time.time() if began is None else began  # older marks: earlier runs'
        self._thread = threading.Thread(target=self._run, daemon=True, name="gotest-hazards")
        self._started = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._thread.start()

    def request(self, requests: Sequence[ModuleRequest]) -> None:
        """The packages to analyse, for an analysis created without them."""
        self.requests = list(requests)
        self._requested.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def building(self) -> bool:
        """A first run (this Go version, these analyzer sources, this user cache) whose result
        this run does not have: the analyzer is being built, or the analysis is running on the
        analyzer just built, or was left to the next run. Warn mode waits for none of them
        (``result_unless_building``): on a short module the build and the analysis after it
        would cost a first run far more than the tests' own time. Not so when an earlier
        run's build was cut short: that run waits, or a suite shorter than the build would
        never see its findings."""
        return self._first_build and (not self._done.is_set() or self._left_to_next_run)

    @property
    def stage(self) -> str:
        """What the analysis is busy with: ``BUILD_STAGE`` while its analyzer is being built
        (or another process's build waited for), else ``ANALYSIS_STAGE``."""
        return self._stage

    def result(self, waiting: WaitNote | None = None) -> AnalysisResult:
        """Wait for the analysis (started or not: an unstarted one runs here). ``waiting``
        is told once if that takes a while."""
        if not self._thread.is_alive() and not self._done.is_set():
            self._run()
        if waiting is not None:
            self._wait_noting(waiting, lambda: False)
        self._done.wait()
        return self._result

    def result_unless_building(
        self, poll: float = 0.05, waiting: WaitNote | None = None
    ) -> AnalysisResult | None:
        """Wait for the analysis, but give up (None) as soon as it is a first run's
        (``building``). ``waiting`` is told once if the wait takes a while."""
        if not self._thread.is_alive() and not self._done.is_set():
            return self.result()  # never started: run it here
        # Checked before each wait: a first run's tests must not wait a poll for nothing.
        if waiting is not None:
            self._wait_noting(waiting, lambda: self.building, poll)
        while not self._done.is_set() and not self.building:
            self._done.wait(poll)
        return None if self.building else self._result

    def _wait_noting(
        self, waiting: WaitNote, given_up: Callable[[], bool], poll: float = 0.05
    ) -> None:
        """Wait until done or ``given_up()``; tell ``waiting`` (once) what is being waited
        for when that lasts ``waiting.after`` seconds."""
        deadline = time.monotonic() + waiting.after
        while not self._done.is_set() and not given_up():
            left = deadline - time.monotonic()
            if left <= 0:
                waiting.note(self.stage)
                return
            self._done.wait(min(poll, left))

    def cancel(self) -> None:
        """Stop a running analyzer or its build (end of run, Ctrl-C); the result keeps what
        finished."""
        with self._lock:
            self._cancelled = True
            process = self._process
        self._requested.set()  # a thread still waiting for its packages ends
        self._build_stop.stop()
        if process is not None:
            kill_group(process)
        if self._thread.is_alive():
            self._thread.join()
        self._mark_wanted()

    def _mark_wanted(self) -> None:
        """A first run that ends without the analyzer it wanted leaves the mark of a build cut
        short, even when its build never got to start (the tests ended first, or another
        process held the build lock): the next run then waits for the build instead of
        skipping the analysis again. A suite shorter than the build would otherwise never see
        its findings."""
        wanted = self._wanted
        if wanted is None or not self._first_build or wanted.is_file():
            return
        with contextlib.suppress(OSError):
            pending_mark(wanted).touch()

    # -- the thread -----------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._analyse_all()
        except Exception as exc:  # never let a bug here take the run down; say what happened
            self._result.problems.append(
                Problem("", f"init-hazard analysis failed: {type(exc).__name__}: {exc} {_OFF_HINT}")
            )
        finally:
            self._done.set()

    def _requests(self) -> list[ModuleRequest] | None:
        """The requests with packages, once known; None when cancelled first."""
        self._requested.wait()
        return None if self._cancelled else [r for r in self.requests if r.import_paths]

    def _prebuild(
        self, settings: GoSettings, source_hash: str
    ) -> AnalyzerBinary | AnalyzerBuildError:
        """Before the packages are known: the analyzer, built now if missing."""
        target = analyzer_path(self.cache, settings.version, source_hash)
        if not target.is_file():
            self._begin_first_build(target)
        try:
            return self._binary(settings, source_hash)
        except AnalyzerBuildError as exc:
            return exc  # reported only if the packages turn out to need the analyzer

    def _begin_first_build(self, target: Path) -> None:
        """From here on this run builds the analyzer ``target``: a first build (``building``),
        unless an earlier run wanted it and ended without it (then this run waits for it,
        every xdist worker of it alike). When nobody waits for the build (``background``),
        this thread and every process it starts from now on run at niceness 19: on Linux
        niceness is per thread and a child starts with its thread's, so the build (go run),
        its compilers and the analyzer's go list are born at it (setting it on a started
        child, ``lower_priority``, races with the children it starts at once)."""
        self._first_build = not self._earlier_run_marked(marked_since(target))
        self._wanted = target
        if self.background and threading.current_thread() is self._thread:
            with contextlib.suppress(OSError, AttributeError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)

    def _earlier_run_marked(self, marked: float | None) -> bool:
        """Whether a mark of an unfinished build (``marked_since``) was left by an earlier
        run, which makes this one wait for the build. A mark left since this run began is a
        concurrent run's (another xdist worker of this one, done first): no reason to wait."""
        return marked is not None and marked < self._began

    def _analyse_all(self) -> None:
        if self._requested.is_set() and not self._requests():
            return
        source_hash = analyzer_source_hash(self.source_dir)
        if not self._requested.is_set() and analyzer_built(self.cache, source_hash):
            # Nothing to build before the packages are known: the go process that learns the
            # Go version waits too, until go test has started (``request``), instead of
            # competing with collection's go list and go test's start (goldmark, Go's test
            # cache answering: go list 26 ms alone, 34 ms beside it, go test 15-40 ms later).
            self._requested.wait()
        try:
            settings = cached_go_settings(self.go, self.cache)
        except AnalyzerBuildError as exc:
            if self._requests():
                self._result.problems.append(
                    Problem("", f"init-hazard analysis did not run: {exc} {_OFF_HINT}")
                )
            return
        version = settings.version
        # The -ldflags go links with: --go-flags (or the ini file) over the effective GOFLAGS
        # (the environment's or `go env -w`'s, which only go env tells).
        effective = replace(self.toolchain, environ={**self.environ, "GOFLAGS": settings.goflags})
        self._links_strings = links_strings(effective.flag("ldflags"))
        prebuilt = None if self._requested.is_set() else self._prebuild(settings, source_hash)
        requests = self._requests()
        if not requests:
            return
        results = ResultCache(self.cache)
        binary: AnalyzerBinary | None = None
        for request in requests:
            key = results_key(
                request.module_root,
                request.sources,
                request.import_paths,
                go_version=version,
                list_flags=self.list_flags,
                analyzer_hash=source_hash,
                environ=self.environ,
                links_strings=self._links_strings,
            )
            report = results.get(key)
            if report is None:
                if binary is None:
                    binary = self._analyzer(prebuilt, settings, source_hash)
                    if binary is None:
                        return
                # Decided before the lock: the tests' pace may take seconds to tell, and
                # other xdist workers wait for this lock.
                if not self._worth_starting():
                    self._left_to_next_run = True
                    return
                with results.locked(key):
                    report = results.get(key)  # another xdist worker may have just written it
                    if report is None:
                        report = self._analyse(binary, request)
                        if report is None:
                            continue
                        results.put(key, report)
            self._collect(request, report)

    def _analyzer(
        self,
        prebuilt: AnalyzerBinary | AnalyzerBuildError | None,
        settings: GoSettings,
        source_hash: str,
    ) -> AnalyzerBinary | None:
        """The analyzer, built now if the prebuild did not; None (the problem recorded) when
        it cannot be."""
        # Known before waiting for another process's build lock: it may be building.
        target = analyzer_path(self.cache, settings.version, source_hash)
        if not self._first_build and not target.is_file():
            self._begin_first_build(target)
        try:
            if isinstance(prebuilt, AnalyzerBuildError):
                raise prebuilt
            return prebuilt or self._binary(settings, source_hash)
        except AnalyzerBuildError as exc:
            if not self._cancelled:  # stopped on purpose: nothing to report
                self._result.problems.append(
                    Problem(
                        "",
                        "init-hazard analysis did not run: the analyzer could not be built "
                        f"with {self.go} (--go-binary / ini go_binary): {exc} {_OFF_HINT}",
                    )
                )
            return None

    def _worth_starting(self) -> bool:
        """Whether to start the analysis now. Always, unless it is a first run's that nobody
        waits for (warn mode): then once the tests will likely outlast it (``analysis_fits``),
        and never if they end first (or the run is stopped): it would be stopped at their end,
        its work lost, having slowed them. The next run (its analyzer built) does it, and
        waits for it, as every run after a change to the module's sources does."""
        if not (self.background and self._first_build and self.tests_progress is not None):
            return True
        while not self._cancelled:
            fits = analysis_fits(self.tests_progress(), _FIRST_ANALYSIS_SECONDS)
            if fits is not None:
                return fits
            self._build_stop.pause(_PACE_POLL_SECONDS)  # ends early on cancel
        return False

    def _binary(self, settings: GoSettings, source_hash: str) -> AnalyzerBinary:
        def on_build(marked: float | None) -> None:
            # This process builds it: a first run, unless an earlier run wanted it and ended
            # without it (decided again: that run may have ended while this one waited for
            # the lock).
            self._first_build = not self._earlier_run_marked(marked)

        if not analyzer_path(self.cache, settings.version, source_hash).is_file():
            self._stage = BUILD_STAGE  # built here, or another process's build waited for
        try:
            return ensure_analyzer(
                self.go,
                settings.version,
                source_dir=self.source_dir,
                source_hash=source_hash,
                cache=self.cache,
                stop=self._build_stop,
                on_build=on_build,
                settings=settings,
            )
        except AnalyzerBuildError:
            if not self._build_stop.stopped:
                self._wanted = None  # failed by itself: the next run need not wait for it
            raise
        finally:
            self._stage = ANALYSIS_STAGE

    def _collect(self, request: ModuleRequest, report: HazardReport) -> None:
        self._result.findings.extend(report.findings)
        for error in report.errors:
            self._problem(
                request,
                f"init-hazard analysis could not check "
                f"{error.package or request.module_root}: {error.message}",
                error.package or "",
            )

    def _problem(self, request: ModuleRequest, text: str, package: str = "") -> None:
        self._result.problems.append(Problem(str(request.module_root / "go.mod"), text, package))

    def _analyse(self, binary: AnalyzerBinary, request: ModuleRequest) -> HazardReport | None:
        args = [str(binary.path), "-C", str(request.module_root)]
        tags = self.toolchain.tags  # --go-flags, ini go_flags or $GOFLAGS
        if tags:
            args += ["-tags", tags]
        # -goversion: the version go env gave this run; the analyzer need not ask go again.
        if not self._links_strings:
            args.append("-no-linker-strings")  # string vars keep their declared values
        args += ["-go", self.go, "-goversion", binary.go_version, "-json", *request.import_paths]
        with self._lock:
            if self._cancelled:
                return None
            try:
                process = spawn_group(args, request.module_root, self.environ)
            except OSError as exc:
                self._problem(
                    request,
                    f"init-hazard analysis did not run in {request.module_root}: cannot start "
                    f"{binary.path}: {exc} {_OFF_HINT}",
                )
                return None
            self._process = process
        if self.background and self._first_build:
            lower_priority(process, self._build_stop.pause)
        self._result.analyzer_runs += 1
        try:
            stdout, stderr = process.communicate(timeout=self.analyzer_seconds)
        except subprocess.TimeoutExpired:
            kill_group(process)
            process.communicate()
            with self._lock:
                self._process = None
            self._problem(
                request,
                f"init-hazard analysis stopped in {request.module_root}: the analyzer ran "
                f"for more than {self.analyzer_seconds:g} s, where modules take seconds; "
                "that is a defect of pytest-gotest's analyzer: please report it, naming the "
                f"module. The tests' results are not affected. {_OFF_HINT}",
            )
            return None
        release_group(process)
        with self._lock:
            self._process = None
            cancelled = self._cancelled
        if cancelled:
            return None
        if process.returncode != 0:
            detail = stderr.strip()[-_STDERR_SHOWN:] or "(no message on stderr)"
            self._problem(
                request,
                f"init-hazard analyzer failed in {request.module_root} "
                f"(exit status {process.returncode}): {detail} {_OFF_HINT}",
            )
            return None
        try:
            return parse_report(stdout)
        except AnalyzerOutputError as exc:
            self._problem(
                request,
                f"init-hazard analyzer output unreadable in {request.module_root}: {exc} "
                f"{_OFF_HINT}",
            )
            return None


def analysis_fits(runners: Sequence[ProgressSnapshot], seconds: float) -> bool | None:
    """Whether the tests will likely run ``seconds`` more, by each runner's pace so far: True
    when one will (or has run that long before its pace could be trusted), or when no runner has
    packages to go by; False when every runner is done; None while it cannot tell yet (ask
    again: a module with one slow package among quick ones shows it only as time passes)."""
    busy = [runner for runner in runners if runner.total > 0 and runner.done < runner.total]
    if not busy:
        return not any(runner.total > 0 for runner in runners)
    for runner in busy:
        remaining = _trusted_remaining(runner)
        if (runner.elapsed if remaining is None else remaining) >= seconds:
            return True
    return None


def _trusted_remaining(runner: ProgressSnapshot) -> float | None:
    """The runner's extrapolated remaining time, once enough packages are done to go by: a
    quarter of them, at least two. The first package's time holds the build of every package
    (go builds them all before most runs), so a pace from it alone overstates the rest:
    goldmark with ``-count=1``, 1 of 11 packages done after 0.4 s said 4.0 s more, and the run
    ended 1.0 s later, its first-run analysis having taken 0.4 s of it."""
    if runner.done < max(_MIN_PACE_PACKAGES, runner.total // 4):
        return None
    return runner.expected_remaining()
