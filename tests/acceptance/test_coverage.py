"""--go-cov end to end: the real plugin against tests/testdata/gomods/coverage, compared with
what Go itself reports for the same packages (`go tool cover -func` on Go's own profile).

The fixture's shapes package has a failing test, notests has no test files, and calc/app call
into shapes so that -coverpkg=./... makes several test binaries cover the same blocks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import GomodFactory, RunPytest, func_table, go_invocations, logging_go

GO = shutil.which("go") or "go"
OUTCOMES = {"passed": 6, "failed": 1}  # shapes TestFails fails on purpose


def go(module: Path, *args: str) -> str:
    proc = subprocess.run(
        [GO, *args], cwd=module, capture_output=True, text=True, check=False, timeout=300
    )
    assert proc.returncode in (0, 1), proc.stderr  # 1: the failing fixture test
    return proc.stdout


def assert_outcomes(result: pytest.RunResult, **expected: int) -> None:
    outcomes = result.parseoutcomes()
    for key, value in (expected or OUTCOMES).items():
        assert outcomes.get(key) == value, result.stdout.str()


def test_merged_coverpkg_profile_equals_go_tool_cover_func_on_gos_profile(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    module = gomod("coverage")
    result = run_pytest(
        "--go-cov",
        "--go-coverpkg=./...",
        "--go-cov-report=term",
        "--go-cov-report=term-missing",
        "--go-cov-report=profile:out/merged.out",
        "--go-cov-report=json:out/cov.json",
        "--go-cov-report=xml:out/cov.xml",
        "--go-cov-report=lcov:out/cov.lcov",
        "--go-cov-report=html:out/html",
    )
    assert_outcomes(result)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    go(module, "test", "-coverpkg=./...", "-coverprofile=go.out", "./...")
    ours = func_table(module, "out/merged.out")
    gos = func_table(module, "go.out")
    assert ours == gos  # per function and total
    total = gos[-1][-1]
    assert total == "74.3%"
    # Our own per-function numbers (json) are Go's too.
    data = json.loads((module / "out" / "cov.json").read_text())
    ours_json = {
        f"{entry['profile_name']}:{fn['start_line']}:{fn['name']}": f"{fn['percent_covered']:.1f}%"
        for entry in data["files"].values()
        for fn in entry["functions"]
    }
    assert ours_json == {f"{row[0]}{row[1]}": row[2] for row in gos[:-1]}
    assert f"{data['totals']['percent_covered']:.1f}%" == total
    # The terminal reports.
    lines = result.stdout.lines
    assert any(line.split() == ["TOTAL", "35", "9", total] for line in lines), lines
    assert any(line.split()[:4] == ["notests/notests.go", "3", "3", "0.0%"] for line in lines)
    assert any(
        line.startswith("shapes/shapes.go") and line.endswith("15, 20, 50, 64") for line in lines
    )
    assert "Go coverage WARNING" not in result.stdout.str()
    assert "Go coverage ERROR" not in result.stdout.str()
    # go tool cover -html accepts the merged profile; our html/xml/lcov exist.
    subprocess.run(
        [GO, "tool", "cover", "-html=out/merged.out", "-o", "out/go.html"],
        cwd=module,
        check=True,
        timeout=120,
    )
    assert (module / "out" / "html" / "index.html").is_file()
    assert "<coverage " in (module / "out" / "cov.xml").read_text()
    assert "end_of_record" in (module / "out" / "cov.lcov").read_text()


@pytest.mark.parametrize("batch", ["on", "off"])
def test_whole_module_total_equals_go_test_cover_including_untested_packages(
    gomod: GomodFactory, run_pytest: RunPytest, batch: str
) -> None:
    module = gomod("coverage")
    result = run_pytest("--go-cov", f"--go-batch={batch}", "--go-cov-report=profile:ours.out")
    assert_outcomes(result)
    go(module, "test", "-cover", "-coverprofile=go.out", "./...")
    assert func_table(module, "ours.out") == func_table(module, "go.out")
    assert "example.com/cov/notests/notests.go" in (module / "ours.out").read_text()


def test_a_rerun_adds_its_own_profile(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    module = gomod("coverage")
    # pytest-rerunfailures' mechanism (the protocol runs again on the same item:
    # docs/internals/pytest.md) without needing the plugin: run the failing test's protocol
    # twice, the first attempt unlogged.
    (module / "conftest.py").write_text(
        "from _pytest.runner import runtestprotocol\n"
        "def pytest_runtest_protocol(item, nextitem):\n"
        "    if item.name != 'TestFails':\n"
        "        return None\n"
        "    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)\n"
        "    runtestprotocol(item, nextitem=nextitem, log=False)\n"
        "    runtestprotocol(item, nextitem=nextitem, log=True)\n"
        "    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)\n"
        "    return True\n"
    )
    wrapper, log = logging_go(pytester)
    result = run_pytest(
        "shapes",
        "--go-cov",
        "--go-flags=-covermode=count",
        "--go-cov-dir=profiles",
        "--go-cov-report=profile:merged.out",
        f"--go-binary={wrapper}",
    )
    assert_outcomes(result, passed=3, failed=1)
    invocations = go_invocations(log, "test")
    assert len(invocations) == 2, invocations  # the package run and the rerun
    written = sorted((module / "profiles").glob("*/*.out"))
    assert len(written) == 2, written
    profile_args = {a for call in invocations for a in call if a.startswith("-coverprofile=")}
    assert len(profile_args) == 2  # never the same file twice
    # Max runs once per TestFails run: once in the package run, once in the rerun.
    merged = (module / "merged.out").read_text().splitlines()
    assert merged[0] == "mode: count"
    max_entry = [line for line in merged if "shapes.go:56." in line]
    assert max_entry, merged
    assert max_entry[0].endswith(" 2"), max_entry


def test_race_uses_atomic_mode(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    module = gomod("coverage")
    result = run_pytest("calc", "--go-cov", "--go-flags=-race", "--go-cov-report=profile:r.out")
    assert_outcomes(result, passed=2)
    assert (module / "r.out").read_text().splitlines()[0] == "mode: atomic"


def test_xdist_workers_profiles_are_merged_once_on_the_controller(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is a test dependency")
    module = gomod("coverage")
    result = run_pytest(
        "-n", "2", "--go-cov", "--go-coverpkg=./...", "--go-cov-report=profile:x.out"
    )
    assert_outcomes(result)
    go(module, "test", "-coverpkg=./...", "-coverprofile=go.out", "./...")
    assert func_table(module, "x.out") == func_table(module, "go.out")
    assert result.stdout.str().count("Go coverage profile written to") == 1


def test_fail_under_fails_a_green_run_with_a_clear_message(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("coverage")
    result = run_pytest("calc", "app", "--go-cov", "--go-cov-fail-under=90")
    assert_outcomes(result, passed=3)
    # Without -coverpkg each binary covers its own package: calc 5 of 8 statements (Abs is
    # only called from app), app 1 of 1; notests is not under the collected paths.
    result.stdout.fnmatch_lines(["*FAIL Go coverage 66.7% is below --go-cov-fail-under=90*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_unwritable_profile_directory_names_the_setting_and_tests_still_report(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    module = gomod("coverage")
    (module / "blocker").write_text("a file, so no directory can be made below it\n")
    result = run_pytest("--go-cov", "--go-cov-dir=blocker/profiles")
    assert_outcomes(result)
    result.stdout.fnmatch_lines(
        ["*Go coverage ERROR: cannot create a directory for Go coverage profiles in *blocker*"
         "set --go-cov-dir to a writable directory*"]
    )  # fmt: skip
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_profiles_in_another_mode_are_refused_with_both_modes_named(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    module = gomod("coverage")
    (module / "extra.out").write_text("mode: count\nexample.com/cov/calc/calc.go:5.25,7.2 1 3\n")
    (module / "conftest.py").write_text(
        "from pathlib import Path\n"
        "from pytest_gotest import get_coverage_session\n"
        "def pytest_collection_finish(session):\n"
        "    get_coverage_session(session.config).add_profile(Path('extra.out').resolve())\n"
    )
    result = run_pytest("calc", "--go-cov")
    assert_outcomes(result, passed=2)
    result.stdout.fnmatch_lines(
        ["*Go coverage ERROR: cannot merge coverage profiles with different modes*'set'*'count'*"]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--go-cov-report=csv", "*--go-cov-report: unknown report type 'csv'*"),
        ("--go-cov-fail-under=lots", "*--go-cov-fail-under: expected a percentage*"),
    ],
)
def test_bad_coverage_options_are_usage_errors(
    gomod: GomodFactory, run_pytest: RunPytest, option: str, message: str
) -> None:
    gomod("coverage")
    result = run_pytest("--go-cov", option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_a_package_whose_test_binary_dies_is_named_not_silently_dropped(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    module = gomod("coverage")
    crash = module / "crash"
    crash.mkdir()
    (crash / "c.go").write_text("package crash\n\nfunc C() int { return 1 }\n")
    (crash / "c_test.go").write_text(
        'package crash\n\nimport "testing"\n\n'
        'func TestC(t *testing.T) { C(); panic("dies before coverage is written") }\n'
    )
    result = run_pytest("crash", "calc", "--go-cov")
    assert_outcomes(result, passed=2, failed=1)
    result.stdout.fnmatch_lines(
        ["*Go coverage WARNING: example.com/cov/crash: no coverage data, although its sources "
         "have functions: its test binary died before writing coverage*"]
    )  # fmt: skip


def test_a_run_stopped_by_x_still_reports_what_ran_and_says_it_is_partial(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("coverage")
    result = run_pytest("-x", "--go-cov", "--go-jobs=1", "--go-batch=off")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert result.parseoutcomes().get("failed") == 1
    result.stdout.fnmatch_lines(
        [
            "*Go coverage WARNING: the run stopped early (-x, --maxfail or Ctrl-C)*",
        ]
    )
    assert any(line.startswith("TOTAL") for line in result.stdout.lines)
