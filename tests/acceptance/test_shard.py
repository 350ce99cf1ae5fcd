"""``--go-shard``: a package's top-level tests split over several ``go test`` processes with
exact ``-run`` selections (fixture module ``shard``; its README.md lists what Go reports).

Every inner run goes through a ``go`` wrapper that logs its arguments, so the tests read which
``go test`` processes ran and with which ``-run`` selection. The outcomes of one process per
package (``UNSPLIT``) are those of Go's own run; a split run must give the same, except where a
crash ends a binary: then only the tests of the crashing shard are lost (``SHARDED``). Each
test function makes its own inner runs (none shares a fixture with another test function), so
that xdist never runs one of them twice.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .helpers import go_invocations, write_go_wrapper
from .session_runs import (
    ModuleRun,
    copy_module,
    inner_env,
    module_run,
    short_summary,
)

SERIAL = [f"TestS{i:02d}" for i in range(1, 13)]
CRASH = [f"TestC{i}" for i in range(1, 7)]
PARALLEL = ["TestP1", "TestP2", "TestP3", "TestP4"]
PAR = [*PARALLEL, "TestQ1", "TestQ2", "TestQ3", "TestQ4", "TestR"]
WITHMAIN = ["TestM1", "TestM2", "TestM3", "TestM4"]
BROKEN = ["TestB1", "TestB2", "TestB3"]
FILES = {
    "broken": ("broken/broken_test.go", BROKEN),
    "serial": ("serial/serial_test.go", SERIAL),
    "crash": ("crash/crash_test.go", CRASH),
    "par": ("par/par_test.go", PAR),
    "withmain": ("withmain/main_test.go", WITHMAIN),
}


def _expected(crash: dict[str, list[str]]) -> dict[str, list[str]]:
    table = {f"serial/serial_test.go::{name}": ["PASSED"] for name in SERIAL}
    table["serial/serial_test.go::TestS05"] = ["FAILED"]
    table.update({f"par/par_test.go::{name}": ["PASSED"] for name in PAR})
    table.update({f"withmain/main_test.go::{name}": ["PASSED"] for name in WITHMAIN})
    table["withmain/main_test.go::TestM4"] = ["FAILED"]
    table.update({f"broken/broken_test.go::{name}": ["ERROR"] for name in BROKEN})
    table.update({f"crash/crash_test.go::{name}": words for name, words in crash.items()})
    return table


# One process per package: TestC3's panic ends the binary, TestC4-TestC6 never run.
UNSPLIT = _expected(
    {
        "TestC1": ["PASSED"],
        "TestC2": ["PASSED"],
        "TestC3": ["FAILED"],
        "TestC4": ["ERROR"],
        "TestC5": ["ERROR"],
        "TestC6": ["ERROR"],
    }
)
# Two shards, {C1, C3, C5} and {C2, C4, C6}: the panic costs only TestC5.
SHARDED = _expected(
    {
        "TestC1": ["PASSED"],
        "TestC2": ["PASSED"],
        "TestC3": ["FAILED"],
        "TestC4": ["PASSED"],
        "TestC5": ["ERROR"],
        "TestC6": ["PASSED"],
    }
)


def _run(root: Path, go_env: dict[str, str], *args: str, cache: bool = False) -> ModuleRun:
    """The inner pytest through the logging ``go`` wrapper (``root.parent/go.log``), with
    ``-count=1`` (every binary really runs) and withmain's TestMain logging its runs."""
    real_go = shutil.which("go")
    assert real_go is not None
    wrapper = write_go_wrapper(root.parent / "bin", real_go, root.parent / "go.log")
    junit = root.parent / "junit.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        *(() if cache else ("-p", "no:cacheprovider")),
        "-rA",
        f"--junitxml={junit}",
        f"--basetemp={root.parent / 'basetemp'}",
        f"--go-binary={wrapper}",
        "--go-flags=-count=1",
        *args,
    ]
    env = inner_env(go_env, {"SHARD_TESTMAIN_LOG": str(root.parent / "testmain.log")})
    started = time.monotonic()
    done = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=240, check=False
    )
    return module_run(root, junit, done.returncode, done.stdout, done.stderr, started)


def _selections(root: Path) -> dict[str, list[set[str]]]:
    """Per package directory: the tests of each ``go test`` process that ran it (all of the
    package's tests for a process without ``-run``)."""
    found: dict[str, list[set[str]]] = {name: [] for name in FILES}
    for call in go_invocations(root.parent / "go.log", "test"):
        run = next((a.removeprefix("-run=") for a in call if a.startswith("-run=")), None)
        for package in (a.rsplit("/", 1)[1] for a in call if a.startswith("example.com/")):
            names = FILES[package][1]
            if run is None:
                found[package].append(set(names))
                continue
            match = re.fullmatch(r"\^\((.*)\)\$", run)
            assert match, run
            found[package].append(set(match.group(1).split("|")))
    return found


def _testmain_runs(root: Path) -> int:
    path = root.parent / "testmain.log"
    return len(path.read_text().splitlines()) if path.exists() else 0


def _assert_partition(selections: list[set[str]], names: list[str], shards: int) -> None:
    assert len(selections) == shards, selections
    assert sorted(n for s in selections for n in s) == sorted(names), selections


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_module("shard", tmp_path / "mod")


def test_two_shards_per_package(root: Path, go_env: dict[str, str]) -> None:
    """--go-shard=2: every package runs in two go test processes whose exact -run selections
    split its tests (parallel tests together); outcomes as one process gives them, except
    that a crash costs only its own shard's later tests; TestMain runs in every shard."""
    run = _run(root, go_env, "--go-shard=2", "--go-jobs=4")
    assert run.outcomes == SHARDED, short_summary(run.result)
    assert run.result.ret == 1
    out = run.result.stdout.str()
    selections = _selections(root)
    for package in ("serial", "crash", "par", "withmain"):
        _assert_partition(selections[package], FILES[package][1], 2)
    # The first shard of broken failed to build: the second took its result, unbuilt.
    assert len(selections["broken"]) == 1, selections["broken"]
    assert re.search(r"ERROR broken/broken_test.go::TestB3 - build failed", out), out
    # Balanced by count (no durations without pytest's cache): six and six.
    assert sorted(len(s) for s in selections["serial"]) == [6, 6]
    assert any(set(PARALLEL) <= s for s in selections["par"]), selections["par"]
    assert {"TestC1", "TestC3", "TestC5"} in selections["crash"], selections["crash"]
    assert _testmain_runs(root) == 2
    # The crash is told with its own test, and the test it cost names it.
    assert "panic: TestC3 crashes on purpose" in out
    assert re.search(r"ERROR crash/crash_test.go::TestC5 - .*TestC3", out), out
    assert "TestS05 fails on purpose" in out
    # Each failing test shows its own shard's package output (TestMain's line).
    assert "TestMain of withmain ran" in out
    # The subtests of a sharded test are reported as without sharding.
    assert "4 subtests passed" in out


def test_sharded_under_xdist(root: Path, go_env: dict[str, str]) -> None:
    """An xdist worker splits a package like a single process does (one worker: the
    package is on one worker anyway, tests/acceptance/test_xdist.py)."""
    run = _run(root, go_env, "-n", "1", "--go-shard=2", "serial")
    wanted = {k: v for k, v in SHARDED.items() if k.startswith("serial/")}
    assert run.outcomes == wanted, short_summary(run.result)
    _assert_partition(_selections(root)["serial"], SERIAL, 2)
    assert "2 subtests passed" in run.result.stdout.str()  # TestS07's


def test_auto_splits_only_what_the_last_run_found_slow(root: Path, go_env: dict[str, str]) -> None:
    """--go-shard=auto: without durations (the first run) nothing is split and the outcomes
    are Go's own; the run records each test's duration in pytest's cache. A package that the
    recorded durations call slow is split in the next run; fast ones stay whole."""
    first = _run(root, go_env, "--go-shard=auto", cache=True)
    assert first.outcomes == UNSPLIT, short_summary(first.result)
    selections = _selections(root)
    assert all(len(s) == 1 for s in selections.values()), selections
    assert _testmain_runs(root) == 1
    entries = {}
    for path in (root / ".pytest_cache" / "v" / "gotest" / "shard").iterdir():
        entry = json.loads(path.read_text())
        entries[entry["package"].rsplit("/", 1)[1]] = entry
    # Go's Elapsed of each test (10 ms resolution): the 50 ms sleeps.
    assert set(entries["serial"]["tests"]) == set(SERIAL)
    assert all(0.04 <= s < 1.0 for s in entries["serial"]["tests"].values()), entries["serial"]
    assert entries["serial"]["layout"] == []
    # Only tests that ended have a duration (Go fails TestC3 before it re-panics), not the
    # tests the crash cost.
    assert set(entries["crash"]["tests"]) == {"TestC1", "TestC2", "TestC3"}

    # The next run: serial's tests now took 5 s each, the others' stay fast.
    serial = entries["serial"]
    serial["tests"] = dict.fromkeys(serial["tests"], 5.0)
    path = next(
        p
        for p in (root / ".pytest_cache" / "v" / "gotest" / "shard").iterdir()
        if json.loads(p.read_text())["package"].endswith("/serial")
    )
    path.write_text(json.dumps(serial))
    (root.parent / "go.log").unlink()
    second = _run(root, go_env, "--go-shard=auto", "--go-jobs=2", "serial", "par", cache=True)
    wanted = {k: v for k, v in UNSPLIT.items() if k.startswith(("serial/", "par/"))}
    assert second.outcomes == wanted, short_summary(second.result)
    selections = _selections(root)
    _assert_partition(selections["serial"], SERIAL, 2)
    assert sorted(len(s) for s in selections["serial"]) == [6, 6]
    assert len(selections["par"]) == 1, selections
    stored = json.loads(path.read_text())
    assert sorted(map(sorted, stored["layout"])) == sorted(map(sorted, selections["serial"]))
