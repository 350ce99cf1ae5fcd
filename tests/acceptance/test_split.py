"""Go tests split over CI machines with pytest-split (issue 14, items 1, 2 and 4).

On tests/testdata/gomods/split (one dominant package ``big`` with TestMain and subtests, a
small package with a failure and a skip, a tiny one, and two Python tests), one module-scoped
set of inner runs:

1. the unsplit run: ``--store-durations`` (the durations file), JUnit, ``--cov``/``--go-cov``
   with a Go profile and a coverage.py data file;
2. ``--splits 2 --group 1`` and ``--group 2`` from that durations file, side by side, with the
   same reports;
3. group 1 again, unchanged: Go answers it from its test cache.

The tests compare the pieces with the whole: groups disjoint and their union the full run,
outcomes equal, balance within 15% of ideal by the stored Go times, JUnit files merged with
junitparser, Go profiles merged by ``python -m pytest_gotest.gocov.merge`` equal to the unsplit
profile, coverage.py data combined by ``coverage combine`` equal to the unsplit data.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from junitparser import JUnitXml, TestCase, TestSuite

from .helpers import junit_status
from .session_runs import (
    ModuleRun,
    copy_module,
    finish,
    inner_command,
    inner_env,
    module_run,
    new_to_gos_caches,
)

pytest.importorskip("pytest_split", reason="pytest-split (test extra) splits the inner runs")

SPLIT = ("--splits", "2", "--splitting-algorithm", "least_duration")
DURATIONS = ".test_durations"
GO_ITEMS = {
    "big/big_test.go::TestMove",
    "big/big_test.go::TestSlowA",
    "big/big_test.go::TestSlowB",
    "big/big_test.go::TestSlowC",
    "big/big_test.go::TestSlowD",
    "small/small_test.go::TestHalf",
    "small/small_test.go::TestOddFails",
    "small/small_test.go::TestLater",
    "tiny/tiny_test.go::TestZero",
}
PY_ITEMS = {"test_pycalc.py::test_double", "test_pycalc.py::test_double_negative"}


@dataclass
class Piece:
    """One inner run and the files it wrote."""

    run: ModuleRun
    junit: Path
    profile: Path
    coverage: Path


@dataclass
class SplitRuns:
    root: Path
    full: Piece
    groups: tuple[Piece, Piece]
    again: Piece  # group 1, run a second time


def _start(
    root: Path, go_env: dict[str, str], name: str, *args: str
) -> tuple[subprocess.Popen[str], Piece, float]:
    out = root.parent / name
    out.mkdir()
    piece_files = (out / "junit.xml", out / "go.out", out / "coverage")
    command, _ = inner_command(
        root,
        "--go-progress=on",  # the package lines: "ok    example.com/split/big  (cached)"
        "--cov=pycalc",
        "--go-cov",
        "--cov-report=",
        f"--go-cov-report=profile:{piece_files[1]}",
        f"--durations-path={root / DURATIONS}",
        *args,
        # After inner_command's own: parallel runs must not share these.
        f"--junitxml={piece_files[0]}",
        f"--basetemp={out / 'basetemp'}",
    )
    process = subprocess.Popen(
        command,
        cwd=root,
        env=inner_env(go_env, {"COVERAGE_FILE": str(piece_files[2])}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    dummy = ModuleRun(root, pytest.RunResult(0, [], [], 0), piece_files[0], {})
    return process, Piece(dummy, *piece_files), time.monotonic()


def _finish(started: tuple[subprocess.Popen[str], Piece, float]) -> Piece:
    process, piece, began = started
    stdout, stderr = finish(process, timeout=240)
    piece.run = module_run(piece.run.root, piece.junit, process.returncode, stdout, stderr, began)
    return piece


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> SplitRuns:
    # The first group's run of big must be a cache miss.
    root = copy_module("split", new_to_gos_caches(tmp_path_factory.mktemp("split")))
    # A later `coverage` command must load the Go reporter (docs/coverage.md).
    (root / ".coveragerc").write_text("[run]\nplugins = pytest_gotest.coverage\n", "utf-8")
    # JUnit's time of a test is then its call report's alone: Go's Elapsed.
    call_times = ("-o", "junit_duration_report=call")
    full = _finish(_start(root, go_env, "full", "--store-durations", *call_times))
    first, second = (_start(root, go_env, f"group{i}", *SPLIT, "--group", str(i)) for i in (1, 2))
    groups = (_finish(first), _finish(second))
    again = _finish(_start(root, go_env, "again", *SPLIT, "--group", "1"))
    return SplitRuns(root, full, groups, again)


def _durations(runs: SplitRuns) -> dict[str, float]:
    data: dict[str, float] = json.loads((runs.root / DURATIONS).read_text("utf-8"))
    return data


def _cases(path: Path) -> list[TestCase]:
    xml = JUnitXml.fromfile(str(path))
    suites = [xml] if isinstance(xml, TestSuite) else list(xml)
    return [case for suite in suites for case in suite]


def _junit(path: Path) -> dict[tuple[str, str], str]:
    return {(str(case.classname), str(case.name)): junit_status(case) for case in _cases(path)}


def _nodeid(classname: str, name: str) -> str:
    """The item behind a JUnit testcase of this fixture (Go tests are in <dir>/<dir>_test.go)."""
    if classname.startswith("example.com/split/"):
        directory = classname.rsplit("/", 1)[1]
        return f"{directory}/{directory}_test.go::{name}"
    return f"{classname.replace('.', '/')}.py::{name}"


def _ran(piece: Piece) -> set[str]:
    """The items a run ran (its JUnit testcases, subtests left out)."""
    return {_nodeid(*key) for key in _junit(piece.junit) if "/" not in key[1]}


def test_durations_hold_gos_elapsed_time_one_entry_per_test(runs: SplitRuns) -> None:
    durations = _durations(runs)
    # No entry per Go subtest (their reports' ids are x_test.go::TestMove/up): one per item.
    assert set(durations) == GO_ITEMS | PY_ITEMS
    # JUnit's time (the call's, see the fixture) is Go's Elapsed for the test, to the ms.
    go_times = {_nodeid(str(c.classname), str(c.name)): c.time for c in _cases(runs.full.junit)}
    for nodeid in GO_ITEMS:
        assert durations[nodeid] == pytest.approx(go_times[nodeid], abs=0.0006), nodeid
    # Go's time for TestMove includes its four 40 ms subtests (folded into their parent).
    assert durations["big/big_test.go::TestMove"] >= 0.16
    assert durations["big/big_test.go::TestSlowA"] >= 0.15


def test_groups_are_disjoint_and_their_union_is_the_full_run(runs: SplitRuns) -> None:
    one, two = (_ran(group) for group in runs.groups)
    assert _ran(runs.full) == GO_ITEMS | PY_ITEMS
    assert one
    assert two
    assert not one & two
    assert one | two == GO_ITEMS | PY_ITEMS
    # Same outcomes (-rA's summary: passed, failed and errors by node id).
    full = runs.full.run.outcomes
    assert {**runs.groups[0].run.outcomes, **runs.groups[1].run.outcomes} == full
    assert full["small/small_test.go::TestOddFails"] == ["FAILED"]
    # The dominant package is spread over both groups (each runs its share with -run), and
    # its tests pass in both: each group's binary ran TestMain, which every test checks.
    for group in runs.groups:
        # An inexact -run would run the other group's tests too: Go results for tests this
        # session did not collect are reported as GoTestWarning.
        assert "GoTestWarning" not in group.run.result.stdout.str()
        big = [nodeid for nodeid in _ran(group) if nodeid.startswith("big/")]
        assert big
        assert all(group.run.outcomes[nodeid] == ["PASSED"] for nodeid in big)


def test_groups_are_balanced_by_go_time(runs: SplitRuns) -> None:
    durations = _durations(runs)
    loads = [sum(durations[nodeid] for nodeid in _ran(group)) for group in runs.groups]
    ideal = sum(durations.values()) / 2
    assert max(loads) <= 1.15 * ideal, (loads, durations)


def test_junit_files_merge_into_the_full_runs(runs: SplitRuns, tmp_path: Path) -> None:
    merged = tmp_path / "junit.xml"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("junitparser")),
            "merge",
            *(str(group.junit) for group in runs.groups),
            str(merged),
        ],
        check=True,
    )
    cases = _junit(merged)
    assert cases == _junit(runs.full.junit)  # statuses of every test and subtest
    assert cases[("example.com/split/small", "TestLater")] == "skipped"
    assert cases[("example.com/split/big", "TestMove/up")] == "passed"
    assert cases[("example.com/split/small", "TestOddFails")] == "failed"


def test_go_profiles_merge_into_the_unsplit_profile(runs: SplitRuns, tmp_path: Path) -> None:
    merged = tmp_path / "merged.out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest_gotest.gocov.merge",
            "-o",
            str(merged),
            *(str(group.profile) for group in runs.groups),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    whole = runs.full.profile.read_text("utf-8")
    assert all(group.profile.read_text("utf-8") != whole for group in runs.groups)
    assert merged.read_text("utf-8") == whole
    assert "2 profiles merged" in done.stdout
    assert "(100.0%)" not in done.stdout  # big.Unused never runs


def test_coverage_combine_gives_the_unsplit_python_and_go_data(
    runs: SplitRuns, tmp_path: Path
) -> None:
    def report(data_file: Path, *inputs: Path) -> dict[str, object]:
        env = {**inner_env({}), "COVERAGE_FILE": str(data_file)}
        coverage = [sys.executable, "-m", "coverage"]
        if inputs:
            combine = [*coverage, "combine", "--keep", *map(str, inputs)]
            subprocess.run(combine, cwd=runs.root, env=env, check=True, capture_output=True)
        out = tmp_path / f"{data_file.name}.json"
        subprocess.run(
            [*coverage, "json", "-o", str(out)],
            cwd=runs.root,
            env=env,
            check=True,
            capture_output=True,
        )
        files: dict[str, dict[str, object]] = json.loads(out.read_text("utf-8"))["files"]
        return {
            name: (data["executed_lines"], data["missing_lines"]) for name, data in files.items()
        }

    combined = report(tmp_path / "combined", *(group.coverage for group in runs.groups))
    assert combined == report(runs.full.coverage)
    assert {"big/big.go", "small/small.go", "tiny/tiny.go", "pycalc/__init__.py"} <= set(combined)
    assert combined["big/big.go"] != ([], [])


def test_a_rerun_of_the_same_group_is_answered_from_gos_test_cache(runs: SplitRuns) -> None:
    first, again = runs.groups[0].run, runs.again.run
    big = "ok    example.com/split/big  "
    assert not any(line.startswith(big + "(cached)") for line in first.result.stdout.lines)
    assert any(line.startswith(big) for line in first.result.stdout.lines)
    assert big + "(cached)" in again.result.stdout.lines, again.result.stdout.str()[-3000:]
    assert again.outcomes == first.outcomes
    assert again.result.ret == first.result.ret
