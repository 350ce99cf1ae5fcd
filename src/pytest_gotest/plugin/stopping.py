"""``-x``/``--maxfail`` with Go items: when may go be stopped before a package ends?

pytest stops after the report that reaches ``maxfail`` (``Session.pytest_runtest_logreport``
sets ``shouldfail``; the run loop raises after that item). A Go item waits for its whole
package, so a failing test followed by a slow one kept pytest waiting for the slow one.
Go's ``fail`` event for a top-level test is final (no later event of the binary makes that
test pass: core/fold.py ``StreamFolder._test_failed``), so the first item of a package, at
its setup, waits only until Go has ended every test of a run of items starting at it (the
items pytest reports next, all of this package: ``StopPlan``) and the failures among them
reach ``maxfail``. The session then stops every go process and resolves the package from
what Go said until then (plugin/session.py ``GoSession.setup_item``): the tests before the
failure that ends the run passed or were skipped (Go ended each of them), the failure
failed, and pytest stops after it, before the tests that were cut off. Until Go has ended
every test of that run (one paused in ``t.Parallel()`` or still running has not), the item
waits, for that or for the package's result: no test gets a result Go did not give it.

Stopping go early is right only when pytest does stop after the failing item: ``StopPlan``
predicts it, and ``stop_reason`` makes it so when something the prediction cannot see (a
conftest hook that rewrote a report) kept the run going. Go's processes are gone by then,
and a package they did not finish would be reported as stopped: no test may get a result it
did not earn, so the run stops there instead. The prediction counts only items that report
their own test's result as Go gave it: top-level items, without an ``xfail`` mark, that no
plugin reruns; any other item (a subtest item, an item of another package between them, as
pytest-randomly may order them) ends the run of items, and with it what may be stopped at.

What a stopped go can no longer say, as ``go test -failfast`` would not have said it either:
Go's ``pass`` of a test is final only when the binary ends, since the stream may dispute it
later: a goroutine the test left running panics while a later test runs (the binary dies,
and the crash may concern the test), or a test printed its own report line before Go's real
failure of it came while other tests ran (``PackageRun.disputed_failures``, upheld when the
package fails: core/fold.py ``_uphold_disputed_failures``). A dispute that came before the
stop keeps the item waiting for its package; one that would have come after is not seen,
and the pass is reported. So is a pass that init or TestMain printed as framing before
``m.Run`` (Go 1.26 and older) when the real run of that test had not started yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

import pytest

from pytest_gotest.core.resolve import runs_of
from pytest_gotest.core.runner import TestEnds

from .nodes import GoTestItem
from .xdist import holds_whole_modules, is_xdist_worker

_RERUNFAILURES: Final = "rerunfailures"  # pytest-rerunfailures' entry point
# Marks that give an item a report of pytest's making (skip, skipif: Go's result is not
# reported) or change Go's (xfail: a failure is xfailed, a pass may fail as strict xpass).
_OWN_OUTCOME_MARKS: Final = ("xfail", "skip", "skipif")


@dataclass(frozen=True)
class _Step:
    """One item of a ``StopPlan``: its Go test's name, and how many runs of it Go ends
    (-count x -cpu x the tests of the binary sharing the name; None: unknown)."""

    item: GoTestItem
    name: str
    runs: int | None


@dataclass(frozen=True)
class StopPlan:
    """The items pytest reports next, from the first of a package on, all of that package and
    each reporting its own test as Go gives it; the failures among them that end the run."""

    steps: tuple[_Step, ...]
    needed: int  # failed reports that reach --maxfail (-x is 1)

    def failing_item(self, ends: TestEnds) -> GoTestItem | None:
        """The item whose failure ends the run, once Go has ended the test of every item
        up to it: each before it passed or was skipped (every run Go makes of it ended, none
        failed or disputed) or failed, and the failures reach ``needed``. None while a test
        on the way has not ended (or cannot be known to have ended). Asked with the runner's
        lock held, at every look: dictionary lookups only."""
        failures = 0
        for step in self.steps:
            name = step.name
            if name in ends.failed:  # final: no later event makes it pass
                failures += 1
                if failures >= self.needed:
                    return step.item
            elif step.runs is None or name in ends.disputed or ends.ended.get(name, 0) < step.runs:
                return None
        return None


def stop_plan(
    item: GoTestItem,
    following: Callable[[GoTestItem], Iterable[pytest.Item]],
    same_package: Callable[[GoTestItem], bool],
    runs: int | None,
) -> StopPlan | None:
    """What may end the run at ``item``'s package (its first item, before anything of the
    package is reported): ``following(item)`` gives the items after it in pytest's order,
    ``runs`` is how many times go runs each test (-count x -cpu; None: unknown). None when
    -x/--maxfail does not apply, or the failures that end the run cannot come from these
    items."""
    needed = _failures_to_end(item)
    if needed is None or not _reports_its_test(item):
        return None
    items = [item]
    if _runs_in_collection_order(item.config):
        for other in following(item):
            if not isinstance(other, GoTestItem) or not same_package(other):
                break
            if not _reports_its_test(other):
                break
            items.append(other)
    if len(items) < needed:
        return None
    steps = tuple(
        _Step(each, each.go_name, None if runs is None else runs_of(each.go_name, runs))
        for each in items
    )
    return StopPlan(steps, needed)


def _failures_to_end(item: GoTestItem) -> int | None:
    """How many more failed reports end the run (``--maxfail``; ``-x`` is 1); None: none do."""
    maxfail = item.config.getoption("maxfail", 0) or 0
    if maxfail <= 0:
        return None
    needed = maxfail - item.session.testsfailed
    return needed if needed > 0 else None


def _reports_its_test(item: GoTestItem) -> bool:
    """Whether a failed report of ``item`` counts as one of ``--maxfail``'s and a pass as a
    pass: the item's own test (a subtest item's result is not its test's; a twin's fail may
    be the other twin's), and no mark or
    plugin turns the result into something else (a skip, an xfail or an xpass, a rerun)."""
    if item.run_name != item.go_name:
        return False
    if item.slot.copies > 1:
        # Twins (one name in the internal and the external test package): Go's events do
        # not say which of them failed, so a failure cannot be tied to this item.
        return False
    if any(item.get_closest_marker(name) is not None for name in _OWN_OUTCOME_MARKS):
        return False
    return not _reruns(item)


def _runs_in_collection_order(config: pytest.Config) -> bool:
    """Whether this process runs ``session.items`` in their order: a single process, or an
    xdist worker given Go tests a whole module at a time (plugin/xdist.py). Under a --dist
    mode the user chose, a package's items may be spread over workers."""
    return not is_xdist_worker(config) or holds_whole_modules(config)


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
