"""What killed a test binary, and which test to blame: found once per package.

Pure core. test2json files a crash trace under whichever test was current when the binary
printed it: the parent of a panicking subtest, an innocent test running when a goroutine of a
finished one failed, the package for examples and init, the last test itself when its own
goroutine panicked after it passed (docs/internals/go-test-json.md). So the trace is searched
in every run that did not pass, in the package output and after the last pass, and the test
to blame is read from the trace itself where it can be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from .fold import PackageRun, TestRun

__all__ = [
    "NO_CRASH",
    "Crash",
    "crash_summary",
    "died_in",
    "find_crash",
    "goroutines_of",
    "strong_crash_line",
    "top",
]

_TIMEOUT_RE: Final = re.compile(r"panic: test timed out after (\S+)")
_RUNNING_TEST_RE: Final = re.compile(r"^\t\t(\S+) \(")
_LATE_FAIL_RE: Final = re.compile(r"Fail in goroutine after (\S+) has completed")
_STRONG_CRASH_RE: Final = re.compile(
    r"^[ \t]*(?:panic: |fatal error: |signal: |\*\*\* Test killed|SIG[A-Z]+: ).*$", re.M
)
# Go's trace after a panic or fatal error, and how far before it a glued panic line is looked
# for (its message and "[recovered]" lines).
_TRACE_START: Final = "\n\ngoroutine "
_GLUED_WINDOW: Final = 4096
_GLUED_WORDS: Final = ("panic: ", "fatal error: ")
# A stack frame of a test function: "example.com/p.TestX.func2(...)", "p_test.ExampleY()".
_TRACE_TEST_RE: Final = re.compile(r"\.((?:Test|Example|Fuzz|Benchmark)[^\s.(]*)[.(]")


# A frame of a goroutine trace: the function and its arguments, then "\tFILE:LINE [+0x..]".
_FRAME_RE: Final = re.compile(r"^(\S+)\(.*\)\n\t(\S+):(\d+)(?: |$)", re.M)
# What runs before m.Run: an init function (init.0, ...), the var initialisers (init), TestMain,
# and closures of any of them (init.0.func1).
_BEFORE_TESTS_RE: Final = re.compile(r"^(init(?:\.\d+)?|TestMain)(?:\.func\d+(?:\.\d+)*)*$")


def died_in(trace: str, import_path: str) -> str | None:
    """Where a binary that died before its tests was, read from its panicking goroutine:
    ``init at x_test.go:36``, ``TestMain at main_test.go:8``, ``the init of example.com/dep
    at dep.go:5``; None when the trace shows none of those (no trace, or a panic elsewhere).

    Go prints the panicking goroutine first, innermost frame first: the first frame that is
    an init or TestMain is where the package's own code was when the helper below it failed.
    """
    start = trace.find("\ngoroutine ")
    if start == -1:
        return None
    end = trace.find("\n\n", start + 1)
    block = trace[start + 1 : end if end != -1 else len(trace)]
    for match in _FRAME_RE.finditer(block):
        function, file, line = match.groups()
        slash = function.rfind("/")
        dot = function.find(".", slash + 1)
        if dot == -1:
            continue
        package, name = function[:dot], function[dot + 1 :]
        if _BEFORE_TESTS_RE.match(name) is None:
            continue
        where = f"at {file.rsplit('/', 1)[-1]}:{line}"
        kind = "TestMain" if name.startswith("TestMain") else "init"
        if package in (import_path, import_path + "_test"):
            return f"{kind} {where}"
        if kind == "init":
            return f"the init of {package} {where}"
    return None


# One goroutine of a trace: its "goroutine N [...]:" line and its frames, up to a blank line.
_GOROUTINE_RE: Final = re.compile(r"^goroutine \d+ .*\n(?:.+\n?)*", re.M)
# A frame's function line: "example.com/p.TestX.func2.1(0x...)" (not "created by ...").
_FUNCTION_RE: Final = re.compile(r"^([^\s(]+)\(", re.M)


def goroutines_of(trace: str, name: str) -> list[str] | None:
    """The goroutines of a timeout's trace that are test ``name``'s, best first (maybe
    none); None for any other trace, whose first goroutine is the one that panicked, whoever
    started it.

    Go's alarm dumps every goroutine, its own first: the first frame of the test's directory
    in the dump is any running test's, the same for each of them. A goroutine is the test's
    when its innermost frame of a test function is the test's top-level function (``TestA``)
    or a closure in it (``TestA.func1``, ``TestA.func2.1``); the closure's nesting that
    matches the subtest's depth is best (a subtest is its own goroutine, usually a closure:
    ``TestA/sub`` in ``TestA.func1``; the top-level test in ``TestA`` itself). Which of two
    sibling subtests in different closures is which cannot be told from the trace: such
    goroutines are left out (a sibling's frame is no place of this test); in one closure (a
    table's subtests) they run the same code, and the first is taken. A test without a
    goroutine in its test function (a subtest run by a named helper) is located as before
    when its tree is the only one running: any frame of its file is then its own."""
    timeout, running = _timeout_info((trace,))
    if timeout is None:
        return None
    tree = top(name).split("[", 1)[0]  # without a run mode's "[race]"
    depth = name.count("/")
    found: list[tuple[int, int, str]] = []
    matching: set[str] = set()  # the closures at the test's own depth
    for index, block in enumerate(_GOROUTINE_RE.findall(trace)):
        nesting = _test_function(block, tree)
        if nesting is not None:
            function, level = nesting
            found.append((abs(level - depth), index, block))
            if level == depth:
                matching.add(function)
    if not found and {top(other) for other in running} <= {tree}:
        return None
    ambiguous = len(matching) > 1
    return [block for distance, _, block in sorted(found) if distance or not ambiguous]


def _test_function(block: str, tree: str) -> tuple[str, int] | None:
    """The innermost test function of a goroutine when it is test function ``tree`` or a
    closure in it, and how deep: 0 in the function itself, 1 in a closure of it, 2 in a
    closure of that; None when it is another's (or the goroutine has none)."""
    for match in _FUNCTION_RE.finditer(block):
        function = match.group(1)
        local = function[function.rfind("/") + 1 :].split(".")[1:]  # [TestA, func1]
        if local and _TRACE_TEST_RE.match("." + local[0] + "("):
            return (function, len(local) - 1) if local[0] == tree else None
    return None


def top(name: str) -> str:
    """The top-level test of a (sub)test name."""
    slash = name.find("/")
    return name if slash == -1 else name[:slash]


@dataclass(frozen=True)
class Crash:
    """The binary's death, if it died: what it printed and whom it blames."""

    summary: str  # "panic: ...", "fatal error: ...", "" when no crash text was found
    text: str  # the trace, from the summary line on
    holder: str | None  # the test whose output holds the trace; None for package output
    culprit: str | None  # the top-level test blamed for the death of the binary
    late_fail: str | None  # X of "panic: Fail in goroutine after X has completed"
    timeout: str | None  # "2s" of "panic: test timed out after 2s"
    timed_out: frozenset[str]  # the "running tests:" list of a timeout

    def explains(self, name: str) -> bool:
        """Whether the crash belongs to this test (itself, a parent or a subtest)."""
        return bool(self.summary) and (
            top(name) == self.culprit
            or (self.holder is not None and top(name) == top(self.holder))
            or self.timed_out_in(name)
        )

    def timed_out_in(self, name: str) -> bool:
        """Whether this test's tree was running when the binary timed out (a test of it is in
        Go's ``running tests:`` list): each such tree is the timeout's as much as any other,
        whereas a panic is one goroutine's."""
        tree = top(name)
        return any(top(running) == tree for running in self.timed_out)


NO_CRASH: Final = Crash("", "", None, None, None, None, frozenset())


def strong_crash_line(text: str) -> tuple[str, int] | None:
    """The first panic/fatal error/signal line and its offset, or None."""
    match = _STRONG_CRASH_RE.search(text)
    if match is None:
        return _glued_crash(text)
    return match.group(0).strip(), match.start()


def _glued_crash(text: str) -> tuple[str, int] | None:
    """A panic that does not start a line: output left without a newline just before it
    (``fmt.Print("pp")`` in a goroutine, then its panic: ``pppanic: boom``, as go itself
    prints it). Only where Go's goroutine trace follows, so that a log line merely saying
    "panic: " is not taken for one: from the first ``panic: ``/``fatal error: `` in the
    lines before the trace to the end of its line."""
    trace = text.find(_TRACE_START)
    if trace == -1:
        return None
    window = max(0, trace - _GLUED_WINDOW)
    found = [at for word in _GLUED_WORDS if (at := text.find(word, window, trace)) != -1]
    if not found:
        return None
    start = min(found)
    end = text.find("\n", start)
    return text[start : end if end != -1 else len(text)].strip(), start


def crash_summary(text: str) -> str:
    """The line that names what killed the binary: panic, timeout, signal, exit status."""
    strong = strong_crash_line(text)
    if strong:
        return strong[0]
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("exit status "):
            return stripped
    return ""


def _timeout_info(texts: Iterable[str]) -> tuple[str | None, set[str]]:
    """``panic: test timed out after D`` and the names in its ``running tests:`` list."""
    for text in texts:
        match = _TIMEOUT_RE.search(text)
        if match is None:
            continue
        running: set[str] = set()
        for line in text[match.end() :].splitlines():
            name_match = _RUNNING_TEST_RE.match(line)
            if name_match:
                running.add(name_match.group(1))
            elif running and line.strip():
                break
        return match.group(1), running
    return None, set()


def _all_runs(pkg: PackageRun) -> Iterable[TestRun]:
    for run in pkg.runs:
        yield run
        if run.subtests:
            yield from run.subtests.values()


def find_crash(pkg: PackageRun, package_text: str, open_runs: Sequence[TestRun]) -> Crash:
    """The crash of this package's binary, searched where test2json may have put it."""
    if pkg.action == "pass" and not open_runs:
        return NO_CRASH  # the common case: no output is decoded
    candidates: list[tuple[str | None, str]] = [
        (run.name, run.output.text())
        for run in _all_runs(pkg)
        if run.output is not None and (run.running or run.action == "fail")
    ]
    candidates.append((None, package_text))
    after_pass = _printed_after_the_last_pass(pkg)
    if after_pass is not None:
        candidates.append(after_pass)
    timeout, timed_out = _timeout_info(text for _, text in candidates)
    summary, text, holder = "", "", None
    for name, candidate in candidates:
        found = strong_crash_line(candidate)
        if found is not None:
            summary, offset = found
            text, holder = candidate[offset:], name
            break
    names = {run.name for run in pkg.runs}
    late = _LATE_FAIL_RE.search(summary)
    late_fail = late.group(1) if late is not None and late.group(1) in names else None
    culprit = _culprit(names, text, holder, late_fail, timed_out, open_runs)
    return Crash(summary, text, holder, culprit, late_fail, timeout, frozenset(timed_out))


def _printed_after_the_last_pass(pkg: PackageRun) -> tuple[str, str] | None:
    """What followed the report line of the last test to start, when it passed and the
    binary then died (the package failed and m.Run never printed its ``PASS``/``FAIL``
    line): a goroutine the test left running panicked. test2json files that output under the
    test until another one starts, and the test's ``pass`` event can even come after it."""
    if pkg.action != "fail" or not pkg.runs:
        return None
    last = pkg.runs[-1]
    if last.action != "pass" or last.output is None or last.forged_by is not None:
        return None
    if any(text in ("PASS\n", "FAIL\n") for text, _ in pkg.output.texts()):
        return None
    after: list[str] = []
    for text, frame in last.output.texts():
        if frame:
            after.clear()
        else:
            after.append(text)
    return last.name, "".join(after)


def _culprit(
    names: set[str],
    text: str,
    holder: str | None,
    late_fail: str | None,
    timed_out: set[str],
    open_runs: Sequence[TestRun],
) -> str | None:
    if late_fail is not None:
        return top(late_fail)
    running = sorted({top(name) for name in timed_out if top(name) in names})
    if running:
        return ", ".join(running)
    # The innermost stack frame that is a test function of this package names the test that
    # panicked: "example.com/p.TestC_Panics.func2(...)", "example.com/p.ExampleGreet_panics()".
    for match in _TRACE_TEST_RE.finditer(text):
        if match.group(1) in names:
            return match.group(1)
    if holder is not None:
        return top(holder)
    open_names = [run.name for run in open_runs]
    tops = [name for name in open_names if "/" not in name] or open_names
    return top(tops[-1]) if tops else None
