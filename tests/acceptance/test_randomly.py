"""pytest-randomly with Go tests (issue 12, item 6).

pytest-randomly shuffles pytest's items; for Go items that is the order pytest *reports*
them in. Go runs a package's tests in its own order (source order, or ``-shuffle``), in a
``go test`` started for the whole package, so a seed must change no outcome. The suite keeps
pytest-randomly off (pyproject's addopts, session_runs.INNER_ADDOPTS); these inner runs turn
it on with ``-p randomly``. Fixture module ``basic`` (README.md there).
"""

from __future__ import annotations

import re

import pytest

from .helpers import (
    BASIC_COUNTS,
    BASIC_RESULTS,
    BASIC_TOP_LEVEL,
    assert_basic_junit,
    assert_counts,
)
from .session_runs import ModuleRun, copy_module, run_inner

pytest.importorskip("pytest_randomly", reason="pytest-randomly is not installed")

# -v progress of a top-level Go item: "calc/calc_test.go::TestAdd PASSED [  5%]"; a parent of
# subtests first stands alone on its line ("calc/calc_test.go::TestTable ").
_TOP_LEVEL_LINE = re.compile(r"^(\S+_test\.go::[^/\s]+)(?: |$)")

RUNS = {
    "seed-1": ("-v", "--randomly-seed=1"),
    "seed-2": ("-v", "--randomly-seed=2"),
    # Go's own shuffling as well, and pytest-xdist on top.
    "seed-3-go-shuffle-xdist": ("--randomly-seed=3", "--go-flags=-shuffle=42", "-n", "2"),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> dict[str, ModuleRun]:
    done = {}
    for name, args in RUNS.items():
        root = copy_module("basic", tmp_path_factory.mktemp(name) / "mod")
        done[name] = run_inner(root, go_env, "-p", "randomly", *args)
    return done


def _first_order(run: ModuleRun) -> list[str]:
    """Top-level node ids in the order -v first shows them."""
    order: list[str] = []
    for line in run.result.stdout.lines:
        found = _TOP_LEVEL_LINE.match(line)
        if found and found.group(1) not in order:
            order.append(found.group(1))
    return order


@pytest.mark.parametrize("name", RUNS)
def test_a_seed_changes_no_outcome(runs: dict[str, ModuleRun], name: str) -> None:
    run = runs[name]
    seed = next(arg for arg in RUNS[name] if arg.startswith("--randomly-seed=")).split("=")[1]
    assert f"Using --randomly-seed={seed}" in run.result.stdout.str()
    assert run.result.ret == pytest.ExitCode.TESTS_FAILED
    assert_counts(run.result, BASIC_COUNTS)
    # -rA lists a skip by file and line, not by node id: the count above has it.
    expected = {
        nodeid: [status.upper()] for nodeid, status in BASIC_RESULTS.items() if status != "skipped"
    }
    if "-v" not in RUNS[name]:
        # Passing subtests are in -rA's summary only on pytest 8, and in -v's progress lines.
        expected = {nodeid: words for nodeid, words in expected.items() if nodeid in run.outcomes}
        assert set(BASIC_TOP_LEVEL) - {"calc/calc_test.go::TestSkipped"} <= set(expected)
    assert run.outcomes == expected


def test_junit_has_every_result_whatever_the_seed(runs: dict[str, ModuleRun]) -> None:
    for run in runs.values():
        assert_basic_junit(run.junit)


def test_the_seed_orders_the_reports(runs: dict[str, ModuleRun]) -> None:
    """pytest-randomly was really on: two seeds, two orders of the same items."""
    first, second = _first_order(runs["seed-1"]), _first_order(runs["seed-2"])
    assert sorted(first) == sorted(second) == sorted(BASIC_TOP_LEVEL)
    assert first != second
