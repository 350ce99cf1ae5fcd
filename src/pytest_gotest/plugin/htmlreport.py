"""pytest-html and Go subtests: a row per subtest in the HTML report.

pytest-html (4.x) adds a test to its report when the test's *teardown* report arrives, and
collects the setup and call reports of that node id until then. A Go subtest has one report
only (``GoSubtestReport``: the call, or the setup for an error; plugin/reporting.py says why),
so pytest-html would keep every subtest waiting and never show one: not the failing subtest's
output, not its name. Here, after every other plugin has seen a subtest's report, pytest-html
alone is handed the passed, empty teardown that closes it. Nobody else sees that report, so
the terminal, JUnit and the counts are unchanged, and pytest-html shows no row for a passed
teardown (it only appends the teardown's sections to the call's log: there are none).

Registered only when ``--html`` is given (pytest-html's own condition for writing a report).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from .reporting import GoSubtestReport
from .xdist import is_xdist_worker

__all__ = ["HtmlSubtestRows", "wants_html_rows"]


def wants_html_rows(config: pytest.Config) -> bool:
    """pytest-html is loaded and writes a report in this process (never on an xdist worker,
    which writes no report and logs no subtest reports)."""
    return (
        config.pluginmanager.hasplugin("html")
        and bool(getattr(config.option, "htmlpath", None))
        and not is_xdist_worker(config)
    )


def _html_reports(config: pytest.Config) -> list[Any]:
    """pytest-html's report objects: registered in its pytest_configure, without a name."""
    try:
        from pytest_html.basereport import BaseReport
    except ImportError:  # pragma: no cover - a pytest-html without the 4.x layout
        return []
    return [p for p in config.pluginmanager.get_plugins() if isinstance(p, BaseReport)]


class HtmlSubtestRows:
    """Closes each Go subtest for pytest-html, and for pytest-html only."""

    def __init__(self, config: pytest.Config) -> None:
        self._config = config
        self._reports: list[Any] | None = None  # found at the first subtest report

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> Generator[None, None, None]:
        # A wrapper: pytest-html's own (trylast) implementation must have stored the report
        # before the teardown closes it, whichever plugin was registered first.
        yield
        if not isinstance(report, GoSubtestReport):
            return
        if self._reports is None:
            self._reports = _html_reports(self._config)
        if not self._reports:
            return
        closing = pytest.TestReport(
            report.nodeid,
            report.location,
            report.keywords,
            "passed",
            None,
            "teardown",
            [],
            0.0,
        )
        for html in self._reports:
            html.pytest_runtest_logreport(report=closing)
