"""Events -> per-package, per-test outcomes. The heart of "never a false green".

Pure core: no pytest import. Two steps:

1. ``StreamFolder`` folds the events of one ``go test -json`` process (several packages may
   interleave) into one ``PackageRun`` per package, keyed by the event's ``Package`` and ``Test``
   fields, never by guessing from text (FACTS.md sections 3-4). It is fed line by line by the
   reader thread of the process and calls back when a package's terminal event arrives, so an
   item waits only for its own package, not for the whole batch.
2. ``resolve`` turns a finished ``PackageRun`` and the names pytest selected into one
   ``TestOutcome`` per selected test. A test is ``passed`` only when Go emitted ``pass`` for
   it; every other path (crash, timeout, exit, build failure, TestMain that never ran the tests,
   truncated stream) is attributed with the output that explains it (FACTS.md sections 5-6).
"""

from __future__ import annotations

import re
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final, Literal

from .events import (
    BuildEvent,
    Event,
    OutputEvent,
    TestEvent,
    decode_output,
    fast_lifecycle,
    fast_output_fields,
    parse_line_slow,
)

__all__ = [
    "CaptureLimits",
    "OutputBuffer",
    "PackageRun",
    "PackageVerdict",
    "StreamFolder",
    "TestOutcome",
    "TestRun",
    "resolve",
]

Status = Literal["passed", "failed", "skipped", "error"]
Phase = Literal["setup", "call", "teardown"]

_TERMINAL: Final = frozenset({"pass", "fail", "skip"})
_FRAME_RE: Final = re.compile(
    r"^\s*(?:=== (?:RUN|PAUSE|CONT|NAME|ATTR|ARTIFACTS)\b|--- (?:PASS|FAIL|SKIP|BENCH):)"
)
# Cheap pre-checks on a raw JSON line for a package summary line under a test's name.
_MAYBE_TAIL: Final = '"Output":"ok  \\t'
_MAYBE_FAIL_TAIL: Final = '"Output":"FAIL\\t'
_PACKAGE_TAIL_RE: Final = re.compile(r"^(?:PASS|FAIL)$|^(?:ok  |FAIL|\?   )\t")
_TIMEOUT_RE: Final = re.compile(r"panic: test timed out after (\S+)")
_RUNNING_TEST_RE: Final = re.compile(r"^\t\t(\S+) \(")
_LATE_FAIL_RE: Final = re.compile(r"Fail in goroutine after (\S+) has completed")
_STRONG_CRASH_RE: Final = re.compile(
    r"^[ \t]*(?:panic: |fatal error: |signal: |\*\*\* Test killed|SIG[A-Z]+: ).*$", re.M
)
# A stack frame of a test function: "example.com/p.TestX.func2(...)", "p_test.ExampleY()".
_TRACE_TEST_RE: Final = re.compile(r"\.((?:Test|Example|Fuzz|Benchmark)[^\s.(]*)[.(]")
_NO_TESTS_TO_RUN: Final = "testing: warning: no tests to run"


@dataclass(frozen=True)
class CaptureLimits:
    """How much output one test (or one package) keeps in memory.

    Beyond ``memory_bytes`` the head and the tail are kept (the start says what the test was
    doing, the end holds the panic trace) and the middle goes to a spill file in ``spill_dir``
    when one is given, otherwise it is only counted.
    """

    memory_bytes: int = 1 << 20
    spill_dir: Path | None = None


class _Plain:
    """Literal text in an output buffer (non-JSON lines, notes); raw JSON lines are plain
    ``str`` objects, which the garbage collector does not track: a cached replay keeps
    hundreds of thousands of them."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


_Chunk = str | _Plain


def _chunk_text(chunk: _Chunk) -> str:
    return chunk.text if isinstance(chunk, _Plain) else decode_output(chunk)


def _chunk_size(chunk: _Chunk) -> int:
    return len(chunk.text) if isinstance(chunk, _Plain) else len(chunk)


def _chunk_is_frame(chunk: _Chunk) -> bool:
    if isinstance(chunk, _Plain):
        return False
    if '"OutputType":"frame"' in chunk:
        return True
    if '"OutputType"' in chunk:
        return False
    # Before Go 1.27 there is no OutputType: fall back to the framing text.
    return bool(_FRAME_RE.match(decode_output(chunk)))


class OutputBuffer:
    """Bounded, lazily decoded output of one test or of one package."""

    __slots__ = (
        "_head",
        "_head_bytes",
        "_limits",
        "_spill",
        "_spill_path",
        "_tail",
        "_tail_bytes",
        "dropped_bytes",
        "dropped_chunks",
    )

    def __init__(self, limits: CaptureLimits) -> None:
        self._limits = limits
        self._head: list[_Chunk] = []
        self._head_bytes = 0
        self._tail: deque[_Chunk] | None = None  # created on overflow only
        self._tail_bytes = 0
        self._spill: IO[str] | None = None
        self._spill_path: Path | None = None
        self.dropped_bytes = 0
        self.dropped_chunks = 0

    def append(self, chunk: OutputEvent | str) -> None:
        """Add an output event, or literal text."""
        if isinstance(chunk, OutputEvent):
            self.append_raw(chunk.raw)
        else:
            self._add(_Plain(chunk), len(chunk))

    def append_raw(self, raw_line: str) -> None:
        """Add the raw JSON line of an ``output`` event (decoded only when shown)."""
        self._add(raw_line, len(raw_line))

    def _add(self, chunk: _Chunk, size: int) -> None:
        half = self._limits.memory_bytes // 2
        if self._tail is None:
            if self._head_bytes + size <= half:
                self._head.append(chunk)
                self._head_bytes += size
                return
            self._tail = deque()
        self._tail.append(chunk)
        self._tail_bytes += size
        while self._tail_bytes > half and len(self._tail) > 1:
            evicted = self._tail.popleft()
            self._tail_bytes -= _chunk_size(evicted)
            self._drop(evicted)

    def _drop(self, chunk: _Chunk) -> None:
        text = _chunk_text(chunk)  # the note counts text, not JSON
        self.dropped_bytes += len(text)
        self.dropped_chunks += 1
        spill_dir = self._limits.spill_dir
        if spill_dir is None:
            return
        try:
            if self._spill is None:
                import tempfile

                spill_dir.mkdir(parents=True, exist_ok=True)
                handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open across calls
                    "w",
                    encoding="utf-8",
                    errors="replace",
                    dir=spill_dir,
                    prefix="go-output-",
                    suffix=".txt",
                    delete=False,
                )
                self._spill = handle
                self._spill_path = Path(handle.name)
            self._spill.write(text)
        except OSError:
            # A full or unwritable spill dir loses the middle of a huge output, never the run.
            self._limits = CaptureLimits(self._limits.memory_bytes, None)

    def last_raw(self) -> str:
        """The newest chunk as stored (a raw JSON line or literal text); "" when empty."""
        if self._tail:
            chunk = self._tail[-1]
        elif self._head:
            chunk = self._head[-1]
        else:
            return ""
        return chunk.text if isinstance(chunk, _Plain) else chunk

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    @property
    def spill_path(self) -> Path | None:
        return self._spill_path

    def chunks(self) -> Iterator[OutputEvent | str]:
        """Kept chunks: output events (package and test not kept) and literal text."""
        for chunk in (*self._head, *(self._tail or ())):
            yield chunk.text if isinstance(chunk, _Plain) else OutputEvent("", None, chunk)

    def text(self, *, drop_frames: bool = False) -> str:
        """The kept output; ``drop_frames`` leaves out ``=== RUN``/``--- PASS`` framing lines."""
        parts = [_chunk_text(c) for c in self._head if not (drop_frames and _chunk_is_frame(c))]
        if self.dropped_bytes:
            parts.append(self._omission_note())
        tail = self._tail or ()
        parts.extend(_chunk_text(c) for c in tail if not (drop_frames and _chunk_is_frame(c)))
        return "".join(parts)

    def error_lines(self) -> list[str]:
        """The ``t.Error``/``t.Fatal`` lines Go marked with OutputType error (Go 1.27+)."""
        return [
            decode_output(chunk)
            for chunk in (*self._head, *(self._tail or ()))
            if not isinstance(chunk, _Plain) and '"OutputType":"error' in chunk
        ]

    def _omission_note(self) -> str:
        where = f"; full text in {self._spill_path}" if self._spill_path else ""
        return (
            f"\n[pytest-gotest: {self.dropped_bytes} bytes of output omitted here "
            f"({self.dropped_chunks} chunks){where}]\n"
        )

    def texts(self) -> Iterator[tuple[str, bool]]:
        """Each kept chunk's text and whether it is a framing line."""
        for chunk in (*self._head, *(self._tail or ())):
            yield _chunk_text(chunk), _chunk_is_frame(chunk)

    def __bool__(self) -> bool:
        return bool(self._head) or bool(self._tail)  # noqa: RUF100


@dataclass(slots=True)
class TestRun:
    """Everything Go said about one test name in one package (all occurrences, for -count)."""

    __test__ = False

    name: str
    output: OutputBuffer
    actions: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    running: bool = False
    attrs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.running or bool(self.actions)

    @property
    def passed(self) -> bool:
        """True only when every run of this test ended with Go's own ``pass`` event."""
        return bool(self.actions) and not self.running and all(a == "pass" for a in self.actions)


@dataclass
class PackageRun:
    """One package's share of a ``go test -json`` stream."""

    import_path: str
    limits: CaptureLimits
    tests: dict[str, TestRun] = field(default_factory=dict)
    output: OutputBuffer = field(init=False)
    action: str | None = None  # pass | fail | skip, None while running or when truncated
    elapsed: float | None = None
    failed_build: str | None = None
    build_output: str = ""
    started: bool = False
    truncated_reason: str | None = None
    stderr: str = ""
    uncollected_reports: list[tuple[str, str]] = field(default_factory=list)
    # The test whose name test2json put on the package's summary line and terminal event.
    mislabelled_end: str | None = None
    # The test of the newest terminal event when it was a `pass` without a `--- PASS:` line.
    frameless_pass: str | None = None

    def __post_init__(self) -> None:
        self.output = OutputBuffer(self.limits)

    @property
    def done(self) -> bool:
        return self.action is not None or self.truncated_reason is not None

    def test(self, name: str) -> TestRun:
        run = self.tests.get(name)
        if run is None:
            run = self.tests[name] = TestRun(name, OutputBuffer(self.limits))
        return run

    def package_text(self) -> str:
        """Package-level output worth showing: init/TestMain output, crash traces; without
        the ``PASS``/``FAIL`` frames and the ``ok``/``FAIL`` summary line."""
        return "".join(
            text for text, frame in self.output.texts() if not frame and not _tail_line(text)
        )

    @property
    def cached(self) -> bool:
        return any("(cached)" in text for text, _ in self.output.texts() if _tail_line(text))

    def close(self) -> None:
        self.output.close()
        for run in self.tests.values():
            run.output.close()


def _tail_line(text: str) -> bool:
    return bool(_PACKAGE_TAIL_RE.match(text))


class StreamFolder:
    """Folds one process's event stream into ``PackageRun``s.

    Used from the reader thread of one process only; a package is handed to ``on_done`` once
    its terminal event (or the end of the stream) arrives and is not touched afterwards.
    """

    def __init__(
        self,
        packages: Iterable[str],
        limits: CaptureLimits,
        on_done: Callable[[PackageRun], None] | None = None,
    ) -> None:
        self.limits = limits
        self.expected = list(dict.fromkeys(packages))
        self.packages: dict[str, PackageRun] = {}
        self.build_output: dict[str, list[str]] = {}
        self.stray: list[str] = []  # non-JSON stdout lines, before we know their package
        self._on_done = on_done
        self._last_package: str | None = None
        self._deferred: list[PackageRun] = []
        # Non-JSON text after the last package's result: no package to show it with.
        self.unattributed = ""

    def package(self, import_path: str) -> PackageRun:
        run = self.packages.get(import_path)
        if run is None:
            run = self.packages[import_path] = PackageRun(import_path, self.limits)
        return run

    def feed_line(self, line: str) -> None:
        if line.startswith('{"Time":'):
            # Hot path (most lines are output): no event dispatch, no JSON decode.
            fields = fast_output_fields(line)
            if fields is not None:
                package, test = fields
                pkg = self.packages.get(package) or self.package(package)
                if self.stray:
                    self._take_stray(pkg)
                if test is None:
                    pkg.output.append_raw(line)
                elif _MAYBE_TAIL in line or _MAYBE_FAIL_TAIL in line:
                    self._test_output(pkg, test, line, decode_output(line))
                else:
                    run = pkg.tests.get(test) or pkg.test(test)
                    run.output.append_raw(line)
                self._last_package = package
                return
            lifecycle = fast_lifecycle(line)
            if lifecycle is not None:
                self._fold_test_event(lifecycle)
                return
        self.feed(parse_line_slow(line))

    def feed(self, event: Event) -> None:
        if isinstance(event, OutputEvent):
            pkg = self.package(event.package)
            if self.stray:
                self._take_stray(pkg)
            if event.test is None:
                pkg.output.append(event)
            else:
                self._test_output(pkg, event.test, event, event.output)
            self._last_package = event.package
            return
        if isinstance(event, TestEvent):
            self._fold_test_event(event)
            return
        if isinstance(event, BuildEvent):
            if event.action == "build-output":
                self.build_output.setdefault(event.import_path, []).append(event.output)
            else:
                self.build_output.setdefault(event.import_path, [])
            return
        # Non-JSON line: go itself never prints these on stdout with -json, but a test binary
        # run through -exec wrappers or a broken toolchain might. Keep it as package output of
        # the package that spoke last, so it is shown, never lost, never fatal.
        text = event.text + "\n"
        target = self._last_package
        if target is not None and not self.package(target).done:
            self.package(target).output.append(text)
        else:
            # Before the first package spoke, or between packages: it goes to the next
            # package that speaks (go prints one package's results at a time).
            self.stray.append(text)

    def _take_stray(self, pkg: PackageRun) -> None:
        if not pkg.done:
            for text in self.stray:
                pkg.output.append(text)
            self.stray.clear()

    def _fold_test_event(self, event: TestEvent) -> None:
        pkg = self.package(event.package)
        if self.stray:
            self._take_stray(pkg)
        self._last_package = event.package
        action = event.action
        if event.test is None or (action in _TERMINAL and event.test == pkg.mislabelled_end):
            if action == "start":
                pkg.started = True
            elif action in _TERMINAL:
                pkg.action = action
                pkg.elapsed = event.elapsed
                pkg.failed_build = event.failed_build
                if event.failed_build is not None:
                    pkg.build_output = "".join(self.build_output.get(event.failed_build, []))
                elif action == "fail" and not self.build_output and _build_failed(pkg):
                    self._deferred.append(pkg)  # its compiler output comes on stderr
                    return
                self._finish(pkg)
            return
        run = pkg.test(event.test)
        if action == "run":
            run.running = True
        elif action in _TERMINAL:
            if action == "pass" and run.running and "--- PASS: " not in run.output.last_raw():
                pkg.frameless_pass = event.test
            else:
                pkg.frameless_pass = None
            run.actions.append(action)
            run.running = False
            if event.elapsed is not None:
                run.elapsed += event.elapsed
        elif action == "attr" and event.key is not None:
            run.attrs.append((event.key, event.value or ""))
        # pause, cont, bench, artifacts and future actions change no outcome.

    def _test_output(self, pkg: PackageRun, test: str, chunk: OutputEvent | str, text: str) -> None:
        """Output of a test, unless it is the package's own ``ok``/``FAIL`` summary line.

        When a test binary exits while test2json believes a test is running (os.Exit(0) in
        TestMain after init printed forged framing, FACTS.md sections 4-5), test2json labels
        the package's summary line and its terminal event with that test's name. The line
        goes back to the package, and the next terminal event of that test is the package's.
        """
        if text.startswith((f"ok  \t{pkg.import_path}", f"FAIL\t{pkg.import_path}")):
            pkg.mislabelled_end = test
            target = pkg.output
        else:
            target = pkg.test(test).output
        if isinstance(chunk, str):
            target.append_raw(chunk)
        else:
            target.append(chunk)

    def _finish(self, pkg: PackageRun) -> None:
        if self._on_done is not None:
            self._on_done(pkg)

    def finish(self, exit_code: int | None, stderr: str, reason: str | None = None) -> None:
        """The process ended: every expected package without a terminal event is truncated."""
        legacy_build = _split_legacy_build_text(stderr)
        stray = "".join(self.stray)
        self.unattributed = stray
        for pkg in self._deferred:
            # GODEBUG=gotestjsonbuildtext=1 (pre-1.24 behaviour): build errors arrive as text
            # on stderr, not as build events (FACTS.md section 2), so the package waited for
            # the end of the process. A package that failed because a dependency did not
            # build has no section of its own: it gets every section, which name their
            # packages.
            own = legacy_build.get(pkg.import_path, "")
            pkg.build_output = own or "".join(legacy_build.values()) or stderr
            self._finish(pkg)
        self._deferred.clear()
        for import_path in self.expected:
            pkg = self.package(import_path)
            if pkg.done:
                continue
            if pkg.frameless_pass is not None and reason is None:
                # The stream ended without the package's own result, and its last event was
                # a `pass` that followed no `--- PASS:` line: test2json (run without
                # -test.paniconexit0) labelled the package's exit with the running test's
                # name (FACTS.md section 5). It is the package's result; the test never ended.
                run = pkg.tests[pkg.frameless_pass]
                run.actions.pop()
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


def describe_exit(code: int) -> str:
    """``exited with status 2`` or ``was killed by signal SIGKILL`` (Popen's negative codes)."""
    if code >= 0:
        return f"exited with status {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    return f"was killed by signal {name}"


def _split_legacy_build_text(stderr: str) -> dict[str, str]:
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


# ---------------------------------------------------------------------------------------------
# Resolution: a finished PackageRun -> one outcome per selected test.


@dataclass(frozen=True)
class TestOutcome:
    """What pytest reports for one Go test or subtest."""

    __test__ = False

    name: str
    status: Status
    phase: Phase
    message: str  # one line: the JUnit failure message, the terminal's short summary
    details: str  # the failure text; for skips the reason
    output: str  # the test's own output (framing lines removed)
    elapsed: float = 0.0
    subtests: tuple[TestOutcome, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    # Passed tests keep their output undecoded: on a Go test-cache hit the whole stream is
    # replayed and nobody reads it unless a report asks (junit system-out, -rP).
    lazy_output: OutputBuffer | None = field(default=None, compare=False, repr=False)

    def output_text(self) -> str:
        if self.output or self.lazy_output is None:
            return self.output
        return self.lazy_output.text(drop_frames=True)


@dataclass(frozen=True)
class PackageVerdict:
    """Outcomes of the selected tests of one package plus package-level findings."""

    import_path: str
    outcomes: dict[str, TestOutcome]
    package_output: str
    teardown_error: str | None  # for the package's last selected test
    cached: bool
    warnings: tuple[str, ...] = ()


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _dedent_go(text: str) -> str:
    """Go indents t.Log lines by 4 spaces per level; show them flush left."""
    lines = text.splitlines()
    indent = min((len(x) - len(x.lstrip(" ")) for x in lines if x.strip()), default=0)
    return "\n".join(x[indent:] for x in lines)


def _crash_summary(text: str) -> str:
    """The line that names what killed the binary: panic, timeout, signal, exit status."""
    strong = _strong_crash_line(text)
    if strong:
        return strong[0]
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("exit status "):
            return stripped
    return ""


def _strong_crash_line(text: str) -> tuple[str, int] | None:
    """The first panic/fatal error/signal line and its offset, or None."""
    match = _STRONG_CRASH_RE.search(text)
    if match is None:
        return None
    return match.group(0).strip(), match.start()


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


def _build_failed(pkg: PackageRun) -> bool:
    if pkg.failed_build is not None:
        return True
    return any(
        "[build failed]" in text or "[setup failed]" in text for text, _ in pkg.output.texts()
    )


def _top(name: str) -> str:
    return name.split("/", 1)[0]


@dataclass(frozen=True)
class _Crash:
    """What killed a test binary, found once per package (FACTS.md sections 5 and 13.4).

    test2json attributes a crash trace to whichever test was current: the parent of a
    panicking subtest, an innocent test running when a goroutine of an earlier one failed, or
    the package (examples, init). So the trace is searched in every test that did not pass and
    in the package output, and the test to blame is read from the trace itself where it can be.
    """

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
            _top(name) == self.culprit
            or (self.holder is not None and _top(name) == _top(self.holder))
        )


_NO_CRASH: Final = _Crash("", "", None, None, None, None, frozenset())


def _find_crash(pkg: PackageRun, package_output: str, open_tests: list[str]) -> _Crash:
    if pkg.action == "pass" and not open_tests:
        return _NO_CRASH  # the common case: no test output is decoded
    candidates: list[tuple[str | None, str]] = [
        (name, run.output.text())
        for name, run in pkg.tests.items()
        if run.running or "fail" in run.actions
    ]
    candidates.append((None, package_output))
    timeout, timed_out = _timeout_info(text for _, text in candidates)
    summary, text, holder = "", "", None
    for name, candidate in candidates:
        found = _strong_crash_line(candidate)
        if found is not None:
            summary, offset = found
            text, holder = candidate[offset:], name
            break
    late = _LATE_FAIL_RE.search(summary)
    late_fail = late.group(1) if late is not None and late.group(1) in pkg.tests else None
    culprit = _culprit(pkg, text, holder, late_fail, timed_out, open_tests)
    return _Crash(summary, text, holder, culprit, late_fail, timeout, frozenset(timed_out))


def _culprit(
    pkg: PackageRun,
    text: str,
    holder: str | None,
    late_fail: str | None,
    timed_out: set[str],
    open_tests: list[str],
) -> str | None:
    if late_fail is not None:
        return _top(late_fail)
    running = sorted({_top(name) for name in timed_out if _top(name) in pkg.tests})
    if running:
        return ", ".join(running)
    # The innermost stack frame that is a test function of this package names the test that
    # panicked: "example.com/p.TestC_Panics.func2(...)", "example.com/p.ExampleGreet_panics()".
    for match in _TRACE_TEST_RE.finditer(text):
        if match.group(1) in pkg.tests:
            return match.group(1)
    if holder is not None:
        return _top(holder)
    tops = [name for name in open_tests if "/" not in name] or open_tests
    return _top(tops[-1]) if tops else None


def resolve(
    pkg: PackageRun, selected: Sequence[str], runs_per_test: int | None = None
) -> PackageVerdict:
    """Outcomes for the top-level tests pytest selected in this package.

    ``runs_per_test`` is how many times go runs each test (``-count`` times the ``-cpu``
    entries; None when unknown). A test reported more often than that had lines forged by
    init or TestMain output before the real run (init_spoof): only its last runs count.
    """
    package_output = pkg.package_text()
    warnings: list[str] = []
    selected_set = set(selected)
    for name, run in pkg.tests.items():
        if _top(name) not in selected_set and run.actions:
            # A report for a name pytest never collected: init() output forging framing lines
            # (FACTS.md section 4, init_spoof), or a test our scanner could not see.
            warnings.append(
                f"{pkg.import_path}: go test reported {name!r} ({run.actions[-1]}), "
                "which was not collected; ignored"
            )
        elif runs_per_test is not None and len(run.actions) > runs_per_test:
            forged = run.actions[: len(run.actions) - runs_per_test]
            del run.actions[: len(forged)]
            warnings.append(
                f"{pkg.import_path}: go test reported {name!r} {len(forged) + runs_per_test} "
                f"times for {runs_per_test} run(s); the first {len(forged)} "
                f"({', '.join(forged)}) came from output printed before the test ran "
                "(init or TestMain printing test framing) and were ignored"
            )

    open_tests = [
        name for name, run in pkg.tests.items() if run.running and _top(name) in selected_set
    ]
    crash = _find_crash(pkg, package_output, open_tests)
    ran_any = any(run.started for run in pkg.tests.values())
    unconfirmed = ran_any and not open_tests and _results_unconfirmed(pkg, crash)
    children: dict[str, list[tuple[str, TestRun]]] = {}
    for sub_name, sub_run in pkg.tests.items():
        if "/" in sub_name and sub_run.started:
            children.setdefault(_top(sub_name), []).append((sub_name, sub_run))
    outcomes: dict[str, TestOutcome] = {}
    for name in selected:
        subtests = tuple(
            _resolve_started(pkg, sub_name, sub_run, package_output, crash, unconfirmed)
            for sub_name, sub_run in children.get(name, ())
        )
        top_run = pkg.tests.get(name)
        if top_run is not None and top_run.started:
            outcome = _resolve_started(pkg, name, top_run, package_output, crash, unconfirmed)
            outcomes[name] = _with_subtests(outcome, subtests)
        else:
            outcomes[name] = _not_run(pkg, name, package_output, crash, ran_any)

    teardown_error = None
    all_fine = all(o.status in ("passed", "skipped") for o in outcomes.values())
    if pkg.action == "fail" and all_fine and outcomes:
        teardown_error = (
            f"package {pkg.import_path} failed after all of its tests passed: "
            "TestMain or the test binary exited with a non-zero status\n\n"
            + (package_output or "(no package output)")
        )
    return PackageVerdict(
        import_path=pkg.import_path,
        outcomes=outcomes,
        package_output=package_output,
        teardown_error=teardown_error,
        cached=pkg.cached,
        warnings=tuple(warnings),
    )


def _with_subtests(outcome: TestOutcome, subtests: tuple[TestOutcome, ...]) -> TestOutcome:
    if not subtests:
        return outcome
    details = outcome.details
    failed = [s.name for s in subtests if s.status == "failed"]
    if outcome.status == "failed" and failed and not outcome.message:
        details = "subtests failed: " + ", ".join(failed) + ("\n\n" + details if details else "")
    return TestOutcome(
        name=outcome.name,
        status=outcome.status,
        phase=outcome.phase,
        message=outcome.message or _first_line(details),
        details=details,
        output=outcome.output,
        elapsed=outcome.elapsed,
        subtests=subtests,
        attrs=outcome.attrs,
        lazy_output=outcome.lazy_output,
    )


def _crash_section(crash: _Crash, run_output: str) -> str:
    """The trace, unless the test's own output already shows it."""
    if not crash.text or crash.summary in run_output:
        return ""
    where = f"output of {crash.holder}" if crash.holder else "package output"
    return f"---- crash ({where}) ----\n{crash.text.rstrip()}"


def _results_unconfirmed(pkg: PackageRun, crash: _Crash) -> bool:
    """True when the test events cannot have come from m.Run.

    m.Run ends with a ``PASS`` or ``FAIL`` line of its own. A binary that exited without one,
    without a crash and with no test left running never ran its tests to the end, so every
    test report in its stream was printed by init or TestMain before m.Run (forged framing,
    FACTS.md section 4).
    """
    if pkg.action not in ("pass", "fail") or pkg.truncated_reason is not None or crash.summary:
        return False
    return not any(text in ("PASS\n", "FAIL\n") for text, _ in pkg.output.texts())


def _resolve_started(
    pkg: PackageRun,
    name: str,
    run: TestRun,
    package_output: str,
    crash: _Crash,
    unconfirmed: bool = False,
) -> TestOutcome:
    attrs = tuple(run.attrs)
    if unconfirmed and "fail" not in run.actions:
        # Only green reports are doubted: a forged failure still fails (never a false green).
        said = run.actions[-1] if run.actions else "run"
        message = (
            f"not run: go test reported {name} ({said}), but the test binary never finished "
            "m.Run: the report was printed by init or TestMain (forged test framing), "
            "not by the testing package"
        )
        details = message + "\n\n" + _package_tail(pkg, package_output)
        return TestOutcome(name, "error", "setup", message, details.rstrip(), "")
    late_failure = crash.late_fail == name
    if run.passed and not late_failure:
        return TestOutcome(
            name, "passed", "call", "", "", "", run.elapsed, attrs=attrs, lazy_output=run.output
        )
    output = run.output.text(drop_frames=True)
    if late_failure:
        # Go said pass, then a goroutine the test left behind called t.Error: the binary
        # panicked during a later test, which test2json blames (goroutine_fatal).
        details = (
            f"{crash.summary}\n\n{name} was reported passed, then a goroutine it started "
            "failed it after it had completed; the binary died during "
            f"{crash.holder or 'a later test'}."
        )
        section = _crash_section(crash, output)
        if section:
            details += "\n\n" + section
        return TestOutcome(
            name, "failed", "call", crash.summary, details, output, run.elapsed, attrs=attrs
        )
    if not run.running and run.actions and all(a in ("pass", "skip") for a in run.actions):
        reason = _dedent_go(output).strip() or "skipped by go test"
        return TestOutcome(
            name, "skipped", "call", _first_line(reason), reason, output, run.elapsed, attrs=attrs
        )
    if not run.running and "fail" in run.actions:
        # Go 1.27+ marks t.Error/t.Fatal lines (OutputType "error"): show them first. Older
        # versions do not, and their t.Log and t.Error lines cannot be told apart: show all.
        error_text = _dedent_go("".join(run.output.error_lines())).strip()
        full = _dedent_go(output).strip()
        own_crash = _strong_crash_line(output)
        message = _first_line(error_text) or (own_crash[0] if own_crash else "")
        if not message and crash.explains(name):
            # A panicking subtest's trace is in its parent's output, an example's in the
            # package output: the crash is this test's message.
            message = crash.summary
        message = message or _first_line(full)
        if error_text and full and full != error_text:
            details = f"{error_text}\n\n---- output of {name} ----\n{full}"
        else:
            details = error_text or full
        if message and not details.startswith(message):
            # The first line is what JUnit's failure message and the short summary show.
            details = f"{message}\n\n{details}"
        if crash.explains(name):
            section = _crash_section(crash, output)
            if section:
                details += "\n\n" + section
        return TestOutcome(
            name, "failed", "call", message, details, output, run.elapsed, attrs=attrs
        )
    return _open_outcome(pkg, name, run, output, package_output, crash)


def _open_outcome(
    pkg: PackageRun,
    name: str,
    run: TestRun,
    output: str,
    package_output: str,
    crash: _Crash,
) -> TestOutcome:
    """Started, never finished: the binary died while this test was running or paused
    (FACTS.md section 5)."""
    note = ""
    if crash.timeout is not None:
        message = f"test timed out after {crash.timeout}"
        if crash.timed_out and name not in crash.timed_out:
            note = (
                f"{name} had not finished (paused or waiting) when the binary timed out "
                f"after {crash.timeout} while running {crash.culprit}"
            )
    elif crash.summary:
        message = crash.summary
        if crash.culprit is not None and _top(name) != crash.culprit:
            note = (
                f"{name} had not finished when the test binary died in {crash.culprit}; "
                "Go reported no result for it"
            )
    elif pkg.truncated_reason is not None:
        message = f"no result: {pkg.truncated_reason}"
    elif pkg.action == "pass" and pkg.frameless_pass == name:
        message = "the test binary exited with status 0 during this test (os.Exit(0))"
    elif pkg.action == "pass":
        # Under go test (-test.paniconexit0) only forged framing (init_spoof) or a raw ^V
        # byte leaves an open test in a package that passed: Go never ran it.
        message = (
            f"not run: go test reported the start of {name} but no result in a package that "
            "passed: init or TestMain printed test framing (forged), and the test never ran"
        )
        details = message + "\n\n" + _package_tail(pkg, package_output)
        return TestOutcome(name, "error", "setup", message, details.rstrip(), output)
    else:
        exit_line = _crash_summary(package_output + pkg.stderr)
        message = "the test binary exited during this test" + (
            f" ({exit_line})"
            if exit_line
            else " without a panic, signal or timeout (os.Exit, or a crash that printed nothing)"
        )
    details = message + ("\n" + note if note else "")
    details += "\n\n" + (_dedent_go(output).strip() or "(no output from the test)")
    section = _crash_section(crash, output)
    if section and crash.holder is not None:
        details += "\n\n" + section
    tail = _package_tail(pkg, package_output)
    if tail:
        details += "\n\n" + tail
    return TestOutcome(
        name, "failed", "call", message, details, output, run.elapsed, attrs=tuple(run.attrs)
    )


def _package_tail(pkg: PackageRun, package_output: str) -> str:
    parts = []
    if package_output.strip():
        parts.append(f"package {pkg.import_path} output:\n{package_output.rstrip()}")
    if pkg.stderr.strip():
        parts.append(f"go test stderr:\n{pkg.stderr.rstrip()}")
    return "\n\n".join(parts)


def _not_run(
    pkg: PackageRun, name: str, package_output: str, crash: _Crash, ran_any: bool
) -> TestOutcome:
    def error(message: str, body: str = "") -> TestOutcome:
        details = message + ("\n\n" + body.rstrip() if body.strip() else "")
        return TestOutcome(name, "error", "setup", message, details, "")

    tail = _package_tail(pkg, package_output)
    if _build_failed(pkg):
        build = pkg.build_output or package_output
        root = pkg.failed_build or pkg.import_path
        return error(f"build failed: {root}", build + ("\n" + pkg.stderr if pkg.stderr else ""))
    if pkg.truncated_reason is not None and not crash.summary:
        during = f" (during {crash.culprit})" if crash.culprit is not None else ""
        return error(f"not run: {pkg.truncated_reason}{during}", tail)
    if crash.culprit is not None and ran_any:
        why = f" ({crash.summary})" if crash.summary else ""
        section = _crash_section(crash, "")
        return error(
            f"not run: the test binary died in {crash.culprit}{why}",
            "\n\n".join(part for part in (section, tail) if part),
        )
    if pkg.truncated_reason is not None:
        return error(f"not run: {pkg.truncated_reason}", tail)
    if not ran_any:
        if pkg.action == "fail":
            return error(
                f"not run: package {pkg.import_path} failed before running any test "
                "(init, TestMain or flag parsing)",
                tail,
            )
        if pkg.action == "skip":
            return error(f"not run: go test found no test files in {pkg.import_path}", tail)
        if _NO_TESTS_TO_RUN in package_output:
            return error(
                f"not run: go test found no test matching {name} in {pkg.import_path} "
                "(testing: warning: no tests to run); is it excluded by build constraints?",
                tail,
            )
        return error(
            f"not run: package {pkg.import_path} exited with status 0 without running its tests "
            "(TestMain did not call m.Run, or os.Exit(0) in init or TestMain); "
            "go test calls this 'ok'",
            tail,
        )
    if pkg.action == "fail":
        return error(f"not run: package {pkg.import_path} stopped before this test started", tail)
    return error(f"not run: go test did not run {name}", tail)
