"""The exceptions and warnings pytest-gotest raises, in one place.

``GoTestFailure`` and ``GoTestError`` carry Go's account of a test (an ``Explanation``: the
one-line message and the whole text); ``str()`` of either is the message, which is what
pytest-rerunfailures' ``--only-rerun`` matches and what the short summary shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pytest_gotest.core.explain import Explanation
from pytest_gotest.core.outcome import Outcome

__all__ = [
    "GoCoverageWarning",
    "GoDeprecationWarning",
    "GoInitHazardWarning",
    "GoTestError",
    "GoTestFailure",
    "GoTestWarning",
    "report_raised_warnings",
]


class GoTestFailure(Exception):
    """A Go test that failed (or crashed) while running."""

    def __init__(self, explanation: Explanation, outcome: Outcome | None = None) -> None:
        super().__init__(explanation.message)
        self.explanation = explanation
        self.outcome = outcome


class GoTestError(Exception):
    """The test could not run (build failure, binary died first, TestMain never ran it), or
    its package failed after it passed (raised at teardown)."""

    def __init__(self, explanation: Explanation, outcome: Outcome | None = None) -> None:
        super().__init__(explanation.message)
        self.explanation = explanation
        self.outcome = outcome


class GoTestWarning(pytest.PytestWarning):
    """Something Go reported that pytest-gotest could not map to a collected test."""


class GoInitHazardWarning(pytest.PytestWarning):
    """Code that runs at package initialisation (init(), package-level variables) or in
    TestMain that misbehaves under ``go test``; see docs/init-hazards.md."""


class GoCoverageWarning(pytest.PytestWarning):
    """Go coverage could not be put into pytest-cov's reports."""


class GoDeprecationWarning(pytest.PytestDeprecationWarning):
    """A pytest-gotest option or ini key that has a new name."""


def report_raised_warnings(session: pytest.Session, category: str, texts: Sequence[str]) -> None:
    """Warnings of the plugin that a filter (``-W error``, ini ``filterwarnings = error``)
    turned into exceptions where pytest would make them an INTERNALERROR (a session-finish or
    collection-finish hook): each one an error line, and the run fails, as a test that raised
    a warning made an error fails. The other tests still ran and reported."""
    if not texts:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.line("")  # end the progress line
        for text in texts:
            reporter.write_line(f"ERROR {category} (a warning filter): {text}")
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
