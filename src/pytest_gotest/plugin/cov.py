"""--go-cov for one pytest run: profile files per go invocation, the merge, reports, fail-under.

``GoCoverageSession`` belongs to the run's session (``GoSession.coverage``). Every go test
invocation (batches, reruns, xdist workers) gets its own ``-coverprofile`` file, so nothing
overwrites anything; at the end all profiles (plus any ``add_profile``'d ones, e.g. from Go
programs run by Python tests) are merged exactly (``gocov.profile``) and resolved to files on
disk (``gocov.build``). Under xdist, workers send their profile texts and package directories
to the controller through ``workeroutput``; only the controller (or a run without xdist)
reports.

Go's own account of each go test invocation reaches the user too (``go_test_ended``, told by
the runner): the warnings it prints on stderr (a ``-coverpkg`` pattern that matches nothing)
and the packages that did not compile, whose missing coverage is named with the compiler's
output instead of being taken for a test binary that died.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from pytest_gotest.core.events import failed_package
from pytest_gotest.core.package_run import PackageRun
from pytest_gotest.core.toolchain import GoToolchain, go_warning_lines
from pytest_gotest.gocov.build import build_coverage
from pytest_gotest.gocov.funcs import find_functions
from pytest_gotest.gocov.gosource import GoSource
from pytest_gotest.gocov.model import GoCoverage, GoCoverageError
from pytest_gotest.gocov.profile import Profile, merge_profiles, parse_profile, read_profile
from pytest_gotest.gocov.reports import fail_under_message, term_report, write_report

from .options import CoverageOptions

__all__ = ["GoCoverageHooks", "GoCoverageSession"]

# A profile block's file name: any name, not only *.go (a //line directive in generated code
# names other files, such as goyacc's grammar.y).
_PROFILE_FILE_RE = re.compile(r"^(.+):\d+\.\d+,\d+\.\d+ \d+ \d+$", re.MULTILINE)
# cmd/go prints this per invocation, for the packages *that* invocation tests.
_UNMATCHED_COVERPKG = "warning: no packages being tested depend on matches for pattern "
_COMPILER_LINES = 30  # of a build failure's output, in the coverage warning


class GoCoverageSession:
    def __init__(
        self,
        options: CoverageOptions,
        toolchain: GoToolchain | None,
        default_dir: Callable[[], Path | None],
    ) -> None:
        self.options = options
        self.toolchain = toolchain
        self._default_dir = default_dir
        self._lock = threading.Lock()
        self._counter = itertools.count(1)
        self._dir: Path | None = None
        self._dir_failed = False
        # (profile path, packages, module root) per go invocation, in start order.
        self._runs: list[tuple[Path, tuple[str, ...], Path]] = []
        self._extra_paths: list[Path] = []
        self._texts: list[tuple[str, str]] = []  # (source name, profile text): xdist workers
        self._package_dirs: dict[str, Path] = {}
        self._module_roots: list[Path] = []
        # Go's warning lines on stderr, one tuple per ended go test invocation.
        self._go_warnings: list[tuple[str, ...]] = []
        # Package that did not compile -> (compiler output, packages left without coverage).
        self._failed_builds: dict[str, tuple[str, set[str]]] = {}
        self.problems: list[str] = []  # errors: the run fails
        self.warnings: list[str] = []  # shown, the run does not fail (totals are still right)
        self.finisher: Callable[[], None] | None = None
        self._collected = False
        self._merged: tuple[Profile | None, GoCoverage] | None = None
        self.fail_message: str | None = None
        self.report_lines: list[str] = []

    # -- profiles ------------------------------------------------------------------------------

    def _profile_dir(self) -> Path | None:
        """A fresh directory for this run's profiles; on failure the coverage is reported as
        an error naming the setting, and go tests run without -cover."""
        if self._dir is not None or self._dir_failed:
            return self._dir
        base = self.options.profile_dir or self._default_dir()
        try:
            if base is None:
                self._dir = Path(tempfile.mkdtemp(prefix="gotest-cov-"))
            else:
                base.mkdir(parents=True, exist_ok=True)
                self._dir = Path(tempfile.mkdtemp(prefix="gotest-cov-", dir=base))
        except OSError as exc:
            self._dir_failed = True
            self.problems.append(
                f"cannot create a directory for Go coverage profiles in {base}: "
                f"{exc.strerror or exc}; set {self.options.profile_dir_setting} to a writable "
                "directory. Go tests ran without coverage."
            )
        return self._dir

    def cover_args(self, packages: Sequence[str], module_root: Path) -> list[str]:
        """Arguments for one new go test invocation: its own profile file."""
        with self._lock:  # reader threads start queued batches too
            directory = self._profile_dir()
            if directory is None:
                return []
            path = directory / f"go-{next(self._counter):04d}.out"
            self._runs.append((path, tuple(packages), module_root))
            if module_root not in self._module_roots:
                self._module_roots.append(module_root)
            self._merged = None
        assert self.toolchain is not None
        return self.toolchain.coverage_args(path, self.options.coverpkg)

    def add_profile(self, path: Path) -> None:
        """Add any Go text profile (same mode as the run's) to the merge."""
        with self._lock:
            self._extra_paths.append(Path(path))
            self._merged = None

    def add_profile_text(self, text: str, source: str) -> None:
        with self._lock:
            self._texts.append((source, text))
            self._merged = None

    def add_module_roots(self, roots: Iterable[Path]) -> None:
        with self._lock:
            for root in roots:
                if root not in self._module_roots:
                    self._module_roots.append(root)

    def go_test_ended(self, args: Sequence[str], stderr: str, runs: Sequence[PackageRun]) -> None:
        """The runner's ``ProcessEnd`` hook (a reader thread): keep Go's stderr warnings and
        the packages whose test binary did not build (no profile blocks, for a known reason).
        Plain attribute reads only: the main thread may be resolving these runs already."""
        warnings = go_warning_lines(stderr)
        failed = [
            (run.failed_build or run.import_path, run.build_output, run.import_path)
            for run in runs
            if run.failed_build is not None or (run.action == "fail" and run.build_output)
        ]
        with self._lock:
            self._go_warnings.append(warnings)
            for root, output, package in failed:
                self._failed_builds.setdefault(root, (output, set()))[1].add(package)

    def add_package_dirs(self, dirs: Mapping[str, Path | str]) -> None:
        with self._lock:
            for package, directory in dirs.items():
                self._package_dirs.setdefault(package, Path(directory))
            self._merged = None

    def collect(self) -> None:
        """Wait for go (the finisher) and read every invocation's profile; idempotent."""
        if self._collected:
            return
        self._collected = True
        if self.finisher is not None:
            self.finisher()
        for path, packages, _root in self._runs:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                self.problems.append(
                    f"no Go coverage profile from the go test run of {', '.join(packages)} "
                    f"({path}: {exc.strerror or exc}): the run was stopped or go could not "
                    f"write it; check {self.options.profile_dir_setting}"
                )
                continue
            self._texts.append((str(path), text))
            self.warnings.extend(self._vanished(packages, text))
        self._merged = None

    def _vanished(self, packages: Sequence[str], text: str) -> list[str]:
        """Packages of a run that left no blocks although they have function bodies: a test
        binary that dies (panic, os.Exit, timeout, signal) writes no coverage, and go test
        just leaves its files out of the profile (docs/internals/coverage.md). With -coverpkg other
        binaries may cover them, so only runs without it are checked."""
        if self.options.coverpkg:
            return []
        present = {m.rpartition("/")[0] for m in _PROFILE_FILE_RE.findall(text)}
        with self._lock:
            unbuilt = {p for _output, failed in self._failed_builds.values() for p in failed}
        found: list[str] = []
        for package in packages:
            directory = self._package_dirs.get(package)
            if package in present or package in unbuilt or directory is None:
                continue  # unbuilt: named with the compiler's output instead (go_messages)
            try:
                sources = [
                    p.read_bytes()
                    for p in sorted(directory.glob("*.go"))
                    if not p.name.endswith("_test.go")
                ]
            except OSError:
                continue
            if any(find_functions(GoSource(data)) for data in sources):
                found.append(
                    f"{package}: no coverage data, although its sources have functions: its "
                    "test binary died before writing coverage (panic, os.Exit, timeout or "
                    "signal), or go test never ran it (its tests' errors say why), so its "
                    "statements are missing from the totals"
                )
        return found

    def export(self) -> dict[str, Any]:
        """What an xdist worker sends to the controller (plain data for execnet)."""
        self.collect()
        return {
            "profiles": [[source, text] for source, text in self._texts],
            "extra": [str(p) for p in self._extra_paths],
            "dirs": {k: str(v) for k, v in self._package_dirs.items()},
            "roots": [str(r) for r in self._module_roots],
            "problems": list(self.problems),
            "warnings": list(self.warnings),
            "go_warnings": [list(lines) for lines in self._go_warnings],
            "failed_builds": {
                root: [output, sorted(packages)]
                for root, (output, packages) in self._failed_builds.items()
            },
        }

    def import_worker(self, data: Mapping[str, Any], worker: str) -> None:
        for source, text in data.get("profiles", []):
            self.add_profile_text(str(text), f"{worker}:{source}")
        for path in data.get("extra", []):
            self.add_profile(Path(path))
        self.add_package_dirs(data.get("dirs", {}))
        for root in data.get("roots", []):
            if Path(root) not in self._module_roots:
                self._module_roots.append(Path(root))
        self.problems.extend(f"{worker}: {p}" for p in data.get("problems", []))
        self.warnings.extend(f"{worker}: {w}" for w in data.get("warnings", []))
        with self._lock:
            for lines in data.get("go_warnings", []):
                self._go_warnings.append(tuple(str(line) for line in lines))
            for root, (output, packages) in data.get("failed_builds", {}).items():
                entry = self._failed_builds.setdefault(str(root), (str(output), set()))
                entry[1].update(str(p) for p in packages)

    def go_messages(self) -> list[str]:
        """What Go said that the coverage user must see (on the controller, with every
        worker's data): packages that did not compile, and Go's stderr warnings.

        ``-coverpkg`` patterns: go warns per invocation about the packages *it* tests, and
        the plugin splits a run into several invocations (batches, xdist workers, reruns), so
        a pattern is reported only when every invocation warned, which is when
        ``go test -coverpkg=P ./...`` over the same packages warns too."""
        messages = [
            _build_failure(root, *self._failed_builds[root]) for root in sorted(self._failed_builds)
        ]
        everywhere = set.intersection(*(set(lines) for lines in self._go_warnings or [()]))
        for line in dict.fromkeys(line for lines in self._go_warnings for line in lines):
            if line.startswith(_UNMATCHED_COVERPKG) and line not in everywhere:
                continue  # another invocation tests a package that depends on a match
            messages.append(f"go test: {line}")
        return messages

    # -- merge ---------------------------------------------------------------------------------

    def merged_profile(self) -> Profile | None:
        return self._merge()[0]

    def merged(self) -> GoCoverage:
        """The merged coverage of everything so far (waits for go on first use).

        Raises ``GoCoverageError`` for profiles that cannot be merged (mixed modes, different
        source versions); the message names the files.
        """
        return self._merge()[1]

    def _merge(self) -> tuple[Profile | None, GoCoverage]:
        self.collect()
        cached = self._merged
        if cached is not None:
            return cached
        profiles: list[Profile] = []
        for source, text in self._texts:
            if text.strip():
                profiles.append(parse_profile(text, source))
        for path in self._extra_paths:
            profiles.append(read_profile(path))
        merged = merge_profiles(profiles)
        if merged is None:
            result: tuple[Profile | None, GoCoverage] = (None, GoCoverage("set", {}))
        else:
            coverage = build_coverage(merged, self._package_dirs, self._locate)
            result = (merged, coverage)
        self._merged = result
        return result

    def _locate(self, packages: Iterable[str]) -> dict[str, Path]:
        """Directories of packages the collection did not list (e.g. -coverpkg naming another
        module's packages), asked from go in the run's module roots."""
        wanted = list(packages)
        found: dict[str, Path] = {}
        toolchain = self.toolchain
        if toolchain is None:
            return found
        for root in self._module_roots:
            missing = [p for p in wanted if p not in found]
            if not missing:
                break
            args = [toolchain.go, "list", "-e", "-f", "{{.ImportPath}}\t{{.Dir}}"]
            try:
                proc = toolchain.query([*args, *toolchain.flags.list_flags, *missing], root)
            except (OSError, subprocess.TimeoutExpired):
                continue
            for line in proc.stdout.splitlines():
                package, _, directory = line.partition("\t")
                if directory:
                    found[package] = Path(directory)
        return found

    # -- end of run ----------------------------------------------------------------------------

    def evaluate(self, root: Path) -> bool:
        """Merge, write file reports, build terminal lines, check fail-under.

        Returns False when the run must fail (fail-under or a coverage error)."""
        lines: list[str] = []
        ok = True
        self.collect()  # go has ended: every invocation's account is in
        self.warnings[:0] = self.go_messages()
        try:
            profile, coverage = self._merge()
        except GoCoverageError as exc:
            self.problems.append(str(exc))
            profile, coverage = None, None
        if coverage is not None:
            for spec in self.options.reports:
                if spec.dest is None:
                    lines.extend(term_report(coverage, spec.type == "term-missing", root))
                    continue
                if profile is None:
                    lines.append(f"Go coverage {spec.type} report not written: no profile data")
                    continue
                try:
                    dest = write_report(spec, coverage, profile, root)
                except GoCoverageError as exc:
                    self.problems.append(str(exc))
                    continue
                lines.append(f"Go coverage {spec.type} written to {dest}")
            # Sources not found: totals are right, only their lines cannot be shown.
            self.warnings.extend(coverage.problems)
            if self.options.fail_under is not None:
                self.fail_message = fail_under_message(coverage, self.options.fail_under)
                ok = self.fail_message is None
        if self.problems:
            ok = False
        self.report_lines = lines
        return ok


def _build_failure(root: str, output: str, packages: set[str]) -> str:
    """A package whose test binary did not build has no profile blocks: say so with Go's
    output (its first lines), not as a test binary that died. ``root`` is Go's FailedBuild:
    the package that failed, ``pkg [pkg.test]`` when a _test.go file did not compile."""
    lines = output.strip().splitlines() or ["(go printed no compiler output)"]
    shown = lines[:_COMPILER_LINES]
    if len(lines) > len(shown):
        shown.append(f"... ({len(lines) - len(shown)} more lines)")
    whose = "its" if len(packages) == 1 else "their"
    base = failed_package(root)
    # Only the failed package itself lost its coverage: "it", else name them all.
    listed = "it" if packages == {base} else ", ".join(sorted(packages))
    if any(line.startswith("# [") for line in lines):  # cmd/go heads vet's output "# [pkg]"
        what, said = f"{root} failed go vet", "Go vet"
    elif lines[0].split(" [", 1)[0] == f"# {base}":  # the compiler on the package itself
        what, said = f"{root} did not compile", "The compiler"
    else:  # a setup failure (a missing package) or output go did not head with the package
        what = f"the test binary of {', '.join(sorted(packages))} could not be built"
        what += "" if base in packages else f" ({root} failed)"
        said, listed = "Go", "it" if len(packages) == 1 else "them"
    return (
        f"{what}, so go test wrote no coverage for {listed}: {whose} statements are missing "
        f"from the totals, as from Go's own. {said} said:\n"
        + "\n".join("    " + line for line in shown)
    )


class GoCoverageHooks:
    """Registered when --go-cov is on. ``reports`` says whether this process reports (the
    single process or the xdist controller; decided once the session started)."""

    def __init__(self, coverage: GoCoverageSession, reports: Callable[[], bool]) -> None:
        self.coverage = coverage
        self.reports = reports

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        # tryfirst makes this the outermost wrapper: the code after yield runs once the run
        # loop, the go processes and every inner wrapper (pytest-cov's bridge) are done.
        # finally: -x and --maxfail end the loop with an exception; the coverage of what ran
        # is still reported (go runs that were stopped are named as missing). A worker's
        # profiles travel to the controller in its payload (roles.XdistWorker).
        try:
            return (yield)
        finally:
            reports = not session.config.option.collectonly and self.reports()
            if reports and not self.coverage.evaluate(session.config.rootpath):
                session.testsfailed += 1

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        if not self.reports() or config.option.collectonly:
            return
        coverage = self.coverage
        if not (
            coverage.report_lines or coverage.problems or coverage.warnings or coverage.fail_message
        ):
            return
        terminalreporter.write_sep("-", "Go coverage")
        for line in coverage.report_lines:
            terminalreporter.write_line(line)
        for warning in coverage.warnings:
            terminalreporter.write_line(f"Go coverage WARNING: {warning}", yellow=True)
        for problem in coverage.problems:
            terminalreporter.write_line(f"Go coverage ERROR: {problem}", red=True)
        if coverage.fail_message:
            terminalreporter.write_line(f"FAIL {coverage.fail_message}", red=True, bold=True)
