"""Seed corpus entries of one fuzz target that share a name.

Go names ``f.Add``'s entries ``seed#0``, ``seed#1``... and the files of
``testdata/fuzz/<target>/`` by their file names, without making them unique: a file named
``seed#0`` runs as a second ``FuzzEntry/seed#0`` in the same run of the target. Whichever of
the two failed, the subtest fails (it was reported by the first run's result only, so a
failing file after a passing seed was PASSED). Fixture module ``fuzzcorpus`` (README.md there).
"""

from __future__ import annotations

import pytest

from .session_runs import ModuleRun, copy_module, run_inner, short_summary, summary_line


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("fuzzcorpus", tmp_path_factory.mktemp("fuzzcorpus") / "mod")
    return run_inner(root, go_env)


@pytest.mark.parametrize("package", ["passfirst", "failfirst"])
def test_an_entry_name_run_twice_fails_when_either_run_failed(run: ModuleRun, package: str) -> None:
    target = f"{package}/entry_test.go::FuzzEntry"
    assert run.outcomes[f"{target}/seed#0"] == ["FAILED"], short_summary(run.result)
    assert run.outcomes[target] == ["FAILED"]
    assert "bad input" in summary_line(run.result, "FAILED", f"{target}/seed#0")


def test_the_run_fails_as_go_test_does(run: ModuleRun) -> None:
    assert run.result.ret == pytest.ExitCode.TESTS_FAILED
