"""A failure's headline is its error, not a log line before it (Go before 1.27).

Go 1.27 marks a test's ``t.Error``/``t.Fatal`` lines (``OutputType`` "error"); older
versions print them exactly like ``t.Log`` lines (``checks_test.go:9: starting``), so the
headline was the first line the test printed. The source says which call printed a line
(Go names the line the call starts on): the headline is the first that is no ``t.Log``.
Fixture module ``logfirst`` (its README.md lists what Go prints). The headline is what the
short summary, ``--tb=line``, JUnit's ``message`` and its ``line`` show.
"""

from __future__ import annotations

from pathlib import Path

from .helpers import GomodFactory, RunPytest, junit_case_facts

CHECKS = "checks/checks_test.go"
MORE = "checks/more_test.go"
REMAP = "checks/remap_test.go"
# name -> (its file, headline, JUnit line: None where the headline names no line of it)
HEADLINES = {
    "TestLogThenError": (CHECKS, "checks_test.go:13: want 3, got 2", "13"),
    "TestHelperFails": (CHECKS, "checks_test.go:20: -1 is not positive", "20"),
    "TestSubtests": (CHECKS, "subtests failed: TestSubtests/fails", None),
    "TestSubtests/fails": (CHECKS, "checks_test.go:34: subtest failed", "34"),
    "TestOnlyLogs": (CHECKS, "checks_test.go:39: nothing wrong said", "39"),
    # A Log method called inside a failing call is no t.Log.
    "TestLoggerFails": (MORE, "more_test.go:12: unexpected error: logger closed", "12"),
    # Another package's helper.go:8, printed as the test package's helper.go:8 (a t.Log of
    # other words) would be.
    "TestOtherPackagesHelper": (MORE, "helper.go:8: -2 is not positive", None),
    "TestNested": (MORE, "subtests failed: TestNested/inner, TestNested/inner/deep", None),
    # It only logged: its subtest failed it.
    "TestNested/inner": (MORE, "subtests failed: TestNested/inner/deep", None),
    "TestNested/inner/deep": (MORE, "more_test.go:36: deep error", "36"),
    # A file with //line directives is not read: its first line is the failure's.
    "TestRemapped": (REMAP, "remap_test.go:14: remapped error", None),
}


def test_the_headline_is_the_first_line_no_t_log_printed(
    gomod: GomodFactory, run_pytest: RunPytest, tmp_path: Path
) -> None:
    gomod("logfirst")
    junit = tmp_path / "junit.xml"
    result = run_pytest(
        "-rfs", "-vv", "--tb=line", f"--junitxml={junit}", "-o", "junit_family=xunit1"
    )  # -vv: the short summary untruncated; xunit1: JUnit has file and line
    summary = [line for line in result.outlines if line.startswith("FAILED ")]
    assert sorted(summary) == sorted(
        f"FAILED {path}::{name} - {message}" for name, (path, message, _) in HEADLINES.items()
    )
    for path, message, line in HEADLINES.values():
        if line is not None:  # --tb=line: the place, then the message without Go's place
            said = message.split(": ", 1)[1]
            assert any(out.endswith(f"{path}:{line}: {said}") for out in result.outlines)
    facts = junit_case_facts(junit)
    for name, (_, message, line) in HEADLINES.items():
        case = facts[("example.com/logfirst/checks", name)]
        assert (case.result, case.message) == ("Failure", message), name
        if line is not None:
            assert case.line == line, name
    # The logs are still in the failure's text.
    logged = junit.read_text()
    assert "checks_test.go:9: starting" in logged
    assert "checks_test.go:15: after the error" in logged
    # A skip after a log: its place and reason are the t.Skip's.
    assert f"SKIPPED [1] {MORE}:43: no service here" in result.outlines
    skipped = facts[("example.com/logfirst/checks", "TestSkipAfterLog")]
    assert (skipped.result, skipped.message) == ("Skipped", "no service here")
