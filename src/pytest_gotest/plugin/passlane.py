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

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any, Final

import pytest

__all__ = ["JunitPasses", "PassLane", "PassLines"]

_UNDECIDED: Final = object()

_LAST_FAILED: Final = ("_pytest.cacheprovider", "LFPlugin")
# Listeners of pytest_runtest_logreport whose work for a passing, letterless subtest report
# this lane reproduces (module, class name). A subclass is not in the set: it may override.
_KNOWN: Final = frozenset(
    {
        ("_pytest.terminal", "TerminalReporter"),  # files the report under its category
        ("_pytest.logging", "LoggingPlugin"),  # only switches the live-log phase
        ("_pytest.main", "Session"),  # counts failures for -x/--maxfail
        _LAST_FAILED,  # forgets ids that pass (checked below)
        ("_pytest.junitxml", "LogXML"),  # a <testcase> per report (done directly)
        ("pytest_rerunfailures", "XDistHooks"),  # acts on "rerun" reports only
        ("pytest_gotest.plugin.runhooks", "LastFailedSettler"),  # --lf: never reads subtests
        # GitHub annotations: failed and "rerun" reports only.
        ("pytest_github_actions_annotate_failures.plugin", "_AnnotateErrors"),
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
        self._lines: object = _UNDECIDED

    def usable(self, parent_nodeid: str) -> bool:
        """True when the batch of this Go test's passing subtests may skip the hook."""
        for impl in self._config.hook.pytest_runtest_logreport.get_hookimpls():
            plugin = impl.plugin
            if plugin is self._owner:
                continue
            kind = _kind(plugin)
            if kind not in _KNOWN:
                return False
            if kind == _LAST_FAILED and _remembers_under(plugin, parent_nodeid):
                return False
        reporter = self._config.pluginmanager.get_plugin("terminalreporter")
        return reporter is None or callable(getattr(reporter, "_add_stats", None))

    def file(self, category: str, reports: Sequence[pytest.TestReport]) -> None:
        """What the terminal reporter does with passing, letterless reports: file them under
        their category (it also picks the summary colour when a category first appears); they
        stay available in ``stats`` to every summary hook, as through the hook."""
        reporter: Any = self._config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and reports:
            reporter._add_stats(category, list(reports))

    def lines(self) -> PassLines | None:
        """The lister of passing subtests for a verbose run, decided once per session."""
        if self._lines is _UNDECIDED:
            self._lines = PassLines.for_config(self._config)
        return self._lines  # type: ignore[return-value]


class PassLines:
    """Lists passing subtests in a verbose run exactly as pytest 9's terminal reporter does
    (``path::Test/sub PASSED`` and the progress, right-aligned), in one write per batch.

    Through the hook, each line costs about 19 µs: the terminal's width queried, the line's
    display width measured character by character twice, a write and a flush. Here the width
    is read once per batch and an ASCII line's display width is its length. The reporter's
    state moves as the hook would move it: the ids counted for the progress, the current
    line, the main colour (decided per line with pytest's count of tests at that line).
    """

    def __init__(self, reporter: Any, session: pytest.Session) -> None:
        self._reporter = reporter
        self._session = session
        self._style = reporter._show_progress_info  # "progress", "count" or False
        tw = reporter._tw
        self._passed = tw.markup("PASSED", green=True)
        self._markup = tw.markup

    @classmethod
    def for_config(cls, config: pytest.Config) -> PassLines | None:
        """A lister when pytest's own terminal reporter lists tests one per line, and its
        state is what this class knows (pytest 9.2's); None otherwise (the hook lists them)."""
        reporter: Any = config.pluginmanager.get_plugin("terminalreporter")
        session = getattr(reporter, "_session", None)
        kind = getattr(pytest.Config, "VERBOSITY_TEST_CASES", None)
        if (
            reporter is None
            or not hasattr(pytest.TestReport, "id")  # pytest < 9.2: no NodeId to count
            or _kind(reporter) != ("_pytest.terminal", "TerminalReporter")
            or session is None
            or kind is None
            or config.get_verbosity(kind) <= 0
            or reporter._show_progress_info not in ("progress", "count", False)
            or not all(
                hasattr(reporter, name)
                for name in (
                    "_progress_nodeids_reported",
                    "_locationline",
                    "_get_main_color",
                    "reported_progress",
                    "currentfspath",
                    "_tw",
                )
            )
            or not all(hasattr(reporter._tw, name) for name in ("_current_line", "fullwidth"))
        ):
            return None
        return cls(reporter, session)

    def write(self, reports: Sequence[pytest.TestReport], collected_at: Sequence[int]) -> None:
        """Write the lines of these passing reports (already filed in the reporter's stats);
        ``collected_at[i]``: pytest's count of tests when report ``i`` was made."""
        reporter = self._reporter
        session = self._session
        tw = reporter._tw
        width = tw.fullwidth
        reported = reporter._progress_nodeids_reported
        show = bool(self._style)
        parts: list[str] = []
        plain = ""
        counted = session.testscollected
        try:
            for report, collected in zip(reports, collected_at, strict=True):
                nodeid = report.id  # pytest >= 9.2: a NodeId
                reported.add(nodeid)
                prefix = reporter._locationline(nodeid, *report.location)
                plain = prefix + "PASSED"
                text = "\n" + prefix + self._passed
                if show:
                    session.testscollected = collected  # what the hook would have seen
                    color, _ = reporter._get_main_color()
                    message = self._progress(len(reported), collected)
                    message = message.rjust(width - _display_width(plain) - 1)
                    text += self._markup(message, **{color: True})
                    plain += message
                parts.append(text)
        finally:
            session.testscollected = counted
        tw.write("".join(parts))
        tw._current_line = plain  # the text, not its colour codes: widths are measured on it
        reporter.currentfspath = -2
        reporter._current_logreport = reports[-1]
        reporter._tests_ran = True
        reporter.flush()

    def _progress(self, reported: int, collected: int) -> str:
        """pytest's ``_get_progress_information_message`` for these two styles."""
        if self._style == "count":
            if collected:
                digits = len(str(collected))
                return f" [{reported:{digits}d}/{collected}]"
            return f" [ {collected} / {collected} ]"
        if collected:
            return f" [{reported * 100 // collected:3d}%]"
        return " [100%]"


def _display_width(text: str) -> int:
    """The terminal's width of ``text``, as pytest's terminal writer measures it."""
    if text.isascii() and text.isprintable():
        return len(text)
    from _pytest._io.wcwidth import wcswidth  # private, as the measure must be pytest's

    return int(wcswidth(text))


class _PassingTestcase:
    """A passing subtest's ``<testcase>`` in junitxml's list of testcases; all it asks of one
    is ``to_xml()`` at the end of the session. Kept as strings until then: tens of thousands
    of elements, attribute dicts and sub-elements would be tracked by the garbage collector,
    which pytest runs at the end of the session."""

    __slots__ = ("fields",)

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields  # classname, name, time, output[, file[, line]]

    def to_xml(self) -> ET.Element:
        classname, name, time, output, *location = self.fields
        attrs = {"classname": classname, "name": name}
        if location:
            attrs["file"] = location[0]
            if len(location) > 1:
                attrs["line"] = location[1]
        testcase = ET.Element("testcase", attrs, time=time)
        if output:
            ET.SubElement(testcase, "system-out").text = output
        return testcase


class JunitPasses:
    """Writes a passing subtest's ``<testcase>`` into pytest's JUnit file directly.

    junitxml spends about 25 µs on a passing report (four look-ups of its testcase by a
    hashed node id, name mangling, escaping, then an element). For a passing subtest the result
    is always the same: ``classname`` and ``name`` (ours: Go's import path and test name),
    ``file`` and ``line`` in the xunit1 family only, ``time`` from the report's duration (the
    call's: both duration settings count it), the Go output as ``system-out``, one more
    ``passed`` in the suite's counts. Only for the two families and two duration settings
    pytest 9 has; anything else goes through junitxml.
    """

    def __init__(self, xml: Any, escape: Callable[[str], str]) -> None:
        self._xml = xml
        self._escape = escape
        self.usable = (
            getattr(xml, "family", None) in ("xunit1", "xunit2")
            and getattr(xml, "report_duration", None) in ("total", "call")
            and isinstance(getattr(xml, "node_reporters_ordered", None), list)
            and isinstance(getattr(xml, "stats", None), dict)
        )
        self._legacy = getattr(xml, "family", None) == "xunit1"

    def escape(self, text: str) -> str:
        """pytest's escaping; printable ASCII has nothing to escape (most Go names)."""
        return text if text.isascii() and text.isprintable() else self._escape(text)

    def write(self, report: pytest.TestReport, classname: str, name: str, output: str) -> None:
        """``classname`` already escaped (one per Go test: the caller escapes it once)."""
        fields: tuple[str, ...] = (
            classname,
            self.escape(name),
            f"{report.duration:.3f}",
            self._escape(output) if output else "",
        )
        if self._legacy:
            path, line, _ = report.location
            fields += (path,) if line is None else (path, str(line))
        self._xml.stats["passed"] += 1
        self._xml.node_reporters_ordered.append(_PassingTestcase(fields))


def _remembers_under(lfplugin: object, parent_nodeid: str) -> bool:
    """Whether the last-failed set holds a subtest of this Go test (it must see it pass)."""
    lastfailed = getattr(lfplugin, "lastfailed", None)
    if not lastfailed:
        return False
    prefix = parent_nodeid + "/"
    return any(str(key).startswith(prefix) for key in lastfailed)
