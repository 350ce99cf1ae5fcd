"""Property tests for the hostile streams of issue 10 (tests/unit/streams.py) through the
core: ``StreamFolder``, ``resolve`` (one outcome per item: a ``TestSlot``) and ``explain``.

The generators state the truth per pytest item, so a name that stands for two items (the
internal and the external test package) is checked item by item.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streams import (
    Expected,
    Result,
    Stream,
    duplicate_names,
    forged_by_init,
    forged_by_later_test,
    repeated,
)

from pytest_gotest.core.explain import explain
from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.outcome import Outcome, PackageContext, PackageVerdict, TestSlot
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.resolve import resolve

_results = st.sampled_from(["pass", "fail", "skip"])
_green_results = st.sampled_from(["pass", "skip"])
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def slots(stream: Stream) -> list[TestSlot]:
    """One slot per item: a name with two expectations is two tests of the binary."""
    found: list[TestSlot] = []
    for name in stream.selected:
        copies = len(stream.expected[name])
        found.extend(TestSlot(name, copy, copies) for copy in range(copies))
    return found


def verdict(stream: Stream, runs_per_test: int | None) -> PackageVerdict:
    folder = StreamFolder([stream.package], CaptureLimits())
    folder.feed_lines(stream.lines)
    folder.finish(stream.exit_code, "")
    run = folder.packages[stream.package]
    try:
        return resolve(run, slots(stream), runs_per_test)
    finally:
        run.close()


def outcomes(result: PackageVerdict) -> dict[str, list[Outcome]]:
    """Outcomes of items and of their subtests, by Go name, in item order."""
    found: dict[str, list[Outcome]] = {}
    for outcome in result.outcomes.values():
        found.setdefault(outcome.name, []).append(outcome)
        for sub in outcome.subtests:
            found.setdefault(sub.name, []).append(sub)
    return found


def check(outcome: Outcome, context: PackageContext, expected: Expected) -> None:
    assert outcome.status == expected.status, (outcome.name, outcome.cause, expected)
    if expected.message:
        message = explain(outcome, context).message
        assert expected.message in message, (outcome.name, message, expected)


def assert_items(stream: Stream, runs_per_test: int | None) -> None:
    """Every item's outcome is exactly the expected one."""
    result = verdict(stream, runs_per_test)
    found = outcomes(result)
    for name, expected in stream.expected.items():
        assert len(found[name]) == len(expected), (name, found[name])
        for outcome, want in zip(found[name], expected, strict=True):
            check(outcome, result.context, want)


# -- forged by init or TestMain, before m.Run (issue 10 item 10) ---------------------------


@_SETTINGS
@given(forged=_results, real=_results)
def test_framing_forged_before_the_real_run_never_decides(forged: Result, real: Result) -> None:
    assert_items(forged_by_init("TestReal", forged, real), 1)


@_SETTINGS
@given(forged=_green_results)
def test_framing_forged_when_m_run_never_ran_is_not_run(forged: Result) -> None:
    assert_items(forged_by_init("TestReal", forged, None, m_run=False), 1)


# -- forged by a later test (issue 10 item 4) ----------------------------------------------


def test_plain_framing_printed_by_a_later_test_is_its_output() -> None:
    for victim in ("pass", "fail", "skip"):
        for forged in ("pass", "fail", "skip"):
            for sub in (False, True):
                stream = forged_by_later_test(victim, forged, marked=False, sub=sub)
                assert_items(stream, 1)


@_SETTINGS
@given(victim=_results, forged=_results, rerun=st.booleans(), sub=st.booleans())
def test_marked_framing_printed_by_a_later_test_never_rewrites_a_result(
    victim: Result, forged: Result, rerun: bool, sub: bool
) -> None:
    stream = forged_by_later_test(victim, forged, marked=True, rerun=rerun, sub=sub)
    assert_items(stream, 1)


@_SETTINGS
@given(forged=_green_results, rerun=st.booleans(), sub=st.booleans())
def test_a_failed_test_is_never_turned_green_by_a_later_test(
    forged: Result, rerun: bool, sub: bool
) -> None:
    stream = forged_by_later_test("fail", forged, marked=True, rerun=rerun, sub=sub)
    found = outcomes(verdict(stream, 1))
    name = "TestVictim/child" if sub else "TestVictim"
    assert [o.status for o in found[name]] == ["failed"], found[name]


# -- one name in the internal and the external test package (issue 10 item 3) --------------


@_SETTINGS
@given(internal=_results, external=_results, subtests=st.booleans())
def test_each_of_two_tests_sharing_a_name_gets_its_own_result(
    internal: Result, external: Result, subtests: bool
) -> None:
    stream = duplicate_names(internal, external, subtests=subtests)
    assert_items(stream, 1)


@_SETTINGS
@given(internal=_results, external=_results)
def test_duplicate_name_subtests_keep_their_own_results(internal: Result, external: Result) -> None:
    """Go names the external subtest ``TestX/case#01``: two names, two results."""
    stream = duplicate_names(internal, external, subtests=True)
    result = verdict(stream, 1)
    found = outcomes(result)
    for name in ("TestX/case", "TestX/case#01"):
        check(found[name][0], result.context, stream.expected[name][0])


def test_duplicate_names_expect_one_result_per_item() -> None:
    """The generator's truth for the port to a per-item API: two items, Go's order."""
    stream = duplicate_names("fail", "pass")
    assert [e.status for e in stream.expected["TestX"]] == ["failed", "passed"]
    assert "internal TestX failed" in stream.expected["TestX"][0].message


# -- -count / -cpu repetition (issue 10 item 2) ----------------------------------------------

_runs = st.lists(st.sampled_from(["pass", "fail"]), min_size=1, max_size=4)


@_SETTINGS
@given(results=_runs)
def test_a_test_failing_in_any_run_is_failed(results: list[Result]) -> None:
    stream = repeated(results)
    found = outcomes(verdict(stream, stream.runs_per_test))
    assert found["TestR"][0].status == stream.expected["TestR"][0].status
    assert found["TestSteady"][0].status == "passed"


@_SETTINGS
@given(results=_runs)
def test_a_failure_carries_the_failing_runs_message(results: list[Result]) -> None:
    stream = repeated(results)
    assert_items(stream, stream.runs_per_test)


@_SETTINGS
@given(results=_runs)
def test_unknown_run_count_never_drops_a_failing_run(results: list[Result]) -> None:
    """runs_per_test=None (the core was not told the count): every run counts."""
    stream = repeated(results)
    found = outcomes(verdict(stream, None))
    assert found["TestR"][0].status == stream.expected["TestR"][0].status
