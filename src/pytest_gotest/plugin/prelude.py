"""What a session starts before collection ends: ``go list`` of the command line's modules,
and go test's head start.

pytest spends its first few hundred milliseconds loading plugins and collecting Python files
on one thread. ``go list`` of each module the command line names runs beside that (on a
thread per module), so collection finds the listing ready; once a module is listed, go test
of the packages collection is expected to run starts too (``plugin/head_start.py``), or
already started as pytest loaded this plugin, from what the same invocation ran last time
(``plugin/early_start.py``). The runner adopts that process when the run loop starts
(``claim``), or it is stopped (``drop``): collection errors and Ctrl-C end a session before
its run loop.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from pytest_gotest.core.data_files import data_changed_between
from pytest_gotest.core.discovery import Discovery, GoListError
from pytest_gotest.core.head_start import HeadStart
from pytest_gotest.core.runner import GoOrder
from pytest_gotest.core.toolchain import GoToolchain

from . import early_start
from .head_start import RememberedPackages, head_start_directory, head_start_packages

__all__ = ["Prelude"]

# A file written just before go test started may carry a stamp a little later than the
# launch (file system timestamps are coarser than the clock): counted as after it.
DATA_CLOCK_SLACK_NS = 20_000_000


def pytest_outputs(config: pytest.Config) -> list[Path]:
    """Files pytest and common plugins write during a run (its log file, reports): their
    changes are nobody's test data."""
    found: list[Path] = []
    for option in ("log_file", "xmlpath", "htmlpath", "json_report_file", "report_log"):
        value = getattr(config.option, option, None)
        if isinstance(value, str) and value:
            found.append(Path(config.invocation_params.dir, value).resolve())
    with contextlib.suppress(ValueError, KeyError):
        log_file = config.getini("log_file")
        if isinstance(log_file, str) and log_file:
            found.append(Path(config.rootpath, log_file).resolve())
    return found


class Prelude:
    """The listers and the head start of one session."""

    def __init__(
        self,
        config: pytest.Config,
        discovery: Discovery,
        list_module: Callable[[Path], None],
        cache_dir: Callable[[], Path | None],
        go_order: GoOrder,
    ) -> None:
        """``discovery`` is the run's (its first mode's); ``list_module`` lists a module
        root in every mode; ``cache_dir`` is where the collection
        cache lives, None when it is off; ``go_order`` orders a head start's packages as the
        runner orders a batch's."""
        self._config = config
        self._discovery = discovery
        self._list_module = list_module
        self._cache_dir = cache_dir
        self._go_order = go_order
        self._listers: list[threading.Thread] = []
        # Where the head start runs go test (None: no head start in this run), and the
        # process until the runner claims it.
        self._head_dir: Path | None = None
        self._head: HeadStart | None = None
        # The head start launched as pytest loaded this plugin, before any conftest ran.
        self._early: HeadStart | None = None
        # When configuration began (begin): the conftests imported before it had ended.
        self._configured_ns = 0
        self._memory: RememberedPackages | None = None
        self._untested = False

    def begin(
        self,
        toolchain: GoToolchain,
        args: Sequence[str],
        invocation_dir: Path,
        *,
        plain_run: bool,
        untested: bool,
    ) -> bool:
        """Start ``go list`` for the modules the command line names, and the head start
        when ``plain_run`` (nothing in the run that a head start cannot do); ``untested``:
        packages without tests are built too. Whether the command line named any module."""
        self._configured_ns = time.time_ns()
        roots: dict[Path, None] = {}
        for arg in args:
            path = (invocation_dir / arg.split("::", 1)[0]).resolve()
            directory = path if path.is_dir() else path.parent
            root = self._discovery.module_root(directory) if directory.exists() else None
            if root is not None:
                roots[root] = None
        self._untested = untested
        self._head_dir = head_start_directory(self._config, plain_run=plain_run)
        if self._head_dir is not None:
            self._config.add_cleanup(self.drop)
            self._start_remembered(toolchain, list(roots), self._head_dir)
        for root in roots:
            thread = threading.Thread(
                target=self._list_quietly, args=(toolchain, root), daemon=True, name="gotest-list"
            )
            thread.start()
            self._listers.append(thread)
        return bool(roots)

    def _list_quietly(self, toolchain: GoToolchain, root: Path) -> None:
        self._list_module(root)
        if self._head_dir is not None:
            # A listing that failed is reported by collection, which asks again.
            with contextlib.suppress(GoListError):
                self._start(root, self._head_dir, toolchain)

    def _start_remembered(self, toolchain: GoToolchain, roots: list[Path], directory: Path) -> None:
        """At configure time, before the listing is known: go test of the packages the last
        head start for this directory ran (plugin/head_start.py), if any are remembered."""
        cache_dir = self._cache_dir()
        if cache_dir is None or len(roots) != 1:
            return
        if self._discovery.module_root(directory) != roots[0]:
            return
        self._memory = RememberedPackages(cache_dir, roots[0], directory)
        packages = self._memory.packages()
        if not packages:
            return
        # Started even earlier, as pytest loaded this plugin, when this exact invocation
        # made this head start last time (plugin/early_start.py).
        early = early_start.claim(self._config)
        ordered = self._go_order(roots[0], packages)
        self._head = HeadStart.reuse_or_spawn(early, toolchain, ordered, roots[0])
        if early is not None and self._head is early:
            self._early = early

    def _start(self, root: Path, directory: Path, toolchain: GoToolchain) -> None:
        """On the lister thread, once the module's listing is known: go test of the packages
        collection is expected to run (plugin/head_start.py). A remembered head start that
        runs exactly that goes on; another is stopped."""
        if self._discovery.module_root(directory) != root:
            return
        listing = self._discovery.module(root)
        norecursedirs = self._config.getini("norecursedirs")
        packages = head_start_packages(listing, directory, norecursedirs, self._untested)
        if not all(p.module_root == listing.root for p in listing.packages.values()):
            packages = []
        ordered = self._go_order(listing.root, packages)
        newest = listing.newest_change_ns
        early = self._early
        conftests_ended = early_start.last_conftest_ns()
        if early is not None and self._head is early and conftests_ended:
            # Launched before the conftests ran: one may have written a test's data files
            # (fixtures it generates), which that go test read as they were. Changes after
            # the last of them was imported are that go test's own (a golden file a test
            # writes): counting them would restart it on every run.
            written = data_changed_between(
                listing.root,
                early.launched_ns - DATA_CLOCK_SLACK_NS,
                min(conftests_ended, self._configured_ns) + DATA_CLOCK_SLACK_NS,
                pytest_outputs(self._config),
            )
            if written is not None:
                newest = max(newest or 0, written)
        self._head = HeadStart.reuse_or_spawn(self._head, toolchain, ordered, listing.root, newest)
        if self._memory is not None:  # the collection cache is on
            self._memory.remember(packages)
            # In this run's order even when a head start in an earlier one was kept (it
            # runs the same packages): the next run starts that.
            early_start.remember(self._config, self._head, HeadStart.command(toolchain, ordered))

    def claim(self) -> HeadStart | None:
        """The head start's process, for the runner to adopt (once)."""
        if self._head_dir is None:
            return None
        self.wait_for_listers()
        head, self._head = self._head, None
        return head

    def sources_changed(self, newest_change_ns: int) -> None:
        """A conftest imported during collection changed Go sources at ``newest_change_ns``
        (``Discovery.outdated_below``): a head start launched before that may have compiled
        the old code, and is stopped (the runner starts go test afresh)."""
        self.wait_for_listers()  # a lister thread may be about to adopt or spawn one
        head = self._head
        if head is not None and head.predates(newest_change_ns):
            self._head = None
            head.abandon()

    def conftest_ran(self, directory: Path) -> None:
        """A conftest in ``directory`` was imported during collection: if it wrote data
        files of the head start's module below it after the head start launched, that go
        test read them as they were, and is stopped. Only the part of the module below the
        conftest is looked through (a conftest of Python tests beside the module: nothing)."""
        self.wait_for_listers()
        head = self._head
        if head is None:
            return
        below, module = directory.resolve(), head.cwd
        if module == below or below in module.parents:
            below = module  # a conftest above the module: its whole tree
        elif module not in below.parents:
            return  # not in the module: nothing of its go test's data
        written = data_changed_between(
            below,
            head.launched_ns - DATA_CLOCK_SLACK_NS,
            time.time_ns(),
            pytest_outputs(self._config),
        )
        if written is not None:
            self.sources_changed(written)

    def drop(self) -> None:
        """Stop a head start nobody claimed."""
        head = self.claim()
        if head is not None:
            head.abandon()

    def wait_for_listers(self) -> None:
        for thread in self._listers:
            thread.join()
