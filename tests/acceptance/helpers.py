"""What the acceptance tests share: fixture types, the fixture modules' expected results (from
their README.md files), and readers for pytest's terminal output and leftover processes."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite

GomodFactory = Callable[[str], Path]
RunPytest = Callable[..., pytest.RunResult]

# tests/testdata/gomods/basic/README.md, one entry per reported Go test: "file::name" -> Go
# result. Subtests are reported as their own results (node id "<test>/<subtest>").
BASIC_PACKAGES = {
    "calc": "example.com/basic/calc",
    "cgopkg": "example.com/basic/cgopkg",
    "fuzzing": "example.com/basic/fuzzing",
    "nested/deeper/pkg": "example.com/basic/nested/deeper/pkg",
    "parallel": "example.com/basic/parallel",
    "tagged": "example.com/basic/tagged",
    "withmain": "example.com/basic/withmain",
}
BASIC_TOP_LEVEL = {
    "calc/calc_ext_test.go::TestExternal": "passed",
    "calc/calc_ext_test.go::ExampleAdd": "passed",
    "calc/calc_ext_test.go::ExampleSub_unordered": "passed",
    "calc/calc_test.go::TestAdd": "passed",
    "calc/calc_test.go::TestSubFails": "failed",
    "calc/calc_test.go::TestSkipped": "skipped",
    "calc/calc_test.go::TestTable": "passed",
    "calc/calc_test.go::TestNames": "passed",
    "calc/calc_test.go::TestSubFail": "failed",
    "cgopkg/cgo_test.go::TestCgo": "passed",
    "fuzzing/reverse_test.go::TestReverse": "passed",
    "fuzzing/reverse_test.go::FuzzReverse": "passed",
    "nested/deeper/pkg/pkg_test.go::TestDeep": "passed",
    "parallel/parallel_test.go::TestP1": "passed",
    "parallel/parallel_test.go::TestP2": "failed",
    "parallel/parallel_test.go::TestP3": "passed",
    "tagged/plain_test.go::TestPlain": "passed",
    "withmain/main_test.go::TestOne": "passed",
    "withmain/main_test.go::TestTwo": "passed",
}
_SUBTESTS = {
    "calc/calc_test.go::TestTable": {
        "one_plus_one": "passed",
        "zero": "passed",
        "negative": "passed",
    },
    "calc/calc_test.go::TestNames": dict.fromkeys(
        ["a_b", "x/y", "p(1)", "q.r", "dup", "dup#01", "case[1]", "UPPER", "nested", "nested/deep"],
        "passed",
    ),
    "calc/calc_test.go::TestSubFail": {"good": "passed", "bad_case": "failed"},
    "fuzzing/reverse_test.go::FuzzReverse": {f"seed#{i}": "passed" for i in range(4)},
}
BASIC_SUBTESTS = {
    f"{parent}/{sub}": status for parent, subs in _SUBTESTS.items() for sub, status in subs.items()
}
BASIC_RESULTS = {**BASIC_TOP_LEVEL, **BASIC_SUBTESTS}
# pytest's summary counts as pytest 9 counts its own subtests: a passing subtest is one of the
# "subtests passed", a failing or skipped one counts as failed or skipped.
BASIC_COUNTS = Counter(
    "subtests passed" if status == "passed" and nodeid in BASIC_SUBTESTS else status
    for nodeid, status in BASIC_RESULTS.items()
)  # passed 15, subtests passed 18, failed 4, skipped 1
_COUNTED = ("passed", "subtests passed", "failed", "skipped", "errors")


def assert_counts(result: pytest.RunResult, expected: Mapping[str, int]) -> None:
    """The summary line's counts, including "subtests passed" (pytester's assert_outcomes
    does not know that word); a count not given must be 0."""
    # parseoutcomes() reads "3 subtests passed" as {"subtests": 3}: read the line here.
    line = next((line for line in reversed(result.outlines) if re.search(r" in [\d.]+s", line)), "")
    found = {
        ("errors" if word == "error" else word): int(number)
        for number, word in re.findall(r"(\d+) (subtests passed|\w+)", line)
    }
    actual = {word: found.get(word, 0) for word in _COUNTED}
    wanted = {word: expected.get(word, 0) for word in _COUNTED}
    if pytest.version_tuple < (9,):
        # pytest 8 has no "subtests passed" category: passing subtests count as passed.
        wanted["passed"] += wanted.pop("subtests passed")
        actual["passed"] += actual.pop("subtests passed")
    assert actual == wanted, result.stdout.str()[-3000:]


def go_name(nodeid: str) -> str:
    """``calc/calc_test.go::TestNames/x/y`` -> ``TestNames/x/y``."""
    return nodeid.split("::", 1)[1]


def import_path_of(nodeid: str) -> str:
    """The Go import path of a basic node id."""
    directory = nodeid.split("::", 1)[0].rsplit("/", 1)[0]
    return BASIC_PACKAGES[directory]


_SECTION_RE = re.compile(r"^_+ (.+?) _+$")


def sections(result: pytest.RunResult) -> dict[str, str]:
    """Report sections of pytest's terminal output by title (``ERROR at setup of X``, the
    reportinfo domain of a failure or -rA pass, ...), each up to the next title or ``===``."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in result.stdout.lines:
        match = _SECTION_RE.match(line)
        if match:
            current = found.setdefault(match.group(1), [])
        elif line.startswith("=" * 10):
            current = None
        elif current is not None:
            current.append(line)
    return {title: "\n".join(lines) for title, lines in found.items()}


def reported_nodeids(result: pytest.RunResult) -> list[str]:
    """Node ids of ``--collect-only -q`` output."""
    return [line.strip() for line in result.stdout.lines if "::" in line]


def processes_under(directory: Path) -> Iterator[tuple[int, str]]:
    """Live processes (other than this one) whose working directory or command line is in
    ``directory``: ``go test`` runs in the module root, test binaries in their package dir."""
    root = str(directory)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            )
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue  # gone, a zombie, or not ours to look at
        if root in cmdline or cwd == root or cwd.startswith(root + os.sep):
            yield int(entry.name), f"{cmdline.strip()} (cwd {cwd})"


def func_table(module: Path, profile: str, env: Mapping[str, str] | None = None) -> list[list[str]]:
    """`go tool cover -func` rows of ``profile`` (run in ``module``), whitespace-normalised:
    what Go users compare coverage numbers against (the last row is the total)."""
    out = subprocess.run(
        [shutil.which("go") or "go", "tool", "cover", f"-func={profile}"],
        cwd=module,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=None if env is None else dict(env),
    ).stdout
    return [line.split() for line in out.splitlines() if line.strip()]


# Environment variable set on an inner run and inherited by go, the test binaries and whatever
# they start: the one reliable way to find all of them, whatever their cwd or command line.
ORPHAN_MARK = "GOTEST_ORPHAN_MARK"


@dataclass(frozen=True)
class MarkedProcess:
    pid: int
    pgid: int
    cmdline: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.pid} (group {self.pgid}): {' '.join(self.cmdline)}"


def marked_processes(marker: str) -> list[MarkedProcess]:
    """Live processes (zombies excluded: their environment cannot be read) whose environment
    holds ``GOTEST_ORPHAN_MARK=<marker>``."""
    needle = f"{ORPHAN_MARK}={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            if needle not in environ.split(b"\0"):
                continue
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            pgid = os.getpgid(int(entry.name))
        except OSError:
            continue  # gone, a zombie, or not ours to look at
        args = tuple(part.decode("utf-8", "replace") for part in cmdline if part)
        found.append(MarkedProcess(int(entry.name), pgid, args))
    return found


def survivors(marker: str, grace: float = 2.0) -> list[MarkedProcess]:
    """Marked processes still alive after ``grace`` seconds (a killed process group needs a
    moment to disappear). Kills them afterwards, so that a failing check leaves no debris
    behind for the rest of the suite."""
    deadline = time.monotonic() + grace
    alive = marked_processes(marker)
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = marked_processes(marker)
    kill_marked(marker)
    return alive


def kill_marked(marker: str) -> None:
    """SIGKILL every process carrying the marker."""
    for process in marked_processes(marker):
        with contextlib.suppress(OSError):
            os.kill(process.pid, signal.SIGKILL)


def write_sh_go(directory: Path, prelude: str, real_go: str | None = None) -> Path:
    """``directory/go``: a shell script that runs ``prelude`` and then execs the real go."""
    real = real_go or shutil.which("go")
    assert real is not None
    directory.mkdir(parents=True, exist_ok=True)
    wrapper = directory / "go"
    wrapper.write_text(f'#!/bin/sh\n{prelude}exec {shlex.quote(real)} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper


def write_go_wrapper(directory: Path, real_go: str, log: Path) -> Path:
    """A ``go`` that appends its arguments (tab-separated, one call a line) to ``log`` and then
    execs the real go. The line is one write: the plugin starts go commands concurrently, and
    two appends per call (arguments, then the newline) could interleave two calls' lines."""
    prelude = (
        f"line=$(printf '%s\\t' \"$@\")\nprintf '%s\\n' \"$line\" >> {shlex.quote(str(log))}\n"
    )
    return write_sh_go(directory, prelude, real_go)


def install_probe(
    root: Path, name: str, source: str, monkeypatch: pytest.MonkeyPatch, log_var: str, log: Path
) -> None:
    """A probe plugin ``name`` (loaded with ``-p name``) in the module copy ``root``, importable
    by the inner pytest, and its log file's path in the environment variable ``log_var``."""
    (root / f"{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(root))
    monkeypatch.setenv(log_var, str(log))


def logging_go(pytester: pytest.Pytester) -> tuple[Path, Path]:
    """A logging ``go`` wrapper beside the pytester directory: (wrapper, log)."""
    real_go = shutil.which("go")
    assert real_go is not None
    log = pytester.path.parent / f"{pytester.path.name}-go.log"
    wrapper = write_go_wrapper(pytester.path.parent / f"{pytester.path.name}-bin", real_go, log)
    return wrapper, log


def go_invocations(log: Path, subcommand: str) -> list[list[str]]:
    """The logged calls of ``go <subcommand>``, each as its argument list."""
    if not log.exists():
        return []
    calls = [line.rstrip("\t").split("\t") for line in log.read_text().splitlines() if line]
    return [call for call in calls if call and call[0] == subcommand]


def junit_status(case: TestCase) -> str:
    kinds = {type(result) for result in case.result}
    if Error in kinds:
        return "error"
    if Failure in kinds:
        return "failed"
    if Skipped in kinds:
        return "skipped"
    assert not kinds, kinds
    return "passed"


def junit_suite(path: Path) -> TestSuite:
    xml = JUnitXml.fromfile(str(path))
    suites = [xml] if isinstance(xml, TestSuite) else list(xml)
    assert len(suites) == 1
    suite = suites[0]
    assert isinstance(suite, TestSuite)
    return suite


def junit_cases(suite: TestSuite) -> dict[tuple[str, str], TestCase]:
    cases: dict[tuple[str, str], TestCase] = {}
    for case in suite:
        key = (str(case.classname), str(case.name))
        assert key not in cases, f"duplicate testcase {key}"
        cases[key] = case
    return cases


@dataclass(frozen=True)
class CaseFacts:
    """What two runs' JUnit testcases must agree on (their times differ between runs)."""

    result: str  # "pass", or the result element's class name
    message: str
    system_out: str
    file: str | None
    line: str | None
    # Go's own elapsed time: the same shape, not the same value in two runs (the first run
    # may build and run what the second replays from Go's cache).
    timed: bool


def junit_case_facts(path: Path) -> dict[tuple[str, str], CaseFacts]:
    return {
        key: CaseFacts(
            type(case.result[0]).__name__ if case.result else "pass",
            (case.result[0].message or "") if case.result else "",
            case.system_out or "",
            case._elem.get("file"),
            case._elem.get("line"),
            re.fullmatch(r"\d+\.\d{3}", case._elem.get("time") or "") is not None,
        )
        for key, case in junit_cases(junit_suite(path)).items()
    }


def summary_line(result: pytest.RunResult) -> str:
    """The run's summary line without its duration."""
    return result.outlines[-1].split(" in ")[0]


JUnitResult = Failure | Error | Skipped


def junit_result(case: TestCase, kind: type[JUnitResult]) -> JUnitResult:
    found = [r for r in case.result if isinstance(r, kind)]
    assert len(found) == 1, case.result
    return found[0]


def assert_basic_junit(path: Path) -> None:
    """The JUnit file of a full run of the basic module, against its README.md."""
    suite = junit_suite(path)
    cases = junit_cases(suite)
    expected = {
        (import_path_of(nodeid), go_name(nodeid)): status
        for nodeid, status in BASIC_RESULTS.items()
    }
    assert {key: junit_status(case) for key, case in cases.items()} == expected
    assert suite.tests == len(expected) == 38
    assert suite.failures == BASIC_COUNTS["failed"]
    assert suite.skipped == BASIC_COUNTS["skipped"]
    assert suite.errors == 0
