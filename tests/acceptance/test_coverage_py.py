"""--go-cov with pytest-cov: Go files beside Python files in every coverage.py report, a later
standalone ``coverage report``, and Go programs run by Python tests (go_cover_build).

The runs use the bundled example (examples/polyglot): a Python package, a Go module with unit
tests, and a Go CLI that tests/test_cli.py runs through the go_cover_build fixture.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pytest_gotest.coverage import PLUGIN_NAME
from pytest_gotest.gocov.gosource import GoSource
from pytest_gotest.gocov.lines import line_coverage
from pytest_gotest.gocov.profile import read_profile
from pytest_gotest.gocov.statements import (
    cover_command,
    estimate_lines,
    instrumented_blocks,
)

from .coverage_example import (
    EXAMPLE,
    GEOMETRY_EXECUTED,
    GEOMETRY_GO,
    MAIN_EXECUTED,
    MAIN_GO,
    MAIN_MISSING,
    SHAPES_PY,
    copy_example,
)
from .helpers import GomodFactory, RunPytest, assert_counts
from .session_runs import inner_toolchain

pytest.importorskip("pytest_cov", reason="pytest-cov is not installed (pip install -e '.[test]')")

GOMODS = Path(__file__).resolve().parents[1] / "testdata" / "gomods"
RC_WITH_PLUGIN = "[run]\nplugins = pytest_gotest.coverage\n"
# The example: 3 Python tests + 2 CLI tests, 3 Go tests passing (one with 3 subtests) and
# TestHexagonArea skipped.
EXAMPLE_OUTCOMES = {"passed": 8, "subtests passed": 3, "skipped": 1}
ALL_REPORTS = (
    "--cov-report=term-missing",
    "--cov-report=xml:cov.xml",
    "--cov-report=html:htmlcov",
    "--cov-report=lcov:cov.lcov",
    "--cov-report=json:cov.json",
)
_HTML_LINE = re.compile(r'<p class="(run|mis)[^"]*"><span class="n"><a id="t(\d+)"')


def _lcov(path: Path) -> dict[str, dict[int, int]]:
    files: dict[str, dict[int, int]] = {}
    current: dict[int, int] = {}
    for line in path.read_text().splitlines():
        if line.startswith("SF:"):
            current = files.setdefault(line[3:], {})
        elif line.startswith("DA:"):
            number, hits = line[3:].split(",")[:2]
            current[int(number)] = int(hits)
    return files


def _html_marks(page: Path) -> tuple[list[int], list[int]]:
    run: list[int] = []
    mis: list[int] = []
    for kind, number in _HTML_LINE.findall(page.read_text()):
        (run if kind == "run" else mis).append(int(number))
    return run, mis


@pytest.mark.parametrize(
    ("branch", "xdist"),
    [(False, False), (True, False), (False, True), (True, True)],
    ids=["lines", "branch", "lines-xdist", "branch-xdist"],
)
def test_pytest_cov_reports_show_go_files_beside_python(
    pytester: pytest.Pytester, run_pytest: RunPytest, branch: bool, xdist: bool
) -> None:
    root = copy_example(pytester)
    extra = [*(["--cov-branch"] if branch else []), *(["-n", "2"] if xdist else [])]
    result = run_pytest("--cov=shapes", "--go-cov", *ALL_REPORTS, *extra)
    assert result.ret == 0, result.stdout.str()
    assert_counts(result, EXAMPLE_OUTCOMES)

    # term-missing: one table, Go and Python rows; 38 (a `case` line) is not a statement.
    result.stdout.fnmatch_lines_random(
        [
            f"{MAIN_GO} * 22 * 7 *68%*25-26, 30-31, 37-39, 52",
            f"{GEOMETRY_GO} * 3 * 0 *100%*",
            f"{SHAPES_PY} * 8 * 0 *100%*",
        ]
    )
    # Every Go line reached coverage.py exactly: the combine consumed the Go data file.
    assert not list(root.glob(".coverage.*")), list(root.glob(".coverage.*"))

    xml = ET.parse(root / "cov.xml").getroot()
    classes = {c.get("filename"): c for c in xml.iter("class")}
    assert {MAIN_GO, GEOMETRY_GO} <= set(classes)
    # (Cobertura names Python files relative to the --cov source directory, or not.)
    assert any(name.endswith("__init__.py") for name in classes if name)
    main_hits = {
        int(x.get("number", 0)): int(x.get("hits", 0)) for x in classes[MAIN_GO].iter("line")
    }
    assert sorted(n for n, h in main_hits.items() if h) == MAIN_EXECUTED
    assert sorted(n for n, h in main_hits.items() if not h) == MAIN_MISSING

    lcov = _lcov(root / "cov.lcov")
    assert sorted(n for n, h in lcov[MAIN_GO].items() if h) == MAIN_EXECUTED
    assert sorted(n for n, h in lcov[MAIN_GO].items() if not h) == MAIN_MISSING
    assert sorted(lcov[GEOMETRY_GO]) == GEOMETRY_EXECUTED
    assert SHAPES_PY in lcov

    report = json.loads((root / "cov.json").read_text())
    assert report["meta"]["branch_coverage"] is branch
    main = report["files"][MAIN_GO]
    assert main["executed_lines"] == MAIN_EXECUTED
    assert main["missing_lines"] == MAIN_MISSING
    assert main["summary"].get("num_branches", 0) == 0
    assert set(main["functions"]) >= {"main", "run", "parse"}
    assert main["functions"]["run"]["missing_lines"] == [25, 26, 30, 31, 37, 39]
    assert report["files"][GEOMETRY_GO]["executed_lines"] == GEOMETRY_EXECUTED
    assert SHAPES_PY in report["files"]

    index = (root / "htmlcov" / "index.html").read_text()
    for name in ("main.go", "geometry.go", "__init__.py"):
        assert name in index
    (page,) = (root / "htmlcov").glob("*_main_go.html")
    assert _html_marks(page) == (MAIN_EXECUTED, MAIN_MISSING)
    assert '<span class="key">func</span> <span class="nam">run</span>' in page.read_text()


def _coverage_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "coverage", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return f"exit {done.returncode}\n{done.stdout}{done.stderr}"


def test_standalone_coverage_report_after_the_run(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    root = copy_example(pytester)
    result = run_pytest("--cov=shapes", "--go-cov", "--cov-report=")
    assert result.ret == 0, result.stdout.str()
    (root / "rc").write_text(RC_WITH_PLUGIN)
    expected = re.compile(rf"{re.escape(MAIN_GO)}\s+22\s+7\s+68%\s+25-26, 30-31, 37-39, 52")

    # Go at report time: executable lines from `go tool cover`, the run's own lines.
    out = _coverage_cli(root, "report", "-m", "--rcfile=rc")
    assert out.startswith("exit 0"), out
    assert expected.search(out), out
    out = _coverage_cli(root, "html", "--rcfile=rc", "-d", "later-html")
    assert out.startswith("exit 0"), out
    (page,) = (root / "later-html").glob("*_main_go.html")
    assert _html_marks(page) == (MAIN_EXECUTED, MAIN_MISSING)

    # A reporting job without Go: the token estimate gives the same lines for this file.
    env = {k: v for k, v in os.environ.items() if k != "GO"}
    env["PATH"] = os.pathsep.join(
        d for d in env.get("PATH", "").split(os.pathsep) if d and not (Path(d) / "go").exists()
    )
    out = _coverage_cli(root, "report", "-m", "--rcfile=rc", env=env)
    assert expected.search(out), out

    # Without [run] plugins coverage.py cannot report the Go files, and says which plugin.
    (root / "empty-rc").write_text("[run]\n")
    out = _coverage_cli(root, "report", "--rcfile=empty-rc")
    assert not out.startswith("exit 0")
    assert PLUGIN_NAME in out


@pytest.mark.parametrize("xdist", [False, True], ids=["serial", "xdist"])
def test_go_program_coverage_joins_the_go_report(
    pytester: pytest.Pytester, run_pytest: RunPytest, xdist: bool
) -> None:
    """go_cover_build without pytest-cov: the CLI's runs count in --go-cov's own report.
    Without them its package would be at 0% (no Go test files: 22 statements, 22 missed)."""
    copy_example(pytester)
    extra = ["-n", "2"] if xdist else []
    result = run_pytest("-p", "no:cov", "--go-cov", "--go-cov-report=term-missing", *extra)
    assert result.ret == 0, result.stdout.str()
    assert_counts(result, EXAMPLE_OUTCOMES)
    result.stdout.fnmatch_lines_random(
        [
            f"{MAIN_GO} * 22 * 7 * 68.2% * 25-26, 30-31, 37, 39, 52",
            f"{GEOMETRY_GO} * 3 * 0 * 100.0%*",
        ]
    )


@pytest.mark.parametrize("flag", ["-race=false", "-covermode=count"])
def test_go_programs_and_go_tests_share_one_cover_mode(
    pytester: pytest.Pytester, run_pytest: RunPytest, flag: str
) -> None:
    """go test and go_cover_build read the cover mode from one place (the toolchain):
    ``-race=false`` is set mode for both (it once sent go test to atomic mode and the programs
    to set mode, and the merge refused mixed modes); a ``-covermode`` applies to both."""
    copy_example(pytester)
    result = run_pytest("-p", "no:cov", "--go-cov", f"--go-flags={flag}")
    assert result.ret == 0, result.stdout.str()
    assert "mode" not in "\n".join(
        line for line in result.stdout.lines if "Go coverage ERROR" in line
    )
    result.stdout.fnmatch_lines_random(["*example.com/goshapes/cmd/shapes * 22 * 7 *68.2%"])


def test_go_cover_build_without_go_cov_builds_a_plain_program(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    root = copy_example(pytester)
    (root / "tests" / "test_env.py").write_text(
        textwrap.dedent(
            """
        from pathlib import Path

        def test_program_env(go_cover_build):
            program = go_cover_build(
                "./cmd/shapes", module_dir=Path(__file__).parent.parent / "goshapes"
            )
            assert "GOCOVERDIR" not in program.env
            assert program.coverdir is None
            result = program.run("rect", "2", "5")
            assert result.stdout == "10\\n"
            assert result.stderr == ""  # a -cover binary would warn: GOCOVERDIR not set
        """
        )
    )
    result = run_pytest()
    assert result.ret == 0, result.stdout.str()
    assert_counts(result, {**EXAMPLE_OUTCOMES, "passed": EXAMPLE_OUTCOMES["passed"] + 1})


def _go_files(*roots: Path) -> list[Path]:
    return sorted(
        p
        for root in roots
        for p in root.rglob("*.go")
        if not p.name.endswith("_test.go") and "vendor" not in p.parts
    )


def test_go_tool_cover_blocks_equal_the_profile_blocks(
    pytester: pytest.Pytester, go_env: dict[str, str]
) -> None:
    """The report-time derivation (go tool cover on one file) gives exactly the blocks that
    `go test -cover` writes for that file: same positions, same statement counts."""
    import shutil

    shutil.copytree(GOMODS / "coverage", pytester.path, dirs_exist_ok=True)
    env = {**os.environ, **go_env, "GOFLAGS": "-buildvcs=false", "GOTOOLCHAIN": inner_toolchain()}
    profile = pytester.path / "all.out"
    done = subprocess.run(
        ["go", "test", "-coverpkg=./...", f"-coverprofile={profile}", "./..."],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert profile.exists(), done.stdout + done.stderr
    by_file = read_profile(profile).files()
    assert len(by_file) >= 4
    module = (pytester.path / "go.mod").read_text().split()[1]
    for name, blocks in by_file.items():
        path = pytester.path / name.removeprefix(module + "/")
        expected = sorted((b.key.start_line, b.key.start_col, b.key.end_line, b.key.end_col,
                           b.statements) for b in blocks)  # fmt: skip
        derived = instrumented_blocks("go", str(path))
        assert derived is not None, name
        got = sorted((b.key.start_line, b.key.start_col, b.key.end_line, b.key.end_col,
                      b.statements) for b in derived)  # fmt: skip
        assert got == expected, name


def test_estimate_agrees_with_go_tool_cover(go_env: dict[str, str]) -> None:
    """The no-Go fallback against Go itself on every fixture and example Go file."""
    files = _go_files(GOMODS, EXAMPLE)
    assert len(files) >= 15
    command = cover_command("go")  # cmd/cover's binary itself, as the plugin runs it
    assert command != ["go", "tool", "cover"]
    for path in files:
        data = path.read_bytes()
        if re.search(rb"(?m)^//line ", data):
            continue  # Go's positions follow the directives (fixture covlinedirs), no estimate can
        blocks = instrumented_blocks("go", str(path), command=command)
        if blocks is None:
            continue  # deliberately broken fixture sources (compile errors)
        assert estimate_lines(data) == line_coverage(GoSource(data), blocks).executable, path


def test_go_cover_build_failure_fails_the_test_with_go_output(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    root = copy_example(pytester)
    (root / "goshapes" / "cmd" / "broken").mkdir()
    (root / "goshapes" / "cmd" / "broken" / "main.go").write_text(
        "package main\n\nfunc main() { undefinedThing() }\n"
    )
    (root / "tests" / "test_broken.py").write_text(
        textwrap.dedent(
            """
            from pathlib import Path

            def test_broken(go_cover_build):
                go_cover_build("./cmd/broken", module_dir=Path(__file__).parent.parent / "goshapes")
            """
        )
    )
    result = run_pytest("--go-cov", "tests/test_broken.py")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*go_cover_build: `* build -cover -covermode=set * ./cmd/broken` in * failed (exit 1)*",
         "*undefined: undefinedThing*"]
    )  # fmt: skip


def test_coverage_py_lines_equal_go_cov_lines_on_edge_cases(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    """The fixture module with the line-mapping edge cases (multi-byte text, one-line funcs,
    multi-line statements, func literals, generics; -coverpkg=./... overlapping): coverage.py's
    view of every Go file equals --go-cov's own, in the run and in later standalone reports
    (executable lines from go tool cover, and from the estimate without Go)."""
    root = gomod("coverage")
    result = run_pytest(
        "--cov=.",
        "--go-cov",
        "--go-coverpkg=./...",
        "--go-cov-report=json:go.json",
        "--cov-report=json:py.json",
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # shapes' TestFails, on purpose
    go_files = json.loads((root / "go.json").read_text())["files"]
    assert len(go_files) >= 4

    def check(report: Path, label: str) -> None:
        py_files = json.loads(report.read_text())["files"]
        for name, go in go_files.items():
            py = py_files[name]
            executed = sorted(int(n) for n in go["hit_lines"])
            assert py["executed_lines"] == executed, (label, name)
            assert py["missing_lines"] == go["missing_lines"], (label, name)
            assert set(py["functions"]) - {""} == {f["qualified_name"] for f in go["functions"]}

    check(root / "py.json", "pytest-cov")
    (root / "rc").write_text(RC_WITH_PLUGIN)
    out = _coverage_cli(root, "json", "--rcfile=rc", "-o", "later.json")
    assert out.startswith("exit 0"), out
    check(root / "later.json", "go tool cover")
    (root / "rc-nogo").write_text(RC_WITH_PLUGIN + "[pytest_gotest.coverage]\ngo = /nonexistent\n")
    out = _coverage_cli(root, "json", "--rcfile=rc-nogo", "-o", "estimate.json")
    assert out.startswith("exit 0"), out
    check(root / "estimate.json", "estimate")
