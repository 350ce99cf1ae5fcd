"""Fold one ``go test -json`` process's stream into one ``PackageRun`` per package.

Pure core. Events are keyed by their ``Package`` and ``Test`` fields, never by guessing from
text (docs/internals/go-test-json.md). The folder is fed by the reader thread of one process
and hands a package to ``on_done`` as soon as its terminal event arrives, so a pytest item
waits only for its own package, not for the whole batch.

What is kept, per *run* of a test (``-count``/``-cpu`` and a name shared by the internal and
the external test package make several runs of one name): Go's terminal action, its elapsed
time, attributes, and the test's own output without the framing lines (``PackageRun`` and
``TestRun``, core/package_run.py). Go 1.27 marks its frames; before, a line the test printed
can read exactly like one of its own frames, and only the line's place among the events tells
them apart (core/framing.py). Output of a run that
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

This module holds the reading of the stream (``StreamFolder``: the per-event loop and its fast
paths over whole text); the runs' state and the rules above are core/package_run.py's, what is
a frame core/framing.py's, and what go says beside the stream when it ends core/exit_text.py's.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from .events import BuildEvent, NonJSONLine, OutputEvent, TestEvent, elapsed_at, parse_line_slow
from .events import scan_fields as _scan
from .exit_text import _build_failed_text, describe_exit, split_legacy_build_text
from .framing import (
    _AFTER_EVENT,
    _MARKED_FRAME,
    _MARKED_REPORT,
    _buffer_of,
    _frame_kind,
    _frame_names,
    _frame_seen,
    _held_through,
    _is_summary_of,
    _keep,
    _own_frame,
    _printed,
    _quiet_pass,
    _settle_frame,
)
from .output import CaptureLimits, decode_output
from .package_run import PackageRun

__all__ = ["StreamFolder"]

_TERMINAL: Final = frozenset({"pass", "fail", "skip"})
# Nested read-aheads after one another's unread line (StreamFolder.feed_lines).
_MAX_READ_AHEAD_DEPTH: Final = 8
# The package's own summary line ("ok  \tpkg\t0.01s", "FAIL\tpkg ...") as it looks in raw JSON.
_SUMMARY_TEXT: Final = ("ok  \\t", "FAIL\\t")
# What go prints after a test binary killed by a signal ("signal: killed"), in raw JSON.
_SIGNAL_TEXT: Final = "signal: "
_OUTPUT_AFTER_TEST: Final = ',"Output":"'
_OUTPUT_FIELD: Final = '"Output":"'
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

    def finish(
        self,
        exit_code: int | None,
        stderr: str,
        reason: str | None = None,
        missing: str | None = None,
    ) -> None:
        """The process ended: every expected package without a terminal event is truncated,
        with ``reason`` (the process was stopped, or could not start), else ``missing`` (what
        go is known to have done: -failfast), else what its exit says."""
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
                reason = missing or (
                    f"go test {describe_exit(exit_code)} without a result for this package"
                    if exit_code is not None
                    else "go test was stopped before it reported this package"
                )
            pkg.truncated_reason = reason
            self._finish(pkg)
