"""The recorded Go 1.27 ``go test -json`` corpus through StreamFolder and resolve.

Every stream in ``tests/testdata/go-corpus/streams`` (a copy of ``../shared/go-corpus``)
must fold and resolve without error, and a
table pins the outcome of specific tests, decided from the stream and FACTS.md by one
standard: a Go test is passed only when Go emitted ``pass`` for it; every crash, timeout,
exit, build failure and TestMain failure is attributed to the tests it affected.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pytest

from pytest_gotest.core.execution import (
    CaptureLimits,
    PackageRun,
    PackageVerdict,
    StreamFolder,
    TestOutcome,
    resolve,
)
from pytest_gotest.core.scanner import scan_source

# A copy of the shared corpus (../shared/go-corpus), kept in the repository so CI has it.
CORPUS = Path(__file__).resolve().parents[1] / "testdata" / "go-corpus"
STREAMS = CORPUS / "streams"
MODS = CORPUS / "mods"

STREAM_NAMES = sorted(p.stem for p in STREAMS.glob("*.jsonl"))


@dataclass(frozen=True)
class Meta:
    cwd: Path  # the module directory inside mods/
    command: str
    exit_code: int
    stderr: str


@functools.cache
def meta(name: str) -> Meta:
    fields: dict[str, str] = {}
    for line in (STREAMS / f"{name}.meta").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(": ")
        fields[key] = value
    stderr_path = STREAMS / f"{name}.stderr"
    return Meta(
        cwd=Path(fields["cwd"].replace("/src/mods", str(MODS), 1)),
        command=fields["cmd"],
        exit_code=int(fields["exit"]),
        stderr=stderr_path.read_text(encoding="utf-8") if stderr_path.exists() else "",
    )


def _stream_lines(name: str) -> list[str]:
    return (STREAMS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


@functools.cache
def stream_packages(name: str) -> tuple[str, ...]:
    """Every Package value of the stream, in order of appearance."""
    seen: dict[str, None] = {}
    for line in _stream_lines(name):
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("Package"), str):
            seen.setdefault(obj["Package"])
    return tuple(seen)


@functools.cache
def source_names(name: str, package: str) -> tuple[str, ...]:
    """Top-level tests, fuzz targets and runnable examples of the package's source."""
    root = meta(name).cwd
    while not (root / "go.mod").is_file():
        if root in (MODS, root.parent):
            return ()
        root = root.parent
    match = re.search(r"^module\s+(\S+)", (root / "go.mod").read_text(encoding="utf-8"), re.M)
    if match is None:
        return ()
    module = match.group(1)
    if package == module:
        directory = root
    elif package.startswith(module + "/"):
        directory = root / package[len(module) + 1 :]
    else:
        return ()
    found: list[str] = []
    for path in sorted(directory.glob("*_test.go")):
        if path.name.startswith(("_", ".")):
            continue
        found.extend(f.name for f in scan_source(path.read_bytes()) if f.kind != "testmain")
    return tuple(dict.fromkeys(found))


def _fold(name: str) -> StreamFolder:
    folder = StreamFolder(stream_packages(name), CaptureLimits())
    for line in _stream_lines(name):
        folder.feed_line(line)
    info = meta(name)
    folder.finish(info.exit_code, info.stderr)
    return folder


def _top_level(run: PackageRun) -> list[str]:
    return list(dict.fromkeys(test.split("/", 1)[0] for test in run.tests))


# -- every stream -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", STREAM_NAMES)
def test_every_stream_folds_and_resolves(name: str) -> None:
    folder = _fold(name)
    info = meta(name)
    packages = stream_packages(name)
    assert set(packages) <= set(folder.packages)
    for package in packages:
        run = folder.packages[package]
        assert run.done, package
        selected = list(dict.fromkeys([*_top_level(run), *source_names(name, package)]))
        result = resolve(run, selected)
        assert list(result.outcomes) == selected
        for outcome in result.outcomes.values():
            assert outcome.status in ("passed", "failed", "skipped", "error")
            if outcome.status == "passed":
                # Never a false green: Go said pass for exactly this name.
                assert run.tests[outcome.name].passed
        if run.action == "fail" and info.exit_code != 0:
            # A failed package shows up somewhere: a failing test or a teardown error.
            bad = [o for o in result.outcomes.values() if o.status in ("failed", "error")]
            assert bad or result.teardown_error is not None or not selected
        run.close()


def test_every_indexed_stream_is_present() -> None:
    index = (STREAMS / "INDEX.md").read_text(encoding="utf-8")
    indexed = set(re.findall(r"^\| ([a-z0-9_]+) \| mods/", index, flags=re.M))
    assert len(indexed) >= 100
    assert indexed <= set(STREAM_NAMES)


def test_usage_error_stream_has_no_json() -> None:
    # cli_badvalue: go's own usage error, text on stderr, exit 2 (FACTS.md section 2).
    assert stream_packages("cli_badvalue") == ()
    folder = StreamFolder(["example.com/basic"], CaptureLimits())
    for line in _stream_lines("cli_badvalue"):
        folder.feed_line(line)
    info = meta("cli_badvalue")
    folder.finish(info.exit_code, info.stderr)
    outcome = resolve(folder.packages["example.com/basic"], ["TestPass"]).outcomes["TestPass"]
    assert (outcome.status, outcome.phase) == ("error", "setup")
    assert "status 2" in outcome.message
    assert info.stderr.strip().splitlines()[0] in outcome.details


@pytest.mark.parametrize(
    ("name", "cached"),
    [("cache_01_first", False), ("cache_02_second", True), ("cache_03_count1", False)],
)
def test_cached_replay(name: str, cached: bool) -> None:
    run = _fold(name).packages["example.com/cache/plain"]
    result = resolve(run, ["TestInc"])
    assert result.cached is cached
    assert result.outcomes["TestInc"].status == "passed"


# -- the table --------------------------------------------------------------------------------


@functools.cache
def verdict(name: str, package: str) -> PackageVerdict:
    """What pytest-gotest reports: resolve with the tests the scanner collects."""
    run = _fold(name).packages[package]
    selected = list(source_names(name, package)) or _top_level(run)
    result = resolve(run, selected)
    run.close()
    return result


def find(result: PackageVerdict, test: str) -> TestOutcome:
    top = test.split("/", 1)[0]
    outcome = result.outcomes[top]
    if top == test:
        return outcome
    for sub in outcome.subtests:
        if sub.name == test:
            return sub
    raise AssertionError(f"{test} not among {[s.name for s in outcome.subtests]}")


class Row(NamedTuple):
    stream: str
    package: str
    test: str  # "" for package-level expectations (teardown error)
    status: str  # passed | failed | skipped | error | warning | teardown
    phase: str
    message: str  # substring of the one-line message
    details: str = ""  # substring of the details
    bug: str = ""  # the core gets this row wrong: strict xfail with this reason


E = "example.com/"
TABLE: list[Row] = [
    # basic: pass/fail/fatal/skip, subtests with special characters, nesting
    Row("basic", E + "basic", "TestPass", "passed", "call", ""),
    Row("basic", E + "basic", "TestFail", "failed", "call", "basic_test.go:19: first error"),
    Row("basic", E + "basic", "TestFatal", "failed", "call", "fatal stops the test"),
    Row("basic", E + "basic", "TestSkip", "skipped", "call", "skipping because reasons"),
    Row("basic", E + "basic", "TestStdoutStderr", "passed", "call", ""),
    Row("basic", E + "basic", "TestSubtests", "failed", "call", "TestSubtests/paren(1)"),
    Row("basic", E + "basic", "TestSubtests/paren(1)", "failed", "call", "failing subtest"),
    Row("basic", E + "basic", "TestSubtests/dup#01#01", "passed", "call", ""),
    Row("basic", E + "basic", "TestSubtests/dot.star*", "skipped", "call", "dot.star*"),
    Row("basic", E + "basic", "TestNested", "failed", "call", "TestNested/L1_a"),
    Row("basic", E + "basic", "TestNested/L1_a/L2_x/L3", "failed", "call", "deep failure"),
    Row("basic", E + "basic", "TestParentLogsOnlyFailsViaChild/child", "failed", "call", ""),
    # panic in a subtest: FAIL chain, paused parallel test never finishes, later tests absent
    Row("panic", E + "panic", "TestA_Before", "passed", "call", ""),
    Row("panic", E + "panic", "TestC_Panics", "failed", "call", "panic: assignment to entry"),
    Row("panic", E + "panic", "TestC_Panics/sub_ok", "passed", "call", ""),
    Row(
        "panic",
        E + "panic",
        "TestC_Panics/sub_panics",
        "failed",
        "call",
        "panic:",
    ),
    Row("panic", E + "panic", "TestB_ParallelPaused", "failed", "call", "panic:"),
    Row("panic", E + "panic", "TestD_After", "error", "setup", "TestC_Panics"),
    # timeout: running tests list, no terminal events
    Row("timeout", E + "timeout", "TestA_Fast", "passed", "call", ""),
    Row("timeout", E + "timeout", "TestC_Slow", "failed", "call", "test timed out after 2s"),
    Row("timeout", E + "timeout", "TestC_Slow/inner_slow", "failed", "call", "timed out after 2s"),
    Row(
        "timeout",
        E + "timeout",
        "TestB_ParallelWaiting",
        "failed",
        "call",
        "timed out",
    ),
    Row("timeout", E + "timeout", "TestD_Never", "error", "setup", "TestC_Slow"),
    # os.Exit(0) in a test under go test: panic (paniconexit0)
    Row("osexit0", E + "osexit0", "TestA", "passed", "call", ""),
    Row("osexit0", E + "osexit0", "TestB_Exit0", "failed", "call", "unexpected call to os.Exit(0)"),
    Row("osexit0", E + "osexit0", "TestC_Never", "error", "setup", "TestB_Exit0"),
    # the same binary through go tool test2json without -test.paniconexit0: the package pass
    # is mislabelled with Test=TestB_Exit0 (FACTS.md section 5)
    Row(
        "osexit0_direct_test2json",
        E + "osexit0",
        "TestB_Exit0",
        "failed",
        "call",
        "",
    ),
    Row("osexit0_direct_test2json", E + "osexit0", "TestC_Never", "error", "setup", "not run"),
    # os.Exit(1) inside a subtest: no terminal events, later tests absent
    Row("osexit1", E + "osexit1", "TestA", "passed", "call", ""),
    Row("osexit1", E + "osexit1", "TestB_Exit1", "failed", "call", "", "stdout before os.Exit(1)"),
    Row("osexit1", E + "osexit1", "TestB_Exit1/sub", "failed", "call", ""),
    Row("osexit1", E + "osexit1", "TestC_Never", "error", "setup", "TestB_Exit1"),
    # the binary killed / log.Fatal
    Row("killed_sigkill", E + "killed", "TestSelfKill", "failed", "call", "signal: killed"),
    Row("killed_sigkill", E + "killed", "TestNever", "error", "setup", "TestSelfKill"),
    Row("killed_logfatal", E + "killed", "TestSelfKill", "failed", "call", "", "log.Fatal inside"),
    Row("killed_logfatal", E + "killed", "TestNever", "error", "setup", "TestSelfKill"),
    # panic in a background goroutine: no --- FAIL at all
    Row("panic_goroutine", E + "panic_goroutine", "TestA", "passed", "call", ""),
    Row(
        "panic_goroutine",
        E + "panic_goroutine",
        "TestB_GoroutinePanics/sub",
        "failed",
        "call",
        "panic: boom in background goroutine",
    ),
    Row(
        "panic_goroutine",
        E + "panic_goroutine",
        "TestB_GoroutinePanics",
        "failed",
        "call",
        "panic: boom",
    ),
    Row("panic_goroutine", E + "panic_goroutine", "TestC_Never", "error", "setup", "TestB_Gorou"),
    # t.Fatal from a goroutine; t.Error after completion blames an innocent test
    Row(
        "goroutine_fatal",
        E + "goroutine_fatal",
        "TestA_FatalInGoroutineWaited",
        "failed",
        "call",
        "fatal from spawned goroutine",
    ),
    Row(
        "goroutine_fatal",
        E + "goroutine_fatal",
        "TestC_Sleeper",
        "failed",
        "call",
        "Fail in goroutine after TestB_ErrorAfterCompletion has completed",
    ),
    Row(
        "goroutine_fatal",
        E + "goroutine_fatal",
        "TestB_ErrorAfterCompletion",
        "failed",
        "call",
        "Fail in goroutine after TestB_ErrorAfterCompletion",
    ),
    Row("goroutine_fatal", E + "goroutine_fatal", "TestD_Never", "error", "setup", "not run"),
    # TestMain variants
    Row(
        "testmain_exit_before_run",
        E + "testmain_exit_before_run",
        "TestOne",
        "error",
        "setup",
        "failed before running any test",
        "setup error: cannot connect to database",
    ),
    Row(
        "testmain_exit0_before_run",
        E + "testmain_exit0_before_run",
        "TestOne",
        "error",
        "setup",
        "exited with status 0 without running its tests",
        "skipping everything",
    ),
    Row(
        "testmain_never_runs",
        E + "testmain_never_runs",
        "TestTwo",
        "error",
        "setup",
        "without running its tests",
    ),
    Row(
        "testmain_nonzero_after_pass",
        E + "testmain_nonzero_after_pass",
        "TestOne",
        "passed",
        "call",
        "",
    ),
    Row(
        "testmain_nonzero_after_pass",
        E + "testmain_nonzero_after_pass",
        "",
        "teardown",
        "",
        "TestMain: m.Run returned 0 but teardown failed",
    ),
    Row(
        "testmain_nonzero_silent",
        E + "testmain_nonzero_silent",
        "",
        "teardown",
        "",
        "non-zero status",
    ),
    Row(
        "testmain_panic",
        E + "testmain_panic",
        "TestOne",
        "error",
        "setup",
        "failed before running any test",
        "panic: TestMain setup panicked",
    ),
    Row("testmain_return", E + "testmain_return", "TestFails", "failed", "call", "failing test"),
    Row("testmain_defer", E + "testmain_defer", "TestTwo", "passed", "call", ""),
    # build, vet and setup failures
    Row(
        "buildfail_testfile",
        E + "buildfail/testfileerr",
        "TestA",
        "error",
        "setup",
        "build failed",
        "undefined: undefinedFunc",
    ),
    Row(
        "buildfail_nontest",
        E + "buildfail/nontesterr",
        "TestB",
        "error",
        "setup",
        "build failed: example.com/buildfail/nontesterr",
        'cannot use "oops"',
    ),
    Row(
        "buildfail_depbroken",
        E + "buildfail/depbroken",
        "TestE",
        "error",
        "setup",
        "example.com/buildfail/nontesterr",
        "nontesterr/b.go:3:23",
    ),
    Row(
        "buildfail_all",
        E + "buildfail/depbroken",
        "TestE",
        "error",
        "setup",
        "example.com/buildfail/nontesterr",
        "nontesterr/b.go:3:23",
    ),
    Row("buildfail_all", E + "buildfail/okpkg", "TestO", "passed", "call", ""),
    Row(
        "buildfail_vet",
        E + "buildfail/vetfail",
        "TestC",
        "error",
        "setup",
        "build failed",
        "fmt.Sprintf format %d has arg",
    ),
    Row(
        "buildfail_vet_tests",
        E + "buildfail/vettests",
        "TestFine",
        "error",
        "setup",
        "build failed",
        "wrong signature for TestWrongSig",
    ),
    Row(
        "buildfail_setup",
        E + "buildfail/setupfail",
        "TestF",
        "error",
        "setup",
        "example.com/buildfail/doesnotexist",
        "no required module provides package",
    ),
    Row(
        "buildfail_legacy_buildtext",
        E + "buildfail/testfileerr",
        "TestA",
        "error",
        "setup",
        "build failed",
        "undefined: undefinedFunc",
    ),
    Row("buildfail_legacy_buildtext", E + "buildfail/okpkg", "TestO", "passed", "call", ""),
    Row("buildfail_go123", E + "buildfail_go123", "TestA", "error", "setup", "build failed"),
    # init() hazards
    Row(
        "init_flagparse",
        E + "init_flagparse/config",
        "TestVerbose",
        "error",
        "setup",
        "failed before running any test",
        "flag provided but not defined: -test.paniconexit0",
    ),
    Row(
        "init_flagparse",
        E + "init_flagparse/user",
        "TestName",
        "error",
        "setup",
        "failed before running any test",
        "flag provided but not defined",
    ),
    Row(
        "init_exit0",
        E + "init_exit0",
        "TestNeverRuns",
        "error",
        "setup",
        "exited with status 0",
        "init: config missing, exiting 0",
    ),
    Row("init_spoof", E + "init_spoof", "TestReal", "passed", "call", ""),
    Row("init_spoof", E + "init_spoof", "TestGhost", "warning", "", "TestGhost"),
    Row(
        "init_listener_p2",
        E + "init_listener/svc2",
        "TestServe",
        "error",
        "setup",
        "failed before running any test",
        "address already in use",
    ),
    Row("init_listener_p2", E + "init_listener/svc1", "TestServe", "passed", "call", ""),
    Row(
        "cli_badflag",
        E + "basic",
        "TestPass",
        "error",
        "setup",
        "failed before running any",
        "flag provided but not defined",
    ),
    # skips, examples, fuzz
    Row("skip_all", E + "skip_all", "TestA", "skipped", "call", "integration only"),
    Row("skip_all", E + "skip_all", "TestB", "skipped", "call", "integration only"),
    Row("examples", E + "examples", "ExampleGreet", "passed", "call", ""),
    Row("examples", E + "examples", "ExampleGreet_mismatch", "failed", "call", "got:", "hello bob"),
    Row("examples", E + "examples", "ExampleGreet_unordered", "passed", "call", ""),
    Row("examples", E + "examples", "ExampleGreet_emptyOutput", "passed", "call", ""),
    Row("examples", E + "examples", "ExampleGreet_stderr", "passed", "call", ""),
    Row(
        "examples",
        E + "examples",
        "ExampleGreet_panics",
        "failed",
        "call",
        "panic: example boom",
    ),
    Row(
        "examples",
        E + "examples",
        "ExampleGreet_zzz",
        "error",
        "setup",
        "ExampleGreet_panics",
    ),
    Row("fuzz", E + "fuzz", "FuzzReverseOK", "passed", "call", ""),
    Row("fuzz", E + "fuzz", "FuzzReverseUTF8", "failed", "call", "FuzzReverseUTF8/seed#1"),
    Row("fuzz", E + "fuzz", "FuzzReverseUTF8/seed#1", "failed", "call", "invalid UTF-8"),
    Row("fuzz", E + "fuzz", "FuzzFromFile/0123abcd", "skipped", "call", "negative n skipped"),
    Row("fuzz_active", E + "fuzz", "FuzzReverseOK", "passed", "call", ""),
    # misc: cleanup error, Goexit, -failfast, -count=2
    Row("misc", E + "misc", "TestCleanupFails", "failed", "call", "error reported from Cleanup"),
    Row("misc", E + "misc", "TestGoexit", "failed", "call", "panic(nil) or runtime.Goexit"),
    Row("misc", E + "misc", "TestPanicNil", "error", "setup", "TestGoexit"),
    Row("misc_failfast", E + "misc", "TestCleanupFails", "failed", "call", "Cleanup"),
    Row("misc_failfast", E + "misc", "TestGoexit", "error", "setup", "not run"),
    Row("misc_count2_shuffle", E + "misc", "TestFirstFails", "failed", "call", "first failure"),
    Row("misc_count2_shuffle", E + "misc", "TestAfterFailure", "passed", "call", ""),
    Row("misc_cpu", E + "misc", "TestAfterFailure", "passed", "call", ""),
    # race, parallel, multi-package, new APIs, benchmarks, coverage
    Row("race", E + "race", "TestRacy", "failed", "call", "race detected during execution"),
    Row("race", E + "race", "TestAfterRace", "passed", "call", ""),
    Row("parallel", E + "parallel", "TestParA", "passed", "call", ""),
    Row("parallel", E + "parallel", "TestParB", "failed", "call", "B fails"),
    Row(
        "parallel",
        E + "parallel",
        "TestParentWithParallelSubtests/s2",
        "failed",
        "call",
        "s2 fails",
    ),
    Row("parallel", E + "parallel", "TestCleanupOrder/group/p2", "passed", "call", ""),
    Row("parallel_attr", E + "parallel_attr", "TestQuietPrinter", "passed", "call", ""),
    Row("multi", E + "multi/beta", "TestSame", "failed", "call", "beta fails TestSame"),
    Row("multi", E + "multi/alpha", "TestSame", "passed", "call", ""),
    Row("multi_p1", E + "multi/gamma", "TestSlow", "passed", "call", ""),
    Row("newapis", E + "newapis", "TestAttr", "passed", "call", ""),
    Row("newapis", E + "newapis", "TestControlChars", "passed", "call", ""),
    Row("newapis", E + "newapis", "TestInvalidUTF8", "passed", "call", ""),
    Row("bench", E + "bench", "TestUnit", "passed", "call", ""),
    # benchmarks are not pytest items: their reports are warnings, and the package failure
    # they cause is a teardown error of the package's tests
    Row("bench", E + "bench", "BenchmarkFails", "warning", "", "BenchmarkFails"),
    Row("bench", E + "bench", "", "teardown", "", "failed after all of its tests passed"),
    Row(
        "coverage_cover",
        E + "coverage/crash",
        "TestC",
        "failed",
        "call",
        "panic: crash before coverage is written",
    ),
    Row("coverage_cover", E + "coverage/failing", "TestF", "failed", "call", "deliberate failure"),
    Row("coverage_cover", E + "coverage/lib", "TestClassifyNeg", "passed", "call", ""),
    # -run that matches nothing: go says so; this is not TestMain skipping m.Run
    Row(
        "selection_24",
        E + "selection",
        "TestAlpha",
        "error",
        "setup",
        "no tests to run",
    ),
    Row(
        "selection_25", E + "selection", "TestAlpha", "error", "setup", "not run", "invalid regexp"
    ),
]


def _params() -> list[object]:
    params: list[object] = []
    for row in TABLE:
        marks = [pytest.mark.xfail(strict=True, reason=row.bug)] if row.bug else []
        params.append(pytest.param(row, marks=marks, id=f"{row.stream}:{row.test or row.status}"))
    return params


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 30
    assert len({(r.stream, r.package, r.test) for r in TABLE}) == len(TABLE)
    assert {r.stream for r in TABLE} >= {
        "panic",
        "timeout",
        "osexit0",
        "osexit1",
        "killed_sigkill",
        "killed_logfatal",
        "panic_goroutine",
        "goroutine_fatal",
        "testmain_exit_before_run",
        "testmain_exit0_before_run",
        "testmain_never_runs",
        "testmain_nonzero_after_pass",
        "testmain_panic",
        "buildfail_testfile",
        "buildfail_nontest",
        "buildfail_depbroken",
        "buildfail_vet",
        "buildfail_setup",
        "buildfail_legacy_buildtext",
        "init_flagparse",
        "init_exit0",
        "init_spoof",
        "skip_all",
        "examples",
        "fuzz",
        "misc_failfast",
        "misc_count2_shuffle",
        "race",
        "basic",
        "parallel",
        "newapis",
        "bench",
    }


@pytest.mark.parametrize("row", _params())
def test_expected_outcome(row: Row) -> None:
    result = verdict(row.stream, row.package)
    if row.status == "teardown":
        assert result.teardown_error is not None
        assert row.message in result.teardown_error
        assert all(o.status == "passed" for o in result.outcomes.values())
        return
    if row.status == "warning":
        assert row.test not in result.outcomes
        assert any(row.message in w for w in result.warnings), result.warnings
        return
    outcome = find(result, row.test)
    assert (outcome.status, outcome.phase) == (row.status, row.phase), outcome.message
    assert row.message in outcome.message
    assert row.details in outcome.details
