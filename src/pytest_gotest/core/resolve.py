"""A finished ``PackageRun`` and the tests pytest selected -> one ``Outcome`` per test.

Pure core, and a pure function: the run is read, never changed. A test is ``PASSED`` only when
Go emitted ``pass`` for every one of its runs; every other path (crash, timeout, exit, build
failure, a TestMain that never ran the tests, a truncated stream, forged framing) gets the
cause that explains it, with its evidence. The words come from ``explain``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from .crash import NO_CRASH, Crash, crash_summary, find_crash, strong_crash_line, top
from .outcome import (
    NEVER_STARTED,
    Cause,
    Evidence,
    Note,
    NoteKind,
    Outcome,
    PackageContext,
    PackageVerdict,
    TestSlot,
)
from .package_run import PackageRun, TestRun

__all__ = ["package_text", "resolve", "runs_of"]

_NO_TESTS_TO_RUN: Final = "testing: warning: no tests to run"
_SUMMARY_PREFIXES: Final = ("ok  \t", "FAIL\t", "?   \t")
# Causes of a run that started and never ended, most telling first when runs are combined.
_OPEN: Final = frozenset(
    {Cause.TIMED_OUT, Cause.CRASHED, Cause.EXITED, Cause.EXITED_ZERO, Cause.NO_RESULT}
)
# A run of a test that never started (resolver.not_run's causes), in Evidence.runs.
_NOT_STARTED: Final = frozenset(
    {
        Cause.BINARY_DIED_FIRST,
        Cause.STREAM_ENDED_FIRST,
        Cause.STOPPED_BEFORE,
        Cause.NOT_RUN,
        Cause.PARENT_FAILED_FIRST,
    }
)


def package_text(pkg: PackageRun) -> str:
    """Package-level output worth showing: init/TestMain output, crash traces; without the
    ``PASS``/``FAIL`` frames and the ``ok``/``FAIL`` summary line."""
    return "".join(
        text
        for text, frame in pkg.output.texts()
        if not frame and text not in ("PASS\n", "FAIL\n") and not text.startswith(_SUMMARY_PREFIXES)
    )


def _build_failed(pkg: PackageRun) -> bool:
    if pkg.failed_build is not None:
        return True
    return any(
        "[build failed]" in text or "[setup failed]" in text for text, _ in pkg.output.texts()
    )


def _from_an_earlier_m_run(
    pkg: PackageRun, extra: list[TestRun], first_kept: TestRun
) -> list[TestRun]:
    """The runs among ``extra`` (more runs of a name than -count x -cpu) that an m.Run
    ended before ``first_kept`` started: a TestMain that calls m.Run more than once (a retry
    of the failed tests, a second round with other settings) runs each test again, and each
    m.Run ends with its ``PASS``/``FAIL`` line. Those runs are real, and every one counts (a
    failed first round fails the test). The other extra runs were printed before m.Run (init
    or TestMain printing framing) and are ignored with a note. Framing forged together with
    a ``FAIL`` line passes for real: a failure, never a false pass."""
    order = {id(run): index for index, run in enumerate(pkg.runs)}
    kept_at = order.get(id(first_kept))
    if kept_at is None or not pkg.run_ends:
        return []
    return [
        run
        for run in extra
        if (at := order.get(id(run))) is not None
        and any(at < end <= kept_at for end in pkg.run_ends)
    ]


_OUTPUT_STOPPED_HERE: Final = (
    "the test binary's output ended during this test, yet the binary exited 0 and go test "
    "reported the package ok: a test closed or redirected os.Stdout, and the binary went on "
    "without output, so Go gave no result for it"
)
_OUTPUT_STOPPED_BEFORE: Final = (
    "the test binary's output ended{during}, yet the binary exited 0 and go test reported "
    "the package ok: a test closed or redirected os.Stdout, so Go gave no result for this one"
)


def _output_stopped(pkg: PackageRun, crash: Crash) -> bool:
    """The binary's output ended while a test ran, but the binary went on and exited 0: go
    printed the package's ``ok`` line while test2json still took that test for running (a
    test that closed or redirected ``os.Stdout``). Told from framing forged before m.Run
    (which the same ``ok`` line follows after ``os.Exit(0)`` in TestMain) by a test that
    m.Run really ran and ended first."""
    if pkg.action != "pass" or pkg.mislabelled_end is None:
        return False
    return _results_unconfirmed(pkg, crash) and any(
        run.action is not None and run.forged_by is None for run in pkg.runs
    )


def _without_extra_runs(
    pkg: PackageRun, name: str, runs: list[TestRun], expected: int, notes: list[Note]
) -> tuple[list[TestRun], list[TestRun]]:
    """More runs of ``name`` than -count x -cpu (x the tests sharing the name): the runs
    that count, and the extra ones that failed in a failed package (``_failed_extras``),
    which count for every test of the name (which one each belongs to is unknown). The
    rest were forged before m.Run, and a note says so."""
    extra, kept = runs[: len(runs) - expected], runs[len(runs) - expected :]
    real = _from_an_earlier_m_run(pkg, extra, kept[0])
    failed = [run for run in _failed_extras(pkg, extra) if run not in real]
    forged = [run for run in extra if run not in real and run not in failed]
    if forged:
        actions = tuple(run.action or "run" for run in forged)
        notes.append(Note(NoteKind.EXTRA_RUNS, name, actions, expected=expected))
    return [*real, *kept], failed


def _failed_extras(pkg: PackageRun, extra: list[TestRun]) -> list[TestRun]:
    """In a package go reports failed, the extra runs that failed: a TestMain may run the
    tests more often than the flags say (``flag.Set("test.count", "2")``), and a failed run
    among them is why the package failed; dropping it reported the test passed. In a
    package that passed, a failed extra run was forged (framing printed before m.Run) and
    changes nothing."""
    if pkg.action != "fail":
        return []
    return [run for run in extra if run.action == "fail"]


def _results_unconfirmed(pkg: PackageRun, crash: Crash) -> bool:
    """True when the test events cannot have come from m.Run.

    m.Run ends with a ``PASS`` or ``FAIL`` line of its own. A binary that exited without one,
    without a crash and with no test left running never ran its tests to the end, so every
    test report in its stream was printed by init or TestMain before m.Run (forged framing).
    """
    if pkg.action not in ("pass", "fail") or pkg.truncated_reason is not None or crash.summary:
        return False
    return not any(text in ("PASS\n", "FAIL\n") for text, _ in pkg.output.texts())


def _with_failed_below(
    subtests: tuple[Outcome, ...], failed: tuple[str, ...]
) -> tuple[Outcome, ...]:
    """``subtests`` (a top-level test's, every level) with each failed one's failed subtests
    (``failed``: every level's failed names, in Go's order), which explain its failure when
    it printed no error of its own (``TestA/inner`` failed because ``TestA/inner/deep`` did)."""
    below: dict[str, list[str]] = {}
    names = set(failed)
    for name in failed:
        parts = name.split("/")
        for depth in range(2, len(parts)):  # its ancestors below the top-level test
            ancestor = "/".join(parts[:depth])
            if ancestor in names:
                below.setdefault(ancestor, []).append(name)
    if not below:
        return subtests
    return tuple(_failed_below(sub, below.get(sub.name)) for sub in subtests)


def _failed_below(outcome: Outcome, failed: list[str] | None) -> Outcome:
    evidence = outcome.evidence
    if not failed or evidence is None or outcome.status != "failed":
        return outcome
    return dataclasses.replace(
        outcome, evidence=dataclasses.replace(evidence, failed_subtests=tuple(failed))
    )


class _Resolver:
    """The per-package facts that every test's resolution reads."""

    def __init__(
        self, pkg: PackageRun, context: PackageContext, crash: Crash, unconfirmed: bool
    ) -> None:
        self.pkg = pkg
        self.context = context
        self.crash = crash
        self.unconfirmed = unconfirmed
        self.output_stopped = _output_stopped(pkg, crash)

    def run(self, run: TestRun, reported_twins: set[int]) -> Outcome:
        """One run of a top-level test, with its subtests.

        Parallel runs sharing the name (twins: the internal and the external test package's)
        cannot be told apart by their events, nor can their subtests: each twin gets the worse
        result, and the subtests of the group are reported once, with the first twin pytest
        asks for (``reported_twins`` holds the groups already reported). Giving them to every
        twin would report each subtest once per twin: results Go never gave.
        """
        twins = run.twins
        if twins is None:
            return self.alone(run)
        worst = _combine([self.alone(twin) for twin in twins], repeated=False)
        evidence = worst.evidence
        if evidence is not None:
            failed = tuple(s.name for s in worst.subtests if s.status == "failed")
            evidence = dataclasses.replace(
                evidence, twins=len(twins), failed_subtests=failed or evidence.failed_subtests
            )
        subtests = worst.subtests
        if id(twins) in reported_twins:
            subtests = ()
        reported_twins.add(id(twins))
        return Outcome(
            worst.name, worst.cause, run.elapsed, worst.output, worst.attrs, subtests, evidence
        )

    def alone(self, run: TestRun) -> Outcome:
        outcome = self.one(run)
        if not run.subtests:
            return outcome
        subtests = self.subtests(run.subtests.values())
        if outcome.cause is Cause.PASSED and all(s.cause is Cause.PASSED for s in subtests):
            return Outcome(
                outcome.name, Cause.PASSED, outcome.elapsed, outcome.output, outcome.attrs, subtests
            )
        failed = tuple(s.name for s in subtests if s.status == "failed")
        if len(failed) > 1:
            subtests = _with_failed_below(subtests, failed)
        evidence = outcome.evidence
        if failed and evidence is not None and outcome.status == "failed":
            evidence = dataclasses.replace(evidence, failed_subtests=failed)
        return Outcome(
            outcome.name,
            outcome.cause,
            outcome.elapsed,
            outcome.output,
            outcome.attrs,
            subtests,
            evidence,
        )

    def subtests(self, runs: Iterable[TestRun]) -> tuple[Outcome, ...]:
        """``one`` of each subtest run that started; the usual case (a pass) inline, as a
        module can have tens of thousands of them."""
        one, passed, late = self.one, Cause.PASSED, self.crash.late_fail
        if self.unconfirmed:
            return tuple(one(sub) for sub in runs if sub.started)
        outcomes = []
        for sub in runs:
            if sub.action == "pass" and sub.name != late:  # as one() decides it
                attrs = tuple(sub.attrs) if sub.attrs else ()
                outcomes.append(Outcome(sub.name, passed, sub.elapsed, sub.output, attrs))
            elif sub.started:
                outcomes.append(one(sub))
        return tuple(outcomes)

    def one(self, run: TestRun) -> Outcome:
        """One run of one (sub)test, without subtests."""
        name = run.name
        attrs = tuple(run.attrs) if run.attrs else ()
        crash = self.crash
        if run.action == "pass" and not self.unconfirmed and crash.late_fail != name:
            return Outcome(name, Cause.PASSED, run.elapsed, run.output, attrs)  # the usual case
        if self.unconfirmed and run.action != "fail":
            # Only green reports are doubted: a forged failure still fails (never a green).
            return Outcome(name, Cause.FORGED, evidence=Evidence(said=run.action or "run"))
        late = crash.late_fail == name
        if run.action == "pass" and not late:
            return Outcome(name, Cause.PASSED, run.elapsed, run.output, attrs)
        output = run.output_text()
        if late:
            return Outcome(
                name,
                Cause.LATE_FAILURE,
                run.elapsed,
                run.output,
                attrs,
                evidence=Evidence(output=output, crash=crash),
            )
        if run.action == "skip":
            evidence = Evidence(output=output)
            return Outcome(name, Cause.SKIPPED, run.elapsed, run.output, attrs, evidence=evidence)
        if run.action == "fail":
            own = strong_crash_line(output)
            evidence = Evidence(
                output=output,
                error_text=run.error_text(),
                own_crash=own[0] if own else "",
                crash=crash if crash.explains(name) else NO_CRASH,
            )
            return Outcome(name, Cause.FAILED, run.elapsed, run.output, attrs, evidence=evidence)
        return self.open(run, output, attrs)

    def open(self, run: TestRun, output: str, attrs: tuple[tuple[str, str], ...]) -> Outcome:
        """Started, never ended: the binary died while this test was running or paused."""
        pkg, crash, name = self.pkg, self.crash, run.name
        if _waited_through(run, crash):
            # Waiting in t.Parallel for its turn: a test that waits runs nothing, so the
            # panic was another's, and this one's body after t.Parallel never ran. Not run,
            # as the tests after it (it was FAILED with the other test's panic).
            evidence = Evidence(output=output, crash=crash, culprit=crash.culprit, paused=True)
            return Outcome(name, Cause.BINARY_DIED_FIRST, evidence=evidence)
        if crash.timeout is not None:
            cause = Cause.TIMED_OUT
        elif crash.summary:
            cause = Cause.CRASHED
        elif pkg.truncated_reason is not None:
            cause = Cause.NO_RESULT
        elif pkg.action == "pass" and pkg.frameless_pass == name:
            cause = Cause.EXITED_ZERO
        elif self.output_stopped:
            return Outcome(
                name,
                Cause.NO_RESULT,
                evidence=Evidence(output=output, reason=_OUTPUT_STOPPED_HERE),
            )
        elif pkg.action == "pass":
            # Under go test (-test.paniconexit0) only forged framing (or a raw ^V byte) leaves
            # an open test in a package that passed: Go never ran it.
            return Outcome(name, Cause.FORGED, evidence=Evidence(output=output, said=None))
        else:
            cause = Cause.EXITED
        evidence = Evidence(
            output=output,
            crash=crash,
            culprit=crash.culprit,
            reason=pkg.truncated_reason,
            exit_line=crash_summary(self.context.output + pkg.stderr)
            if cause is Cause.EXITED
            else "",
        )
        return Outcome(name, cause, run.elapsed, run.output, attrs, evidence=evidence)

    def runs(
        self, started: Sequence[TestRun], missing: int, reported_twins: set[int], ran_any: bool
    ) -> Outcome:
        """One test's runs combined, with ``missing`` runs that never started (-count,
        -cpu: the binary died before them). A test that passed the runs it had is not
        passed then: go test ran it fewer times than asked, and said FAIL."""
        each_run = [self.run(run, reported_twins) for run in started]
        if missing and all(o.status in ("passed", "skipped") for o in each_run):
            each_run += [_named(self.not_run(ran_any), started[0].name)] * missing
        return _combine(each_run)

    def not_run(self, ran_any: bool) -> Outcome:
        """Never started. The same for every such test of the package but its name."""
        pkg, crash = self.pkg, self.crash
        if _build_failed(pkg):
            return _error(Cause.BUILD_FAILED)
        if pkg.truncated_reason is not None:
            culprit = crash.culprit if not crash.summary else None
            if crash.summary and ran_any and crash.culprit is not None:
                return _error(Cause.BINARY_DIED_FIRST, Evidence(culprit=crash.culprit, crash=crash))
            reason = pkg.truncated_reason
            return _error(Cause.STREAM_ENDED_FIRST, Evidence(culprit=culprit, reason=reason))
        if self.output_stopped:
            during = f" during {crash.culprit}" if crash.culprit else ""
            reason = _OUTPUT_STOPPED_BEFORE.format(during=during)
            return _error(Cause.STREAM_ENDED_FIRST, Evidence(reason=reason))
        if crash.culprit is not None and ran_any:
            return _error(Cause.BINARY_DIED_FIRST, Evidence(culprit=crash.culprit, crash=crash))
        if not ran_any:
            if pkg.action == "fail":
                return _error(Cause.DIED_BEFORE_TESTS)
            if pkg.action == "skip":
                return _error(Cause.NO_TEST_FILES)
            if _NO_TESTS_TO_RUN in self.context.output:
                return _error(Cause.NO_MATCHING_TEST)
            return _error(Cause.EXITED_BEFORE_TESTS)
        if pkg.action == "fail":
            return _error(Cause.STOPPED_BEFORE)
        return _error(Cause.NOT_RUN)


def _waited_through(run: TestRun, crash: Crash) -> bool:
    """``run`` was paused in t.Parallel when another test killed the binary (a panic, an
    os.Exit, the -timeout it ran into: Go's timeout lists the running tests, never the
    waiting ones). A top-level test named as the culprit may have crashed in a goroutine it
    started before pausing; a subtest cannot be told apart that way (the culprit is a
    top-level name)."""
    if not run.paused or crash.culprit is None:
        return False
    if crash.timeout is not None:
        return run.name not in crash.timed_out
    return "/" in run.name or crash.culprit != run.name


def _error(cause: Cause, evidence: Evidence | None = None) -> Outcome:
    return Outcome("", cause, evidence=evidence or Evidence())


def _named(outcome: Outcome, name: str) -> Outcome:
    return Outcome(
        name,
        outcome.cause,
        outcome.elapsed,
        outcome.output,
        outcome.attrs,
        outcome.subtests,
        outcome.evidence,
    )


def runs_of(name: str, runs_per_test: int) -> int:
    """How many times go test runs top-level test ``name`` when -count and -cpu ask for
    ``runs_per_test``: an Example runs once whatever they say (testing.M.Run runs the
    examples outside the -count and -cpu loops, which tests and fuzz seeds run in)."""
    return 1 if name.startswith("Example") else runs_per_test


def _runs_missing(
    pkg: PackageRun, started: int, runs_per_test: int | None, slot: TestSlot, shuffled: bool
) -> int:
    """How many of the runs -count and -cpu ask for never started, in a package go test did
    not pass (its binary died, or -failfast stopped it); 0 when not known."""
    if runs_per_test is None or pkg.action == "pass":
        return 0
    # Twins (internal and external test package) share a name: each has its own runs, but
    # under -shuffle each is given every run of the name.
    expected = runs_of(slot.name, runs_per_test) * (slot.copies if shuffled else 1)
    return max(0, expected - started)


def _combine(outcomes: Sequence[Outcome], *, repeated: bool = True) -> Outcome:
    """Several runs of one test (-count, -cpu): failed if any run failed, with that run's
    evidence; passed only when every run passed. Not ``repeated``: parallel twins (two
    tests of one name), whose runs are not one test's."""
    if len(outcomes) == 1:
        return outcomes[0]
    for causes in (_OPEN, {Cause.FAILED, Cause.LATE_FAILURE}):
        for outcome in outcomes:
            if outcome.cause in causes:
                return _merged(outcome, outcomes, repeated)
    for outcome in outcomes:
        if outcome.status == "error":
            return _merged(outcome, outcomes, repeated)
    chosen = next((o for o in outcomes if o.cause is Cause.SKIPPED), outcomes[0])
    return _merged(chosen, outcomes, repeated)


def _never_started(run: Outcome, name: str) -> Outcome:
    """Subtest ``name`` in a run of its parent that ended before it started (``run`` never
    finished, or never started): not run, for the reason the parent's run ended."""
    evidence = run.evidence or Evidence()
    if run.cause in _NOT_STARTED:
        return Outcome(name, run.cause, evidence=dataclasses.replace(evidence, runs=()))
    crash = evidence.crash
    if not crash.summary and not evidence.own_crash:  # go stopped or killed: why it ended
        reason = evidence.reason or "the test binary ended before it started"
        return Outcome(name, Cause.STREAM_ENDED_FIRST, evidence=Evidence(reason=reason))
    culprit = crash.culprit or run.name
    return Outcome(name, Cause.BINARY_DIED_FIRST, evidence=Evidence(culprit=culprit, crash=crash))


def _died_in(run: Outcome) -> bool:
    """Whether this run of a test ended before its later subtests could start: it never
    finished, never started, or panicked (Go reports ``--- FAIL`` for a test that panics,
    then the binary dies: the run looks ended)."""
    if run.cause in _OPEN or run.cause in _NOT_STARTED:
        return True
    evidence = run.evidence
    if evidence is None or run.cause is not Cause.FAILED:
        return False
    crash = evidence.crash
    return bool(evidence.own_crash) or (bool(crash.summary) and crash.culprit == top(run.name))


def _failed_without(run: Outcome, name: str, present: Mapping[str, list[Outcome]]) -> str | None:
    """The test above subtest ``name`` that failed in ``run`` (one run of their top-level
    test, whose subtests are ``present``) without starting it: the nearest one that ran.
    None when that one did not fail on its own: it passed without calling t.Run for it (a
    conditional subtest), which Go did not fail either; a late failure came after its body
    ended; a subtest of it failed in that run, so its failure may be that subtest's alone
    (the run's choice not to start this one then looks like ``if !t.Run(...) {
    t.FailNow() }``, and a single run of go test reports neither as a result of its own)."""
    parts = name.split("/")
    for depth in range(len(parts) - 1, 1, -1):
        ancestor = "/".join(parts[:depth])
        if ancestor in present:
            failed = _failed_on_its_own(present[ancestor], ancestor, present)
            return ancestor if failed else None
    return run.name if _failed_on_its_own([run], run.name, present) else None


def _failed_on_its_own(
    runs: Sequence[Outcome], name: str, present: Mapping[str, list[Outcome]]
) -> bool:
    if not any(run.status == "failed" and run.cause is not Cause.LATE_FAILURE for run in runs):
        return False
    below = name + "/"
    return not any(
        key.startswith(below) and any(sub.status == "failed" for sub in subs)
        for key, subs in present.items()
    )


def _missed(
    run: Outcome,
    name: str,
    present: Mapping[str, list[Outcome]],
    ended_first: bool,
    repeated: bool,
) -> Outcome | None:
    """Subtest ``name`` of the other runs, in ``run`` that has none of it (its subtests are
    ``present``). Not a pass Go gave, like a missing run of a test, when the run ended first
    (the binary died, go was stopped) or, for runs of one test (``repeated``), when the test
    above it failed without starting it: Go said FAIL. None: nothing is missing."""
    if ended_first:
        return _never_started(run, name)
    culprit = _failed_without(run, name, present) if repeated else None
    if culprit is None:
        return None
    return Outcome(name, Cause.PARENT_FAILED_FIRST, evidence=Evidence(culprit=culprit))


def _merged(chosen: Outcome, outcomes: Sequence[Outcome], repeated: bool = True) -> Outcome:
    """``chosen`` with the elapsed time of all runs and the subtests of all runs (a subtest
    of several runs combined like its parent, ``_missed`` standing for a run without it)."""
    names = dict.fromkeys(sub.name for outcome in outcomes for sub in outcome.subtests)
    by_name: dict[str, list[Outcome]] = {name: [] for name in names}
    for outcome in outcomes:
        present: dict[str, list[Outcome]] = {}
        for sub in outcome.subtests:
            present.setdefault(sub.name, []).append(sub)
        ended_first = _died_in(outcome)
        for name in names:
            if name in present:
                by_name[name].extend(present[name])
            elif (missed := _missed(outcome, name, present, ended_first, repeated)) is not None:
                by_name[name].append(missed)
    subtests = tuple(_combine(subs) for subs in by_name.values())
    evidence = chosen.evidence
    mixed_skip = chosen.status == "skipped" and any(o.status != "skipped" for o in outcomes)
    if (evidence is not None and chosen.status in ("failed", "error")) or mixed_skip:
        # Which runs failed, for the report (explain.py): a flaky test under -count; a test
        # skipped in one run and passed in another shows as skipped, saying so.
        shown = next(i for i, outcome in enumerate(outcomes) if outcome is chosen)
        runs = tuple(
            NEVER_STARTED if outcome.cause in _NOT_STARTED else outcome.status
            for outcome in outcomes
        )
        evidence = dataclasses.replace(evidence or Evidence(), runs=runs, shown_run=shown)
    return Outcome(
        chosen.name,
        chosen.cause,
        sum(o.elapsed for o in outcomes),
        chosen.output,
        chosen.attrs,
        subtests,
        evidence,
    )


def resolve(
    pkg: PackageRun,
    selected: Sequence[TestSlot],
    runs_per_test: int | None = None,
    *,
    shuffled: bool = False,
    source_dir: str = "",
) -> PackageVerdict:
    """Outcomes for the top-level tests pytest selected in this package (in directory
    ``source_dir``, where the explanations read the lines Go's messages point at).

    ``runs_per_test`` is how many times go runs each test (``-count`` times the ``-cpu``
    entries; None when unknown). A test reported more often than that (times the number of
    tests of the binary sharing its name) had runs forged by init or TestMain output before
    the real ones: only its last runs count.

    Two tests sharing a name (the internal and the external test package's) are told apart
    by their order, internal first; under ``-shuffle`` (``shuffled``) that order is random,
    so each of them gets every run of the name, combined (a failure of either fails both:
    never a pass Go did not give).
    """
    text = package_text(pkg)
    wanted = {slot.name: slot.copies for slot in selected}
    notes: list[Note] = []
    runs_of: dict[str, list[TestRun]] = {}
    failed_extra: dict[str, list[TestRun]] = {}  # extra runs that count for every slot
    for run in pkg.runs:
        if run.forged_by is not None:
            said = (run.action,) if run.action else ()
            notes.append(Note(NoteKind.FORGED_RUN, run.name, said, by=run.forged_by.name))
        else:
            runs_of.setdefault(run.name, []).append(run)
    notes.extend(Note(NoteKind.STRAY_RESULT, name, (action,)) for name, action in pkg.stray_results)
    for name, runs in list(runs_of.items()):
        if name not in wanted:
            ended = tuple(run.action for run in runs if run.action)
            if ended:
                # init() output forging framing lines, or a test the scanner could not see.
                notes.append(Note(NoteKind.UNCOLLECTED, name, ended))
            continue
        if runs_per_test is not None and len(runs) > runs_per_test * wanted[name]:
            runs_of[name], failed_extra[name] = _without_extra_runs(
                pkg, name, runs, runs_per_test * wanted[name], notes
            )

    open_runs = [
        each
        for name in wanted
        for run in runs_of.get(name, ())
        for each in (run, *(run.subtests or {}).values())
        if each.running
    ]
    crash = find_crash(pkg, text, open_runs)
    build_root = pkg.failed_build or (pkg.import_path if _build_failed(pkg) else None)
    context = PackageContext(
        import_path=pkg.import_path,
        output=text,
        stderr=pkg.stderr,
        build_root=build_root,
        build_output=pkg.build_output or (text if build_root else ""),
        crash=crash,
        source_dir=source_dir,
        marks_errors=pkg.marks_frames,
    )
    ran_any = any(run.started for run in pkg.runs)
    unconfirmed = ran_any and not open_runs and _results_unconfirmed(pkg, crash)
    resolver = _Resolver(pkg, context, crash, unconfirmed)
    not_run: Outcome | None = None
    outcomes: dict[TestSlot, Outcome] = {}
    reported_twins: set[int] = set()
    for slot in selected:
        runs = runs_of.get(slot.name, [])
        if not shuffled:
            runs = runs[slot.copy :: slot.copies]
        runs = [*failed_extra.get(slot.name, ()), *runs]
        started = [run for run in runs if run.started]
        if started:
            missing = _runs_missing(pkg, len(started), runs_per_test, slot, shuffled)
            outcome = resolver.runs(started, missing, reported_twins, ran_any)
            if shuffled and slot.copies > 1 and outcome.evidence is not None:
                evidence = dataclasses.replace(outcome.evidence, shuffled_twins=slot.copies)
                outcome = dataclasses.replace(outcome, evidence=evidence)
            outcomes[slot] = outcome
        else:
            if not_run is None:
                not_run = resolver.not_run(ran_any)
            outcomes[slot] = _named(not_run, slot.name)

    teardown = None
    # A failed run of a selected name explains the package's failure, also when it belongs to
    # the other test of that name (internal and external test package: -run cannot pick one
    # of them, so both ran and pytest reports only the selected one).
    failed_run = any(run.action == "fail" for name in wanted for run in runs_of.get(name, ()))
    if (
        pkg.action == "fail"
        and outcomes
        and not failed_run
        and all(o.status in ("passed", "skipped") for o in outcomes.values())
    ):
        teardown = Outcome("", Cause.PACKAGE_FAILED_AFTER_PASS, evidence=Evidence())
    died_early = pkg.action in ("pass", "fail") and build_root is None and not ran_any
    return PackageVerdict(
        context=context,
        outcomes=outcomes,
        teardown=teardown,
        cached=pkg.from_cache,
        notes=tuple(notes),
        died_early=died_early,
    )
