"""Collection of the real fixture modules: which node ids exist, markers, -k, locations, and the
problems (no go, broken go.mod) that must be reported without hiding the other tests."""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .helpers import BASIC_TOP_LEVEL, GomodFactory, RunPytest, assert_counts, reported_nodeids

PY_TEST_FILE = "def test_py():\n    assert True\n"


def test_collect_only_lists_exactly_the_go_tests(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("basic")
    result = run_pytest("--collect-only", "-q")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    ids = reported_nodeids(result)
    # Tests, fuzz targets and examples with an output comment; never ExampleSub_noOutput,
    # helperNotATest, BenchmarkAdd, TestMain, tagged/integration_test.go (no -tags) or
    # anything in calc/testdata, calc/vendor, _hidden, .dotdir.
    assert sorted(ids) == sorted(BASIC_TOP_LEVEL)
    assert len(ids) == len(set(ids))
    result.stdout.fnmatch_lines([f"{len(BASIC_TOP_LEVEL)} tests collected in *"])
    text = result.stdout.str()
    for absent in (
        "ExampleSub_noOutput",
        "helperNotATest",
        "BenchmarkAdd",
        "TestMain",
        "TestIntegration",
        "TestMustNotBeCollected",
        "bad_test.go",
        "notests",
    ):
        assert absent not in text


def test_build_tags_from_go_flags_change_collection(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("basic")
    result = run_pytest("--collect-only", "-q", "--go-flags=-tags=integration", "tagged")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert sorted(reported_nodeids(result)) == [
        "tagged/integration_test.go::TestIntegration",
        "tagged/plain_test.go::TestPlain",
    ]


@pytest.mark.parametrize(
    ("marker", "expected"),
    [
        ("go_testmain", ["withmain/main_test.go::TestOne", "withmain/main_test.go::TestTwo"]),
        ("go_fuzz", ["fuzzing/reverse_test.go::FuzzReverse"]),
        (
            "go_example",
            ["calc/calc_ext_test.go::ExampleAdd", "calc/calc_ext_test.go::ExampleSub_unordered"],
        ),
        ("go_cgo", ["cgopkg/cgo_test.go::TestCgo"]),
        ("go", sorted(BASIC_TOP_LEVEL)),
    ],
)
def test_markers_select_go_tests(
    gomod: GomodFactory, run_pytest: RunPytest, marker: str, expected: list[str]
) -> None:
    gomod("basic")
    result = run_pytest("--collect-only", "-q", "-m", marker)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert sorted(reported_nodeids(result)) == sorted(expected)


def test_keyword_matches_go_import_path(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("basic")
    result = run_pytest("--collect-only", "-q", "-k", "example.com/basic/parallel")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert sorted(reported_nodeids(result)) == [
        "parallel/parallel_test.go::TestP1",
        "parallel/parallel_test.go::TestP2",
        "parallel/parallel_test.go::TestP3",
    ]


def test_reportinfo_points_at_the_go_function(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("basic")
    result = run_pytest("calc", "fuzzing", "--junitxml=out.xml", "-o", "junit_family=xunit1")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    root = ET.parse(pytester.path / "out.xml").getroot()
    located = {
        case.get("name"): (case.get("file"), case.get("line")) for case in root.iter("testcase")
    }
    # xunit1 writes pytest's 0-based location line: the `func` line in the source minus one
    # (a failure's is where Go reported it: tests/acceptance/test_failure_reports.py).
    assert located["TestAdd"] == ("calc/calc_test.go", "4")
    assert located["TestExternal"] == ("calc/calc_ext_test.go", "9")
    assert located["ExampleAdd"] == ("calc/calc_ext_test.go", "15")
    assert located["FuzzReverse"] == ("fuzzing/reverse_test.go", "13")
    # Subtests point at their top-level function.
    assert located["TestTable/one_plus_one"] == ("calc/calc_test.go", "24")


def test_two_modules_in_one_run(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("multi")
    result = run_pytest("-v")
    result.stdout.fnmatch_lines_random(
        [
            "svc1/svc1_test.go::TestSvc1 PASSED*",
            "svc2/api/api_test.go::TestSvc2 PASSED*",
            "svc2/api/api_test.go::TestSvc2Fails FAILED*",
        ]
    )
    result.assert_outcomes(passed=2, failed=1)
    assert "api_test.go:12: Version() = 2, want 3" in result.stdout.str()


def test_go_work_workspace(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("workspace")
    result = run_pytest("-v")
    result.stdout.fnmatch_lines_random(
        [
            "liba/liba_test.go::TestHello PASSED*",
            "app/app_test.go::TestApp PASSED*",
        ]
    )
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.OK


def test_go_work_naming_a_missing_module_is_the_file_named(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    """A go.work listing a directory without a go.mod (a module archive that left it out)
    fails every go command there; the error names the go.work to fix, not a go.mod."""
    root = gomod("workspace")
    workspace = root / "go.work"
    workspace.write_text("go 1.22\n\nuse (\n\t./app\n\t./liba\n\t./gone\n)\n", "utf-8")
    result = run_pytest("-q")
    text = result.stdout.str()
    assert f"(check {workspace})" in text, text
    assert "listed in go.work file" in text, text
    assert result.ret != pytest.ExitCode.OK


def test_a_module_the_workspace_leaves_out_is_an_error_not_silence(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    """go test ./... in a module that go.work does not list fails ("directory prefix . does
    not contain modules listed in go.work"); its tests were dropped without a word."""
    root = gomod("workspace")
    extra = root / "extra"
    extra.mkdir()
    (extra / "go.mod").write_text("module example.com/extra\n\ngo 1.22\n", "utf-8")
    (extra / "extra_test.go").write_text(
        'package extra\n\nimport "testing"\n\nfunc TestExtra(t *testing.T) {}\n', "utf-8"
    )
    result = run_pytest("-q", "-rA")
    text = result.stdout.str()
    assert "ERROR extra/extra_test.go::go-list - pattern ./...: directory prefix ." in text, text
    assert_counts(result, {"passed": 2, "errors": 1})
    # What to do: the go.work to add it to, or no workspace.
    assert f"is not among the modules {root / 'go.work'} uses: add it (go work use extra" in text
    assert "GOWORK=off" in text


@pytest.mark.parametrize("goflags", ["-bogusflag", "-tags='x"])
def test_goflags_go_cannot_read_is_the_setting_named(
    gomod: GomodFactory, run_pytest: RunPytest, monkeypatch: pytest.MonkeyPatch, goflags: str
) -> None:
    """go rejects $GOFLAGS before it reads any go.mod: the error says to check GOFLAGS."""
    gomod("basic")
    monkeypatch.setenv("GOFLAGS", goflags)  # over the fixed one run_pytest's setup set
    result = run_pytest("-q")
    text = result.stdout.str()
    assert "(check the GOFLAGS environment variable)" in text, text
    assert "$GOFLAGS" in text, text
    assert result.ret != pytest.ExitCode.OK


def _without_go(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GO", raising=False)
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable))
    pytester.makepyfile(test_py=PY_TEST_FILE)


def _assert_one_go_missing_error(result: pytest.RunResult) -> None:
    assert result.parseoutcomes().get("errors") == 1, result.stdout.str()
    text = result.stdout.str()
    # It says what is wrong and how to fix it.
    assert "no go executable found" in text
    for fix in ("Install Go", "--go-binary", "--no-go"):
        assert fix in text
    # Reported against a file Go builds, not one of the directories the go tool ignores.
    assert "bad_test.go" not in text


def test_without_go_one_error_says_how_to_fix_it(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gomod("basic")
    _without_go(pytester, monkeypatch)
    result = run_pytest("--go-binary=/nonexistent/go", "-v")
    _assert_one_go_missing_error(result)
    # The problem is one error, not an interrupted session: the Python tests still run.
    result.stdout.fnmatch_lines(["test_py.py::test_py PASSED*"])
    result.assert_outcomes(passed=1, errors=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_without_go_python_tests_still_run(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gomod("basic")
    _without_go(pytester, monkeypatch)
    result = run_pytest("--go-binary=/nonexistent/go", "--continue-on-collection-errors", "-rA")
    _assert_one_go_missing_error(result)
    result.stdout.fnmatch_lines(["PASSED test_py.py::test_py"])
    result.assert_outcomes(passed=1, errors=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_no_go_option_skips_go_collection(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("basic")
    pytester.makepyfile(test_py=PY_TEST_FILE)
    result = run_pytest("--no-go", "-v")
    result.stdout.fnmatch_lines(["test_py.py::test_py PASSED*"])
    result.assert_outcomes(passed=1)
    assert "_test.go" not in result.stdout.str()


def test_broken_go_mod_is_reported_and_other_module_runs(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    root = gomod("multi")
    broken = root / "svc1" / "go.mod"
    broken.write_text("module example.com/svc1\n\ngo 1.22\n\nrequire (\n", encoding="utf-8")
    result = run_pytest("--continue-on-collection-errors", "-rA")
    text = result.stdout.str()
    assert str(broken) in text or "svc1/go.mod" in text, text
    assert "svc1_test.go::TestSvc1 PASSED" not in text
    result.stdout.fnmatch_lines_random(
        [
            "PASSED svc2/api/api_test.go::TestSvc2",
            "FAILED svc2/api/api_test.go::TestSvc2Fails*",
        ]
    )
    result.assert_outcomes(passed=1, failed=1, errors=1)


STRAY_TEST = 'package stray\n\nimport "testing"\n\nfunc TestStray(t *testing.T) {}\n'


def test_go_test_files_in_no_module_are_named_in_one_warning(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    """go test cannot run a test file with no go.mod above it; the run says which it left out
    (once, under xdist too) and runs the rest. Files where Go never looks (testdata, _dirs)
    are fixtures, not mentioned."""
    # The module in a subdirectory, so that the stray files have no go.mod above them.
    module = gomod("basic")
    inner = module / "mod"
    inner.mkdir()
    for entry in list(module.iterdir()):
        if entry.name not in ("mod", "pytest.ini"):
            entry.rename(inner / entry.name)
    for stray in ("snippets/stray_test.go", "snippets/more/two_test.go"):
        (module / stray).parent.mkdir(parents=True, exist_ok=True)
        (module / stray).write_text(STRAY_TEST, encoding="utf-8")
    for fixture in ("testdata/fixture_test.go", "_old/old_test.go"):
        (module / fixture).parent.mkdir(parents=True, exist_ok=True)
        (module / fixture).write_text(STRAY_TEST, encoding="utf-8")
    for args in ((), ("-n", "2")):
        result = run_pytest(
            "-q", "-p", "no:randomly", "mod/nested", "snippets", "testdata", "_old", *args
        )
        text = result.stdout.str()
        assert result.ret == pytest.ExitCode.OK, text
        assert text.count("GoTestWarning: 2 Go test files in no Go module") == 1, text
        result.stdout.fnmatch_lines(
            ["*not collected: snippets/stray_test.go, snippets/more/two_test.go. To test them*"]
        )
        assert "fixture_test.go" not in text
        assert "old_test.go" not in text
        assert "1 warning" in text
    # A filter that makes warnings errors (-W error, or filterwarnings = error in the ini):
    # the run fails with the warning's text as an error line, not an INTERNALERROR, and the
    # module's tests still ran and reported.
    for args in ((), ("-n", "2")):
        result = run_pytest(
            "-q", "-p", "no:randomly", "-W", "error", "mod/nested", "snippets", *args
        )
        text = result.stdout.str() + result.stderr.str()
        assert result.ret == pytest.ExitCode.TESTS_FAILED, text
        assert "INTERNALERROR" not in text
        assert text.count("ERROR GoTestWarning (a warning filter): 2 Go test files in no") == 1
        assert_counts(result, {"passed": 1})


def _module(root: Path, path: str, test: str) -> None:
    """A module ``example.com/<name>`` at ``root/path`` whose package holds ``test``."""
    directory = root / path
    directory.mkdir(parents=True, exist_ok=True)
    name = path.replace("/", "_").replace(".", "_").strip("_") or "top"
    (directory / "go.mod").write_text(f"module example.com/{name}\n\ngo 1.22\n", "utf-8")
    (directory / "x_test.go").write_text(f"package {name}\n\n{GO_IMPORT_TESTING}{test}", "utf-8")


GO_IMPORT_TESTING = 'import "testing"\n\n'
FAILING_FIXTURE = 'func TestFixture(t *testing.T) { t.Fatal("a fixture, never run by go test") }\n'


def test_modules_under_directories_go_never_enters_are_fixtures(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """go test ./... never enters testdata/, vendor/, _x/ or .x/, nor the modules kept there
    (fixtures, often failing on purpose): they were collected and run from the directory
    above, turning a green run red. Named on the command line, one runs as go test there."""
    pytester.makeini("[pytest]\n")
    _module(pytester.path, "", "func TestTop(t *testing.T) {}\n")
    for fixture in ("testdata/fixmod", "pkg/testdata/deep", "vendor/example.com/vmod", "_tools"):
        _module(pytester.path, fixture, FAILING_FIXTURE)
    result = run_pytest("-q", "-p", "no:randomly")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert_counts(result, {"passed": 1})
    result = run_pytest("-q", "-p", "no:randomly", "testdata/fixmod")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.stdout.fnmatch_lines(["FAILED testdata/fixmod/x_test.go::TestFixture - *"])
    assert_counts(result, {"failed": 1})


def _package(root: Path, path: str, test: str) -> None:
    directory = root / path
    directory.mkdir(parents=True, exist_ok=True)
    name = directory.name
    (directory / "x_test.go").write_text(f"package {name}\n\n{GO_IMPORT_TESTING}{test}", "utf-8")


def test_packages_under_directories_go_skips_run_when_named(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """A package (not a module) below testdata/, _x/ or .x/ is outside ./..., so a run from
    the module root leaves it out; named on the command line it runs, as go test
    ./testdata/pkg does. It collected nothing ("no tests ran"): the named tests were
    dropped without a word. ./testdata/... and ./_tools/... match no package, for go as
    here (go's walk skips such a directory even where it starts)."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/skipped\n\ngo 1.22\n", "utf-8")
    _package(pytester.path, "top", "func TestTop(t *testing.T) {}\n")
    for path in ("testdata/pkgonly", "_tools/gen"):
        _package(pytester.path, path, FAILING_FIXTURE)
    result = run_pytest("-q", "-p", "no:randomly")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert_counts(result, {"passed": 1})
    for args in (
        ("testdata/pkgonly",),
        ("testdata/pkgonly/x_test.go",),
        ("testdata/pkgonly/x_test.go::TestFixture",),
        ("_tools/gen", "-n", "2"),
    ):
        result = run_pytest("-q", "-p", "no:randomly", *args)
        assert result.ret == pytest.ExitCode.TESTS_FAILED, (args, result.stdout.str())
        assert_counts(result, {"failed": 1})
        result.stdout.fnmatch_lines(["FAILED *x_test.go::TestFixture - x_test.go:5: a fixture*"])
    for directory in ("testdata", "_tools"):
        result = run_pytest("-q", "-p", "no:randomly", directory)
        assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED, result.stdout.str()


def test_go_packages_named_like_pythons_build_dirs_run(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """pytest's default norecursedirs skips build/, dist/ and venv/; Go packages of those
    names (internal/build, cmd/dist) vanished from the run, failing tests and all. They run
    as go test ./... runs them; Python's own build/ stays out, as do the user's choices."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/names\n\ngo 1.22\n", "utf-8")
    failing = 'func TestIn(t *testing.T) { t.Fatal("ran") }\n'
    # tools/build holds no Go file itself: its subdirectory is the package.
    for package in ("internal/build", "cmd/dist", "venv", "lib", "tools/build/gen"):
        _package(pytester.path, package, failing)
    # Python's build output: a copy of a test module that must not run, beside no Go code
    # and inside a Go package entered for its Go tests alike.
    for copy in ("build/lib/test_copy.py", "internal/build/lib/pkg/test_stale.py"):
        copied = pytester.path / copy
        copied.parent.mkdir(parents=True)
        copied.write_text("def test_copy():\n    assert 0\n", encoding="utf-8")
    # ... and its conftest, which pytest imports as it enters a directory.
    stale = pytester.path / "internal/build/lib/pkg/conftest.py"
    stale.write_text("raise RuntimeError('a stale copy imported')\n", encoding="utf-8")
    # A module nested below such a directory runs as any nested module.
    _module(pytester.path, "dist/tools", failing)
    result = run_pytest("-q", "-p", "no:randomly")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    assert_counts(result, {"failed": 6})
    assert "test_copy" not in result.stdout.str()
    assert "test_stale" not in result.stdout.str()
    assert "stale copy imported" not in result.stdout.str()
    result = run_pytest("-q", "-p", "no:randomly", "--ignore=internal/build", "--ignore-glob=*venv")
    assert_counts(result, {"failed": 4})
    result = run_pytest("-q", "-p", "no:randomly", "-o", "norecursedirs=build dist")
    assert_counts(result, {"failed": 2})  # venv and lib: the user's list is theirs


def test_a_package_named_through_a_symlink_runs(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """``pytest linked`` (linked -> real): go test ./linked runs the package; the plugin
    found no package there (go list knows it by its real path): "no tests ran", and a file
    named through the link was "left out by Go's build". The whole tree still runs it once."""
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/sl\n\ngo 1.22\n", "utf-8")
    _package(
        pytester.path,
        "real",
        'func TestReal(t *testing.T) {}\n\nfunc TestRealFail(t *testing.T) { t.Fatal("no") }\n',
    )
    (pytester.path / "linked").symlink_to("real")
    for args in (("linked",), ("linked/x_test.go",), ()):
        result = run_pytest("-q", "-p", "no:randomly", *args)
        assert result.ret == pytest.ExitCode.TESTS_FAILED, (args, result.stdout.str())
        assert_counts(result, {"passed": 1, "failed": 1})
    result = run_pytest("-q", "-p", "no:randomly", "linked/x_test.go::TestReal")
    assert_counts(result, {"passed": 1})


def test_a_test_file_named_on_the_command_line_that_go_leaves_out_says_why(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    # pytest alone said "ERROR: not found: .../int_test.go (no match in any of [<Dir>])" and
    # ran nothing else (exit 4). Now each of its tests errors with why Go leaves the file
    # out and how to bring it in; the other arguments run.
    pytester.makefile(".mod", go="module example.com/tags\n\ngo 1.22\n")
    pytester.makeini("[pytest]\n")
    (pytester.path / "int_test.go").write_text(
        '//go:build integration\n\npackage tags\n\nimport "testing"\n\n'
        "func TestIntegration(t *testing.T) {}\n",
        encoding="utf-8",
    )
    (pytester.path / "unit_test.go").write_text(
        'package tags\n\nimport "testing"\n\nfunc TestUnit(t *testing.T) {}\n', encoding="utf-8"
    )
    result = run_pytest("int_test.go::TestIntegration", "unit_test.go")
    result.assert_outcomes(passed=1, errors=1)
    out = result.stdout.str()
    assert (
        "int_test.go is left out of its package by Go's build here: its build constraint "
        "`//go:build integration` is not satisfied, so go test never runs its tests."
    ) in out
    assert "--go-flags=-tags=integration" in out
    assert "not found" not in out
    # With the tag, it is an ordinary test again.
    result = run_pytest("int_test.go", "--go-flags=-tags=integration")
    result.assert_outcomes(passed=1)
