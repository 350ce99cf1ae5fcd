"""Packages without tests, which go test ./... builds and fails on when they do not build
(plugin/untested.py). Fixture module ``untested``: its README.md lists what Go reports."""

from __future__ import annotations

import json
import subprocess

import pytest
from junitparser import Error

from .helpers import (
    GomodFactory,
    RunPytest,
    go_invocations,
    junit_cases,
    junit_result,
    junit_suite,
    logging_go,
    sections,
)
from .session_runs import ModuleRun, copy_module, inner_env, run_inner, short_summary

PKG = "example.com/untested"

# What go test ./... fails on, as errors of their own; cmd/tool builds and adds nothing.
EXPECTED = {
    "lib/lib_test.go::TestAnswer": ["PASSED"],
    "broken/broken.go::go-build": ["ERROR"],
    "helpers/helpers.go::go-build": ["ERROR"],
}
BROKEN = 'broken/broken.go:4:28: cannot use "forty-two" (untyped string constant) as int value'
HELPERS = "helpers/helpers_test.go:3:47: undefined: undefinedFour"


def _logged_run(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester, *args: str
) -> tuple[pytest.RunResult, set[str]]:
    """A run of the fixture module through a logging go: its result, and the module's
    packages that go test was handed."""
    gomod("untested")
    wrapper, log = logging_go(pytester)
    result = run_pytest(*args, f"--go-binary={wrapper}")
    packages = {arg for call in go_invocations(log, "test") for arg in call if PKG in arg}
    return result, packages


@pytest.fixture(scope="module")
def untested(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("untested", tmp_path_factory.mktemp("untested") / "mod")
    return run_inner(root, go_env)


def test_a_package_without_tests_that_does_not_build_errors_as_go_test_fails(
    untested: ModuleRun, go_env: dict[str, str]
) -> None:
    assert untested.outcomes == EXPECTED, short_summary(untested.result)
    assert untested.result.ret == pytest.ExitCode.TESTS_FAILED
    raw = subprocess.run(
        ["go", "test", "./..."],
        cwd=untested.root,
        env=inner_env(go_env),
        capture_output=True,
        text=True,
        check=False,
    )
    assert raw.returncode == 1, raw.stdout  # what the error stands for
    found = sections(untested.result)
    broken = found[f"ERROR at setup of {PKG}/broken.go-build"]
    assert broken.startswith(f"build failed: {PKG}/broken\n"), broken
    assert BROKEN in broken
    # How to leave it out, if it is not meant to build here.
    assert broken.rstrip().endswith(
        f"{PKG}/broken has no Go test; go test ./... builds it too, and fails on it. To leave "
        "it out: --ignore=broken, or --go-untested=skip for every package without tests."
    ), broken
    helpers = found[f"ERROR at setup of {PKG}/helpers.go-build"]
    assert HELPERS in helpers
    assert "Traceback" not in broken + helpers
    out = untested.result.stdout.str()
    assert "cmd/tool" not in out.split("short test summary info", 1)[1]
    assert "[200%]" not in out
    assert "[150%]" not in out


def test_junit_has_each_failed_build_as_an_error_of_its_package(untested: ModuleRun) -> None:
    cases = junit_cases(junit_suite(untested.junit))
    assert set(cases) == {
        (f"{PKG}/lib", "TestAnswer"),
        (f"{PKG}/broken", "go-build"),
        (f"{PKG}/helpers", "go-build"),
    }
    error = junit_result(cases[(f"{PKG}/broken", "go-build")], Error)
    assert f"build failed: {PKG}/broken" in (error.message or "")
    assert BROKEN in (error.text or "")


def test_skip_builds_no_package_without_tests(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    result, packages = _logged_run(gomod, run_pytest, pytester, "--go-untested=skip")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK
    assert packages == {f"{PKG}/lib"}


@pytest.mark.parametrize(
    "dist",
    [[], ["-n", "2"], ["-n", "2", "--dist", "loadfile"]],
    ids=["single", "xdist", "xdist-loadfile"],
)
def test_one_go_test_builds_them_with_the_module_and_a_fixed_build_is_forgotten(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    dist: list[str],
) -> None:
    if dist:
        pytest.importorskip("xdist", reason="pytest-xdist is a test dependency")
    root = gomod("untested")
    wrapper, log = logging_go(pytester)
    result = run_pytest(*dist, f"--go-binary={wrapper}", cache=True)
    result.assert_outcomes(passed=1, errors=2)
    calls = go_invocations(log, "test")
    packages = [arg for call in calls for arg in call if PKG in arg]
    assert sorted(packages) == sorted(
        f"{PKG}/{name}" for name in ("lib", "cmd/tool", "broken", "helpers")
    ), calls
    if "loadfile" not in dist:
        # In the module's one invocation, as go test ./... builds them (the controller
        # builds them under a --dist mode the user chose, where a worker runs a package).
        assert len(calls) == 1, calls
    lastfailed = root / ".pytest_cache" / "v" / "cache" / "lastfailed"
    assert set(json.loads(lastfailed.read_text())) == {
        "broken/broken.go::go-build",
        "helpers/helpers.go::go-build",
    }
    # Fix one build: the next run (--lf, which selects what failed) forgets it.
    broken = root / "broken" / "broken.go"
    broken.write_text(broken.read_text().replace('"forty-two"', "42"))
    result = run_pytest(*dist, "--lf", cache=True)
    result.assert_outcomes(passed=1, errors=1)
    assert set(json.loads(lastfailed.read_text())) == {"helpers/helpers.go::go-build"}


def test_a_node_id_selection_builds_nothing_else(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    # Only directories given to pytest (or its rootdir) bring their untested packages in,
    # as go test PKG builds only PKG.
    result, packages = _logged_run(gomod, run_pytest, pytester, "lib/lib_test.go::TestAnswer")
    result.assert_outcomes(passed=1)
    assert packages == {f"{PKG}/lib"}


def test_a_directory_pytest_does_not_collect_is_not_built(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    # --ignore (as norecursedirs and a conftest's collect_ignore) keeps pytest out of a
    # directory: neither its tests nor its build are asked for.
    result, packages = _logged_run(gomod, run_pytest, pytester, "--ignore=broken")
    result.assert_outcomes(passed=1, errors=1)
    assert packages == {f"{PKG}/{name}" for name in ("lib", "cmd/tool", "helpers")}


@pytest.mark.parametrize(
    "dist",
    [[], ["-n", "2"], ["-n", "2", "--dist", "loadfile"]],
    ids=["single", "xdist", "xdist-loadfile"],
)
def test_a_module_without_any_go_test_is_still_built_as_go_test_builds_it(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    go_env: dict[str, str],
    dist: list[str],
) -> None:
    # No Go item at all: lib's only test has a name go does not take for a test (and go
    # vet rejects). No item starts the module's go test, but go test ./... there fails on
    # three packages; the Python test beside it still runs.
    if dist:
        pytest.importorskip("xdist", reason="pytest-xdist is a test dependency")
    root = gomod("untested")
    lib_test = root / "lib" / "lib_test.go"
    lib_test.write_text(
        'package lib\n\nimport "testing"\n\nfunc Testanswer(t *testing.T) {}\n', encoding="utf-8"
    )
    (root / "test_python.py").write_text("def test_python():\n    pass\n", encoding="utf-8")
    raw = subprocess.run(
        ["go", "test", "./..."],
        cwd=root,
        env=inner_env(go_env),
        capture_output=True,
        text=True,
        check=False,
    )
    assert raw.returncode == 1, raw.stdout
    # go vet's malformed-name check runs under go test from Go 1.23 on; 1.22 passes lib.
    vets_names = f"FAIL\t{PKG}/lib [build failed]" in raw.stdout
    result = run_pytest(*dist, "-rE")
    result.assert_outcomes(passed=1, errors=3 if vets_names else 2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    out = result.stdout.str()
    for line in (
        "ERROR broken/broken.go::go-build - build failed",
        "ERROR helpers/helpers.go::go-build - build failed",
    ):
        assert line in out, out
    if vets_names:
        assert "ERROR lib/lib.go::go-build - vet failed" in out, out
        assert "Testanswer has malformed name" in out, out
    # --go-untested=skip leaves them out, as before.
    skipped = run_pytest(*dist, "--go-untested=skip")
    skipped.assert_outcomes(passed=1)
    assert skipped.ret == pytest.ExitCode.OK


@pytest.mark.parametrize("dist", [[], ["-n", "2"]], ids=["single", "xdist"])
def test_a_module_without_a_test_file_is_built_from_the_directory_above(
    pytester: pytest.Pytester, run_pytest: RunPytest, dist: list[str]
) -> None:
    # Two modules below the rootdir: "good" with a test, "nt" with no test file at all (so
    # no file of its made the plugin list it) and a package that does not build, and
    # "badmod" whose go.mod go cannot read. go test ./... fails in both; a module under
    # testdata/ is a fixture, which go's ./... from above would skip.
    if dist:
        pytest.importorskip("xdist", reason="pytest-xdist is a test dependency")
    pytester.makeini("[pytest]\n")
    root = pytester.path
    for directory, text in {
        "good": 'package good\n\nimport "testing"\n\nfunc TestGood(t *testing.T) {}\n',
        "nt/q": 'package q\n\nfunc Q() int { return "x" }\n',
        "good/testdata/fx/f": 'package f\n\nfunc F() int { return "x" }\n',
    }.items():
        (root / directory).mkdir(parents=True)
        name = "good_test.go" if directory == "good" else "x.go"
        (root / directory / name).write_text(text, encoding="utf-8")
    (root / "good" / "go.mod").write_text("module example.com/good\n\ngo 1.22\n", encoding="utf-8")
    (root / "nt" / "go.mod").write_text("module example.com/nt\n\ngo 1.22\n", encoding="utf-8")
    (root / "good/testdata/fx/go.mod").write_text("module example.com/fx\n", encoding="utf-8")
    (root / "badmod").mkdir()
    (root / "badmod" / "go.mod").write_text("module example.com/badmod\n\nrequire (\n")
    result = run_pytest(*dist, "-rE")
    result.assert_outcomes(passed=1, errors=2)
    out = result.stdout.str()
    assert "ERROR nt/q/x.go::go-build - build failed: example.com/nt/q" in out
    assert "ERROR badmod/go.mod::go-build - go list failed in module" in out
    assert "example.com/fx" not in out


def test_a_selection_that_leaves_a_module_out_fails_alike_with_go_cov(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    # -k leaves the module's only test out: its package that does not build is not asked
    # for, with --go-cov as without (there it is named in the coverage section only).
    pytester.makeini("[pytest]\n")
    pytester.makefile(".mod", go="module example.com/kd\n\ngo 1.22\n")
    (pytester.path / "lib").mkdir()
    (pytester.path / "lib" / "lib_test.go").write_text(
        'package lib\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {}\n', encoding="utf-8"
    )
    (pytester.path / "broken").mkdir()
    (pytester.path / "broken" / "b.go").write_text(
        "package broken\n\nvar X = nope\n", encoding="utf-8"
    )
    plain = run_pytest("-k", "nothing")
    covered = run_pytest("-k", "nothing", "--go-cov")
    assert plain.ret == covered.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert "did not compile" in covered.stdout.str()
    everything = run_pytest("--go-cov")
    everything.assert_outcomes(passed=1, errors=1)
