"""Lines a test prints that read like its own framing lines are its output, as Go printed them.

Fixture module ``printedframes`` (README.md there). Before Go 1.27 test2json marks no frame in
its JSON, so a printed ``--- FAIL: TestX (0.00s)`` or ``=== RUN   TestX`` inside TestX's
output was taken for a frame and dropped, and from an Example's ``got:`` block too. Each
report must show what ``go test -v`` prints between the test's own frames (one ``go test -v``
of the module here, one inner session). Go's results stay the only source of outcomes: a
printed ``--- PASS:`` makes no pass. Run on the oldest supported Go too (tests/go_oldest.args).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import pytest

from .helpers import junit_cases, junit_suite, sections
from .session_runs import ModuleRun, copy_module, inner_env, run_inner, short_summary

PKG = "example.com/printedframes/frames"
TESTS = "frames/frames_test.go"
EXAMPLES = "frames/example_test.go"

# What each failing test's report must show, line by line, as go test -v prints it.
SHOWN = {
    "TestPrintsItsFrames": [
        "--- FAIL: TestPrintsItsFrames (0.00s)",
        "=== RUN   TestPrintsItsFrames",
        "=== NAME  TestPrintsItsFrames",
        "=== PAUSE TestPrintsItsFrames",
        "=== CONT  TestPrintsItsFrames",
        "--- PASS: TestPrintsItsFrames (0.00s)",
        "printed its frames",
        "    frames_test.go:20: fails after printing its frames",
    ],
    "TestPrintsAPass": [
        "    frames_test.go:30: fails before printing a pass",
        "--- PASS: TestPrintsAPass (0.00s)",
    ],
    "TestParallelPrints": [
        "=== CONT  TestParallelPrints",
        "=== PAUSE TestParallelPrints",
        "    frames_test.go:39: parallel fails",
    ],
    "TestSubtestPrints/sub": [
        "--- PASS: TestSubtestPrints/sub (0.00s)",
        "    frames_test.go:46: sub fails",
    ],
    "Example_printsFrames": [
        "got:",
        "--- PASS: Example_printsFrames (0.00s)",
        "=== RUN   Example_ghost",
        "--- FAIL: Example_ghost (0.00s)",
        "=== RUN   Example_printsFrames",
        "want:",
        "nothing",
    ],
    "Example_wantsAFrame": [
        "got:",
        "something else",
        "want:",
        "--- FAIL: Example_wantsAFrame (0.00s)",
    ],
}


@dataclass(frozen=True)
class Printed:
    run: ModuleRun
    go_v: list[str]  # go test -v's lines for the same module


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Printed:
    root = copy_module("printedframes", tmp_path_factory.mktemp("printedframes") / "mod")
    go_v = subprocess.run(
        ["go", "test", "-v", "./..."],
        cwd=root,
        env=inner_env(go_env),
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert go_v.returncode == 1, go_v.stdout + go_v.stderr
    return Printed(run_inner(root, go_env), go_v.stdout.splitlines())


def _holds(lines: list[str], block: list[str]) -> bool:
    """Whether ``block`` is a run of consecutive ``lines`` (compared without the indentation
    a report may take off its first line)."""
    stripped = [line.strip() for line in lines]
    wanted = [line.strip() for line in block]
    return any(
        stripped[at : at + len(wanted)] == wanted for at in range(len(stripped) - len(wanted) + 1)
    )


@pytest.mark.parametrize("test", list(SHOWN))
def test_a_failure_shows_the_lines_like_frames_that_the_test_printed(
    printed: Printed, test: str
) -> None:
    # go test -v prints them so on this Go: the fixture does what README.md says.
    assert _holds(printed.go_v, SHOWN[test]), "\n".join(printed.go_v)
    report = sections(printed.run.result)[f"{PKG}.{test}"]
    assert _holds(report.splitlines(), SHOWN[test]), report


def test_a_passing_tests_output_keeps_the_failure_line_it_printed(printed: Printed) -> None:
    cases = junit_cases(junit_suite(printed.run.junit))
    case = cases[(PKG, "TestPrintsAFailure")]
    assert case.system_out == "--- FAIL: TestPrintsAFailure (0.00s)\n"


def test_a_parallel_tests_line_after_a_report_line_leaves_that_line_gos(
    printed: Printed,
) -> None:
    # TestPrinter's line comes after TestFails' report line and before its fail event,
    # labelled with it: the report line is Go's frame, never shown; the printer's line is
    # kept there, where go test -v shows it.
    line = "printed beside a report line"
    failed = sections(printed.run.result)["example.com/printedframes/parallel.TestFails"]
    assert "parallel fails first" in failed
    assert "--- FAIL: TestFails" not in failed
    report = next(
        at for at, text in enumerate(printed.go_v) if text.startswith("--- FAIL: TestFails")
    )
    if printed.go_v[report + 1] == line:  # the printer ran beside it (two or more CPUs)
        assert line in failed.splitlines()


def test_outcomes_are_gos_whatever_the_tests_printed(printed: Printed) -> None:
    expected = {
        f"{TESTS}::TestPrintsItsFrames": ["FAILED"],
        f"{TESTS}::TestPrintsAFailure": ["PASSED"],
        f"{TESTS}::TestPrintsAPass": ["FAILED"],
        f"{TESTS}::TestParallelPrints": ["FAILED"],
        f"{TESTS}::TestSubtestPrints": ["FAILED"],
        f"{TESTS}::TestSubtestPrints/sub": ["FAILED"],
        f"{EXAMPLES}::Example_printsFrames": ["FAILED"],
        f"{EXAMPLES}::Example_wantsAFrame": ["FAILED"],
        f"{EXAMPLES}::Example_ghost": ["PASSED"],
        "parallel/parallel_test.go::TestFails": ["FAILED"],
        "parallel/parallel_test.go::TestPrinter": ["PASSED"],
    }
    assert printed.run.outcomes == expected, short_summary(printed.run.result)
    assert printed.run.result.ret == pytest.ExitCode.TESTS_FAILED
    # Nothing printed here started or ended a test: no forged-framing warning.
    text = printed.run.result.stdout.str()
    assert "printed before the test ran" not in text
    assert "GoTestWarning" not in text
