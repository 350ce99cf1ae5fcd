"""Passing setup and teardown reports of Go items are made and delivered without the report
hooks (plugin/quietphases.py) only when every implementation of those hooks is known; every
report, the terminal's output, the JUnit file and tmpdir's record are the same either way."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from junitparser import JUnitXml

from .helpers import GomodFactory, RunPytest, install_probe, junit_suite, summary_line

# A plugin (not a conftest, which would turn the lane off): counts the reports the lane made,
# dumps every report the terminal reporter filed and what tmpdir recorded per item.
_PROBE = """
import json, os

from _pytest.tmpdir import tmppath_result_key
from pytest_gotest.plugin import quietphases

made = []
_report = quietphases.QuietPhases.report


def _counting(self, item, call):
    made.append((item.nodeid, call.when))
    return _report(self, item, call)


quietphases.QuietPhases.report = _counting


def _facts(category, report):
    return [
        category,
        report.nodeid,
        report.when,
        report.outcome,
        list(report.location),
        sorted(report.keywords),
        [list(section) for section in report.sections],
        list(report.user_properties),
        getattr(report, "go_import_path", None),
        getattr(report, "go_test_name", None),
        report.duration == 0.0 if report.when == "setup" else report.duration >= 0.0,
        report.longrepr is None,
    ]


def pytest_terminal_summary(terminalreporter):
    reports = [
        _facts(category, report)
        for category, filed in terminalreporter.stats.items()
        for report in filed
        if hasattr(report, "when")
    ]
    recorded = {
        item.nodeid: item.stash.get(tmppath_result_key, None)
        for item in terminalreporter._session.items
    }
    with open(os.environ["QUIET_LOG"], "w", encoding="utf-8") as log:
        json.dump({"made": made, "reports": reports, "tmpdir": recorded}, log)
"""
# A makereport implementation the lane does not know: every report goes through the hooks.
_MAKEREPORT_CONFTEST = """
def pytest_runtest_makereport(item, call):
    return None
"""
_DURATION = re.compile(r"\d+\.\d+s")
_GO_PACKAGE_LINE = re.compile(r"(ok|FAIL|\?) +example\.com/")


def _run(run_pytest: RunPytest, log: Path, *args: str) -> tuple[pytest.RunResult, Any]:
    # pytest-rerunfailures (installed for other tests) keeps per-phase state on items: with
    # it the hooks are always taken.
    result = run_pytest("-p", "probe", "-p", "no:rerunfailures", "-rA", *args)
    return result, json.loads(log.read_text(encoding="utf-8"))


def _terminal(result: pytest.RunResult) -> list[str]:
    """The terminal's lines without durations and without go's own per-package result lines
    (``ok  example.com/basic/calc``), whose order is the order go finished the packages in."""
    return [_DURATION.sub("", line) for line in result.outlines if not _GO_PACKAGE_LINE.match(line)]


def _testcases(path: Path) -> list[tuple[str | None, ...]]:
    """The JUnit file's testcases in their order, without times."""
    suite = junit_suite(path)
    return [
        (
            case._elem.get("classname"),
            case._elem.get("name"),
            case._elem.get("file"),
            case._elem.get("line"),
            type(case.result[0]).__name__ if case.result else "pass",
            case.system_out,
        )
        for case in suite
    ]


@pytest.mark.parametrize(
    "options",
    [
        ("-o", "junit_family=xunit1"),
        ("-o", "junit_family=xunit2"),
        # Listed tests, every captured stream in JUnit, the call's duration only.
        ("-v", "-o", "junit_logging=all", "-o", "junit_duration_report=call"),
    ],
    ids=["xunit1", "xunit2", "verbose-logging-call"],
)
def test_passing_phases_without_the_hooks_report_the_same(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    options: tuple[str, ...],
) -> None:
    root = gomod("basic")
    log = tmp_path / "quiet.json"
    install_probe(root, "probe", _PROBE, monkeypatch, "QUIET_LOG", log)

    # Go's test cache answers both compared runs: the terminal shows go's "(cached)" lines
    # for both.
    _run(run_pytest, log, *options)
    # One JUnit path for both (the terminal names it), moved aside after each run.
    lane, lane_facts = _run(run_pytest, log, "--junitxml=junit.xml", *options)
    (root / "junit.xml").rename(root / "lane.xml")
    (root / "conftest.py").write_text(_MAKEREPORT_CONFTEST, encoding="utf-8")
    hooked, hooked_facts = _run(run_pytest, log, "--junitxml=junit.xml", *options)
    (root / "junit.xml").rename(root / "hooked.xml")

    # The positive control: the lane made the passing setup and teardown reports (of every
    # Go item; the Python-free module has no other), and none once a conftest implements
    # pytest_runtest_makereport.
    made = {tuple(entry) for entry in lane_facts["made"]}
    assert ("calc/calc_test.go::TestAdd", "setup") in made
    assert ("calc/calc_test.go::TestAdd", "teardown") in made
    assert ("calc/calc_test.go::TestSubFails", "teardown") in made  # a failed test's teardown
    assert all(when in ("setup", "teardown") for _, when in made)
    assert hooked_facts["made"] == []

    assert lane_facts["reports"] == hooked_facts["reports"]
    assert lane_facts["tmpdir"] == hooked_facts["tmpdir"]
    assert lane_facts["tmpdir"]["calc/calc_test.go::TestAdd"] == {
        "setup": True,
        "call": True,
        "teardown": True,
    }
    assert summary_line(lane) == summary_line(hooked)
    assert "failed" in summary_line(lane)
    assert "skipped" in summary_line(lane)
    assert _terminal(lane) == _terminal(hooked)
    assert _testcases(root / "lane.xml") == _testcases(root / "hooked.xml")
    for name in ("lane.xml", "hooked.xml"):
        suite = JUnitXml.fromfile(str(root / name))
        assert all(re.fullmatch(r"\d+\.\d{3}", case._elem.get("time")) for case in suite)
