"""Generators of ``go test -json`` streams for the hostile cases of issue 10 (item 10).

Each generator returns a ``Stream``: the JSON lines a Go 1.26 ``go test -json`` prints for one
package (field order, ``^V``-framing behaviour and subtest naming as Go's own; see the fixture
modules' README.md files under tests/testdata/gomods/, which recorded them) and the truth a
reader of that stream must arrive at, per *item* (not per name: one Go name may stand for two
pytest items). They are independent of the plugin's API, so the property tests that use them
survive a rewrite of the fold and resolve steps:

* ``forged_by_init``: init() or TestMain prints framing (``=== RUN``/``--- WORD:``) for a test
  before ``m.Run``; test2json turns it into events; then the real run follows (or, when
  TestMain never calls ``m.Run``, nothing does).
* ``forged_by_later_test``: a test ends, then a later test prints framing for it, plainly
  (test2json keeps it as the later test's output) or ``^V``-marked (test2json emits a second
  terminal event for the ended test inside the later test's run).
* ``duplicate_names``: the internal and the external test package both define the test; Go
  runs the internal one first and reports two results under one name; their subtests are made
  unique across the binary (``case``, then ``case#01``).
* ``repeated``: ``-count``/``-cpu`` runs (from --go-flags or GOFLAGS): every test once per run,
  the whole list per run, each run with its own events and output.

The truth follows one rule: a test is passed only when Go's own run of it ended with ``pass``
and no run of it failed; framing printed after Go ended a test is output of the test that
printed it, unless -count/-cpu explain a new run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count
from typing import Literal

PKG = "example.com/hostile"

Result = Literal["pass", "fail", "skip"]
Status = Literal["passed", "failed", "skipped", "error"]
STATUS: dict[str, Status] = {"pass": "passed", "fail": "failed", "skip": "skipped"}
WORD = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}

_CLOCK = count()


@dataclass(frozen=True)
class Expected:
    """What one pytest item must be reported as."""

    status: Status
    message: str = ""  # text the item's message must contain ("" = not checked)


@dataclass
class Stream:
    """One package's stream and the truth about it."""

    lines: list[str]
    # Go test name -> one expectation per item of that name, in Go's run order (internal
    # package first): most names have one item, a duplicate name has two.
    expected: dict[str, list[Expected]] = field(default_factory=dict)
    runs_per_test: int = 1  # -count times the -cpu entries
    package: str = PKG
    exit_code: int = 1

    @property
    def selected(self) -> list[str]:
        return sorted({name for name in self.expected if "/" not in name})


def event(
    action: str, test: str | None = None, *, output: str | None = None, **extra: object
) -> str:
    """One line in Go's field order: Time, Action, Package, Test, Elapsed, Output."""
    obj: dict[str, object] = {
        "Time": f"2026-12-02T08:00:00.{next(_CLOCK) % 10**9:09d}Z",
        "Action": action,
        "Package": PKG,
    }
    if test is not None:
        obj["Test"] = test
    if action in ("pass", "fail", "skip"):
        obj["Elapsed"] = extra.pop("elapsed", 0)
    if output is not None:
        obj["Output"] = output
    obj.update(extra)
    return json.dumps(obj, separators=(",", ":")) + "\n"


def out(test: str | None, text: str) -> str:
    return event("output", test, output=text)


def go_run(test: str, result: Result, *lines: str, depth: int = 0) -> list[str]:
    """A real run of ``test``: run, ``=== RUN``, its lines (t.Log style), ``--- WORD``, end."""
    indent = "    " * depth
    return [
        event("run", test),
        out(test, f"{indent}=== RUN   {test}\n"),
        *(out(test, f"{indent}    x_test.go:7: {line}\n") for line in lines),
        out(test, f"{indent}--- {WORD[result]}: {test} (0.00s)\n"),
        event(result, test),
    ]


def package_end(passed: bool) -> list[str]:
    word = "PASS" if passed else "FAIL"
    summary = f"ok  \t{PKG}\t0.005s\n" if passed else f"FAIL\t{PKG}\t0.005s\n"
    return [out(None, f"{word}\n"), out(None, summary), event("pass" if passed else "fail")]


def _end(stream: Stream) -> Stream:
    failed = any(e.status == "failed" for es in stream.expected.values() for e in es)
    stream.lines.extend(package_end(not failed))
    stream.exit_code = 1 if failed else 0
    return stream


def _message(result: Result, name: str) -> str:
    return {"pass": f"{name} passed", "fail": f"{name} failed", "skip": f"{name} skipped"}[result]


def forged_by_init(test: str, forged: Result, real: Result | None, *, m_run: bool = True) -> Stream:
    """init() prints ``=== RUN test`` / ``--- WORD: test`` before m.Run.

    ``real`` is the test's own result when m.Run runs it; ``m_run=False``: TestMain never
    calls m.Run (or exits 0 first), so the forged report is all there is, no ``PASS``/``FAIL``
    line from m.Run, and go test says ``ok``: the test never ran (an error, never passed).
    A forged ``fail`` without m.Run has no agreed outcome (failed or not run), so it is
    refused there.
    """
    if (not m_run or real is None) and forged == "fail":
        raise ValueError("a forged failure without m.Run has no agreed outcome")
    lines = [
        event("start"),
        event("run", test),
        out(test, f"=== RUN   {test}\n"),
        out(test, f"--- {WORD[forged]}: {test} (0.00s)\n"),
        event(forged, test),
    ]
    if not m_run or real is None:
        lines += [out(None, f"ok  \t{PKG}\t0.005s\n"), event("pass")]
        return Stream(lines, {test: [Expected("error", "not run")]}, exit_code=0)
    lines += go_run(test, real, _message(real, test))
    stream = Stream(lines, {test: [Expected(STATUS[real])]})
    return _end(stream)


def forged_by_later_test(
    victim: Result, forged: Result, *, marked: bool, rerun: bool = False, sub: bool = False
) -> Stream:
    """``TestVictim`` ends with ``victim``; then ``TestForger`` prints ``--- WORD: TestVictim``.

    ``marked``: the line starts with ``^V`` and test2json emits ``forged`` for the victim inside
    the forger's run (``rerun``: a marked ``=== RUN`` too, so a ``run`` event first). Plain:
    the line is the forger's output. ``sub``: the victim is ``TestVictim/child``.
    """
    name = "TestVictim/child" if sub else "TestVictim"
    if sub:
        lines = [
            event("start"),
            event("run", "TestVictim"),
            out("TestVictim", "=== RUN   TestVictim\n"),
            *go_run(name, victim, _message(victim, name), depth=1),
            out("TestVictim", f"--- {WORD[victim]}: TestVictim (0.00s)\n"),
            event(victim, "TestVictim"),
        ]
    else:
        lines = [event("start"), *go_run(name, victim, _message(victim, name))]
    forger = "TestForger"
    lines += [event("run", forger), out(forger, f"=== RUN   {forger}\n")]
    if marked:
        if rerun:
            lines += [event("run", name), out(name, f"=== RUN   {name}\n")]
        lines += [out(name, f"--- {WORD[forged]}: {name} (0.00s)\n"), event(forged, name)]
    else:
        lines.append(out(forger, f"--- {WORD[forged]}: {name} (0.00s)\n"))
    lines += [out(forger, f"--- PASS: {forger} (0.00s)\n"), event("pass", forger)]
    expected = {
        name: [Expected(STATUS[victim], _message(victim, name) if victim == "fail" else "")],
        forger: [Expected("passed")],
    }
    if sub:
        expected["TestVictim"] = [Expected(STATUS[victim])]
    return _end(Stream(lines, expected))


def duplicate_names(internal: Result, external: Result, *, subtests: bool = False) -> Stream:
    """``TestX`` in the internal and in the external test package: two runs, one name.

    ``subtests``: each TestX runs a subtest ``case`` with its own result; Go names the
    external one ``TestX/case#01``.
    """
    lines = [event("start")]
    expected: dict[str, list[Expected]] = {"TestX": []}
    for which, result in (("internal", internal), ("external", external)):
        text = f"{which} TestX {STATUS[result]}"
        if subtests:
            sub = "TestX/case" if which == "internal" else "TestX/case#01"
            lines += [event("run", "TestX"), out("TestX", "=== RUN   TestX\n")]
            lines += go_run(sub, result, text, depth=1)
            lines += [out("TestX", f"--- {WORD[result]}: TestX (0.00s)\n"), event(result, "TestX")]
            expected[sub] = [Expected(STATUS[result], text if result == "fail" else "")]
            # The parent fails through its subtest and says which one.
            expected["TestX"].append(Expected(STATUS[result], sub if result == "fail" else ""))
        else:
            lines += go_run("TestX", result, text)
            expected["TestX"].append(Expected(STATUS[result], text if result == "fail" else ""))
    return _end(Stream(lines, expected))


def repeated(results: Sequence[Result], *, cpus: int = 1) -> Stream:
    """``TestR`` run ``len(results)`` times (``-count=len/cpus -cpu=<cpus entries>``) beside
    ``TestSteady`` (always passes), the whole list once per run. A passing run logs
    ``run N passed`` first; a failing run's first line is ``run N failed``. Results are
    ``pass`` or ``fail`` (a test skipped in some runs only has no agreed outcome)."""
    if len(results) % cpus:
        raise ValueError("the number of runs must be a multiple of the -cpu entries")
    if "skip" in results:
        raise ValueError("repeated() takes pass and fail runs only")
    lines = [event("start")]
    for index, result in enumerate(results, start=1):
        lines += go_run("TestR", result, f"run {index} {STATUS[result]}")
        lines += go_run("TestSteady", "pass", f"steady run {index}")
    failing = [i for i, r in enumerate(results, start=1) if r == "fail"]
    expected_r = Expected("failed", f"run {failing[0]} failed") if failing else Expected("passed")
    stream = Stream(
        lines,
        {"TestR": [expected_r], "TestSteady": [Expected("passed")]},
        runs_per_test=len(results),
    )
    return _end(stream)
