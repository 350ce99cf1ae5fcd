"""pytest-rerunfailures: a rerun of a Go test really runs it again (pytest-rerunfailures is in
the ``test`` extra, so CI runs this; skipped only where it is not installed)."""

from __future__ import annotations

import pytest

from .helpers import GomodFactory, RunPytest, go_invocations, logging_go

pytest.importorskip(
    "pytest_rerunfailures",
    reason="pytest-rerunfailures is not installed (pip install -e '.[test]')",
)


def test_rerun_runs_the_go_test_again(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("basic")
    wrapper, log = logging_go(pytester)
    result = run_pytest(
        "calc/calc_test.go::TestSubFails", "--reruns", "1", f"--go-binary={wrapper}"
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed") == 1, result.stdout.str()
    assert outcomes.get("rerun") == 1, result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    calc_runs = [call for call in go_invocations(log, "test") if "example.com/basic/calc" in call]
    assert len(calc_runs) == 2, calc_runs  # the first run and the rerun
    assert "calc_test.go:16: Sub(5, 3) = 2, want 3" in result.stdout.str()
