"""Packages without Go tests that do not build: an error of their own, as go test fails.

``go test ./...`` builds every package it matches, also those without test files (and runs
the test binaries of those whose test files declare no test), and exits 1 when one does not
build: a compile error in a command nobody tests fails its run. pytest has no item for such
a package (``UntestedPackages.jobs`` has go build it in the module's invocation), so after
the run loop each one that failed is reported as an error at setup of the node id
``DIR/FILE.go::go-build`` (the package's first Go file): the terminal's error count and short
summary, the JUnit file (classname: the import path) and the exit status carry it as they
carry a test's. A package that builds adds no report, as ``? pkg [no test files]`` adds no
result; it only leaves pytest's last-failed list, so that ``--lf`` forgets a fixed build.
``--go-untested=skip`` leaves such packages out, as the plugin did before.

Under xdist a worker that built them cannot log a report for a node id that is not its
current item (xdist asserts it): it hands the results to the controller in its payload, and
the controller logs them (``roles.XdistController.worker_done``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pytest_gotest.core.discovery import Discovery, GoListError, GoPackage
from pytest_gotest.core.explain import Explanation, build_failure
from pytest_gotest.core.outcome import PackageVerdict
from pytest_gotest.core.runner import PackageJob

from .collected_count import note_added
from .nodes import GoFailureRepr, tb_style

__all__ = [
    "BUILD_NAME",
    "UntestedBuild",
    "UntestedPackages",
    "argument_directories",
    "report_builds",
]

BUILD_NAME = "go-build"


@dataclass(frozen=True)
class UntestedBuild:
    """A package without tests that go test built: its node id, and Go's words when the
    build failed (None: it built)."""

    nodeid: str
    path: str  # its first Go file (the report's location)
    import_path: str
    failure: Explanation | None

    @classmethod
    def of(
        cls, config: pytest.Config, package: GoPackage, failure: Explanation | None
    ) -> UntestedBuild:
        files = sorted(package.go_files) or ["go.mod"]
        path = package.dir / files[0]
        relpath = os.path.relpath(path, config.rootpath).replace(os.sep, "/")
        if failure is not None:
            directory = os.path.dirname(relpath) or "."
            hint = (
                f"{package.import_path} has no Go test; go test ./... builds it too, and fails "
                f"on it. To leave it out: --ignore={directory}, or --go-untested=skip for "
                "every package without tests."
            )
            failure = Explanation(failure.message, f"{failure.details.rstrip()}\n\n{hint}")
        return cls(f"{relpath}::{BUILD_NAME}", str(path), package.import_path, failure)

    @classmethod
    def unlisted(cls, config: pytest.Config, root: Path, text: str) -> UntestedBuild:
        """A module go list rejected (its go.mod does not parse...): go test ./... there
        fails before building anything."""
        path = root / "go.mod"
        relpath = os.path.relpath(path, config.rootpath).replace(os.sep, "/")
        failure = Explanation(text.splitlines()[0] if text else "go list failed", text)
        # No module path to name it by (go could not read it): its directory.
        name = os.path.dirname(relpath) or "."
        return cls(f"{relpath}::{BUILD_NAME}", str(path), name, failure)

    def to_wire(self) -> dict[str, Any]:
        failure = self.failure
        words = None if failure is None else [failure.message, failure.details]
        return {"nodeid": self.nodeid, "path": self.path, "pkg": self.import_path, "words": words}

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> UntestedBuild:
        words = data.get("words")
        failure = Explanation(str(words[0]), str(words[1])) if words else None
        return cls(str(data["nodeid"]), str(data["path"]), str(data["pkg"]), failure)


class UntestedPackages:
    """The packages without tests a process has go build, and what became of them."""

    def __init__(self, config: pytest.Config, discovery: Discovery) -> None:
        self._config = config
        self._discovery = discovery
        self._jobs: dict[tuple[str, Path], tuple[PackageJob, GoPackage]] = {}
        self._modules: set[Path] = set()  # an xdist worker's modules (jobs_of_module)
        self._list_failures: dict[Path, str] = {}  # list_failed

    def jobs(
        self,
        roots: Sequence[Path],
        directories: Sequence[Path],
        deselected: Callable[[GoPackage], bool] | None = None,
        *,
        counted: bool = False,
    ) -> list[PackageJob]:
        """Packages of these modules without tests, under the collected directories, which
        ``go test ./...`` builds too: packages without test files, and packages whose test
        files declare no test (only ``var _ I = (*T)(nil)``, helpers or benchmarks). They
        yield no pytest item, so nothing else plans them. Built so that one that does not
        build fails the run as it fails go test's; with --go-cov also so that their
        statements count at 0% as in ``go test -cover ./...`` (Go 1.22+ writes their
        zero-count blocks).

        ``deselected`` (--go-cov): whether a package with tests has none selected (``-k``,
        ``--lf``); such a package runs no test (``-run ^$``) and its statements count at 0%,
        as ``go test -run X -cover ./...`` keeps it. Its build is the coverage's to name,
        not an error: its tests were not asked for. ``counted``: the same for the packages
        without tests of these modules (--go-cov of a module whose tests were all
        deselected)."""
        extra: list[PackageJob] = []
        for root in roots:
            try:
                listing = self._discovery.listing(root)
            except GoListError:
                continue
            for package in listing.values():
                if package.list_error:
                    continue
                tests = package.test_names()
                if tests and (deselected is None or not deselected(package)):
                    continue
                directory = package.dir.resolve()
                base = next((d for d in directories if d in (directory, *directory.parents)), None)
                if base is None or self._collection_ignores(directory, base):
                    continue
                if tests:
                    extra.append(
                        PackageJob(
                            package.import_path, package.module_root, frozenset(tests), frozenset()
                        )
                    )
                    continue
                job = PackageJob(package.import_path, package.module_root, frozenset(), None)
                extra.append(job)
                if not counted:
                    self._jobs[(package.import_path, package.module_root)] = (job, package)
        return extra

    def list_failed(self, root: Path, text: str) -> None:
        """A module no test file brought in (no item of its could carry go list's error)
        that go cannot list: reported as its build would be, on its go.mod."""
        if any(d in (root, *root.parents) for d in argument_directories(self._config)):
            self._list_failures[root] = text

    def jobs_of_module(
        self, root: Path, deselected: Callable[[GoPackage], bool] | None = None
    ) -> list[PackageJob]:
        """An xdist worker holding a module: its packages without tests, the first time it
        is asked (the controller runs none then)."""
        if root in self._modules:
            return []
        self._modules.add(root)
        return self.jobs([root], argument_directories(self._config), deselected)

    def _collection_ignores(self, directory: Path, base: Path) -> bool:
        """Whether pytest, collecting the argument directory ``base``, would not recurse
        into ``directory`` below it (``norecursedirs``, ``--ignore``, ``--ignore-glob``, a
        conftest's ``collect_ignore``): its packages' tests would not be collected, so their
        build is not asked for either."""
        below = [directory, *directory.parents]
        hook = self._config.hook
        return any(
            hook.pytest_ignore_collect(collection_path=path, config=self._config)
            for path in reversed(below[: below.index(base)])
        )

    def builds(
        self,
        verdict_of: Callable[[PackageJob], PackageVerdict],
        started: Callable[[str], bool],
    ) -> list[UntestedBuild]:
        """After a run loop that ran to its end: each package asked for (``jobs``) whose go
        test was ``started``, with Go's words if its build failed. ``verdict_of`` waits for a
        package's result: go test builds them in the invocation of the module's other
        packages, as ``go test ./...`` does."""
        builds: list[UntestedBuild] = []
        for job, package in self._jobs.values():
            if not started(job.import_path):
                continue
            verdict = verdict_of(job)
            failed = verdict.context.build_root is not None
            words = build_failure(verdict.context) if failed else None
            builds.append(UntestedBuild.of(self._config, package, words))
        for root, text in self._list_failures.items():
            builds.append(UntestedBuild.unlisted(self._config, root, text))
        return builds


def argument_directories(config: pytest.Config) -> list[Path]:
    """The directories named on the command line (or testpaths): where packages without
    tests are built, and count for coverage."""
    invocation = config.invocation_params.dir
    directories = []
    for arg in config.args:
        path = (invocation / arg.split("::", 1)[0]).resolve()
        if path.is_dir():
            directories.append(path)
    return directories


def report_builds(
    config: pytest.Config, session: pytest.Session | None, builds: Sequence[UntestedBuild]
) -> None:
    """For each package that did not build, an error report (and the passing teardown that
    closes it, as pytest's runner logs one after a setup error); each that built leaves the
    last-failed list. On the process that reports: the single one, or xdist's controller."""
    failures = [build for build in builds if build.failure is not None]
    if failures and session is not None:
        # The terminal's progress is reports over collected items: count these in, or the
        # line of the first one ends in [200%].
        session.testscollected += len(failures)
        note_added(session, len(failures))
    for build in failures:
        _report(config, build)
    _forget_fixed(config, [build.nodeid for build in builds if build.failure is None])


def _report(config: pytest.Config, build: UntestedBuild) -> None:
    assert build.failure is not None
    hook = config.hook
    # The domain is the head line of its section ("ERROR at setup of ..."), as a Go test's
    # is its import path and name.
    location = (build.nodeid.split("::", 1)[0], None, f"{build.import_path}.{BUILD_NAME}")
    hook.pytest_runtest_logstart(nodeid=build.nodeid, location=location)
    for when, outcome in (("setup", "failed"), ("teardown", "passed")):
        failed = outcome == "failed"
        longrepr = (
            GoFailureRepr(build.failure, build.path, 1, tb_style(config), error=True)
            if failed
            else None
        )
        report = pytest.TestReport(
            build.nodeid,
            location,
            {BUILD_NAME: 1},
            outcome,  # type: ignore[arg-type]
            longrepr,
            when,  # type: ignore[arg-type]
        )
        # What reporting.py reads from a Go test's report: JUnit's classname and name, and
        # the package that did not build (no init-hazard warning repeats it).
        report.go_import_path = build.import_path  # type: ignore[attr-defined]
        report.go_test_name = BUILD_NAME  # type: ignore[attr-defined]
        if failed:
            report.go_build_root = build.import_path  # type: ignore[attr-defined]
        hook.pytest_runtest_logreport(report=report)
    hook.pytest_runtest_logfinish(nodeid=build.nodeid, location=location)


def _forget_fixed(config: pytest.Config, built: Sequence[str]) -> None:
    """pytest's last-failed plugin drops a node id when it passes; the node ids of packages
    that built have no passing report to give it, so a build fixed since the last run is
    dropped here."""
    plugin = config.pluginmanager.get_plugin("lfplugin")
    lastfailed = getattr(plugin, "lastfailed", None)  # private: guarded
    if not built or not isinstance(lastfailed, dict):
        return
    fixed = set(built)
    # Keys are node id strings, or pytest 9.2's NodeId objects, whose str() is the string.
    for key in [key for key in lastfailed if str(key) in fixed]:
        del lastfailed[key]
