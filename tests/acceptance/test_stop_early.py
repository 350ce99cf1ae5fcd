"""``-x``/``--maxfail`` do not wait for the rest of the failing test's package.

Fixture module ``stopping`` (README.md there): ``afails`` has TestFails (fails at once) and
TestSlow (sleeps 60 s), ``slow`` has TestSlowToo (sleeps 60 s), all in one ``go test``. Go's
``fail`` event of TestFails is final, so pytest reports it and stops there, and every go
process of the run is stopped: the run ends well before the sleeps would (the 30 s bound is a
behaviour check, not a timing one), no test that did not finish is reported, and no process
of the run is left (each run carries ``GOTEST_ORPHAN_MARK``, inherited by go and the test
binaries).

The failure may come after tests of its package that passed (``afterpasses``, ``twofail``):
once Go has ended every test up to it, pytest reports those as Go ended them and stops at the
failure. A test before it that Go has not ended yet (``parallel``: paused in ``t.Parallel()``
when the failure comes) is waited for, never reported unfinished.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import ORPHAN_MARK, GomodFactory, RunPytest, kill_marked, survivors

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(),
    reason="reads other processes' environment in /proc",
)

_BOUND_SECONDS = 30  # the slow tests sleep 60 s

FORGIVING_CONFTEST = """
import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed and item.name == "TestFails":
        report.outcome = "passed"  # a known failure, forgiven
    return report
"""


@pytest.fixture
def marker(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    value = uuid.uuid4().hex
    monkeypatch.setenv(ORPHAN_MARK, value)
    yield value
    kill_marked(value)  # never leave debris for the rest of the suite


@pytest.mark.parametrize("args", [("-x",), ("--maxfail=1",), ("-n", "2", "-x")])
def test_a_failure_that_ends_the_run_does_not_wait_for_its_package(
    gomod: GomodFactory, run_pytest: RunPytest, marker: str, args: tuple[str, ...]
) -> None:
    gomod("stopping")
    started = time.monotonic()
    result = run_pytest(*args, "-v", "--go-flags=-count=1", timeout=90)
    elapsed = time.monotonic() - started
    result.stdout.fnmatch_lines(
        ["*afails/afails_test.go::TestFails*", "*stopping after 1 failures*"]
    )
    result.stdout.fnmatch_lines(["FAILED afails/afails_test.go::TestFails - *fails at once"])
    # Only what Go finished is reported: TestSlow and TestSlowToo were cut off, not failed.
    result.assert_outcomes(failed=1)
    assert "PASSED" not in result.stdout.str()
    assert elapsed < _BOUND_SECONDS, result.stdout.str()
    left = survivors(marker)
    assert not left, [str(process) for process in left]


def test_a_failure_a_hook_forgave_still_stops_the_run_it_cut_short(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester, marker: str
) -> None:
    # go was stopped at TestFails' failure, expected to end the run; a conftest turned the
    # report into a pass. The packages go did not finish have no results: pytest stops there
    # instead of reporting TestSlow and TestSlowToo as stopped.
    gomod("stopping")
    pytester.makeconftest(FORGIVING_CONFTEST)
    started = time.monotonic()
    result = run_pytest("-x", "-v", "--go-flags=-count=1", timeout=90)
    elapsed = time.monotonic() - started
    result.stdout.fnmatch_lines(
        ["*Interrupted: go test was stopped when afails/afails_test.go::TestFails failed*"]
    )
    result.assert_outcomes(passed=1)
    assert "TestSlow" not in result.stdout.str()
    assert elapsed < _BOUND_SECONDS, result.stdout.str()
    left = survivors(marker)
    assert not left, [str(process) for process in left]


@pytest.mark.parametrize("args", [("-x",), ("-n", "2", "-x")])
def test_a_failure_after_passes_of_its_package_does_not_wait_for_the_rest(
    gomod: GomodFactory, run_pytest: RunPytest, marker: str, args: tuple[str, ...]
) -> None:
    # TestPassesFirst and TestPassesToo pass, TestFailsAfterPasses fails, TestSlowAfter
    # sleeps 60 s: the first item used to wait for the whole package.
    gomod("stopping")
    started = time.monotonic()
    result = run_pytest(*args, "-v", "-rA", "--go-flags=-count=1", "afterpasses", timeout=90)
    elapsed = time.monotonic() - started
    result.stdout.fnmatch_lines(  # -rA's summary: the same with xdist and without
        [
            "PASSED afterpasses/afterpasses_test.go::TestPassesFirst",
            "PASSED afterpasses/afterpasses_test.go::TestPassesToo",
            "FAILED afterpasses/afterpasses_test.go::TestFailsAfterPasses*",
            "*stopping after 1 failures*",
        ]
    )
    result.stdout.fnmatch_lines(["afterpasses_test.go:15: fails after two passes"])
    result.assert_outcomes(passed=2, failed=1)
    assert "TestSlowAfter" not in result.stdout.str()
    assert elapsed < _BOUND_SECONDS, result.stdout.str()
    left = survivors(marker)
    assert not left, [str(process) for process in left]


def test_maxfail_counts_the_failures_among_passes_of_one_package(
    gomod: GomodFactory, run_pytest: RunPytest, marker: str
) -> None:
    # TestPassA, TestFailB, TestPassC, TestFailD, then TestSlowE sleeps 60 s.
    gomod("stopping")
    started = time.monotonic()
    result = run_pytest("--maxfail=2", "-v", "--go-flags=-count=1", "twofail", timeout=90)
    elapsed = time.monotonic() - started
    result.stdout.fnmatch_lines(
        [
            "*twofail_test.go::TestPassA PASSED*",
            "*twofail_test.go::TestFailB FAILED*",
            "*twofail_test.go::TestPassC PASSED*",
            "*twofail_test.go::TestFailD FAILED*",
            "*stopping after 2 failures*",
        ]
    )
    result.assert_outcomes(passed=2, failed=2)
    assert "TestSlowE" not in result.stdout.str()
    assert elapsed < _BOUND_SECONDS, result.stdout.str()
    left = survivors(marker)
    assert not left, [str(process) for process in left]


def test_a_test_before_the_failure_that_go_has_not_ended_is_waited_for(
    gomod: GomodFactory, run_pytest: RunPytest, marker: str
) -> None:
    # TestParallelPasses is paused in t.Parallel() when TestFailsMeanwhile fails, and passes
    # 2 s later; TestParallelSlow sleeps 60 s. Stopping go at the failure would have cut
    # TestParallelPasses off: it is reported once Go passed it, and not before.
    gomod("stopping")
    started = time.monotonic()
    result = run_pytest("-x", "-v", "-rP", "--go-flags=-count=1", "parallel", timeout=90)
    elapsed = time.monotonic() - started
    result.stdout.fnmatch_lines(
        [
            "*parallel_test.go::TestParallelPasses PASSED*",
            "*parallel_test.go::TestFailsMeanwhile FAILED*",
            "*stopping after 1 failures*",
        ]
    )
    result.stdout.fnmatch_lines(["*passed after 2 s*"])  # its own output: Go ended it
    result.assert_outcomes(passed=1, failed=1)
    assert "TestParallelSlow" not in result.stdout.str()
    assert elapsed < _BOUND_SECONDS, result.stdout.str()
    left = survivors(marker)
    assert not left, [str(process) for process in left]


def test_a_twins_failure_is_never_given_to_the_other_twin(
    gomod: GomodFactory, run_pytest: RunPytest, marker: str
) -> None:
    # TestTw of the internal test package fails, the external one passes; pytest reaches the
    # external one first (ext_test.go). Go's "fail TestTw" cannot be tied to either, so -x
    # waits for the package: stopping go at that event errored the external twin ("not
    # run: go test was stopped") and never reported the failure Go gave.
    gomod("stopping")
    result = run_pytest("-x", "-v", "-rA", "--go-flags=-count=1", "twins", timeout=90)
    result.stdout.fnmatch_lines(
        [
            "PASSED twins/ext_test.go::TestTw",
            "PASSED twins/ext_test.go::TestSlowExt",
            "FAILED twins/in_test.go::TestTw - in_test.go:10: internal twin fails",
            "*stopping after 1 failures*",
        ]
    )
    result.assert_outcomes(passed=2, failed=1)
    left = survivors(marker)
    assert not left, [str(process) for process in left]
