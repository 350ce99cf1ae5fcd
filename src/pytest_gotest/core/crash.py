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

from .closures import closure_names, names_match
from .package_run import PackageRun, TestRun

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
# Where a parallel test waits to start (for its parent's body to return, for a free slot).
_PARALLEL: Final = "testing.(*T).Parallel("


def goroutines_of(trace: str, name: str) -> list[str] | None:
    """The goroutines of a timeout's trace that are test ``name``'s, best first (maybe
    none); None for any other trace, whose first goroutine is the one that panicked, whoever
    started it.

    Go's alarm dumps every goroutine, its own first: the first frame of the test's directory
    in the dump is any running test's, the same for each of them. A goroutine is placed by its
    innermost frame of a test function: the test's top-level function (``TestA``) or a closure
    nested in it (``TestA.func1``, ``TestA.func1.2``, as deep as it is nested). A subtest
    runs in a closure as deep as it is (``TestA/sub`` in ``TestA.func1``, the top-level test
    in ``TestA`` itself), and what it runs from there is nested in that closure: a
    ``t.Cleanup``, a deferred or local closure, its own subtests (``TestA.func1.1``). So the
    test's goroutines are those in its closure (``_closure_of``), that closure's own first,
    then the deeper, then its ancestors' (around it, waiting in ``t.Run``); never a
    goroutine of another branch of the tree, even one nearer its depth than its own. A
    goroutine still waiting in ``t.Parallel()`` is a test that has not started: nobody's. So
    a test with neither itself nor a subtest in Go's ``running tests:`` list (one waiting
    there, one that ended) has no closure with a goroutine in it: any is another branch's,
    only its ancestors' goroutines may be its.
    Which of two closures is the test's (sibling subtests in different closures) the trace
    does not say, the test's source does (``_named_in_source``); where neither does, only
    their common ancestors' goroutines are its. A table's subtests
    share one closure: they run the same code, and the first is taken. A test without a
    goroutine in its test function (a subtest run by a named helper) is located as before
    when its tree is the only one running: any frame of its file is then its own."""
    timeout, running = _timeout_info((trace,))
    if timeout is None:
        return None
    tree = top(name).split("[", 1)[0]  # without a run mode's "[race]"
    depth = name.count("/")
    found: list[tuple[tuple[str, ...], int, str]] = []
    frames: dict[tuple[str, ...], tuple[str, int]] = {}
    for index, block in enumerate(_GOROUTINE_RE.findall(trace)):
        function = _test_function(block, tree)
        if function is not None:
            path, frame = function
            found.append((path, index, block))
            frames.setdefault(path, frame)
    if not found and {top(other) for other in running} <= {tree}:
        return None
    go_name = tree + name[len(top(name)) :]
    started = go_name in running or any(other.startswith(go_name + "/") for other in running)
    paths = [path for path, _, _ in found]
    candidates = _closure_of(paths, depth, go_name in running) if started else set()
    candidates = _named_in_source(candidates, frames, go_name.split("/"))
    ranked: list[tuple[int, int, int, str]] = []
    for path, index, block in found:
        if len(path) > depth:
            if len(candidates) == 1 and path[: depth + 1] in candidates:  # its own
                ranked.append((0, len(path) - 1 - depth, index, block))
        elif _around(path, candidates):
            ranked.append((1, depth - len(path), index, block))  # an ancestor's, the nearest first
    return [block for *_, block in sorted(ranked)]


def _closure_of(
    paths: Sequence[tuple[str, ...]], depth: int, running: bool
) -> set[tuple[str, ...]]:
    """The closures at ``depth`` that may be the test's, as goroutines' ``paths`` show them
    (the test's when there is one). A test Go lists as running runs its body: the closure
    that a goroutine is in at the test's depth itself (its body, or its ``t.Run`` waiting for
    a subtest), else the one deeper goroutines are in (a ``t.Cleanup``, a deferred closure).
    A test not listed but with a subtest listed (the only others asked about) has had its
    body return and waits for its parallel subtests: it is in no goroutine at its depth, and
    one there is a sibling's; its subtests' goroutines are deeper."""
    at_depth = {path for path in paths if len(path) == depth + 1}
    if running and at_depth:
        return at_depth
    return {path[: depth + 1] for path in paths if len(path) > depth + 1}


def _around(path: tuple[str, ...], closures: set[tuple[str, ...]]) -> bool:
    """Whether a closure shallower than the test is one of its ancestors': around each
    closure that may be the test's; without one, only the top-level function is surely
    around the test (a closure of it may be another branch's)."""
    if not closures:
        return len(path) == 1
    return all(closure[: len(path)] == path for closure in closures)


def _named_in_source(
    candidates: set[tuple[str, ...]],
    frames: dict[tuple[str, ...], tuple[str, int]],
    names: list[str],
) -> set[tuple[str, ...]]:
    """Of the closures that may be test ``names`` (``[TestQ, x, in]``), those the source does
    not give to another subtest (core.closures): ``t.Run("y", func...)``'s closure is not
    ``x``'s, whereas the dump alone cannot tell two siblings' closures apart. A closure is
    read at a frame of a goroutine in it; one the source cannot read stays."""
    if not candidates or len(names) == 1:
        return candidates
    kept: set[tuple[str, ...]] = set()
    for closure in candidates:
        inside = [path for path in frames if path[: len(closure)] == closure]
        file, line = frames[min(inside, key=len)]
        said = closure_names(file, names[0], line, len(closure) - 1)
        if said is None or names_match(said, names[1:]):
            kept.add(closure)
    return kept


def _test_function(block: str, tree: str) -> tuple[tuple[str, ...], tuple[str, int]] | None:
    """The innermost test function of a goroutine when it is test function ``tree`` or a
    closure in it, as its path of nesting: ``(TestA,)`` in the function itself, ``(TestA,
    func1)`` in a closure of it, ``(TestA, func1, 2)`` in a closure of that; with its frame's
    file and line. None when it is another's, when the goroutine has none, or when it waits
    in ``t.Parallel()`` to start."""
    for match in _FUNCTION_RE.finditer(block):
        if block.startswith(_PARALLEL, match.start()):
            return None
        function = match.group(1)
        local = function[function.rfind("/") + 1 :].split(".")[1:]  # [TestA, func1]
        if local and _TRACE_TEST_RE.match("." + local[0] + "("):
            if local[0] != tree:
                return None
            frame = _FRAME_RE.match(block, match.start())
            place = (frame.group(2), int(frame.group(3))) if frame is not None else ("", 0)
            return tuple(local), place
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
