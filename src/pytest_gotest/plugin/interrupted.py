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

Not done when it could change more than the report: under ``--stepwise`` (it would record a
later failure as the point to resume from, and the next run would skip the tests that never
ran), or when getting to the first such item would tear down a Python fixture (its
finalizer's error is pytest's to report, at the session's end). Each item is reported
through pytest-gotest's own item protocol, not through pytest-rerunfailures' (a rerun needs
go test, which the interrupt stopped).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from .nodes import GoTestItem
from .session import GoSession

__all__ = ["report_finished_packages"]

RunItem = Callable[[pytest.Item, "pytest.Item | None"], None]


def report_finished_packages(
    go: GoSession, session: pytest.Session, started: pytest.Item | None, run_item: RunItem
) -> None:
    """After the run loop was interrupted at ``started`` (None: before any item): stop every
    go process, then report the later Go items whose packages go test had finished, each
    with ``run_item(item, nextitem)``. A single process only: under xdist the controller's
    interrupt ends the workers."""
    if go.role.name != "single":
        return
    ready = [item for item in _after(session.items, started) if _finished(go, item)]
    go.stop_quietly()  # nothing more is waited for; a finished package's result stays
    if not ready or _stepwise(session.config):
        return
    setup_state: Any = getattr(session, "_setupstate", None)
    if setup_state is None or not _plain_teardown(setup_state, ready[0]):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        writer = session.config.get_terminal_writer()
        if writer.width_of_current_line:
            writer.line()  # after a progress line or letters
        reporter.write_line(
            "Interrupted: reporting the Go tests of the packages go test had finished",
            yellow=True,
        )
    # The interrupted item may be half set up: tear down what the first one to report does
    # not share with it, as pytest's runner does between two items (Go nodes only: checked).
    setup_state.teardown_exact(ready[0])
    for index, item in enumerate(ready):
        run_item(item, ready[index + 1] if index + 1 < len(ready) else None)
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


def _stepwise(config: pytest.Config) -> bool:
    return any(
        getattr(config.option, name, False)
        for name in ("stepwise", "stepwise_skip", "stepwise_reset")
    )


def _plain_teardown(setup_state: Any, nextitem: pytest.Item) -> bool:
    """Whether what pytest's setup state would tear down before ``nextitem`` holds only the
    nodes' own teardown (no fixture finalizer: a Go node, or a Python one none of whose
    fixtures was set up), read from pytest's private ``SetupState.stack``."""
    stack = getattr(setup_state, "stack", None)
    if not isinstance(stack, dict):
        return False
    needed = set(nextitem.listchain())
    for node, entry in stack.items():
        if node in needed:
            continue
        finalizers = entry[0] if isinstance(entry, tuple) and entry else None
        if not isinstance(finalizers, list) or len(finalizers) > 1:
            return False
    return True
