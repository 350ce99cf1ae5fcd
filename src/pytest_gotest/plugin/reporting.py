"""Reports: Go subtests as their own reports, JUnit classname/name/system-out, Go durations.

Subtests are known only after the package ran, so they cannot be pytest items (a new node id
reported from ``runtest`` breaks xdist, and pytest's own subtest reports merge into one JUnit
testcase). Instead the call report of a Go test carries its subtests as plain data, which
survives xdist's serialisation, and the process that writes reports (never an xdist worker)
logs one ``GoSubtestReport`` per subtest, node id ``<item>/<sub>``, *before* the parent's
report so that ``--sw`` stores the parent's id (docs/internals/pytest.md).

Cost matters: a module can have tens of thousands of subtests. So a subtest gets one report
(the call; no setup or teardown report), reports are copied from a template instead of being
built field by field, and passing subtests are counted as pytest 9 counts its own subtests
("N subtests passed", no progress letter unless verbose): pytest's ``-rA`` pass summary
compares every passed report with every setup/teardown report, which is quadratic in the
number of reports in the "passed" category.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Generator, Mapping, Sequence
from typing import Any, Final, Literal, cast

import pytest

from pytest_gotest.core.crash import goroutines_of
from pytest_gotest.core.explain import (
    Explanation,
    first_line,
    go_location,
    skip_place,
    skip_reason,
)
from pytest_gotest.core.outcome import Cause, tree_order

from .collected_count import note_added
from .collected_count import restore as restore_collected
from .go_nodeid import go_node_id
from .item_results import MISSING_KEY, RESULT_KEY, ItemResult
from .nodes import GoFailureRepr, GoProblemItem, GoTestItem, tb_style
from .passlane import JunitPasses, PassLane, PassLines
from .traces import points_at_trace
from .unbuilt import UnbuiltPackages

__all__ = ["GoReporting", "GoSubtestReport"]

# pytest 9 counts its own passing subtests apart from tests ("3 subtests passed"), and its
# terminal reporter knows that category; pytest 8 would colour an unknown category yellow.
_SUBTESTS_PASSED: Final = "subtests passed" if pytest.version_tuple >= (9,) else "passed"


# One subtest on the wire: (suffix of the name, status, message, details, output, elapsed,
# its t.Attr pairs).
_Attrs = Sequence[Sequence[str]]
_Record = tuple[str, str, str, str, str, float, _Attrs]
# An ancestor of a subtest item that failed on its own: (Go name, status, message, details,
# elapsed).
_AboveRecord = tuple[str, str, str, str, float]
_Location = tuple[str, int | None, str]


def go_failure_location(
    location: _Location, message: str, root: str, details: str = "", name: str = ""
) -> _Location:
    """A failure's location: the file and line Go printed with its message (the t.Error
    call), in the test's directory; for a crash, the innermost frame of its trace (in
    ``details``) that is a file of the test's directory (the panic in the test, not the
    runtime's; for a timeout, in the goroutine of test ``name``); the test's own location
    when there is none (a parent whose subtests failed) or the message names a file the
    test's directory does not have (Go prints only the base name: a helper in another
    package). 0-based, as pytest's locations; ``root`` is what the location's path is
    relative to."""
    path, _, domain = location
    located = go_location(message)
    if located is None:
        located = _trace_frame(details, os.path.join(root, os.path.dirname(path)), name)
        if located is None:
            return location
    name, line = located
    file = os.path.join(os.path.dirname(path), name)
    if not os.path.isfile(os.path.join(root, file)):
        return location
    if os.path.isabs(file) and not os.path.relpath(file, root).startswith(".."):
        file = os.path.relpath(file, root)  # go test -fullpath: relative, as pytest's paths
    return file, line - 1, domain


def _crash_place(location: _Location, root: str) -> tuple[str, int] | None:
    """A pytest location (relative to ``root``, 0-based) as a crash's place (absolute,
    1-based, as ``--tb=line`` prints it); None without a line."""
    path, line, _ = location
    return None if line is None else (os.path.join(root, path), line + 1)


# A goroutine trace's file line: "\t/abs/dir/x_test.go:8 +0x25" (no offset when inlined).
_TRACE_FILE_LINE: Final = re.compile(r"^\t(/\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$", re.M)


def _trace_frame(details: str, directory: str, name: str) -> tuple[str, int] | None:
    """The first frame of a goroutine trace in ``details`` whose file is in ``directory``
    (the test's), as (base name, line); in a timeout's dump, in test ``name``'s own
    goroutines (crash.goroutines_of); None without a trace or such a frame."""
    if "goroutine " not in details:
        return None
    real = os.path.realpath(directory)
    own = goroutines_of(details, name)
    for text in own if own is not None else (details,):
        for match in _TRACE_FILE_LINE.finditer(text):
            file = match.group(1)
            if os.path.dirname(file) in (directory, real):
                return os.path.basename(file), int(match.group(2))
    return None


def _crash_trace_of(item: pytest.Item, details: str) -> str:
    """The trace of the crash a test's own failure is about, when its report points at
    another's for it (traces.trace_once): its frames still locate the panic."""
    result = item.stash.get(RESULT_KEY, None) if isinstance(item, GoTestItem) else None
    if result is None:
        return ""
    crash = result.context.crash
    if not crash.text or crash.text in details or not crash.explains(result.outcome.name):
        return ""
    return "\n" + crash.text


def _subtests_crash_trace(result: ItemResult, records: list[_Record]) -> str:
    """The crash's trace for the subtests' reports, when one of them points at another
    report for it (traces.trace_once): its frames still locate that subtest; "" when none
    does (the common case: nothing more travels with the report)."""
    crash = result.context.crash
    if not crash.text or not crash.explains(result.outcome.name):
        return ""
    pointing = (
        status not in ("passed", "skipped") and points_at_trace(details)
        for _, status, _, details, *_ in records
    )
    return "\n" + crash.text if any(pointing) else ""


class GoSubtestReport(pytest.TestReport):
    """The report of one Go subtest (its only report: the call, or the setup for an error).

    Built without ``TestReport.__init__`` (which copies lists and re-parses what the parent
    already has) and with its attributes always set in one order, so that Python shares one
    key table among tens of thousands of these (pytest keeps every report until the end).
    """

    def __init__(
        self,
        nodeid: str,
        location: tuple[str, int | None, str],
        keywords: Mapping[str, Literal[1]],
        outcome: Literal["passed", "failed", "skipped"],
        longrepr: Any,
        when: Literal["setup", "call", "teardown"],
        sections: tuple[tuple[str, str], ...],
        duration: float,
        go_import_path: str,
        go_test_name: str,
        xdist: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        self._nodeid_text = nodeid
        self.location = location
        self.keywords = keywords
        self.outcome = outcome
        self.longrepr = longrepr
        self.when = when
        self.user_properties = ()  # type: ignore[assignment]  # read-only for everyone
        self.sections = sections  # type: ignore[assignment]
        self.duration = duration
        self.start = 0.0
        self.stop = 0.0
        self.go_import_path = go_import_path
        self.go_test_name = go_test_name
        for name, value in xdist:
            # xdist and junitxml key their bookkeeping on these (node, worker_id, item_index).
            setattr(self, name, value)

    # pytest 9.2 parses every report's node id into a structured id when it is set (about
    # 2 µs, a tenth of a passing subtest's whole cost); most subtest reports are only counted.
    # The text is kept and parsed when something first asks for the structured id. (A
    # property, not __getattr__: junitxml and xdist probe absent attributes on every report.)
    @property
    def nodeid(self) -> str:
        return self._nodeid_text

    @nodeid.setter
    def nodeid(self, value: str) -> None:
        self._nodeid_text = value
        self.__dict__.pop("_parsed_id", None)

    @property
    def _id(self) -> Any:  # type: ignore[override]
        parsed = self.__dict__.get("_parsed_id")
        if parsed is None:
            parsed = go_node_id(self._nodeid_text)
            if parsed is self._nodeid_text:
                raise AttributeError("_id")  # pytest < 9.2 keeps only the text
            self.__dict__["_parsed_id"] = parsed
        return parsed

    def _to_json(self) -> dict[str, Any]:
        # pytest serialises a report from its __dict__: the node id goes on the wire as the
        # "nodeid" string it expects, never our private fields.
        data = super()._to_json()
        data.pop("_parsed_id", None)
        data["nodeid"] = data.pop("_nodeid_text")
        return data


def _private_xml_key() -> Any:
    # pytest has no public handle on its LogXML object; overriding classname/name and adding
    # a subtest's system-out needs it. Private import, isolated here.
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # pragma: no cover - pytest without the stash key
        return None
    return xml_key


def _private_bin_xml_escape() -> Any:
    # JUnit text must be escaped exactly as pytest escapes its own content (control
    # characters become "#x0C"); pytest keeps the function in its private junitxml module.
    from _pytest.junitxml import bin_xml_escape

    return bin_xml_escape


def subtest_records(result: ItemResult, with_output: bool) -> list[_Record]:
    """The item's subtests as plain data for its call report, in the order of their reports
    (``tree_order``: each after its own subtests, so that a report that points at another for
    a crash's trace points back)."""
    outcome = result.outcome
    cut = len(outcome.name)
    records: list[_Record] = []
    for sub in tree_order(outcome.name, outcome.subtests):
        output = sub.output_text() if with_output and sub.output is not None else ""
        attrs = sub.attrs  # () for nearly all: shared, nothing made per subtest
        if sub.cause is Cause.PASSED:
            records.append((sub.name[cut:], "passed", "", "", output, sub.elapsed, attrs))
        elif sub.cause is Cause.SKIPPED:
            reason = skip_reason(sub, result.context.source_dir)
            message = first_line(reason)
            records.append((sub.name[cut:], "skipped", message, reason, "", sub.elapsed, attrs))
        else:
            words = result.explain_subtest(sub)
            records.append(
                (sub.name[cut:], sub.status, words.message, words.details, "", sub.elapsed, attrs)
            )
    return records


def pack_records(records: list[_Record]) -> str:
    """Subtest records as one JSON text. ASCII only: a lone surrogate (Go output that was not
    UTF-8) travels escaped, and comes back as it was."""
    return json.dumps(records, separators=(",", ":"))


def unpack_records(text: str) -> list[_Record]:
    """Back from ``pack_records``: each record a list, which unpacks as its tuple did."""
    return cast("list[_Record]", json.loads(text))


class _PassBatch:
    """Passing subtests of one Go test on their way through the lane: filed in pytest's
    stats, and listed when the run lists tests (``lines``)."""

    __slots__ = ("_collected_at", "_lane", "_lines", "_reports")

    def __init__(self, lane: PassLane, lines: PassLines | None) -> None:
        self._lane = lane
        self._lines = lines
        self._reports: list[pytest.TestReport] = []
        self._collected_at: list[int] = []  # pytest's count of tests at each report

    @property
    def listed(self) -> bool:
        return self._lines is not None

    def add(self, report: pytest.TestReport, collected: int) -> None:
        self._reports.append(report)
        self._collected_at.append(collected)

    def flush(self) -> None:
        if not self._reports:
            return
        self._lane.file(_SUBTESTS_PASSED, self._reports)
        if self._lines is not None:
            self._lines.write(self._reports, self._collected_at)
        self._reports, self._collected_at = [], []


def _xdist_attributes(report: pytest.TestReport) -> tuple[tuple[str, Any], ...]:
    """What xdist and junitxml key their bookkeeping on (node, worker_id, item_index), for the
    reports made from this one."""
    return tuple(
        (name, getattr(report, name))
        for name in ("node", "worker_id", "item_index")
        if hasattr(report, name)
    )


class GoReporting:
    """Report hooks, registered as a plugin object so they can keep the config."""

    def __init__(
        self, config: pytest.Config, expands: bool, unbuilt: UnbuiltPackages | None = None
    ) -> None:
        self.config = config
        self.expands = expands  # this process writes reports: never an xdist worker
        self.unbuilt = unbuilt if unbuilt is not None else UnbuiltPackages()
        self.session: pytest.Session | None = None
        # Passing subtests print nothing in quiet runs, as pytest 9's own subtests; pytest 8
        # has no such category, and there they print a dot and count as passed.
        self.hide_passing = _SUBTESTS_PASSED != "passed" and not self._verbose_subtests(config)
        xml_key = _private_xml_key()
        self._xml: Any = config.stash.get(xml_key, None) if xml_key is not None else None
        self._escape: Any = _private_bin_xml_escape() if self._xml is not None else None
        self._lane = PassLane(config, self)
        self._junit_passes: JunitPasses | None = None
        self._junit_classname = ("", "")  # the last import path, escaped
        self.style = tb_style(config)

    @staticmethod
    def _verbose_subtests(config: pytest.Config) -> bool:
        """Passing subtests are listed when pytest would list its own (``-v``, or pytest 9's
        ``verbosity_subtests`` ini)."""
        getter = getattr(config, "get_verbosity", None)
        kind = getattr(pytest.Config, "VERBOSITY_SUBTESTS", None)
        if getter is not None and kind is not None:
            return int(getter(kind)) > 0
        return bool(config.getoption("verbose", 0) > 0)

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.session = session
        if self._xml is None:
            xml_key = _private_xml_key()
            self._xml = self.config.stash.get(xml_key, None) if xml_key is not None else None
            self._escape = _private_bin_xml_escape() if self._xml is not None else None

    @pytest.hookimpl(wrapper=True)  # before every implementation (pytest-json-report's)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        restore_collected(session)
        return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        return self.complete_report(item, call, report)

    def complete_report(
        self, item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
    ) -> pytest.TestReport:
        """What a Go item's report gets besides pytest's: Go's text for errors, Go's location
        and duration, the Go names JUnit and the subtests' reports read (also called for the
        passing setup and teardown reports made without the hook, plugin/quietphases.py)."""
        # A Go error's report already has Go's text (nodes.go_error_repr).
        if report.failed and isinstance(report.longrepr, GoFailureRepr):
            # JUnit's file/line and CI annotations read the location: Go's t.Error line.
            longrepr = report.longrepr
            located = go_failure_location(
                report.location,
                longrepr.reprcrash.message,
                str(item.config.rootpath),
                longrepr.details + _crash_trace_of(item, longrepr.details),
                item.run_name if isinstance(item, GoTestItem) else "",
            )
            if located != report.location:
                report.go_test_location = report.location  # type: ignore[attr-defined]  # subtests'
                report.location = located
                place = _crash_place(located, str(item.config.rootpath))
                if place is not None:  # --tb=line's "path:line: message" too
                    longrepr.reprcrash.path, longrepr.reprcrash.lineno = place
        if not isinstance(item, GoTestItem):
            if isinstance(item, GoProblemItem):
                report.go_import_path = ""  # type: ignore[attr-defined]
            return report
        report.go_import_path = item.package.import_path  # type: ignore[attr-defined]
        report.go_test_name = item.report_name  # type: ignore[attr-defined]
        if item.stash.get(MISSING_KEY, False):
            # Travels with the report to the process that keeps the last-failed list.
            report.go_subtest_missing = True  # type: ignore[attr-defined]
        if call.when == "setup":
            # Setup only waits for the package's go test process (build included); that is
            # not the test's time, and JUnit's total would otherwise charge it to one test.
            report.duration = 0.0
        result = item.stash.get(RESULT_KEY, None)
        if result is None:
            if report.skipped and call.when == "setup" and isinstance(report.longrepr, tuple):
                # A run mode that cannot run here (item_results.ItemPhases.setup): the test's
                # own place, not the plugin's source.
                reason = report.longrepr[2]
                report.longrepr = (str(item.path), item.func.line, reason)
            return report
        outcome = result.outcome
        if report.skipped and outcome.cause is Cause.SKIPPED:
            # pytest.skip() raised in the plugin would point at the plugin's own source.
            path, line, reason = skip_place(
                str(item.path), item.func.line, skip_reason(outcome, result.context.source_dir)
            )
            report.longrepr = (path, line, "Skipped: " + reason)
        if outcome.cause is Cause.BUILD_FAILED and report.failed:
            # Travels with the report to the process that warns (xdist's controller).
            build_root = result.context.build_root or item.package.import_path
            report.go_build_root = build_root  # type: ignore[attr-defined]
        if call.when == "call":
            # Go measured the test; pytest only measured waiting for a result.
            report.duration = outcome.elapsed
            if outcome.subtests:
                records = subtest_records(result, self._wants_output())
                # An xdist worker sends them packed: execnet's pure-Python serialiser would
                # take each record's seven objects one by one on both ends (wazero's 158,318
                # subtests: about 2 s of the controller's and the workers' time; one JSON
                # text, C-encoded and decoded, takes a tenth of that).
                report.go_subtests = records if self.expands else pack_records(records)  # type: ignore[attr-defined]
                trace = _subtests_crash_trace(result, records)
                if trace:
                    report.go_crash_trace = trace  # type: ignore[attr-defined]
        if result.failed_above and (call.when == "call" or report.failed):
            # With the report of the item's last phase: a subtest that is not run (its
            # parent failed without starting it in a run of -count) errors at setup.
            report.go_failed_above = [  # type: ignore[attr-defined]
                (above.name, above.status, words.message, words.details, above.elapsed)
                for above, words in result.failed_above
            ]
        return report

    def _wants_output(self) -> bool:
        option = self.config.option
        chars = getattr(option, "reportchars", "") or ""
        return bool(getattr(option, "xmlpath", None)) or "P" in chars or "A" in chars

    def pytest_report_from_serializable(self, data: dict[str, Any]) -> pytest.TestReport | None:
        # A serialised subtest report names its class (reportlog, xdist-like tools); pytest's
        # own reader knows only its classes. It comes back as the TestReport it is.
        kind = data.get("$report_type")
        go_item = kind == "TestReport" and "go_test_name" in data and "[" in data["nodeid"]
        if kind == GoSubtestReport.__name__ or go_item:
            report = pytest.TestReport._from_json(data)
            if hasattr(report, "_id"):
                report._id = go_node_id(report.nodeid)  # printed back as Go named it
            return report
        return None

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(
        self, report: pytest.TestReport, config: pytest.Config
    ) -> tuple[str, str, str] | None:
        if not isinstance(report, GoSubtestReport):
            return None
        if report.passed:
            if self.hide_passing:
                return _SUBTESTS_PASSED, "", ""
            return _SUBTESTS_PASSED, ".", "PASSED"
        if report.skipped:
            if hasattr(report, "wasxfail"):  # a failure its Go test's xfail mark covers
                return "xfailed", "x", "XFAIL"
            return "skipped", "s", "SKIPPED"
        if report.when == "call":
            return "failed", "F", "FAILED"
        return "error", "E", "ERROR"

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        import_path = getattr(report, "go_import_path", None)
        if import_path is None:
            return
        if report.outcome == "failed":  # a plain attribute: passes pay one comparison
            build_root = getattr(report, "go_build_root", None)
            if build_root is not None:
                self.unbuilt.add(build_root, import_path)
        if report.failed and isinstance(report.longrepr, str) and self.expands:
            # From an xdist worker: a failure repr without a traceback travels as its text.
            # Go's text starts with its one-line message; give it back its crash location, or
            # pytest 8's short summary and JUnit's message lose it.
            path, line, _ = report.location
            text = report.longrepr
            message = text.split("\n", 1)[0].strip()
            report.longrepr = GoFailureRepr(
                Explanation(message, text),
                os.path.join(self.config.rootpath, path),
                (line or 0) + 1,
                self.style,
                error=report.when != "call",
            )
        if self._xml is not None and import_path:
            self._junit_attributes(report, import_path)
        if not self.expands or report.outcome == "rerun":  # type: ignore[comparison-overlap]
            return
        above: list[_AboveRecord] | None = getattr(report, "go_failed_above", None)
        if above:
            report.go_failed_above = []  # type: ignore[attr-defined]  # expand once
            self._report_above(report, import_path, above)
        subtests: list[_Record] | str | None = getattr(report, "go_subtests", None)
        if not subtests:
            return
        report.go_subtests = []  # type: ignore[attr-defined]  # expand once
        records = unpack_records(subtests) if isinstance(subtests, str) else subtests
        trace: str = getattr(report, "go_crash_trace", "")
        if trace:
            report.go_crash_trace = ""  # type: ignore[attr-defined]  # pytest keeps every report
        session = self.session
        counted = session.testscollected if session is not None else 0
        self._expand(report, import_path, records, trace)
        if session is not None:
            note_added(session, session.testscollected - counted)

    def _junit_class(self, import_path: str) -> str:
        """A Go test's JUnit classname: its import path, after ``--junit-prefix`` as pytest
        puts it before a Python test's."""
        prefix = getattr(self._xml, "prefix", None)
        return f"{prefix}.{import_path}" if prefix else import_path

    def _junit_attributes(self, report: pytest.TestReport, import_path: str) -> None:
        reporter = self._xml.node_reporter(report)
        reporter.add_attribute("classname", self._junit_class(import_path))
        reporter.add_attribute("name", getattr(report, "go_test_name", ""))
        subtest = isinstance(report, GoSubtestReport)
        if report.outcome == "failed":  # a plain attribute: passes pay one comparison
            longrepr = report.longrepr
            located = (
                go_location(longrepr.reprcrash.message)
                if isinstance(longrepr, GoFailureRepr)
                else None
            )
            path, line, _ = report.location
            if located is not None and (os.path.basename(path), line) == (
                os.path.basename(located[0]),
                located[1] - 1,
            ):
                # At Go's location: its line number as Go printed it (pytest writes its
                # 0-based location line).
                reporter.add_attribute("line", str(located[1]))
        if report.when == "call" and (self._xml.logging == "no" or subtest):
            # The Go output goes to system-out also without junit_logging (pytest writes
            # captured output only when asked): it is the test's log. A subtest has no
            # teardown report, where pytest would write it.
            text = "".join(content for name, content in report.sections if "stdout" in name)
            if text:
                element = ET.Element("system-out")
                element.text = self._escape(text)
                reporter.append(element)

    def _report_above(
        self, item_report: pytest.TestReport, import_path: str, records: list[_AboveRecord]
    ) -> None:
        """A failure report for each ancestor of a subtest item that failed on its own
        (item_results.ItemResult.failed_above), under the ancestor's own node id: the item's
        id without its last levels (``x_test.go::TestP/sub`` -> ``x_test.go::TestP``)."""
        item_name = str(getattr(item_report, "go_test_name", ""))
        depth = item_name.count("/")
        location = tuple(getattr(item_report, "go_test_location", None) or item_report.location)
        path, line, _ = location
        root = str(self.config.rootpath)
        xdist = _xdist_attributes(item_report)
        for go_name, status, message, details, elapsed in records:
            levels = depth - go_name.count("/")
            nodeid = item_report.nodeid.rsplit("/", levels)[0]
            name = item_name.rsplit("/", levels)[0]  # with a mode's bracket, as the item's
            when = "call" if status == "failed" else "setup"
            longrepr = GoFailureRepr(
                Explanation(message, details),
                os.path.join(root, path),
                (line or 0) + 1,
                self.style,
                error=when == "setup",
            )
            where = go_failure_location((path, line, f"{import_path}.{name}"), message, root)
            report = GoSubtestReport(
                nodeid,
                where,
                dict.fromkeys(item_report.keywords, 1),
                "failed",
                longrepr,
                when,  # type: ignore[arg-type]
                (),
                elapsed,
                import_path,
                name,
                xdist,
            )
            if self.session is not None:
                # Progress counts it (reports over collected); a failure pytest counts too.
                self.session.testscollected += 1
                note_added(self.session, 1)
            self.config.hook.pytest_runtest_logreport(report=report)
            if self._xml is not None:
                self._xml.finalize(report)

    def _expand(
        self, parent: pytest.TestReport, import_path: str, records: list[_Record], trace: str
    ) -> None:
        """One report per subtest, logged before the parent's. ``trace``: the crash's trace
        for subtests that point at another report for it ("" when none does)."""
        top = str(getattr(parent, "go_test_name", ""))
        keywords: dict[str, Literal[1]] = dict.fromkeys(parent.keywords, 1)
        xdist = _xdist_attributes(parent)
        location = tuple(getattr(parent, "go_test_location", None) or parent.location)
        path, line, _ = location
        lineno = (line or 0) + 1
        root = str(self.config.rootpath)
        crash_path = os.path.join(root, path)  # absolute, as an item's
        base = parent.nodeid
        hook = self.config.hook.pytest_runtest_logreport
        xml = self._xml
        # Passing subtests go to pytest's own listeners in one batch, without a hook call
        # each, when the lane knows every listener: quiet runs print nothing for them; verbose
        # runs (not under xdist, whose lines differ) get their lines written in one go.
        batch = self._pass_batch(base, bool(xdist))
        # Progress: a subtest that prints a letter or line is counted as collected just before
        # it is logged, so the percentage only grows (counted up front, it dropped) and never
        # passes 100% (quiet runs show only failures, skips and errors).
        session = self.session
        count_passing = session is not None and not self.hide_passing
        # An xfail mark on the Go test covers its subtests' failures, as pytest's own
        # subtests in an xfail test are xfailed: the parent's report says it was one.
        xfail = getattr(parent, "wasxfail", None) if parent.skipped else None
        for suffix, status, message, details, output, elapsed, attrs in records:
            sections = (("Captured stdout call", output),) if output else ()
            name = top + suffix
            where: tuple[str, int | None, str] = location  # a pass shows no headline
            longrepr: Any = None
            outcome, when = "passed", "call"
            if status == "passed":
                if count_passing:
                    session.testscollected += 1  # type: ignore[union-attr]
            else:
                headline = (path, line, f"{import_path}.{name}")
                outcome, when, longrepr, where = self._unpassed(
                    name,
                    status,
                    message,
                    (details, trace if trace and points_at_trace(details) else ""),
                    headline,
                    (crash_path, lineno),
                    xfail is not None,
                )
                if session is not None:
                    session.testscollected += 1
                    if outcome == "failed":
                        # -x/--maxfail count Go tests: the parent fails with its subtest
                        # and is counted then (pytest's count goes up by one per report).
                        session.testsfailed -= 1
            report = GoSubtestReport(
                base + suffix,
                where,
                keywords,
                outcome,  # type: ignore[arg-type]
                longrepr,
                when,  # type: ignore[arg-type]
                sections,
                elapsed,
                import_path,
                name,
                xdist,
            )
            if xfail is not None and outcome == "skipped" and status != "skipped":
                report.wasxfail = xfail
            if attrs:
                # t.Attr (Go 1.25), as record_property's pairs.
                report.user_properties = [(key, value) for key, value in attrs]
            if batch is not None and status == "passed" and not attrs:
                batch.add(report, session.testscollected if session is not None else 0)
                if xml is not None:
                    self._junit_pass(report, import_path, name, output)
                continue
            if batch is not None and batch.listed:
                batch.flush()  # a listed run keeps the records' order: the passes before first
            hook(report=report)
            if xml is not None:
                # No teardown report follows: let junitxml write the testcase now (with the
                # report's user_properties).
                xml.finalize(report)
        if batch is not None:
            batch.flush()

    def _unpassed(
        self,
        name: str,
        status: str,
        message: str,
        words: tuple[str, str],
        headline: tuple[str, int | None, str],
        place: tuple[str, int],
        xfailed: bool,
    ) -> tuple[str, str, Any, tuple[str, int | None, str]]:
        """A skipped, failed or erroring subtest's (Go ``name``) outcome, phase, longrepr and
        headline. ``words``: its details, and the crash's trace when they point at another
        report for it (its frames locate the subtest all the same). ``xfailed``: its Go test's
        xfail mark covers a failure (XFAIL, as pytest's own subtests of an xfail test; the
        caller sets ``wasxfail``)."""
        details, trace = words
        crash_path, lineno = place
        if status == "skipped":
            # Absolute, as a test's own skip: pytest shows it relative to where it runs.
            path, line, reason = skip_place(crash_path, lineno, details or message or "skipped")
            return "skipped", "call", (path, line, "Skipped: " + reason), headline
        when = "call" if status == "failed" else "setup"
        error = when == "setup"
        root = str(self.config.rootpath)
        where = go_failure_location(headline, message, root, details + trace, name)
        located = _crash_place(where, root) if where != headline else None
        if located is not None:  # --tb=line's "path:line: message"
            crash_path, lineno = located
        longrepr = GoFailureRepr(
            Explanation(message, details), crash_path, lineno, self.style, error=error
        )
        return ("skipped" if xfailed else "failed"), when, longrepr, where

    def _pass_batch(self, base: str, xdist: bool) -> _PassBatch | None:
        """The batch of this Go test's passing subtests when they may take the lane (None:
        through the hook)."""
        if self.hide_passing:
            return _PassBatch(self._lane, None) if self._lane.usable(base) else None
        if xdist or self.session is None or not self._lane.usable(base):
            return None
        lines = self._lane.lines()
        return _PassBatch(self._lane, lines) if lines is not None else None

    def _junit_pass(
        self, report: pytest.TestReport, import_path: str, name: str, output: str
    ) -> None:
        """What our hook and junitxml's do for a passing subtest, then its testcase closed."""
        if self._junit_passes is None:
            self._junit_passes = JunitPasses(self._xml, self._escape)
        if self._junit_passes.usable:
            if import_path != self._junit_classname[0]:
                classname = self._junit_passes.escape(self._junit_class(import_path))
                self._junit_classname = (import_path, classname)
            self._junit_passes.write(report, self._junit_classname[1], name, output)
            return
        self._junit_attributes(report, import_path)
        self._xml.pytest_runtest_logreport(report)
        self._xml.finalize(report)
