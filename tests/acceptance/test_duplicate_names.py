"""One test name in the internal and the external test package (issue 10, item 3).

``p/a_test.go`` (``package p``) and ``p/z_test.go`` (``package p_test``) may both define
``TestX``; Go runs both (internal package first) and reports two ``TestX`` results in one
stream. Each pytest item must get its own result: for the whole module, with ``-run``
selecting only one of them (Go still runs both), under xdist with ``--dist=loadfile`` (which
puts the two files on different workers), and with a TestMain that calls ``os.Exit(0)`` after
``m.Run()`` (go test then says ``ok``). Fixture module ``dupnames`` (README.md there).

One inner session per selection, shared by the assertions on it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest

from .helpers import assert_counts, sections
from .session_runs import ModuleRun, copy_module, run_inner, short_summary, summary_line

BOTH = "example.com/dupnames/both"

ALL = {
    "both/a_test.go::TestX": ["FAILED"],
    "both/a_test.go::TestY": ["PASSED"],
    "both/a_test.go::TestY/case": ["PASSED"],
    "both/z_test.go::TestX": ["PASSED"],
    "both/z_test.go::TestY": ["FAILED"],
    # Go makes subtest names unique across the binary: the external TestY's "case" is case#01.
    "both/z_test.go::TestY/case#01": ["FAILED"],
    "exitzero/a_test.go::TestX": ["FAILED"],
    "exitzero/z_test.go::TestX": ["PASSED"],
    # Parallel copies of one name: Go's events cannot tell them apart. Each copy gets the
    # worse result; their subtests are reported once, under the first copy pytest selected.
    "twins/a_test.go::TestP": ["FAILED"],
    "twins/a_test.go::TestP/in_a": ["PASSED"],
    "twins/a_test.go::TestP/in_b": ["FAILED"],
    "twins/a_test.go::TestP/ex_a": ["PASSED"],
    "twins/z_test.go::TestP": ["FAILED"],
    "twins/a_test.go::TestQ": ["PASSED"],
    "twins/a_test.go::TestQ/q_in": ["PASSED"],
    "twins/a_test.go::TestQ/q_ex": ["PASSED"],
    "twins/z_test.go::TestQ": ["PASSED"],
}
NOT_TWINS = {k: v for k, v in ALL.items() if not k.startswith("twins/")}
# The first line of each failure (the short summary's message).
# Each failure's message is its own test's error line (after its t.Log line: before Go 1.27
# the source tells them apart), never the other test's of the same name.
MESSAGES = {
    "both/a_test.go::TestX": "a_test.go:8: internal TestX fails",
    "both/z_test.go::TestY/case#01": "z_test.go:15: external TestY/case fails",
    "exitzero/a_test.go::TestX": "a_test.go:9: external TestX fails",
}


@dataclass(frozen=True)
class Selection:
    args: tuple[str, ...]
    expected: dict[str, list[str]]


SELECTIONS = {
    "whole-module": Selection((), ALL),
    # The module on one worker, as in one process.
    "xdist-load": Selection(("-n", "2"), ALL),
    # Each file on its own worker: each worker runs -run '^(TestX|TestY)$', so both
    # packages' tests, and must report only its own file's. (Not twins: whether their two
    # files share a worker, and so which copy shows the subtests, is up to xdist.)
    "xdist-loadfile": Selection(("-n", "2", "--dist=loadfile", "--ignore=twins"), NOT_TWINS),
    # Only the external copy: the group's subtests are reported under it, not lost.
    "only-external-twin": Selection(
        ("twins/z_test.go::TestQ",),
        {
            "twins/z_test.go::TestQ": ["PASSED"],
            "twins/z_test.go::TestQ/q_in": ["PASSED"],
            "twins/z_test.go::TestQ/q_ex": ["PASSED"],
        },
    ),
    # Go's -run '^(TestX)$' runs the internal TestX too, which fails: not selected, not shown,
    # not an error of the selected test, exit status 0.
    "only-external-passing": Selection(
        ("both/z_test.go::TestX",), {"both/z_test.go::TestX": ["PASSED"]}
    ),
    "one-of-each": Selection(
        ("both/a_test.go::TestX", "exitzero/z_test.go::TestX"),
        {"both/a_test.go::TestX": ["FAILED"], "exitzero/z_test.go::TestX": ["PASSED"]},
    ),
    # TestMain's os.Exit(0) after m.Run: go test says `ok`, the external TestX failed.
    "exitzero-only": Selection(
        ("exitzero",), {k: v for k, v in ALL.items() if k.startswith("exitzero/")}
    ),
}


def _selections(names: tuple[str, ...] = tuple(SELECTIONS)) -> list[object]:
    """Selections as ``dupnames`` parameters."""
    return [pytest.param(name, id=name) for name in names]


@pytest.fixture(scope="module")
def dupnames(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
) -> tuple[ModuleRun, Selection]:
    selection = SELECTIONS[request.param]
    if "-n" in selection.args:
        pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    root = copy_module("dupnames", tmp_path_factory.mktemp(f"dupnames-{request.param}") / "mod")
    # -v: passing subtests are read from their progress lines (not in -rA's summary).
    return run_inner(root, go_env, "-v", *selection.args), selection


@pytest.mark.parametrize(
    "dupnames",
    _selections(),
    indirect=True,
)
def test_each_item_gets_its_own_result(dupnames: tuple[ModuleRun, Selection]) -> None:
    run, selection = dupnames
    assert run.outcomes == selection.expected, short_summary(run.result)


@pytest.mark.parametrize(
    "dupnames",
    _selections(),
    indirect=True,
)
def test_exit_status_follows_the_selected_results(dupnames: tuple[ModuleRun, Selection]) -> None:
    run, selection = dupnames
    failed = any("FAILED" in words for words in selection.expected.values())
    expected = pytest.ExitCode.TESTS_FAILED if failed else pytest.ExitCode.OK
    assert run.result.ret == expected, short_summary(run.result)
    counts: Counter[str] = Counter()
    for nodeid, words in selection.expected.items():
        passed = words == ["PASSED"]
        subtest = "/" in nodeid.split("::", 1)[1]
        counts["subtests passed" if passed and subtest else "passed" if passed else "failed"] += 1
    assert_counts(run.result, counts)


@pytest.mark.parametrize(
    "dupnames",
    _selections(tuple(name for name in SELECTIONS if name != "only-external-passing")),
    indirect=True,
)
def test_each_failure_carries_its_own_message(dupnames: tuple[ModuleRun, Selection]) -> None:
    run, selection = dupnames
    for nodeid, message in MESSAGES.items():
        if nodeid in selection.expected:
            line = summary_line(run.result, "FAILED", nodeid)
            assert line.endswith(f" - {message}"), line


@pytest.mark.parametrize(
    "dupnames",
    _selections(("whole-module", "xdist-loadfile")),
    indirect=True,
)
def test_each_report_shows_only_its_own_test_output(
    dupnames: tuple[ModuleRun, Selection],
) -> None:
    run, _ = dupnames
    found = sections(run.result)
    # Two tests share each name: the headline names the file.
    internal = found[f"{BOTH}.TestX (a_test.go)"]
    assert "internal TestX fails" in internal
    assert "external TestX ran" not in internal
    external = found[f"{BOTH}.TestY (z_test.go)"]
    assert "external TestY ran" in external
    assert "internal TestY ran" not in external
    sub = found[f"{BOTH}.TestY/case#01"]
    assert "external TestY/case fails" in sub


@pytest.mark.parametrize("dupnames", _selections(("whole-module",)), indirect=True)
def test_parallel_twins_say_why_both_failed(dupnames: tuple[ModuleRun, Selection]) -> None:
    """Go failed one TestP and passed the other, and its events do not say which: both fail,
    and each report says so rather than blaming the test on its own."""
    run, _ = dupnames
    found = sections(run.result)
    for file in ("a_test.go", "z_test.go"):
        text = found[f"example.com/dupnames/twins.TestP ({file})"]
        assert "2 tests of this package are named TestP" in text, text
        assert "ran in parallel" in text, text
        assert "(-count, -cpu)" not in text, text  # no -count: the two runs are the twins'
        line = summary_line(run.result, "FAILED", f"twins/{file}::TestP")
        assert line.endswith(" - subtests failed: TestP/in_b"), line
    assert "internal TestP/in_b fails: 1" in found["example.com/dupnames/twins.TestP/in_b"]
