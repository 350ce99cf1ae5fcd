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


def test_only_rerun_matches_a_failed_subtests_error(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A test whose subtest failed says "subtests failed: ..."; --only-rerun matches the
    subtest's own error too (the chain of causes pytest-rerunfailures reads), so a table test
    whose case hit a transient error is rerun."""
    gomod("lastfailed")
    monkeypatch.setenv("LF_MARKER", str(pytester.path / "marker"))
    args = ("rerun", "--go-flags=-count=1", "--reruns", "1")
    result = run_pytest(*args, "--only-rerun", "connection refused")
    outcomes = result.parseoutcomes()
    assert outcomes.get("rerun") == 1, result.stdout.str()
    assert outcomes.get("passed") == 1, result.stdout.str()
    assert result.ret == pytest.ExitCode.OK
    # A pattern that matches none of the errors reruns nothing.
    (pytester.path / "marker").unlink()
    result = run_pytest(*args, "--only-rerun", "no such error")
    assert "rerun" not in result.parseoutcomes(), result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
