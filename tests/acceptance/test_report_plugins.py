"""Report plugins with Go tests (issue 12, item 6): pytest-html and pytest-json-report.

One inner run of the ``basic`` fixture module (README.md there) writes both reports, once
without and once under pytest-xdist (``-n 2``: reports are written by the controller). Every
Go test and subtest must be in each report with Go's result, and a failure's Go output must
be readable there. pytest-html lists a test when its teardown report arrives and a Go subtest
has none: plugin/htmlreport.py closes it for pytest-html (docs/plugins.md).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from .helpers import (
    BASIC_COUNTS,
    BASIC_RESULTS,
    BASIC_SUBTESTS,
    BASIC_TOP_LEVEL,
    GomodFactory,
    RunPytest,
    assert_basic_junit,
    assert_counts,
)
from .session_runs import ModuleRun, copy_module, run_inner

pytest.importorskip("pytest_html", reason="pytest-html is not installed")
pytest.importorskip("pytest_jsonreport", reason="pytest-json-report is not installed")

# What a failure's report must show: Go's t.Error lines, and t.Skip's reason.
GO_TEXT = {
    "calc/calc_test.go::TestSubFail/bad_case": "calc_test.go:65: Add(2, 2) = 4, want 5",
    "parallel/parallel_test.go::TestP2": "parallel_test.go:24: P2 failed",
    "calc/calc_test.go::TestSkipped": "needs a database",
}


@pytest.fixture(scope="module", params=[(), ("-n", "2")], ids=["serial", "xdist"])
def reports(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
) -> ModuleRun:
    root = copy_module("basic", tmp_path_factory.mktemp("report-plugins") / "mod")
    out = root.parent
    return run_inner(
        root,
        go_env,
        *request.param,
        f"--html={out / 'report.html'}",
        "--self-contained-html",
        "--json-report",
        f"--json-report-file={out / 'report.json'}",
    )


def _html_tests(run: ModuleRun) -> dict[str, list[dict[str, Any]]]:
    """pytest-html 4's results: a JSON blob in the page's ``data-jsonblob`` attribute."""
    page = (run.root.parent / "report.html").read_text(encoding="utf-8")
    found = re.search(r'data-jsonblob="([^"]*)"', page)
    assert found, "no data-jsonblob in the HTML report"
    tests: dict[str, list[dict[str, Any]]] = json.loads(html.unescape(found.group(1)))["tests"]
    return tests


def _json_report(run: ModuleRun) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((run.root.parent / "report.json").read_text("utf-8"))
    return data


def test_the_run_itself_is_unchanged(reports: ModuleRun) -> None:
    assert reports.result.ret == pytest.ExitCode.TESTS_FAILED
    assert_counts(reports.result, BASIC_COUNTS)
    assert_basic_junit(reports.junit)


def test_html_has_a_row_per_go_test_and_subtest(reports: ModuleRun) -> None:
    tests = _html_tests(reports)
    rows = {nodeid: [row["result"] for row in entries] for nodeid, entries in tests.items()}
    assert rows == {nodeid: [status.capitalize()] for nodeid, status in BASIC_RESULTS.items()}


def test_html_shows_go_output_of_failures_and_skip_reasons(reports: ModuleRun) -> None:
    tests = _html_tests(reports)
    for nodeid, text in GO_TEXT.items():
        assert text in tests[nodeid][0]["log"], (nodeid, tests[nodeid])


def test_json_report_has_every_go_test_and_subtest(reports: ModuleRun) -> None:
    data = _json_report(reports)
    outcomes = {test["nodeid"]: test["outcome"] for test in data["tests"]}
    # A passing subtest has the category pytest 9 gives its own subtests; pytest 8 has none.
    passed_sub = "subtests passed" if pytest.version_tuple >= (9,) else "passed"
    expected = {
        nodeid: passed_sub if status == "passed" and nodeid in BASIC_SUBTESTS else status
        for nodeid, status in BASIC_RESULTS.items()
    }
    assert outcomes == expected
    assert data["summary"]["total"] == len(BASIC_RESULTS)
    # What was collected: the items, not the items and the subtests that printed progress
    # (pytest's count of collected tests rises with those during the run, for the percentage).
    assert data["summary"]["collected"] == len(BASIC_TOP_LEVEL)


def test_json_report_carries_go_output(reports: ModuleRun) -> None:
    tests = {test["nodeid"]: test for test in _json_report(reports)["tests"]}
    assert GO_TEXT["calc/calc_test.go::TestSubFail/bad_case"] in str(
        tests["calc/calc_test.go::TestSubFail/bad_case"]["call"]["longrepr"]
    )
    assert GO_TEXT["parallel/parallel_test.go::TestP2"] in str(
        tests["parallel/parallel_test.go::TestP2"]["call"]["longrepr"]
    )
    skipped = tests["calc/calc_test.go::TestSkipped"]["call"]["longrepr"]
    assert GO_TEXT["calc/calc_test.go::TestSkipped"] in str(skipped)


def test_reports_are_written_where_asked(reports: ModuleRun) -> None:
    assert Path(reports.root.parent / "report.html").stat().st_size > 0
    assert "Generated html report" in reports.result.stdout.str()


def test_a_passing_go_tests_output_is_in_both_reports_without_junit(
    gomod: GomodFactory, run_pytest: RunPytest, tmp_path: Path
) -> None:
    # As a passing Python test's captured stdout is: it was dropped as it arrived unless
    # JUnit or -rP/-rA asked for it ("No log output captured.", no "stdout" entry).
    gomod("basic")
    report = tmp_path / "report.json"
    page = tmp_path / "report.html"
    args = ("calc/calc_test.go::TestAdd", f"--html={page}", "--self-contained-html")
    run_pytest(*args, "--json-report", f"--json-report-file={report}")
    tests = {test["nodeid"]: test for test in json.loads(report.read_text("utf-8"))["tests"]}
    assert "adding 1 and 1" in tests["calc/calc_test.go::TestAdd"]["call"]["stdout"]
    assert "adding 1 and 1" in page.read_text(encoding="utf-8")
