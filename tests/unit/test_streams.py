"""Property tests for the hostile streams of issue 10 (tests/unit/streams.py) through the
current core API: ``StreamFolder.feed_line``/``finish`` and ``resolve``.

The generators state the truth per pytest item; the core's API has one outcome per Go name,
so a name that stands for two items (internal and external test package) can only be checked
for "no false green" here. The properties that fail on the current code are strict xfails
naming the issue 10 item they belong to.
"""

from __future__ import annotations

import pytest
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

from pytest_gotest.core.execution import (
    CaptureLimits,
    PackageVerdict,
    StreamFolder,
    TestOutcome,
    resolve,
)

_results = st.sampled_from(["pass", "fail", "skip"])
_green_results = st.sampled_from(["pass", "skip"])
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def verdict(stream: Stream, runs_per_test: int | None) -> PackageVerdict:
    folder = StreamFolder([stream.package], CaptureLimits())
    for line in stream.lines:
        folder.feed_line(line)
    folder.finish(stream.exit_code, "")
    run = folder.packages[stream.package]
    try:
        return resolve(run, stream.selected, runs_per_test)
    finally:
        run.close()


def outcomes(result: PackageVerdict) -> dict[str, TestOutcome]:
    """Top-level outcomes and their subtests, by Go name."""
    found: dict[str, TestOutcome] = {}
    for outcome in result.outcomes.values():
        found[outcome.name] = outcome
        for sub in outcome.subtests:
            found[sub.name] = sub
    return found


def check(outcome: TestOutcome, expected: Expected) -> None:
    assert outcome.status == expected.status, (outcome.name, outcome.status, expected)
    assert expected.message in outcome.message, (outcome.name, outcome.message, expected)


def assert_single_items(stream: Stream, runs_per_test: int | None) -> None:
    """Every name stands for one item: each outcome is exactly the expected one."""
    found = outcomes(verdict(stream, runs_per_test))
    for name, expected in stream.expected.items():
        assert len(expected) == 1, name
        check(found[name], expected[0])


# -- forged by init or TestMain, before m.Run (issue 10 item 10) ---------------------------


@_SETTINGS
@given(forged=_results, real=_results)
def test_framing_forged_before_the_real_run_never_decides(forged: Result, real: Result) -> None:
    assert_single_items(forged_by_init("TestReal", forged, real), 1)


@_SETTINGS
@given(forged=_green_results)
def test_framing_forged_when_m_run_never_ran_is_not_run(forged: Result) -> None:
    assert_single_items(forged_by_init("TestReal", forged, None, m_run=False), 1)


# -- forged by a later test (issue 10 item 4) ----------------------------------------------


def test_plain_framing_printed_by_a_later_test_is_its_output() -> None:
    for victim in ("pass", "fail", "skip"):
        for forged in ("pass", "fail", "skip"):
            for sub in (False, True):
                stream = forged_by_later_test(victim, forged, marked=False, sub=sub)
                assert_single_items(stream, 1)


@pytest.mark.xfail(
    strict=True,
    reason="issue 10 item 4: a later ^V-marked terminal event for an ended test replaces "
    "its result (the real one is dropped as forged)",
)
@_SETTINGS
@given(victim=_results, forged=_results, rerun=st.booleans(), sub=st.booleans())
def test_marked_framing_printed_by_a_later_test_never_rewrites_a_result(
    victim: Result, forged: Result, rerun: bool, sub: bool
) -> None:
    stream = forged_by_later_test(victim, forged, marked=True, rerun=rerun, sub=sub)
    assert_single_items(stream, 1)


@pytest.mark.xfail(
    strict=True,
    reason="issue 10 item 4: a later ^V-marked --- PASS turns a failed test green",
)
@_SETTINGS
@given(forged=_green_results, rerun=st.booleans(), sub=st.booleans())
def test_a_failed_test_is_never_turned_green_by_a_later_test(
    forged: Result, rerun: bool, sub: bool
) -> None:
    stream = forged_by_later_test("fail", forged, marked=True, rerun=rerun, sub=sub)
    found = outcomes(verdict(stream, 1))
    name = "TestVictim/child" if sub else "TestVictim"
    assert found[name].status == "failed", found[name]


# -- one name in the internal and the external test package (issue 10 item 3) --------------


@pytest.mark.xfail(
    strict=True,
    reason="issue 10 item 3: the internal package's failing TestX is dropped as forged "
    "when the external TestX passes",
)
@_SETTINGS
@given(internal=_results, external=_results, subtests=st.booleans())
def test_a_duplicate_name_with_a_failing_run_is_never_green(
    internal: Result, external: Result, subtests: bool
) -> None:
    stream = duplicate_names(internal, external, subtests=subtests)
    outcome = outcomes(verdict(stream, 1))["TestX"]
    if "fail" in (internal, external):
        assert outcome.status == "failed", outcome


@_SETTINGS
@given(internal=_results, external=_results)
def test_duplicate_name_subtests_keep_their_own_results(internal: Result, external: Result) -> None:
    """Go names the external subtest ``TestX/case#01``: two names, two results."""
    stream = duplicate_names(internal, external, subtests=True)
    found = outcomes(verdict(stream, 1))
    for name in ("TestX/case", "TestX/case#01"):
        check(found[name], stream.expected[name][0])


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
    assert found["TestR"].status == stream.expected["TestR"][0].status
    assert found["TestSteady"].status == "passed"


@pytest.mark.xfail(
    strict=True,
    reason="issue 10 item 2: the message is the first line of every run's output, not of "
    "the run that failed",
)
@_SETTINGS
@given(results=_runs)
def test_a_failure_carries_the_failing_runs_message(results: list[Result]) -> None:
    stream = repeated(results)
    assert_single_items(stream, stream.runs_per_test)


@_SETTINGS
@given(results=_runs)
def test_unknown_run_count_never_drops_a_failing_run(results: list[Result]) -> None:
    """runs_per_test=None (the core was not told the count): every run counts."""
    stream = repeated(results)
    found = outcomes(verdict(stream, None))
    assert found["TestR"].status == stream.expected["TestR"][0].status
