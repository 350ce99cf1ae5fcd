"""Which output lines are Go's frames and which are text the test printed.

Pure core, called by the fold (core/fold.py) for each output line of a test. Go's frames
(``=== RUN``, ``--- PASS: TestX (0.01s)``...) are never shown; a line the test printed is kept,
even when it reads exactly like one. Go 1.27 marks its frames (``OutputType`` "frame",
``_frame_kind``); before, only the line's place among the events tells (``_own_frame``):
test2json writes each of its frames at a fixed place (docs/internals/go-test-json.md, section
4), and a report line it cannot yet place is held until the package's next event settles it
(``_held_through``, ``_settle_frame``). A test that passed without output is folded from its
four lines by comparing them with the exact text Go writes (``_quiet_pass``).

The fold's per-event loop calls these functions: they stay module-level, and the fold imports
them by name (globals of core/fold.py, no attribute lookup per event).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from .output import OutputBuffer, decode_output
from .package_run import PackageRun, TestRun

_OUTPUT_TYPE_FIELD: Final = '"OutputType":"'
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
    StreamFolder._test_output does with such a line; output changes nothing that
    target_of_output looks at)."""
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
