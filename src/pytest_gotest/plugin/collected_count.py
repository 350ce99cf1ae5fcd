"""pytest's count of collected tests, raised for reports that are no item of the run.

pytest's progress is the share of collected tests reported, and the plugin reports more than
its items: Go subtests (each a report of its own), packages without tests that did not build.
Each such report raises ``session.testscollected`` just before it is logged, so that the
percentage only grows and never passes 100%. Other plugins read the same count as what was
collected (pytest-json-report's ``summary.collected``, which then changed with ``-v``), so
once the run loop has written its last progress the count goes back to the items':
``GoReporting.pytest_sessionfinish`` calls ``restore`` before any other implementation.
"""

from __future__ import annotations

import pytest

__all__ = ["note_added", "restore"]

_ADDED = pytest.StashKey[int]()


def note_added(session: pytest.Session, count: int) -> None:
    """``count`` reports raised ``session.testscollected`` (the caller did, report by report)."""
    if count:
        session.stash[_ADDED] = session.stash.get(_ADDED, 0) + count


def restore(session: pytest.Session) -> None:
    """The count of collected items again."""
    added = session.stash.get(_ADDED, 0)
    if added:
        session.testscollected -= added
        session.stash[_ADDED] = 0
