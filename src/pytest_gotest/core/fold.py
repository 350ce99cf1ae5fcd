"""Fold one ``go test -json`` process's stream into one ``PackageRun`` per package.

Pure core. Events are keyed by their ``Package`` and ``Test`` fields, never by guessing from
text (docs/internals/go-test-json.md). The folder is fed by the reader thread of one process
and hands a package to ``on_done`` as soon as its terminal event arrives, so a pytest item
waits only for its own package, not for the whole batch.

What is kept, per *run* of a test (``-count``/``-cpu`` and a name shared by the internal and
the external test package make several runs of one name): Go's terminal action, its elapsed
time, attributes, and the test's own output without the framing lines. Go 1.27 marks its
frames; before, a line the test printed can read exactly like one of its own frames, and
only the line's place among the events tells them apart (``_own_frame``). Output of a run that
passed is dropped at once unless a report will show it (``keep_passed_output``): on a Go
test-cache hit the whole stream is replayed, and expr's 66,000 subtests must not cost memory.

Three rules keep forged framing from producing a green test (the testing package's framing
marks are not checked before m.Run, and a test can print them too):

- a top-level ``run`` that arrives while another top-level test is running (not paused) was
  printed by that test: the new run is marked ``forged_by`` it, and what it prints goes back
  to the printer (a test printing its own ``=== RUN`` line starts nothing); so is a second run
  of a subtest name within one run of its parent (Go makes those names unique);
- a terminal event for a paused test, for a name that never started, or for a run that already
  ended changes nothing (it is kept in ``PackageRun.stray_results`` for a warning), except
  that a ``fail`` for an ended run counts when no other test is running to have printed it: a
  test that printed its own ``--- PASS:`` line and then failed is failed;
- output for a top-level run that ended or is paused goes to the running top-level test.

Parallel tests of the internal and the external test package that share a name produce events
that cannot be told apart; their runs are ``twins`` and resolve gives both the worse result.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from .events import BuildEvent, NonJSONLine, OutputEvent, TestEvent, elapsed_at, parse_line_slow
from .events import scan_fields as _scan
from .output import CaptureLimits, OutputBuffer, decode_output

__all__ = [
    "DISPUTED",
    "PackageRun",
    "StreamFolder",
    "TestRun",
    "describe_exit",
    "split_legacy_build_text",
]

_TERMINAL: Final = frozenset({"pass", "fail", "skip"})
# What ``PackageRun.on_top_end`` is told of a test whose ended run was failed again while
# other tests ran (``PackageRun.disputed_failures``): the package's result decides.
DISPUTED: Final = "disputed"
# Nested read-aheads after one another's unread line (StreamFolder.feed_lines).
_MAX_READ_AHEAD_DEPTH: Final = 8
# m.Run's last line, as it looks in raw JSON.
_RUN_END_TEXT: Final = ('"Output":"PASS\\n"', '"Output":"FAIL\\n"')
# The package's own summary line ("ok  \tpkg\t0.01s", "FAIL\tpkg ...") as it looks in raw JSON.
_SUMMARY_TEXT: Final = ("ok  \\t", "FAIL\\t")
# What go prints after a test binary killed by a signal ("signal: killed"), in raw JSON.
_SIGNAL_TEXT: Final = "signal: "
_OUTPUT_AFTER_TEST: Final = ',"Output":"'
_OUTPUT_FIELD: Final = '"Output":"'
_OUTPUT_TYPE_FIELD: Final = '"OutputType":"'
# A test that ran and passed without output, exactly as Go (<= 1.26) writes it: its run event,
# its `=== RUN` frame, its `--- PASS` frame (any indentation) and its pass event, all of one
# package and test. Names with escapes (quotes, backslashes, <>&) are left to the general path.
# Groups: package, test, elapsed. It starts with a literal, which re finds by a fast scan (a
# leading ^ would be tried at every character); feed_text checks that a match starts a line.
_QUIET_PASS_RE: Final = re.compile(
    r'\{"Time":"[^"\n]*","Action":"run","Package":"([^"\\\n]*)","Test":"([^"\\\n]*)"\}\n'
    r'\{"Time":"[^"\n]*","Action":"output","Package":"\1","Test":"\2",'
    r'"Output":"=== RUN   \2\\n"\}\n'
    r'\{"Time":"[^"\n]*","Action":"output","Package":"\1","Test":"\2",'
    r'"Output":" *--- PASS: \2 \(\d+(?:\.\d+)?s\)\\n"\}\n'
    r'\{"Time":"[^"\n]*","Action":"pass","Package":"\1","Test":"\2","Elapsed":(\d+(?:\.\d+)?)\}\n'
)
# One ordinary output line of a test, as Go writes it: Output right after Test, its text
# neither a frame (or anything starting like one), nor the package's summary line, nor go's
# "signal: " line (the three texts _test_output treats apart), and not ending as a line that
# Go 1.27 marks as a frame (`,"OutputType":"frame"}`, the one OutputType that matters there).
_ORDINARY_OUTPUT: Final = r'"Output":"(?! *(?:=== |--- )|ok  \\t|FAIL\\t|signal: )'
_OUTPUT_LINE: Final = (
    _ORDINARY_OUTPUT  # what the text starts with
    + r'[^\n]*+(?<="\})(?<!"frame"\})\n'  # how the line ends (read once: no backtracking)
)
# A run of such lines of one package and test: they all go to one run's buffer, in order.
_OUTPUT_BLOCK_RE: Final = re.compile(
    r'\{"Time":"[^"\n]*","Action":"output","Package":"([^"\\\n]*)","Test":"([^"\\\n]*)",'
    + _OUTPUT_LINE
    + r'(?:\{"Time":"[^"\n]*","Action":"output","Package":"\1","Test":"\2",'
    + _OUTPUT_LINE
    + ")*"
)
# Where a run of them can start: the field of an ordinary output line. Looked for first (a
# literal, which the regular expression engine scans for quickly), and a run matched from the
# start of its line: searching for whole runs tried the run's pattern at every line, which
# on a stream of parallel subtests (cedar-policy/cedar-go v1.9.2: 6 million lines of frames
# and events, no run) was a fifth of the reader thread's time, for nothing.
_ORDINARY_OUTPUT_RE: Final = re.compile(_ORDINARY_OUTPUT)
# Text between two quiet passes shorter than this goes through feed_lines without looking
# for output runs: a few lines (a parent test's frames, one line of output) cost more to
# split than they save. A module's stream of chatty tests is mostly long stretches.
_OUTPUT_RUN_MIN_CHARS: Final = 8192
# A line with its newline, or the stream's last line without one.
_LINE_RE: Final = re.compile(r"[^\n]*\n|[^\n]+\Z")
# A line that reads like a frame; group 1 or 2 is its word (PASS, RUN, ...).
_RAW_FRAME_RE: Final = re.compile(
    r" *(?:--- (PASS|FAIL|SKIP|BENCH): |=== (RUN|PAUSE|CONT|NAME|ATTR|ARTIFACTS)\b)"
)
# What _frame_kind says of a frame Go 1.27+ marked (OutputType "frame").
_MARKED_REPORT: Final = "marked report line"
_MARKED_FRAME: Final = "marked frame"
# The `===` frames test2json writes right after their event (run, cont, attr, artifacts).
_AFTER_EVENT: Final = frozenset({"RUN", "CONT", "ATTR", "ARTIFACTS"})
# What can come between a test's report line and its terminal event, which test2json sends
# with the next frame: a crash (a panic, its trace after the report lines), go's line on a
# killed binary, the race detector's report.
_AFTER_REPORT_RE: Final = re.compile(
    r"(?:panic: |fatal error: |signal: |SIG[A-Z]+: |\*\*\* Test killed|==================\n)"
)
# The event test2json writes right after a test's own report line (the event is made from
# the line) or `=== PAUSE` line.
_CONFIRMED_BY: Final = {"PASS": "pass", "FAIL": "fail", "SKIP": "skip", "PAUSE": "pause"}
# What a failing Example prints right after its report line (testing's processRunResult).
_EXAMPLE_GOT: Final = ("got:\n", "got (unordered):\n")


class TestRun:
    """One run of one test name (top-level or subtest) in one package."""

    __test__ = False  # not a pytest test class

    __slots__ = (
        "action",
        "attrs",
        "elapsed",
        "extra_runs",
        "forged_by",
        "frame_due",
        "framed",
        "name",
        "output",
        "paused",
        "reported",
        "running",
        "subtests",
        "twins",
    )

    def __init__(
        self, name: str, action: str | None = None, elapsed: float = 0.0, framed: bool = False
    ) -> None:
        self.name = name
        self.action = action  # pass | fail | skip once Go ended it
        self.running = False
        self.paused = False
        self.elapsed = elapsed
        self.output: OutputBuffer | None = None  # created with the first kept line
        self.attrs: list[tuple[str, str]] | None = None
        # The last output line was the test's `--- PASS/FAIL/SKIP:` report line.
        self.framed = framed
        # Its report line was folded: the same text again is what the test printed (an
        # Example's got: block follows its report line).
        self.reported = framed
        # The event just folded (run, cont, attr, artifacts) is followed by its `===` line:
        # test2json writes the event, then the line. The same text elsewhere was printed.
        self.frame_due = False
        # Subtest runs of this top-level run, by full name, in start order.
        self.subtests: dict[str, TestRun] | None = None
        # The running top-level test that printed this run's `=== RUN` line (forged framing).
        self.forged_by: TestRun | None = None
        # Runs of the same name running at the same time (parallel tests of the internal and
        # the external test package): which event belongs to which cannot be known.
        self.twins: list[TestRun] | None = None
        # More runs of this name on this run, still open: a fuzz target's corpus entries of
        # one name, run in parallel (start_run); each end event closes one.
        self.extra_runs = 0

    @property
    def started(self) -> bool:
        return self.running or self.action is not None

    def output_text(self) -> str:
        return self.output.text(drop_frames=True) if self.output is not None else ""

    def error_text(self) -> str:
        return self.output.error_lines() if self.output is not None else ""

    def close(self) -> None:
        if self.output is not None:
            self.output.close()
        if self.subtests:
            for sub in self.subtests.values():
                sub.close()

    def __repr__(self) -> str:
        return f"<TestRun {self.name} action={self.action} running={self.running}>"


class PackageRun:
    """One package's share of a ``go test -json`` stream."""

    def __init__(
        self, import_path: str, limits: CaptureLimits, keep_passed_output: bool = True
    ) -> None:
        self.import_path = import_path
        self.limits = limits
        self.keep_passed_output = keep_passed_output
        self.runs: list[TestRun] = []  # top-level runs in start order, forged ones included
        self.current: dict[str, TestRun] = {}  # the newest run of every name
        self.open_tops: list[TestRun] = []  # top-level runs without a terminal event
        self.output = OutputBuffer(limits)  # package-level output (no Test field)
        self.action: str | None = None  # pass | fail | skip, None while running or truncated
        self.elapsed: float | None = None
        self.failed_build: str | None = None
        self.build_output = ""
        self.started = False
        self.truncated_reason: str | None = None
        self.stderr = ""
        # Terminal events for names that were not running: (name, action).
        self.stray_results: list[tuple[str, str]] = []
        # Runs failed after their pass while other tests ran (``end_run``): failed only if
        # the package fails (``_uphold_disputed_failures``).
        self.disputed_failures: list[TestRun] = []
        # The test whose name test2json put on the package's summary line and terminal event.
        self.mislabelled_end: str | None = None
        # That summary line while it is only a candidate (``StreamFolder._test_output``).
        self.pending_summary: str | None = None
        # The test of the newest terminal event when it was a `pass` without a report line.
        self.frameless_pass: str | None = None
        # An unmarked line that reads like a test's own report or `=== PAUSE` line, held
        # until the package's next event tells Go's line from one the test printed
        # (``_settle_frame``): the run, the test named, the raw line, the event that
        # confirms it is Go's (``_CONFIRMED_BY``). A plain tuple: one is made for every
        # report line of a test with output.
        self.pending_frame: tuple[TestRun, str, str, str] | None = None
        # Output lines labelled with that test that came after a held report line, in order,
        # held with it (``_held_through``), each with whether it reads like a frame (then kept
        # as the text it is): a parallel test's output, which test2json labels with the test
        # whose report line came last, written before that test's terminal event.
        self.held_lines: list[tuple[str, bool]] | None = None
        # Go 1.27+ marks its frames (OutputType "frame"): then an unmarked line never is one.
        self.marks_frames = False
        self._unread: TestRun | None = None  # a passed run whose output is dropped next
        # len(runs) at each package-level "PASS"/"FAIL" line, m.Run's last line: runs before
        # such a line and runs after it came from two calls of m.Run (core.resolve).
        self.run_ends: list[int] = []
        # Told (name, action) when a top-level run Go started ends (not a forged one, nor a
        # stray result), and (top-level name, DISPUTED) when a run of that test is disputed:
        # -x need not wait for a package whose tests before the failing one ended
        # (StreamFolder's ``on_end``). Called from the reader thread; must not raise.
        self.on_top_end: Callable[[str, str], None] | None = None

    def package_output(self, raw: str) -> None:
        """A package-level output line, as Go's JSON has it."""
        if _RUN_END_TEXT[0] in raw or _RUN_END_TEXT[1] in raw:
            self.run_ends.append(len(self.runs))
        self.output.append_raw(raw)

    @property
    def done(self) -> bool:
        return self.action is not None or self.truncated_reason is not None

    @property
    def from_cache(self) -> bool:
        """Go answered from its test cache: its summary line says ``ok  <pkg>  (cached)``."""
        return any(
            text.startswith("ok  \t") and "(cached)" in text for text, _ in self.output.texts()
        )

    def close(self) -> None:
        self.output.close()
        for run in self.runs:
            run.close()

    # -- folding (called by StreamFolder only) -------------------------------------------------

    def _printer(self, besides: TestRun | None = None) -> TestRun | None:
        """The top-level run that is running (not paused): whoever prints now. Benchmarks do
        not count: Go emits no ``pass`` for a passing benchmark, so they never end."""
        for run in self.open_tops:
            if not run.paused and run is not besides and not run.name.startswith("Benchmark"):
                return run
        return None

    def live(self, name: str) -> TestRun | None:
        """The run that events labelled ``name`` are about."""
        return self.current.get(name)

    def start_run(self, name: str) -> TestRun:
        """A ``run`` event: the run it starts (or the running test that printed it). Its
        `=== RUN` line comes next, to the run that takes this name's output (``frame_due``)."""
        run = TestRun(name)
        run.running = True
        slash = name.find("/")
        if slash == -1:
            previous = self.current.get(name)
            printer = self._printer()
            if printer is not None and printer.name == name:
                # A test printing its own `=== RUN` line: nothing starts.
                self.stray_results.append((name, "run"))
                printer.frame_due = True
                return printer
            if printer is not None:
                run.forged_by = printer
                printer.frame_due = True
                self.runs.append(run)
                if previous is not None and previous.running:
                    return run  # the real run of that name (paused) keeps its events
                self.current[name] = run
                return run
            if previous is not None and previous.running and previous.forged_by is None:
                # Two tests of one binary share the name (internal and external test
                # package), both parallel: their events cannot be told apart.
                group = previous.twins if previous.twins is not None else [previous]
                group.append(run)
                for member in group:
                    member.twins = group
            self.open_tops.append(run)
            self.runs.append(run)
        else:
            parent = self.current.get(name[:slash])
            if parent is not None:
                if parent.subtests is None:
                    parent.subtests = {}
                if name in parent.subtests:
                    earlier = parent.subtests[name]
                    if _corpus_entry(name, slash) and _takes_another_entry(earlier, parent):
                        # A fuzz target's seed corpus: Go names f.Add's entries seed#N and
                        # testdata/fuzz's by their file names, and makes neither unique. A
                        # file named seed#0 is a second real run of FuzzX/seed#0: it goes on
                        # the same run, which ends with the worse of the two results.
                        if earlier.running:
                            earlier.extra_runs += 1  # both run now (t.Parallel in the body)
                        else:
                            earlier.running = True
                            if earlier.action != "fail" and earlier.output is not None:
                                # A pass's or skip's text would head the failure's report.
                                earlier.output.close()
                                earlier.output = None
                        self.current[name] = earlier
                        earlier.frame_due = True
                        # This entry's report line is still to come: the first entry's
                        # says nothing of it.
                        earlier.reported = earlier.framed = False
                        return earlier
                    # Go makes subtest names unique within a run: a second run of one name
                    # was printed by a running test.
                    run.forged_by = parent.forged_by or parent
                else:
                    parent.subtests[name] = run
                    run.forged_by = parent.forged_by
        self.current[name] = run
        (run.forged_by or run).frame_due = True
        return run

    def quiet_pass(self, name: str, elapsed: float) -> None:
        """A test that ran and passed without output: what its ``run`` event, its two frames
        and its ``pass`` event do, a subtest's in one step when it can be."""
        if not self._quiet_subtest_pass(name, elapsed):
            self.start_run(name)
            run = self.target_of_output(name)
            run.frame_due = False  # its `=== RUN` line came
            run.framed = True  # the test's report line, right before its pass
            if run.name == name:
                run.reported = True
            self.end_run(name, "pass", elapsed)

    def frame_follows(self, name: str) -> None:
        """An event of ``name`` that test2json follows with its `===` line (cont, attr,
        artifacts; run: ``start_run``)."""
        if name in self.current:
            self.target_of_output(name).frame_due = True

    def _quiet_subtest_pass(self, name: str, elapsed: float) -> bool:
        """``quiet_pass`` of a subtest in the common case (its parent runs, neither forged
        nor already holding that name); False, with nothing done, otherwise."""
        slash = name.find("/")
        if slash == -1:
            return False
        parent = self.current.get(name[:slash])
        if parent is None or parent.forged_by is not None:
            return False
        subtests = parent.subtests
        if subtests is None:
            subtests = parent.subtests = {}
        elif name in subtests:
            return False
        run = TestRun(name, "pass", elapsed, True)  # ended, its report line seen
        subtests[name] = run
        self.current[name] = run
        self.frameless_pass = None
        if not self.keep_passed_output:
            self._drop_unread(run)
        return True

    def _pick(self, name: str, wanted: str) -> TestRun | None:
        """Among runs sharing a name (parallel copies), the one an event is about."""
        run = self.current.get(name)
        if run is None or run.twins is None:
            return run
        for member in run.twins:
            if wanted == "pause" and member.running and not member.paused:
                return member
            if wanted == "cont" and member.paused:
                return member
            if wanted == "end" and member.running and not member.paused:
                return member
        return next((m for m in run.twins if m.running), run)

    def pause_run(self, name: str, paused: bool) -> None:
        run = self._pick(name, "pause" if paused else "cont")
        if run is not None:
            run.paused = paused
            if not paused:
                self.frame_follows(name)  # its `=== CONT` line

    def end_run(self, name: str, action: str, elapsed: float | None) -> None:
        run = self._pick(name, "end")
        if run is None or (run.running and run.paused) or not run.started:
            # A paused test cannot end: a running test printed that result.
            self.stray_results.append((name, action))
            return
        if not run.running:
            # Already ended: another report line for it. A failure still counts when no other
            # test is running to have printed it (the test printed its own pass first); a
            # later result never makes a test greener.
            slash = name.find("/")
            own_top = self.current.get(name if slash == -1 else name[:slash])
            if action == "fail" and run.action != "fail":
                if self._printer(own_top) is None:
                    run.action = "fail"
                    return
                # A test running beside it may have printed this failure, or the test printed
                # its own pass before Go's real failure: the package's result decides
                # (``disputed_failures``).
                self.disputed_failures.append(run)
                if self.on_top_end is not None:
                    self.on_top_end(name if slash == -1 else name[:slash], DISPUTED)
            self.stray_results.append((name, action))
            return
        self.frameless_pass = name if action == "pass" and not run.framed else None
        # None but for a second corpus entry of one name (start_run): never made greener.
        run.action = action if run.action is None else _worse(run.action, action)
        if run.extra_runs:
            run.extra_runs -= 1  # another entry of this name still runs
            if elapsed is not None:
                run.elapsed = max(run.elapsed, elapsed)
            return
        run.running = False
        if elapsed is not None:
            run.elapsed = elapsed
        if "/" not in name and run in self.open_tops:
            # A top-level run Go started (forged runs are never open tops) ends here, on
            # every path: the general one, quiet passes, the decoder's.
            self.open_tops.remove(run)
            if self.on_top_end is not None and (action != "pass" or run.framed):
                # A pass without its report line may be the package's own end that
                # test2json labelled with the test (``StreamFolder.finish``): not told.
                self.on_top_end(name, action)
        if not self.keep_passed_output:
            self._drop_unread(run if action == "pass" and run.framed else None)

    def _drop_unread(self, newly_passed: TestRun | None) -> None:
        """Nobody will read the output of a passed run: drop it, one terminal event late (a
        test that printed its own ``--- PASS:`` line is failed right after, and then its
        output is shown). A frameless pass may still turn out to be the package's: kept."""
        pending = self._unread
        if pending is not None and pending.action == "pass" and pending.output is not None:
            pending.output.close()
            pending.output = None
        self._unread = newly_passed

    def target_of_output(self, name: str) -> TestRun:
        """The run whose buffer takes output labelled ``name``."""
        run = self.current.get(name)
        if run is None:
            # Output for a name that never started: keep it where it can be shown.
            run = self.current[name] = TestRun(name)
            return run
        if run.forged_by is not None:
            return run.forged_by
        if "/" not in name and (run.action is not None or run.paused):
            # Ended or paused, so not printing: test2json's idea of the current test is out
            # of date (framing printed by the running test moved it).
            printer = self._printer(run)
            if printer is not None:
                return printer
        return run


def _corpus_entry(name: str, slash: int) -> bool:
    """``FuzzX/entry``: a fuzz target's direct subtest, which is one seed corpus entry
    (``testing.F`` has no ``Run``; subtests of the fuzz function's ``t`` are deeper)."""
    return name.startswith("Fuzz") and name.find("/", slash + 1) == -1


def _takes_another_entry(earlier: TestRun, parent: TestRun) -> bool:
    """The earlier run of an entry's name is real, in the same real run of the target."""
    return earlier.forged_by is None and parent.forged_by is None


_SEVERITY: Final = {"skip": 0, "pass": 1, "fail": 2}


def _worse(first: str, second: str) -> str:
    """The result of two runs reported as one: a failure in either fails it, then a pass."""
    return first if _SEVERITY.get(first, 2) >= _SEVERITY.get(second, 2) else second


def _summary_confirmed(pkg: PackageRun) -> None:
    """The candidate summary line was followed by its test's terminal event: both are the
    package's (``StreamFolder._test_output``)."""
    line, pkg.pending_summary = pkg.pending_summary, None
    if line is not None:
        pkg.output.append_raw(line)


def _summary_was_output(pkg: PackageRun) -> None:
    """Another event of the package followed the candidate summary line: the binary still
    ran, so the line was what its test printed, and goes back to that test's output."""
    line, pkg.pending_summary = pkg.pending_summary, None
    test, pkg.mislabelled_end = pkg.mislabelled_end, None
    if line is not None and test is not None:
        run = pkg.target_of_output(test)
        run.framed = False
        _keep(run, pkg, line)


def _uphold_disputed_failures(pkg: PackageRun) -> None:
    """The package failed: a failure reported after a test's pass while other tests ran
    (``PackageRun.disputed_failures``) fails that test. Printed by one of them, it would have
    failed no test of a package that passed; here either the test printed its own pass
    before failing (a raw ``^V`` line) or another failure failed the package, and a false
    green is the one error not allowed."""
    for run in pkg.disputed_failures:
        run.action = "fail"
        with contextlib.suppress(ValueError):
            pkg.stray_results.remove((run.name, "fail"))
    pkg.disputed_failures.clear()


def _own_frame(pkg: PackageRun, run: TestRun, test: str, line: str, word: str) -> None:
    """An unmarked line that reads like a frame of the test it is labelled with (Go <= 1.26
    marks none): Go's own, or text the test printed (``fmt.Println("--- FAIL: TestX")``, an
    Example's got: block), told by the events around it. test2json writes each of its frames
    at a fixed place among them (docs/internals/go-test-json.md, section 4)."""
    if word in _AFTER_EVENT:
        if run.frame_due:
            run.frame_due = False
            _frame_seen(run, False)
        else:
            _printed(run, pkg, line)
    elif word == "NAME":
        _printed(run, pkg, line)  # test2json writes no `=== NAME` line of its own
    elif test.startswith("Benchmark"):
        # A benchmark's log follows its report line, and a passing one gets no terminal event
        # to check that line against: taken for Go's, as its text says.
        _frame_seen(run, True)
    elif word == "BENCH":
        _printed(run, pkg, line)  # Go writes `--- BENCH:` for benchmarks only
    elif word != "PAUSE" and run.reported and run.name == test and run.twins is None:
        # Go reports a run once: this was printed after that. Twins (the internal and the
        # external test package's test of one name) share the name's events.
        _printed(run, pkg, line)
    else:
        pkg.pending_frame = (run, test, line, _CONFIRMED_BY[word])


def _held_through(pkg: PackageRun, action: str, test: str | None, line: str) -> bool:
    """The package's next event after a held line (``PackageRun.pending_frame``): an ordinary
    output line labelled with the test of a held report line is held with it (True: nothing
    else to do with it), anything else settles it (``_settle_frame``, False). test2json sends a
    test's terminal event when the next frame comes, and until then labels every line with
    that test: a parallel test's raw output can come between Go's report line and its
    event. Any event (test2json flushes the terminal event before the next one), a line like
    a frame, or what Go prints after a report line (``_after_report``) settles it."""
    held = pkg.pending_frame
    assert held is not None
    if (
        action == "output"
        and test == held[1]
        and held[3] != "pause"
        and '"OutputType":"frame"' not in line
    ):
        text = decode_output(line)
        frame = _RAW_FRAME_RE.match(text)
        if frame is None:
            if not _after_report_text(pkg, test, text):
                _hold_line(pkg, line, False)
                return True
        elif frame.group(1) is None or not _names(text[frame.end() :], test):
            # Go writes no other frame before the terminal event: text a test printed.
            _hold_line(pkg, line, True)
            return True
    _settle_frame(pkg, action, test, line)
    return False


def _hold_line(pkg: PackageRun, line: str, printed: bool) -> None:
    if pkg.held_lines is None:
        pkg.held_lines = []
    pkg.held_lines.append((line, printed))


def _settle_frame(pkg: PackageRun, action: str | None, test: str | None, line: str) -> None:
    """The package's next event (``action`` of ``test``; None: the stream ended) after a
    held line (``PackageRun.pending_frame``) tells whose the line was: Go's frame, which is
    dropped, or the test's output, kept as text in its place. test2json writes a test's
    `=== PAUSE` line right before its pause event, and its report line before its terminal
    event (made from that line; ordinary output lines of a parallel test may come between,
    ``_held_through``) or before what comes between the two (``_after_report``). Anything
    else (a line like a frame, another event) follows a line the test printed. The end of the
    stream confirms it, as the text alone did before. The output lines held with it follow
    it, in order, where they would have gone."""
    held = pkg.pending_frame
    if held is None:
        return
    pkg.pending_frame = None
    run, name, raw, confirmation = held
    report = confirmation != "pause"
    if (
        (action == confirmation and test == name)
        or action is None
        or (report and action == "output" and test == name and _after_report(pkg, name, line))
    ):
        if report and run.name == name:
            run.reported = True
        if run.output is None:
            run.framed = report  # _frame_seen, in short
        else:
            _frame_seen(run, report)
    else:
        _printed(run, pkg, raw)
    if pkg.held_lines is not None:
        _release_held_lines(pkg, name)


def _release_held_lines(pkg: PackageRun, name: str) -> None:
    """The output lines held with a settled line, where they would have gone at once (what
    _test_output does with such a line; output changes nothing that target_of_output looks
    at)."""
    lines = pkg.held_lines or []
    pkg.held_lines = None
    for raw, printed in lines:
        target = pkg.target_of_output(name)
        if printed:
            _printed(target, pkg, raw)
        else:
            target.framed = False
            _keep(target, pkg, raw)


def _after_report(pkg: PackageRun, name: str, line: str) -> bool:
    """Whether an output line of ``name`` is what Go prints between its report line and its
    terminal event: a crash or go's signal line, an Example's got: block, the package's
    summary line when the binary exits there."""
    return _after_report_text(pkg, name, decode_output(line))


def _after_report_text(pkg: PackageRun, name: str, text: str) -> bool:
    """``_after_report`` of a line's decoded text."""
    return (
        _AFTER_REPORT_RE.match(text) is not None
        or _is_summary_of(text, pkg.import_path)
        or (name.startswith("Example") and text in _EXAMPLE_GOT)
    )


def _frame_seen(run: TestRun, report: bool) -> None:
    """One of Go's frames for ``run``: never shown. Whether it was the test's report line
    matters for one heuristic (``framed``)."""
    run.framed = report
    output = run.output
    if output is not None and output.ends_mid_line():
        # Text printed without a newline (fmt.Print("pp")): on go's own output the frame
        # ends that line, and what follows starts a line of its own. Glued to it
        # ("pppanic: boom") a crash line would no longer start a line.
        output.append_text("\n")


def _printed(run: TestRun, pkg: PackageRun, line: str) -> None:
    """A line that reads like a frame and is the test's output: kept as text (a raw line
    that reads like a frame is left out when output is shown)."""
    run.framed = False
    _keep_text(run, pkg, decode_output(line))


def _is_summary_of(text: str, path: str) -> bool:
    """Whether ``text`` is go's summary line for the package ``path``."""
    return text.startswith((f"ok  \t{path}\t", f"FAIL\t{path}\t", f"FAIL\t{path} ["))


def _keep(run: TestRun, pkg: PackageRun, line: str) -> None:
    _buffer_of(run, pkg).append_raw(line)


def _keep_text(run: TestRun, pkg: PackageRun, text: str) -> None:
    """Literal text in the run's output (shown as it is, never taken for a frame)."""
    _buffer_of(run, pkg).append_text(text)


def _buffer_of(run: TestRun, pkg: PackageRun) -> OutputBuffer:
    buffer = run.output
    if buffer is None:
        buffer = run.output = OutputBuffer(pkg.limits)
    return buffer


class StreamFolder:
    """Folds one process's event stream into ``PackageRun``s.

    Used from one thread only; a package is handed to ``on_done`` once its terminal event (or
    the end of the stream) arrives and is not touched afterwards.
    """

    def __init__(
        self,
        packages: Iterable[str],
        limits: CaptureLimits,
        on_done: Callable[[PackageRun], None] | None = None,
        keep_passed_output: bool = True,
        on_start: Callable[[str], None] | None = None,
        on_failure: Callable[[str, str], None] | None = None,
        on_end: Callable[[str, str, str], None] | None = None,
    ) -> None:
        """``on_failure(import_path, name)``: a top-level test of a package failed, told at
        its ``fail`` event, before the package ends (``-x`` need not wait for the rest of the
        binary: plugin/session.py). ``on_end(import_path, name, action)``: a top-level run Go
        started ended (``pass``, ``fail``, ``skip``), or a run of that test was disputed
        (``DISPUTED``): ``PackageRun.on_top_end``. One call per top-level test, none per
        subtest or output line: the hot path does not pay for it."""
        self.limits = limits
        self.keep_passed_output = keep_passed_output
        self.expected = list(dict.fromkeys(packages))
        self.packages: dict[str, PackageRun] = {}
        self.build_output: dict[str, list[str]] = {}
        self.stray: list[str] = []  # non-JSON lines before we know their package
        self._on_done = on_done
        self._on_start = on_start  # Go's `start` event of a package (its binary runs)
        self._on_failure = on_failure
        self._on_end = on_end
        self._last_package: str | None = None
        self._deferred: list[PackageRun] = []
        # Non-JSON text after the last package's result: no package to show it with.
        self.unattributed = ""

    def package(self, import_path: str) -> PackageRun:
        run = self.packages.get(import_path)
        if run is None:
            run = self.packages[import_path] = PackageRun(
                import_path, self.limits, self.keep_passed_output
            )
            if self._on_end is not None:
                run.on_top_end = functools.partial(self._on_end, import_path)
        return run

    def feed_lines(
        self, lines: Iterable[str], ahead: Iterator[str] | None = None, depth: int = 0
    ) -> None:
        """The hot loop: most lines are output and run/pass events in Go's field order.

        After a ``run`` event the next lines are read from ``ahead`` (by default the lines
        themselves) to fold a test that passed without output at once (``_quiet_pass``); a
        line read that is not part of it is folded by a nested call, which may read ahead
        again (``depth`` bounds the nesting: a stream of bare ``run`` lines)."""
        packages = self.packages
        lines = iter(lines)
        source = lines if ahead is None else ahead
        for line in lines:
            fields = _scan(line)
            if fields is None:
                self.feed_slow(line)
                continue
            action, package, test, end = fields
            pkg = packages.get(package)
            if pkg is None or self.stray:
                pkg = self._package_taking_stray(package)
            self._last_package = package
            if pkg.pending_summary is not None and (
                action not in _TERMINAL or test != pkg.mislabelled_end
            ):
                _summary_was_output(pkg)
            if pkg.pending_frame is not None:
                if action != "output":
                    _settle_frame(pkg, action, test, line)
                elif _held_through(pkg, action, test, line):
                    continue
            if test is None:
                self._package_event(pkg, action, line, end)
            elif action == "output":
                self._test_output(pkg, test, line, end)
            elif action == "run":
                pkg.start_run(test)
                if depth < _MAX_READ_AHEAD_DEPTH and not self.stray:
                    unread = _quiet_pass(source, pkg, package, test)
                    if unread is not None:
                        self.feed_lines((unread,), source, depth + 1)
            elif action in _TERMINAL:
                if test == pkg.mislabelled_end:
                    _summary_confirmed(pkg)
                    self._package_event(pkg, action, line, end)
                else:
                    pkg.end_run(test, action, elapsed_at(line, end))
                    if action == "fail" and self._on_failure is not None:
                        self._test_failed(pkg, test)
            elif action in ("pause", "cont"):
                pkg.pause_run(test, action == "pause")
            elif action == "attr":
                self.feed_slow(line)
            elif action == "artifacts":
                pkg.frame_follows(test)  # no outcome changes, only where its line goes
            # start, bench and future actions change no outcome.

    def feed_text(self, text: str) -> None:
        """Whole lines of the stream (the last one may lack its newline at the end of the
        stream). Tests that passed without output are found by one regular expression, in C:
        on expr's stream they are 60,000 of 67,000 tests, four lines each. The lines between
        go through ``feed_lines``."""
        pos = 0
        search = _QUIET_PASS_RE.search
        packages = self.packages
        while True:
            match = search(text, pos)
            if match is None:
                break
            start, end = match.span()
            if start and text[start - 1] != "\n":
                # Inside a line (text that is not JSON): up to its end the general way.
                end = text.find("\n", start) + 1
                self._feed_between(text, pos, end)
                pos = end
                continue
            if start > pos:
                self._feed_between(text, pos, start)
            package, test, elapsed = match.groups()
            pkg = packages.get(package)
            if (
                pkg is not None
                and not self.stray
                and pkg.mislabelled_end is None
                and pkg.pending_frame is None
                and not pkg.marks_frames
            ):
                # The common case of _fold_quiet_pass, without its call (60,000 on expr).
                self._last_package = package
                pkg.quiet_pass(test, float(elapsed))
            elif not self._fold_quiet_pass(package, test, elapsed):
                self.feed_lines(_LINE_RE.findall(text, start, end))
            pos = end
        if pos < len(text):
            self._feed_between(text, pos, len(text))

    def _feed_between(self, text: str, pos: int, end: int) -> None:
        """``text[pos:end]``, whole lines (the stream's last may lack its newline) between two
        quiet passes: each run of one test's ordinary output lines (``_OUTPUT_BLOCK_RE``, in C)
        goes to that test's buffer at once, the other lines through ``feed_lines``. A module
        whose passing tests log a lot is mostly such runs: grpc-go v1.85.0 replays 446,000
        output lines from Go's test cache, at about 4 us each through ``feed_lines``."""
        find = _ORDINARY_OUTPUT_RE.search
        match_run = _OUTPUT_BLOCK_RE.match
        scan = pos  # lines from pos to scan hold no run's start
        while end - pos >= _OUTPUT_RUN_MIN_CHARS:
            hit = find(text, scan, end)
            if hit is None:
                break
            line = text.rfind("\n", scan, hit.start()) + 1 or scan
            match = match_run(text, line, end)
            if match is None:
                # Not a JSON output line (text that is not JSON, a frame's type): past it.
                scan = text.find("\n", hit.end()) + 1 or end
                continue
            start, stop = match.span()
            if start > pos:
                self.feed_lines(_LINE_RE.findall(text, pos, start))
            self._output_block(match.group(1), match.group(2), text, start, stop)
            pos = scan = stop
        if pos < end:
            self.feed_lines(_LINE_RE.findall(text, pos, end))

    def _output_block(self, package: str, test: str, text: str, start: int, stop: int) -> None:
        """What ``feed_lines`` does with each line of a matched output run (``_test_output``
        for a line that is no frame, summary or signal line): every line goes to the buffer
        of the same run, since output changes nothing ``target_of_output`` looks at."""
        pkg = self.packages.get(package)
        if pkg is not None and pkg.pending_frame is not None:
            # Held with a line like a frame, or settling it: the general way, line by line.
            self.feed_lines(_LINE_RE.findall(text, start, stop))
            return
        if pkg is None or self.stray:
            pkg = self._package_taking_stray(package)
        self._last_package = package
        if pkg.pending_summary is not None:
            _summary_was_output(pkg)
        run = pkg.target_of_output(test)
        run.framed = False
        _buffer_of(run, pkg).extend_raw(_LINE_RE.findall(text, start, stop))

    def _fold_quiet_pass(self, package: str, test: str, elapsed: str) -> bool:
        """Fold a matched quiet pass as the general path would fold its four lines; False
        (nothing done) when the general path must decide."""
        pkg = self.packages.get(package)
        if pkg is None or self.stray:
            pkg = self._package_taking_stray(package)
        self._last_package = package
        if pkg.mislabelled_end is not None or pkg.pending_frame is not None or pkg.marks_frames:
            # Its pass may be the package's, its run settles a held line, or its unmarked
            # frames are not Go's (Go 1.27+ marks them): the general path decides.
            return False
        pkg.quiet_pass(test, float(elapsed))
        return True

    def feed_line(self, line: str) -> None:
        self.feed_lines((line,))

    def feed_slow(self, line: str) -> None:
        event = parse_line_slow(line)
        if isinstance(event, TestEvent):
            self._slow_test_event(event, line)
            return
        if isinstance(event, OutputEvent):
            pkg = self._package_taking_stray(event.package)
            self._last_package = event.package
            if pkg.pending_frame is not None and _held_through(
                pkg, "output", event.test, event.raw
            ):
                return
            if event.test is None:
                pkg.package_output(event.raw)
            else:
                self._test_output(pkg, event.test, event.raw, 0)
            return
        if isinstance(event, BuildEvent):
            lines = self.build_output.setdefault(event.import_path, [])
            if event.action == "build-output":
                lines.append(event.output)
            return
        assert isinstance(event, NonJSONLine)
        # go itself never prints these on stdout with -json, but a test binary run through an
        # -exec wrapper or a broken toolchain might: shown with the package that spoke last.
        text = event.text + "\n"
        target = self._last_package
        if target is not None and not self.package(target).done:
            self.package(target).output.append_text(text)
        else:
            self.stray.append(text)

    def _slow_test_event(self, event: TestEvent, line: str) -> None:
        """``feed_slow`` of an event that is not output."""
        pkg = self._package_taking_stray(event.package)
        self._last_package = event.package
        mislabelled = event.action in _TERMINAL and event.test == pkg.mislabelled_end
        if pkg.pending_summary is not None:
            if mislabelled:
                _summary_confirmed(pkg)
            else:
                _summary_was_output(pkg)
        if pkg.pending_frame is not None:
            _settle_frame(pkg, event.action, event.test, line)
        if event.test is None or mislabelled:
            self._package_terminal(pkg, event.action, event.elapsed, event.failed_build)
        elif event.action == "run":
            pkg.start_run(event.test)
        elif event.action in _TERMINAL:
            pkg.end_run(event.test, event.action, event.elapsed)
            if event.action == "fail" and self._on_failure is not None:
                self._test_failed(pkg, event.test)
        elif event.action in ("pause", "cont"):
            pkg.pause_run(event.test, event.action == "pause")
        elif event.action == "attr" and event.key is not None:
            run = pkg.current.get(event.test)
            if run is not None:
                if run.attrs is None:
                    run.attrs = []
                run.attrs.append((event.key, event.value or ""))
            pkg.frame_follows(event.test)
        elif event.action == "artifacts":
            pkg.frame_follows(event.test)

    def _test_failed(self, pkg: PackageRun, test: str) -> None:
        """Tell ``on_failure`` of a top-level run that this ``fail`` ended. Not a forged run
        (printed by another test: never an outcome) nor a stray result (``end_run`` kept
        it aside): no later event of the binary makes this test pass (a failed run wins
        over every other run of its name, core/resolve.py). One exception cannot be told
        apart here: framing that init or TestMain printed before m.Run, which resolve drops
        as an extra run when the real run follows and the package passes."""
        if "/" in test:
            return
        run = pkg.current.get(test)
        if run is not None and run.action == "fail" and run.forged_by is None:
            assert self._on_failure is not None
            self._on_failure(pkg.import_path, test)

    def _package_taking_stray(self, import_path: str) -> PackageRun:
        """The package an event names, made on first use; non-JSON text held back until a
        package spoke goes to it."""
        pkg = self.package(import_path)
        if self.stray:
            self._take_stray(pkg)
        return pkg

    def _take_stray(self, pkg: PackageRun) -> None:
        if not pkg.done:
            for text in self.stray:
                pkg.output.append_text(text)
            self.stray.clear()

    def _package_event(self, pkg: PackageRun, action: str, line: str, end: int) -> None:
        if action == "output":
            pkg.package_output(line)
        elif action == "start":
            self._started(pkg)
        elif action in _TERMINAL:
            if "FailedBuild" in line:
                self.feed_slow(line)  # the decoder reads FailedBuild
                return
            self._package_terminal(pkg, action, elapsed_at(line, end), None)

    def _package_terminal(
        self, pkg: PackageRun, action: str, elapsed: float | None, failed_build: str | None
    ) -> None:
        if action == "start":
            self._started(pkg)
            return
        if action not in _TERMINAL:
            return
        pkg.action = action
        pkg.elapsed = elapsed
        pkg.failed_build = failed_build
        if action == "fail" and pkg.disputed_failures:
            _uphold_disputed_failures(pkg)
        if failed_build is not None:
            pkg.build_output = "".join(self.build_output.get(failed_build, []))
        elif action == "fail" and not self.build_output and _build_failed_text(pkg):
            self._deferred.append(pkg)  # its compiler output comes on stderr
            return
        self._finish(pkg)

    def _started(self, pkg: PackageRun) -> None:
        pkg.started = True
        if self._on_start is not None:
            self._on_start(pkg.import_path)

    def _test_output(self, pkg: PackageRun, test: str, line: str, end: int) -> None:
        """Output of a test: kept without its framing lines, unless it is the package's own
        ``ok``/``FAIL`` summary line that test2json labelled with a test's name."""
        if line.startswith(_OUTPUT_AFTER_TEST, end):
            start = end + len(_OUTPUT_AFTER_TEST)  # Go's field order: Output follows Test
        else:
            start = line.find(_OUTPUT_FIELD, end)
            start = start + len(_OUTPUT_FIELD) if start != -1 else -1
        if (
            start != -1
            and line.startswith(_SUMMARY_TEXT, start)
            and pkg.mislabelled_end is None
            and _is_summary_of(decode_output(line), pkg.import_path)
        ):
            # Go's summary line of this package, labelled with a test: the binary exited while
            # test2json believed the test was running (os.Exit(0) in TestMain after forged
            # framing), or the test printed such a line itself. Only the next event tells:
            # that test's terminal event at once is the package's end (the line is the
            # package's); anything else shows the binary still running (the line was the
            # test's output).
            pkg.mislabelled_end = test
            pkg.pending_summary = line
            return
        run = pkg.target_of_output(test)
        frame = _frame_kind(line, start) if start != -1 else None
        if frame is not None:
            if frame is _MARKED_REPORT or frame is _MARKED_FRAME:
                # Marked by test2json itself (Go 1.27+): never shown.
                pkg.marks_frames = True
                _frame_seen(run, frame is _MARKED_REPORT)
            elif pkg.marks_frames or not _frame_names(line, start, test):
                # Text like a frame that is none: Go marks its own (1.27+), or labels a frame
                # with the test it names, so "--- FAIL: TestChild" from a test that runs go
                # test on a fixture is its output.
                _printed(run, pkg, line)
            elif run.frame_due and frame in _AFTER_EVENT:
                run.frame_due = False  # Go's `=== RUN` line, right after its run event
                if run.output is None:
                    run.framed = False  # _frame_seen, in short
                else:
                    _frame_seen(run, False)
            else:
                _own_frame(pkg, run, test, line, frame)
            return
        if run.framed and line.startswith(_SIGNAL_TEXT, start):
            # go's "signal: killed" for a binary killed right after this test's report line:
            # test2json holds a test's end event until the next line and labels that line
            # with the test (pgregory.net/rapid, OOM-killed while a parallel test ran). It
            # says how the binary died: the package's, where the crash is looked for.
            pkg.output.append_raw(line)
            return
        run.framed = False
        _keep(run, pkg, line)

    def _finish(self, pkg: PackageRun) -> None:
        if self._on_done is not None:
            self._on_done(pkg)

    def finish(self, exit_code: int | None, stderr: str, reason: str | None = None) -> None:
        """The process ended: every expected package without a terminal event is truncated."""
        legacy_build = split_legacy_build_text(stderr)
        stray = "".join(self.stray)
        self.unattributed = stray
        for pkg in self.packages.values():
            # The stream ended right after a held line: taken for Go's.
            _settle_frame(pkg, None, None, "")
        for pkg in self._deferred:
            # GODEBUG=gotestjsonbuildtext=1 (the pre-1.24 behaviour): build errors arrive as
            # text on stderr, not as build events, so the package waited for the end of the
            # process. A package that failed because a dependency did not build has no
            # section of its own: it gets every section, which name their packages.
            own = legacy_build.get(pkg.import_path, "")
            pkg.build_output = own or "".join(legacy_build.values()) or stderr
            self._finish(pkg)
        self._deferred.clear()
        for pkg in self.packages.values():
            # The stream ended right after a candidate summary line: it was go's.
            _summary_confirmed(pkg)
        for import_path in self.expected:
            pkg = self.package(import_path)
            if pkg.done:
                continue
            if pkg.frameless_pass is not None and reason is None:
                # The stream ended without the package's own result, and its last event was a
                # `pass` that followed no `--- PASS:` line: test2json (run without
                # -test.paniconexit0) labelled the package's exit with the running test's
                # name. It is the package's result; the test never ended.
                run = pkg.current[pkg.frameless_pass]
                run.action = None
                run.running = True
                pkg.action = "pass"
                self._finish(pkg)
                continue
            pkg.stderr = stray + stderr
            if reason is None:
                reason = (
                    f"go test {describe_exit(exit_code)} without a result for this package"
                    if exit_code is not None
                    else "go test was stopped before it reported this package"
                )
            pkg.truncated_reason = reason
            self._finish(pkg)


def _quiet_pass(lines: Iterator[str], pkg: PackageRun, package: str, test: str) -> str | None:
    """After the ``run`` event of ``test``: fold its next lines without parsing them while
    they are the rest of a run that passes without output; the first line read that is not
    (None when all three were, or the stream ended), for the caller to fold as usual.

    On a Go test-cache hit most of a module's stream is such runs (expr: 66,000 subtests of
    four lines each), and parsing each line is most of the fold's time. Each line is compared
    with the exact text Go writes (Go <= 1.26: frames carry no ``OutputType``), field order
    and all: the ``=== RUN`` frame, the ``--- PASS`` frame and the ``pass`` event of this
    package and test. Each has the effect the general path gives it: a frame marks the run
    that takes the test's output (``framed``: the report line or not), the event ends the run.
    Anything else (output between the frames, another test's line, a failure, an escaped
    name) is left to the general path from that line on."""
    head = f'","Action":"output","Package":"{package}","Test":"{test}","Output":"'
    line = next(lines, None)
    if line is None:
        return None
    if pkg.marks_frames or _after_time(line) != f'{head}=== RUN   {test}\\n"}}\n':
        return line
    run = pkg.target_of_output(test)
    if run.frame_due and run.output is None:
        run.frame_due = False  # what _own_frame does with Go's `=== RUN` line, in short
        run.framed = False
    else:
        _own_frame(pkg, run, test, line, "RUN")
    line = next(lines, None)
    if line is None:
        return None
    rest = _after_time(line)
    frame = rest[len(head) :].lstrip(" ") if rest.startswith(head) else ""
    report = f"--- PASS: {test} ("
    if (
        not frame.startswith(report)
        or not frame.endswith('s)\\n"}\n')
        or not _is_seconds(frame[len(report) : -7])
    ):
        return line
    report_line = line
    line = next(lines, None)
    rest = _after_time(line) if line is not None else ""
    event = f'","Action":"pass","Package":"{package}","Test":"{test}","Elapsed":'
    seconds = rest[len(event) : -2]
    if (
        line is None
        or not rest.startswith(event)
        or not rest.endswith("}\n")
        or not _is_seconds(seconds)  # as Go writes it: 0, 0.01 (never an exponent here)
        or test == pkg.mislabelled_end
    ):
        # Held until that line (or the end of the stream) settles it, as in the general path.
        _own_frame(pkg, run, test, report_line, "PASS")
        return line
    if run.output is None and not run.reported and not test.startswith("Benchmark"):
        # What _own_frame and _settle_frame do with Go's report line before its pass event.
        run.framed = True
        run.reported = run.name == test
    else:
        _own_frame(pkg, run, test, report_line, "PASS")
        _settle_frame(pkg, "pass", test, line)
    pkg.end_run(test, "pass", float(seconds))
    return None


def _after_time(line: str) -> str:
    """What follows the ``Time`` value of a line in Go's field order (from the quote that
    ends it); empty for any other line."""
    if not line.startswith('{"Time":"'):
        return ""
    quote = line.find('"', 9)
    return line[quote:] if quote != -1 else ""


def _is_seconds(text: str) -> bool:
    """Go's ``(0.00s)`` duration text: digits and one dot."""
    return text.replace(".", "", 1).isdigit()


def _frame_names(line: str, start: int, test: str) -> bool:
    """Whether the unmarked frame at ``start`` (``_frame_kind``) names ``test``: test2json
    labels every frame with the test it names. Compared on the raw JSON first, and decoded
    where the raw text differs (a name with escapes)."""
    match = _RAW_FRAME_RE.match(line, start)
    if match is None:
        return True
    at = match.end()
    while line.startswith(" ", at):
        at += 1
    if line.startswith(test, at) and line[at + len(test) : at + len(test) + 1] in (" ", "\\"):
        return True
    text = decode_output(line).lstrip(" ")
    framing = _RAW_FRAME_RE.match(text)
    if framing is None:
        return True
    return _names(text[framing.end() :], test)


def _names(rest: str, test: str) -> bool:
    """Whether a frame's decoded text after its word (``rest``) names ``test``."""
    named = rest.lstrip(" ")
    return named.startswith(test) and named[len(test) : len(test) + 1] in (" ", "\n", "")


def _frame_kind(line: str, start: int) -> str | None:
    """None for an ordinary output line (its text starts at ``start``); for a line Go 1.27+
    marked a frame, ``_MARKED_REPORT`` (a ``--- PASS/FAIL/SKIP:`` report line) or
    ``_MARKED_FRAME`` (``=== RUN``, ``PAUSE``, ``CONT``...); for an unmarked line that reads
    like one, its word (``PASS``, ``RUN``...): Go's frame or the test's output
    (``_own_frame``).

    Go 1.27 marks frames with OutputType "frame" and test output without; older versions mark
    nothing, and frames are told by their text (read from the raw JSON without decoding it:
    frames are indented with spaces only, so their JSON text starts like the text itself).
    """
    first = line[start : start + 1]
    match = _RAW_FRAME_RE.match(line, start) if first in ("=", "-", " ") else None
    typed = line.find(_OUTPUT_TYPE_FIELD, start)
    if typed != -1:
        if not line.startswith('frame"', typed + len(_OUTPUT_TYPE_FIELD)):
            return None
        if match is not None and match.group(1) is not None:
            return _MARKED_REPORT
        return _MARKED_FRAME
    if match is None:
        return None
    word: str = match.group(1) or match.group(2)
    return word


def _build_failed_text(pkg: PackageRun) -> bool:
    return any(
        "[build failed]" in text or "[setup failed]" in text for text, _ in pkg.output.texts()
    )


def describe_exit(code: int) -> str:
    """``exited with status 2`` or ``was killed by signal SIGKILL`` (Popen's negative codes)."""
    import signal

    if code >= 0:
        return f"exited with status {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    return f"was killed by signal {name}"


def split_legacy_build_text(stderr: str) -> dict[str, str]:
    """Split ``# pkg`` sections of textual build errors by the package they name."""
    sections: dict[str, str] = {}
    current: str | None = None
    for line in stderr.splitlines(keepends=True):
        if line.startswith("# "):
            header = line[2:].strip()
            # "# example.com/p [example.com/p.test]" and vet's "# [example.com/p]"
            current = header.strip("[]").split(" ")[0]
            sections[current] = sections.get(current, "") + line
        elif current is not None:
            sections[current] += line
    return sections
