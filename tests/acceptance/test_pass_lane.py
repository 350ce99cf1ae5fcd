"""Passing subtests reach pytest's own listeners without a hook call each (plugin/passlane.py)
only when every listener is known; the results, the JUnit file and --lf are the same either
way, and any other listener sees every report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import (
    GomodFactory,
    RunPytest,
    install_probe,
    junit_case_facts,
    junit_suite,
    summary_line,
)

# A listener the lane does not know: every report must then go through the hook.
_RECORDING_CONFTEST = """
import json, os

def pytest_runtest_logreport(report):
    with open(os.path.join(os.environ["LANE_LOG"]), "a", encoding="utf-8") as log:
        log.write(json.dumps([report.nodeid, report.when, report.outcome]) + "\\n")
"""


@pytest.mark.parametrize("family", ["xunit1", "xunit2"])
def test_unknown_listener_sees_every_subtest_and_results_are_the_same(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    family: str,
) -> None:
    root = gomod("basic")
    junit = ("-o", f"junit_family={family}")
    lane = run_pytest("-q", "--junitxml=lane.xml", *junit)
    (root / "conftest.py").write_text(_RECORDING_CONFTEST, encoding="utf-8")
    log = tmp_path / "reports.jsonl"
    monkeypatch.setenv("LANE_LOG", str(log))  # the inner run reads it
    hooked = run_pytest("-q", "--junitxml=hooked.xml", *junit)

    assert summary_line(lane) == summary_line(hooked)
    # pytest 9 counts passing subtests apart; pytest 8 has no such category (no lane there).
    assert ("subtests passed" in summary_line(lane)) == (pytest.version_tuple >= (9,))
    seen = {tuple(json.loads(line)) for line in log.read_text(encoding="utf-8").splitlines()}
    assert ("calc/calc_test.go::TestTable/one_plus_one", "call", "passed") in seen
    assert ("calc/calc_test.go::TestNames/case[1]", "call", "passed") in seen
    assert ("calc/calc_test.go::TestSubFail/bad_case", "call", "failed") in seen

    assert junit_case_facts(root / "lane.xml") == junit_case_facts(root / "hooked.xml")
    lane_suite, hooked_suite = junit_suite(root / "lane.xml"), junit_suite(root / "hooked.xml")
    assert (lane_suite.tests, lane_suite.failures, lane_suite.errors, lane_suite.skipped) == (
        hooked_suite.tests,
        hooked_suite.failures,
        hooked_suite.errors,
        hooked_suite.skipped,
    )
    with_file = {facts.file for facts in junit_case_facts(root / "lane.xml").values()}
    assert (None in with_file) == (family == "xunit2")
    assert ("example.com/basic/calc", "TestTable/one_plus_one") in junit_case_facts(
        root / "lane.xml"
    )


_FLIP_TEST = """package calc

import (
	"os"
	"testing"
)

func TestFlip(t *testing.T) {
	t.Run("steady", func(t *testing.T) {})
	t.Run("flips", func(t *testing.T) {
		if os.Getenv("FLIP") == "1" {
			t.Error("flipped")
		}
	})
}
"""


def test_lastfailed_forgets_a_subtest_that_passes_now(
    gomod: GomodFactory, run_pytest: RunPytest, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = gomod("basic")
    (root / "calc" / "flip_test.go").write_text(_FLIP_TEST, encoding="utf-8")
    flip = "calc/flip_test.go::TestFlip/flips"
    lastfailed = root / ".pytest_cache" / "v" / "cache" / "lastfailed"

    monkeypatch.setenv("FLIP", "1")
    run_pytest("-q", "calc", cache=True)
    assert flip in json.loads(lastfailed.read_text(encoding="utf-8"))

    monkeypatch.setenv("FLIP", "0")
    result = run_pytest("-q", "calc", cache=True)
    assert "flipped" not in result.stdout.str()
    assert flip not in json.loads(lastfailed.read_text(encoding="utf-8"))


_SERIALISING_CONFTEST = """
import json, os

def pytest_runtest_logreport(report):
    if "/" not in report.nodeid.split("::")[-1]:
        return
    config = report_config[0]
    data = config.hook.pytest_report_to_serializable(config=config, report=report)
    back = config.hook.pytest_report_from_serializable(config=config, data=data)
    with open(os.environ["LANE_LOG"], "a", encoding="utf-8") as log:
        structured = str(getattr(report, "id", report.nodeid))
        row = [report.nodeid, structured, report.fspath, back.nodeid]
        log.write(json.dumps(row) + "\\n")

report_config = []

def pytest_configure(config):
    report_config.append(config)
"""


def test_subtest_report_ids_are_complete_for_other_plugins(
    gomod: GomodFactory, run_pytest: RunPytest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = gomod("basic")
    (root / "conftest.py").write_text(_SERIALISING_CONFTEST, encoding="utf-8")
    log = tmp_path / "ids.jsonl"
    monkeypatch.setenv("LANE_LOG", str(log))
    run_pytest("-q", "calc")
    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert rows
    nodeid = "calc/calc_test.go::TestNames/case[1]"
    assert [nodeid, nodeid, "calc/calc_test.go", nodeid] in rows
    for text, structured, fspath, round_trip in rows:
        assert text == structured == round_trip
        assert fspath == "calc/calc_test.go"


# Counts the lane's verbose batches: the listed run must really have taken the lane.
_COUNTING_CONFTEST = """
import os
from pytest_gotest.plugin import passlane

_write = passlane.PassLines.write

def _counting(self, reports, collected_at):
    with open(os.environ["LANE_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{len(reports)}\\n")
    return _write(self, reports, collected_at)

passlane.PassLines.write = _counting
"""

_LISTENING_CONFTEST = """
def pytest_runtest_logreport(report):
    pass
"""


@pytest.mark.parametrize(
    "options",
    [("-v",), ("-vv", "--color=yes", "-o", "console_output_style=count")],
    ids=["v", "vv-color-count"],
)
def test_listed_passing_subtests_read_as_through_the_hook(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    options: tuple[str, ...],
) -> None:
    """With -v the lane writes the passing subtests' lines itself (plugin/passlane.py,
    PassLines): byte for byte what pytest's terminal reporter writes through the hook."""
    root = gomod("basic")
    log = tmp_path / "batches.txt"
    monkeypatch.setenv("LANE_LOG", str(log))
    args = ("--go-progress=off", *options, "calc")
    conftest = root / "conftest.py"
    conftest.write_text(_COUNTING_CONFTEST, encoding="utf-8")
    lane = run_pytest(*args)
    conftest.write_text(_LISTENING_CONFTEST, encoding="utf-8")
    hooked = run_pytest(*args)

    batches = [int(n) for n in log.read_text(encoding="utf-8").split()] if log.exists() else []
    if pytest.version_tuple >= (9, 2):
        assert sum(batches) == 14, batches  # every passing subtest of the package
    else:
        assert batches == []  # pytest 8 counts no subtests apart: its hook lists them

    def shown(result: pytest.RunResult) -> list[str]:
        return [line for line in result.outlines if " in " not in line or "PASSED" in line]

    assert shown(lane) == shown(hooked)
    assert any(line.startswith("calc/calc_test.go::TestNames/case[1] ") for line in shown(lane))


# A plugin (not a conftest, which the lane does not know): counts the subtest reports the lane
# filed with pytest's listeners directly.
_LANE_PROBE = """
import os

from pytest_gotest.plugin import passlane

filed = []
_file = passlane.PassLane.file


def _counting(self, category, reports):
    filed.extend(report.nodeid for report in reports)
    return _file(self, category, reports)


passlane.PassLane.file = _counting


def pytest_unconfigure(config):
    with open(os.environ["LANE_LOG"], "w", encoding="utf-8") as log:
        log.write("\\n".join(filed))
"""


def test_a_plain_run_files_passing_subtests_through_the_lane(
    gomod: GomodFactory, run_pytest: RunPytest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The positive control of the lane: with pytest's own listeners and pytest-gotest's only
    # (they are known by module and class name, so a moved class would close the lane
    # silently), passing subtests skip the hook; with one unknown listener none does.
    root = gomod("basic")
    log = tmp_path / "filed.txt"
    install_probe(root, "lane_probe", _LANE_PROBE, monkeypatch, "LANE_LOG", log)
    # pytest-rerunfailures (installed for other tests) listens too.
    options = ("-q", "-p", "lane_probe", "-p", "no:rerunfailures")
    run_pytest(*options)
    assert "calc/calc_test.go::TestTable/one_plus_one" in log.read_text(encoding="utf-8").split()
    (root / "conftest.py").write_text(_RECORDING_CONFTEST, encoding="utf-8")
    run_pytest(*options)
    assert log.read_text(encoding="utf-8") == ""
