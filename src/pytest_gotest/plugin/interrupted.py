"""Ctrl-C (or SIGTERM, plugin/sigterm.py) during the run: the Go tests go test had finished
are still reported.

pytest reports the tests it ran before the interrupt and stops. A Go item is reported when
pytest reaches it, so a package that go test had finished while pytest still waited for an
earlier one (a slow package first in pytest's order, a fast one later) had results nobody
showed: the run said "no tests ran" although Go had run, passed and failed tests, and a CI
job cancelled that way lost them from its JUnit file. Those results are Go's own, final
(the package's binary ended): they are reported after the interrupt, before pytest's summary,
and the run still ends as interrupted. A package go test had not finished is not reported
(its tests were cut off, as pytest does not report the tests after an interrupt), nor is the
item pytest was at.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from .nodes import GoTestItem
from .session import GoSession

__all__ = ["report_finished_packages"]


def report_finished_packages(
    go: GoSession, session: pytest.Session, started: pytest.Item | None
) -> None:
    """After the run loop was interrupted at ``started`` (None: before any item): report the
    later Go items whose packages go test had finished, then stop every go process. A
    single process only: under xdist the controller's interrupt ends the workers."""
    if go.role.name != "single":
        return
    ready = [item for item in _after(session.items, started) if _finished(go, item)]
    go.stop_quietly()  # nothing more is waited for; a finished package's result stays
    if not ready:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        writer = session.config.get_terminal_writer()
        if writer.width_of_current_line:
            writer.line()  # after a progress line or letters
        count = len(ready)
        reporter.write_line(
            f"Interrupted: reporting {count} Go test{'s' if count != 1 else ''} whose "
            "packages go test had finished",
            yellow=True,
        )
    setup_state = getattr(session, "_setupstate", None)
    try:
        # The interrupted item may be half set up: tear down what the first one to report
        # does not share with it, as pytest's runner does between two items.
        if setup_state is not None:
            setup_state.teardown_exact(ready[0])
    except Exception:  # a Python fixture's finalizer: pytest's own teardown reports it
        return
    for index, item in enumerate(ready):
        nextitem = ready[index + 1] if index + 1 < len(ready) else None
        item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        if session.shouldfail or session.shouldstop:  # -x, --maxfail
            break


def _after(items: Sequence[pytest.Item], started: pytest.Item | None) -> Sequence[pytest.Item]:
    if started is None:
        return items
    for index, item in enumerate(items):
        if item is started:
            return items[index + 1 :]
    return ()


def _finished(go: GoSession, item: pytest.Item) -> bool:
    return isinstance(item, GoTestItem) and go.package_finished(item)
