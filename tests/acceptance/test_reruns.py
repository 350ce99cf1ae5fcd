"""pytest-rerunfailures: a rerun of a Go test really runs it again (skipped when the plugin is
not installed; it is not a test dependency)."""

from __future__ import annotations

import shutil

import pytest

from .helpers import GomodFactory, RunPytest, go_invocations, write_go_wrapper

pytest.importorskip(
    "pytest_rerunfailures", reason="pytest-rerunfailures is not installed (optional)"
)


def test_rerun_runs_the_go_test_again(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    real_go = shutil.which("go")
    assert real_go is not None
    gomod("basic")
    log = pytester.path.parent / f"{pytester.path.name}-go.log"
    wrapper = write_go_wrapper(pytester.path.parent / f"{pytester.path.name}-bin", real_go, log)
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
