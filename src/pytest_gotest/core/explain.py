"""Causes -> words: the one-line message and the failure text of an ``Outcome``.

Pure core (but for the source lines ``golines`` reads). The message is what JUnit's failure
``message`` and pytest's short summary show, so it is the first meaningful line: Go's own
error line, the crash line, or the reason a test never ran. The details are the whole
account, Go's text first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Final

from .crash import Crash, died_in, top
from .events import vet_only
from .golines import logged_at
from .outcome import NEVER_STARTED, Cause, Note, NoteKind, Outcome, PackageContext

__all__ = [
    "Explanation",
    "build_failure",
    "explain",
    "first_line",
    "first_message",
    "go_location",
    "note_text",
    "skip_place",
    "skip_reason",
    "without_package_output",
]


@dataclass(frozen=True)
class Explanation:
    message: str  # one line
    details: str  # the failure text, message first


# Lines are split on "\n" only: str.splitlines() also splits on form feeds, vertical tabs and
# other separators that Go output may contain, and they must reach the report as they are.


def _why_it_died(context: PackageContext) -> str:
    """The line of a binary's output that says why it ended before its tests: a crash's
    summary (``panic: ...``); the flag package's error above its usage text (``flag provided
    but not defined: -x``); else the last line it printed, where ``log.Fatal`` and a
    ``TestMain`` that prints its error and exits put the reason (the first is often the
    setup's own progress: ``connecting to the database``)."""
    if context.crash.summary:
        return context.crash.summary
    lines = [line.strip() for line in context.output.split("\n") if line.strip()]
    lines = [line for line in lines if not line.startswith("exit status ")]
    usage = next((i for i, line in enumerate(lines) if line.startswith("Usage of ")), None)
    if usage is not None:
        return lines[usage - 1] if usage > 0 else lines[0]
    return lines[-1] if lines else ""


def first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


# Go's prefix of a t.Log/t.Error line: "file.go:NN: " (a full path with go test -fullpath).
_GO_LOCATION = re.compile(r"(\S+\.go):(\d+):(?: |$)")
# testify's labelled block after a bare "file.go:NN:" line: "Error:      \tNot equal: ",
# then continuation lines without a label (their label column is blank).
_TESTIFY_LABEL = re.compile(r"([A-Za-z][A-Za-z ]*):\s*\t(.*)")
_VET_HINT = (
    "go test runs part of go vet before a package's tests, and a finding fails the package "
    "as a compile error would: fix it, or run the tests anyway with --go-flags=-vet=off."
)


def go_location(message: str) -> tuple[str, int] | None:
    """The file and line a Go message starts with (``calc_test.go:12: ...``), as Go printed
    them; None for a message without one (a crash, a test that never ran)."""
    match = _GO_LOCATION.match(message)
    if match is None:
        return None
    return match.group(1), int(match.group(2))


def skip_place(path: str, line: int, reason: str) -> tuple[str, int, str]:
    """Where a ``t.Skip`` was and why, as pytest shows a skip (``path:line: reason``): Go's
    reason starts with the place it was called from (``a_test.go:17: skipping reason``),
    which becomes the line (in ``path``'s file, the test's), and the rest the reason. Without
    such a place (another file's helper, none): ``path``, ``line`` and the reason whole."""
    match = _GO_LOCATION.match(reason)
    if match is None or match.group(1) != os.path.basename(path):
        return path, line, reason
    return path, int(match.group(2)), reason[match.end() :].lstrip(" ")


def first_message(text: str) -> str:
    """The first meaningful line of a test's error text. testify (and other assertion
    libraries) print ``file.go:NN:`` alone and the message on the following lines: then
    the message is that location followed by the ``Error:`` entry (or the next line). The race
    detector frames its report in ``=====`` lines: its ``WARNING: DATA RACE`` is the message."""
    lines = [line.strip() for line in text.split("\n") if line.strip().strip("=")]
    if not lines:
        return ""
    head = lines[0]
    if head == "got:":
        return _example_mismatch(lines[1:])
    match = _GO_LOCATION.fullmatch(head)
    if match is None or len(lines) == 1 or _GO_LOCATION.match(lines[1]):
        return head  # not a bare location, or one with an empty message (t.Error(""))
    return f"{head} {_testify_error(lines[1:])}"


_WANT_HEADS: Final = ("want:", "want (unordered):")


def _example_mismatch(lines: list[str]) -> str:
    """A failed Example's output check prints ``got:``, the output, ``want:`` (``want
    (unordered):`` for an ``// Unordered output:`` comment), the expected output: the first
    line of each (``...`` when there is more), not ``got:`` alone."""
    split = next((i for i, line in enumerate(lines) if line in _WANT_HEADS), len(lines))
    got, want = lines[:split], lines[split + 1 :]
    head = lines[split] if split < len(lines) else "want:"

    def first(part: list[str]) -> str:
        return (part[0] + (" ..." if len(part) > 1 else "")) if part else "(nothing)"

    return f"got: {first(got)}; {head} {first(want)}"


def _testify_error(lines: list[str]) -> str:
    """testify's failure in one short line: its ``Error:`` entry's first line (``Not equal``;
    with the next line when that one only introduces it, ``Received unexpected error: EOF``),
    then its ``Messages:`` in parentheses; else the first line. Not the whole entry: a diff
    squashed into one line (thousands of characters for a large value) reads as noise in
    the short summary, JUnit's message and ``--tb=line``, and the body shows the block."""
    entries: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        if _GO_LOCATION.match(line):
            break  # the next t.Error line: another assertion's block
        label = _TESTIFY_LABEL.fullmatch(line)
        if label is not None:
            current = entries.setdefault(label.group(1), [])
            text = label.group(2).strip()
            if text:
                current.append(text)
        elif current is not None:
            current.append(line)
    error = entries.get("Error")
    if not error:
        return lines[0]
    whole = " ".join(" ".join(error).split())
    if len(whole) <= _SHORT_ENTRY and "Diff:" not in whole:
        head = whole  # small values read well in one line: "Not equal: expected: 2 actual : 1"
    else:
        head = error[0].rstrip(":").rstrip()
        if error[0].endswith(":") and len(error) > 1 and not _TESTIFY_DETAIL.match(error[1]):
            head = f"{head}: {error[1]}"
    messages = entries.get("Messages")
    if messages:
        head = f"{head} ({' '.join(messages)})"
    return head if len(head) <= _HEADLINE_LIMIT else head[: _HEADLINE_LIMIT - 3] + "..."


# The lines of testify's Error entry that show values (not a short message to go with it).
_TESTIFY_DETAIL: Final = re.compile(r"(?:expected|actual|Diff)\s*:")
_HEADLINE_LIMIT: Final = 200
_SHORT_ENTRY: Final = 120


def dedent_go(text: str) -> str:
    """Go indents t.Log lines by 4 spaces per level; show them flush left."""
    lines = text.split("\n")
    indent = min((len(x) - len(x.lstrip(" ")) for x in lines if x.strip()), default=0)
    return "\n".join(x[indent:] for x in lines)


_LEADING_BLANK_LINES: Final = re.compile(r"\A(?:[ \t]*\n)+")


def _shown_go(text: str) -> str:
    """Go's text as a failure shows it: dedented (``dedent_go``), without its leading and
    trailing blank lines. Not ``str.strip``: when the test also printed to stdout at column 0,
    nothing is dedented, and stripping would take the 4 spaces off the first ``t.Log`` line
    only, leaving the later ones indented."""
    return _LEADING_BLANK_LINES.sub("", dedent_go(text).rstrip())


def skip_reason(outcome: Outcome, source_dir: str = "") -> str:
    """The ``t.Skip`` text of a skipped test: from its first ``file.go:NN:`` line that is not
    a ``t.Log`` (``skip_place`` takes the place from there), else all it printed; for a test
    that passed in another run of -count or -cpu, which runs did what."""
    note = runs_note(outcome)
    reason = _skip_text(outcome, source_dir)
    return f"{reason}\n{note}" if note else reason


def _skip_text(outcome: Outcome, source_dir: str) -> str:
    dedented = dedent_go(outcome.output_text())
    text = dedented.strip()
    return _past_logs(dedented, source_dir).strip() or text or "skipped by go test"


def _crash_section(crash: Crash, run_output: str) -> str:
    """The trace, unless the test's own output already shows it."""
    if not crash.text or crash.summary in run_output:
        return ""
    where = f"output of {crash.holder}" if crash.holder else "package output"
    return f"---- crash ({where}) ----\n{crash.text.rstrip()}"


def _package_output_block(context: PackageContext) -> str:
    if not context.output.strip():
        return ""
    return f"package {context.import_path} output:\n{context.output.rstrip()}"


def without_package_output(words: Explanation, context: PackageContext) -> Explanation:
    """``words`` without the package's output (init's, TestMain's, a crash's), for a report
    of a package run whose output an earlier report already showed: a crash that left ten
    tests not run printed it eleven times, go test once."""
    block = _package_output_block(context)
    joined = "\n\n" + block  # as _package_tail's part, after the details before it
    if not block or joined not in words.details:
        return words
    return Explanation(words.message, words.details.replace(joined, "", 1))


def _package_tail(context: PackageContext) -> str:
    parts = []
    if block := _package_output_block(context):
        parts.append(block)
    if context.stderr.strip():
        parts.append(f"go test stderr:\n{context.stderr.rstrip()}")
    return "\n\n".join(parts)


def _join(*parts: str) -> str:
    return "\n\n".join(part.rstrip() for part in parts if part.strip())


def explain(outcome: Outcome, context: PackageContext) -> Explanation:
    """Words for an outcome that is not a pass (a pass needs none); for a test Go ran more
    than once (-count, -cpu), with which runs failed."""
    words = _explain(outcome, context)
    if not words.message.isprintable():
        # The details start with the headline (an xdist controller reads it back from
        # there): the plain one, then Go's text as it was.
        plain = plain_headline(words.message)
        words = Explanation(plain, _join(plain, words.details))
    note = runs_note(outcome)
    return Explanation(words.message, _join(words.details, note)) if note else words


def runs_note(outcome: Outcome) -> str:
    """For a test Go ran more than once (-count, -cpu) that did not pass every time: what
    each run did, and which one the report shows ("" otherwise)."""
    evidence = outcome.evidence
    if evidence is None or len(evidence.runs) < 2:
        return ""
    if not evidence.shuffled_twins and len(evidence.runs) <= evidence.twins:
        return ""  # the runs are the parallel twins' (their note says so), not -count's
    each = ", ".join(f"run {i} {_RUN_WORDS.get(s, s)}" for i, s in enumerate(evidence.runs, 1))
    if evidence.shuffled_twins:
        note = (
            f"Note: {evidence.shuffled_twins} tests of this package are named {outcome.name} "
            "(in its internal and its external test package), and -shuffle ran them in a "
            "random order: Go's events do not say which run is which, so each of them is "
            f"given every run of the name ({each}); this report is run "
            f"{evidence.shown_run + 1}'s, which may be the other test's."
        )
    else:
        ran = "was to run" if NEVER_STARTED in evidence.runs else "ran"
        note = (
            f"go test {ran} it {len(evidence.runs)} times (-count, -cpu): {each}; "
            f"this report is run {evidence.shown_run + 1}'s."
        )
    return note


_RUN_WORDS: Final = {"error": "did not finish", NEVER_STARTED: "never started"}
# A colour or cursor sequence (ESC [ ... letter), and the other control characters.
_ANSI_SEQUENCE: Final = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain_headline(message: str) -> str:
    """A headline without terminal colours and control characters (shown escaped): it goes
    on one line of the short summary, into JUnit's ``message`` attribute and CI annotations,
    where an ANSI sequence is noise and a carriage return hides the ``file:line`` before it.
    The details keep Go's text as it was."""
    text = _ANSI_SEQUENCE.sub("", message)
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _explain(outcome: Outcome, context: PackageContext) -> Explanation:
    cause = outcome.cause
    if cause is Cause.FAILED:
        return _failed(outcome, context)
    if cause is Cause.SKIPPED:
        reason = _skip_text(outcome, context.source_dir)  # explain adds the runs' note
        return Explanation(first_line(reason), reason)
    if cause is Cause.LATE_FAILURE:
        return _late_failure(outcome)
    if cause in _OPEN_CAUSES:
        return _open(outcome, context)
    if cause is Cause.PACKAGE_FAILED_AFTER_PASS:
        return _failed_after_pass(context)
    return _not_run(outcome, context)


def _failed_after_pass(context: PackageContext) -> Explanation:
    """Every selected test passed and the package failed: the binary's crash when there was
    one (a goroutine a test left running panicked), else TestMain's exit status."""
    crash, output = context.crash, context.output
    if not crash.summary:
        message = (
            f"package {context.import_path} failed after all of its tests passed: "
            "TestMain or the test binary exited with a non-zero status"
        )
        return Explanation(message, message + "\n\n" + (output or "(no package output)"))
    whose = f" (its trace names {crash.culprit})" if crash.culprit else ""
    message = (
        f"package {context.import_path} failed after all of its tests passed: the test "
        f"binary died: {crash.summary}{whose}"
    )
    # The trace is in the package output, or (a panic right after the last pass) in that
    # test's output: shown either way.
    shown = output if crash.text and crash.text.strip() in output else (output + crash.text)
    return Explanation(message, message + "\n\n" + shown.strip() + "\n")


def _failed(outcome: Outcome, context: PackageContext) -> Explanation:
    evidence = outcome.evidence
    assert evidence is not None
    name = outcome.name
    output = evidence.output
    # Go 1.27+ marks t.Error/t.Fatal lines (OutputType "error"): show them first. Older
    # versions do not, and their t.Log and t.Error lines cannot be told apart: show all.
    error_text = _shown_go(evidence.error_text)
    full = _shown_go(output)
    crash = evidence.crash
    message = first_message(error_text) or evidence.own_crash
    if not message and crash.summary:
        # A panicking subtest's trace is in its parent's output, an example's in the package
        # output: the crash is this test's message.
        message = crash.summary
    if not message and not (context.marks_errors and evidence.failed_subtests):
        # Go 1.27+ marked no error line: a failed subtest failed it, not a line it printed.
        message = first_message(_past_logs(dedent_go(output), context.source_dir))
    if error_text and full and full != error_text:
        details = f"{error_text}\n\n---- output of {name} ----\n{full}"
    else:
        details = error_text or full
    if evidence.failed_subtests and not message:
        details = _join("subtests failed: " + ", ".join(evidence.failed_subtests), details)
    message = message or first_line(details) or f"{name} failed"
    # Output that opens with the message keeps its first line's indent (Go's t.Log lines
    # among column-0 prints): the message is there, not repeated above it.
    if not details.lstrip(" ").startswith(message):
        details = _join(message, details)
    if crash.summary:
        details = _join(details, _crash_section(crash, output))
    if evidence.twins > 1:
        details = _join(details, _twins_note(name, evidence.twins))
    return Explanation(message, details)


def _past_logs(text: str, source_dir: str) -> str:
    """``text`` from its first ``file.go:NN:`` line that is not a ``t.Log`` call (Go before
    1.27 does not mark its error lines: ``x_test.go:6: starting`` would head a failure whose
    ``t.Errorf`` is on the next line). A report the race detector printed is a failure
    too (``WARNING: DATA RACE``; its ``testing.go:NN: race detected`` line comes later).
    "" when every such line is a log (the failure is then a failed subtest's, or
    ``t.Fail``'s, which prints nothing); ``text`` when the source is not known or it has no
    such line. The lines of a log's message after its first are indented deeper than its
    ``file.go:NN:`` line (``t.Log("vet said:\\n" + out)``): they are its message, whatever
    they read like."""
    if not source_dir:
        return text
    lines = text.split("\n")
    logs = 0
    continued = -1  # the indentation of the log whose message lines follow; -1: none
    for index, line in enumerate(lines):
        head = line.lstrip(" ")
        indent = len(line) - len(head)
        if continued >= 0 and (indent > continued or not head.strip()):
            continue  # the log's message goes on (a blank line of it too)
        continued = -1
        head = head.strip()
        if head == _DATA_RACE:
            return "\n".join(lines[index:])
        match = _GO_LOCATION.match(head)
        if match is None:
            continue
        if not logged_at(source_dir, match.group(1), int(match.group(2)), head[match.end() :]):
            return "\n".join(lines[index:])
        logs += 1
        continued = indent
    return "" if logs else text


_DATA_RACE: Final = "WARNING: DATA RACE"


def _twins_note(name: str, count: int) -> str:
    return (
        f"Note: {count} tests of this package are named {name} (in its internal and its "
        "external test package), and they ran in parallel. Go's events do not say which of "
        "them an event is about, so each of them is given the worse result, and their "
        "subtests are reported once, under the first of them that was selected."
    )


def _late_failure(outcome: Outcome) -> Explanation:
    evidence = outcome.evidence
    assert evidence is not None
    crash = evidence.crash
    details = (
        f"{crash.summary}\n\n{outcome.name} was reported passed, then a goroutine it started "
        "failed it after it had completed; the binary died during "
        f"{crash.holder or 'a later test'}."
    )
    return Explanation(crash.summary, _join(details, _crash_section(crash, evidence.output)))


_OPEN_CAUSES = frozenset(
    {Cause.TIMED_OUT, Cause.CRASHED, Cause.EXITED, Cause.EXITED_ZERO, Cause.NO_RESULT}
)


def _open(outcome: Outcome, context: PackageContext) -> Explanation:
    """Started, never ended: the binary died while this test was running or paused."""
    evidence = outcome.evidence
    assert evidence is not None
    crash, name, cause = evidence.crash, outcome.name, outcome.cause
    note = ""
    if cause is Cause.TIMED_OUT:
        message = f"test timed out after {crash.timeout}"
        below = sorted(running for running in crash.timed_out if running.startswith(name + "/"))
        if below and name not in crash.timed_out:
            # Go lists a test whose body returned as not running while it waits for its
            # parallel subtests: it timed out in them.
            note = (
                f"{name} was waiting for its subtests when the binary timed out after "
                f"{crash.timeout}; running: {', '.join(below)}"
            )
        elif crash.timed_out and name not in crash.timed_out:
            note = (
                f"{name} had not finished (paused or waiting) when the binary timed out "
                f"after {crash.timeout} while running {crash.culprit}"
            )
    elif cause is Cause.CRASHED:
        message = crash.summary
        if crash.culprit is not None and top(name) != crash.culprit:
            note = (
                f"{name} had not finished when the test binary died in {crash.culprit}; "
                "Go reported no result for it"
            )
    elif cause is Cause.NO_RESULT:
        message = f"no result: {evidence.reason}"
    elif cause is Cause.EXITED_ZERO:
        message = "the test binary exited with status 0 during this test (os.Exit(0))"
    else:
        message = "the test binary exited during this test" + (
            f" ({evidence.exit_line})"
            if evidence.exit_line
            else " without a panic, signal or timeout (os.Exit, or a crash that printed nothing)"
        )
    details = _join(
        message + ("\n" + note if note else ""),
        _shown_go(evidence.output) or "(no output from the test)",
        _crash_section(crash, evidence.output) if crash.holder is not None else "",
        _package_tail(context),
    )
    return Explanation(message, details)


def _not_run(outcome: Outcome, context: PackageContext) -> Explanation:
    evidence = outcome.evidence
    assert evidence is not None
    cause, name, path = outcome.cause, outcome.name, context.import_path
    tail = _package_tail(context)
    body = tail
    if cause is Cause.FORGED:
        if evidence.said is None:
            message = (
                f"not run: go test reported the start of {name} but no result in a package "
                "that passed: init or TestMain printed test framing (forged), and the test "
                "never ran"
            )
        else:
            message = (
                f"not run: go test reported {name} ({evidence.said}), but the test binary "
                "ended without m.Run's last line: a goroutine ended the process (os.Exit, "
                "log.Fatal) after that report, or init or TestMain printed it (forged test "
                "framing); m.Run never finished, so the report cannot be trusted"
            )
    elif cause is Cause.BUILD_FAILED:
        return build_failure(context)
    elif cause is Cause.STREAM_ENDED_FIRST:
        during = f" (during {evidence.culprit})" if evidence.culprit is not None else ""
        message = f"not run: {evidence.reason}{during}"
    elif cause is Cause.BINARY_DIED_FIRST:
        why = f" ({evidence.crash.summary})" if evidence.crash.summary else ""
        waiting = "waiting in t.Parallel() when " if evidence.paused else ""
        message = f"not run: {waiting}the test binary died in {evidence.culprit}{why}"
        crash = evidence.crash
        # A trace in the package output is shown there (in the tail), as for _open.
        section = _crash_section(crash, evidence.output) if crash.holder is not None else ""
        body = _join(_shown_go(evidence.output), section, tail)
    elif cause is Cause.DIED_BEFORE_TESTS:
        said = _why_it_died(context)
        where = died_in(context.crash.text, path) if context.crash.summary else None
        message = (
            f"not run: package {path} failed before running any test "
            f"({f'in {where}' if where else 'init, TestMain or flag parsing'})"
            + (f": {said}" if said else "")
        )
    elif cause is Cause.NO_TEST_FILES:
        message = f"not run: go test found no test files in {path}"
    elif cause is Cause.NO_MATCHING_TEST:
        message = (
            f"not run: go test found no test matching {name} in {path} "
            "(testing: warning: no tests to run); is it excluded by build constraints?"
        )
    elif cause is Cause.EXITED_BEFORE_TESTS:
        message = (
            f"not run: package {path} exited with status 0 without running its tests "
            "(TestMain did not call m.Run, or os.Exit(0) in init or TestMain); "
            "go test calls this 'ok'"
        )
    elif cause is Cause.STOPPED_BEFORE:
        message = f"not run: package {path} stopped before this test started"
    elif cause is Cause.PARENT_FAILED_FIRST:
        which = f" in run {evidence.shown_run + 1}" if len(evidence.runs) > 1 else ""
        message = f"not run: {evidence.culprit} failed{which} without starting it"
    else:
        message = f"not run: go test did not run {name}"
    return Explanation(message, _join(message, body))


# The header go prints before a package's build output: "# example.com/p [example.com/p.test]".
_BUILD_HEADER_RE: Final = re.compile(r"^# ([^\[\s]\S*(?: \[\S+\])?)$", re.M)
# A compiler's or vet's finding: "p/x.go:3:23: undefined: y", "./x_test.go:6:2: ..."
_FIRST_DIAGNOSTIC_RE: Final = re.compile(r"^(\S+?\.go:\d+(?::\d+)?: .+)$", re.M)


def build_failure(context: PackageContext) -> Explanation:
    """Why a package's test binary was not built (a test of it, or the package itself when
    it has no test): the compiler's or vet's output, named as the one or the other."""
    body = context.build_output + ("\n" + context.stderr if context.stderr else "")
    root = context.build_root or context.import_path
    header = _BUILD_HEADER_RE.search(context.build_output)
    if header is not None and header.group(1).split(" ")[0] != root.split(" ")[0]:
        # A missing import: go names the import as the failed build ("FailedBuild") and the
        # package whose build it broke in its header line ("# example.com/p").
        root = header.group(1)
    # go vet's findings come after a header naming the package in brackets ("# [p]").
    if vet_only(context.build_output):
        message = f"vet failed: {root}"
        body = _join(body, _VET_HINT)
    else:
        message = f"build failed: {root}"
    # The first diagnostic in the headline: --tb=short/line, the short summary, JUnit's
    # message and CI annotations show only the headline, which named the package alone.
    first = _FIRST_DIAGNOSTIC_RE.search(context.build_output)
    if first is None:
        # A finding without a place ("use of cgo in test x_test.go not supported", "found
        # packages p (a.go) and q (b_test.go)"): its first line.
        lines = (line.strip() for line in context.build_output.split("\n"))
        said = next((line for line in lines if line and not line.startswith("#")), "")
        headline = f"{message}: {said}" if said else message
        return Explanation(headline, _join(message, body))
    diagnostic = first.group(1)
    if diagnostic.endswith(":"):  # "...; to add it:" and the command on the next line
        rest = context.build_output[first.end() :].lstrip("\n").split("\n", 1)[0]
        if rest[:1] in (" ", "\t") and rest.strip():
            diagnostic = f"{diagnostic} {rest.strip()}"
    return Explanation(f"{message}: {diagnostic}", _join(message, body))


def note_text(note: Note, import_path: str) -> str:
    """A warning's words."""
    name = note.test
    if note.kind is NoteKind.UNCOLLECTED:
        return (
            f"{import_path}: go test reported {name!r} ({note.actions[-1]}), which was not "
            "collected; ignored"
        )
    if note.kind is NoteKind.EXTRA_RUNS:
        forged = len(note.actions)
        return (
            f"{import_path}: go test reported {name!r} {forged + (note.expected or 0)} times "
            f"for {note.expected} run(s); the first {forged} ({', '.join(note.actions)}) came "
            "from output printed before the test ran (init or TestMain printing test framing) "
            "and were ignored"
        )
    if note.kind is NoteKind.FORGED_RUN:
        said = f" ({', '.join(note.actions)})" if note.actions else ""
        return (
            f"{import_path}: {note.by} printed test framing for {name!r}{said} while it was "
            "running; that is output of the test that printed it, not a run of "
            f"{name}: ignored"
        )
    return (
        f"{import_path}: go test reported {note.actions[0]!r} for {name!r}, which had already "
        "ended or never started: framing text printed by another test; ignored"
    )
