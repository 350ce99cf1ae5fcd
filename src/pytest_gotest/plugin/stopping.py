"""``-x``/``--maxfail`` with Go items: when may go be stopped before a package ends?

pytest stops after the report that reaches ``maxfail`` (``Session.pytest_runtest_logreport``
sets ``shouldfail``; the run loop raises after that item). A Go item waits for its whole
package, so a failing test followed by a slow one kept pytest waiting for the slow one.
Go's ``fail`` event for a top-level test is final (no later event of the binary makes that
test pass: core/fold.py ``StreamFolder._test_failed``), so when the item's failure will end
the run, the session stops every go process at that event and resolves the package from
what Go said until then (plugin/session.py ``GoSession.setup_item``).

Stopping go early is right only when pytest does stop after the item: ``failure_ends_run``
predicts it, and ``stop_reason`` makes it so when something the prediction cannot see (a
conftest hook that rewrote the report) kept the run going. Go's processes are gone by then,
and a package they did not finish would be reported as stopped: no test may get a result it
did not earn, so the run stops there instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import pytest

from .nodes import GoTestItem

_RERUNFAILURES: Final = "rerunfailures"  # pytest-rerunfailures' entry point


def failure_ends_run(item: GoTestItem) -> bool:
    """Whether a failed report of ``item`` will end the run: it reaches ``--maxfail`` (``-x``
    is 1), it is the item's own test (a subtest item's result is not its test's), and no
    plugin turns the failure into something else (an xfail, a rerun)."""
    config = item.config
    maxfail = config.getoption("maxfail", 0) or 0
    if maxfail <= 0 or item.session.testsfailed + 1 < maxfail:
        return False
    if item.run_name != item.go_name or item.get_closest_marker("xfail") is not None:
        return False
    return not _reruns(item)


def _reruns(item: GoTestItem) -> bool:
    """Whether pytest-rerunfailures would rerun ``item`` after a failure (its report is then
    ``rerun``, not ``failed``)."""
    plugin = item.config.pluginmanager.get_plugin(_RERUNFAILURES)
    if plugin is None:
        return False
    count: Callable[[pytest.Item], object] | None = getattr(plugin, "get_reruns_count", None)
    return count is None or bool(count(item))


def stop_reason(nodeid: str) -> str:
    """pytest's reason to stop (``session.shouldstop``) when go was stopped at ``nodeid``'s
    failure but pytest did not stop after its report."""
    return f"go test was stopped when {nodeid} failed (-x/--maxfail)"
