"""pytest-timeout's limit and Go's own timeout (issue 10, item 7).

A Go test is never reported as timed out because its package was slow to build or because
other tests of its package were slow: waiting for the package is no test's time. A Go test
that hangs past the limit is reported as a timeout naming that test, with Go's goroutine dump
(not pytest-timeout's dump of pytest's own threads, not an internal traceback). pytest-timeout
starts no timer for Go items; their package's ``go test`` gets ``-timeout``, the sum of its
tests' limits (``plugin/timeouts.py``, docs/configuration.md "pytest-timeout"). Fixture module
``timeouts`` (README.md there). Limits of 2 s keep the module fast.
"""

from __future__ import annotations

import re
import shlex
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .helpers import go_invocations, sections
from .session_runs import (
    ModuleRun,
    copy_module,
    new_to_gos_caches,
    run_inner,
    short_summary,
    summary_line,
)

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

# Package parallel: all of its tests hang at once (README.md there). Every test Go's timeout
# lists as running fails with it, and so does TestA, which waits for its parallel subtests.
PARALLEL = {
    f"parallel/parallel_test.go::{name}": ["FAILED"]
    for name in (
        "TestA/first",
        "TestA/second",
        "TestA",
        "TestB",
        "TestC/serial/inner",
        "TestC/serial",
        "TestC",
        "TestD/cleanup",
        "TestD",
        "TestE/p",
        "TestE/q",
        "TestE",
    )
}
# The line of parallel_test.go each test's own goroutine hangs at: its time.Sleep, or the
# t.Run waiting for its subtest (TestE, whose body returned: its subtests').
HANGS_AT = {
    "TestA/first": 16,
    "TestA/second": 21,
    "TestB": 28,
    "TestC": 34,
    "TestC/serial": 35,
    "TestC/serial/inner": 37,
    "TestD": 45,
    "TestD/cleanup": 47,
    "TestE": 58,
    "TestE/p": 58,
    "TestE/q": 58,
}
_TRACE = re.compile(r"^goroutine \d+ \[", re.M)
_POINTER = re.compile(r"\(the crash's trace is shown with (\S+)'s report\)")


def _go_wrapper(directory: Path, *, sleep: float = 0) -> Path:
    """A ``go`` whose ``go test`` starts ``sleep`` seconds late (a package slow to build) and,
    when ``$GOTEST_LOG`` is set, logs its arguments as ``helpers.write_go_wrapper`` does (in
    ``$GOTEST_LOG.args``) and its output (the -json stream, passed on unchanged) in
    ``$GOTEST_LOG.out``."""
    real = shutil.which("go")
    assert real is not None
    go = shlex.quote(real)
    directory.mkdir(parents=True, exist_ok=True)
    wrapper = directory / "go"
    wrapper.write_text(
        f"""#!/bin/sh
if [ "$1" = test ]; then
    sleep {sleep}
    if [ -n "$GOTEST_LOG" ]; then
        printf '%s\\t' "$@" >> "$GOTEST_LOG.args"; printf '\\n' >> "$GOTEST_LOG.args"
        {{ {go} "$@"; echo $? > "$GOTEST_LOG.rc.$$"; }} | tee -a "$GOTEST_LOG.out"
        status=$(cat "$GOTEST_LOG.rc.$$"); rm -f "$GOTEST_LOG.rc.$$"; exit "$status"
    fi
fi
exec {go} "$@"
""",
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper


def _recorded(root: Path, go_env: dict[str, str], name: str, *args: str) -> ModuleRun:
    """An inner run through the recording ``go``; its log is ``root.parent / name``."""
    go = _go_wrapper(root.parent / "bin")
    log = {"GOTEST_LOG": str(root.parent / name)}
    return run_inner(root, go_env, f"--go-binary={go}", *args, env=log)


def _go_test_commands(run: ModuleRun, name: str) -> list[list[str]]:
    return go_invocations(run.root.parent / f"{name}.args", "test")


def _timeout_flags(command: list[str]) -> list[str]:
    return [arg for arg in command if arg.startswith(("-timeout", "-test.timeout"))]


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
    return _recorded(root, go_env, "go-test", *LIMIT, "slowothers", "fast", "hangs")


@pytest.fixture(scope="module")
def slow_build(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    base = tmp_path_factory.mktemp("timeouts-slow-build")
    root = copy_module("timeouts", base / "mod")
    go = _go_wrapper(base / "bin", sleep=3)
    return run_inner(root, go_env, *LIMIT, f"--go-binary={go}", "fast")


@pytest.fixture(scope="module")
def thread_method(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    # The thread method ends the whole pytest process (os._exit) when its limit fires.
    root = copy_module("timeouts", tmp_path_factory.mktemp("timeouts-thread") / "mod")
    return run_inner(root, go_env, *LIMIT, "--timeout-method=thread", "slowothers", "fast")


@pytest.fixture(scope="module")
def own_timeout(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("timeouts", tmp_path_factory.mktemp("timeouts-own") / "mod")
    return _recorded(root, go_env, "go-test", *LIMIT, "--go-flags=-timeout=3s", "hangs")


@pytest.fixture(scope="module")
def cache_runs(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> dict[str, ModuleRun]:
    """Runs of ``fast`` one after the other in one copy (one test binary)."""
    # The first run with a limit must be a cache miss.
    root = copy_module("timeouts", new_to_gos_caches(tmp_path_factory.mktemp("timeouts-cache")))
    runs = (
        ("no-limit", ()),  # pytest-timeout loaded, no limit set
        ("no-plugin", ("-p", "no:timeout")),
        ("limit-2", LIMIT),
        ("limit-2-again", LIMIT),
        ("limit-3", ("--timeout=3",)),
    )
    return {name: _recorded(root, go_env, name, *args, "fast") for name, args in runs}


@pytest.fixture(scope="module")
def rerun(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    pytest.importorskip("pytest_rerunfailures", reason="pytest-rerunfailures is not installed")
    root = copy_module("timeouts", tmp_path_factory.mktemp("timeouts-rerun") / "mod")
    # Without TestAfter, which would pass when rerun alone.
    skip_after = "--deselect=hangs/hangs_test.go::TestAfter"
    return _recorded(root, go_env, "go-test", *LIMIT, "--reruns=1", skip_after, "hangs")


@pytest.fixture(scope="module")
def under_xdist(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    # timeout_func_only: pytest-timeout asks for its timer around the call only; same answer.
    root = copy_module(
        "timeouts", tmp_path_factory.mktemp("timeouts-xdist") / "mod", "timeout_func_only = true\n"
    )
    return run_inner(root, go_env, *LIMIT, "-n", "2", "slowothers", "fast", "hangs")


@pytest.fixture(scope="module")
def parallel(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("timeouts", tmp_path_factory.mktemp("timeouts-parallel") / "mod")
    # -parallel=8: every parallel test runs at once, whatever the number of CPUs. JUnit xunit1
    # writes each testcase's file and line.
    flags = "--go-flags=-timeout=2s -parallel=8"
    return run_inner(root, go_env, flags, "-o", "junit_family=xunit1", "parallel")


@pytest.fixture(scope="module")
def parallel_lines(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    """Package parallel again, each failure one ``--tb=line`` line."""
    root = copy_module("timeouts", tmp_path_factory.mktemp("timeouts-parallel-line") / "mod")
    flags = "--go-flags=-timeout=2s -parallel=8"
    return run_inner(root, go_env, flags, "--tb=line", "parallel")


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


def test_under_xdist_each_worker_hands_the_limit_to_go(under_xdist: ModuleRun) -> None:
    assert under_xdist.outcomes == {**FAST, **SLOW_OTHERS, **HANGS}, short_summary(
        under_xdist.result
    )
    line = summary_line(under_xdist.result, "FAILED", "hangs/hangs_test.go::TestHangs")
    assert re.search(r"timed out after \d", line), line
    _plain(under_xdist)


# -- what go test is given ----------------------------------------------------------------------


def test_go_times_the_binary_with_the_sum_of_its_tests_limits(limited: ModuleRun) -> None:
    # All three packages are whole: one invocation, as go test ./... would. Its binaries share
    # one -timeout, the largest they need: slowothers' 4 tests x 2 s.
    (command,) = _go_test_commands(limited, "go-test")
    assert _timeout_flags(command) == ["-timeout=8s"], command
    # The failure says where Go's 8 s came from, since the user asked for 2 s.
    failure = sections(limited.result)[f"{PKG}/hangs.TestHangs"]
    assert "panic: test timed out after 8s" in failure
    assert "pytest-gotest turned pytest-timeout's limit into Go's -timeout" in failure


def test_the_users_own_go_timeout_wins(own_timeout: ModuleRun) -> None:
    (command,) = _go_test_commands(own_timeout, "go-test")
    assert _timeout_flags(command) == ["-timeout=3s"], command
    assert own_timeout.outcomes == HANGS, short_summary(own_timeout.result)
    line = summary_line(own_timeout.result, "FAILED", "hangs/hangs_test.go::TestHangs")
    assert "test timed out after 3s" in line
    assert "pytest-gotest turned" not in own_timeout.result.stdout.str()
    _plain(own_timeout)


def _cached(run: ModuleRun, name: str) -> bool:
    """Whether go replayed ``fast`` from its test cache (its ``ok`` line says ``(cached)``)."""
    stream = (run.root.parent / f"{name}.out").read_text(encoding="utf-8")
    return re.search(rf"{re.escape(PKG)}/fast\\t\(cached\)", stream) is not None


def test_go_test_runs_as_before_without_a_limit(cache_runs: dict[str, ModuleRun]) -> None:
    # No -timeout from pytest-gotest: the test cache entry of a run without pytest-timeout
    # serves the next one.
    for name in ("no-limit", "no-plugin"):
        run = cache_runs[name]
        assert run.outcomes == FAST, short_summary(run.result)
        (command,) = _go_test_commands(run, name)
        assert _timeout_flags(command) == [], command
    assert _cached(cache_runs["no-plugin"], "no-plugin")


def test_the_same_limit_hits_gos_test_cache_again(cache_runs: dict[str, ModuleRun]) -> None:
    # -timeout is a cacheable flag but part of the cache key (cmd/go's cacheArgs): the same
    # command gives the same -timeout, so a repeated run is replayed from the cache; another
    # limit is another key, and go runs the tests again.
    expected = {"limit-2": "-timeout=4s", "limit-2-again": "-timeout=4s", "limit-3": "-timeout=6s"}
    for name, timeout in expected.items():
        run = cache_runs[name]
        assert run.outcomes == FAST, short_summary(run.result)
        (command,) = _go_test_commands(run, name)
        assert _timeout_flags(command) == [timeout], command
    assert not _cached(cache_runs["limit-2"], "limit-2")
    assert _cached(cache_runs["limit-2-again"], "limit-2-again")
    assert not _cached(cache_runs["limit-3"], "limit-3")


def test_a_rerun_gives_go_the_one_tests_limit(rerun: ModuleRun) -> None:
    # The first run selects two tests (2 x 2 s); the rerun runs TestHangs alone (2 s).
    first, again = _go_test_commands(rerun, "go-test")
    assert _timeout_flags(first) == ["-timeout=4s"], first
    assert _timeout_flags(again) == ["-timeout=2s"], again
    assert "-run=^(TestHangs)$" in again
    outcomes = rerun.result.parseoutcomes()
    assert (outcomes.get("passed"), outcomes.get("failed"), outcomes.get("rerun")) == (1, 1, 1)
    line = summary_line(rerun.result, "FAILED", "hangs/hangs_test.go::TestHangs")
    assert "test timed out after 2s" in line
    _plain(rerun)


# -- several tests running when the binary timed out --------------------------------------------


def test_every_test_gos_timeout_lists_as_running_times_out(parallel: ModuleRun) -> None:
    assert parallel.outcomes == PARALLEL, short_summary(parallel.result)
    for nodeid in PARALLEL:
        assert "test timed out after 2s" in summary_line(parallel.result, "FAILED", nodeid)
    # TestA is not in Go's list (its body returned): it waited for its subtests, which are.
    failure = sections(parallel.result)[f"{PKG}/parallel.TestA"]
    assert "TestA was waiting for its subtests when the binary timed out after 2s" in failure
    assert "while running" not in failure
    _plain(parallel)


def test_a_timeouts_trace_is_shown_once_in_each_tree_with_its_running_test(
    parallel: ModuleRun,
) -> None:
    """Go's timeout is every running test's: each tree shows the trace once, with the
    deepest test Go names running, and the tests above it point at it. The trace was shown
    with one top-level test, every other report pointing at it, subtests at their parent."""
    found = sections(parallel.result)
    reports = {name: found[f"{PKG}/parallel.{name.split('::')[1]}"] for name in PARALLEL}
    shown = {name.split("::")[1] for name, text in reports.items() if _TRACE.search(text)}
    # Of two running subtests, the first reported (started first), whichever printed last.
    assert shown == {"TestA/first", "TestB", "TestC/serial/inner", "TestD/cleanup", "TestE/p"}
    holders = {
        "TestA": "TestA/first",
        "TestA/second": "TestA/first",
        "TestC": "TestC/serial/inner",
        "TestC/serial": "TestC/serial/inner",
        "TestD": "TestD/cleanup",
        "TestE": "TestE/p",
        "TestE/q": "TestE/p",
    }
    for name, holder in holders.items():
        text = reports[f"parallel/parallel_test.go::{name}"]
        assert _POINTER.findall(text) == [holder], (name, text)
        assert "panic: test timed out after 2s" in text


def test_a_timed_out_test_is_located_in_its_own_goroutine(parallel: ModuleRun) -> None:
    """A timeout's location is the test's goroutine in Go's dump (which holds every
    goroutine, the alarm's first): it was the first frame of the test's file in the whole
    dump, the same line whichever test it was."""
    cases = {
        case.get("name"): case
        for case in ET.parse(parallel.junit).getroot().iter("testcase")
        if case.get("classname") == f"{PKG}/parallel"
    }
    for name in _LOCATED:
        # xunit1's line is pytest's, 0-based.
        assert cases[name].get("line") == str(HANGS_AT[name] - 1), (name, cases[name].attrib)
    # Its body returned: in one of its subtests' goroutines.
    assert cases["TestA"].get("line") in ("15", "20"), cases["TestA"].attrib
    # A pointer in the file names a testcase of the file.
    for case in cases.values():
        for holder in _POINTER.findall("".join(case.itertext())):
            assert holder in cases, holder


# The tests located in their own goroutine: TestD/cleanup in its t.Cleanup's closure (not its
# parent's goroutine, as far from its depth), TestA/first and TestA/second each in its own
# closure (the dump names TestA.func1 and TestA.func2, the source which is which), and those
# whose report points at another's for the trace (TestC/serial, TestE/q, TestD, TestE) from
# that trace all the same.
_LOCATED = (
    "TestA/first",
    "TestA/second",
    "TestB",
    "TestC",
    "TestC/serial",
    "TestC/serial/inner",
    "TestD",
    "TestD/cleanup",
    "TestE",
    "TestE/p",
    "TestE/q",
)


def test_tb_line_puts_each_timed_out_test_in_its_own_goroutine(parallel_lines: ModuleRun) -> None:
    """--tb=line's place is the same as JUnit's, whichever report shows the trace."""
    at = _tb_lines(parallel_lines, "parallel")
    assert len(at) == len(PARALLEL), parallel_lines.result.stdout.str()
    file = parallel_lines.root / "parallel" / "parallel_test.go"
    for name in _LOCATED:
        assert at[name] == f"{file}:{HANGS_AT[name]}: test timed out after 2s", (name, at)
    _plain(parallel_lines)


def _tb_lines(run: ModuleRun, package: str) -> dict[str, str]:
    """Each failed test's ``--tb=line`` line, by Go name (the failures come in the order of
    the short summary's FAILED lines)."""
    lines = run.result.stdout.lines
    start = next(i for i, line in enumerate(lines) if re.match(r"^=+ FAILURES =+$", line))
    places = [line for line in lines[start + 1 :] if line.endswith(": test timed out after 2s")]
    failed = [line.split()[1] for line in lines if line.startswith(f"FAILED {package}/")]
    assert len(places) == len(failed), run.result.stdout.str()
    return dict(zip((nodeid.split("::")[1] for nodeid in failed), places, strict=True))


def _junit_lines(run: ModuleRun, package: str) -> dict[str, int]:
    """Each testcase's line in the run's xunit1 JUnit file, 1-based as the source's."""
    return {
        str(case.get("name")): int(case.get("line", "-1")) + 1
        for case in ET.parse(run.junit).getroot().iter("testcase")
        if case.get("classname") == f"{PKG}/{package}"
    }


# -- sibling subtests in closures of their own -----------------------------------------------

# Package siblings (README.md there): where each test's goroutine hangs in siblings_test.go.
# TestP/b in helper block (the first frame of the file in its goroutine, as TestHangs in
# waitForever); TestQ/x and TestQ/y, whose bodies returned, at their running subtest's line,
# as a top-level test waiting for its parallel subtests.
SIBLINGS_AT = {
    "TestP/a": 20,
    "TestP/b": 12,
    "TestQ/x": 36,
    "TestQ/x/in": 36,
    "TestQ/y": 43,
    "TestQ/y/in": 43,
}


def _siblings_run(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], name: str, *args: str
) -> ModuleRun:
    root = copy_module("timeouts", tmp_path_factory.mktemp(name) / "mod")
    flags = "--go-flags=-timeout=2s -parallel=8"
    return run_inner(root, go_env, flags, "--tb=line", "-o", "junit_family=xunit1", *args)


@pytest.fixture(scope="module")
def siblings(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    return _siblings_run(tmp_path_factory, go_env, "timeouts-siblings", "siblings")


@pytest.fixture(scope="module")
def sibling_items(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    """Subtest items named on the command line (as --lf does): TestQ/in's parents, whose
    subtests are reported under them, and TestP's two."""
    names = ("TestQ/x", "TestQ/y", "TestP/a", "TestP/b")
    items = [f"siblings/siblings_test.go::{name}" for name in names]
    return _siblings_run(tmp_path_factory, go_env, "timeouts-sibling-items", *items)


def test_sibling_subtests_are_located_each_in_its_own_closure(siblings: ModuleRun) -> None:
    """Go's dump names the closures (TestP.func1, TestP.func2), not the subtests: the
    source's t.Run("a", func...) says which is which. A parent whose body returned (its
    goroutine waits in Go's tRunner, no frame of the test) is at its running subtest's line,
    the frames of its sibling's closure never its."""
    expected = {f"siblings/siblings_test.go::{name}": ["FAILED"] for name in SIBLINGS_AT}
    expected.update(
        {f"siblings/siblings_test.go::{name}": ["FAILED"] for name in ("TestP", "TestQ")}
    )
    assert siblings.outcomes == expected, short_summary(siblings.result)
    junit = _junit_lines(siblings, "siblings")
    at = _tb_lines(siblings, "siblings")
    file = siblings.root / "siblings" / "siblings_test.go"
    for name, line in SIBLINGS_AT.items():
        assert junit[name] == line, (name, junit)
        assert at[name] == f"{file}:{line}: test timed out after 2s", (name, at)
    # Top-level tests whose bodies returned: in one of their subtests' goroutines.
    assert junit["TestP"] in (20, 12), junit
    assert junit["TestQ"] in (36, 43), junit
    # Described as such a top-level test is.
    case = next(
        c for c in ET.parse(siblings.junit).getroot().iter("testcase") if c.get("name") == "TestQ/x"
    )
    assert "TestQ/x was waiting for its subtests when the binary timed out after 2s" in "".join(
        case.itertext()
    )
    _plain(siblings)


def test_named_subtest_items_are_located_as_in_a_whole_run(sibling_items: ModuleRun) -> None:
    """Items named by subtest (the parents TestQ/x and TestQ/y, their subtests reported
    under them) are located as the whole test's run locates them."""
    names = ("TestQ/x", "TestQ/x/in", "TestQ/y", "TestQ/y/in", "TestP/a", "TestP/b")
    expected = {f"siblings/siblings_test.go::{name}": ["FAILED"] for name in names}
    assert sibling_items.outcomes == expected, short_summary(sibling_items.result)
    junit = _junit_lines(sibling_items, "siblings")
    at = _tb_lines(sibling_items, "siblings")
    file = sibling_items.root / "siblings" / "siblings_test.go"
    for name in names:
        line = SIBLINGS_AT[name]
        assert junit[name] == line, (name, junit)
        assert at[name] == f"{file}:{line}: test timed out after 2s", (name, at)
    _plain(sibling_items)


# -- subtests waiting in t.Parallel() at the timeout -----------------------------------------

# Package waiting (README.md there): where each test is located in waiting_test.go. The
# running ones in their goroutines (block's line, the parents in t.Run); the waiting ones,
# which run no code, in their parent's goroutine (its t.Run, at line 36 of TestDup, at line
# 19 of the helper inlined into TestH), never in the running subtest's at line 13.
WAITING_AT = {
    "TestDup": 36,
    "TestDup/x": 36,
    "TestDup/x#01": 36,
    "TestDup/x#02": 13,
    "TestH": 19,
    "TestH/gen": 19,
    "TestH/viagen": 13,
}
WAITING_NOT_RUN = ("TestDup/x", "TestDup/x#01", "TestH/gen")


@pytest.fixture(scope="module")
def waiting(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    return _siblings_run(tmp_path_factory, go_env, "timeouts-waiting", "waiting")


def test_a_subtest_waiting_in_t_parallel_is_never_at_a_running_siblings_line(
    waiting: ModuleRun,
) -> None:
    """TestDup/x and x#01 wait in t.Parallel() while x#02, whose t.Run("x", ...) the source
    names as theirs, hangs in a closure of its own; TestH/gen waits while viagen, run by a
    generic helper inlined into TestH (its closure TestH.runAs[...].func2), hangs. A test
    that has not started has no goroutine of its own: it is in its parent's."""
    expected = {
        f"waiting/waiting_test.go::{name}": ["ERROR" if name in WAITING_NOT_RUN else "FAILED"]
        for name in WAITING_AT
    }
    assert waiting.outcomes == expected, short_summary(waiting.result)
    junit = _junit_lines(waiting, "waiting")
    file = waiting.root / "waiting" / "waiting_test.go"
    for name, line in WAITING_AT.items():
        assert junit[name] == line, (name, junit)
    at = _tb_lines(waiting, "waiting")
    for name in set(WAITING_AT) - set(WAITING_NOT_RUN):
        assert at[name] == f"{file}:{WAITING_AT[name]}: test timed out after 2s", (name, at)
    not_run = [line for line in waiting.result.stdout.lines if ": not run: waiting in" in line]
    places = sorted(line.split(": ", 1)[0] for line in not_run)
    assert places == sorted([f"{file}:36", f"{file}:36", f"{file}:19"]), not_run
    _plain(waiting)
