"""Hand-written ``go test -json`` streams for the fold, resolve, explain and property tests.

Lines are built the way Go writes them (fields in struct order, frames marked
``OutputType: frame`` as Go 1.24+ does) so that both the folder's fast path and its decoder
are exercised; ``time=False`` drops the leading ``Time`` field and forces the decoder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from pytest_gotest.core.explain import Explanation, explain
from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.outcome import Evidence, Outcome, PackageVerdict, TestSlot
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.package_run import PackageRun
from pytest_gotest.core.resolve import resolve

PKG = "example.com/p"
_CLOCK = iter(range(10**9))


def ev(
    action: str,
    test: str | None = None,
    *,
    pkg: str = PKG,
    output: str | None = None,
    output_type: str | None = None,
    elapsed: float | None = None,
    failed_build: str | None = None,
    key: str | None = None,
    value: str | None = None,
    time: bool = True,
) -> str:
    """One ``go test -json`` TestEvent line, fields in Go's struct order."""
    obj: dict[str, object] = {}
    if time:
        obj["Time"] = f"2026-11-27T16:33:51.{next(_CLOCK):09d}Z"
    obj["Action"] = action
    obj["Package"] = pkg
    if test is not None:
        obj["Test"] = test
    if elapsed is not None:
        obj["Elapsed"] = elapsed
    if output is not None:
        obj["Output"] = output
    if output_type is not None:
        obj["OutputType"] = output_type
    if failed_build is not None:
        obj["FailedBuild"] = failed_build
    if key is not None:
        obj["Key"] = key
    if value is not None:
        obj["Value"] = value
    return json.dumps(obj, separators=(",", ":")) + "\n"


def out(test: str | None, text: str, kind: str | None = None, *, pkg: str = PKG) -> str:
    return ev("output", test, pkg=pkg, output=text, output_type=kind)


def bev(action: str, import_path: str, output: str | None = None) -> str:
    """A build event (Go 1.24+): ``ImportPath`` instead of ``Package``."""
    obj: dict[str, str] = {"ImportPath": import_path, "Action": action}
    if output is not None:
        obj["Output"] = output
    return json.dumps(obj, separators=(",", ":")) + "\n"


def passing(test: str, *logs: str, pkg: str = PKG, elapsed: float = 0.0) -> list[str]:
    return [
        ev("run", test, pkg=pkg),
        out(test, f"=== RUN   {test}\n", "frame", pkg=pkg),
        *(out(test, f"    x_test.go:1: {line}\n", pkg=pkg) for line in logs),
        out(test, f"--- PASS: {test} ({elapsed:.2f}s)\n", "frame", pkg=pkg),
        ev("pass", test, pkg=pkg, elapsed=elapsed),
    ]


def failing(test: str, error: str, *, pkg: str = PKG) -> list[str]:
    """A test that fails with one ``t.Error`` line (marked ``error`` as Go 1.27 does)."""
    return [
        ev("run", test, pkg=pkg),
        out(test, f"=== RUN   {test}\n", "frame", pkg=pkg),
        out(test, f"    x_test.go:2: {error}\n", "error", pkg=pkg),
        out(test, f"--- FAIL: {test} (0.00s)\n", "frame", pkg=pkg),
        ev("fail", test, pkg=pkg, elapsed=0.0),
    ]


def package_pass(pkg: str = PKG) -> list[str]:
    return [
        out(None, "PASS\n", "frame", pkg=pkg),
        out(None, f"ok  \t{pkg}\t0.005s\n", pkg=pkg),
        ev("pass", pkg=pkg, elapsed=0.006),
    ]


def package_fail(pkg: str = PKG, *, tail: str = "FAIL\n") -> list[str]:
    lines = [out(None, tail, "frame", pkg=pkg)] if tail else []
    return [
        *lines,
        out(None, f"FAIL\t{pkg}\t0.005s\n", "frame", pkg=pkg),
        ev("fail", pkg=pkg, elapsed=0.006),
    ]


def fold(
    lines: Iterable[str],
    packages: Sequence[str] = (PKG,),
    *,
    exit_code: int | None = None,
    stderr: str = "",
    finish: bool = True,
    limits: CaptureLimits | None = None,
) -> StreamFolder:
    folder = StreamFolder(packages, limits or CaptureLimits())
    for line in lines:
        folder.feed_line(line)
    if finish:
        folder.finish(exit_code, stderr)
    return folder


def slots(selected: Sequence[str | TestSlot]) -> list[TestSlot]:
    return [s if isinstance(s, TestSlot) else TestSlot(s) for s in selected]


def verdict(
    lines: Iterable[str],
    selected: Sequence[str | TestSlot],
    *,
    exit_code: int | None = 1,
    stderr: str = "",
    pkg: str = PKG,
    runs_per_test: int | None = None,
    shuffled: bool = False,
    source_dir: str = "",
) -> PackageVerdict:
    folder = fold(lines, [pkg], exit_code=exit_code, stderr=stderr)
    run = folder.packages[pkg]
    try:
        return resolve(
            run, slots(selected), runs_per_test, shuffled=shuffled, source_dir=source_dir
        )
    finally:
        run.close()


def resolved(run: PackageRun, selected: Sequence[str | TestSlot]) -> PackageVerdict:
    return resolve(run, slots(selected))


def subtest(outcome: Outcome, name: str) -> Outcome:
    for sub in outcome.subtests:
        if sub.name == name:
            return sub
    raise AssertionError(f"{name} not among {[s.name for s in outcome.subtests]}")


def words(result: PackageVerdict, name: str, copy: int = 0) -> Explanation:
    """The explanation of one test's outcome (the wording is asserted in test_explain only)."""
    return explain(result.outcome(name, copy), result.context)


def evidence_of(outcome: Outcome) -> Evidence:
    assert outcome.evidence is not None, outcome
    return outcome.evidence
