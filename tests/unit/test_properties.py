"""Properties of fold + resolve + explain: whatever the stream, nothing raises, and no test is
PASSED unless Go emitted ``pass`` for that run.

Three oracles, from weakest to strongest:

- model-free: a PASSED test has a ``run`` followed by a ``pass`` of its name in its package;
- the fold's documented rules (fold.py), replayed by a small model below: a top-level ``run``
  while another top-level run is running unpaused is forged by it (and starts nothing when it
  names the printer itself); a second run of one subtest name within a parent run is forged;
  a terminal event ends a running, unpaused run of its name, and a ``fail`` for an ended run
  counts when no other test is running; runs of one name running at once are twins that get
  the worst result; a test is PASSED only if every real run counted for it ended ``pass``;
- ground truth: streams generated from a plan of real runs (with -count repetition, a name
  shared by the internal and external test package, parallel tests, subtests, and framing
  printed by init or by another running test) must never report PASSED a test whose real runs
  did not all pass.

The model replays the rules as fold.py states them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stream_helpers import PKG, bev, ev, out

from pytest_gotest.core.explain import explain, note_text
from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.outcome import Cause, Outcome, TestSlot
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.resolve import resolve

_TERMINAL = ("pass", "fail", "skip")

# -- the model of fold.py's rules ---------------------------------------------------------------


@dataclass(eq=False)
class _Run:
    name: str
    forged: bool
    action: str | None = None
    running: bool = True
    paused: bool = False
    subs: dict[str, _Run] = field(default_factory=dict)  # the real run of each subtest
    twins: list[_Run] | None = None


@dataclass
class _Package:
    runs: list[_Run] = field(default_factory=list)
    current: dict[str, _Run] = field(default_factory=dict)
    open_tops: list[_Run] = field(default_factory=list)
    mislabelled: str | None = None
    pending: str | None = None  # a test that printed a line like the summary, just now
    started: set[str] = field(default_factory=set)  # names with a `run` ...
    passed_after_run: set[str] = field(default_factory=set)  # ... and a later `pass`


def _events(lines: Sequence[str]) -> Iterator[tuple[str, str, str, object]]:
    for action, package, test, text in _all_events(lines):
        if test is not None:
            yield action, package, test, text


def _all_events(lines: Sequence[str]) -> Iterator[tuple[str, str, str | None, object]]:
    for line in lines:
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if not isinstance(obj, dict):
            continue
        action, package, test = obj.get("Action"), obj.get("Package"), obj.get("Test")
        if isinstance(action, str) and isinstance(package, str) and isinstance(test, str | None):
            yield action, package, test, obj.get("Output")


def _printer(pkg: _Package, besides: _Run | None = None) -> _Run | None:
    return next(
        (
            r
            for r in pkg.open_tops
            if not r.paused and r is not besides and not r.name.startswith("Benchmark")
        ),
        None,
    )


def _pick(pkg: _Package, test: str, wanted: str) -> _Run | None:
    run = pkg.current.get(test)
    if run is None or run.twins is None:
        return run
    for member in run.twins:
        if wanted in ("pause", "end") and member.running and not member.paused:
            return member
        if wanted == "cont" and member.paused:
            return member
    return next((m for m in run.twins if m.running), run)


def _start(pkg: _Package, test: str) -> None:
    top, _, sub = test.partition("/")
    if not sub:
        previous = pkg.current.get(test)
        printer = _printer(pkg)
        if printer is not None and printer.name == test:
            return  # a test printing its own run line: nothing starts
        if printer is not None:
            pkg.runs.append(_Run(test, True))
            if previous is None or not previous.running:
                pkg.current[test] = pkg.runs[-1]
            return
        run = _Run(test, False)
        if previous is not None and previous.running and not previous.forged:
            group = previous.twins if previous.twins is not None else [previous]
            group.append(run)
            for member in group:
                member.twins = group
        pkg.open_tops.append(run)
        pkg.runs.append(run)
        pkg.current[test] = run
        return
    parent = pkg.current.get(top)
    run = _Run(test, parent is not None and parent.forged)
    if parent is not None:
        if test in parent.subs:
            run.forged = True
        else:
            parent.subs[test] = run
    pkg.current[test] = run


def _end(pkg: _Package, test: str, action: str) -> None:
    run = _pick(pkg, test, "end")
    if run is None or (run.running and run.paused):
        return  # a stray result
    if not run.running:
        top = pkg.current.get(test.partition("/")[0])
        if run.action is not None and action == "fail" and _printer(pkg, top) is None:
            run.action = "fail"
        return
    run.action, run.running = action, False
    if run in pkg.open_tops:
        pkg.open_tops.remove(run)


def model(lines: Sequence[str]) -> dict[str, _Package]:
    packages: dict[str, _Package] = {}
    for action, package, test, text in _all_events(lines):
        pkg = packages.setdefault(package, _Package())
        if pkg.pending is not None:
            # The summary line is the package's when its test's terminal event comes next;
            # any other event shows the binary still running: it was the test's output.
            if action in _TERMINAL and test == pkg.pending:
                pkg.mislabelled = test
            pkg.pending = None
        if test is None:
            continue
        if action == "output":
            summary = (f"ok  \t{package}\t", f"FAIL\t{package}\t", f"FAIL\t{package} [")
            if isinstance(text, str) and text.startswith(summary) and pkg.mislabelled is None:
                pkg.pending = test  # the package's summary line under a test's name?
        elif action == "run":
            pkg.started.add(test)
            _start(pkg, test)
        elif action in _TERMINAL and test != pkg.mislabelled:
            if action == "pass" and test in pkg.started:
                pkg.passed_after_run.add(test)
            _end(pkg, test, action)
        elif action in ("pause", "cont"):
            run = _pick(pkg, test, action)
            if run is not None:
                run.paused = action == "pause"
    return packages


def model_passes(pkg: _Package, slot: TestSlot, runs_per_test: int | None) -> dict[str, bool]:
    """Which of the slot's test and subtests the rules allow to be PASSED."""
    runs = [run for run in pkg.runs if run.name == slot.name and not run.forged]
    if runs_per_test is not None and len(runs) > runs_per_test * slot.copies:
        runs = runs[len(runs) - runs_per_test * slot.copies :]
    share = runs[slot.copy :: slot.copies]
    together = [twin for run in share for twin in (run.twins or [run])]
    allowed = {slot.name: bool(share) and all(run.action == "pass" for run in together)}
    # A twin group's subtests are reported once, under one of its copies: any of them.
    for run in together:
        for name, sub in run.subs.items():
            allowed[name] = allowed.get(name, True) and sub.action == "pass"
    return allowed


def _walk(outcome: Outcome) -> Iterator[Outcome]:
    yield outcome
    for sub in outcome.subtests:
        yield from _walk(sub)


def check(
    folder: StreamFolder,
    lines: Sequence[str],
    selected: Sequence[TestSlot],
    runs_per_test: int | None = None,
) -> dict[str, dict[TestSlot, Outcome]]:
    """Resolve and explain every package; assert the model's and the model-free oracles."""
    rules = model(lines)
    verdicts: dict[str, dict[TestSlot, Outcome]] = {}
    for package, run in folder.packages.items():
        result = resolve(run, selected, runs_per_test)
        assert list(result.outcomes) == list(selected)
        pkg = rules.get(package, _Package())
        for slot, outcome in result.outcomes.items():
            allowed = model_passes(pkg, slot, runs_per_test)
            for each in _walk(outcome):
                assert each.status in ("passed", "failed", "skipped", "error")
                assert each.phase in ("setup", "call", "teardown")
                assert isinstance(each.output_text(), str)
                if each.cause is Cause.PASSED:
                    assert allowed.get(each.name), (package, slot, each)
                    assert each.name in pkg.passed_after_run, (package, each)
                else:
                    assert explain(each, result.context).message
        if result.teardown is not None:
            assert explain(result.teardown, result.context).message
        for note in result.notes:
            assert note_text(note, package)
        verdicts[package] = result.outcomes
        run.close()
    return verdicts


# -- random event soup (the model's oracle) -----------------------------------------------------

_NAMES = ["TestA", "TestB", "TestA/sub", "TestA/sub/deep", "TestB/x#01", "TestC"]
_PACKAGES = ["example.com/p", "example.com/q"]
_ACTIONS = [
    "start",
    "run",
    "pause",
    "cont",
    "output",
    "pass",
    "fail",
    "skip",
    "bench",
    "attr",
    "build-output",
    "build-fail",
    "weird-unknown",
]


@dataclass(frozen=True)
class Step:
    action: str
    package: str
    test: str | None
    text: str
    time: bool


_texts = st.sampled_from(
    [
        "",
        "hello\n",
        "panic: boom\n",
        "panic: test timed out after 1s\n\trunning tests:\n\t\tTestA (1s)\n",
        "\t\tTestB (1s)\n",
        "--- PASS: TestA (0.00s)\n",
        "=== RUN   TestA\n",
        "FAIL\texample.com/p [build failed]\n",
        f"ok  \t{PKG}\t(cached)\n",
        "PASS\n",
        "Fail in goroutine after TestA has completed\n",
        "panic: Fail in goroutine after TestA has completed\n",
        "testing: warning: no tests to run\n",
        "exit status 3\n",
        "signal: killed\n",
        "partial line without newline",
    ]
)
_steps = st.builds(
    Step,
    action=st.sampled_from(_ACTIONS),
    package=st.sampled_from(_PACKAGES),
    test=st.none() | st.sampled_from(_NAMES),
    text=_texts,
    time=st.booleans(),
)
_slots = st.sampled_from(
    [
        [TestSlot("TestA"), TestSlot("TestB"), TestSlot("TestC"), TestSlot("TestD")],
        [TestSlot("TestA", 0, 2), TestSlot("TestA", 1, 2), TestSlot("TestB"), TestSlot("TestC")],
    ]
)


def _line(step: Step) -> str:
    if step.action in ("build-output", "build-fail"):
        output = step.text if step.action == "build-output" else None
        return bev(step.action, step.package, output)
    if step.action == "output":
        return ev("output", step.test, pkg=step.package, output=step.text, time=step.time)
    if step.action == "attr":
        return ev("attr", step.test, pkg=step.package, key="k", value=step.text, time=step.time)
    failed_build = step.package if step.action == "fail" and "build" in step.text else None
    return ev(step.action, step.test, pkg=step.package, failed_build=failed_build, time=step.time)


def _finish(folder: StreamFolder, how: str) -> None:
    if how == "reason":
        folder.finish(None, "stderr text\n", reason="stopped")
    elif how == "none":
        folder.finish(None, "")
    elif how != "no":
        folder.finish(int(how[-1]), "# example.com/p\nerror text\n")


_FINISH = st.sampled_from(["no", "exit0", "exit1", "exit2", "none", "reason"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(_steps, max_size=40),
    cut=st.integers(min_value=0, max_value=40),
    finish=_FINISH,
    junk=st.booleans(),
    selected=_slots,
    runs_per_test=st.sampled_from([None, 1, 2]),
)
def test_random_streams_never_raise_and_never_pass_falsely(
    steps: list[Step],
    cut: int,
    finish: str,
    junk: bool,
    selected: list[TestSlot],
    runs_per_test: int | None,
) -> None:
    lines = [_line(step) for step in steps[:cut]]
    folder = StreamFolder(_PACKAGES, CaptureLimits(memory_bytes=256))
    for index, line in enumerate(lines):
        folder.feed_line(line)
        if junk and index % 7 == 3:
            folder.feed_line("not json at all\n")
    _finish(folder, finish)
    check(folder, lines, selected, runs_per_test)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=30))
def test_folding_arbitrary_text_lines_never_raises(lines: list[str]) -> None:
    folder = StreamFolder([PKG], CaptureLimits(memory_bytes=128))
    folder.feed_line(ev("start"))
    for line in lines:
        folder.feed_line(line)
    folder.finish(1, "")
    result = resolve(folder.packages[PKG], [TestSlot("TestA")])
    assert result.outcome("TestA").status == "error"
    folder.packages[PKG].close()


# -- planned streams (ground truth) --------------------------------------------------------------

_PLANNED = ("TestA", "TestB", "TestC", "TestD")
_VICTIMS = (*_PLANNED, "TestGhost")
_actions = st.sampled_from(_TERMINAL)


@dataclass
class _RealRun:
    """One run Go really made: where its `run` and its real result are in the stream."""

    name: str
    copy: int
    start: int
    end: int | None = None
    action: str | None = None
    sub_start: int | None = None
    sub_end: int | None = None
    sub_action: str | None = None


@dataclass
class Plan:
    lines: list[str]
    real: list[_RealRun]
    selected: list[TestSlot]
    count: int
    cut: int  # the stream ends here (go killed); len(lines) when it ran to the end


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    order = draw(st.lists(st.sampled_from(_PLANNED), min_size=1, max_size=4, unique=True))
    copies = {name: draw(st.sampled_from([1, 1, 2])) for name in order}
    count = draw(st.sampled_from([1, 2]))
    truncated = draw(st.booleans())
    lines: list[str] = [ev("start")]
    real: list[_RealRun] = []

    def emit(*new: str) -> int:
        lines.extend(new)
        return len(lines) - 1

    # init or TestMain printing framing before m.Run: runs nobody is running yet. They are told
    # apart from real ones by counting runs (-count x copies), which needs the whole stream and
    # a real run of every selected test (go runs every test pytest selects): a truncated stream
    # with such a run is ambiguous, and not planned.
    init_victims = st.sampled_from([*order, "TestGhost"])
    for victim in draw(st.lists(init_victims, max_size=0 if truncated else 2)):
        emit(ev("run", victim), ev(draw(_actions), victim))
    for _ in range(count):
        paused: list[tuple[_RealRun, str]] = []
        for name in order:
            for copy in range(copies[name]):
                action = draw(_actions)
                # Two parallel runs of one name (internal and external TestX) cannot be told
                # apart by their events: test_resolve_runs pins that as a strict xfail.
                shapes = ["plain", "sub", "prints", "parallel"][: 4 if copies[name] == 1 else 3]
                shape = draw(st.sampled_from(shapes))
                run = _RealRun(name, copy, emit(ev("run", name), out(name, f"=== RUN   {name}\n")))
                real.append(run)
                if shape == "parallel":
                    emit(ev("pause", name))
                    paused.append((run, action))
                    continue
                if shape == "sub":
                    run.sub_action = draw(_actions)
                    run.sub_start = emit(ev("run", f"{name}/s"))
                    run.sub_end = emit(ev(run.sub_action, f"{name}/s"))
                    action = "fail" if run.sub_action == "fail" else action
                if shape == "prints":
                    # The running test prints framing for another name (raw ^V bytes): a whole
                    # run, a run that never ends, or a result for a name that is not running.
                    # (Framing for its own name, or a result for a paused test, is pinned by
                    # strict xfails in test_resolve_runs.)
                    waiting = {r.name for r, _ in paused}
                    others = [v for v in _VICTIMS if v != name]
                    kind = draw(st.sampled_from(["run+end", "run", "end"]))
                    if kind == "end":
                        others = [v for v in others if v not in waiting]
                        emit(ev(draw(_actions), draw(st.sampled_from(others))))
                    else:
                        victim = draw(st.sampled_from(others))
                        emit(ev("run", victim))
                        if kind == "run+end":
                            emit(ev(draw(_actions), victim))
                emit(out(name, f"--- {action.upper()}: {name} (0.00s)\n"))
                run.end, run.action = emit(ev(action, name)), action
        for run, _ in paused:
            emit(ev("cont", run.name))
        for run, action in paused:
            emit(out(run.name, f"--- {action.upper()}: {run.name} (0.00s)\n"))
            run.end, run.action = emit(ev(action, run.name)), action
    failed = any(run.action == "fail" for run in real)
    lines += [out(None, "FAIL\n" if failed else "PASS\n"), out(None, f"ok  \t{PKG}\t0.1s\n")]
    lines.append(ev("fail" if failed else "pass"))
    selected = [
        TestSlot(name, copy, copies.get(name, 1))
        for name in _PLANNED
        for copy in range(copies.get(name, 1))
    ]
    cut = draw(st.integers(min_value=0, max_value=len(lines))) if truncated else len(lines)
    return Plan(lines, real, selected, count, cut)


def _truly_passed(plan: Plan, slot: TestSlot, cut: int) -> dict[str, bool]:
    """Which of the slot's test and subtest really passed in the first ``cut`` lines."""
    runs = [r for r in plan.real if (r.name, r.copy) == (slot.name, slot.copy) and r.start < cut]
    passed = {slot.name: bool(runs)}
    for run in runs:
        ended = run.end is not None and run.end < cut and run.action == "pass"
        passed[slot.name] = passed[slot.name] and ended
        if run.sub_start is not None and run.sub_start < cut:
            sub_ended = run.sub_end is not None and run.sub_end < cut
            sub = f"{slot.name}/s"
            passed[sub] = passed.get(sub, True) and sub_ended and run.sub_action == "pass"
    return passed


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_planned_streams_never_pass_a_test_whose_real_runs_did_not_all_pass(plan: Plan) -> None:
    lines = plan.lines[: plan.cut]
    folder = StreamFolder([PKG], CaptureLimits(memory_bytes=512))
    for line in lines:
        folder.feed_line(line)
    folder.finish(2 if plan.cut < len(plan.lines) else 1, "")
    outcomes = check(folder, lines, plan.selected, plan.count)[PKG]
    for slot, outcome in outcomes.items():
        truth = _truly_passed(plan, slot, plan.cut)
        for each in _walk(outcome):
            if each.cause is Cause.PASSED:
                assert truth.get(each.name), (slot, each, lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(), swaps=st.lists(st.integers(min_value=0), max_size=6), finish=_FINISH)
def test_reordered_planned_streams_follow_the_rules(
    plan: Plan, swaps: list[int], finish: str
) -> None:
    lines = list(plan.lines)
    for swap in swaps:
        index = swap % max(len(lines) - 1, 1)
        lines[index : index + 2] = lines[index : index + 2][::-1]
    folder = StreamFolder([PKG], CaptureLimits(memory_bytes=512))
    for line in lines:
        folder.feed_line(line)
    _finish(folder, finish)
    check(folder, lines, plan.selected, plan.count)


# -- recorded Go streams, cut anywhere -----------------------------------------------------------

_CORPUS = Path(__file__).resolve().parents[1] / "testdata" / "go-corpus" / "streams"
_RECORDED = (
    "basic",
    "panic",
    "timeout",
    "parallel",
    "goroutine_fatal",
    "misc_count2_shuffle",
    "init_spoof",
    "osexit0_direct_test2json",
    "examples",
)


@functools.cache
def _recorded(name: str) -> tuple[list[str], list[str], list[TestSlot]]:
    lines = (_CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    packages = list(dict.fromkeys(package for _, package, _, _ in _events(lines)))
    tops = {test.split("/", 1)[0] for _, _, test, _ in _events(lines)}
    return lines, packages, [TestSlot(name) for name in sorted(tops)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(_RECORDED), cut=st.integers(min_value=0), finish=_FINISH)
def test_recorded_streams_cut_anywhere_follow_the_rules(name: str, cut: int, finish: str) -> None:
    lines, packages, selected = _recorded(name)
    lines = lines[: cut % (len(lines) + 1)]
    folder = StreamFolder(packages, CaptureLimits(memory_bytes=1024))
    folder.feed_lines(lines)
    _finish(folder, finish)
    check(folder, lines, selected, 2 if name == "misc_count2_shuffle" else 1)
