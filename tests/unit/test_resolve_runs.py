"""resolve: several runs of one name, and runs that were never real.

-count and -cpu repeat every test; the internal and the external test package of one binary may
share a name (``TestSlot.copy``/``copies`` keep them apart); init, TestMain or a running test can
print test framing that test2json takes for runs (forged framing). A test is PASSED only when
every one of its real runs passed; the rest becomes a ``Note`` for a warning.
"""

from __future__ import annotations

import pytest
from stream_helpers import (
    PKG,
    ev,
    evidence_of,
    failing,
    out,
    package_fail,
    package_pass,
    passing,
    subtest,
    verdict,
    words,
)

from pytest_gotest.core.explain import explain, skip_reason
from pytest_gotest.core.outcome import Cause, Note, NoteKind, TestSlot

# -- -count and -cpu: several runs of one name --------------------------------------------------


def test_count2_fail_then_pass_is_failed() -> None:
    lines = [
        ev("start"),
        ev("run", "TestFlaky"),
        out("TestFlaky", "    f_test.go:3: flaked\n", "error"),
        ev("fail", "TestFlaky", elapsed=1.0),
        *passing("TestFlaky", elapsed=2.0),
        *package_fail(),
    ]
    outcome = verdict(lines, ["TestFlaky"], runs_per_test=2).outcome("TestFlaky")
    assert outcome.cause is Cause.FAILED
    assert evidence_of(outcome).error_text == "    f_test.go:3: flaked\n"
    assert outcome.elapsed == pytest.approx(3.0)  # the time of all runs


def test_count2_pass_then_fail_is_failed() -> None:
    lines = [
        ev("start"),
        *passing("TestFlaky"),
        ev("run", "TestFlaky"),
        ev("fail", "TestFlaky"),
        *package_fail(),
    ]
    assert verdict(lines, ["TestFlaky"]).outcome("TestFlaky").cause is Cause.FAILED


def test_count2_pass_pass_is_passed() -> None:
    lines = [ev("start"), *passing("TestA"), *passing("TestA"), *package_pass()]
    result = verdict(lines, ["TestA"], exit_code=0, runs_per_test=2)
    assert result.outcome("TestA").cause is Cause.PASSED
    assert result.notes == ()


def test_count2_second_run_left_open_is_not_passed() -> None:
    lines = [ev("start"), *passing("TestA"), ev("run", "TestA"), *package_fail(tail="")]
    outcome = verdict(lines, ["TestA"]).outcome("TestA")
    assert outcome.cause is Cause.EXITED


def test_count2_a_test_whose_second_run_never_started_is_not_passed() -> None:
    # -count=2: TestA and TestB passed their first runs, the binary died in TestA's second
    # run: TestB passed once, its second run never started. Go said FAIL for the package.
    lines = [
        ev("start"),
        *passing("TestA"),
        *passing("TestB"),
        ev("run", "TestA"),
        out("TestA", "panic: boom\n"),
        *package_fail(tail=""),
    ]
    result = verdict(lines, ["TestA", "TestB"], runs_per_test=2)
    assert result.outcome("TestA").cause is Cause.CRASHED
    outcome = result.outcome("TestB")
    assert outcome.cause is Cause.BINARY_DIED_FIRST
    assert evidence_of(outcome).runs == ("passed", "not run")
    details = words(result, "TestB").details
    assert "to run it 2 times (-count, -cpu): run 1 passed, run 2 never started" in details


def test_count2_an_example_runs_once() -> None:
    # testing.M.Run runs the examples once, outside the -count and -cpu loops: an Example's
    # single pass in a package that failed (another test) is all Go was to give it.
    lines = [
        ev("start"),
        *failing("TestFail", "run 1"),
        *failing("TestFail", "run 2"),
        *passing("Example_a"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestFail", "Example_a"], runs_per_test=2)
    assert result.outcome("Example_a").cause is Cause.PASSED


def test_count2_a_subtest_whose_second_run_never_started_is_not_passed() -> None:
    # Run 2 of TestP: one passes, two panics; three never starts in that run.
    def sub(name: str, action: str) -> list[str]:
        return [ev("run", f"TestP/{name}"), ev(action, f"TestP/{name}")]

    lines = [
        ev("start"),
        ev("run", "TestP"),
        *sub("one", "pass"),
        *sub("two", "pass"),
        *sub("three", "pass"),
        ev("pass", "TestP"),
        ev("run", "TestP"),
        *sub("one", "pass"),
        ev("run", "TestP/two"),
        out("TestP/two", "panic: boom [recovered]\n"),
        *package_fail(tail=""),
    ]
    outcome = verdict(lines, ["TestP"], runs_per_test=2).outcome("TestP")
    assert subtest(outcome, "TestP/one").cause is Cause.PASSED
    assert subtest(outcome, "TestP/two").status == "failed"
    three = subtest(outcome, "TestP/three")
    assert three.cause is Cause.BINARY_DIED_FIRST
    assert evidence_of(three).runs == ("passed", "not run")


def test_count2_a_subtest_after_its_parents_panic_in_a_later_run_is_not_passed() -> None:
    # Run 2 of TestP panics in TestP itself after one: Go prints "--- FAIL: TestP" and its
    # fail event before the trace, so the run looks ended; two never started in it.
    run1 = [
        ev("run", "TestP"),
        ev("run", "TestP/one"),
        ev("pass", "TestP/one"),
        ev("run", "TestP/two"),
        ev("pass", "TestP/two"),
        ev("pass", "TestP"),
    ]
    run2 = [
        ev("run", "TestP"),
        ev("run", "TestP/one"),
        ev("pass", "TestP/one"),
        out("TestP", "--- FAIL: TestP (0.00s)\n"),
        out("TestP", "panic: parent second run [recovered, repanicked]\n"),
        out("TestP", "goroutine 10 [running]:\n"),
        ev("fail", "TestP"),
    ]
    lines = [ev("start"), *run1, *run2, *package_fail(tail="")]
    outcome = verdict(lines, ["TestP"], runs_per_test=2).outcome("TestP")
    assert subtest(outcome, "TestP/one").cause is Cause.PASSED
    two = subtest(outcome, "TestP/two")
    assert two.cause is Cause.BINARY_DIED_FIRST
    assert evidence_of(two).runs == ("passed", "not run")


def _runs_of_p(second: list[str], end: str = "fail") -> list[str]:
    """-count=2 of TestP: run 1 passes one and two; run 2 is ``second``, then TestP's ``end``."""
    run1 = [ev("run", "TestP"), ev("run", "TestP/one"), ev("pass", "TestP/one")]
    run1 += [ev("run", "TestP/two"), ev("pass", "TestP/two"), ev("pass", "TestP")]
    tail = package_fail() if end == "fail" else package_pass()
    return [ev("start"), *run1, ev("run", "TestP"), *second, ev(end, "TestP"), *tail]


def test_count2_a_subtest_its_parents_failed_run_never_started_is_not_passed() -> None:
    # t.FailNow before t.Run("two") in run 2: no crash, Go said FAIL; two ran once of two.
    second = [ev("run", "TestP/one"), ev("pass", "TestP/one")]
    result = verdict(_runs_of_p(second), ["TestP"], runs_per_test=2)
    outcome = result.outcome("TestP")
    assert outcome.cause is Cause.FAILED
    assert subtest(outcome, "TestP/one").cause is Cause.PASSED
    two = subtest(outcome, "TestP/two")
    assert two.cause is Cause.PARENT_FAILED_FIRST
    assert evidence_of(two).culprit == "TestP"
    assert evidence_of(two).runs == ("passed", "not run")
    said = explain(two, result.context)
    assert said.message == "not run: TestP failed in run 2 without starting it"
    assert "run 1 passed, run 2 never started; this report is run 2's." in said.details


def test_count2_a_subtest_that_failed_its_own_run_stays_failed() -> None:
    run1 = [ev("run", "TestP"), *failing("TestP/two", "two broke"), ev("fail", "TestP")]
    lines = [ev("start"), *run1, *failing("TestP", "parent broke"), *package_fail()]
    outcome = verdict(lines, ["TestP"], runs_per_test=2).outcome("TestP")
    two = subtest(outcome, "TestP/two")
    assert two.cause is Cause.FAILED
    assert evidence_of(two).runs == ("failed", "not run")


def test_count2_a_nested_subtest_names_the_subtest_that_failed_first() -> None:
    # Run 2: TestP/one fails before starting TestP/one/leaf, TestP/two still runs.
    def run(leaf: bool) -> list[str]:
        one = [ev("run", "TestP/one")]
        one += [ev("run", "TestP/one/leaf"), ev("pass", "TestP/one/leaf")] if leaf else []
        one.append(ev("pass" if leaf else "fail", "TestP/one"))
        return [*one, ev("run", "TestP/two"), ev("pass", "TestP/two")]

    lines = [ev("start"), ev("run", "TestP"), *run(True), ev("pass", "TestP")]
    lines += [ev("run", "TestP"), *run(False), ev("fail", "TestP"), *package_fail()]
    outcome = verdict(lines, ["TestP"], runs_per_test=2).outcome("TestP")
    leaf = subtest(outcome, "TestP/one/leaf")
    assert leaf.cause is Cause.PARENT_FAILED_FIRST
    assert evidence_of(leaf).culprit == "TestP/one"
    assert subtest(outcome, "TestP/two").cause is Cause.PASSED


def test_count2_a_subtest_a_run_did_not_start_beside_a_failed_sibling_keeps_its_runs() -> None:
    # Run 2: TestP/one fails (t.Error) and TestP does not start two (a table's case, a
    # conditional t.Run, or `if !t.Run(...) { t.FailNow() }`: alike in the events). TestP's
    # failure may be one's alone; a single run reports no result for two either.
    second = failing("TestP/one", "one broke")
    outcome = verdict(_runs_of_p(second), ["TestP"], runs_per_test=2).outcome("TestP")
    assert subtest(outcome, "TestP/one").cause is Cause.FAILED
    assert subtest(outcome, "TestP/two").cause is Cause.PASSED


def test_count2_a_subtest_its_parents_passing_run_did_not_start_keeps_its_runs() -> None:
    # A conditional t.Run: run 2 passed without two, and Go passed the package.
    second = [ev("run", "TestP/one"), ev("pass", "TestP/one")]
    result = verdict(_runs_of_p(second, "pass"), ["TestP"], exit_code=0, runs_per_test=2)
    outcome = result.outcome("TestP")
    assert outcome.cause is Cause.PASSED
    assert subtest(outcome, "TestP/two").cause is Cause.PASSED


def test_count2_the_nearest_ancestor_that_ran_decides() -> None:
    # Run 2 of TestP failed (one failed), while TestP/two passed without starting
    # TestP/two/leaf: two's choice, which Go did not fail.
    def two(leaf: bool) -> list[str]:
        inner = [ev("run", "TestP/two/leaf"), ev("pass", "TestP/two/leaf")] if leaf else []
        return [ev("run", "TestP/two"), *inner, ev("pass", "TestP/two")]

    lines = [ev("start"), ev("run", "TestP"), *two(True), ev("pass", "TestP")]
    lines += [ev("run", "TestP"), *failing("TestP/one", "one broke"), *two(False)]
    lines += [ev("fail", "TestP"), *package_fail()]
    outcome = verdict(lines, ["TestP"], runs_per_test=2).outcome("TestP")
    assert subtest(outcome, "TestP/two/leaf").cause is Cause.PASSED


def test_count2_fewer_runs_of_a_package_go_passed_change_nothing() -> None:
    # A package Go passed ran what it had to: only a failed one can have cut runs short.
    lines = [ev("start"), *passing("TestA"), *package_pass()]
    result = verdict(lines, ["TestA"], exit_code=0, runs_per_test=2)
    assert result.outcome("TestA").cause is Cause.PASSED


def test_count2_subtests_are_combined_across_runs() -> None:
    def run(sub_action: str) -> list[str]:
        return [
            ev("run", "TestA"),
            ev("run", "TestA/s"),
            ev(sub_action, "TestA/s"),
            ev("fail" if sub_action == "fail" else "pass", "TestA"),
        ]

    lines = [ev("start"), *run("pass"), *run("fail"), *package_fail()]
    outcome = verdict(lines, ["TestA"], runs_per_test=2).outcome("TestA")
    assert outcome.cause is Cause.FAILED
    assert [(s.name, s.cause) for s in outcome.subtests] == [("TestA/s", Cause.FAILED)]


@pytest.mark.parametrize("order", [("skip", "pass"), ("pass", "skip")])
def test_count2_skipped_in_one_run_and_passed_in_the_other_says_so(order: tuple[str, str]) -> None:
    # Skipped is the worst of skip and pass; the reason says the other run passed, or a
    # reader takes the test for one that never runs.
    lines = [ev("start")]
    for action in order:
        lines += [ev("run", "TestA"), out("TestA", "    a_test.go:4: no db\n"), ev(action, "TestA")]
    outcome = verdict(lines + package_pass(), ["TestA"], exit_code=0, runs_per_test=2).outcome(
        "TestA"
    )
    assert outcome.cause is Cause.SKIPPED
    skipped_run = order.index("skip") + 1
    assert skip_reason(outcome) == (
        "a_test.go:4: no db\ngo test ran it 2 times (-count, -cpu): "
        f"run 1 {order[0]}{'ped' if order[0] == 'skip' else 'ed'}, "
        f"run 2 {order[1]}{'ped' if order[1] == 'skip' else 'ed'}; "
        f"this report is run {skipped_run}'s."
    )


def test_count2_skipped_in_every_run_has_no_runs_note() -> None:
    run = [ev("run", "TestA"), out("TestA", "    a_test.go:4: no db\n"), ev("skip", "TestA")]
    lines = [ev("start"), *run, *run, *package_pass()]
    outcome = verdict(lines, ["TestA"], exit_code=0, runs_per_test=2).outcome("TestA")
    assert skip_reason(outcome) == "a_test.go:4: no db"


def test_cpu_runs_count_like_count_runs() -> None:
    # -cpu=1,2: each test runs twice; a failure under either GOMAXPROCS fails it.
    lines = [ev("start"), *passing("TestA"), *passing("TestB"), *passing("TestA")]
    lines += [*failing("TestB", "only with 2 CPUs"), *package_fail()]
    result = verdict(lines, ["TestA", "TestB"], runs_per_test=2)
    assert result.outcome("TestA").cause is Cause.PASSED
    assert result.outcome("TestB").cause is Cause.FAILED
    assert result.notes == ()


# -- one name, two tests: the internal and the external test package ---------------------------


def _internal_and_external(*actions: str) -> list[str]:
    """Go runs the internal package's TestX, then the external one's, in one binary."""
    lines = [ev("start")]
    for index, action in enumerate(actions):
        if action == "pass":
            lines += passing("TestX", f"copy {index}")
        else:
            lines += failing("TestX", f"copy {index} broke")
    return [*lines, *(package_pass() if "fail" not in actions else package_fail())]


def test_internal_and_external_tests_of_one_name_are_two_outcomes() -> None:
    internal, external = TestSlot("TestX", 0, 2), TestSlot("TestX", 1, 2)
    result = verdict(_internal_and_external("pass", "fail"), [internal, external], runs_per_test=1)
    assert result.outcomes[internal].cause is Cause.PASSED
    assert "copy 0" in result.outcomes[internal].output_text()
    assert result.outcomes[external].cause is Cause.FAILED
    assert (
        evidence_of(result.outcome("TestX", copy=1)).error_text == "    x_test.go:2: copy 1 broke\n"
    )
    assert result.notes == ()


def test_internal_and_external_tests_with_count2_take_alternate_runs() -> None:
    internal, external = TestSlot("TestX", 0, 2), TestSlot("TestX", 1, 2)
    # -count=2 runs the whole list twice: internal, external, internal, external.
    lines = _internal_and_external("pass", "pass", "fail", "pass")
    result = verdict(lines, [internal, external], runs_per_test=2)
    assert result.outcomes[internal].cause is Cause.FAILED
    assert result.outcomes[external].cause is Cause.PASSED
    assert result.notes == ()


def test_a_copy_that_never_ran_is_not_run() -> None:
    internal, external = TestSlot("TestX", 0, 2), TestSlot("TestX", 1, 2)
    lines = [ev("start"), *passing("TestX"), ev("run", "TestY"), out("TestY", "panic: boom\n")]
    lines += package_fail(tail="")
    result = verdict(lines, [internal, external, TestSlot("TestY")], runs_per_test=1)
    assert result.outcomes[internal].cause is Cause.PASSED
    assert result.outcomes[external].cause is Cause.BINARY_DIED_FIRST
    assert result.outcomes[external].name == "TestX"


def test_extra_runs_of_a_shared_name_count_against_both_copies() -> None:
    internal, external = TestSlot("TestX", 0, 2), TestSlot("TestX", 1, 2)
    forged = [ev("run", "TestX"), ev("fail", "TestX")]  # printed by init before m.Run
    lines = [ev("start"), *forged, *_internal_and_external("pass", "pass")[1:]]
    result = verdict(lines, [internal, external], runs_per_test=1)
    assert result.outcomes[internal].cause is Cause.PASSED
    assert result.outcomes[external].cause is Cause.PASSED
    assert result.notes == (Note(NoteKind.EXTRA_RUNS, "TestX", ("fail",), expected=2),)


# -- forged framing and notes ------------------------------------------------------------------


def _forged(test: str, word: str) -> list[str]:
    """What test2json makes of init() printing ``=== RUN`` / ``--- WORD:`` before m.Run."""
    action = {"PASS": "pass", "FAIL": "fail", "SKIP": "skip"}[word]
    return [
        ev("run", test),
        out(test, f"=== RUN   {test}\n", "frame"),
        out(test, f"--- {word}: {test} (0.00s)\n", "frame"),
        ev(action, test),
    ]


def test_an_extra_failed_run_counts_in_a_package_that_failed() -> None:
    # TestMain set test.count to 2: go ran the test twice under -count=1, the first run
    # failed, the package failed. Dropping that run as forged reported the test passed.
    lines = [
        ev("start"),
        *failing("TestFlaky", "    t_test.go:20: fails on run 1\n"),
        *passing("TestFlaky"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestFlaky"], runs_per_test=1)
    assert result.outcome("TestFlaky").cause is Cause.FAILED
    assert result.notes == ()


@pytest.mark.parametrize("shuffled", [False, True])
def test_tests_sharing_a_name_under_shuffle_both_get_every_run(shuffled: bool) -> None:
    # -shuffle ran the external TestSame (passes) before the internal one (fails): which
    # run is whose is unknown, so both get the failure rather than one a pass it never had.
    lines = [
        ev("start"),
        *passing("TestSame"),
        *failing("TestSame", "    in_test.go:5: internal fails\n"),
        *package_fail(),
    ]
    selected = [TestSlot("TestSame", 0, 2), TestSlot("TestSame", 1, 2)]
    result = verdict(lines, selected, runs_per_test=1, shuffled=shuffled)
    causes = [result.outcome("TestSame", copy).cause for copy in (0, 1)]
    if shuffled:
        assert causes == [Cause.FAILED, Cause.FAILED]
        # Said as what it is, not as "go test ran it 2 times (-count, -cpu)".
        details = explain(result.outcome("TestSame", 0), result.context).details
        assert "-count" not in details
        assert "2 tests of this package are named TestSame" in details
        assert "-shuffle ran them in a random order" in details
    else:  # in go's own order: internal first
        assert causes == [Cause.PASSED, Cause.FAILED]


def test_forged_failure_before_the_real_pass_is_ignored_with_a_note() -> None:
    lines = [ev("start"), *_forged("TestReal", "FAIL"), *passing("TestReal"), *package_pass()]
    result = verdict(lines, ["TestReal"], exit_code=0, runs_per_test=1)
    assert result.outcome("TestReal").cause is Cause.PASSED
    assert result.notes == (Note(NoteKind.EXTRA_RUNS, "TestReal", ("fail",), expected=1),)


def test_forged_pass_before_a_real_failure_still_fails() -> None:
    lines = [
        ev("start"),
        *_forged("TestReal", "PASS"),
        ev("run", "TestReal"),
        out("TestReal", "    x_test.go:3: real failure\n", "error"),
        ev("fail", "TestReal"),
        *package_fail(),
    ]
    outcome = verdict(lines, ["TestReal"], runs_per_test=1).outcome("TestReal")
    assert outcome.cause is Cause.FAILED
    assert evidence_of(outcome).error_text == "    x_test.go:3: real failure\n"


def test_repeated_runs_within_count_are_all_real() -> None:
    lines = [ev("start"), *_forged("TestReal", "FAIL"), *passing("TestReal"), *package_fail()]
    result = verdict(lines, ["TestReal"], runs_per_test=2)
    assert result.outcome("TestReal").cause is Cause.FAILED  # -count=2: one run failed
    assert result.notes == ()


@pytest.mark.parametrize("word", ["PASS", "SKIP"])
def test_forged_green_report_when_m_run_never_ran_is_forged(word: str) -> None:
    # init prints a passing report for a collected test, then TestMain exits 0 before m.Run:
    # Go says `ok`, and no PASS line from m.Run exists.
    lines = [
        ev("start"),
        *_forged("TestReal", word),
        out(None, f"ok  \t{PKG}\t0.005s\n"),
        ev("pass", elapsed=0.006),
    ]
    outcome = verdict(lines, ["TestReal"], exit_code=0, runs_per_test=1).outcome("TestReal")
    assert (outcome.cause, outcome.status, outcome.phase) == (Cause.FORGED, "error", "setup")
    assert evidence_of(outcome).said == word.lower()


def test_forged_failure_when_m_run_never_ran_still_fails() -> None:
    lines = [ev("start"), *_forged("TestReal", "FAIL"), *package_fail(tail="")]
    outcome = verdict(lines, ["TestReal"], runs_per_test=1).outcome("TestReal")
    assert outcome.cause is Cause.FAILED  # never a green, and a failure is not doubted


def test_uncollected_report_is_a_note_not_an_outcome() -> None:
    # init() printing framing text before the first marker forges events.
    lines = [
        ev("start"),
        ev("run", "TestGhost"),
        out("TestGhost", "=== RUN   TestGhost\n", "frame"),
        out("TestGhost", "--- FAIL: TestGhost (0.00s)\n", "frame"),
        ev("fail", "TestGhost"),
        *passing("TestReal"),
        *package_pass(),
    ]
    result = verdict(lines, ["TestReal"], exit_code=0)
    assert [slot.name for slot in result.outcomes] == ["TestReal"]
    assert result.outcome("TestReal").cause is Cause.PASSED
    assert result.notes == (Note(NoteKind.UNCOLLECTED, "TestGhost", ("fail",)),)
    assert result.teardown is None


def test_uncollected_forged_pass_is_a_note_only() -> None:
    lines = [ev("start"), *_forged("TestGhost", "PASS"), *passing("TestReal"), *package_pass()]
    result = verdict(lines, ["TestReal"], exit_code=0, runs_per_test=1)
    assert [slot.name for slot in result.outcomes] == ["TestReal"]
    assert result.outcome("TestReal").cause is Cause.PASSED
    assert result.notes == (Note(NoteKind.UNCOLLECTED, "TestGhost", ("pass",)),)


def test_a_green_report_printed_by_a_later_test_is_a_forged_run() -> None:
    # TestB prints "=== RUN TestC" and "--- PASS: TestC" (raw ^V bytes): the real TestC runs
    # later and fails. The printed pass is TestB's output, not a run of TestC.
    lines = [
        ev("start"),
        ev("run", "TestB"),
        ev("run", "TestC"),
        ev("pass", "TestC"),
        ev("pass", "TestB"),
        *failing("TestC", "the real TestC fails"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestB", "TestC"], runs_per_test=1)
    assert result.outcome("TestB").cause is Cause.PASSED
    real = result.outcome("TestC")
    assert real.cause is Cause.FAILED
    assert evidence_of(real).error_text == "    x_test.go:2: the real TestC fails\n"
    assert result.notes == (Note(NoteKind.FORGED_RUN, "TestC", ("pass",), by="TestB"),)


def test_a_green_report_printed_for_an_earlier_failed_test_changes_nothing() -> None:
    lines = [
        ev("start"),
        *failing("TestA", "real failure"),
        ev("run", "TestB"),
        ev("run", "TestA"),  # printed by TestB
        ev("pass", "TestA"),
        ev("pass", "TestB"),
        ev("pass", "TestA"),  # printed after TestA ended
        *package_fail(),
    ]
    result = verdict(lines, ["TestA", "TestB"], runs_per_test=1)
    assert result.outcome("TestA").cause is Cause.FAILED
    assert result.outcome("TestB").cause is Cause.PASSED
    assert result.notes == (
        Note(NoteKind.FORGED_RUN, "TestA", ("pass",), by="TestB"),
        Note(NoteKind.STRAY_RESULT, "TestA", ("pass",)),
    )


def test_a_forged_run_that_never_ended_is_noted_without_actions() -> None:
    lines = [ev("start"), ev("run", "TestB"), ev("run", "TestGhost"), ev("pass", "TestB")]
    result = verdict([*lines, *package_pass()], ["TestB"], exit_code=0)
    assert result.outcome("TestB").cause is Cause.PASSED
    assert result.notes == (Note(NoteKind.FORGED_RUN, "TestGhost", (), by="TestB"),)


# -- framing printed by tests themselves (each was once a false green) ----------------------------
#
# Each stream below is transcribed from a Go 1.26 recording of a test printing raw ^V framing
# bytes (what test2json takes for the testing package's own framing), e.g.
#     fmt.Println("\x16--- PASS: TestSelf (0.00s)"); t.Error("TestSelf really fails")


def test_a_test_printing_its_own_pass_then_failing_is_failed() -> None:
    lines = [
        ev("start"),
        ev("run", "TestSelf"),
        out("TestSelf", "=== RUN   TestSelf\n"),
        out("TestSelf", "--- PASS: TestSelf (0.00s)\n"),  # printed by TestSelf
        out("TestSelf", "    self_test.go:10: TestSelf really fails\n"),
        ev("pass", "TestSelf", elapsed=0),
        out("TestSelf", "--- FAIL: TestSelf (0.00s)\n"),
        ev("fail", "TestSelf", elapsed=0),
        ev("run", "TestSub"),
        ev("run", "TestSub/s"),
        out("TestSub/s", "    "),
        out("TestSub/s", "--- PASS: TestSub/s (0.00s)\n"),  # printed by TestSub/s
        out("TestSub/s", "    self_test.go:16: TestSub/s really fails\n"),
        ev("pass", "TestSub/s", elapsed=0),
        out("TestSub/s", "--- FAIL: TestSub/s (0.00s)\n"),
        ev("fail", "TestSub/s", elapsed=0),
        ev("fail", "TestSub", elapsed=0),
        *package_fail(),
    ]
    result = verdict(lines, ["TestSelf", "TestSub"], runs_per_test=1)
    assert result.outcome("TestSelf").cause is Cause.FAILED
    assert subtest(result.outcome("TestSub"), "TestSub/s").cause is Cause.FAILED


def test_a_pass_printed_for_a_paused_parallel_test_does_not_end_it() -> None:
    lines = [
        ev("start"),
        ev("run", "TestP"),
        ev("pause", "TestP"),
        ev("run", "TestS"),
        out("TestP", "--- PASS: TestP (0.00s)\n"),  # printed by TestS
        ev("pass", "TestP", elapsed=0),
        ev("pass", "TestS", elapsed=0),
        ev("cont", "TestP"),
        out("TestP", "    par_test.go:19: TestP really fails\n"),
        out("TestP", "--- FAIL: TestP (0.00s)\n"),
        ev("fail", "TestP", elapsed=0),
        *package_fail(),
    ]
    result = verdict(lines, ["TestP", "TestS"], runs_per_test=1)
    assert result.outcome("TestS").cause is Cause.PASSED
    assert result.outcome("TestP").cause is Cause.FAILED


def test_a_test_printing_its_own_run_line_does_not_hide_later_tests() -> None:
    lines = [
        ev("start"),
        ev("run", "TestC"),  # printed by TestMain before m.Run
        ev("pass", "TestC", elapsed=0),
        ev("run", "TestA"),
        ev("run", "TestA"),  # printed by TestA
        out("TestA", "--- PASS: TestA (0.00s)\n"),
        ev("pass", "TestA", elapsed=0),
        ev("run", "TestC"),
        out("TestC", "    par_test.go:31: TestC really fails\n"),
        out("TestC", "--- FAIL: TestC (0.00s)\n"),
        ev("fail", "TestC", elapsed=0),
        *package_fail(),
    ]
    result = verdict(lines, ["TestA", "TestC"], runs_per_test=1)
    assert result.outcome("TestC").cause is Cause.FAILED
    assert result.outcome("TestA").cause is Cause.PASSED


def test_a_forged_second_run_of_a_failed_subtest_does_not_turn_it_green() -> None:
    # TestA/z prints "    \x16=== RUN   TestA/y" and "    \x16--- PASS: TestA/y (0.00s)"
    # after the real TestA/y failed.
    lines = [
        ev("start"),
        ev("run", "TestA"),
        ev("run", "TestA/y"),
        out("TestA/y", "    sub_test.go:9: y really fails\n"),
        out("TestA/y", "--- FAIL: TestA/y (0.00s)\n"),
        ev("fail", "TestA/y", elapsed=0),
        ev("run", "TestA/z"),
        out("TestA/z", "    "),
        ev("run", "TestA/y"),
        out("TestA/y", "=== RUN   TestA/y\n"),
        out("TestA/y", "    "),
        out("TestA/y", "--- PASS: TestA/y (0.00s)\n"),
        ev("pass", "TestA/y", elapsed=0),
        out("TestA/z", "--- PASS: TestA/z (0.00s)\n"),
        ev("pass", "TestA/z", elapsed=0),
        out("TestA", "--- FAIL: TestA (0.00s)\n"),
        ev("fail", "TestA", elapsed=0),
        *package_fail(),
    ]
    outcome = verdict(lines, ["TestA"], runs_per_test=1).outcome("TestA")
    assert outcome.cause is Cause.FAILED
    assert subtest(outcome, "TestA/y").cause is Cause.FAILED
    assert evidence_of(outcome).failed_subtests == ("TestA/y",)


def _parallel_copies(first: str, second: str) -> list[str]:
    """Internal and external TestX, both t.Parallel: their events carry one name."""
    lines = [ev("start")]
    for _ in range(2):
        lines += [ev("run", "TestX"), out("TestX", "=== PAUSE TestX\n"), ev("pause", "TestX")]
    lines += [ev("cont", "TestX"), ev("cont", "TestX")]
    for action in (first, second):
        lines += [out("TestX", f"--- {action.upper()}: TestX (0.01s)\n"), ev(action, "TestX")]
    return [*lines, *package_fail()]


def test_parallel_internal_and_external_tests_of_one_name() -> None:
    # Recorded: the internal TestX (5 ms) passes before the external one (80 ms) fails.
    internal, external = TestSlot("TestX", 0, 2), TestSlot("TestX", 1, 2)
    result = verdict(_parallel_copies("pass", "fail"), [internal, external], runs_per_test=1)
    assert Cause.PASSED not in {o.cause for o in result.outcomes.values()}
    assert result.notes == ()


def test_parallel_copies_of_one_name_are_never_both_green_when_one_failed() -> None:
    # Whatever the order, one failure keeps at least one of them from passing (the half of
    # the above that holds today).
    internal, external = TestSlot("TestX", 0, 2), TestSlot("TestX", 1, 2)
    for first, second in (("pass", "fail"), ("fail", "pass")):
        result = verdict(_parallel_copies(first, second), [internal, external], runs_per_test=1)
        assert [o.cause for o in result.outcomes.values()].count(Cause.PASSED) <= 1


def test_a_parallel_twins_subtest_is_not_taken_for_a_missing_run() -> None:
    # Internal and external TestX (t.Parallel): one fails, the other runs sub and passes.
    # They are two tests, not two runs of one: the failed one never had sub to start.
    lines = [ev("start")]
    for _ in range(2):
        lines += [ev("run", "TestX"), ev("pause", "TestX")]
    lines += [ev("cont", "TestX"), ev("cont", "TestX"), ev("run", "TestX/sub")]
    lines += [ev("pass", "TestX/sub"), ev("fail", "TestX"), ev("pass", "TestX"), *package_fail()]
    internal, external = TestSlot("TestX", 0, 2), TestSlot("TestX", 1, 2)
    result = verdict(lines, [internal, external], runs_per_test=1)
    reported = [s for o in result.outcomes.values() for s in o.subtests]  # once, for the group
    assert [(s.name, s.cause) for s in reported] == [("TestX/sub", Cause.PASSED)]


# -- a TestMain that calls m.Run more than once -------------------------------------------------


def _two_rounds(first: list[str], second: list[str]) -> list[str]:
    """m.Run called twice (a retry): each round runs every test and ends with its own
    ``PASS``/``FAIL`` line; the exit code is the last round's."""
    return [ev("start"), *first, out(None, "FAIL\n"), *second, *package_pass()]


def test_a_failed_first_m_run_fails_the_test() -> None:
    lines = _two_rounds(
        [*failing("TestFlaky", "fails on first m.Run"), *passing("TestStable")],
        [*passing("TestFlaky"), *passing("TestStable")],
    )
    result = verdict(lines, ["TestFlaky", "TestStable"], exit_code=0, runs_per_test=1)
    flaky = result.outcome("TestFlaky")
    assert flaky.cause is Cause.FAILED
    assert evidence_of(flaky).runs == ("failed", "passed")
    assert "fails on first m.Run" in words(result, "TestFlaky").details
    assert result.outcome("TestStable").cause is Cause.PASSED
    assert result.notes == ()  # both rounds were real: no "forged framing" warning


def test_a_failed_second_m_run_fails_the_test_too() -> None:
    lines = _two_rounds([*passing("TestFlaky")], [*failing("TestFlaky", "fails on second m.Run")])
    result = verdict(lines, ["TestFlaky"], exit_code=1, runs_per_test=1)
    assert result.outcome("TestFlaky").cause is Cause.FAILED
    assert result.notes == ()
