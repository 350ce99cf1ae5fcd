"""Go failures in pytest's everyday outputs (issue 12, items 3-5): every ``--tb`` style, the
short summary's message (testify's layout too), JUnit's ``file``/``line``, GitHub annotations
through pytest-github-actions-annotate-failures, ``-x``/``--maxfail`` and the progress
percentage. Fixture module ``subtests`` (its README.md lists what Go reports)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .helpers import GomodFactory, RunPytest, assert_counts, sections
from .session_runs import ModuleRun, copy_module, run_inner, summary_line

MOVES = "moves/moves_test.go"
# Each failed report's Go location (file, line) and first error line, as Go printed them.
FAILURES = {
    "TestMove/up/down": ("moves_test.go", 16, "Step(up, down) = 0, want 1"),
    "TestReverse/#00": ("moves_test.go", 37, "empty word"),
    "TestReverse/#01": ("moves_test.go", 37, "empty word"),
    "TestOdd/with_space": ("moves_test.go", 49, 'odd name "with space" failed'),
    "TestOdd/brackets[1]": ("moves_test.go", 49, 'odd name "brackets[1]" failed'),
    "TestOdd/a::b": ("moves_test.go", 49, 'odd name "a::b" failed'),
    "TestOdd/regexp.*(x)": ("moves_test.go", 49, 'odd name "regexp.*(x)" failed'),
    "TestTestify": ("moves_test.go", 69, "Not equal: expected: 2 actual : 1"),
    "TestInHelper": ("check_test.go", 8, "-1 is not positive"),
}
# Failed because their subtests did: no Go location of their own (the test's `func` line).
PARENTS = {"TestMove": 9, "TestMove/up": 9, "TestReverse": 31, "TestOdd": 44}
# A t.Error in a helper of another package: Go names only "assert.go", which the test's
# directory does not have; the location stays at the test's `func` line.
OTHER = "moves/other_test.go"
ELSEWHERE = "assert.go:10: -1 is not positive"


@pytest.fixture(scope="module")
def line_run(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    """``-v --tb=line``, JUnit xunit1, in a GitHub Actions workflow (annotations on)."""
    root = copy_module("subtests", tmp_path_factory.mktemp("failure-reports") / "mod")
    return run_inner(
        root,
        go_env,
        "-v",
        "--tb=line",
        "-o",
        "junit_family=xunit1",
        env={"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(root)},
    )


def _block(result: pytest.RunResult, title: str) -> list[str]:
    """The lines of a ``==== title ====`` block."""
    lines = result.stdout.lines
    start = next(i for i, line in enumerate(lines) if re.match(rf"^=+ {title} =+$", line))
    block = []
    for line in lines[start + 1 :]:
        if line.startswith("====="):
            break
        block.append(line)
    return block


def test_tb_line_prints_one_file_line_message_per_failure(line_run: ModuleRun) -> None:
    failures = _block(line_run.result, "FAILURES")
    directory = line_run.root / "moves"
    for name, (file, line, message) in FAILURES.items():
        assert f"{directory / file}:{line}: {message}" in failures, (name, "\n".join(failures))
    # A parent failed by its subtests (at every level): the test's `func` line and why.
    for expected in (
        f"{directory / 'moves_test.go'}:9: subtests failed: TestMove/up/down",
        f"{directory / 'moves_test.go'}:9: subtests failed: TestMove/up, TestMove/up/down",
        f"{directory / 'moves_test.go'}:31: subtests failed: TestReverse/#00, TestReverse/#01",
    ):
        assert expected in failures, "\n".join(failures)
    assert f"{line_run.root / OTHER}:9: {ELSEWHERE}" in failures
    # One line per failed report, nothing else (no Go text, no repr of an object).
    assert len(failures) == len(FAILURES) + len(PARENTS) + 1, "\n".join(failures)
    assert all(re.match(r"^/\S+\.go:\d+: \S", line) for line in failures), "\n".join(failures)
    assert "object at 0x" not in line_run.result.stdout.str()


def test_short_summary_carries_the_first_error_line(line_run: ModuleRun) -> None:
    for name, (file, line, message) in FAILURES.items():
        summary = summary_line(line_run.result, "FAILED", f"{MOVES}::{name}")
        assert summary == f"FAILED {MOVES}::{name} - {file}:{line}: {message}"
    assert summary_line(line_run.result, "FAILED", f"{OTHER}::TestOtherPackageHelper").endswith(
        f" - {ELSEWHERE}"
    )
    # testify: the bare "moves_test.go:69:" line is followed by the real text.
    testify = summary_line(line_run.result, "FAILED", f"{MOVES}::TestTestify")
    assert testify.endswith("moves_test.go:69: Not equal: expected: 2 actual : 1")


def test_junit_xunit1_file_and_line_are_where_go_reported_the_failure(
    line_run: ModuleRun,
) -> None:
    cases = {
        str(case.get("name")): case for case in ET.parse(line_run.junit).getroot().iter("testcase")
    }
    for name, (file, line, message) in FAILURES.items():
        case = cases[name]
        assert (case.get("file"), case.get("line")) == (f"moves/{file}", str(line)), name
        failure = case.find("failure")
        assert failure is not None
        assert failure.get("message") == f"{file}:{line}: {message}"
    for name, func_line in PARENTS.items():
        # No location in Go's text: pytest's 0-based location of the test's `func` line.
        assert (cases[name].get("file"), cases[name].get("line")) == (MOVES, str(func_line - 1))
    other = cases["TestOtherPackageHelper"]
    assert (other.get("file"), other.get("line")) == (OTHER, "8")
    # Passing tests and subtests keep pytest's location of their test's `func` line.
    assert (cases["TestPass"].get("file"), cases["TestPass"].get("line")) == (MOVES, "71")
    assert (cases["TestMove/left"].get("file"), cases["TestMove/left"].get("line")) == (MOVES, "8")


def test_github_annotations_point_at_the_go_failure(line_run: ModuleRun) -> None:
    # pytest-github-actions-annotate-failures: "::error file=F,line=L::<headline>..."
    annotations = [line for line in line_run.result.stderr.lines if line.startswith("::error ")]
    found: dict[str, tuple[str, int]] = {}
    for annotation in annotations:
        match = re.match(
            r"^::error file=([^,]+),line=(\d+)::example\.com/subtests/moves\.(.+)$", annotation
        )
        assert match, annotation
        found[match.group(3)] = (match.group(1), int(match.group(2)))
    for name, (file, line, _) in FAILURES.items():
        assert found[name] == (f"moves/{file}", line), name
    assert found["TestOdd"] == (MOVES, PARENTS["TestOdd"])
    assert found["TestOtherPackageHelper"] == (OTHER, 9)


def test_progress_percentage_never_goes_backwards(line_run: ModuleRun) -> None:
    percentages = [
        int(match.group(1))
        for line in line_run.result.stdout.lines
        if (match := re.search(r"\[\s*(\d+)%\]$", line))
    ]
    # A progress line for every test (8) and every subtest (10).
    assert len(percentages) == 18, line_run.result.stdout.str()
    assert percentages == sorted(percentages), percentages
    assert percentages[-1] == 100


DOWN = "moves_test.go:16: Step(up, down) = 0, want 1"
TESTIFY = "moves_test.go:69: Not equal: expected: 2 actual : 1"


@pytest.mark.parametrize(
    ("style", "shown", "hidden"),
    [
        # short: the failure's first paragraph; testify's block is the rest of its text.
        ("short", [DOWN, TESTIFY], ["Error Trace:"]),
        ("long", [DOWN, "ran up/down", TESTIFY, "Error Trace:"], []),
        ("native", [DOWN, "ran up/down", TESTIFY, "Error Trace:"], []),
        ("no", [], [DOWN, "Error Trace:", "= FAILURES ="]),
    ],
)
def test_every_tb_style_renders_go_failures(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    style: str,
    shown: list[str],
    hidden: list[str],
) -> None:
    gomod("subtests")
    result = run_pytest(f"--tb={style}", f"{MOVES}::TestMove", f"{MOVES}::TestTestify")
    text = result.stdout.str()
    for line in shown:
        assert line in text, text
    # The short summary may carry the first error line whole or cut at the terminal's width
    # (COLUMNS differs between machines), so what a style hides is looked for above it.
    above_summary = text.split("short test summary info")[0]
    for line in hidden:
        assert line not in above_summary, text
    assert "object at 0x" not in text
    # The short summary carries the first error line whatever the style.
    result.stdout.fnmatch_lines([f"FAILED {MOVES}::TestMove/up/down - moves_test.go:16: Step*"])
    if style != "no":
        body = sections(result)["example.com/subtests/moves.TestMove/up/down"]
        assert body.strip().startswith(DOWN)


def test_junit_xunit2_failure_message_carries_the_go_location(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("subtests")
    result = run_pytest("--junitxml=out.xml", "-o", "junit_family=xunit2", f"{MOVES}::TestInHelper")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    case = next(ET.parse(pytester.path / "out.xml").getroot().iter("testcase"))
    # xunit2 has no file/line attributes: the failure message starts with Go's location.
    assert case.get("file") is None
    assert case.get("line") is None
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "check_test.go:8: -1 is not positive"


@pytest.mark.parametrize(
    ("option", "failed_tests", "stopped_after"),
    [("-x", ["TestMove"], 1), ("--maxfail=2", ["TestMove", "TestReverse"], 2)],
)
def test_exitfirst_and_maxfail_count_go_tests_not_subtests(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    tmp_path: Path,
    option: str,
    failed_tests: list[str],
    stopped_after: int,
) -> None:
    gomod("subtests")
    result = run_pytest(option, "-v", "-p", "no:randomly")
    text = result.stdout.str()
    assert f"stopping after {stopped_after} failures" in text, text
    for name in failed_tests:
        result.stdout.fnmatch_lines([f"{MOVES}::{name} FAILED*"])
    assert f"{MOVES}::TestOdd FAILED" not in text
    assert f"{MOVES}::TestOdd/" not in text
    # Every failed subtest is reported and counted in the summary, as before.
    subtest_failures = {"TestMove": 2, "TestReverse": 2}
    failed = len(failed_tests) + sum(subtest_failures[name] for name in failed_tests)
    passed = {"TestMove": 2, "TestReverse": 0}
    assert_counts(
        result, {"failed": failed, "subtests passed": sum(passed[n] for n in failed_tests)}
    )


def test_tb_line_prints_an_error_as_one_line(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    root = gomod("subtests")
    # pytest has no line mode for errors: the error's own text is that line.
    result = run_pytest("--tb=line", f"{MOVES}::TestPass/gone")
    result.assert_outcomes(errors=1)
    errors = _block(result, "ERRORS")
    assert errors[1:] == [f"{root / MOVES}:72: not run: go test did not run TestPass/gone"], (
        "\n".join(errors)
    )


def test_progress_never_goes_backwards_under_xdist(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    gomod("subtests")
    result = run_pytest("-n", "2", "-v")
    percentages = [
        int(match.group(1))
        for line in result.stdout.lines
        if (match := re.match(r"^\[gw\d+\] \[\s*(\d+)%\] ", line))
    ]
    assert len(percentages) == 18, result.stdout.str()
    assert percentages == sorted(percentages), percentages
    assert percentages[-1] == 100


def test_fullpath_locates_a_helper_in_another_package(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("subtests")
    # go test -fullpath prints the whole path: the helper's own file, relative to the root.
    result = run_pytest(
        "--go-flags=-fullpath",
        "--junitxml=out.xml",
        "-o",
        "junit_family=xunit1",
        f"{OTHER}::TestOtherPackageHelper",
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    case = next(ET.parse(pytester.path / "out.xml").getroot().iter("testcase"))
    assert (case.get("file"), case.get("line")) == ("assert/assert.go", "10")


def test_package_output_is_shown_once_per_package_run(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """TestMain's banner (or a crash trace in the package output) was a section of every
    failing test of the package: once is what go test prints."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/banner\n\ngo 1.22\n", "utf-8")
    (pytester.path / "b_test.go").write_text(
        "package banner\n\n"
        'import (\n\t"fmt"\n\t"os"\n\t"testing"\n)\n\n'
        'func TestMain(m *testing.M) {\n\tfmt.Println("BANNER: fixtures ready")\n'
        "\tos.Exit(m.Run())\n}\n\n"
        'func TestA(t *testing.T) { t.Error("a") }\n\n'
        'func TestB(t *testing.T) { t.Error("b") }\n\n'
        'func TestC(t *testing.T) { t.Error("c") }\n',
        "utf-8",
    )
    result = run_pytest("-p", "no:randomly")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert result.stdout.str().count("BANNER: fixtures ready") == 1, result.stdout.str()
    assert result.stdout.str().count("Captured go package output call") == 1


def test_package_output_is_shown_once_when_a_crash_leaves_tests_not_run(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """Each test a panic left not run had the package output in its details, besides the
    panicking test's section: three times here, go test once."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/banner\n\ngo 1.22\n", "utf-8")
    (pytester.path / "b_test.go").write_text(
        "package banner\n\n"
        'import (\n\t"fmt"\n\t"os"\n\t"testing"\n)\n\n'
        'func TestMain(m *testing.M) {\n\tfmt.Println("BANNER: fixtures ready")\n'
        "\tos.Exit(m.Run())\n}\n\n"
        'func TestP(t *testing.T) { panic("kaboom") }\n\n'
        "func TestAfter(t *testing.T) {}\n\n"
        "func TestLater(t *testing.T) {}\n",
        "utf-8",
    )
    result = run_pytest("-p", "no:randomly")
    result.assert_outcomes(failed=1, errors=2)
    assert result.stdout.str().count("BANNER: fixtures ready") == 1, result.stdout.str()
    result.stdout.fnmatch_lines_random(
        [
            f"ERROR b_test.go::{name} - not run: the test binary died in TestP*"
            for name in ("TestAfter", "TestLater")
        ]
    )


def _testmain_module(pytester: pytest.Pytester, testmain: str, tests: str) -> None:
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/tm\n\ngo 1.22\n", "utf-8")
    (pytester.path / "m_test.go").write_text(
        'package tm\n\nimport (\n\t"fmt"\n\t"os"\n\t"testing"\n)\n\n'
        f"func TestMain(m *testing.M) {{\n{testmain}}}\n\n{tests}",
        "utf-8",
    )


def test_package_output_goes_to_the_first_failure_not_a_skip(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """A skip first: its report took the package output, which pytest never shows for a
    skip (not even with -rA), and the failure after it showed none. go test prints it."""
    _testmain_module(
        pytester,
        '\tfmt.Println("setup from TestMain")\n\tcode := m.Run()\n'
        '\tfmt.Println("teardown from TestMain")\n\tos.Exit(code)\n',
        'func TestA(t *testing.T) { t.Skip("skip a") }\n\n'
        'func TestB(t *testing.T) { t.Error("B fails") }\n',
    )
    result = run_pytest("-p", "no:randomly", "-rA")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    failure = sections(result)["example.com/tm.TestB"]
    assert "Captured go package output call" in failure, result.stdout.str()
    assert "setup from TestMain\nteardown from TestMain" in failure, failure


def test_a_teardown_error_after_a_skip_shows_the_package_output_once(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """The last test skipped, TestMain exits 3: the teardown error's details show TestMain's
    output, and a section (attached to the skip, titled "call") repeated it."""
    _testmain_module(
        pytester,
        '\tm.Run()\n\tfmt.Println("TestMain: leaking exit 3")\n\tos.Exit(3)\n',
        'func TestX(t *testing.T) {}\n\nfunc TestY(t *testing.T) { t.Skip("skip y") }\n',
    )
    result = run_pytest("-p", "no:randomly", "-rA")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "Captured go package output" not in result.stdout.str(), result.stdout.str()
    error = sections(result)["ERROR at teardown of example.com/tm.TestY"]
    assert error.count("TestMain: leaking exit 3") == 1, error


def test_a_crash_shows_the_package_output_once(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    # -shuffle prints its seed as package output; a crash's details show the package output
    # (the trace may be there), so no "go package output" section repeats it.
    gomod("crashes")
    result = run_pytest("gopanic", "--go-flags=-shuffle=1 -timeout=3s", "-rA")
    found = sections(result)
    crash = found["example.com/crashes/gopanic.TestGoroutinePanic"]
    assert "panic: background goroutine boom" in crash
    assert crash.count("-test.shuffle 1") == 1, crash


def test_a_panic_is_located_at_its_frame_in_the_test(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    """A crash's message has no file:line: the location (--tb=line, JUnit xunit1's line, CI
    annotations) was the test's func line; it is the trace's innermost frame in the test's
    own directory (panicpar_test.go:13, the panic in the subtest's function)."""
    gomod("crashes")
    result = run_pytest("panicpar", "--tb=line", "-o", "junit_family=xunit1", "--junitxml=out.xml")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    where = f"{pytester.path / 'panicpar' / 'panicpar_test.go'}:13: panic: subtest boom"
    assert any(line.startswith(where) for line in result.outlines), result.stdout.str()
    cases = {
        case.get("name"): (case.get("file"), case.get("line"))
        for case in ET.parse(pytester.path / "out.xml").getroot().iter("testcase")
    }
    assert cases["TestPanicInSubtest/inner"] == ("panicpar/panicpar_test.go", "12")  # 0-based


PARALLEL_PANIC = """package pp

import "testing"

func TestP(t *testing.T) {
	for _, name := range []string{"boom", "w1", "w2", "w3"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if name == "boom" {
				panic("boom in a parallel subtest")
			}
		})
	}
}
"""


def test_subtests_waiting_when_a_sibling_crashed_point_at_the_trace(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """Parallel subtests still waiting in t.Parallel when a sibling panicked each printed the
    whole trace (50 such subtests, 50 traces): they point at the report that shows it."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/pp\n\ngo 1.22\n", "utf-8")
    (pytester.path / "p_test.go").write_text(PARALLEL_PANIC, "utf-8")
    # One parallel test at a time: boom runs first, the others wait.
    result = run_pytest("-p", "no:randomly", "--go-flags=-parallel=1")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    found = sections(result)
    waiting = [text for title, text in found.items() if title.startswith("ERROR at setup of")]
    assert len(waiting) == 3, result.stdout.str()
    for text in [*waiting, found["example.com/pp.TestP"]]:
        assert "(the crash's trace is shown with TestP/boom's report)" in text
        assert "goroutine " not in text
    assert "goroutine " in found["example.com/pp.TestP/boom"]


TREE_ORDER = """package tree

import "testing"

func TestTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{{"one", true}, {"two", false}, {"three", false}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, d := range []string{"x", "y"} {
				t.Run(d, func(t *testing.T) {
					t.Parallel()
					if !tc.ok && d == "y" {
						t.Errorf("%s/%s bad", tc.name, d)
					}
				})
			}
		})
	}
}

func TestSP(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Run("deep", func(t *testing.T) {
		t.Run("boom", func(t *testing.T) { panic("kaboom") })
	})
}
"""
# Go starts a parallel table's cases, then their subtests: reports came in that order (one,
# two, three, one/x, ...), parents before their subtests but the test itself last, and
# TestSP/deep pointed ahead at TestSP/deep/boom for the panic's trace.
TABLE_ORDER = [
    *("TestTable/one/x", "TestTable/one/y", "TestTable/one"),
    *("TestTable/two/x", "TestTable/two/y", "TestTable/two"),
    *("TestTable/three/x", "TestTable/three/y", "TestTable/three"),
    "TestTable",
]
SP_ORDER = ["TestSP/ok", "TestSP/deep/boom", "TestSP/deep", "TestSP"]


@pytest.mark.parametrize("xdist", [False, True], ids=["serial", "xdist"])
def test_subtests_are_reported_as_a_tree_each_after_its_own(
    pytester: pytest.Pytester, run_pytest: RunPytest, xdist: bool
) -> None:
    """A test's subtests come depth first, each right after its own subtests (siblings as Go
    started them): in -v lines (passes written by the pass lane), FAILURES and JUnit; and a
    parent's pointer at a crash's trace points back at a report already shown."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/tree\n\ngo 1.22\n", "utf-8")
    (pytester.path / "tree_test.go").write_text(TREE_ORDER, "utf-8")
    if xdist:
        pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    workers = ("-n", "2") if xdist else ()
    result = run_pytest("-p", "no:randomly", "-v", "--junitxml=out.xml", *workers)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    # "path::name PASSED", or under xdist "[gw0] [ 33%] PASSED path::name".
    line_re = re.compile(
        r"tree_test\.go::(\S+) (?:PASSED|FAILED)|\] (?:PASSED|FAILED) tree_test\.go::(\S+)"
    )
    listed = [
        found.group(1) or found.group(2)
        for found in map(line_re.search, result.outlines)
        if found is not None
    ]
    assert listed == TABLE_ORDER + SP_ORDER, result.stdout.str()
    failures = [title.split(".", 2)[-1] for title in sections(result) if "tree." in title]
    failed = [name for name in TABLE_ORDER + SP_ORDER if name != "TestSP/ok"]
    failed = [name for name in failed if not name.startswith("TestTable/one")]
    failed = [name for name in failed if not name.endswith("/x")]
    assert failures == failed, result.stdout.str()
    cases = [
        case.get("name") for case in ET.parse(pytester.path / "out.xml").getroot().iter("testcase")
    ]
    # junitxml opens a test's testcase at its setup report, before its subtests' reports.
    assert cases == [TABLE_ORDER[-1], *TABLE_ORDER[:-1], SP_ORDER[-1], *SP_ORDER[:-1]]
    found = sections(result)
    for name in ("TestSP/deep", "TestSP"):
        assert (
            "(the crash's trace is shown with TestSP/deep/boom's report)"
            in found[f"example.com/tree.{name}"]
        )
    assert "goroutine " in found["example.com/tree.TestSP/deep/boom"]


def test_a_timeouts_trace_is_shown_with_the_first_reported_of_its_running_subtests(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """Of running subtests that are equals for a timeout's trace, the one the others point
    at is the first reported (Go started zeta first): by name, alpha, reported after zeta,
    showed it and zeta pointed ahead at it."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/to\n\ngo 1.22\n", "utf-8")
    (pytester.path / "to_test.go").write_text(
        'package to\n\nimport (\n\t"testing"\n\t"time"\n)\n\n'
        "func TestHang(t *testing.T) {\n"
        '\tfor _, name := range []string{"zeta", "alpha"} {\n'
        "\t\tt.Run(name, func(t *testing.T) {\n"
        "\t\t\tt.Parallel()\n\t\t\ttime.Sleep(time.Minute)\n\t\t})\n\t}\n}\n",
        "utf-8",
    )
    result = run_pytest("-p", "no:randomly", "--go-flags=-timeout=1s")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    found = sections(result)
    assert list(found)[-3:] == [
        "example.com/to.TestHang/zeta",
        "example.com/to.TestHang/alpha",
        "example.com/to.TestHang",
    ]
    assert "goroutine " in found["example.com/to.TestHang/zeta"], result.stdout.str()
    for name in ("TestHang/alpha", "TestHang"):
        text = found[f"example.com/to.{name}"]
        assert "(the crash's trace is shown with TestHang/zeta's report)" in text, text


CRASH_CASES = {
    # A goroutine TestSpawn started panics after TestSpawn passed, while TestSlow runs.
    "late/l_test.go": """package late

import (
	"testing"
	"time"
)

func TestSpawn(t *testing.T) {
	go func() { time.Sleep(100 * time.Millisecond); panic("late goroutine") }()
}

func TestSlow(t *testing.T) { time.Sleep(2 * time.Second) }

func TestNever(t *testing.T) {}
""",
    # A test waiting in t.Parallel comes first; a subtest three levels down panics.
    "deep/d_test.go": """package deep

import "testing"

func TestAWaits(t *testing.T) { t.Parallel() }

func TestDeep(t *testing.T) {
	t.Run("l1", func(t *testing.T) {
		t.Run("l2", func(t *testing.T) {
			t.Run("l3", func(t *testing.T) { panic("boom deep") })
		})
	})
}
""",
}

_TRACE_HEAD = re.compile(r"^goroutine \d+ \[running\]:$", re.MULTILINE)


@pytest.fixture
def crash_cases(pytester: pytest.Pytester) -> Path:
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/cc\n\ngo 1.22\n", "utf-8")
    for name, source in CRASH_CASES.items():
        (pytester.path / name).parent.mkdir()
        (pytester.path / name).write_text(source, "utf-8")
    return pytester.path


def test_a_goroutine_panic_after_its_test_passed_names_the_running_test(
    crash_cases: Path, run_pytest: RunPytest
) -> None:
    """The binary died in TestSpawn's goroutine after TestSpawn passed: choosing who shows
    the trace must not ask for the words of a test that passed (it failed every other test
    with an internal AssertionError, Go's panic shown nowhere)."""
    result = run_pytest("-p", "no:randomly", "--go-init-hazards=off", "late")
    text = result.stdout.str()
    assert "AssertionError" not in text
    assert_counts(result, {"passed": 1, "failed": 1, "errors": 1})
    assert len(_TRACE_HEAD.findall(text)) == 1, text
    assert "panic: late goroutine" in sections(result)["example.com/cc/late.TestSlow"]


@pytest.mark.parametrize("args", [("-x",), ()])
def test_a_crash_trace_is_in_a_report_pytest_shows(
    crash_cases: Path, run_pytest: RunPytest, args: tuple[str, ...]
) -> None:
    """The first report of a crash shows its trace (-x may end the run there: a pointer to a
    later report left the trace shown nowhere); the crashed tree shows it once more, with its
    deepest subtest, its parents pointing there."""
    result = run_pytest("-p", "no:randomly", "deep", *args)
    text = result.stdout.str()
    found = sections(result)
    assert _TRACE_HEAD.search(found["ERROR at setup of example.com/cc/deep.TestAWaits"]), text
    if args:
        assert len(_TRACE_HEAD.findall(text)) == 1, text
        return
    assert len(_TRACE_HEAD.findall(text)) == 2, text
    assert _TRACE_HEAD.search(found["example.com/cc/deep.TestDeep/l1/l2/l3"])
    for parent in ("TestDeep", "TestDeep/l1", "TestDeep/l1/l2"):
        own = found[f"example.com/cc/deep.{parent}"]
        assert "(the crash's trace is shown with TestDeep/l1/l2/l3's report)" in own


def test_a_rerun_shows_its_crash_trace_with_the_deepest_subtest(
    crash_cases: Path, run_pytest: RunPytest
) -> None:
    """pytest-rerunfailures: the rerun's reports (the ones shown) get the same treatment as
    a first run's; the trace was shown with two of its tests, the wrong one holding it."""
    result = run_pytest("-p", "no:randomly", "--reruns", "1", "deep", "-k", "TestDeep")
    text = result.stdout.str()
    assert len(_TRACE_HEAD.findall(text)) == 1, text
    assert _TRACE_HEAD.search(sections(result)["example.com/cc/deep.TestDeep/l1/l2/l3"]), text
