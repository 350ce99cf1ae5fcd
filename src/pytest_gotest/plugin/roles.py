"""The process's role in the run, chosen once: single process, xdist controller or worker.

Each role is a small strategy (``session.GoRole``) with the same three moments, so the rest of
the plugin never asks "am I a worker?":

- ``begin``: the run loop starts (``session.items`` is final);
- ``next_item``: an item is about to run;
- ``end``: the run loop is over (normally or not).

A single process plans every package and starts go at once. An xdist worker starts go when a
module's first item arrives: under the plugin's scheduler it holds the module's every Go test
(``plugin/xdist.py``) and starts all of its packages in one invocation; under a ``--dist`` mode
the user chose, a package at a time. Either way the next item's module or package starts
ahead of it. At the end it sends the controller one ``WorkerPayload`` under one
``workeroutput`` key. The controller runs no Go
tests; it receives payloads and, with ``--go-cov``, runs the packages without tests of the
modules the workers collected (their statements count at 0%).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pytest

from pytest_gotest.core.runner import PackageJob

from .session import GoSession
from .untested import UntestedBuild, report_builds
from .xdist import (
    go_scope,
    holds_whole_modules,
    is_xdist_worker,
    speaks_for_all_workers,
)

__all__ = ["PAYLOAD_KEY", "WorkerPayload", "choose_role"]

PAYLOAD_KEY: Final = "gotest"


@dataclass
class WorkerPayload:
    """Everything a worker hands the controller, as plain data (execnet carries it)."""

    # (command, text): go output after the last package result of a worker's processes.
    unattributed: list[tuple[str, str]] = field(default_factory=list)
    coverage: dict[str, Any] | None = None  # GoCoverageSession.export()
    hazards: dict[str, Any] | None = None  # HazardGate.worker_payload()
    module_roots: list[str] = field(default_factory=list)  # modules the worker listed
    # The packages without tests that the worker built (plugin/untested.py), as wire data.
    untested: list[dict[str, Any]] = field(default_factory=list)
    # Warnings a filter (-W error) raised on the worker, for the controller to report.
    raised_warnings: list[str] = field(default_factory=list)

    def to_wire(self) -> dict[str, Any]:
        return {
            "unattributed": [list(pair) for pair in self.unattributed],
            "coverage": self.coverage,
            "hazards": self.hazards,
            "module_roots": self.module_roots,
            "untested": self.untested,
            "raised_warnings": self.raised_warnings,
        }

    @classmethod
    def from_wire(cls, data: object) -> WorkerPayload:
        if not isinstance(data, Mapping):
            return cls()
        pairs = data.get("unattributed") or []
        coverage = data.get("coverage")
        hazards = data.get("hazards")
        return cls(
            unattributed=[
                (str(pair[0]), str(pair[1]))
                for pair in pairs
                if isinstance(pair, list | tuple) and len(pair) == 2
            ],
            coverage=coverage if isinstance(coverage, dict) else None,
            hazards=hazards if isinstance(hazards, dict) else None,
            module_roots=[str(root) for root in data.get("module_roots") or []],
            untested=[dict(b) for b in data.get("untested") or [] if isinstance(b, Mapping)],
            raised_warnings=[str(text) for text in data.get("raised_warnings") or []],
        )


class SingleProcess:
    name = "single"
    runs_go = True
    reports = True

    def begin(self, go: GoSession, items: Sequence[pytest.Item]) -> None:
        jobs = go.plan(items)
        jobs += _untested_jobs(go, jobs)
        if jobs:
            go.start(jobs)

    def next_item(self, go: GoSession, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        pass

    def end(self, go: GoSession, completed: bool) -> None:
        if completed:
            go.read_to_end()
            report_builds(go.config, go.pytest_session, go.untested_builds())


class XdistWorker:
    name = "worker"
    runs_go = True
    reports = False

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.whole_modules = holds_whole_modules(config)

    def begin(self, go: GoSession, items: Sequence[pytest.Item]) -> None:
        # Every worker collected every item but runs only those the controller sends it:
        # plan everything, start go when the first item of a module (or package) runs.
        jobs = go.plan(items)
        if speaks_for_all_workers(self.config):
            # Packages without tests go test ./... builds: the first worker builds those no
            # worker's items bring in (its payload carries what failed). A worker holding a
            # module builds the module's when its first item comes (next_item); a module
            # without any Go test (or, with --go-cov, none selected) sends no worker an item.
            untested = _untested_jobs(go, jobs, leave_planned=self.whole_modules)
            if untested:
                go.start(untested)

    def next_item(self, go: GoSession, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        if self.whole_modules:

            def scope_of(nodeid: str) -> str | None:  # as the controller's scheduler has it
                return go_scope(nodeid, go.module_of_directory)

            go.start_scope(item, scope_of)
            go.start_scope(nextitem, scope_of)
        else:
            go.prefetch(nextitem)

    def end(self, go: GoSession, completed: bool) -> None:
        untested: list[dict[str, Any]] = []
        if completed:
            go.read_to_end()
            # Logged by the controller (plugin/untested.py: xdist's worker cannot).
            untested = [build.to_wire() for build in go.untested_builds()]
        payload = WorkerPayload(
            unattributed=go.unattributed_output(),
            coverage=go.coverage.export() if go.coverage is not None else None,
            hazards=go.hazards.worker_payload() if go.hazards.has_result else None,
            module_roots=[str(root) for root in go.discovery.module_roots()],
            untested=untested,
            raised_warnings=go.outside.raised,
        )
        output = getattr(self.config, "workeroutput", None)
        if isinstance(output, dict):
            output[PAYLOAD_KEY] = payload.to_wire()


class XdistController:
    name = "controller"
    runs_go = False
    reports = True

    def __init__(self) -> None:
        self.payloads: list[tuple[str, WorkerPayload]] = []
        self._build_wait_told = False

    def begin(self, go: GoSession, items: Sequence[pytest.Item]) -> None:
        pass

    def next_item(self, go: GoSession, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        pass

    def collection_finished(self, go: GoSession, nodeids: Sequence[str]) -> None:
        """A worker's collection (xdist's ``pytest_xdist_node_collection_finished``)."""
        self._tell_build_wait(go, nodeids)

    def _tell_build_wait(self, go: GoSession, nodeids: Sequence[str]) -> None:
        """The workers that run Go tests will wait for the init-hazard analyzer's build (a
        minute on a small machine) where no terminal shows it: said here, once, as soon as a
        worker has collected Go tests."""
        if self._build_wait_told or not go.hazards.enabled:
            return
        if not any(".go::" in nodeid for nodeid in nodeids):
            return
        self._build_wait_told = True
        reporter = go.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is None:
            return
        note = go.hazards.workers_build_note()
        if note is not None:
            reporter.write_line(note)

    def worker_done(self, go: GoSession, worker: str, data: object) -> None:
        payload = WorkerPayload.from_wire(data)
        self.payloads.append((worker, payload))
        go.unattributed_from_workers.extend(payload.unattributed)
        go.outside.raised.extend(payload.raised_warnings)
        if go.coverage is not None and payload.coverage is not None:
            go.coverage.import_worker(payload.coverage, worker)
        if payload.hazards is not None:
            go.hazards.add_worker_payload(payload.hazards)
        if go.coverage is not None:
            go.coverage.add_module_roots(Path(root) for root in payload.module_roots)
        builds = [UntestedBuild.from_wire(data) for data in payload.untested]
        report_builds(go.config, go.pytest_session, builds)

    def end(self, go: GoSession, completed: bool) -> None:
        if completed:
            go.read_to_end()
            report_builds(go.config, go.pytest_session, go.untested_builds())


def choose_role(config: pytest.Config) -> SingleProcess | XdistWorker | XdistController:
    """Decided once, when the session starts (xdist registers its controller plugin during
    pytest_configure, possibly after ours)."""
    if is_xdist_worker(config):
        return XdistWorker(config)
    if config.pluginmanager.hasplugin("dsession"):
        return XdistController()
    return SingleProcess()


def _untested_jobs(
    go: GoSession, jobs: Sequence[PackageJob], *, leave_planned: bool = False
) -> list[PackageJob]:
    """The packages without tests a run builds: those of its Go tests' modules (unless
    ``leave_planned``: the worker holding a module builds them), and those of modules no
    item brings in (``GoSession.modules_no_item_brings``)."""
    if not go.untested_wanted:
        return []
    planned = dict.fromkeys(job.module_root for job in jobs)
    built, counted = go.modules_no_item_brings()
    roots = [] if leave_planned else list(planned)
    roots += [root for root in built if root not in planned]
    counted = [root for root in counted if root not in planned]
    return go.untested_jobs(roots, counted)
