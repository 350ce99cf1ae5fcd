"""The pytest edge of the hazard analysis: warnings, errors at setup, explanations, xdist.

Who reports what:
- Without xdist the process that runs the tests also starts the analysis (when the run loop
  starts, beside ``go test``) and, at session finish, turns findings into
  ``GoInitHazardWarning``s: warnings raised inside ``pytest_sessionfinish`` are recorded by
  pytest's warnings plugin and reach the warnings summary.
- Under xdist every worker collects every item and computes the same analysis (the result
  cache's lock makes one of them run the analyzer, the others read its result): each needs it
  for ``error`` mode and for explaining packages that died. Workers send their findings to the
  controller in their payload (``roles.WorkerPayload``); the controller de-duplicates them and
  warns once.
"""

from __future__ import annotations

import contextlib
import os
import time
import warnings
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest

from pytest_gotest.core.discovery import Discovery, GoListError, GoPackage
from pytest_gotest.core.progress import ProgressSnapshot
from pytest_gotest.core.toolchain import GoToolchain
from pytest_gotest.hazards.findings import (
    EXPLAINS_EARLY_DEATH,
    RULES,
    AllowEntry,
    EarlierParse,
    Finding,
    Problem,
    filter_allowed,
    finding_from_json,
    parse_allow,
)

from .errors import GoInitHazardWarning, report_raised_warnings
from .xdist import is_xdist_worker

if TYPE_CHECKING:
    # The analysis (and filelock) load when a run starts one, not with the plugin.
    from pytest_gotest.hazards.analysis import AnalysisResult, HazardAnalysis, WaitNote
    from pytest_gotest.hazards.combined import CombinedAnalysis

__all__ = [
    "WORKERS_AWAIT_BUILD_NOTE",
    "WORKERS_BUILD_FIRST_NOTE",
    "HazardGate",
    "HazardHooks",
    "finding_text",
    "killing_findings",
    "skipped_note",
    "terminal_wait_note",
    "waiting_text",
]


def skipped_note(environ: Mapping[str, str]) -> str:
    """The line that ends a first run which did not wait for the analysis: a line of the
    terminal summary, not a warning. Nothing is wrong with the code or the setup, and a
    warning would fail the run where warnings are errors (``filterwarnings = error``). On CI
    (``CI`` set, as most CI services do), where a fresh machine makes every run a first run,
    it names the directory to keep between jobs."""
    note = (
        "pytest-gotest: init-hazard analysis skipped in this run: the tests ended before its "
        "analyzer (a Go program, built once per Go version) was built and had run. The next "
        "run completes both and waits for them; --go-init-hazards=error waits in this run, "
        "--go-init-hazards=off turns the analysis off."
    )
    if environ.get("CI"):
        from pytest_gotest.hazards.build import cache_dir

        note += f" On CI, keep {cache_dir(dict(environ))} between jobs, as Go's build cache."
    return note


def waiting_text(stage: str) -> str:
    """The line a run shows when it has waited a while at its end for the analysis."""
    from pytest_gotest.hazards.analysis import BUILD_STAGE

    if stage == BUILD_STAGE:
        what = "its analyzer to be built (a Go program, built once per Go version)"
    else:
        what = "the analysis of the packages' init code"
    return f"pytest-gotest: init hazards: waiting for {what}; --go-init-hazards=off turns it off"


# Under xdist the workers wait (their terminal is not shown): the controller says so at once.
WORKERS_AWAIT_BUILD_NOTE: Final = (
    "pytest-gotest: init hazards: the xdist workers will wait at their end for the analyzer's "
    "build (a Go program, built once per Go version; an earlier run ended before it was "
    "ready); --go-init-hazards=off turns the analysis off"
)
WORKERS_BUILD_FIRST_NOTE: Final = (
    "pytest-gotest: init hazards: the xdist workers build the analyzer (a Go program, built "
    "once per Go version) and analyse before their Go tests start (--go-init-hazards=error); "
    "--go-init-hazards=warn does not wait for it"
)


def terminal_wait_note(config: pytest.Config) -> WaitNote | None:
    """A line on the terminal when the run waits a while for the analysis: the run after a
    first run waits for the analyzer's build (a minute on a small machine), at its end, where
    a package's binary died before its tests (to explain that) or, in error mode, before any
    package starts; a silent wait would look like a hang."""
    manager = config.pluginmanager
    reporter = manager.get_plugin("terminalreporter")
    if reporter is None or is_xdist_worker(config):
        return None  # a worker's output is not shown; its controller does not wait
    from pytest_gotest.hazards.analysis import WaitNote

    writer = config.get_terminal_writer()
    capture = manager.get_plugin("capturemanager")

    def note(stage: str) -> None:
        # Inside an item's setup pytest may be capturing output: the note is not the item's,
        # it goes to the terminal (as pytest's live logging does).
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            reporter.ensure_newline()  # after a -v line
            prefix = "\n" if writer.width_of_current_line else ""  # after progress letters
            writer.write(prefix + waiting_text(stage) + "\n", flush=True)

    return WaitNote(note)


def _relative(path: str, base: Path) -> str:
    try:
        return str(Path(path).relative_to(base))
    except ValueError:
        return path


def _kind(finding: Finding) -> str:
    return "TestMain hazard" if finding.rule.startswith("T") else "init hazard"


def _chain(finding: Finding) -> list[str]:
    """The call path without repeated adjacent steps (a TestMain root names itself)."""
    steps: list[str] = []
    for step in finding.chain:
        if not steps or steps[-1] != step:
            steps.append(step)
    return steps


def finding_text(finding: Finding, base: Path, blocked: str | None = None) -> str:
    """One finding as the warning message / error line: rule, what, why, where it comes from,
    which test packages run it, how to fix it (and the rule's section of the docs), how to
    silence it. ``blocked``: for the error of that test package (error mode), which names
    only how many others it affects (a listener in a package 300 test packages import made
    each of their errors list all 300)."""
    rule = RULES.get(finding.rule)
    title = rule.title if rule is not None else finding.rule
    parts = [f"{finding.rule} {title}: {finding.message}"]
    chain = _chain(finding)
    if len(chain) > 1:
        root = f"{_relative(finding.root_file, base)}:{finding.root_line}"
        parts.append(f"via {' -> '.join(chain)} (from {root})")
    if finding.why:
        parts.append(f"why: {finding.why}")
    others = [path for path in finding.affects if path != blocked]
    if blocked is not None:
        if others:
            plural = "s" if len(others) != 1 else ""
            parts.append(f"also affects {len(others)} other test package{plural}")
    elif finding.affects:
        parts.append("affects test packages: " + ", ".join(finding.affects))
    if rule is not None:
        parts.append(f"fix: {rule.fix} (see {rule.doc})")
    parts.append(
        f"silence with //gotest:allow {finding.rule} on that line or ini go_init_hazards_allow"
    )
    return "; ".join(parts)


def _parses_with_flag(call: str) -> bool:
    """A parse by the flag package (urfave/cli's too), whose error an unknown -test.* flag is."""
    return call in ("flag.Parse", "flag.CommandLine.Parse") or call.endswith("cli.App).Run")


def _parses_with_pflag(call: str) -> bool:
    """A parse by pflag (cobra's too), which takes -test.paniconexit0 for shorthand flags."""
    return call in ("pflag.Parse", "pflag.CommandLine.Parse") or call.startswith(
        "(*cobra.Command).Execute"
    )


def _any_call(call: str) -> bool:
    return True


# What a binary's own output says when a finding of this kind killed it, and which of the
# rule's findings can say it: an H4 read of os.Args prints nothing, a parse prints its
# package's error.
_DEATH_SIGNS: Final[tuple[tuple[str, tuple[str, ...], Callable[[str], bool]], ...]] = (
    ("H4", ("flag provided but not defined",), _parses_with_flag),
    ("H4", ("unknown shorthand flag: 't' in -test.",), _parses_with_pflag),
    (
        "H1",
        ("bind:", "address already in use", "listen tcp", "listen udp", "listen unix"),
        _any_call,
    ),
)


def killing_findings(
    findings: Sequence[Finding], exited_zero: bool, output: str
) -> Sequence[Finding | EarlierParse]:
    """Of the findings that may explain a binary that ended before its tests, the ones its
    exit status and output point at: status 0 is a TestMain without m.Run, an exit before
    it or an os.Exit(0) at init; otherwise a panic's trace or the message of a listener or
    flag parse names the finding (for a parse, the one that ran first: ``_first_parse``),
    and an exit (log.Fatal, os.Exit(n)) is the rest. Empty when none fits."""
    zero = [f for f in findings if f.rule in ("T1", "T2") or f.call.endswith("(0)")]
    if exited_zero:
        return zero
    loud = [f for f in findings if f not in zero]
    # A panic's stack trace (or a log line with Lshortfile) names the file and line.
    located = [f for f in loud if f"{Path(f.file).name}:{f.line}" in output and f.rule == "H3"]
    if located:
        return located
    for rule, signs, printed_by in _DEATH_SIGNS:
        if any(sign in output for sign in signs):
            matched = [f for f in loud if f.rule == rule and printed_by(f.call)]
            if rule == "H4":
                # A parse's error, whoever printed it: never the other exits' (a parse in
                # another module's init, not analysed, may have printed it).
                return _first_parse(matched, printed_by)
            if matched:
                return matched
    panicked = "panic:" in output or "goroutine " in output
    exits = [f for f in loud if f.rule == "H3" and ("panic" in f.call.lower()) == panicked]
    return exits if len(exits) == 1 else []


def _first_parse(
    parses: Sequence[Finding], printed_by: Callable[[str], bool]
) -> Sequence[Finding | EarlierParse]:
    """The parse that broke the binary: the first to run. A parse in the init code of
    another module's package that a parsing package imports (``Finding.after``, those that
    print this error) runs before it; of several places left, which ran first no line says:
    none is named."""
    places: dict[tuple[str, int], Finding | EarlierParse] = {}
    for finding in parses:
        earlier: list[Finding | EarlierParse] = [
            parse for parse in finding.after if printed_by(parse.call)
        ]
        for place in earlier or [finding]:
            places.setdefault((place.file, place.line), place)
    return list(places.values()) if len(places) == 1 else []


def _explains(killing: Finding | EarlierParse, base: Path) -> str:
    """One line of a died binary's explanation."""
    rule = RULES["H4"]
    if isinstance(killing, EarlierParse):
        return (
            f"init hazard H4 at {_relative(killing.file, base)}:{killing.line}, in "
            f"{killing.package} (another module, imported by the tested code), explains this: "
            f"its init parses command-line flags: {killing.call}, and runs before the init of "
            f"every package importing it ({rule.why}); fix: keep that package out of test "
            f"binaries, or have it parse in main (see {rule.doc})"
        )
    rule = RULES[killing.rule]
    return (
        f"{_kind(killing)} {killing.rule} at {_relative(killing.file, base)}:{killing.line} "
        f"explains this: {killing.message} ({killing.why}); fix: {rule.fix} (see {rule.doc})"
    )


class HazardGate:
    """Per-run state of the analysis for one process (the session owns it)."""

    def __init__(
        self,
        mode: str,
        allow_lines: Sequence[str],
        rootpath: Path,
        tests_progress: Callable[[], Sequence[ProgressSnapshot]] | None = None,
        wait_note: Callable[[], WaitNote | None] | None = None,
    ) -> None:
        """``wait_note``: what a wait of this process for the analysis tells when it lasts
        (``terminal_wait_note``), made when a wait begins."""
        self.mode = mode
        self._wait_note = wait_note
        # When this process's run began: before any xdist worker of it can have finished
        # (hazards/analysis.py, ``began``).
        self.began = time.time()
        self.allow: list[AllowEntry] = parse_allow(allow_lines)
        self.rootpath = rootpath
        self._analysis: CombinedAnalysis | None = None
        self._prepared: HazardAnalysis | None = None  # started before its packages were known
        self._result: AnalysisResult | None = None
        self._findings: list[Finding] | None = None
        self._module_roots: list[Path] = []
        self._emitted = False
        # --collect-only: the findings are the output, whatever the mode.
        self.analysis_only = False
        # xdist controller: what the workers found, de-duplicated.
        self.from_workers: dict[tuple[str, str, int, int, str], Finding] = {}
        self.worker_problems: list[Problem] = []
        self.worker_skipped = False  # a worker's first run did not wait for the analysis
        # Where go test's runners stand (the session knows): a first run's background
        # analysis starts once they will likely outlast it, else the next run does it
        # (hazards/analysis.py). None: no runners to go by, always started.
        self.tests_progress = tests_progress

    @property
    def enabled(self) -> bool:
        return self.mode != "off"

    @property
    def started(self) -> bool:
        return self._analysis is not None

    @property
    def done(self) -> bool:
        return self._analysis is not None and self._analysis.done

    @property
    def _background(self) -> bool:
        """Nobody waits for a first run's analysis in warn mode: it runs at low priority."""
        return self.mode == "warn"

    def prepare(self, toolchain: GoToolchain) -> None:
        """Start the analysis before collection, its packages not known yet: while pytest
        collects, it learns the Go version and builds the analyzer if the user cache has
        none. ``begin`` hands it the packages."""
        if not self.enabled or self._analysis is not None or self._prepared is not None:
            return
        self._prepared = self._new_analysis(toolchain, None)
        self._prepared.start()

    def begin(
        self, toolchain: GoToolchain, discovery: Discovery, packages: Iterable[GoPackage]
    ) -> None:
        """Start the analysis of these test packages on a background thread (once per run)."""
        if not self.enabled or self._analysis is not None:
            return
        from pytest_gotest.hazards.combined import CombinedAnalysis

        requests = self._requests(discovery, packages)
        self._module_roots = [request.module_root for request in requests]
        analysis, self._prepared = self._prepared, None
        if analysis is not None and analysis.toolchain is toolchain:
            analysis.request(requests)
        else:
            if analysis is not None:
                analysis.cancel()
            analysis = self._new_analysis(toolchain, requests)
        self._analysis = CombinedAnalysis(analysis)
        self._analysis.start()

    def begin_mode(
        self, discovery: Discovery, packages: Iterable[GoPackage], first: Discovery
    ) -> None:
        """--go-modes: analyse another mode's test binaries too, the packages whose file set
        in that mode differs from the first mode's (the others were analysed already)."""
        if self._analysis is None or discovery.toolchain is None:
            return
        differing = []
        for package in packages:
            try:
                same = first.listing(package.module_root).get(package.dir)
            except GoListError:
                same = None
            if same is None or same.go_files != package.go_files:
                differing.append(package)
        if differing:
            requests = self._requests(discovery, differing)
            self._analysis.add(self._new_analysis(discovery.toolchain, requests))

    def _new_analysis(
        self, toolchain: GoToolchain, requests: Sequence[Any] | None
    ) -> HazardAnalysis:
        from pytest_gotest.hazards.analysis import HazardAnalysis

        return HazardAnalysis(
            toolchain,
            requests,
            background=self._background,
            tests_progress=self._progress,
            began=self.began,
        )

    def _progress(self) -> Sequence[ProgressSnapshot]:
        """Where the runners stand, asked when the analysis is about to start. --collect-only
        (``analysis_only``, set after ``prepare``) has no tests to outlast: no runners, so its
        analysis, the output, always starts."""
        if self.analysis_only or self.tests_progress is None:
            return []
        return self.tests_progress()

    def _requests(self, discovery: Discovery, packages: Iterable[GoPackage]) -> list[Any]:
        by_root: dict[Path, dict[str, None]] = {}  # ordered sets
        for package in packages:
            by_root.setdefault(package.module_root, {})[package.import_path] = None
        from pytest_gotest.hazards.analysis import ModuleRequest
        from pytest_gotest.hazards.cache import ModuleSources

        requests: list[ModuleRequest] = []
        for root, import_paths in by_root.items():
            try:
                listing = discovery.listing(root)
            except GoListError:
                continue  # already reported through collection
            sources = tuple(
                ModuleSources(p.import_path, p.dir, p.go_files) for p in listing.values()
            )
            requests.append(ModuleRequest(root, tuple(import_paths), sources))
        return requests

    def finish_without_the_build(self) -> None:
        """warn mode, the tests are done: take the result, unless this is a first run still
        building the analyzer or analysing with the analyzer it just built (``building``), in
        which case the run does not wait for it."""
        if self._analysis is None or self._result is not None:
            return
        finished = self._analysis.result_unless_building(self._waiting())
        if finished is None:
            self.give_up_while_building()
        else:
            self._result = finished

    def give_up_while_building(self) -> None:
        """warn mode, tests done, a first run's build or analysis unfinished (or left to the
        next run, the tests too close to their end for it to start): the run does not wait,
        and says so at its end (``skipped_note``). What go compiled so far stays in its build
        cache; the next run finishes the build (waiting for it) and the analysis."""
        from pytest_gotest.hazards.analysis import AnalysisResult

        self._result = AnalysisResult(skipped=True)

    def workers_build_note(self) -> str | None:
        """What the xdist controller says when its workers will wait for the analyzer's
        build: in warn mode at their end, an earlier run having ended without it
        (``hazards.build.build_awaited``); in error mode before their Go tests, none being
        built yet. None when they will not."""
        from pytest_gotest.hazards.build import (
            analyzer_built,
            analyzer_source_hash,
            build_awaited,
            cache_dir,
        )

        cache, source_hash = cache_dir(), analyzer_source_hash()
        if self.mode == "warn" and build_awaited(cache, source_hash, self.began):
            return WORKERS_AWAIT_BUILD_NOTE
        if self.mode == "error" and not analyzer_built(cache, source_hash):
            return WORKERS_BUILD_FIRST_NOTE
        return None

    @property
    def skipped(self) -> bool:
        """This run (or, on the xdist controller, a worker's) did not wait for a first run's
        analysis."""
        return self.worker_skipped or (self._result is not None and self._result.skipped)

    def _waiting(self) -> WaitNote | None:
        return self._wait_note() if self._wait_note is not None else None

    def result(self) -> AnalysisResult:
        """The analysis's result, waited for (saying so if that lasts: ``wait_note``)."""
        if self._result is None:
            if self._analysis is not None:
                self._result = self._analysis.result(self._waiting())
            else:
                from pytest_gotest.hazards.analysis import AnalysisResult

                self._result = AnalysisResult()
        return self._result

    def findings(self) -> list[Finding]:
        """Findings after the ini allow-list (waits for the analysis)."""
        if self._findings is None:
            bases = [self.rootpath, *self._module_roots]
            unique = {f.key(): f for f in self.result().findings}
            self._findings = filter_allowed(unique.values(), self.allow, bases)
        return self._findings

    def for_package(self, import_path: str) -> list[Finding]:
        return [f for f in self.findings() if import_path in f.affects]

    # -- error mode ----------------------------------------------------------------------

    def blocking(self, import_path: str) -> list[Finding]:
        """``error`` mode: the findings that stop this package's tests (waits)."""
        if self.mode != "error" or self._analysis is None:
            return []
        return self.for_package(import_path)

    def setup_error(self, import_path: str, findings: Sequence[Finding]) -> tuple[str, str]:
        count = len(findings)
        message = (
            f"not run: {count} init hazard{'s' if count != 1 else ''} in the test binary of "
            f"{import_path} (--go-init-hazards=error)"
        )
        lines = [message, ""]
        for finding in findings:
            lines.append(
                f"{_relative(finding.file, self.rootpath)}:{finding.line}: "
                + finding_text(finding, self.rootpath, blocked=import_path)
            )
        # The package may not even build: go test, which is not started, would have said so
        # first. What the analyzer could not check of it (the compiler's words) is shown
        # here, not only in a warning of the summary.
        unchecked = [p.text for p in self.result().problems if p.package == import_path]
        if unchecked:
            lines += ["", *unchecked]
        lines += [
            "",
            "Fix the code (docs/init-hazards.md), or run with --go-init-hazards=warn.",
        ]
        return message, "\n".join(lines)

    # -- explaining a binary that died before its tests -----------------------------------

    def explanation(self, import_path: str, exited_zero: bool, output: str) -> str | None:
        """Why a package's binary died before any test, if a finding says so: the one its
        exit status and output point at (``killing_findings``). Waits for the analysis, but
        not for the analyzer's first build (warn mode must not make a first run slow; error
        mode waited at setup anyway)."""
        if self._analysis is None:
            return None
        if self.mode == "warn" and self._result is None:
            finished = self._analysis.result_unless_building(self._waiting())
            if finished is None:
                return None
        relevant = [f for f in self.for_package(import_path) if f.rule in EXPLAINS_EARLY_DEATH]
        killing = killing_findings(relevant, exited_zero, output)
        if not killing:
            return None
        return "\n".join(_explains(cause, self.rootpath) for cause in killing)

    # -- reporting ------------------------------------------------------------------------

    def add_worker_payload(self, payload: dict[str, Any]) -> None:
        """On the xdist controller: what one worker found."""
        for raw in payload.get("findings", []):
            finding = finding_from_json(raw)
            self.from_workers.setdefault(finding.key(), finding)
        for problem in payload.get("problems", []):
            if isinstance(problem, list) and len(problem) == len(Problem._fields):
                self.worker_problems.append(Problem(*(str(part) for part in problem)))
        if payload.get("skipped") is True:
            self.worker_skipped = True

    @property
    def has_result(self) -> bool:
        return self._result is not None

    def worker_payload(self) -> dict[str, Any]:
        result = self.result()
        return {
            "findings": [f.to_json() for f in self.findings()],
            "problems": [list(problem) for problem in result.problems],
            "skipped": result.skipped,
        }

    def warn_all(
        self,
        findings: Iterable[Finding],
        problems: Iterable[Problem],
        unbuilt: Container[str] = frozenset(),
    ) -> list[str]:
        """Issue the warnings; call inside a hook that pytest's warnings plugin wraps.
        ``unbuilt``: packages go test reported as not building in this run; their tests'
        errors already show the compiler's text that the analyzer's type errors repeat.

        Returns the warnings that a filter (``-W error::...``) turned into exceptions: raised
        from a session-finish hook they would be an internal error, so the caller reports
        them and fails the run instead."""
        raised: list[str] = []
        if self._emitted:
            return raised
        self._emitted = True
        for where, problem, package in dict.fromkeys(problems):
            if package and package in unbuilt:
                continue
            try:
                # The module's go.mod as the location (or a neutral name when no module is
                # concerned): the plugin's own source line would tell the reader nothing.
                warnings.warn_explicit(
                    GoInitHazardWarning(problem),
                    GoInitHazardWarning,
                    where or "pytest-gotest",
                    1 if where else 0,
                )
            except GoInitHazardWarning as exc:
                raised.append(str(exc))
        if self.mode != "warn" and not self.analysis_only:
            return raised  # error mode reports findings as errors of the affected tests
        seen: set[tuple[str, str, int, int, str]] = set()
        for finding in sorted(findings, key=lambda f: (f.file, f.line, f.rule)):
            if finding.key() in seen:
                continue
            seen.add(finding.key())
            # The Go file and line as the warning's location: the summary groups by it and
            # shows the source line.
            try:
                warnings.warn_explicit(
                    GoInitHazardWarning(finding_text(finding, self.rootpath)),
                    GoInitHazardWarning,
                    finding.file,
                    finding.line,
                )
            except GoInitHazardWarning as exc:
                raised.append(f"{finding.location(self.rootpath)}: {exc}")
        return raised

    def cancel(self) -> None:
        if self._prepared is not None:
            self._prepared.cancel()
        if self._analysis is not None:
            self._analysis.cancel()


class HazardHooks:
    """The reporting process warns at session finish (warnings raised there reach pytest's
    warnings summary)."""

    def __init__(
        self,
        gate: HazardGate,
        role: Callable[[], tuple[str, bool]],
        unbuilt: Container[str] = frozenset(),
    ) -> None:
        self.gate = gate
        self.role = role  # (role name, whether it reports), known once the session started
        self.unbuilt = unbuilt  # filled by the reports of this process (plugin/unbuilt.py)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        gate = self.gate
        name, reports = self.role()
        if not gate.enabled or not reports:
            return
        if name == "controller":
            raised = gate.warn_all(gate.from_workers.values(), gate.worker_problems, self.unbuilt)
        elif gate.has_result:
            raised = gate.warn_all(gate.findings(), gate.result().problems, self.unbuilt)
        else:
            return
        report_raised_warnings(session, "GoInitHazardWarning", raised)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.gate.enabled and self.role()[1] and self.gate.skipped:
            terminalreporter.write_line(skipped_note(os.environ), yellow=True)
