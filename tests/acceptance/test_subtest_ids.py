"""Subtest ids given back (issue 12, item 2): every id the plugin prints for a Go subtest runs
exactly that subtest when named on the command line, by ``--lf`` and by ``-k``.

Fixture module ``subtests``: its tests append their names to ``$SUBTEST_TRACE`` when they
start, which says what Go really ran (a reported id alone could hide a parent that ran
whole)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .helpers import GomodFactory, RunPytest, assert_counts

MOVES = "moves/moves_test.go"
ODD_IDS = [
    "TestMove/up/down",
    "TestReverse/#00",
    "TestOdd/with_space",
    "TestOdd/brackets[1]",
    "TestOdd/a::b",
    "TestOdd/regexp.*(x)",
]
# The leaves of every failed Go test (their parents fail because they do) and the failed
# tests without subtests.
FAILED_LEAVES = [
    "TestMove/up/down",
    "TestReverse/#00",
    "TestReverse/#01",
    "TestOdd/with_space",
    "TestOdd/brackets[1]",
    "TestOdd/a::b",
    "TestOdd/regexp.*(x)",
]


@pytest.fixture
def trace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Where the fixture's tests write their names (a new file for each run: ``read``)."""
    path = tmp_path / "trace.txt"
    monkeypatch.setenv("SUBTEST_TRACE", str(path))
    return path


def ran(trace: Path) -> list[str]:
    """The tests Go ran since the last call (the file is emptied)."""
    names = trace.read_text(encoding="utf-8").split() if trace.exists() else []
    trace.unlink(missing_ok=True)
    return names


def reported(result: pytest.RunResult) -> dict[str, str]:
    """``-v`` progress lines: node id -> PASSED/FAILED/..."""
    found = {}
    for line in result.stdout.lines:
        match = re.match(rf"^({re.escape(MOVES)}::\S.*?) (PASSED|FAILED|SKIPPED|ERROR)\b", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_printed_subtest_ids_run_exactly_that_subtest(
    gomod: GomodFactory, run_pytest: RunPytest, trace: Path, pytester: pytest.Pytester
) -> None:
    gomod("subtests")
    ids = [f"{MOVES}::{name}" for name in ODD_IDS]
    result = run_pytest("-v", "--junitxml=out.xml", *ids)
    assert "not found" not in result.stdout.str() + result.stderr.str()
    assert reported(result) == dict.fromkeys(ids, "FAILED"), result.stdout.str()
    assert_counts(result, {"failed": len(ids)})
    # Go ran the subtests and the tests above them, nothing else: "-run" with Go's escaping
    # (the "with space" subtest is "with_space" to Go's -run as in its report).
    assert sorted(ran(trace)) == sorted(
        {"TestMove", "TestMove/up", "TestReverse", "TestOdd", *ODD_IDS}
    )
    cases = {
        case.get("name"): case for case in ET.parse(pytester.path / "out.xml").getroot().iter()
    }
    for name in ODD_IDS:
        assert cases[name].get("classname") == "example.com/subtests/moves"


def test_a_subtest_id_reports_its_own_subtests(
    gomod: GomodFactory, run_pytest: RunPytest, trace: Path
) -> None:
    gomod("subtests")
    result = run_pytest("-v", f"{MOVES}::TestMove/up")
    assert reported(result) == {
        f"{MOVES}::TestMove/up/down": "FAILED",
        f"{MOVES}::TestMove/up/stay": "PASSED",
        f"{MOVES}::TestMove/up": "FAILED",
    }, result.stdout.str()
    assert sorted(ran(trace)) == ["TestMove", "TestMove/up", "TestMove/up/down", "TestMove/up/stay"]


def test_a_subtest_id_typed_as_t_run_names_it_runs_under_gos_name(
    gomod: GomodFactory, run_pytest: RunPytest, trace: Path, pytester: pytest.Pytester
) -> None:
    """``t.Run("with space")`` is ``TestOdd/with_space`` to Go: asked for with its space, Go
    runs it (``-run`` rewrites the pattern as the name), and every report names it as Go does
    (-v, JUnit, the last-failed list), as a run of the whole test does."""
    root = gomod("subtests")
    result = run_pytest(
        "-v", "--junitxml=out.xml", f"{MOVES}::TestOdd/with space", f"{MOVES}::TestReverse/#00",
        cache=True,
    )  # fmt: skip
    assert reported(result) == {
        f"{MOVES}::TestOdd/with_space": "FAILED",
        f"{MOVES}::TestReverse/#00": "FAILED",
    }, result.stdout.str()
    assert "not run" not in result.stdout.str()
    assert sorted(ran(trace)) == ["TestOdd", "TestOdd/with_space", "TestReverse", "TestReverse/#00"]
    names = {case.get("name") for case in ET.parse(pytester.path / "out.xml").getroot().iter()}
    assert "TestOdd/with_space" in names
    lastfailed = root / ".pytest_cache" / "v" / "cache" / "lastfailed"
    assert f"{MOVES}::TestOdd/with_space" in json.loads(lastfailed.read_text(encoding="utf-8"))

    # Both spellings name one Go subtest: it runs once.
    both = run_pytest(
        "-v", f"{MOVES}::TestOdd/with space", f"{MOVES}::TestOdd/with_space"
    )  # fmt: skip
    assert reported(both) == {f"{MOVES}::TestOdd/with_space": "FAILED"}, both.stdout.str()
    assert sorted(ran(trace)) == ["TestOdd", "TestOdd/with_space"]


def test_unknown_subtest_id_is_reported_not_run(
    gomod: GomodFactory, run_pytest: RunPytest, trace: Path
) -> None:
    gomod("subtests")
    # TestPass has no subtests: Go runs it (it passes) and reports no TestPass/gone.
    result = run_pytest("-v", f"{MOVES}::TestPass/gone")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*not run: go test did not run TestPass/gone*"])
    assert ran(trace) == ["TestPass"]


def test_last_failed_reruns_only_the_failed_subtests(
    gomod: GomodFactory, run_pytest: RunPytest, trace: Path
) -> None:
    root = gomod("subtests")
    first = run_pytest(cache=True)
    assert first.ret == pytest.ExitCode.TESTS_FAILED
    ran(trace)

    rerun = run_pytest("--lf", "-v", cache=True)
    expected = [*FAILED_LEAVES, "TestTestify", "TestInHelper"]
    assert reported(rerun) == {f"{MOVES}::{name}": "FAILED" for name in expected}
    assert_counts(rerun, {"failed": len(expected) + 1})  # + other_test.go's failing test
    # Not the whole parents: their passing subtests did not run.
    assert not {"TestMove/left", "TestMove/up/stay", "TestOdd/fine", "TestPass"} & set(ran(trace))

    # Fixed: the subtest passes, and its parents are not failed any more.
    test_file = root / MOVES
    source = test_file.read_text(encoding="utf-8")
    test_file.write_text(source.replace('"down"); got != 1', '"down"); got != 0'), "utf-8")
    fixed = run_pytest("--lf", "-v", cache=True)
    assert reported(fixed)[f"{MOVES}::TestMove/up/down"] == "PASSED"
    ran(trace)
    after = run_pytest("--lf", "-v", cache=True)
    assert not [nodeid for nodeid in reported(after) if "TestMove" in nodeid]
    assert "TestMove" not in ran(trace)


def test_keyword_selects_subtests_by_name(
    gomod: GomodFactory, run_pytest: RunPytest, trace: Path
) -> None:
    gomod("subtests")
    run_pytest(cache=True)  # the subtests' names are known once Go reported them
    ran(trace)
    result = run_pytest("-v", "-k", "down or brackets", cache=True)
    assert reported(result) == {
        f"{MOVES}::TestMove/up/down": "FAILED",
        f"{MOVES}::TestOdd/brackets[1]": "FAILED",
    }, result.stdout.str()
    assert sorted(ran(trace)) == [
        "TestMove",
        "TestMove/up",
        "TestMove/up/down",
        "TestOdd",
        "TestOdd/brackets[1]",
    ]
    # A selected test runs all of its subtests; its subtests are not selected again.
    whole = run_pytest("-v", "-k", "TestReverse or 00", cache=True)
    assert list(reported(whole)) == [
        f"{MOVES}::TestReverse/#00",
        f"{MOVES}::TestReverse/#01",
        f"{MOVES}::TestReverse",
    ]


def test_subtest_ids_under_xdist(gomod: GomodFactory, run_pytest: RunPytest, trace: Path) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    gomod("subtests")
    result = run_pytest("-n", "2", "-v", f"{MOVES}::TestOdd/a::b", f"{MOVES}::TestReverse/#00")
    assert_counts(result, {"failed": 2})
    result.stdout.fnmatch_lines_random(
        [f"*FAILED {MOVES}::TestOdd/a::b*", f"*FAILED {MOVES}::TestReverse/#00*"]
    )
    assert sorted(ran(trace)) == ["TestOdd", "TestOdd/a::b", "TestReverse", "TestReverse/#00"]


BRACKETS = """package br

import "testing"

func TestB(t *testing.T) {
	for _, name := range []string{"[1 2] sum", "[open", "close]", "[x]"} {
		t.Run(name, func(t *testing.T) { t.Errorf("%s failed", name) })
	}
}
"""
BRACKET_IDS = ["TestB/[1_2]_sum", "TestB/[open", "TestB/close]", "TestB/[x]"]


@pytest.mark.parametrize("workers", [(), ("-n", "2")], ids=["serial", "xdist"])
def test_subtest_ids_with_brackets_are_printed_as_go_names_them(
    pytester: pytest.Pytester,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    workers: tuple[str, ...],
) -> None:
    """pytest 9.2 reads a node id's first ``[`` as the start of a parametrized test's params
    and wrote the id back with a ``]`` at its end: ``TestB/[1_2]_sum]`` in the short summary
    (and on every line when pytest runs below its rootdir), an id that names nothing."""
    if workers:
        pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    pytester.makeini("[pytest]\n")
    module = pytester.path / "mod"
    module.mkdir()
    (module / "go.mod").write_text("module example.com/br\n\ngo 1.22\n", "utf-8")
    (module / "b_test.go").write_text(BRACKETS, "utf-8")
    monkeypatch.chdir(module)  # below the rootdir: pytest rebuilds every printed id
    result = run_pytest("-p", "no:randomly", "-v", *workers, cache=True)
    assert_counts(result, {"failed": 5})
    lines = result.stdout.lines
    for name in BRACKET_IDS:
        assert any(line.startswith(f"FAILED b_test.go::{name} - ") for line in lines), name
        # -v: "b_test.go::<id> FAILED"; under xdist "[gw0] [ 50%] FAILED b_test.go::<id>".
        verbose = (
            rf"^b_test\.go::{re.escape(name)} FAILED\b|\] FAILED b_test\.go::{re.escape(name)}\s*$"
        )
        assert any(re.search(verbose, line) for line in lines), name
    # Each id as printed, given back, names its subtest; --lf keeps exactly those.
    named = (f"b_test.go::{name}" for name in BRACKET_IDS)
    result = run_pytest("-p", "no:randomly", *workers, *named)
    assert_counts(result, {"failed": 4})
    for name in BRACKET_IDS:  # the subtest items' own reports
        assert any(line.startswith(f"FAILED b_test.go::{name} - ") for line in result.stdout.lines)
    result = run_pytest("-p", "no:randomly", "--lf", cache=True)
    assert_counts(result, {"failed": 4})
