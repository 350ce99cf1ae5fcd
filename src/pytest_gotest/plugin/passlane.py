"""A direct lane for passing subtest reports, when every listener is one we know.

A module such as expr has 66,000 passing subtests. Each report sent through
``pytest_runtest_logreport`` costs a pluggy call, a nested ``pytest_report_teststatus`` call
and the terminal reporter's bookkeeping: measured at about 10 µs per report, half of the
plugin's whole cost on a cached run. For a passing subtest in a quiet run the listeners
pytest ships do almost nothing: the terminal reporter files the report under its category
(no letter is printed), the session counts only failures, the logging plugin switches its
phase, junitxml writes a ``<testcase>``. This lane does exactly that work directly, in one
batch per Go test, and only when every implementation of the hook belongs to that known set;
any other listener (a user's conftest, pytest-html, stepwise, pytest-sugar's reporter) sends
every report through the hook as before.

The last-failed plugin is known with one condition: it forgets a node id when it sees that id
pass, so a Go test whose subtests are in the last-failed set takes the hook path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

import pytest

__all__ = ["PassLane"]

# Listeners of pytest_runtest_logreport whose work for a passing, letterless subtest report
# this lane reproduces (module, class name). A subclass is not in the set: it may override.
_KNOWN: Final = frozenset(
    {
        ("_pytest.terminal", "TerminalReporter"),  # files the report under its category
        ("_pytest.logging", "LoggingPlugin"),  # only switches the live-log phase
        ("_pytest.main", "Session"),  # counts failures for -x/--maxfail
        ("_pytest.cacheprovider", "LFPlugin"),  # forgets ids that pass (checked below)
        ("_pytest.junitxml", "LogXML"),  # a <testcase> per report (done directly)
        ("pytest_rerunfailures", "XDistHooks"),  # acts on "rerun" reports only
    }
)


def _kind(plugin: object) -> tuple[str, str]:
    cls = type(plugin)
    return cls.__module__, cls.__qualname__


class PassLane:
    """Delivers a batch of passing subtest reports to the listeners pytest ships."""

    def __init__(self, config: pytest.Config, owner: object) -> None:
        self._config = config
        self._owner = owner  # the reporting plugin itself: its own hook is a listener too

    def usable(self, parent_nodeid: str) -> bool:
        """True when the batch of this Go test's passing subtests may skip the hook."""
        for impl in self._config.hook.pytest_runtest_logreport.get_hookimpls():
            plugin = impl.plugin
            if plugin is self._owner:
                continue
            if _kind(plugin) not in _KNOWN:
                return False
            if _kind(plugin) == ("_pytest.cacheprovider", "LFPlugin") and _remembers_under(
                plugin, parent_nodeid
            ):
                return False
        reporter = self._config.pluginmanager.get_plugin("terminalreporter")
        return reporter is None or callable(getattr(reporter, "_add_stats", None))

    def deliver(
        self,
        category: str,
        reports: Sequence[pytest.TestReport],
        junit: Callable[[pytest.TestReport], None] | None,
    ) -> None:
        """What the hook's listeners would do with ``reports``, each passing and letterless."""
        if junit is not None:
            for report in reports:
                junit(report)
        reporter: Any = self._config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and reports:
            # The terminal reporter's own filing (it also picks the summary colour when a
            # category first appears); the reports stay available in ``stats`` to every
            # summary hook, as through the hook.
            reporter._add_stats(category, list(reports))


def _remembers_under(lfplugin: object, parent_nodeid: str) -> bool:
    """Whether the last-failed set holds a subtest of this Go test (it must see it pass)."""
    lastfailed = getattr(lfplugin, "lastfailed", None)
    if not lastfailed:
        return False
    prefix = parent_nodeid + "/"
    return any(str(key).startswith(prefix) for key in lastfailed)
