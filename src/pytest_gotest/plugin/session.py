"""The per-run session object: discovery, the runner's lifetime, and each package's verdict.

Registered in ``pytest_configure`` and kept in ``config.stash``; no module-level state. Items
get it injected (``nodes.GoRun``). It plans one job per package from the selected items
(``plugin/package_plan.py``), starts go for them and waits for a package's verdict when its
first item sets up. What pytest reports of each item's phases, from that verdict, is its
``phases`` (``plugin/item_results.py``); what starts before collection ends is its
``prelude`` (``plugin/prelude.py``); the packages without tests that go test builds too are
its ``untested`` (``plugin/untested.py``).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest

from pytest_gotest.core.collect_cache import CollectCache
from pytest_gotest.core.discovery import Discovery, GoListError, GoPackage, ignored_dir_name
from pytest_gotest.core.modes import MODES, GoMode, ModeProbe
from pytest_gotest.core.outcome import PackageVerdict, TestSlot
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.package_run import PackageRun
from pytest_gotest.core.progress import ProgressSnapshot
from pytest_gotest.core.resolve import resolve
from pytest_gotest.core.runner import PackageJob, Runner
from pytest_gotest.core.shard import merge_verdicts
from pytest_gotest.core.toolchain import GoToolchain

from . import early_start
from .hazards import HazardGate, terminal_wait_note
from .isolation import GoIsolation
from .item_results import ItemPhases
from .nodes import GoTestItem
from .options import GoOptions, go_missing_message, read_options, spill_dir
from .outside import OutsideModules
from .package_plan import PackagePlan, plan_key
from .prelude import Prelude
from .run_order import RunOrder
from .sharding import ShardPlanner
from .stopping import StopPlan, stop_plan
from .subtest_ids import SubtestRequests
from .timeouts import GoTimeouts
from .untested import UntestedBuild, UntestedPackages, argument_directories

if TYPE_CHECKING:
    from .cov import GoCoverageSession
    from .progress import ProgressDisplay

__all__ = [
    "SESSION_KEY",
    "GoSession",
    "get_coverage_session",
    "get_session",
]

SESSION_KEY = pytest.StashKey["GoSession"]()
# -x/--maxfail: what may stop the run at an item's package (GoSession._stop_plan).
_STOP_PLAN_KEY = pytest.StashKey["StopPlan | None"]()


class GoRole(Protocol):
    """The process's role in the run (``roles``): chosen once, when the session starts."""

    name: str
    runs_go: bool
    reports: bool

    def begin(self, go: GoSession, items: Sequence[pytest.Item]) -> None: ...
    def next_item(self, go: GoSession, item: pytest.Item, nextitem: pytest.Item | None) -> None: ...
    def end(self, go: GoSession, completed: bool) -> None: ...


class _NoRole:
    """Before the session starts (pytest_unconfigure after a usage error may still ask)."""

    name = "none"
    runs_go = False
    reports = False

    def begin(self, go: GoSession, items: Sequence[pytest.Item]) -> None:
        pass

    def next_item(self, go: GoSession, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        pass

    def end(self, go: GoSession, completed: bool) -> None:
        pass


def get_session(config: pytest.Config) -> GoSession:
    return config.stash[SESSION_KEY]


def get_coverage_session(config: pytest.Config) -> GoCoverageSession | None:
    """The run's Go coverage session (``add_profile``...); None when --go-cov is off."""
    go = config.stash.get(SESSION_KEY, None)
    return None if go is None else go.coverage


class GoSession:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.options: GoOptions = read_options(config)
        go = self.options.go
        # --go-modes (core/modes.py): the first mode's toolchain and discovery are the run's
        # own (``native`` alone, the default: the toolchain as configured, nothing else).
        self.modes: tuple[GoMode, ...] = self.options.modes
        self.mode_names = tuple(mode.name for mode in self.modes)
        self.multi_mode = len(self.modes) > 1
        base = GoToolchain(go, self.options.flags) if go is not None else None
        self.base_toolchain = base  # as configured, whatever the modes (go_cover_build)
        # --go-isolate: probed here, so that a machine without namespaces stops the run now.
        # Every mode's go test runs through the launcher (it runs go's own executor of a
        # wasm mode inside the namespace).
        self.isolation = GoIsolation.setup(config, self.options, base)
        isolated = self.isolation.apply(base)
        self._probe = ModeProbe(isolated) if isolated is not None else None
        listed = self.modes[0]
        if self.multi_mode and self._probe is not None and self._probe.unavailable(listed):
            # A first mode that cannot run here is listed in the native build context, as
            # every such mode is (discovery_for): go list in its own may fail outright.
            listed = MODES["native"]
        self.toolchain: GoToolchain | None = (
            self._probe.toolchain(listed) if self._probe is not None else None
        )
        self.discovery = Discovery(
            self.toolchain, CollectCache(self._cache_locator(listed)), named=self._named_files
        )
        self._discoveries: dict[str, Discovery] = {self.modes[0].name: self.discovery}
        # Packages without tests that go test builds too (untested_jobs).
        self.untested = UntestedPackages(config, self.discovery)
        # What each package took last time: go is given long runs first (core/schedule.py).
        self.run_order = RunOrder(config)
        first_mode = self.modes[0].name
        # go list and go test begun before collection ends (plugin/prelude.py).
        self.prelude = Prelude(
            config,
            self.discovery,
            self._list_module,
            lambda: self.cache_dir() if self.options.collect_cache else None,
            lambda root, packages: self.run_order.order(root, packages, first_mode),
        )
        self._unavailable: dict[str, str | None] = {}
        self._runners: dict[str, Runner] = {}
        self._limits: CaptureLimits | None = None
        self._problems_reported: set[str] = set()
        self.outside = OutsideModules(config.rootpath)
        self._plans: dict[tuple[str, Path, str], PackagePlan] = {}
        # xdist scopes whose planned packages this worker started together (start_scope).
        self._scopes_started: set[str] = set()
        self._directory_modules: dict[str, str | None] = {}  # module_of_directory's answers
        self._walked_modules: dict[Path, None] = {}  # note_module_file
        self._job_modes: dict[int, str] = {}  # id(planned job) -> its mode, for start()
        self.unattributed_from_workers: list[tuple[str, str]] = []
        self.pytest_session: pytest.Session | None = None
        # The item at whose Go failure every go process was stopped (-x: stop_at_failure).
        self.stopped_at: str | None = None
        self._positions: dict[int, int] | None = None  # id(item) -> place in session.items
        # -x/--maxfail: a failure may end the run (plugin/stopping.py).
        self.may_stop_early = (config.getoption("maxfail", 0) or 0) > 0
        self.role: GoRole = _NoRole()
        self.coverage: GoCoverageSession | None = None
        if self.options.coverage is not None:
            from .cov import GoCoverageSession  # with --go-cov only: coverage math is big

            # Every mode's profile joins one merge, which needs one cover mode: -race forces
            # atomic, so with a race mode every mode writes atomic.
            race = self._probe is not None and "race" in self.mode_names
            self.coverage = GoCoverageSession(
                self.options.coverage,
                self._probe.toolchain(MODES["race"]) if race and self._probe else self.toolchain,
                default_dir=lambda: _basetemp_child(config, "gotest-cov"),
            )
            self.coverage.finisher = self._finish_for_coverage
        self.hazards = HazardGate(
            self.options.init_hazards,
            self.options.init_hazards_allow,
            config.rootpath,
            tests_progress=self.tests_progress,
            # Every wait for the analysis says so on the terminal when it lasts.
            wait_note=lambda: terminal_wait_note(config),
        )
        self._hazards_pending: list[tuple[str, GoPackage]] = []  # planned, not begun yet
        self.timeouts = GoTimeouts(config)
        self.subtest_requests = SubtestRequests(config)
        self.sharding = ShardPlanner(config, self.options.shard, self.options.jobs, self.toolchain)
        # Each item's setup, call and teardown, from its package's verdict.
        self.phases = ItemPhases(self)

    # -- collection ----------------------------------------------------------------------------

    def _cache_locator(self, mode: GoMode) -> Callable[[], Path | None] | None:
        """Where a mode's collection cache lives: a module's entry is per module root, so
        each mode other than the first has a directory of its own."""
        if not self.options.collect_cache:
            return None
        if mode is self.modes[0]:
            return self.cache_dir

        def locate() -> Path | None:
            directory = self.cache_dir()
            return None if directory is None else directory / f"mode-{mode.name}"

        return locate

    def discovery_for(self, mode: str) -> Discovery:
        """The discovery of a mode (go list for its build context), made on first use.

        A mode this machine cannot run is collected from the run's own listing: its tests
        are skipped at setup with the reason (``setup_item``), and go list in its build
        context may fail outright (``-race is not supported on linux/386``), which would
        error the whole file, the runnable modes' tests with it."""
        discovery = self._discoveries.get(mode)
        if discovery is None:
            assert self._probe is not None
            spec = MODES[mode]
            if self.mode_unavailable(mode) is not None:
                discovery = self.discovery
            else:
                discovery = Discovery(
                    self._probe.toolchain(spec),
                    CollectCache(self._cache_locator(spec)),
                    named=self._named_files,
                )
            self._discoveries[mode] = discovery
        return discovery

    def conftest_imported(self, path: Path) -> None:
        """A conftest module imported during collection, after the modules were listed (the
        rootdir's and the command line's are imported before). One that generates Go code
        (``go generate``) rewrites files as it is imported: its module is listed again, so
        that the files collected below it are collected as they now are, and a head start
        that may have compiled them before is stopped."""
        if self.toolchain is None or not self.options.enabled:
            return
        for discovery in self.discoveries():
            changed_ns = discovery.outdated_below(path.parent)
            if changed_ns is not None:
                self.prelude.sources_changed(changed_ns)
        self.prelude.conftest_ran(path.parent)  # data files it may have written

    def discoveries(self) -> list[Discovery]:
        return list({id(d): d for d in self._discoveries.values()}.values())

    def save_collect_cache(self) -> None:
        for discovery in self.discoveries():
            discovery.save_cache()

    def mode_unavailable(self, mode: str) -> str | None:
        """Why a mode cannot run on this machine (with the fix), or None."""
        if mode not in self._unavailable:
            probe = self._probe
            self._unavailable[mode] = None if probe is None else probe.unavailable(MODES[mode])
        return self._unavailable[mode]

    def mode_packages(self, path: Path) -> list[tuple[str, GoPackage]]:
        """Multi-mode collection: each mode whose build includes this test file, with the
        mode's package (its own file set)."""
        found = []
        for name in self.mode_names:
            package = self.discovery_for(name).package_for(path)
            if package is not None:
                found.append((name, package))
        return found

    def begin_prelude(self, args: Sequence[str], invocation_dir: Path) -> None:
        """At configure time: go list of the modules the command line names, go test's head
        start when nothing in the run stops one (plugin/prelude.py), and the analyzer's
        build for a first run."""
        if self.toolchain is None or not self.options.enabled:
            return
        options = self.options
        plain_run = (
            options.batch
            and not self.multi_mode
            and self.coverage is None
            and options.shard is None
            and options.isolate == "off"
            and self.hazards.mode != "error"
        )
        untested = options.untested == "build"
        named = self.prelude.begin(
            self.toolchain, args, invocation_dir, plain_run=plain_run, untested=untested
        )
        if named and (not self.config.option.collectonly or options.init_hazards_explicit):
            # A first run builds the analyzer now, beside collection's single Python thread,
            # rather than beside go test (plugin/hazards.py).
            self.hazards.prepare(self.toolchain)

    def _list_module(self, root: Path) -> None:
        """go list of a module root in every mode, on a prelude thread. A failure is
        reported by collection, which asks again (the result is cached)."""
        for mode in self.mode_names:
            with contextlib.suppress(GoListError):
                self.discovery_for(mode).listing(root)

    def cache_dir(self) -> Path | None:
        """Where the collection cache lives: pytest's cache directory, when the cacheprovider
        plugin is active (``-p no:cacheprovider`` turns the collection cache off too). Made
        only once a Go module is listed."""
        cache = getattr(self.config, "cache", None)
        if cache is None:
            return None
        return Path(cache.mkdir(early_start.COLLECT_CACHE_NAME))

    def includes(self, path: Path) -> bool:
        """Whether collection should look at this test file: Go's build includes it, or it is
        the file through which a problem (no go, unreadable module, a package go list
        rejected) gets reported."""
        if self.discovery.module_root(path.parent) is None:
            self.outside.note(path)  # no module: go test cannot run it (plugin/outside.py)
            return False
        try:
            if self.package_for(path) is not None:
                return True
            if self.multi_mode and self.toolchain is not None and self.mode_packages(path):
                return True  # a file only another mode builds (x_js_test.go)
            problems = self.problems_for(path)
        except GoListError as exc:
            return str(exc) not in self._problems_reported
        return any(problem not in self._problems_reported for problem in problems)

    def first_report_of(self, problem: str) -> bool:
        """True the first time ``problem`` is reported in this run."""
        if problem in self._problems_reported:
            return False
        self._problems_reported.add(problem)
        return True

    def requested_subtests(self, path: Path, import_path: str) -> tuple[list[str], frozenset[str]]:
        """Subtest ids asked for in this file, and the tests --lf replaces by them."""
        modes = self.mode_names if self.multi_mode else ()
        return self.subtest_requests.for_file(path, import_path, modes)

    def excluded_but_named(self, path: Path) -> bool:
        """A test file named on the command line (``pytest x_test.go[::TestX]``) that Go's
        build leaves out here (build constraints, a GOOS/GOARCH suffix), in a directory go
        does not ignore (plugin/excluded.py). Asked only of files ``includes`` refused."""
        if self.toolchain is None or self.discovery.module_root(path.parent) is None:
            return False
        return path.resolve() in self._named_files and not self.discovery.ignored_by_go(path)

    @functools.cached_property
    def _named_files(self) -> frozenset[Path]:
        """The paths the command line names (node ids without their ``::`` part), resolved."""
        invocation = self.config.invocation_params.dir
        return frozenset((invocation / arg.split("::", 1)[0]).resolve() for arg in self.config.args)

    def package_for(self, path: Path) -> GoPackage | None:
        if self.toolchain is None:
            if self.discovery.ignored_by_go(path):
                return None
            raise GoListError(go_missing_message(self.options))
        package = self.discovery.package_for(path)
        if package is None and self._named_through_symlink(path):
            # `pytest linked` with linked -> real: go's ./... lists the package by its real
            # path (and a walk of the whole tree collects it there, once). Named on the
            # command line, the link stands for the real package: go test ./linked runs it.
            package = self.discovery.package_for(path.resolve())
        return package

    def _named_through_symlink(self, path: Path) -> bool:
        """Whether the command-line argument ``path`` was reached from is, or is below, a
        symbolic link (below the rootdir)."""
        anchor = self._argument_of(path)
        if anchor is None:
            return False
        root = self.config.rootpath
        for candidate in (anchor, *anchor.parents):
            if candidate == root or root not in candidate.parents:
                return False
            if candidate.is_symlink():
                return True
        return False

    def _argument_of(self, path: Path) -> Path | None:
        """The command-line path collection reached ``path`` from: the deepest one at or
        above it (pytest's initial paths; None outside them, or before the session)."""
        initial = getattr(self.pytest_session, "_initialpaths", None) or ()
        anchors = [p for p in initial if p == path or p in path.parents]
        return max(anchors, key=lambda p: len(p.parts)) if anchors else None

    def problems_for(self, path: Path) -> list[str]:
        """go list's errors that this test file reports (a directory Go rejected)."""
        if self.toolchain is None:
            return []
        return self.discovery.problems_for(path)

    # -- running -------------------------------------------------------------------------------

    @property
    def keep_passed_output(self) -> bool:
        """Whether a report will show the output of Go tests that passed: JUnit (system-out),
        ``-rP``/``-rA``, and pytest-html's and pytest-json-report's files (a passing Python
        test's captured stdout is in both). Otherwise it is dropped as it arrives (a cached
        replay of a large module is tens of megabytes of output nobody reads)."""
        option = self.config.option
        chars = getattr(option, "reportchars", "") or ""
        return (
            bool(getattr(option, "xmlpath", None))
            or "P" in chars
            or "A" in chars
            or bool(getattr(option, "htmlpath", None))  # pytest-html's --html
            or bool(getattr(option, "json_report", False))  # pytest-json-report
        )

    @property
    def limits(self) -> CaptureLimits:
        # Built on first use, not at configure time: pytest's temp-path factory (where huge
        # output is spilled) only exists after its own pytest_configure has run.
        if self._limits is None:
            self._limits = CaptureLimits(self.options.capture_bytes, spill_dir(self.config))
        return self._limits

    @property
    def runner(self) -> Runner:
        """The first mode's runner (the only one without --go-modes)."""
        return self.runner_for(self.mode_names[0])

    def runner_for(self, mode: str) -> Runner:
        """A mode's runner: its go test processes run with the mode's toolchain, so its
        packages, batches and results never mix with another mode's."""
        runner = self._runners.get(mode)
        if runner is None:
            toolchain = self.discovery_for(mode).toolchain
            assert toolchain is not None
            runner = self._runners[mode] = Runner(
                toolchain,
                self.options.jobs,
                self.limits,
                batch=self.options.batch,
                cover_args=self.coverage.cover_args if self.coverage else None,
                keep_passed_output=self.keep_passed_output,
                on_process_end=self.coverage.go_test_ended if self.coverage else None,
                go_order=lambda root, packages: self.run_order.order(root, packages, mode),
                track_ends=self.may_stop_early,  # a failure after passes may end the run
            )
        return runner

    def tests_progress(self) -> list[ProgressSnapshot]:
        """Where each mode's runner stands (any thread may ask)."""
        return [runner.progress.snapshot() for runner in list(self._runners.values())]

    def plan(self, items: Sequence[pytest.Item]) -> list[PackageJob]:
        """One job per package, in the order pytest reaches the packages' first items."""
        selected: dict[tuple[str, Path, str], list[GoTestItem]] = {}
        for item in items:
            if isinstance(item, GoTestItem):
                key = plan_key(item)
                selected.setdefault(key, []).append(item)
        jobs: list[PackageJob] = []
        for key, package_items in selected.items():
            if key in self._plans:
                jobs.append(self._plans[key].job)
                continue
            package = package_items[0].package
            all_tests = frozenset(package.test_names())
            names = frozenset(i.run_name for i in package_items)
            job = PackageJob(
                import_path=package.import_path,
                module_root=package.module_root,
                all_tests=all_tests,
                selected=None if names >= all_tests else names,
                timeout=self._package_timeout(package_items),
                shards=self.sharding.layout(package, names, key[0]),
            )
            slots = tuple(dict.fromkeys(i.slot for i in package_items))
            self._plans[key] = PackagePlan(
                job, slots, package_items[-1].nodeid, key[0], str(package.dir)
            )
            self._job_modes[id(job)] = key[0]
            if self.mode_unavailable(key[0]) is None:
                jobs.append(job)  # a mode that cannot run here is skipped at setup
        if self.toolchain is not None and selected:
            packages = [(key[0], items[0].package) for key, items in selected.items()]
            if self.hazards.mode == "error":
                self._begin_hazards(packages)  # start() waits for its findings
            elif self.hazards.enabled:
                # Beside go test, never before it: begun once go test has started (start()),
                # so that neither its imports nor its thread delay go test's start.
                self._hazards_pending.extend(packages)
        return jobs

    def _begin_pending_hazards(self) -> None:
        if self._hazards_pending and self.toolchain is not None:
            packages, self._hazards_pending = self._hazards_pending, []
            self._begin_hazards(packages)

    def _begin_hazards(self, packages: Sequence[tuple[str, GoPackage]]) -> None:
        """The analysis of the first mode's packages; with --go-modes, of every other mode
        whose file set differs (its own analysis, its findings joined)."""
        first = self.mode_names[0]
        assert self.toolchain is not None
        self.hazards.begin(self.toolchain, self.discovery, [p for m, p in packages if m == first])
        for mode in self.mode_names[1:]:
            own = [p for m, p in packages if m == mode]
            if own and self.mode_unavailable(mode) is None:
                self.hazards.begin_mode(self.discovery_for(mode), own, self.discovery)

    def analyse_collected(self, items: Sequence[pytest.Item]) -> None:
        """``--collect-only`` with the analysis asked for: analyse the collected packages'
        test binaries and wait for the findings (shown at session finish, as in a run)."""
        if self.toolchain is None or not self.hazards.enabled or self.role.name == "controller":
            return
        packages: dict[tuple[Path, str], GoPackage] = {}
        for item in items:
            if isinstance(item, GoTestItem):
                packages.setdefault(
                    (item.package.module_root, item.package.import_path), item.package
                )
        if not packages:
            return
        self.hazards.analysis_only = True
        self.hazards.begin(self.toolchain, self.discovery, packages.values())
        self.hazards.result()

    def _package_timeout(self, items: Sequence[pytest.Item]) -> float | None:
        """Go's ``-timeout`` for a binary running these items: from pytest-timeout's limits,
        which it does not apply to Go items itself (``plugin/timeouts.py``)."""
        runs = self.toolchain.runs_per_test if self.toolchain is not None else None
        return self.timeouts.package_timeout(items, runs)

    def start(self, jobs: Sequence[PackageJob], mode: str | None = None) -> None:
        """Start go for these jobs (error mode: a package whose binary runs hazardous init
        code is not started at all). Jobs this session planned go to their mode's runner;
        others (untested packages for coverage) to ``mode``'s, by default the first mode's."""
        jobs = [job for job in jobs if not self.hazards.blocking(job.import_path)]
        if not self.multi_mode:
            head = self.prelude.claim()
            if jobs:
                self.runner.submit(jobs, head)
            elif head is not None:
                head.abandon()
            self._begin_pending_hazards()
            return
        by_mode: dict[str, list[PackageJob]] = {}
        for job in jobs:
            name = self._job_modes.get(id(job), mode or self.mode_names[0])
            by_mode.setdefault(name, []).append(job)
        for name, mode_jobs in by_mode.items():
            self.runner_for(name).submit(mode_jobs)
        self._begin_pending_hazards()

    @property
    def untested_wanted(self) -> bool:
        """Whether packages without tests are built: ``--go-untested=build``, or --go-cov."""
        return self.coverage is not None or self.options.untested == "build"

    def untested_jobs(
        self, roots: Sequence[Path], counted: Sequence[Path] = ()
    ) -> list[PackageJob]:
        """Packages of these modules without tests, which ``go test ./...`` builds too
        (plugin/untested.py): with ``--go-untested=build`` (the default), so that one that
        does not build fails the run, and with --go-cov, so that they count at 0%, as do
        packages whose tests are all deselected. ``counted``: modules run for --go-cov's
        count alone (their tests all deselected): their builds are the coverage's to name."""
        if not self.untested_wanted:
            return []
        directories = argument_directories(self.config)
        deselected = self._deselected
        jobs = self.untested.jobs(roots, directories, deselected)
        return jobs + self.untested.jobs(counted, directories, deselected, counted=True)

    @property
    def _deselected(self) -> Callable[[GoPackage], bool] | None:
        """With --go-cov: whether a package with tests has none planned (``-k``, ``--lf``
        left them all out), which go test -cover still counts at 0%."""
        if self.coverage is None:
            return None
        planned = {(key[1], key[2]) for key in self._plans}
        return lambda package: (package.module_root, package.import_path) not in planned

    def note_module_file(self, go_mod: Path) -> None:
        """A ``go.mod`` that collection walked past: a module whose packages go test ./...
        builds even when it has no test file (which alone would have it listed). Not one
        that go's ``./...`` from a directory above would skip (``testdata``, ``vendor``,
        ``_`` and ``.`` directories: fixtures)."""
        if not self.walked_into_ignored_dir(go_mod):
            self._walked_modules[go_mod.parent] = None

    def walked_into_ignored_dir(self, path: Path) -> bool:
        """Whether collection reached ``path`` through a directory that go's ``./...`` never
        enters (``testdata``, ``vendor``, ``_`` and ``.`` directories) below the command-line
        argument it walked from: a Go module kept there is a fixture (of a Go test, or of a
        Python one), which go test from above never runs. Named on the command line, or
        walked from inside it, it runs as ``go test ./...`` there would."""
        start = self._argument_of(path) or self.config.rootpath
        try:
            parts = path.parent.relative_to(start).parts
        except ValueError:
            return False
        return any(ignored_dir_name(part) for part in parts)

    def modules_no_item_brings(self) -> tuple[list[Path], list[Path]]:
        """The modules whose packages without tests are built although none of their Go
        tests runs here, and those run for --go-cov's count alone.

        Built: a module none of whose packages declares a Go test (its test files hold
        helpers, or only names go does not take, ``Testlower``; or it has no test file,
        ``note_module_file``): ``go test ./...`` there builds every package and vets the
        test files, and fails on what does not build. Counted: with --go-cov, a module
        whose tests were all deselected, which ``go test -run X -cover ./...`` counts at
        0%. (``untested_jobs`` keeps the packages under the command line's directories; a
        module go cannot list is reported by ``untested``.)"""
        built: list[Path] = []
        counted: list[Path] = []
        roots = dict.fromkeys(self.discovery.module_roots())  # resolved, as go sees them
        if self.toolchain is not None:
            roots.update(dict.fromkeys(root.resolve() for root in self._walked_modules))
        for root in roots:
            try:
                packages = self.discovery.listing(root).values()
            except GoListError as exc:
                if str(exc) not in self._problems_reported:  # no test file carried it
                    self.untested.list_failed(root, str(exc))
                continue
            if not any(p.test_names() for p in packages):
                built.append(root)
            elif self.coverage is not None:
                counted.append(root)
        return built, counted

    def untested_builds(self) -> list[UntestedBuild]:
        """After a run loop that ran to its end: the packages without tests and, for each
        whose build failed, Go's words (plugin/untested.py)."""
        if self.options.untested != "build":
            return []
        return self.untested.builds(
            lambda job: self._resolve(self.runner.result(job), []),
            # --go-init-hazards=error did not start a package it blocks.
            started=lambda import_path: not self.hazards.blocking(import_path),
        )

    def _finish_for_coverage(self) -> None:
        """Before profiles are read: let go finish writing them (unless the run was stopped
        early: -x, --maxfail, Ctrl-C), and hand over the package directories go list saw."""
        assert self.coverage is not None
        session = self.pytest_session
        stopped = session is not None and bool(session.shouldstop or session.shouldfail)
        if not stopped:
            for runner in list(self._runners.values()):
                runner.wait_all()
        if stopped:
            self.coverage.warnings.append(
                "the run stopped early (-x, --maxfail or Ctrl-C): Go coverage holds only the "
                "packages whose go test run had finished"
            )
        for discovery in self.discoveries():  # a mode may list a package the others do not
            self.coverage.add_package_dirs({p.import_path: p.dir for p in discovery.packages()})

    def prefetch(self, item: pytest.Item | None) -> None:
        """Start the package of the next item early (xdist workers start lazily)."""
        if isinstance(item, GoTestItem):
            plan = self._plans.get(plan_key(item))
            if plan is not None and self.mode_unavailable(plan.mode) is None:
                self.start([plan.job])

    def start_scope(self, item: pytest.Item | None, scope_of: Callable[[str], str | None]) -> None:
        """Start, in one go, every planned package whose tests share the item's xdist scope
        (``plugin/xdist.py``: a module). The worker holds all of that scope's tests, so it
        runs them as ``go test ./...`` would, one invocation, not one per package. The scope
        is computed here as the controller computed it, from the node ids."""
        if not isinstance(item, GoTestItem):
            return
        scope = scope_of(item.nodeid)
        if scope is None or scope in self._scopes_started:
            return
        self._scopes_started.add(scope)
        jobs = [
            plan.job
            for plan in self._plans.values()
            if scope_of(plan.last_nodeid) == scope and self.mode_unavailable(plan.mode) is None
        ]
        if self.untested_wanted:
            # The module's packages without tests go into its invocation too, as go test
            # ./... builds them: this worker holds the module (the controller runs none).
            jobs += self.untested.jobs_of_module(item.package.module_root, self._deselected)
        self.start(jobs)

    def module_of_directory(self, directory: str) -> str | None:
        """The module root of a package directory as a node id spells it (relative to the
        rootdir): xdist's scope for its tests."""
        if directory not in self._directory_modules:
            path = Path(os.path.normpath(self.config.rootpath / directory))
            root = self.discovery.module_root(path)
            self._directory_modules[directory] = None if root is None else str(root)
        return self._directory_modules[directory]

    def await_package(self, item: GoTestItem, display: ProgressDisplay) -> None:
        """Before pytest reports anything about ``item``: wait for its package's result (if
        go runs it and it is not in yet) with the progress display on (plugin/progress.py)."""
        plan = self._plans.get(plan_key(item))
        runner = self._runners.get(item.mode)
        if plan is None or plan.verdict is not None or runner is None:
            return
        job = plan.job
        stop = self._stop_plan(item, plan)
        if stop is not None:  # -x: Go's results up to a failure that ends the run end it too
            settled = stop.failing_item
            display.wait(runner.progress, lambda wait: runner.wait_for_ends(job, settled, wait))
        else:
            display.wait(runner.progress, lambda wait: runner.wait_for(job, wait))

    def package_finished(self, item: GoTestItem) -> bool:
        """Whether go test finished ``item``'s package in this run, so that its result can
        be reported without running anything (plugin/interrupted.py)."""
        plan = self._plans.get(plan_key(item))
        runner = self._runners.get(plan.mode) if plan is not None else None
        return plan is not None and runner is not None and runner.finished(plan.job)

    def stop_quietly(self) -> None:
        """``stop``, without the progress display's lines for the packages it cut short
        (an interrupt: the user stopped them)."""
        self.stop()
        for runner in list(self._runners.values()):
            runner.progress.take_finished()

    def stop(self) -> None:
        self.prelude.drop()
        self.hazards.cancel()
        for runner in list(self._runners.values()):
            runner.cancel()

    def stop_at_failure(self, item: GoTestItem, plan: PackagePlan) -> None:
        """-x/--maxfail, at the first item of a package: when Go has ended the tests of the
        items pytest reports next, up to a failure that will end the run, while the rest of
        the package still runs (a slow test after it, other packages of its go process),
        every go process is stopped now instead of at the end of the package
        (plugin/stopping.py). The package is then resolved from what Go said until then:
        those tests passed, were skipped or failed as Go ended them (a fail is final); pytest
        stops after the failing one, before the tests that were cut off."""
        if plan.verdict is not None:
            return
        stop = self._stop_plan(item, plan)
        if stop is None:
            return
        runner = self.runner_for(plan.mode)
        runner.wait_for_ends(plan.job, stop.failing_item)
        failing = runner.ended_early(plan.job, stop.failing_item)
        if failing is None:
            return  # the package ended first: its verdict as usual
        self.stopped_at = failing.nodeid
        for each in list(self._runners.values()):
            each.cancel()

    def _stop_plan(self, item: GoTestItem, plan: PackagePlan) -> StopPlan | None:
        """What -x/--maxfail may stop the run at, from ``item`` (its package's first item)
        on: the items after it in ``session.items``, which pytest runs in that order. Made
        once per item: the wait for its package asks, then its setup."""
        if not self.may_stop_early:
            return None
        if _STOP_PLAN_KEY not in item.stash:
            key = plan_key(item)
            toolchain = self.discovery_for(plan.mode).toolchain
            runs = toolchain.runs_per_test if toolchain is not None else None

            def same_package(other: GoTestItem) -> bool:
                return plan_key(other) == key

            item.stash[_STOP_PLAN_KEY] = stop_plan(item, self._following, same_package, runs)
        return item.stash[_STOP_PLAN_KEY]

    def _following(self, item: pytest.Item) -> Iterator[pytest.Item]:
        """The items after ``item`` in ``session.items`` (none when it is not there)."""
        items = item.session.items
        if self._positions is None:  # once per run, and only under -x/--maxfail
            self._positions = {id(each): place for place, each in enumerate(items)}
        place = self._positions.get(id(item))
        if place is None or place >= len(items) or items[place] is not item:
            return iter(())
        return (items[i] for i in range(place + 1, len(items)))

    def unattributed_output(self) -> list[tuple[str, str]]:
        """Text go printed after its last package result, which no test report can show
        (with what xdist workers sent)."""
        own = [pair for runner in list(self._runners.values()) for pair in runner.unattributed]
        return own + self.unattributed_from_workers

    def finish_hazards(self, wait: bool) -> None:
        """End of the run loop: wait for the analysis unless the run was stopped early (then
        only a finished analysis is used) or, in warn mode, the analyzer is still being built
        (its first run)."""
        gate = self.hazards
        if wait:
            self._begin_pending_hazards()  # planned, but no go test was started
        if not gate.started:
            return
        if wait and gate.mode == "warn":
            # A first run must not wait seconds for the analyzer's own build (go/types and
            # friends, never compiled by go test) when nothing depends on the findings.
            gate.finish_without_the_build()
        elif wait or gate.done:
            gate.result()

    def read_to_end(self) -> None:
        """Normal end of the run loop: read the go processes to their end, so that what they
        printed after their last result is known."""
        for runner in list(self._runners.values()):
            if self.coverage is not None:
                runner.wait_all()  # go writes the merged profile when it exits
            else:
                runner.wait_started()

    # -- the items' verdicts (asked by the item side, plugin/item_results.py) --------------------

    def plan_for(self, item: GoTestItem) -> PackagePlan:
        key = plan_key(item)
        plan = self._plans.get(key)
        if plan is None:
            # Not planned (e.g. an item run outside the run loop): plan from the session.
            self.plan(item.session.items)
            plan = self._plans[key]
        return plan

    def package_verdict(self, plan: PackagePlan) -> PackageVerdict:
        """The package's verdict: from its one go process, or merged from its shards'
        (--go-shard), each resolved with the tests it ran."""
        pieces = []
        for names, run in self.runner_for(plan.mode).results(plan.job):
            slots = plan.slots if names is None else [s for s in plan.slots if s.name in names]
            piece = self._resolve(run, slots, plan.mode, plan.source_dir)
            self.sharding.measured(plan.job, run, piece.cached, plan.mode)
            self.run_order.measured(plan.job, run, piece.cached, plan.mode)
            pieces.append(piece)
        return merge_verdicts(pieces, plan.slots)

    def _resolve(
        self,
        run: PackageRun,
        slots: Sequence[TestSlot],
        mode: str | None = None,
        source_dir: str = "",
    ) -> PackageVerdict:
        toolchain = self.toolchain if mode is None else self.discovery_for(mode).toolchain
        assert toolchain is not None
        try:
            return resolve(
                run,
                slots,
                toolchain.runs_per_test,
                shuffled=toolchain.shuffled,
                source_dir=source_dir,
            )
        finally:
            run.close()

    def rerun(self, item: GoTestItem, plan: PackagePlan) -> PackageVerdict:
        """pytest-rerunfailures and friends: run this one test again, for real."""
        job = PackageJob(
            plan.job.import_path,
            plan.job.module_root,
            plan.job.all_tests,
            frozenset({item.run_name}),
            timeout=self._package_timeout([item]),
        )
        run = self.runner_for(item.mode).run_now(job)
        return self._resolve(run, [item.slot], source_dir=plan.source_dir)

    def setup_item(self, item: GoTestItem) -> None:
        self.phases.setup(item)

    def run_item(self, item: GoTestItem) -> None:
        self.phases.call(item)

    def teardown_item(self, item: GoTestItem) -> None:
        self.phases.teardown(item)


def _basetemp_child(config: pytest.Config, name: str) -> Path | None:
    directory = spill_dir(config)
    return None if directory is None else directory.parent / name


def create_session(config: pytest.Config) -> GoSession:
    session = GoSession(config)
    config.stash[SESSION_KEY] = session
    return session
