"""--go-shard's pure parts: which tests call t.Parallel() (``core/parallel.py``), the layout
of a package's shards and the merge of their verdicts (``core/shard.py``), the setting."""

from __future__ import annotations

import pytest

from pytest_gotest.core.outcome import (
    Cause,
    Evidence,
    Note,
    NoteKind,
    Outcome,
    PackageContext,
    PackageVerdict,
    TestSlot,
)
from pytest_gotest.core.parallel import parallel_tests
from pytest_gotest.core.shard import (
    PROCESS_SECONDS,
    PackageTimes,
    merge_verdicts,
    plan_layout,
)

# -- t.Parallel() ----------------------------------------------------------------------------

SOURCE = b"""package p

import "testing"

// func TestInComment(t *testing.T) { t.Parallel() }

func TestDirect(t *testing.T) { t.Parallel(); s := "}"; _ = s }

func TestSubtestsOnly(t *testing.T) {
\tfor _, n := range []string{"a", "b"} {
\t\tt.Run(n, func(t *testing.T) { t.Parallel() })
\t}
}

func TestAfterALiteral(t *testing.T) {
\tdefer func() {}()
\tt.Parallel()
}

func helper(t *testing.T) { t.Parallel() }

func TestInStrings(t *testing.T) { /* t.Parallel() */ s := `.Parallel()`; _ = s; helper(t) }

func TestOtherName(tt *testing.T) {
\ttt.Parallel()
}

func TestMain(m *testing.M) { m.Run() }
"""


def test_tests_that_call_parallel_themselves() -> None:
    assert parallel_tests(SOURCE) == {"TestDirect", "TestAfterALiteral", "TestOtherName"}


def test_no_parallel_call_means_no_scan() -> None:
    assert parallel_tests(b"package p\nfunc TestA(t *testing.T) {}\n") == frozenset()


# -- layouts ---------------------------------------------------------------------------------

NAMES = [f"T{i:02d}" for i in range(40)]


def _times(seconds: float, names: list[str] = NAMES, fixed: float = 0.0) -> PackageTimes:
    return PackageTimes(dict.fromkeys(names, seconds), fixed)


def test_n_shards_by_count_without_durations() -> None:
    layout = plan_layout(NAMES[:7], frozenset(), 3, jobs=2, cpus=2, times=None)
    assert [len(s) for s in layout] == [3, 2, 2]
    assert frozenset().union(*layout) == frozenset(NAMES[:7])


def test_n_never_exceeds_the_units() -> None:
    assert plan_layout(["A", "B"], frozenset(), 8, jobs=2, cpus=2, times=None) == (
        frozenset({"A"}),
        frozenset({"B"}),
    )
    assert plan_layout(["A"], frozenset(), 2, jobs=2, cpus=2, times=None) == ()


def test_parallel_tests_stay_in_one_shard() -> None:
    parallel = frozenset({"P1", "P2", "P3"})
    layout = plan_layout(
        ["P1", "S1", "P2", "S2", "P3", "S3"], parallel, 3, jobs=2, cpus=2, times=None
    )
    assert len(layout) == 3
    assert any(parallel <= shard for shard in layout)
    # Only parallel tests: one unit, nothing to split.
    assert plan_layout(sorted(parallel), parallel, 2, jobs=2, cpus=2, times=None) == ()


def test_durations_balance_the_shards() -> None:
    times = PackageTimes({"Long": 6.0, "A": 2.0, "B": 2.0, "C": 2.0})
    layout = plan_layout(["A", "Long", "B", "C"], frozenset(), 2, jobs=2, cpus=2, times=times)
    assert set(layout) == {frozenset({"Long"}), frozenset({"A", "B", "C"})}


def test_auto_never_splits_without_durations() -> None:
    assert plan_layout(NAMES, frozenset(), "auto", jobs=2, cpus=2, times=None) == ()
    # Durations for too few of the tests count as none.
    few = _times(5.0, NAMES[:10])
    assert plan_layout(NAMES, frozenset(), "auto", jobs=2, cpus=2, times=few) == ()


def test_auto_splits_a_slow_package_into_at_most_jobs_shards() -> None:
    # The first shard starts about HEAD_START_SECONDS earlier (the others wait for its
    # build): it takes more of the work.
    layout = plan_layout(NAMES, frozenset(), "auto", jobs=2, cpus=2, times=_times(0.25))
    assert [len(s) for s in layout] == [21, 19]
    layout = plan_layout(NAMES, frozenset(), "auto", jobs=4, cpus=4, times=_times(0.25))
    assert [len(s) for s in layout] == [11, 10, 10, 9]
    assert frozenset().union(*layout) == frozenset(NAMES)


def test_auto_keeps_a_package_whole_when_splitting_does_not_pay() -> None:
    # 40 x 20 ms: 0.8 s in one process, 0.4 s + a further process's cost in two.
    assert plan_layout(NAMES, frozenset(), "auto", jobs=2, cpus=2, times=_times(0.02)) == ()
    # TestMain's own 10 s run in every shard: the tests' 4 s would save too little.
    slow_main = _times(0.1, fixed=10.0)
    assert plan_layout(NAMES, frozenset(), "auto", jobs=2, cpus=2, times=slow_main) == ()
    # The time a split saves must beat the process cost by the margin.
    edge = _times((2 * PROCESS_SECONDS + 0.1) / len(NAMES))
    assert plan_layout(NAMES, frozenset(), "auto", jobs=2, cpus=2, times=edge) == ()


def test_a_previous_layout_is_kept_while_nearly_as_good() -> None:
    names = ["A", "B", "C", "D"]
    previous = (frozenset({"A", "B"}), frozenset({"C", "D"}))
    jitter = PackageTimes({"A": 2.1, "B": 2.0, "C": 1.9, "D": 2.0}, layout=previous)
    assert plan_layout(names, frozenset(), "auto", jobs=2, cpus=2, times=jitter) == previous
    assert plan_layout(names, frozenset(), 2, jobs=2, cpus=2, times=jitter) == previous
    # Far off balance now: a fresh layout.
    skewed = PackageTimes({"A": 9.0, "B": 9.0, "C": 1.0, "D": 1.0}, layout=previous)
    fresh = plan_layout(names, frozenset(), 2, jobs=2, cpus=2, times=skewed)
    assert fresh != previous
    assert len(fresh) == 2
    # A test added since: the old layout no longer covers the package.
    grown = PackageTimes({"A": 2.0, "B": 2.0, "C": 2.0, "D": 2.0, "E": 2.0}, layout=previous)
    assert plan_layout([*names, "E"], frozenset(), 2, jobs=2, cpus=2, times=grown) != previous


# -- merging verdicts ------------------------------------------------------------------------


def _context(output: str) -> PackageContext:
    return PackageContext("example.com/p", output)


def _verdict(
    outcomes: dict[str, Cause], output: str, *, teardown: bool = False, notes: tuple[Note, ...] = ()
) -> PackageVerdict:
    return PackageVerdict(
        context=_context(output),
        outcomes={
            TestSlot(name): Outcome(name, cause, evidence=Evidence())
            for name, cause in outcomes.items()
        },
        teardown=Outcome("", Cause.PACKAGE_FAILED_AFTER_PASS) if teardown else None,
        notes=notes,
    )


def test_each_test_keeps_its_own_shards_context() -> None:
    note = Note(NoteKind.UNCOLLECTED, "TestGhost", ("pass",))
    first = _verdict({"TestA": Cause.PASSED, "TestC": Cause.CRASHED}, "first", notes=(note,))
    second = _verdict({"TestB": Cause.PASSED}, "second", notes=(note,))
    order = [TestSlot("TestA"), TestSlot("TestB"), TestSlot("TestC")]
    merged = merge_verdicts([first, second], order)
    assert list(merged.outcomes) == order
    assert merged.context_of(TestSlot("TestB")).output == "second"
    assert merged.context_of(TestSlot("TestC")).output == "first"
    assert merged.notes == (note,)  # told once, not once per shard
    assert merged.teardown is None


def test_a_shards_exit_code_is_a_teardown_error_only_when_every_test_passed() -> None:
    passed = _verdict({"TestA": Cause.PASSED}, "first")
    exited = _verdict({"TestB": Cause.PASSED}, "second", teardown=True)
    merged = merge_verdicts([passed, exited], [TestSlot("TestA"), TestSlot("TestB")])
    assert merged.teardown is not None
    assert merged.context.output == "second"
    failed = _verdict({"TestA": Cause.FAILED}, "first")
    merged = merge_verdicts([failed, exited], [TestSlot("TestA"), TestSlot("TestB")])
    assert merged.teardown is None


# -- the setting -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["many", "0", "-2"])
def test_a_bad_shard_setting_names_itself(pytester: pytest.Pytester, value: str) -> None:
    pytester.makeini(f"[pytest]\ngo_shard = {value}\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--no-go")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert (
        "ini go_shard: expected a number of go test processes per package (2 or more), "
        f"auto or off, got {value!r}"
    ) in result.stderr.str()
