"""A Go item's passing setup and teardown reports, made and delivered without the hooks.

Every Go item makes three reports. For a test that passed, the setup and the teardown report
say nothing: pytest prints no letter for them and counts them under no outcome. Through the
hooks each still costs two pluggy calls with their wrappers (``pytest_runtest_makereport``,
``pytest_runtest_logreport``) and a third inside the terminal reporter
(``pytest_report_teststatus``): on a module of 2,000 Go tests about 0.14 s of the run loop's
CPU, beside go test that keeps both cores of a small machine busy.

When every implementation of those three hooks is one this module knows (pytest 9.2's own,
pytest-gotest's, and a few common plugins' that do nothing for such a report of a Go item:
Hypothesis, pytest-html's report maker, GitHub annotations; ``QuietPhases.for_config``), such a
report is made and delivered exactly as they would:

- made: ``TestReport.from_item_and_call`` (the runner's implementation), then what the
  wrappers add: tmpdir records that the phase passed (its retention policy reads it),
  pytest-gotest completes the report (``GoReporting.complete_report``); skipping and
  unittest change nothing for a phase that raised nothing;
- delivered, in the hook's order, to the listeners that act on such a report: pytest-gotest's
  own (JUnit attributes), junitxml (the testcase's duration, its output at teardown), the
  logging plugin (its live-log phase); the terminal reporter files it under the category
  pytest's runner gives it (``""``: no letter, no word). The last-failed plugin, the session's
  failure count and pytest-gotest's ``--lf`` settler act on failures and call reports only.

Any other implementation (a conftest's, pytest-html's report writer with ``--html``, xdist's
worker, pytest-rerunfailures, which keeps per-phase state on the item) and every report goes
through the hooks, as does every phase that raised (an error, a skip).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Final

import pytest

__all__ = ["QuietPhases"]

Kind = tuple[str, str]
_OURS: Final = ("pytest_gotest.plugin.reporting", "GoReporting")
_MODULE: Final = "module"

# pytest_runtest_makereport: what each does for a setup or teardown that raised nothing.
_MAKERS: Final = frozenset(
    {
        ("_pytest.runner", _MODULE),  # TestReport.from_item_and_call
        ("_pytest.unittest", _MODULE),  # unittest items, and SkipTest exceptions only
        ("_pytest.skipping", _MODULE),  # exceptions, and xfail marks on call reports only
        ("_pytest.tmpdir", _MODULE),  # records whether the phase passed (done below)
        _OURS,  # GoReporting.complete_report (done below)
        # Hypothesis: its own tests' attributes (statistics, failing examples) only.
        ("_hypothesis_pytestplugin", _MODULE),
        ("pytest_html.plugin", _MODULE),  # call reports only
    }
)
# pytest_runtest_logreport: None for a listener that ignores a passing setup or teardown
# report, "call" for one called directly, "file" for the terminal reporter.
_LISTENERS: Final[dict[Kind, str | None]] = {
    ("_pytest.terminal", "TerminalReporter"): "file",
    ("_pytest.junitxml", "LogXML"): "call",
    ("_pytest.logging", "LoggingPlugin"): "call",
    _OURS: "call",
    ("_pytest.cacheprovider", "LFPlugin"): None,  # call reports and failures only
    ("_pytest.main", "Session"): None,  # failures only
    ("pytest_gotest.plugin.runhooks", "LastFailedSettler"): None,  # call reports only
    # GitHub annotations: failed and "rerun" call reports only.
    ("pytest_github_actions_annotate_failures.plugin", "_AnnotateErrors"): None,
}
# pytest_report_teststatus: with only these, a passing setup or teardown report is the
# runner's ("", "", "").
_STATUSES: Final = frozenset(
    {
        ("_pytest.terminal", _MODULE),  # the fallback, after the runner's answer
        ("_pytest.runner", _MODULE),  # ("", "", "") for a passing setup or teardown
        ("_pytest.skipping", _MODULE),  # xfail reports only
        ("_pytest.subtests", _MODULE),  # call reports only
        _OURS,  # subtest reports only
    }
)


def _kind(plugin: object) -> Kind:
    if isinstance(plugin, types.ModuleType):
        return plugin.__name__, _MODULE
    cls = type(plugin)
    return cls.__module__, cls.__qualname__


def _all_known(hook: Any, known: frozenset[Kind] | dict[Kind, str | None]) -> bool:
    return all(_kind(impl.plugin) in known for impl in hook.get_hookimpls())


class QuietPhases:
    """Makes and delivers passing setup and teardown reports; made only when usable."""

    def __init__(
        self,
        complete: Callable[[pytest.Item, pytest.CallInfo[None], pytest.TestReport], object],
        listeners: list[Callable[[pytest.TestReport], object]],
        result_key: pytest.StashKey[dict[str, bool]],
    ) -> None:
        self._complete = complete
        self._listeners = listeners
        self._result_key = result_key

    @classmethod
    def for_config(cls, config: pytest.Config) -> QuietPhases | None:
        """The lane when every implementation of the three hooks is known; else None."""
        try:
            from _pytest.tmpdir import tmppath_result_key  # private: what tmpdir records
        except ImportError:  # pragma: no cover - another pytest: the hooks do it
            return None
        hook = config.hook
        if not (
            _all_known(hook.pytest_runtest_makereport, _MAKERS)
            and _all_known(hook.pytest_report_teststatus, _STATUSES)
            and _all_known(hook.pytest_runtest_logreport, _LISTENERS)
        ):
            return None
        ours = config.pluginmanager.get_plugin("gotest-reporting")
        complete = getattr(ours, "complete_report", None)
        if complete is None:
            return None
        listeners: list[Callable[[pytest.TestReport], object]] = []
        # pluggy calls the last implementation in its list first.
        for impl in reversed(hook.pytest_runtest_logreport.get_hookimpls()):
            action = _LISTENERS[_kind(impl.plugin)]
            if action == "file":
                if not callable(getattr(impl.plugin, "_add_stats", None)):
                    return None
                listeners.append(_filer(impl.plugin))
            elif action == "call":
                listener = _caller(impl.function, impl.argnames)
                if listener is None:
                    return None
                listeners.append(listener)
        return cls(complete, listeners, tmppath_result_key)

    def report(self, item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
        """The report of a setup or teardown that raised nothing, made and delivered."""
        report = pytest.TestReport.from_item_and_call(item, call)
        item.stash.setdefault(self._result_key, {})[call.when] = report.passed
        self._complete(item, call, report)
        for listener in self._listeners:
            listener(report)
        return report


def _filer(reporter: Any) -> Callable[[pytest.TestReport], object]:
    """The terminal reporter's work for a report without letter or word."""

    def file(report: pytest.TestReport) -> None:
        reporter._current_logreport = report
        reporter._tests_ran = True
        reporter._add_stats("", [report])

    return file


def _caller(
    function: Callable[..., object], argnames: tuple[str, ...]
) -> Callable[[pytest.TestReport], object] | None:
    """An implementation called as pluggy calls it, with the arguments it names (None for
    arguments a known implementation does not take: another version of it)."""
    if argnames == ("report",):
        return function  # bound: pluggy hands implementations their plugin's method
    if not argnames:
        return lambda report: function()
    return None
