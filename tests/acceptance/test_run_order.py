"""go is given the packages whose last run was long first (core/schedule.py,
plugin/run_order.py), on fixture module ``runorder`` (README.md there): ``alpha`` returns at
once, ``omega`` sleeps 0.8 s. A logging ``go`` wrapper shows each ``go test`` call's package
order. The outcomes never depend on it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .helpers import GomodFactory, RunPytest, go_invocations, logging_go, write_go_wrapper
from .session_runs import copy_module, run_inner, short_summary

ALPHA, OMEGA = "example.com/runorder/alpha", "example.com/runorder/omega"


def _package_orders(log: Path) -> list[list[str]]:
    """Per go test call, its packages in the order given."""
    orders = [
        [arg for arg in call if arg.startswith("example.com/")]
        for call in go_invocations(log, "test")
    ]
    log.unlink(missing_ok=True)
    return orders


def _recorded(root: Path) -> dict[str, float]:
    entries = list((root / ".pytest_cache" / "v" / "gotest" / "run-order").iterdir())
    assert len(entries) == 1, entries
    data = json.loads(entries[0].read_text())
    assert data["module"] == "."
    packages: dict[str, float] = data["packages"]
    return packages


@pytest.fixture
def runorder(gomod: GomodFactory, pytester: pytest.Pytester) -> Path:
    """The module, with the logging go wrapper; returns the wrapper's log."""
    root = gomod("runorder")
    wrapper, log = logging_go(pytester)
    (root / "pytest.ini").write_text(f"[pytest]\ngo_binary = {wrapper}\n", encoding="utf-8")
    return log


def test_a_long_package_is_given_first_once_measured(runorder: Path, run_pytest: RunPytest) -> None:
    """Two arguments (no head start): the runner's own batch. The first run measures, the
    second gives omega first; a Go test-cache replay (the second and third runs) is not a
    measurement, so omega stays first."""
    log = runorder
    args = ("-p", "no:randomly", "alpha", "omega")
    first = run_pytest(*args, cache=True)
    first.assert_outcomes(passed=2)
    assert _package_orders(log) == [[ALPHA, OMEGA]]
    recorded = _recorded(Path.cwd())
    assert set(recorded) == {ALPHA, OMEGA}
    assert recorded[OMEGA] >= 0.8
    assert recorded[ALPHA] < 0.5
    for _ in range(2):
        again = run_pytest(*args, cache=True)
        again.assert_outcomes(passed=2)
        assert "omega  (cached)" in again.stdout.str()  # Go's test cache answered
        assert _package_orders(log) == [[OMEGA, ALPHA]]
        assert _recorded(Path.cwd()) == recorded


def test_a_head_start_takes_the_new_order_from_the_next_run(
    tmp_path: Path, go_env: dict[str, str]
) -> None:
    """One directory argument, the same command line each time: go test starts as pytest
    loads its plugins, with the command the last run wrote down (plugin/early_start.py). The
    run that first knows omega's time adopts that head start in the old order (the same
    packages) and writes down the new one; from the run after, omega goes first. One go test
    per run: every head start was adopted."""
    log = tmp_path / "go.log"
    wrapper = write_go_wrapper(tmp_path / "bin", _real_go(), log)
    root = copy_module("runorder", tmp_path / "mod", f"go_binary = {wrapper}\n")
    orders = []
    for _ in range(3):
        run = run_inner(root, go_env, "-p", "no:randomly", "--go-flags=-count=1", ".", cache=True)
        assert run.outcomes == {
            "alpha/alpha_test.go::TestAlpha": ["PASSED"],
            "omega/omega_test.go::TestOmega": ["PASSED"],
        }, short_summary(run.result)
        calls = _package_orders(log)
        assert len(calls) == 1, calls
        orders.append(calls[0])
    assert orders == [[ALPHA, OMEGA], [ALPHA, OMEGA], [OMEGA, ALPHA]]


def _real_go() -> str:
    go = shutil.which("go")
    assert go is not None
    return go


def test_without_pytests_cache_the_order_is_pytests(runorder: Path, run_pytest: RunPytest) -> None:
    log = runorder
    for _ in range(2):
        run_pytest("-p", "no:randomly", "--go-flags=-count=1", "alpha", "omega").assert_outcomes(
            passed=2
        )
        assert _package_orders(log) == [[ALPHA, OMEGA]]
