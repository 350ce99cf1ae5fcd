"""What the fold keeps of one package's share of a ``go test -json`` stream, and of each run.

Pure core. A ``PackageRun`` holds the package's own output and result and the *runs* of each
test name (``TestRun``: ``-count``/``-cpu``, and a name shared by the internal and the external
test package, make several runs of one name). Its methods are what the fold's events do to
them (start, pause, end a run; which run takes output labelled with a name), with the
forged-framing rules core/fold.py's docstring states. Fed by ``StreamFolder`` only; read by
resolve, the crash finder and the reports once the package is done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from .output import CaptureLimits, OutputBuffer

__all__ = ["DISPUTED", "PackageRun", "TestRun"]

# What ``PackageRun.on_top_end`` is told of a test whose ended run was failed again while
# other tests ran (``PackageRun.disputed_failures``): the package's result decides.
DISPUTED: Final = "disputed"
# m.Run's last line, as it looks in raw JSON.
_RUN_END_TEXT: Final = ('"Output":"PASS\\n"', '"Output":"FAIL\\n"')


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
        # the package fails (core/fold.py, ``_uphold_disputed_failures``).
        self.disputed_failures: list[TestRun] = []
        # The test whose name test2json put on the package's summary line and terminal event.
        self.mislabelled_end: str | None = None
        # That summary line while it is only a candidate (``StreamFolder._test_output``).
        self.pending_summary: str | None = None
        # The test of the newest terminal event when it was a `pass` without a report line.
        self.frameless_pass: str | None = None
        # An unmarked line that reads like a test's own report or `=== PAUSE` line, held
        # until the package's next event tells Go's line from one the test printed
        # (core/framing.py, ``_settle_frame``): the run, the test named, the raw line, the
        # event that confirms it is Go's (``_CONFIRMED_BY``). A plain tuple: one is made for every
        # report line of a test with output.
        self.pending_frame: tuple[TestRun, str, str, str] | None = None
        # Output lines labelled with that test that came after a held report line, in order,
        # held with it (framing's ``_held_through``), each with whether it reads like a frame
        # (then kept as the text it is): a parallel test's output, which test2json labels with
        # the test whose report line came last, written before that test's terminal event.
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
