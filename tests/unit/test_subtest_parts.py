"""The pure parts behind subtest ids and failure locations (issue 12): the first meaningful
message (testify's layout), Go's location in a message, a subtest's outcome cut out of its
test's, which failed ids --lf reruns and settles, and the batching of subtest selectors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stream_helpers import ev, out, package_fail, package_pass, passing, verdict, words

from pytest_gotest.core.explain import first_message, go_location, skip_place
from pytest_gotest.core.outcome import (
    Cause,
    Outcome,
    PackageVerdict,
    failed_on_their_own,
    subtest_outcome,
    tree_order,
)
from pytest_gotest.core.runner import PackageJob, _group_compatible
from pytest_gotest.plugin.subtest_ids import _leaves, settled_ancestors

TESTIFY = (
    "moves_test.go:69: \n"
    "    \tError Trace:\tmoves_test.go\n"
    "    \tError:      \tNot equal: \n"
    "    \t            \texpected: 2\n"
    "    \t            \tactual  : 1\n"
    "    \tTest:       \tTestTestify\n"
    "    \tMessages:   \tsteps differ\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TESTIFY, "moves_test.go:69: Not equal: expected: 2 actual : 1 (steps differ)"),
        # A large value's diff: the entry's first line, not the diff squashed into one.
        (
            TESTIFY.replace("expected: 2", "expected: " + "x" * 200).replace(
                "actual  : 1", "actual  : 1\n    \t            \tDiff:\n    \t            \t-x"
            ),
            "moves_test.go:69: Not equal (steps differ)",
        ),
        # Two failed assertions: the first one's block alone.
        (
            TESTIFY + TESTIFY.replace("steps differ", "second").replace(":69:", ":70:"),
            "moves_test.go:69: Not equal: expected: 2 actual : 1 (steps differ)",
        ),
        # An error that the entry's first line only introduces: with its next line.
        (
            "x_test.go:9: \n    \tError Trace:\tx_test.go:9\n"
            "    \tError:      \tReceived unexpected error:\n    \t            \tunexpected EOF\n"
            "    \tTest:       \tTestRead\n",
            "x_test.go:9: Received unexpected error: unexpected EOF",
        ),
        ("\n  x_test.go:5: want 3, got 2\n  more\n", "x_test.go:5: want 3, got 2"),
        # A bare location without testify's labels: the next line is the message.
        ("x_test.go:7:\n    the real text\n    more\n", "x_test.go:7: the real text"),
        ("x_test.go:7:", "x_test.go:7:"),
        # t.Error("") then a t.Log line: the empty message stays empty.
        ("x_test.go:7: \nx_test.go:8: a log line\n", "x_test.go:7:"),
        ("panic: boom", "panic: boom"),
        # A failed Example's output check.
        ("got:\nhello\nwant:\nworld\n", "got: hello; want: world"),
        ("got:\na\nb\nwant:\n", "got: a ...; want: (nothing)"),
        # An "// Unordered output:" example's check, and one that printed nothing.
        ("got:\nb\nc\nwant (unordered):\na\nb\n", "got: b ...; want (unordered): a ..."),
        ("got:\n\nwant (unordered):\na\n\n", "got: (nothing); want (unordered): a"),
        ("", ""),
        # The race detector frames its report in ===== lines.
        (
            "==================\nWARNING: DATA RACE\nWrite at 0x00c by goroutine 8:\n"
            "==================\n    x_test.go:16: n = 2\n"
            "    testing.go:1712: race detected during execution of test\n",
            "WARNING: DATA RACE",
        ),
    ],
)
def test_first_message(text: str, message: str) -> None:
    assert first_message(text) == message


@pytest.mark.parametrize(
    ("message", "location"),
    [
        ("moves_test.go:16: Step(up, down) = 0, want 1", ("moves_test.go", 16)),
        ("/abs/dir/x_test.go:3: with -fullpath", ("/abs/dir/x_test.go", 3)),
        ("check_test.go:8:", ("check_test.go", 8)),
        ("subtests failed: TestMove/up", None),
        ("panic: x_test.go:3: in a panic", None),
        ("x_test.go:3:no space", None),
    ],
)
def test_go_location(message: str, location: tuple[str, int] | None) -> None:
    assert go_location(message) == location


def test_testify_failure_message_from_a_stream() -> None:
    lines = [
        ev("start"),
        ev("run", "TestTestify"),
        out("TestTestify", "=== RUN   TestTestify\n"),
        *(out("TestTestify", "    " + line + "\n") for line in TESTIFY.splitlines()),
        out("TestTestify", "--- FAIL: TestTestify (0.00s)\n"),
        ev("fail", "TestTestify"),
        *package_fail(),
    ]
    explanation = words(verdict(lines, ["TestTestify"]), "TestTestify")
    assert (
        explanation.message == "moves_test.go:69: Not equal: expected: 2 actual : 1 (steps differ)"
    )
    assert explanation.details.startswith(explanation.message + "\n\n")
    assert "Error Trace:" in explanation.details


def _move_verdict() -> tuple[PackageVerdict, Outcome]:
    lines = [
        ev("start"),
        ev("run", "TestMove"),
        ev("run", "TestMove/up"),
        ev("run", "TestMove/up/down"),
        out("TestMove/up/down", "    m_test.go:16: wrong\n"),
        ev("fail", "TestMove/up/down"),
        ev("run", "TestMove/up/stay"),
        ev("pass", "TestMove/up/stay"),
        ev("fail", "TestMove/up"),
        ev("run", "TestMove/left"),
        ev("pass", "TestMove/left"),
        ev("fail", "TestMove"),
        *package_fail(),
    ]
    result = verdict(lines, ["TestMove"])
    return result, result.outcome("TestMove")


def test_subtest_outcome_is_the_subtest_with_its_own_subtests() -> None:
    _, top = _move_verdict()
    up = subtest_outcome(top, "TestMove/up")
    assert up.name == "TestMove/up"
    assert up.cause is Cause.FAILED
    assert [s.name for s in up.subtests] == ["TestMove/up/down", "TestMove/up/stay"]
    assert up.evidence is not None
    assert up.evidence.failed_subtests == ("TestMove/up/down",)
    down = subtest_outcome(top, "TestMove/up/down")
    assert (down.cause, down.subtests) == (Cause.FAILED, ())


def test_subtest_outcome_of_a_subtest_go_did_not_report() -> None:
    _, top = _move_verdict()
    # The test failed: its failure is the reason (it may have failed before the subtest).
    gone = subtest_outcome(top, "TestMove/gone")
    assert gone.cause is Cause.FAILED
    assert gone.subtests == ()
    # The test passed without it: the subtest did not run (never a pass).
    lines = [ev("start"), *passing("TestP"), *package_pass()]
    passed = verdict(lines, ["TestP"]).outcome("TestP")
    missing = subtest_outcome(passed, "TestP/gone")
    assert missing.cause is Cause.NOT_RUN
    assert missing.status == "error"


def _names(top: str, started: list[str]) -> list[str]:
    subtests = tuple(Outcome(f"{top}/{name}", Cause.PASSED) for name in started)
    return [sub.name.removeprefix(top + "/") for sub in tree_order(top, subtests)]


def test_tree_order_is_depth_first_each_subtest_after_its_own() -> None:
    """Go's start order (a parallel table: every case, then their subtests) becomes the
    reports' order: each subtest right after its own subtests, siblings as Go started them."""
    started = ["one", "two", "three", "one/x", "one/y", "three/x", "three/y", "two/x", "two/y"]
    assert _names("TestTable", started) == [
        *("one/x", "one/y", "one"),
        *("two/x", "two/y", "two"),
        *("three/x", "three/y", "three"),
    ]
    assert _names("TestSP", ["ok", "deep", "deep/boom"]) == ["ok", "deep/boom", "deep"]


def test_tree_order_of_flat_subtests_is_go_order() -> None:
    subtests = tuple(Outcome(f"T/{name}", Cause.PASSED) for name in ("b", "a", "c"))
    assert tree_order("T", subtests) is subtests  # nothing made for a flat table


def test_tree_order_puts_a_slash_in_a_name_under_its_nearest_reported_ancestor() -> None:
    # t.Run("a/b") in T/x: Go reports T/x/a/b, and no T/x/a; the item may be a subtest.
    assert _names("T/x", ["p", "p/a/b", "q"]) == ["p/a/b", "p", "q"]
    assert _names("T", ["a/b", "c"]) == ["a/b", "c"]


def test_last_failed_leaves() -> None:
    failed = ["TestMove", "TestMove/up", "TestMove/up/down", "TestPlain", "TestR/#00", "TestR"]
    assert _leaves(failed) == ["TestMove/up/down", "TestR/#00"]


def test_settled_ancestors_bottom_up() -> None:
    f = "m/x_test.go::"
    failed = [f + "TestMove", f + "TestMove/up", f + "TestOdd", f + "TestOdd/b", f + "TestZ"]
    # TestMove/up/down ran alone and passed (no longer failed); TestOdd/a passed, TestOdd/b
    # still fails.
    ran = [f + "TestMove/up/down", f + "TestOdd/a"]
    assert sorted(settled_ancestors(failed, ran)) == [f + "TestMove", f + "TestMove/up"]


def _job(path: str, tests: set[str], selected: set[str] | None) -> PackageJob:
    return PackageJob(
        path, Path("/m"), frozenset(tests), None if selected is None else frozenset(selected)
    )


def test_a_subtest_selector_is_not_shared_with_other_packages() -> None:
    a = _job("m/a", {"TestMove", "TestX"}, {"TestMove/up"})
    b = _job("m/b", {"TestMove", "TestY"}, {"TestY"})
    c = _job("m/c", {"TestZ", "TestW"}, {"TestZ"})
    groups = _group_compatible([a, b, c])
    assert [a] in groups
    assert [b, c] in groups


def _tree(statuses: dict[str, Cause]) -> Outcome:
    """A top-level test's outcome from each name's cause (the first name is the test)."""
    (top, cause), *rest = statuses.items()
    return Outcome(top, cause, subtests=tuple(Outcome(name, c) for name, c in rest))


def test_ancestors_that_failed_on_their_own() -> None:
    passed, failed = Cause.PASSED, Cause.FAILED
    # TestP's body failed after its only subtest passed: its own failure.
    own = failed_on_their_own(_tree({"TestP": failed, "TestP/sub": passed}), "TestP/sub")
    assert [(o.name, o.cause) for o in own] == [("TestP", failed)]
    # A failed subtest explains its parent's failure (reported already).
    assert failed_on_their_own(_tree({"TestP": failed, "TestP/sub": failed}), "TestP/sub") == ()
    # The intermediate subtest failed on its own; the test failed because of it.
    tree = _tree({"TestP": failed, "TestP/x": failed, "TestP/x/y": passed})
    assert [o.name for o in failed_on_their_own(tree, "TestP/x/y")] == ["TestP/x"]
    # A panic after the subtests is the test's own too (any failing cause).
    crashed = _tree({"TestP": Cause.CRASHED, "TestP/sub": passed})
    assert [o.name for o in failed_on_their_own(crashed, "TestP/sub")] == ["TestP"]
    # -count: a run of TestP failed without starting sub, which another run passed; sub's
    # "not run" says who failed, not why: TestP's own failure is still to be reported.
    started_once = _tree({"TestP": failed, "TestP/sub": Cause.PARENT_FAILED_FIRST})
    assert [o.name for o in failed_on_their_own(started_once, "TestP/sub")] == ["TestP"]
    # The subtest did not run (the test failed before it): the item reports the test's
    # failure itself, nothing is added.
    assert failed_on_their_own(_tree({"TestP": failed, "TestP/a": passed}), "TestP/b") == ()
    # A top-level item, or everything passed: nothing.
    assert failed_on_their_own(_tree({"TestP": failed}), "TestP") == ()
    assert failed_on_their_own(_tree({"TestP": passed, "TestP/a": passed}), "TestP/a") == ()


_CAUSES = [Cause.PASSED, Cause.SKIPPED, Cause.FAILED, Cause.CRASHED]


@given(
    st.lists(st.sampled_from(_CAUSES), min_size=3, max_size=3),
    st.lists(st.sampled_from(["TestP/a/b", "TestP/a/c", "TestP/d"]), unique=True),
    st.lists(st.sampled_from(_CAUSES), min_size=3, max_size=3),
)
def test_ancestors_on_their_own_are_failed_with_no_failed_subtest(
    upper: list[Cause], names: list[str], lower: list[Cause]
) -> None:
    """Whatever ran: each ancestor returned failed, none of its subtests did, and every
    ancestor that fits that is returned (when the item's subtest ran)."""
    statuses = {"TestP": upper[0], "TestP/a": upper[1], "TestP/a/x": upper[2]}
    statuses.update(zip(names, lower, strict=False))
    tree = _tree(statuses)
    got = [o.name for o in failed_on_their_own(tree, "TestP/a/x")]

    def bad(cause: Cause) -> bool:
        return cause.status not in ("passed", "skipped")

    expected = [
        name
        for name in ("TestP", "TestP/a")
        if bad(statuses[name])
        and not any(bad(c) for n, c in statuses.items() if n.startswith(name + "/"))
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("reason", "place"),
    [
        # Go's reason starts with where t.Skip was called: that line, and the rest.
        ("a_test.go:17: skipping reason", ("/m/pkg/a_test.go", 17, "skipping reason")),
        ("a_test.go:17: line one\nline two", ("/m/pkg/a_test.go", 17, "line one\nline two")),
        # A helper in another file, or no place: the test's line and the reason whole.
        ("helper_test.go:9: not here", ("/m/pkg/a_test.go", 5, "helper_test.go:9: not here")),
        ("skipped by go test", ("/m/pkg/a_test.go", 5, "skipped by go test")),
    ],
)
def test_skip_place(reason: str, place: tuple[str, int, str]) -> None:
    assert skip_place("/m/pkg/a_test.go", 5, reason) == place
