"""pytest-timeout's limit and Go's own timeout (issue 10, item 7).

A Go test is never reported as timed out because its package was slow to build or because
other tests of its package were slow: waiting for the package is no test's time. A Go test
that hangs past the limit is reported as a timeout naming that test, with Go's goroutine dump
(not pytest-timeout's dump of pytest's own threads, not an internal traceback). Fixture module
``timeouts`` (README.md there). Limits of 2 s keep the module fast.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from .helpers import sections
from .session_runs import ModuleRun, copy_module, run_inner, short_summary, summary_line

pytest.importorskip("pytest_timeout", reason="pytest-timeout is not installed")

PKG = "example.com/timeouts"
LIMIT = ("--timeout=2",)

FAST = {
    "fast/fast_test.go::TestFastA": ["PASSED"],
    "fast/fast_test.go::TestFastB": ["PASSED"],
}
SLOW_OTHERS = {
    "slowothers/slowothers_test.go::TestQuickFirst": ["PASSED"],
    "slowothers/slowothers_test.go::TestSlow1": ["PASSED"],
    "slowothers/slowothers_test.go::TestSlow2": ["PASSED"],
    "slowothers/slowothers_test.go::TestSlow3": ["PASSED"],
}
HANGS = {
    "hangs/hangs_test.go::TestBefore": ["PASSED"],
    "hangs/hangs_test.go::TestHangs": ["FAILED"],
    "hangs/hangs_test.go::TestAfter": ["ERROR"],
}


def _slow_go(directory: Path, seconds: float) -> Path:
    """A ``go`` whose ``go test`` starts ``seconds`` late: a package slow to build."""
    real = shutil.which("go")
    assert real is not None
    directory.mkdir(parents=True, exist_ok=True)
    wrapper = directory / "go"
    wrapper.write_text(
        f'#!/bin/sh\nif [ "$1" = test ]; then sleep {seconds}; fi\nexec {shlex.quote(real)} "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper


def _plain(run: ModuleRun) -> None:
    """No internal traceback and no dump of pytest's threads anywhere in the run's output."""
    text = run.result.stdout.str() + run.result.stderr.str()
    assert "Traceback" not in text
    assert "INTERNALERROR" not in text
    assert "pytest_gotest" not in text
    assert "~~~ Stack of " not in text, "pytest-timeout dumped pytest's own threads"
    assert "from pytest-timeout" not in text, short_summary(run.result)


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("timeouts", tmp_path_factory.mktemp("timeouts") / "mod")
    # pytest runs the arguments in this order: slowothers' first item is the first to wait.
    return run_inner(root, go_env, *LIMIT, "slowothers", "fast", "hangs")


@pytest.fixture(scope="module")
def slow_build(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    base = tmp_path_factory.mktemp("timeouts-slow-build")
    root = copy_module("timeouts", base / "mod")
    go = _slow_go(base / "bin", 3)
    return run_inner(root, go_env, *LIMIT, f"--go-binary={go}", "fast")


@pytest.fixture(scope="module")
def thread_method(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    # The thread method ends the whole pytest process (os._exit) when its limit fires.
    root = copy_module("timeouts", tmp_path_factory.mktemp("timeouts-thread") / "mod")
    return run_inner(root, go_env, *LIMIT, "--timeout-method=thread", "slowothers", "fast")


# -- the wait for a package is no test's time ---------------------------------------------------


def test_fast_tests_of_a_quick_package_pass(limited: ModuleRun) -> None:
    for nodeid, words in FAST.items():
        assert limited.outcomes.get(nodeid) == words, short_summary(limited.result)


def test_tests_under_the_limit_pass_though_their_package_takes_longer(
    limited: ModuleRun,
) -> None:
    for nodeid, words in SLOW_OTHERS.items():
        assert limited.outcomes.get(nodeid) == words, short_summary(limited.result)


def test_a_slow_build_is_no_tests_timeout(slow_build: ModuleRun) -> None:
    assert slow_build.outcomes == FAST, short_summary(slow_build.result)
    assert slow_build.result.ret == pytest.ExitCode.OK
    _plain(slow_build)


def test_the_thread_method_does_not_end_the_run_while_a_package_builds(
    thread_method: ModuleRun,
) -> None:
    assert thread_method.outcomes == {**FAST, **SLOW_OTHERS}, short_summary(thread_method.result)
    assert thread_method.result.ret == pytest.ExitCode.OK
    _plain(thread_method)


# -- a hanging Go test ------------------------------------------------------------------------


def test_a_hanging_test_is_a_timeout_with_gos_goroutine_dump(limited: ModuleRun) -> None:
    nodeid = "hangs/hangs_test.go::TestHangs"
    assert limited.outcomes.get(nodeid) == ["FAILED"], short_summary(limited.result)
    line = summary_line(limited.result, "FAILED", nodeid)
    assert re.search(r"timed out after \d", line), line
    failure = sections(limited.result)[f"{PKG}/hangs.TestHangs"]
    assert "hanging now" in failure  # the test's own output
    assert "running tests:" in failure
    # Go's dump: the hanging goroutine's stack, named by the fixture's own function.
    assert re.search(r"^goroutine \d+ \[", failure, re.M), failure
    assert f"{PKG}/hangs.waitForever" in failure
    assert f"{PKG}/hangs.TestHangs" in failure


def test_around_a_hanging_test_the_package_reports_as_go_does(limited: ModuleRun) -> None:
    for nodeid, words in HANGS.items():
        assert limited.outcomes.get(nodeid) == words, short_summary(limited.result)
    line = summary_line(limited.result, "ERROR", "hangs/hangs_test.go::TestAfter")
    assert "not run" in line
    assert "TestHangs" in line


def test_the_limited_run_is_go_s_story_only(limited: ModuleRun) -> None:
    assert limited.outcomes == {**FAST, **SLOW_OTHERS, **HANGS}, short_summary(limited.result)
    limited.result.assert_outcomes(passed=7, failed=1, errors=1)
    assert limited.result.ret == pytest.ExitCode.TESTS_FAILED
    _plain(limited)
