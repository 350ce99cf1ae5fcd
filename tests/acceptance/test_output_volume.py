"""Interleaved, huge and non-text output: attributed by Go's Test field, bounded
in memory, the middle of huge output spilled to a file the report names, nothing lost.
Fixture modules ``output`` (one inner session for all of it) and ``volume`` (memory)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from junitparser import Failure

from .helpers import junit_cases, junit_result, junit_suite, sections
from .session_runs import (
    ModuleRun,
    copy_module,
    inner_env,
    run_inner,
    short_summary,
    summary_outcomes,
)

PKG = "example.com/output"

EXPECTED = {
    "interleave/interleave_test.go::TestQ1": ["PASSED"],
    "interleave/interleave_test.go::TestQ2": ["FAILED"],
    "interleave/interleave_test.go::TestQ3": ["PASSED"],
    "interleave/interleave_test.go::TestQ4": ["FAILED"],
    "bigline/bigline_test.go::TestBigLine": ["FAILED"],
    "manylines/manylines_test.go::TestManyLines": ["FAILED"],
    "manylines/manylines_test.go::TestQuiet": ["PASSED"],
    "binary/binary_test.go::TestBinaryOutput": ["FAILED"],
}

_SPILL_NOTE = re.compile(
    r"\[pytest-gotest: (\d+) bytes of output omitted here .*?full text in (.+?)\]"
)


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("output", tmp_path_factory.mktemp("output") / "mod")
    return run_inner(root, go_env)


def _spill_file(report: str) -> Path:
    """The spill file a report's omission note names; it must exist."""
    match = _SPILL_NOTE.search(report)
    notes = [line for line in report.splitlines() if "pytest-gotest" in line]
    assert match, f"no omission note naming a spill file in the report; notes: {notes}"
    path = Path(match.group(2))
    assert path.is_file(), path
    return path


def test_outcomes(output: ModuleRun) -> None:
    assert output.outcomes == EXPECTED, short_summary(output.result)
    output.result.assert_outcomes(passed=3, failed=5)
    text = output.result.stdout.str() + output.result.stderr.str()
    assert "INTERNALERROR" not in text
    assert "Traceback" not in text


@pytest.mark.parametrize("name", ["Q1", "Q2", "Q3", "Q4"])
def test_interleaved_parallel_tests_keep_their_own_output(output: ModuleRun, name: str) -> None:
    report = sections(output.result)[f"{PKG}/interleave.Test{name}"]
    for i in range(100):
        assert f"{name} line {i:03d}" in report
    for other in {"Q1", "Q2", "Q3", "Q4"} - {name}:
        assert f"{other} line" not in report
        assert f"{other} failed" not in report
    if name in ("Q2", "Q4"):
        assert f"{name} failed" in report


def test_a_4mib_line_is_kept_at_both_ends_and_spilled_in_the_middle(output: ModuleRun) -> None:
    report = sections(output.result)[f"{PKG}/bigline.TestBigLine"]
    assert "bigline done" in report
    assert "BIGLINE-BEGIN" in report
    assert "BIGLINE-END" in report
    spilled = _spill_file(report).read_text(encoding="utf-8")
    assert set(spilled) <= {"x", "\n"}
    # Nothing lost: the x's shown plus the x's spilled are all 4 MiB of them.
    # (Long runs only: the spill file's random name in the note may contain an x.)
    shown = sum(len(run) for run in re.findall(r"x{64,}", report))
    assert shown + spilled.count("x") == 4 << 20


def test_200000_lines_are_all_accounted_for(output: ModuleRun) -> None:
    report = sections(output.result)[f"{PKG}/manylines.TestManyLines"]
    assert "manylines done" in report
    assert "many line 000000" in report
    assert "many line 199999" in report
    spilled = _spill_file(report).read_text(encoding="utf-8")
    numbers = re.findall(r"many line (\d{6})", report) + re.findall(r"many line (\d{6})", spilled)
    assert sorted(int(n) for n in numbers) == list(range(200_000))


def test_invalid_utf8_and_nul_bytes_are_reported(output: ModuleRun) -> None:
    report = sections(output.result)[f"{PKG}/binary.TestBinaryOutput"]
    assert "binary done" in report
    # test2json replaced each invalid byte by U+FFFD; the plugin keeps that.
    assert "utf8-before\ufffd\ufffdutf8-after" in report
    nul_lines = [line for line in report.splitlines() if "nul-before" in line]
    assert nul_lines, report
    assert "nul-after" in nul_lines[0]  # the NUL neither ends nor drops the line
    # And the JUnit file stays valid XML with the text in it.
    cases = junit_cases(junit_suite(output.junit))
    failure = junit_result(cases[(f"{PKG}/binary", "TestBinaryOutput")], Failure)
    assert "utf8-before\ufffd\ufffdutf8-after" in (failure.text or "")
    assert "nul-before" in (failure.text or "")
    assert "nul-after" in (failure.text or "")


# -- memory ----------------------------------------------------------------------------------

# Runs pytest in-process and writes its own peak resident set (VmHWM, KiB) to argv[1]: go and
# the test binary are children, so the parent's rusage would mix them in.
MEASURE = """\
import sys
import pytest

code = pytest.main(sys.argv[2:])
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
with open(sys.argv[1], "w", encoding="ascii") as out:
    out.write(peak)
sys.exit(int(code))
"""


def measured_run(root: Path, go_env: dict[str, str], mib: int) -> tuple[pytest.RunResult, int]:
    """A run of the volume module with TestHuge printing ``mib`` MiB: (result, peak KiB)."""
    script = root.parent / "measure.py"
    script.write_text(MEASURE, encoding="utf-8")
    peak_file = root.parent / f"peak-{mib}.txt"
    completed = subprocess.run(
        [
            sys.executable,
            str(script),
            str(peak_file),
            "-p",
            "no:cacheprovider",
            "-rA",
            # Not into Go's test cache (the shared GOCACHE) with 50 MiB of output.
            "--go-flags=-count=1",
            f"--basetemp={root.parent / f'basetemp-{mib}'}",
        ],
        cwd=root,
        env=inner_env(go_env, {"HUGE_MB": str(mib)}),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=600,
        check=False,
    )
    result = pytest.RunResult(
        completed.returncode, completed.stdout.splitlines(), completed.stderr.splitlines(), 0
    )
    assert peak_file.exists(), short_summary(result) + completed.stderr
    return result, int(peak_file.read_text(encoding="ascii"))


def test_50mib_of_output_keeps_memory_bounded(tmp_path: Path, go_env: dict[str, str]) -> None:
    """The 1 GiB / 150 MB figure is measured by benchmarks/bench_memory.py; here 50 MiB must
    cost no more memory than a small bounded capture, and the report names the spill file."""
    root = copy_module("volume", tmp_path / "mod")
    small, small_peak = measured_run(root, go_env, 1)
    big, big_peak = measured_run(root, go_env, 50)
    for result in (small, big):
        assert summary_outcomes(result) == {
            "huge/huge_test.go::TestHuge": ["FAILED"],
            "huge/huge_test.go::TestSmall": ["PASSED"],
        }, short_summary(result)
    report = sections(big)["example.com/volume/huge.TestHuge"]
    assert "printed 50 MiB" in report
    assert "huge line 00000000" in report
    assert "huge line 00051199" in report  # the last line, in the kept tail
    growth_mib = (big_peak - small_peak) / 1024
    assert growth_mib < 32, (small_peak, big_peak)
    assert big_peak < 150 * 1024, big_peak
    assert len(big.stdout.str()) < 8 << 20
    # Most of the 50 MiB went to the file, not into memory or the terminal.
    assert _spill_file(report).stat().st_size > 45 << 20
