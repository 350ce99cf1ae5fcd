"""--go-cov totals are Go's, and what Go says besides the numbers reaches the user: the real
plugin against tests/testdata/gomods/covtotals (its README.md has Go's own results), compared
with `go tool cover -func` on the profile Go itself writes for the same packages.

One inner session runs the whole module (term, profile and json reports, fail-under); most
tests here read their share of it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from .helpers import GomodFactory, RunPytest, func_table, sections
from .session_runs import (
    ModuleRun,
    copy_module,
    inner_env,
    inner_go_minor,
    run_inner,
    short_summary,
)

GO = shutil.which("go") or "go"
PKG = "example.com/covtotals"
UNMATCHED = "warning: no packages being tested depend on matches for pattern "
COVERPKG = "./initvars,./lonely,./nomatch/..."


def go(module: Path, env: dict[str, str] | None, *args: str) -> subprocess.CompletedProcess[str]:
    """Go itself on the same module; exit 1 is expected (two packages do not compile)."""
    done = subprocess.run(
        [GO, *args], cwd=module, capture_output=True, text=True, check=False, timeout=300, env=env
    )
    assert done.returncode in (0, 1), done.stderr
    return done


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("covtotals", tmp_path_factory.mktemp("covtotals") / "mod")
    return run_inner(
        root,
        go_env,
        "--go-cov",
        "--go-cov-report=term",
        "--go-cov-report=profile:out/ours.out",
        "--go-cov-report=json:out/cov.json",
        "--go-cov-fail-under=15",
    )


@pytest.fixture(scope="module")
def gos(whole: ModuleRun, go_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`go test -cover -coverprofile=go.out ./...` in the same module, after our run."""
    return go(whole.root, inner_env(go_env), "test", "-cover", "-coverprofile=go.out", "./...")


def test_outcomes_a_package_that_does_not_compile_errors(whole: ModuleRun) -> None:
    assert whole.outcomes == {
        "initvars/initvars_test.go::TestLookup": ["PASSED"],
        "broken/broken_test.go::TestBroken": ["ERROR"],
        # No test, and it does not build: an error of its own, as go test ./... fails.
        "brokennotests/brokennotests.go::go-build": ["ERROR"],
    }, short_summary(whole.result)
    error = sections(whole.result)[f"ERROR at setup of {PKG}/broken.TestBroken"]
    assert "broken/broken.go:6:9: undefined: undefinedName" in error
    # fail-under fails the run too, but the error alone already does.
    assert whole.result.ret == pytest.ExitCode.TESTS_FAILED


def test_total_json_and_fail_under_equal_go_tool_cover_func_on_gos_profile(
    whole: ModuleRun, gos: subprocess.CompletedProcess[str], go_env: dict[str, str]
) -> None:
    env = inner_env(go_env)
    ours = func_table(whole.root, "out/ours.out", env)
    theirs = func_table(whole.root, "go.out", env)
    assert ours == theirs  # every function and the total
    total = theirs[-1][-1]
    assert total == "14.3%"
    lines = whole.result.stdout.lines
    assert ["TOTAL", "7", "6", total] in [line.split() for line in lines], lines
    data = json.loads((whole.root / "out" / "cov.json").read_text())
    assert f"{data['totals']['percent_covered']:.1f}%" == total
    assert f"FAIL Go coverage {total} is below --go-cov-fail-under=15" in lines


def test_a_test_file_without_tests_counts_at_zero_like_go_test(
    whole: ModuleRun, gos: subprocess.CompletedProcess[str]
) -> None:
    # go test runs onlyasserts ("[no tests to run]") and counts it at 0%; no pytest item
    # exists for it, and it is still run and counted.
    assert re.search(rf"ok\s+{PKG}/onlyasserts\s.*coverage: 0\.0% of statements", gos.stdout)
    rows = [line.split() for line in whole.result.stdout.lines]
    assert [f"{PKG}/onlyasserts", "3", "3", "0.0%"] in rows
    assert [f"{PKG}/lonely", "1", "1", "0.0%"] in rows
    assert f"{PKG}/onlyasserts/onlyasserts.go:" in (whole.root / "out" / "ours.out").read_text()


def test_statements_outside_functions_are_named_with_go_test_covers_number(
    whole: ModuleRun, gos: subprocess.CompletedProcess[str]
) -> None:
    # go test -cover's per-package line counts the initializers' literals: 62.5% (5 of 8).
    match = re.search(rf"ok\s+{PKG}/initvars\s.*coverage: ([\d.]+)% of statements", gos.stdout)
    assert match is not None, gos.stdout
    assert match.group(1) == "62.5"
    rows = [line.split() for line in whole.result.stdout.lines]
    assert [f"{PKG}/initvars", "3", "2", "33.3%"] in rows  # -func's unit
    assert (
        "TOTAL is go tool cover -func's: it leaves out 5 statements outside function "
        "declarations (package-level initializers, 4 of them run); counting them, as go test "
        "-cover does per package, gives 41.7%"
    ) in whole.result.stdout.lines
    # json gives both numbers per file: with the outside statements, go test -cover's.
    data = json.loads((whole.root / "out" / "cov.json").read_text())
    summary = data["files"]["initvars/initvars.go"]["summary"]
    outside = summary["outside_functions"]
    statements = summary["statements"] + outside["statements"]
    covered = summary["covered_statements"] + outside["covered_statements"]
    assert f"{100 * covered / statements:.1f}" == match.group(1)


def test_packages_that_do_not_compile_show_the_compiler_output(whole: ModuleRun) -> None:
    out = whole.result.stdout.str()
    assert "died before writing coverage" not in out
    lines = whole.result.stdout.lines
    # Go 1.24+ names the build that failed ("pkg [pkg.test]", its build-output events); older
    # Go prints the errors as text, and the warning names the package.
    said = (
        " did not compile, so go test wrote no coverage for it: its statements are missing "
        "from the totals, as from Go's own. The compiler said:"
    )
    build = f"{PKG}/broken [{PKG}/broken.test]" if inner_go_minor() >= 24 else f"{PKG}/broken"
    broken = lines.index(f"Go coverage WARNING: {build}{said}")
    assert lines[broken + 2] == "    broken/broken.go:6:9: undefined: undefinedName"
    # brokennotests has no test: its go-build error and this warning show its errors.
    notests = lines.index(
        f"Go coverage WARNING: {PKG}/brokennotests did not compile, so go test wrote no "
        "coverage for it: its statements are missing from the totals, as from Go's own. The "
        "compiler said:"
    )
    assert lines[notests + 2].startswith(
        '    brokennotests/brokennotests.go:6:9: cannot use "three" (untyped string constant)'
    )
    # The go-build error's headline (its short summary line) and body, and this warning.
    assert out.count("brokennotests.go:6:9") == 3


@pytest.mark.parametrize("split", [["--go-batch=off"], ["-n", "2"]], ids=["batches", "xdist"])
def test_a_coverpkg_pattern_matching_nothing_is_reported_as_go_reports_it(
    gomod: GomodFactory, run_pytest: RunPytest, split: list[str]
) -> None:
    # One package per go invocation (or per xdist worker): each invocation warns about the
    # patterns *its* packages do not depend on (initvars' about ./lonely, lonely's about
    # ./initvars); over all of them, as in one go test of the same packages, only
    # ./nomatch/... matches nothing.
    if split[0] == "-n":
        pytest.importorskip("xdist", reason="pytest-xdist is a test dependency")
    module = gomod("covtotals")
    packages = ["initvars", "onlyasserts", "lonely"]
    result = run_pytest(
        *packages,
        *split,
        "--go-cov",
        f"--go-coverpkg={COVERPKG}",
        "--go-cov-report=profile:ours.out",
    )
    result.assert_outcomes(passed=1)
    done = go(
        module, None, "test", f"-coverpkg={COVERPKG}", "-coverprofile=go.out",
        *(f"./{p}" for p in packages),
    )  # fmt: skip
    gos_warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert gos_warnings == [UNMATCHED + "./nomatch/..."]
    ours = [
        line.removeprefix("Go coverage WARNING: go test: ")
        for line in result.stdout.lines
        if line.startswith("Go coverage WARNING: go test: ")
    ]
    assert ours == gos_warnings
    assert func_table(module, "ours.out") == func_table(module, "go.out")


def test_go_cover_build_passes_go_builds_warnings_on(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    module = gomod("covtotals")
    (module / "cmd" / "tool").mkdir(parents=True)
    (module / "cmd" / "tool" / "main.go").write_text(
        'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("tool") }\n'
    )
    (module / "test_tool.py").write_text(
        textwrap.dedent(
            """
            from pathlib import Path

            def test_tool(go_cover_build):
                tool = go_cover_build(
                    "./cmd/tool", module_dir=Path(__file__).parent, coverpkg="./nomatch/..."
                )
                assert tool.run().stdout == "tool\\n"
            """
        )
    )
    result = run_pytest("test_tool.py", "--go-cov")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [f"Go coverage WARNING: go_cover_build: go build ./cmd/tool in {module.resolve()}: "
         "warning: no packages being built depend on matches for pattern ./nomatch/..."]
    )  # fmt: skip


@pytest.mark.parametrize(
    "dist",
    [[], ["-n", "2"], ["-n", "2", "--dist", "loadfile"]],
    ids=["single", "xdist", "xdist-loadfile"],
)
def test_a_package_whose_tests_are_all_deselected_counts_at_zero_like_go_test_run(
    tmp_path: Path, go_env: dict[str, str], dist: list[str]
) -> None:
    # -k leaves initvars' only test out. go test -run with a pattern that matches none of a
    # package's tests still builds it and counts its statements at 0%; so do we, and run
    # none of its tests.
    if dist:
        pytest.importorskip("xdist", reason="pytest-xdist is a test dependency")
    root = copy_module("covtotals", tmp_path / "mod")
    env = inner_env(go_env)
    gos = go(root, env, "test", "-run", "^TestBroken$", "-cover", "-coverprofile=go.out", "./...")
    run = run_inner(root, go_env, *dist, "-k", "not TestLookup", *REPORTS)
    assert run.outcomes == {
        "broken/broken_test.go::TestBroken": ["ERROR"],
        "brokennotests/brokennotests.go::go-build": ["ERROR"],
    }, short_summary(run.result)
    assert func_table(root, "ours.out", env) == func_table(root, "go.out", env)
    _assert_initvars_row_is_gos(run, gos)


def test_last_failed_counts_the_packages_it_leaves_out_at_zero(
    tmp_path: Path, go_env: dict[str, str]
) -> None:
    root = copy_module("covtotals", tmp_path / "mod")
    env = inner_env(go_env)
    first = run_inner(root, go_env, cache=True)
    assert first.outcomes["broken/broken_test.go::TestBroken"] == ["ERROR"]
    gos = go(root, env, "test", "-run", "^TestBroken$", "-cover", "-coverprofile=go.out", "./...")
    run = run_inner(root, go_env, "--lf", *REPORTS, cache=True)
    assert "initvars/initvars_test.go::TestLookup" not in run.outcomes, short_summary(run.result)
    assert func_table(root, "ours.out", env) == func_table(root, "go.out", env)
    _assert_initvars_row_is_gos(run, gos)


REPORTS = ("--go-cov", "--go-cov-report=term", "--go-cov-report=profile:ours.out")


def _assert_initvars_row_is_gos(run: ModuleRun, gos: subprocess.CompletedProcess[str]) -> None:
    """initvars ran no test ("[no tests to run]" in go's own line for it) and is in the
    table: its 3 statements in functions, none run (the table counts as go tool cover -func
    does; its initializers ran, outside any function)."""
    assert re.search(rf"ok\s+{PKG}/initvars\s.*\[no tests to run\]", gos.stdout), gos.stdout
    rows = [line.split() for line in run.result.stdout.lines]
    assert [f"{PKG}/initvars", "3", "3", "0.0%"] in rows, rows
