"""A finished test's result cannot be rewritten by a later test's output (issue 10, item 4).

Fixture module ``forged`` (README.md there): tests that fail, then tests that print
``--- PASS: TestVictim...`` for them, plainly or with test2json's ``^V`` marker (then Go's own
stream holds a second terminal event for the victim). Once Go ended a test, later framing
text for it is output of the test that printed it, unless -count/-cpu explain a new run. One
inner session for the module.
"""

from __future__ import annotations

import pytest

from .helpers import sections
from .session_runs import ModuleRun, copy_module, run_inner, short_summary, summary_line

LATER = "later/later_test.go"
RED = "redforge/redforge_test.go"

# Victim -> the first line of its real failure (what the short summary must show).
VICTIMS = {
    "TestVictimPlain": "later_test.go:12: VictimPlain really failed",
    "TestVictimMarked": "later_test.go:14: VictimMarked really failed",
    "TestVictimRerun": "later_test.go:16: VictimRerun really failed",
    "TestVictimSkip": "later_test.go:18: VictimSkip really failed",
    "TestVictimSub/child": "later_test.go:21: VictimSub/child really failed",
}
FORGERS = ("TestForgerPlain", "TestForgerMarked", "TestForgerRerun", "TestForgerSkip")


@pytest.fixture(scope="module")
def forged(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("forged", tmp_path_factory.mktemp("forged") / "mod")
    return run_inner(root, go_env)


@pytest.mark.parametrize(
    "victim",
    [pytest.param(name) for name in VICTIMS],
)
def test_a_failed_test_stays_failed_with_its_own_message(forged: ModuleRun, victim: str) -> None:
    nodeid = f"{LATER}::{victim}"
    assert forged.outcomes.get(nodeid) == ["FAILED"], short_summary(forged.result)
    line = summary_line(forged.result, "FAILED", nodeid)
    assert line.endswith(f" - {VICTIMS[victim]}"), line


def test_the_parent_of_a_failed_subtest_stays_failed(forged: ModuleRun) -> None:
    assert forged.outcomes.get(f"{LATER}::TestVictimSub") == ["FAILED"]
    assert forged.outcomes.get(f"{LATER}::TestVictimSub/child") == ["FAILED"]


def test_the_forgers_pass(forged: ModuleRun) -> None:
    for name in (*FORGERS, "TestForgerSub"):
        assert forged.outcomes.get(f"{LATER}::{name}") == ["PASSED"], short_summary(forged.result)
    assert forged.outcomes.get(f"{RED}::TestForgerFail") == ["PASSED"]


def test_a_victims_report_shows_its_real_failure_not_a_forgery_warning(
    forged: ModuleRun,
) -> None:
    found = sections(forged.result)
    for victim in VICTIMS:
        report = found[f"example.com/forged/later.{victim}"]
        assert "really failed" in report
    text = forged.result.stdout.str()
    # Go ran each test once (no -count, no -cpu): nothing here was printed before a test ran.
    assert "printed before the test ran" not in text


def test_a_passed_test_stays_passed_when_a_later_test_prints_a_failure_for_it(
    forged: ModuleRun,
) -> None:
    assert forged.outcomes.get(f"{RED}::TestInnocent") == ["PASSED"], short_summary(forged.result)


def test_every_outcome_and_the_exit_status(forged: ModuleRun) -> None:
    expected = {
        **{f"{LATER}::{name}": ["FAILED"] for name in VICTIMS},
        f"{LATER}::TestVictimSub": ["FAILED"],
        **{f"{LATER}::{name}": ["PASSED"] for name in (*FORGERS, "TestForgerSub")},
        f"{RED}::TestInnocent": ["PASSED"],
        f"{RED}::TestForgerFail": ["PASSED"],
    }
    assert forged.outcomes == expected, short_summary(forged.result)
    forged.result.assert_outcomes(passed=7, failed=6)
    assert forged.result.ret == pytest.ExitCode.TESTS_FAILED
