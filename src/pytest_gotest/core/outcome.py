"""The one model of what a Go test came to: a cause, the evidence for it, and its subtests.

Pure core. ``resolve`` produces these; ``explain`` turns them into words; the pytest edge turns
them into reports. Tests assert on causes and evidence, not on wording.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from .crash import NO_CRASH, Crash
from .output import OutputBuffer

__all__ = [
    "NEVER_STARTED",
    "Cause",
    "Evidence",
    "Note",
    "NoteKind",
    "Outcome",
    "PackageContext",
    "PackageVerdict",
    "Phase",
    "Status",
    "TestSlot",
    "failed_on_their_own",
    "subtest_missing",
    "subtest_outcome",
    "tree_order",
]

# An entry of Evidence.runs for a run of a test that never started (-count, -cpu: the binary
# died before it): not a status pytest knows.
NEVER_STARTED: Final = "not run"

Status = Literal["passed", "failed", "skipped", "error"]
Phase = Literal["setup", "call", "teardown"]


class Cause(enum.Enum):
    """Why a Go test has the result it has. The value is (pytest status, phase)."""

    # The test ran and Go ended it.
    PASSED = ("passed", "call")
    FAILED = ("failed", "call")
    SKIPPED = ("skipped", "call")
    # Go said pass, then a goroutine the test left behind failed it after it had completed.
    LATE_FAILURE = ("failed", "call", "late")
    # The test started and never ended: the binary died while it ran.
    TIMED_OUT = ("failed", "call", "timeout")
    CRASHED = ("failed", "call", "crash")  # panic, fatal error, signal
    EXITED = ("failed", "call", "exit")  # os.Exit, log.Fatal: no trace
    EXITED_ZERO = ("failed", "call", "exit0")  # os.Exit(0) without -test.paniconexit0
    NO_RESULT = ("failed", "call", "truncated")  # go stopped or killed mid-test
    # The test never (really) ran: an error at setup, with the reason.
    FORGED = ("error", "setup", "forged")  # framing printed by init/TestMain, not by m.Run
    BUILD_FAILED = ("error", "setup", "build")
    BINARY_DIED_FIRST = ("error", "setup", "died")  # in another test, before this one
    STREAM_ENDED_FIRST = ("error", "setup", "stopped")  # go stopped or killed before it
    DIED_BEFORE_TESTS = ("error", "setup", "init")  # init, TestMain or flag parsing failed
    EXITED_BEFORE_TESTS = ("error", "setup", "exit0")  # exit 0 without m.Run: go says "ok"
    NO_TEST_FILES = ("error", "setup", "notests")
    NO_MATCHING_TEST = ("error", "setup", "nomatch")  # "testing: warning: no tests to run"
    STOPPED_BEFORE = ("error", "setup", "failfast")  # the package failed before it started
    # -count/-cpu: a run of the test above this subtest failed without starting it, although
    # another run did start it (culprit: that test). Go said FAIL: not a pass it gave.
    PARENT_FAILED_FIRST = ("error", "setup", "parent")
    NOT_RUN = ("error", "setup", "notrun")
    # Package-level, after every selected test passed.
    PACKAGE_FAILED_AFTER_PASS = ("error", "teardown", "exit")

    @property
    def status(self) -> Status:
        return self.value[0]  # type: ignore[no-any-return]

    @property
    def phase(self) -> Phase:
        return self.value[1]  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class TestSlot:
    """One collected test as Go's binary knows it.

    A name may belong to two tests of one binary: the internal test package (``package p``)
    and the external one (``package p_test``). Go runs both, internal first, and reports both
    under the same name; ``copy`` says which one this is and ``copies`` how many there are.
    """

    __test__ = False

    name: str
    copy: int = 0
    copies: int = 1


@dataclass(frozen=True, slots=True)
class Evidence:
    """What Go said about a test that did not pass; only the fields its cause needs are set."""

    output: str = ""  # the test's own output, framing lines removed
    error_text: str = ""  # the t.Error/t.Fatal lines Go marked (Go 1.27+)
    own_crash: str = ""  # a panic/fatal/signal line in the test's own output
    crash: Crash = NO_CRASH  # the package's crash, when it concerns this test
    culprit: str | None = None  # the test the binary died in
    said: str | None = None  # FORGED: what Go reported ("pass", "run"...)
    exit_line: str = ""  # EXITED: "exit status 3" or the like
    reason: str | None = None  # NO_RESULT / STREAM_ENDED_FIRST: why the stream ended
    # BINARY_DIED_FIRST of a test that had started and was waiting in t.Parallel (paused).
    paused: bool = False
    failed_subtests: tuple[str, ...] = ()
    # > 1: this many parallel tests of one name (internal and external test package) ran, and
    # Go's events cannot tell them apart: this is the worst of their results.
    twins: int = 0
    # -count/-cpu: each run's status in Go's order when the test ran more than once, and which
    # of them (0-based) this evidence is from.
    runs: tuple[str, ...] = ()  # each a status, or NEVER_STARTED
    shown_run: int = 0
    # -shuffle with tests of one name in the internal and the external test package: the
    # runs are all of them, which cannot be told apart (this many tests share the name).
    shuffled_twins: int = 0


# Not frozen, though never changed once made: a frozen dataclass sets each field through
# object.__setattr__, which made this constructor a tenth of a cached run's main-thread time
# (one Outcome per Go test and subtest: expr has 66,761). Changes go through
# dataclasses.replace, as for the frozen classes here.
@dataclass(slots=True)
class Outcome:
    """What one Go test or subtest came to."""

    name: str
    cause: Cause
    elapsed: float = 0.0
    # The test's own output, decoded on demand (kept for passes only when a report shows it).
    output: OutputBuffer | None = field(default=None, compare=False, repr=False)
    attrs: tuple[tuple[str, str], ...] = ()
    subtests: tuple[Outcome, ...] = ()
    evidence: Evidence | None = None

    @property
    def status(self) -> Status:
        return self.cause.status

    @property
    def phase(self) -> Phase:
        return self.cause.phase

    def output_text(self) -> str:
        """The test's output without framing lines."""
        if self.evidence is not None and self.evidence.output:
            return self.evidence.output
        return self.output.text(drop_frames=True) if self.output is not None else ""


class NoteKind(enum.Enum):
    """Go reported something that changes no outcome; the user is told (a warning)."""

    UNCOLLECTED = "uncollected"  # a result for a name pytest did not collect
    EXTRA_RUNS = "extra runs"  # more runs than -count x -cpu: the first ones were forged
    FORGED_RUN = "forged run"  # a run started by a line another test printed
    STRAY_RESULT = "stray result"  # a result for a test that was not running


@dataclass(frozen=True, slots=True)
class Note:
    kind: NoteKind
    test: str
    actions: tuple[str, ...] = ()
    expected: int | None = None  # EXTRA_RUNS: how many runs -count x -cpu explain
    by: str | None = None  # FORGED_RUN: the test that printed the framing


@dataclass(frozen=True)
class PackageContext:
    """Package-level facts every explanation of this package may need."""

    import_path: str
    output: str  # package-level output worth showing (no frames, no summary line)
    stderr: str = ""
    build_root: str | None = None  # the package whose build failed (maybe a dependency)
    build_output: str = ""
    crash: Crash = NO_CRASH
    # The package's directory: where Go's "file.go:NN:" locations are read (core/explain.py
    # tells a t.Log line from a failure's by the call at that line); "": not known.
    source_dir: str = ""
    # Go 1.27+ (it marks its frames, and a test's t.Error/t.Fatal lines): a failed test
    # without a marked line printed no error of its own.
    marks_errors: bool = False


@dataclass(frozen=True)
class PackageVerdict:
    """The outcomes of the selected tests of one package, and what concerns the package."""

    context: PackageContext
    outcomes: dict[TestSlot, Outcome]
    teardown: Outcome | None = None  # the package failed after its tests passed
    cached: bool = False
    notes: tuple[Note, ...] = ()
    # The binary ended before any test started (init, TestMain): a hazard may explain it.
    died_early: bool = False
    # --go-shard: each test's context is its own go process's (core/shard.py); None: one.
    contexts: Mapping[TestSlot, PackageContext] | None = None

    @property
    def import_path(self) -> str:
        return self.context.import_path

    def context_of(self, slot: TestSlot) -> PackageContext:
        """The context of the process that ran this test."""
        if self.contexts is None:
            return self.context
        return self.contexts.get(slot, self.context)

    def outcome(self, name: str, copy: int = 0) -> Outcome:
        """The outcome of a test by name (tests and the golden tables use this)."""
        for slot, outcome in self.outcomes.items():
            if slot.name == name and slot.copy == copy:
                return outcome
        raise KeyError(name)


def subtest_outcome(top: Outcome, name: str) -> Outcome:
    """What subtest ``name`` came to, from its top-level test's outcome (a pytest item that
    stands for one subtest: ``x_test.go::TestMove/up``), with its own subtests.

    A subtest Go did not report: the top-level test's failure, skip or error explains it
    (it failed, was skipped or never ran before reaching the subtest); if the top-level test
    passed, Go ran it without this subtest (renamed, or a name made at run time), and the
    subtest did not run.
    """
    prefix = name + "/"
    found: Outcome | None = None
    nested: list[Outcome] = []
    for sub in top.subtests:
        if sub.name == name:
            found = sub
        elif sub.name.startswith(prefix):
            nested.append(sub)
    if found is None:
        if top.cause is Cause.PASSED:
            return Outcome(name, Cause.NOT_RUN, evidence=Evidence())
        return dataclasses.replace(top, subtests=())
    evidence = found.evidence
    if evidence is not None:
        failed = tuple(s.name for s in nested if s.status == "failed")
        evidence = dataclasses.replace(evidence, failed_subtests=failed)
    return dataclasses.replace(found, subtests=tuple(nested), evidence=evidence)


def subtest_missing(top: Outcome, name: str) -> bool:
    """Whether Go ran top-level test ``top`` for subtest ``name`` (its ``-run`` selector) and
    it has no such subtest: the test passed and reported neither the subtest nor a subtest
    below it (renamed or removed since its id was kept). A failed, skipped or unfinished test
    may have stopped before reaching it: that says nothing about the subtest."""
    if top.cause is not Cause.PASSED:
        return False
    prefix = name + "/"
    return not any(sub.name == name or sub.name.startswith(prefix) for sub in top.subtests)


def failed_on_their_own(top: Outcome, name: str) -> tuple[Outcome, ...]:
    """The ancestors of subtest ``name`` (the top-level test, then each intermediate subtest)
    that Go failed while none of their own subtests failed, when ``name`` itself ran.

    A Go test fails when one of its subtests fails, or on its own (a ``t.Error`` in its body,
    a panic after its subtests). A pytest item for one subtest (``--lf``, a subtest's node id)
    reports that subtest; the test above it is no item of the run, so without these its
    own failure would go unreported and the run could pass where Go said FAIL. A failed
    subtest below an ancestor explains the ancestor's failure: that one is reported already.
    Each is returned without its subtests (the ones that ran are the item's to report).
    """
    parts = name.split("/")
    if len(parts) < 2:
        return ()
    by_name = {sub.name: sub for sub in top.subtests}
    if name not in by_name:
        return ()  # it did not run: the item reports the top-level test's account
    own: list[Outcome] = []
    for depth in range(1, len(parts)):
        ancestor = "/".join(parts[:depth])
        outcome = top if depth == 1 else by_name.get(ancestor)
        if outcome is None or outcome.status in ("passed", "skipped"):
            continue
        prefix = ancestor + "/"
        if any(
            sub.name.startswith(prefix)
            and sub.status not in ("passed", "skipped")
            # Not started because this ancestor failed first (-count): no explanation.
            and sub.cause is not Cause.PARENT_FAILED_FIRST
            for sub in top.subtests
        ):
            continue
        own.append(dataclasses.replace(outcome, subtests=()))
    return tuple(own)


def tree_order(top: str, subtests: tuple[Outcome, ...]) -> tuple[Outcome, ...]:
    """Test ``top``'s subtests (every level, as Go started them: a parent before its
    subtests) in the order their reports are made: depth first, each subtest right after its
    own subtests, siblings as Go started them (post-order; ``top`` itself, last, is not one).
    So a parent, whose failure or crash pointer is about its subtests, comes after them, as
    ``top``'s own report does. A subtest whose parent Go did not report (a name with a "/"
    of its own, ``t.Run("a/b")``) goes under its nearest reported ancestor. Linear: a module
    can have tens of thousands of subtests; the same tuple when no subtest has any."""
    floor = len(top)
    if all(sub.name.find("/", floor + 1) < 0 for sub in subtests):
        return subtests  # one level: nothing to move (most tests; no dict for 66,000 names)
    index = {sub.name: i for i, sub in enumerate(subtests)}
    children: dict[int, list[int]] = {}
    roots: list[int] = []
    for i, sub in enumerate(subtests):
        name = sub.name
        cut = name.rfind("/")
        while cut > floor and name[:cut] not in index:
            cut = name.rfind("/", 0, cut)
        if cut > floor:
            children.setdefault(index[name[:cut]], []).append(i)
        else:
            roots.append(i)
    if not children:
        return subtests
    ordered: list[Outcome] = []
    for root in roots:
        stack = [(root, iter(children.get(root, ())))]
        while stack:
            node, below = stack[-1]
            child = next(below, None)
            if child is None:
                stack.pop()
                ordered.append(subtests[node])
            else:
                stack.append((child, iter(children.get(child, ()))))
    return tuple(ordered)
