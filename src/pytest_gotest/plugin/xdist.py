"""pytest-xdist: keep every Go module's tests on one worker, run as one ``go test``.

A Go package is one test binary: if two workers each got some of its tests, both would build
and run it (twice the time, TestMain twice, count-mode coverage counted twice). Nor is a
package per worker the right unit: each would be its own ``go test`` invocation, and one
invocation per package costs what ``go test ./...`` pays once (loading the module, hashing
every dependency for the test cache). On tetratelabs/wazero (82 packages) that made ``-n 2``
three times as slow as one process with Go's test cache answering, and 1.3x with ``-count=1``
(docs/performance.md). ``go test`` already keeps every core busy with its own ``-p``, so
spreading a module's packages over workers gains nothing.

So the default ``load`` mode gets a scheduler whose scope for a Go node id is its module (and
``--go-modes`` mode); every other test is its own scope, which schedules like ``load``. The
controller tells each worker so (``workerinput``), and a worker that holds a whole module
starts all of its packages in one invocation when the module's first item runs (``roles``).
xdist's own ``loadgroup`` cannot express this on pytest 9.2 (pytest-xdist#1386) and
``loadfile`` splits a package by file (docs/internals/pytest.md); with those, or any mode the
user chose, a worker starts a package at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import pytest

__all__ = [
    "XdistScheduling",
    "go_scope",
    "holds_whole_modules",
    "is_xdist_worker",
    "speaks_for_all_workers",
]

# workerinput key: the worker's Go tests arrive a whole module at a time.
_WHOLE_MODULES: Final = "gotest_whole_modules"


def is_xdist_worker(config: pytest.Config) -> bool:
    """This process is an xdist worker: it runs tests and sends their reports to the
    controller, which alone writes reports, summaries and files."""
    return hasattr(config, "workerinput")


def speaks_for_all_workers(config: pytest.Config) -> bool:
    """This process says what every process would say alike (a warning about the files all
    of them collect): a single process, or xdist's first worker."""
    workerinput = getattr(config, "workerinput", None)
    return workerinput is None or workerinput.get("workerid") == "gw0"


def holds_whole_modules(config: pytest.Config) -> bool:
    """An xdist worker whose controller schedules Go tests a module at a time."""
    workerinput = getattr(config, "workerinput", None)
    return isinstance(workerinput, dict) and workerinput.get(_WHOLE_MODULES) is True


def go_scope(nodeid: str, module_of: Callable[[str], str | None]) -> str | None:
    """``pkg/dir/x_test.go::TestX/sub`` -> ``gotest:<module of pkg/dir>``; None for other
    node ids. ``module_of`` maps a package directory (as the node id spells it) to its
    module's root, None when it has none (then the package is its own scope).

    Under --go-modes each mode of a module is a ``go test`` of its own, a scope of its own:
    ``pkg/dir/x_test.go::TestX[wasm]/sub`` -> ``gotest:<module>[wasm]`` (a Go test name holds
    no ``[``, so a bracket after it is the mode)."""
    path, _, rest = nodeid.partition("::")
    if not path.endswith("_test.go"):
        return None
    directory = path.rsplit("/", 1)[0] if "/" in path else "."
    top = rest.split("/", 1)[0]
    mode = top[top.index("[") :] if top.endswith("]") and "[" in top else ""
    return "gotest:" + (module_of(directory) or directory) + mode


def is_module_scheduled(config: pytest.Config) -> bool:
    """On the controller: whether its workers get Go tests a whole module at a time (xdist's
    default ``load``, which pytest-gotest's scheduler replaces; otherwise the user chose a
    mode)."""
    return bool(config.getvalue("dist") == "load")


class XdistScheduling:
    """The controller's side: the scheduler, and the word to each worker."""

    def __init__(self, module_of: Callable[[str], str | None]) -> None:
        self._module_of = module_of

    @staticmethod
    def _ours(config: pytest.Config) -> bool:
        return is_module_scheduled(config)

    @pytest.hookimpl(optionalhook=True, tryfirst=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        if not self._ours(config):
            return None
        from xdist.scheduler import LoadScopeScheduling

        module_of = self._module_of

        class GoModuleScheduling(LoadScopeScheduling):  # type: ignore[misc]
            """xdist's ``loadscope`` with a Go module as one scope (every other test its own),
            mended where xdist 3.8's hangs after a worker crash: this replaces xdist's
            default ``load``, so a run without a Go test meets it too.

            - A crashed worker's scopes went back to the queue whole, the ones it had
              finished too: such a unit is sent to a worker as no test at all, and that
              worker waits for good (pytest-xdist #1323, #1378). Only scopes with tests
              left go back, and the test it crashed on is not run again (xdist reports it
              failed; ``load`` does not rerun it either).
            - A worker runs a test once it knows the next one or that none comes: a new
              worker given one test and nothing after it waited for good (#1327).
            """

            def _split_scope(self, nodeid: str) -> str:
                return go_scope(nodeid, module_of) or nodeid

            def remove_node(self, node: Any) -> str | None:
                workload = self.assigned_work.pop(node)
                pending: list[tuple[str, str]] = [
                    (scope, nodeid)
                    for scope, unit in workload.items()
                    for nodeid, completed in unit.items()
                    if not completed
                ]
                if not pending:
                    return None
                scope, crashed = pending[0]
                workload[scope][crashed] = True
                for scope, unit in workload.items():
                    if not all(unit.values()):
                        self.workqueue[scope] = unit
                for other in self.assigned_work:
                    self._reschedule(other)
                return crashed

            def _assign_work_unit(self, node: Any) -> None:
                while self.workqueue:
                    unit = next(iter(self.workqueue.values()))
                    if not all(unit.values()):
                        super()._assign_work_unit(node)
                        return
                    self.workqueue.popitem(last=False)  # nothing left to run in it

            def _reschedule(self, node: Any) -> None:
                super()._reschedule(node)
                if node.shutting_down or self._pending_of(self.assigned_work[node]) >= 2:
                    return
                if self.workqueue:
                    self._assign_work_unit(node)
                if not self.workqueue:
                    node.shutdown()

        return GoModuleScheduling(config, log)

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        if self._ours(node.config):
            node.workerinput[_WHOLE_MODULES] = True
