"""pytest-xdist: keep every Go package on one worker.

A Go package is one test binary: if two workers each got some of its tests, both would build
and run it (twice the time, TestMain twice, count-mode coverage counted twice). xdist's own
``loadgroup`` cannot express this on pytest 9.2 (pytest-xdist#1386) and ``loadfile`` splits a
package by file (docs/internals/pytest.md), so the default ``load`` mode gets a scheduler
whose scope for a Go node id is its package directory; every other test is its own scope,
which schedules like ``load``.
"""

from __future__ import annotations

from typing import Any

import pytest

__all__ = ["XdistScheduling", "go_scope", "is_xdist_worker", "speaks_for_all_workers"]


def is_xdist_worker(config: pytest.Config) -> bool:
    """This process is an xdist worker: it runs tests and sends their reports to the
    controller, which alone writes reports, summaries and files."""
    return hasattr(config, "workerinput")


def speaks_for_all_workers(config: pytest.Config) -> bool:
    """This process says what every process would say alike (a warning about the files all
    of them collect): a single process, or xdist's first worker."""
    workerinput = getattr(config, "workerinput", None)
    return workerinput is None or workerinput.get("workerid") == "gw0"


def go_scope(nodeid: str) -> str | None:
    """``pkg/dir/x_test.go::TestX/sub`` -> ``gotest:pkg/dir``; None for other node ids.

    Under --go-modes each mode of a package is a test binary of its own, a scope of its own:
    ``pkg/dir/x_test.go::TestX[wasm]/sub`` -> ``gotest:pkg/dir[wasm]`` (a Go test name holds
    no ``[``, so a bracket after it is the mode)."""
    path, _, rest = nodeid.partition("::")
    if not path.endswith("_test.go"):
        return None
    directory = path.rsplit("/", 1)[0] if "/" in path else "."
    top = rest.split("/", 1)[0]
    if top.endswith("]") and "[" in top:
        return "gotest:" + directory + top[top.index("[") :]
    return "gotest:" + directory


class XdistScheduling:
    @pytest.hookimpl(optionalhook=True, tryfirst=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        if config.getvalue("dist") != "load":
            return None  # the user chose a distribution mode; respect it
        from xdist.scheduler import LoadScopeScheduling

        class GoPackageScheduling(LoadScopeScheduling):  # type: ignore[misc]
            def _split_scope(self, nodeid: str) -> str:
                return go_scope(nodeid) or nodeid

        return GoPackageScheduling(config, log)
