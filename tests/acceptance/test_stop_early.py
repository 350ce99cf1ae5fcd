"""``-x``/``--maxfail`` do not wait for the rest of the failing test's package.

Fixture module ``stopping`` (README.md there): ``afails`` has TestFails (fails at once) and
TestSlow (sleeps 60 s), ``slow`` has TestSlowToo (sleeps 60 s), all in one ``go test``. Go's
``fail`` event of TestFails is final, so pytest reports it and stops there, and every go
process of the run is stopped: the run ends well before the sleeps would (the 30 s bound is a
behaviour check, not a timing one), no test that did not finish is reported, and no process
of the run is left (each run carries ``GOTEST_ORPHAN_MARK``, inherited by go and the test
binaries).
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
