"""The plugin objects of a configured session: registered by ``hooks.pytest_configure``.

Kept apart from the entry point (``hooks``) so that importing the entry point is cheap: pytest
imports every plugin before it parses the command line, and a ``go test`` started early
(``early_start``) starts no sooner than that import ends.
"""

from __future__ import annotations

import gc
import os
import sys
import types
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any

import pytest

from . import programs, sigterm
from .errors import report_raised_warnings
from .excluded import ExcludedGoFile
from .hazards import HazardHooks
from .htmlreport import HtmlSubtestRows, wants_html_rows
from .interrupted import report_finished_packages
from .nodes import GoTestFile, GoTestItem
from .norecurse import enters_go_package_dir, python_files_skipped
from .progress import ProgressDisplay, make_display
from .protocol import GoItemProtocol
from .reporting import GoReporting, GoSubtestReport
from .roles import PAYLOAD_KEY, XdistController, choose_role
from .session import GoSession, create_session
from .split import SplitDurations, wants_split_durations
from .stopping import stop_reason
from .subtest_ids import redundant_subtest_items, settled_ancestors
from .timeouts import TimeoutHooks
from .unbuilt import UnbuiltPackages
from .xdist import is_xdist_worker, speaks_for_all_workers


def configure(config: pytest.Config) -> None:
    """Create the run's session and register every plugin object it needs."""
    go = create_session(config)
    controller = bool(getattr(config.option, "numprocesses", None)) and not is_xdist_worker(
        config
    )  # an xdist controller collects nothing
    if not controller:
        go.begin_prelude(config.args, config.invocation_params.dir)
    manager = config.pluginmanager
    manager.register(RunHooks(go), "gotest-run")
    unbuilt = UnbuiltPackages()  # what the reports say; the hazard warnings read it
    manager.register(
        GoReporting(config, expands=not is_xdist_worker(config), unbuilt=unbuilt),
        "gotest-reporting",
    )
    manager.register(programs, "gotest-go-programs")
    if not is_xdist_worker(config):
        manager.register(LastFailedSettler(), "gotest-last-failed")
    manager.register(
        HazardHooks(go.hazards, lambda: (go.role.name, go.role.reports), unbuilt),
        "gotest-init-hazards",
    )
    if go.timeouts.active:
        # Go items are timed by Go (-timeout), not by pytest-timeout: plugin/timeouts.py.
        manager.register(TimeoutHooks(), "gotest-timeout")
    if go.coverage is not None:
        from .cov import GoCoverageHooks

        manager.register(GoCoverageHooks(go.coverage, lambda: go.role.reports), "gotest-cov")
        if manager.hasplugin("_cov"):
            from .covbridge import PytestCovBridge  # imports coverage.py: only when needed

            manager.register(PytestCovBridge(go.coverage), "gotest-pytest-cov")
    if wants_split_durations(config):
        # pytest-split's --store-durations: Go's times, no subtest entries (plugin/split.py).
        manager.register(SplitDurations(config), "gotest-split-durations")
    if wants_html_rows(config):
        # pytest-html lists a test when its teardown arrives; Go subtests have none.
        manager.register(HtmlSubtestRows(config), "gotest-html")
    if manager.hasplugin("xdist"):
        from .xdist import XdistScheduling

        manager.register(XdistScheduling(go.module_of_directory), "gotest-xdist")


class RunHooks:
    """The run loop, item by item, and what xdist's controller hears from its workers."""

    def __init__(self, go: GoSession) -> None:
        self.go = go
        self.progress: ProgressDisplay | None = None
        self.protocol: GoItemProtocol | None = None  # decided at the first Go item
        self._started: pytest.Item | None = None  # the item the run loop is at (any kind)
        # Directories pytest's default norecursedirs skips, entered for their Go packages.
        self._entered_for_go: list[Path] = []

    def pytest_report_header(self, config: pytest.Config) -> list[str]:
        line = self.go.isolation.header()  # --go-isolate
        return [line] if line else []

    def pytest_plugin_registered(self, plugin: object) -> None:
        # A conftest imported during collection (after the session started: this hook also
        # replays earlier registrations) may have rewritten Go files (go generate).
        if self.go.pytest_session is None or not isinstance(plugin, types.ModuleType):
            return
        path = getattr(plugin, "__file__", None)
        if isinstance(path, str) and os.path.basename(path) == "conftest.py":
            self.go.conftest_imported(Path(path))

    @pytest.hookimpl(wrapper=True)
    def pytest_ignore_collect(
        self, collection_path: Path, config: pytest.Config
    ) -> Generator[None, bool | None, bool | None]:
        ignored = yield
        if not self.go.options.enabled:
            return ignored
        # pytest's default norecursedirs skips build/, dist/, venv/: Go package names too.
        if ignored and enters_go_package_dir(
            collection_path, config, self.go.discovery.module_root
        ):
            self._entered_for_go.append(collection_path)
            return None
        if (
            not ignored
            and self._entered_for_go
            and python_files_skipped(collection_path, self._entered_for_go)
        ):
            return True
        return ignored

    def pytest_collect_file(
        self, file_path: Path, parent: pytest.Collector
    ) -> GoTestFile | ExcludedGoFile | None:
        if not file_path.name.endswith("_test.go"):
            if file_path.name == "go.mod" and self.go.options.enabled:
                self.go.note_module_file(file_path)  # a module maybe without a test file
            return None
        go = self.go
        if not go.options.enabled or file_path.name.startswith(("_", ".")):
            return None
        if go.walked_into_ignored_dir(file_path):
            return None  # a fixture module under testdata/, vendor/, _x/ or .x/
        # Only files that Go's own build includes (go list decides: build constraints, -tags,
        # testdata/, vendor/, _ and . directories, nested modules); problems surface in collect().
        if not go.includes(file_path):
            if go.excluded_but_named(file_path):  # why go leaves it out (plugin/excluded.py)
                flags = " ".join(go.options.flags.test_flags)
                return ExcludedGoFile.from_parent(parent, path=file_path, flags=flags)
            return None
        return GoTestFile.from_parent(parent, path=file_path, go_run=go)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.go.pytest_session = session
        self.go.role = choose_role(session.config)
        # xdist's controller too: signalled alone (kill PID), it would end at once and leave
        # its workers, and their go processes, running; as a KeyboardInterrupt it stops them.
        sigterm.install(session.config)
        if self.go.role.runs_go and self.go.role.reports:
            # Here, outside output capture: the display pins the terminal reporter's stream.
            self.progress = make_display(session.config, self.go.options.progress)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        # After -k and --deselect: a subtest item whose test is selected too would run twice.
        redundant = redundant_subtest_items(items)
        if redundant:
            dropped = {id(item) for item in redundant}
            items[:] = [item for item in items if id(item) not in dropped]
            config.hook.pytest_deselected(items=redundant)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not is_xdist_worker(session.config):  # a worker's are its controller's to report
            report_raised_warnings(session, "GoTestWarning", self.go.outside.raised)
        self.go.subtest_requests.save()
        self.go.sharding.save()
        self.go.run_order.save()

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_collection(self, session: pytest.Session) -> Generator[None, object, object]:
        tuned = _tune_for_collection() if self.go.options.go and self.go.options.enabled else None
        try:
            return (yield)
        finally:
            if tuned is not None:
                _thaw(tuned)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        # Listings and scans made by this collection are stored for the next run.
        self.go.save_collect_cache()
        if speaks_for_all_workers(session.config):
            self.go.outside.warn()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        go = self.go
        completed = False
        try:
            go_on = bool(go.options.go and go.options.enabled)
            if go_on:
                # --collect-only too: nothing runs, and an interpreter whose 20,000 items are
                # frozen exits without walking and freeing them (0.4-0.6 s at 20,000 items).
                _freeze_long_lived(session.config, session.items)
            if go_on and not session.config.option.collectonly:
                go.role.begin(go, session.items)
            elif go_on and go.options.init_hazards_explicit:
                # --collect-only with --go-init-hazards given: the analysis alone, no test.
                go.analyse_collected(session.items)
            try:
                result = yield
            except KeyboardInterrupt as interrupt:
                # Ctrl-C or SIGTERM; not session.Interrupted (a KeyboardInterrupt too): a
                # plugin's deliberate stop (--stepwise, shouldstop) reports nothing more.
                if (
                    go_on
                    and not session.config.option.collectonly
                    and not isinstance(interrupt, session.Interrupted)
                ):
                    report_finished_packages(go, session, self._started, self._report_only)
                raise
            _freeze_results(session.config)
            completed = not (session.shouldfail or session.shouldstop)
            # -x/--maxfail do not wait for an unfinished analysis (stop() cancels it).
            go.finish_hazards(wait=completed)
            return result
        finally:
            go.role.end(go, completed)
            # -x, --maxfail, Ctrl-C and the normal end all pass here: no go process outlives it.
            go.stop()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> bool | None:
        self._started = item
        if not isinstance(item, GoTestItem):
            return None
        self.go.role.next_item(self.go, item, nextitem)
        if self.progress is not None:
            # Before the terminal reporter writes this item's name (tryfirst): the wait
            # for Go, with its display, happens between two of pytest's writes.
            self.go.await_package(item, self.progress)
        protocol = self.protocol
        if protocol is None:
            protocol = self.protocol = GoItemProtocol(item.config)
        if not protocol.usable or not protocol.takes(item):
            return None  # pytest's own protocol
        protocol.run(item, nextitem)
        return True

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        session = self.go.pytest_session
        if self.go.stopped_at != nodeid or session is None:
            return
        if not (session.shouldfail or session.shouldstop):
            # Go was stopped for a failure that was to end the run, and it did not (a hook
            # changed the report): the packages go did not finish have no result to report.
            session.shouldstop = stop_reason(nodeid)

    def _report_only(self, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        """An item whose package go test finished, reported after an interrupt: through
        this plugin's protocol even where pytest-rerunfailures would take it (its rerun would
        need the go test the interrupt stopped), else pytest's."""
        protocol = self.protocol
        if protocol is None:
            protocol = self.protocol = GoItemProtocol(item.config)
        if protocol.usable:
            protocol.run(item, nextitem)
        else:
            item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        for command, text in self.go.unattributed_output():
            # Never dropped: non-JSON lines after a go process's last package result.
            terminalreporter.write_sep("-", "go output after the last package result")
            terminalreporter.write_line(command)
            terminalreporter.write(text)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: Sequence[str]) -> None:
        role = self.go.role
        if isinstance(role, XdistController):
            role.collection_finished(self.go, ids)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        role = self.go.role
        output = getattr(node, "workeroutput", None)
        if isinstance(role, XdistController) and isinstance(output, dict):
            worker = str(getattr(getattr(node, "gateway", None), "id", None) or "worker")
            role.worker_done(self.go, worker, output.get(PAYLOAD_KEY))


def _freeze_long_lived(config: pytest.Config, items: Sequence[pytest.Item]) -> None:
    """Before a run (or a --collect-only) of Go tests only: what exists now (modules, the
    config, the items) lives until the end, so the garbage collector need not walk it again
    and again. A run of tens of thousands of Go results allocates objects by the hundred
    thousand (folded events, outcomes, reports): on expr's cached run the collector took
    about 0.2 s of the 1.4 s of CPU, half of it with this. Never with Python tests in the
    session: a test may expect an object created at import time to be collected (a weakref
    checked after ``gc.collect()``). Undone at the very end (a cleanup registered at
    configure time runs after pytest's own final collections), so an in-process pytest
    leaves nothing frozen; the ``pytest`` command's process exits frozen
    (``_process_ends_with_session``)."""
    if not items or not all(isinstance(item, GoTestItem) for item in items):
        return
    config.stash[_FROZEN_KEY] = _freeze_and_batch()


def _tune_for_collection() -> tuple[int, ...] | None:
    """While pytest collects: what exists (modules, plugins, the config) is frozen and young
    objects are collected every 10,000 allocations instead of 700. Collection allocates
    objects by the hundred thousand (nodes, their keywords, ids, stashes) that all live on,
    so the collector's passes find almost nothing: at 20,000 Go tests they took 0.16 s of
    CPU, 0.04 s tuned. Undone when collection ends (``_thaw``), before
    any test runs, so it holds for sessions with Python tests too: what a test may expect
    to be collected is back in the collector's reach by then. Not when something else froze
    objects already (its freeze is not ours to undo)."""
    if gc.get_freeze_count():
        return None
    return _freeze_and_batch()


def _freeze_and_batch() -> tuple[int, ...]:
    """Freeze what exists and collect young objects in batches of 10,000 allocations, not
    700: most of what follows lives on (items, outcomes, reports), so early passes find
    little. The threshold before, for ``_thaw``."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    return threshold


def _thaw(threshold: tuple[int, ...]) -> None:
    gc.set_threshold(*threshold)
    gc.unfreeze()


def _freeze_results(config: pytest.Config) -> None:
    """After a frozen run: its results (outcomes, reports) live until the end too. pytest
    collects garbage several times when the session ends (looking for unraisable exceptions
    of Python tests, which this session has none of); frozen, they walk none of it."""
    if _FROZEN_KEY in config.stash:
        gc.freeze()


def unfreeze(config: pytest.Config) -> None:
    """Undo ``_freeze_long_lived`` (a cleanup registered at configure time)."""
    threshold = config.stash.get(_FROZEN_KEY, None)
    if threshold is not None and not _process_ends_with_session():
        _thaw(threshold)


def _process_ends_with_session() -> bool:
    """Whether this session is the ``pytest`` command's, whose process exits right after it:
    the innermost pytest session on the stack (``_main``) was started by the command's entry
    point. What stays frozen is then never walked and freed one by one by the interpreter's
    shutdown: at 20,000 Go tests that shutdown cost 0.4-0.6 s of CPU. In-process runs
    (``pytest.main``: pytester, IDE runners, even inside a ``pytest`` command) leave nothing
    frozen."""
    # Private names: since pytest 9.1 ``_console_main`` calls ``_main``, before that
    # ``console_main`` called ``main``. When they are gone, every session unfreezes.
    import _pytest.config

    def code(name: str) -> object:
        return getattr(getattr(_pytest.config, name, None), "__code__", None)

    session_code = code("_main") or code("main")
    entry_codes = {code("_console_main"), code("console_main")} - {None}
    frame = sys._getframe(1)
    while frame is not None and session_code is not None:
        if frame.f_code is session_code:
            caller = frame.f_back
            return caller is not None and caller.f_code in entry_codes
        frame = frame.f_back  # type: ignore[assignment]
    return False


_FROZEN_KEY = pytest.StashKey[tuple[int, ...]]()


class LastFailedSettler:
    """Keeps pytest's last-failed list true to Go's subtests, on the process that writes
    reports (xdist's controller has no items, only reports):

    - with ``--lf``, a test whose failed subtests ran alone (subtest items) and no longer
      fail is no longer failed either (a Go test fails when one of its subtests does), or
      the next ``--lf`` would run it whole; unless it failed in this run (on its own:
      ``ItemResult.failed_above``);
    - a Go test or subtest that passed passed with every subtest it has: the ids of
      subtests below it that are still listed are of subtests renamed or removed since, and
      would make every later ``--lf`` run a subtest Go no longer has;
    - a subtest item whose test Go ran and passed without it (``go_subtest_missing``: an
      error at setup when named on the command line, a skip otherwise) asks for a subtest
      that is gone: its id leaves the list, and the tests above it as for a subtest item
      that ran."""

    def __init__(self) -> None:
        self.ran: list[str] = []  # subtest items
        self.passed: list[str] = []  # Go items that passed
        self.failed: set[str] = set()  # Go reports that failed
        self.missing: set[str] = set()  # subtest items of subtests Go does not have

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        name = getattr(report, "go_test_name", None)
        if name is None:
            return
        if getattr(report, "go_subtest_missing", False):
            if report.nodeid not in self.missing:
                self.missing.add(report.nodeid)
                self.ran.append(report.nodeid)
            return
        if report.failed:
            self.failed.add(report.nodeid)
        if report.when != "call" or isinstance(report, GoSubtestReport):
            return
        if "/" in str(name):
            self.ran.append(report.nodeid)
        if report.passed:
            self.passed.append(report.nodeid)

    @pytest.hookimpl(tryfirst=True)  # before the cacheprovider stores lastfailed
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        lf = session.config.pluginmanager.get_plugin("lfplugin")
        lastfailed = getattr(lf, "lastfailed", None)  # LFPlugin's own dict: no public API
        if not isinstance(lastfailed, dict) or not lastfailed:
            return
        listed = [str(key) for key in lastfailed if str(key) not in self.missing]
        gone = (set(settled_ancestors(listed, self.ran)) - self.failed) | self.missing
        if self.passed:
            below = {nodeid + "/" for nodeid in self.passed}
            gone.update(key for key in listed if "/" in key and key.startswith(tuple(below)))
        for key in [key for key in lastfailed if str(key) in gone]:
            del lastfailed[key]
