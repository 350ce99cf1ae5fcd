"""pytest's last-failed list and ``-k`` stay true to Go across runs whose subtests change.

Fixture module ``lastfailed`` (its README: environment variables stand for edits).

- A parent that fails on its own (a ``t.Error`` in its body) while ``--lf`` reruns only its
  failed subtest: Go says FAIL for the parent in that run, so the run fails with the
  parent's own message, and the parent stays in the list.
- A subtest renamed or removed: once its test passes, its old id leaves the list (it would
  make every later ``--lf`` run a subtest Go no longer has), and ``-k`` no longer finds it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .helpers import GomodFactory, RunPytest, assert_counts

OWN = "own/own_test.go"


def statuses(result: pytest.RunResult) -> dict[str, str]:
    """``-v`` lines: node id -> PASSED/FAILED/... (``id WORD`` in one process, ``[gwN] [ n%]
    WORD id`` under xdist)."""
    word = "PASSED|FAILED|SKIPPED|ERROR"
    nodeid = rf"{re.escape(OWN)}::\S+"
    found = {}
    for line in result.stdout.lines:
        match = re.match(rf"^({nodeid}) ({word})\b", line)
        if match:
            found[match.group(1)] = match.group(2)
            continue
        match = re.match(rf"^\[gw\d+\] \[ *\d+%\] ({word}) ({nodeid})", line)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def last_failed(root: Path) -> list[str]:
    path = root / ".pytest_cache" / "v" / "cache" / "lastfailed"
    return sorted(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else []


@pytest.mark.parametrize("workers", [(), ("-n", "2")], ids=["one process", "xdist"])
def test_last_failed_keeps_a_parent_that_failed_on_its_own(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    workers: tuple[str, ...],
) -> None:
    if workers:
        pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    root = gomod("lastfailed")
    first = run_pytest("-p", "no:randomly", OWN, "-k", "TestOwn", *workers, cache=True)
    assert_counts(first, {"failed": 2, "deselected": 3})
    assert last_failed(root) == [f"{OWN}::TestOwn", f"{OWN}::TestOwn/sub"]

    # The subtest is fixed; --lf runs it alone, and Go runs TestOwn's body with it.
    monkeypatch.setenv("LF_FIXED", "1")
    rerun = run_pytest("-p", "no:randomly", "--lf", "-v", *workers, cache=True)
    text = rerun.stdout.str()
    assert rerun.ret == pytest.ExitCode.TESTS_FAILED, text
    assert statuses(rerun) == {f"{OWN}::TestOwn/sub": "PASSED", f"{OWN}::TestOwn": "FAILED"}
    rerun.stdout.fnmatch_lines([f"FAILED {OWN}::TestOwn - own_test.go:14: parent's own check*"])
    assert_counts(rerun, {"failed": 1, "passed": 1})
    assert last_failed(root) == [f"{OWN}::TestOwn"]

    # The next --lf runs the parent whole: its own failure again, its subtest passing.
    again = run_pytest("-p", "no:randomly", "--lf", "-v", *workers, cache=True)
    assert statuses(again) == {f"{OWN}::TestOwn/sub": "PASSED", f"{OWN}::TestOwn": "FAILED"}
    assert_counts(again, {"failed": 1, "subtests passed": 1})


def test_renamed_subtests_leave_the_last_failed_list_and_keyword_matching(
    gomod: GomodFactory, run_pytest: RunPytest, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = gomod("lastfailed")
    first = run_pytest("-p", "no:randomly", OWN, "-k", "not TestOwn", cache=True)
    assert_counts(first, {"failed": 2, "passed": 2, "subtests passed": 2, "deselected": 1})
    assert last_failed(root) == [f"{OWN}::TestTable", f"{OWN}::TestTable/old"]

    # Renamed and fixed: a full run passes TestTable, and the old id goes with it.
    monkeypatch.setenv("LF_RENAMED", "1")
    full = run_pytest("-p", "no:randomly", OWN, "-k", "not TestOwn", cache=True)
    assert full.ret == pytest.ExitCode.OK, full.stdout.str()
    assert last_failed(root) == []
    after = run_pytest("-p", "no:randomly", OWN, "--lf", "-k", "not TestOwn", cache=True)
    assert "not run" not in after.stdout.str()
    assert after.ret == pytest.ExitCode.OK, after.stdout.str()

    # TestGone has no subtest any more: -k by the old subtest's name selects nothing.
    gone = run_pytest("-p", "no:randomly", OWN, "-k", "only", cache=True)
    assert gone.ret == pytest.ExitCode.NO_TESTS_COLLECTED, gone.stdout.str()
    assert "TestGone/only" not in gone.stdout.str()


def test_a_skipped_subtest_is_located_as_its_test_from_any_directory(
    gomod: GomodFactory, run_pytest: RunPytest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-rs shows a skip's file relative to where pytest runs, as for a test's own skip."""
    root = gomod("lastfailed")
    monkeypatch.setenv("LF_RENAMED", "1")
    monkeypatch.chdir(root / "own")
    result = run_pytest("-p", "no:randomly", "-rs", "-k", "TestSkips", "own_test.go")
    result.stdout.fnmatch_lines(["SKIPPED ?1? own_test.go:*: *skipped in a subtest"])
    assert "own/own_test.go:" not in result.stdout.str()


@pytest.mark.parametrize("workers", [(), ("-n", "2")], ids=["one process", "xdist"])
def test_last_failed_drops_a_renamed_subtest_the_first_time_go_shows_it_gone(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    workers: tuple[str, ...],
) -> None:
    """Renamed and fixed, then ``--lf`` at once (no full run between): Go runs TestTable for
    ``old`` and passes it without it. The gone subtest is skipped, saying so (pytest never
    collects a Python test that no longer exists), and it and its passed test leave the
    list: the next ``--lf`` does not ask for it again."""
    if workers:
        pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    root = gomod("lastfailed")
    run_pytest("-p", "no:randomly", OWN, "-k", "TestTable", cache=True)
    assert last_failed(root) == [f"{OWN}::TestTable", f"{OWN}::TestTable/old"]

    monkeypatch.setenv("LF_RENAMED", "1")
    rerun = run_pytest("-p", "no:randomly", "--lf", "-v", "-rs", *workers, cache=True)
    text = rerun.stdout.str()
    assert rerun.ret == pytest.ExitCode.OK, text
    assert statuses(rerun) == {f"{OWN}::TestTable/old": "SKIPPED"}, text
    rerun.stdout.fnmatch_lines(
        ["SKIPPED ?1? own/own_test.go:*: TestTable/old no longer exists: go test ran TestTable,*"]
    )
    assert last_failed(root) == []
    again = run_pytest("-p", "no:randomly", "--lf", OWN, "-k", "TestTable", *workers, cache=True)
    assert again.ret == pytest.ExitCode.OK, again.stdout.str()
    assert "TestTable/old" not in again.stdout.str()


def test_keyword_stops_selecting_a_subtest_go_showed_gone(
    gomod: GomodFactory, run_pytest: RunPytest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-k old`` after the rename selects ``TestTable/old`` from the names of the last full
    run; Go shows it gone (skipped, as above), and the next ``-k old`` selects nothing, as
    pytest deselects a Python test that no longer matches."""
    root = gomod("lastfailed")
    run_pytest("-p", "no:randomly", OWN, "-k", "TestTable", cache=True)
    monkeypatch.setenv("LF_RENAMED", "1")
    stale = run_pytest("-p", "no:randomly", OWN, "-v", "-k", "old", cache=True)
    assert stale.ret == pytest.ExitCode.OK, stale.stdout.str()
    assert statuses(stale) == {f"{OWN}::TestTable/old": "SKIPPED"}, stale.stdout.str()
    assert last_failed(root) == []
    after = run_pytest("-p", "no:randomly", OWN, "-v", "-k", "old", cache=True)
    assert after.ret == pytest.ExitCode.NO_TESTS_COLLECTED, after.stdout.str()
    assert "TestTable/old" not in after.stdout.str()


def test_a_gone_subtest_named_on_the_command_line_is_an_error_once(
    gomod: GomodFactory, run_pytest: RunPytest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Named on the command line, a subtest Go does not have is an error (it was asked for
    and does not exist); it does not stay in the last-failed list, nor does its test, which
    Go passed."""
    root = gomod("lastfailed")
    run_pytest("-p", "no:randomly", OWN, "-k", "TestTable", cache=True)
    monkeypatch.setenv("LF_RENAMED", "1")
    named = run_pytest("-p", "no:randomly", f"{OWN}::TestTable/old", cache=True)
    assert named.ret == pytest.ExitCode.TESTS_FAILED, named.stdout.str()
    named.stdout.fnmatch_lines(["*TestTable/old*", "not run: go test did not run TestTable/old"])
    assert last_failed(root) == []
