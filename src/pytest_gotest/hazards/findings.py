"""The analyzer's findings as data: parsing its JSON, the rule table, the ini allow-list.

No pytest import: this runs on the analysis thread. ``RULES`` is a copy of the analyzer's rule
table (``gotest-hazards -rules -json``, from ``analyzer/internal/hazards/rules.go``): options
need it before anything is built. tests/hazards/test_analyzer_go.py builds the analyzer and
asserts the two are equal, field for field and in order.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, NamedTuple

__all__ = [
    "EXPLAINS_EARLY_DEATH",
    "RULES",
    "AllowEntry",
    "AnalysisError",
    "AnalyzerOutputError",
    "EarlierParse",
    "Finding",
    "HazardReport",
    "Problem",
    "Rule",
    "filter_allowed",
    "finding_from_json",
    "parse_allow",
    "parse_report",
    "report_to_json",
]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    why: str
    fix: str

    @property
    def doc(self) -> str:
        """The rule's section in the documentation (GitHub's heading anchor)."""
        slug = re.sub(r"[^a-z0-9 -]", "", f"{self.id} {self.title}".lower()).replace(" ", "-")
        return f"docs/init-hazards.md#{slug}"


_RULE_LIST: Final = (
    Rule(
        "H1",
        "network listener at init",
        "every test binary runs it, also for -list, whether its tests need the server or not; "
        "on a fixed port, go test's package binaries running in parallel (-p) collide and the "
        "second dies before any test",
        "start servers where they are used (main, a constructor the tests call, TestMain, or "
        "the test itself: httptest.NewServer in a test picks a free port)",
    ),
    Rule(
        "H2",
        "network dial or client at init",
        "an external service is contacted at import time: flaky, slow, not bounded by "
        "-timeout, and it runs even for -list",
        "connect lazily (sync.Once or a constructor) so that only code that needs the connection "
        "opens it; inject a fake in tests",
    ),
    Rule(
        "H3",
        "process exit at init",
        "the test binary dies before any test runs: the package fails without test events, "
        "and os.Exit(0) is a false pass with zero tests",
        "return errors from a constructor; keep log.Fatal/os.Exit in main",
    ),
    Rule(
        "H4",
        "flag.Parse or os.Args at init",
        "runs before the testing flags are registered: 'flag provided but not defined: "
        "-test.paniconexit0' breaks the test binary; os.Args holds -test.* flags",
        "call flag.Parse() in main (or in TestMain); read flags through their variables after "
        "parsing",
    ),
    Rule(
        "H5",
        "goroutine or timer started at init",
        "it outlives and leaks across every test, races with TestMain, and its output is "
        "attributed to whichever test is running",
        "start background work from a constructor or Start method that tests can stop, or guard "
        "it with if testing.Testing() { return }",
    ),
    Rule(
        "H6",
        "file-system write at init",
        "concurrently running test binaries collide, the module directory may be read-only,"
        " and the side effect vanishes on test-cache hits",
        "write lazily when needed; in tests use t.TempDir()",
    ),
    Rule(
        "H7",
        "process-global state changed at init",
        "it leaks into every test and subprocess, conflicts with t.Setenv/t.Chdir, and is "
        "invisible to the test cache",
        "pass configuration explicitly; in tests use t.Setenv/t.Chdir",
    ),
    Rule(
        "H8",
        "signal handling changed at init",
        "it swallows SIGINT/SIGQUIT, which go test relies on for Ctrl-C and the timeout stack dump",
        "install signal handlers in main or in a Run function",
    ),
    Rule(
        "H9",
        "process spawned at init",
        "a process is spawned at import time; a child holding stdout open makes go test "
        "report '*** Test I/O incomplete'",
        "compute it lazily (sync.Once) or at build time (-ldflags -X)",
    ),
    Rule(
        "H10",
        "blocking at init",
        "it delays every test binary, also for -list, and is not bounded by -timeout (the "
        "alarm starts in m.Run)",
        "wait where the result is needed, with a context and a deadline",
    ),
    Rule(
        "T1",
        "TestMain never calls m.Run",
        "no test runs: the package passes with zero tests and is never cached",
        "os.Exit(m.Run()), or call m.Run() and return",
    ),
    Rule(
        "T2",
        "TestMain exits before m.Run",
        "a return or os.Exit(0) before m.Run is a silent pass with zero tests; skip inside "
        "the tests with t.Skip instead",
        "let the tests run and skip in them: t.Skip(reason) in a helper each test calls",
    ),
    Rule(
        "T3",
        "defer with os.Exit in TestMain",
        "os.Exit and log.Fatal do not run deferred calls: the cleanup never happens",
        "code := m.Run(); cleanup(); os.Exit(code), or return from TestMain after m.Run() and let"
        " the defers run",
    ),
    Rule(
        "T4",
        "TestMain exit code not from m.Run",
        "os.Exit with a code not derived from m.Run's result fails a passing package or "
        "hides failing tests",
        "os.Exit(m.Run()), or return after m.Run()",
    ),
)
RULES: Final[dict[str, Rule]] = {rule.id: rule for rule in _RULE_LIST}

# Rules whose finding can explain a test binary that died (or exited 0) before any test ran.
EXPLAINS_EARLY_DEATH: Final = frozenset({"H1", "H3", "H4", "T1", "T2"})


class AnalyzerOutputError(ValueError):
    """The analyzer printed something that is not the contract's JSON."""


class EarlierParse(NamedTuple):
    """A command-line parse in the init code of another module's package (not analysed for
    hazards) that the package of an H4 finding imports: it runs first, when it runs."""

    package: str
    file: str
    line: int
    call: str  # flag.Parse, flag.CommandLine.Parse, pflag.Parse, ...


@dataclass(frozen=True)
class Finding:
    rule: str
    file: str  # absolute path of the hazardous call or statement
    line: int
    col: int
    root_file: str  # the init()/var initialiser/TestMain the call chain starts from
    root_line: int
    package: str  # import path of the package holding the root
    call: str
    chain: tuple[str, ...]
    message: str
    affects: tuple[str, ...]  # test packages (import paths) whose binaries run it
    after: tuple[EarlierParse, ...] = ()  # H4: other modules' parses that run before it

    @property
    def why(self) -> str:
        rule = RULES.get(self.rule)
        return rule.why if rule is not None else ""

    def key(self) -> tuple[str, str, int, int, str]:
        """Identity across processes (xdist workers report the same finding)."""
        return (self.rule, self.file, self.line, self.col, self.root_file)

    def location(self, base: Path | None = None) -> str:
        """``path:line``, relative to ``base`` when the file is below it."""
        path = Path(self.file)
        if base is not None:
            with contextlib.suppress(ValueError):
                path = path.relative_to(base)
        return f"{path}:{self.line}"

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "root_file": self.root_file,
            "root_line": self.root_line,
            "package": self.package,
            "call": self.call,
            "chain": list(self.chain),
            "message": self.message,
            "affects": list(self.affects),
            "after": [parse._asdict() for parse in self.after],
        }


@dataclass(frozen=True)
class AnalysisError:
    """A package the analyzer could not analyse (load or type errors); others still were."""

    package: str
    message: str


class Problem(NamedTuple):
    """Why the analysis is incomplete, said as a warning."""

    # The go.mod of the module concerned, or "" when no module is (go itself, the analyzer
    # build); shown as the warning's location.
    where: str
    text: str
    # The package the analyzer could not check ("" when no one package is concerned): a
    # package whose build go test reports as failed needs no second telling.
    package: str = ""


@dataclass(frozen=True)
class HazardReport:
    go: str
    findings: tuple[Finding, ...]
    errors: tuple[AnalysisError, ...]


def _field(obj: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = obj.get(name)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise AnalyzerOutputError(f"{where}: field {name!r} should be {kind.__name__}: {value!r}")
    return value


def _strings(obj: dict[str, Any], name: str, where: str) -> tuple[str, ...]:
    value = obj.get(name, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnalyzerOutputError(f"{where}: field {name!r} should be a list of strings")
    return tuple(value)


def _finding(obj: Any, index: int) -> Finding:
    where = f"findings[{index}]"
    if not isinstance(obj, dict):
        raise AnalyzerOutputError(f"{where}: not an object")
    file = _field(obj, "file", str, where)
    line = _field(obj, "line", int, where)
    col, root_file, root_line = obj.get("col"), obj.get("root_file"), obj.get("root_line")
    package, call = obj.get("package"), obj.get("call")
    return Finding(
        rule=_field(obj, "rule", str, where),
        file=file,
        line=line,
        col=col if isinstance(col, int) else 0,
        root_file=root_file if isinstance(root_file, str) else file,
        root_line=root_line if isinstance(root_line, int) else line,
        package=package if isinstance(package, str) else "",
        call=call if isinstance(call, str) else "",
        chain=_strings(obj, "chain", where),
        message=_field(obj, "message", str, where),
        affects=_strings(obj, "affects", where),
        after=_earlier_parses(obj, where),
    )


def _earlier_parses(obj: dict[str, Any], where: str) -> tuple[EarlierParse, ...]:
    value = obj.get("after") or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise AnalyzerOutputError(f"{where}: field 'after' should be a list of objects")
    return tuple(
        EarlierParse(
            package=_field(v, "package", str, f"{where}.after"),
            file=_field(v, "file", str, f"{where}.after"),
            line=_field(v, "line", int, f"{where}.after"),
            call=_field(v, "call", str, f"{where}.after"),
        )
        for v in value
    )


def finding_from_json(obj: Any) -> Finding:
    """One finding as ``Finding.to_json`` wrote it (xdist worker -> controller)."""
    return _finding(obj, 0)


def parse_report(text: str) -> HazardReport:
    """The analyzer's stdout -> a report; ``AnalyzerOutputError`` names what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        head = text.strip()[:200] or "(empty output)"
        raise AnalyzerOutputError(f"not JSON ({exc}): {head}") from None
    if not isinstance(data, dict):
        raise AnalyzerOutputError("not a JSON object")
    version = data.get("version")
    if version != 1:
        raise AnalyzerOutputError(f"unsupported output version {version!r} (expected 1)")
    raw_findings = data.get("findings") or []
    raw_errors = data.get("errors") or []
    if not isinstance(raw_findings, list) or not isinstance(raw_errors, list):
        raise AnalyzerOutputError("'findings' and 'errors' should be lists")
    errors = tuple(
        AnalysisError(str(e.get("package", "")), str(e.get("message", "")))
        for e in raw_errors
        if isinstance(e, dict)
    )
    return HazardReport(
        go=str(data.get("go") or ""),
        findings=tuple(_finding(obj, i) for i, obj in enumerate(raw_findings)),
        errors=errors,
    )


def report_to_json(report: HazardReport) -> str:
    return json.dumps(
        {
            "version": 1,
            "go": report.go,
            "findings": [f.to_json() for f in report.findings],
            "errors": [{"package": e.package, "message": e.message} for e in report.errors],
        },
        sort_keys=True,
    )


@dataclass(frozen=True)
class AllowEntry:
    """One ``go_init_hazards_allow`` line: a rule id (or ``*``), optionally with a path glob."""

    rule: str
    glob: str | None

    def matches(self, finding: Finding, bases: Sequence[Path]) -> bool:
        if self.rule not in ("*", finding.rule):
            return False
        if self.glob is None:
            return True
        return _path_matches(finding.file, self.glob, bases)


def _path_matches(file: str, glob: str, bases: Sequence[Path]) -> bool:
    """The glob against the absolute path and the path relative to each base (the rootdir,
    the module root); ``*`` crosses directories as in fnmatch, so ``internal/*`` covers all
    below it."""
    candidates = [file]
    for base in bases:
        try:
            candidates.append(Path(file).relative_to(base).as_posix())
        except ValueError:
            continue
    return any(fnmatch.fnmatchcase(candidate, glob) for candidate in candidates)


def parse_allow(
    lines: Iterable[str], setting: str = "ini go_init_hazards_allow"
) -> list[AllowEntry]:
    """``H5``, ``H5:internal/metrics/*``, ``*:vendorish/*``; ``ValueError`` names a bad line."""
    entries: list[AllowEntry] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        rule, colon, glob = line.partition(":")
        rule = rule.strip().upper()
        if rule != "*" and rule not in RULES:
            known = ", ".join(RULES)
            raise ValueError(f"{setting}: unknown rule {rule!r} in {line!r} (known: {known}, *)")
        glob = glob.strip()
        if colon and not glob:
            # "H1:" with the path left out would allow H1 everywhere, as "H1" alone does: a
            # cut-off line must not turn a rule off for the whole project unsaid.
            raise ValueError(
                f"{setting}: {line!r} has no path pattern after the colon; write {rule} alone "
                f"to allow it everywhere, or {rule}:PATTERN for some files"
            )
        entries.append(AllowEntry(rule, glob or None))
    return entries


def filter_allowed(
    findings: Iterable[Finding], allow: Sequence[AllowEntry], bases: Sequence[Path]
) -> list[Finding]:
    return [f for f in findings if not any(entry.matches(f, bases) for entry in allow)]
