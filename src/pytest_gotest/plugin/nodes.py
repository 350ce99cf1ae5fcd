"""pytest nodes: a ``*_test.go`` file and one item per Go test, fuzz target or example."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

from pytest_gotest.core.discovery import GoListError, GoPackage
from pytest_gotest.core.execution import TestOutcome
from pytest_gotest.core.scanner import GoFunc

if TYPE_CHECKING:
    from _pytest._code.code import ExceptionInfo, TerminalRepr


__all__ = [
    "GoProblemItem",
    "GoRun",
    "GoTestError",
    "GoTestFailure",
    "GoTestFile",
    "GoTestItem",
]


class GoRun(Protocol):
    """What the nodes need from the run (the session object hands itself to them)."""

    def package_for(self, path: Path) -> GoPackage | None: ...
    def first_report_of(self, problem: str) -> bool: ...
    def setup_item(self, item: GoTestItem) -> None: ...
    def run_item(self, item: GoTestItem) -> None: ...
    def teardown_item(self, item: GoTestItem) -> None: ...


class GoTestFailure(Exception):
    """A Go test that failed (or crashed) while running; ``str`` is its first error line so
    that pytest-rerunfailures' ``--only-rerun`` and the short summary see something useful."""

    def __init__(self, outcome: TestOutcome) -> None:
        super().__init__(outcome.message or f"{outcome.name} failed")
        self.outcome = outcome


class GoTestError(Exception):
    """The test could not run: build failure, package died first, TestMain never ran it."""

    def __init__(self, message: str, details: str) -> None:
        super().__init__(message)
        self.details = details


def _terminal_repr_base() -> type:
    # pytest has no public base class for failure representations; pytest-cpp duck-types,
    # but Item.repr_failure is typed to return TerminalRepr. Private import, isolated here.
    from _pytest._code.code import TerminalRepr

    return TerminalRepr


class _CrashLocation:
    """What JUnit's failure ``message`` and the short summary read (``reprcrash``)."""

    def __init__(self, path: str, lineno: int, message: str) -> None:
        self.path = path
        self.lineno = lineno
        self.message = message


class GoFailureRepr(_terminal_repr_base()):  # type: ignore[misc]
    """A Go failure: Go's text as the body, its first error line as the crash message.

    Under xdist the report travels as ``str(repr)`` (no traceback to serialise), which is the
    same text."""

    def __init__(self, details: str, message: str, path: str, lineno: int) -> None:
        self.details = details
        self.reprcrash = _CrashLocation(path, lineno, message or details.split("\n", 1)[0])

    def toterminal(self, tw: Any) -> None:
        for line in self.details.splitlines():
            tw.line(line)

    def __str__(self) -> str:
        return self.details


class GoTestFile(pytest.File):
    """A ``*_test.go`` file that Go's build includes for the current flags."""

    package: GoPackage

    def __init__(self, *, go_run: GoRun, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.go_run = go_run

    def collect(self) -> list[pytest.Item]:
        session = self.go_run
        try:
            package = session.package_for(self.path)
        except GoListError as exc:
            # One error item per problem (no go, a module go list cannot read), reported once:
            # a collection error would stop the whole session, and the other modules and the
            # Python tests must still run and report.
            problem = str(exc)
            if not session.first_report_of(problem):
                return []
            return [GoProblemItem.from_parent(self, name="go-setup", problem=problem)]
        if package is None:
            return []
        self.package = package
        functions = package.functions().get(self.path.name, ())
        return [
            GoTestItem.from_parent(
                self, name=func.name, func=func, package=package, go_run=session
            )
            for func in functions
            if func.kind != "testmain"
        ]


class GoProblemItem(pytest.Item):
    """Stands for Go tests that cannot be collected: errors at setup with the fix."""

    def __init__(self, *, problem: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem
        self.add_marker(pytest.mark.go)

    def setup(self) -> None:
        raise GoTestError(self.problem.splitlines()[0], self.problem)

    def runtest(self) -> None:  # pragma: no cover - setup always raises
        raise GoTestError(self.problem.splitlines()[0], self.problem)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, "Go tests in " + self.path.name


class GoTestItem(pytest.Item):
    """One top-level Go test function, run as part of its package's test binary."""

    def __init__(self, *, func: GoFunc, package: GoPackage, go_run: GoRun, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.go_run = go_run
        self.func = func
        self.package = package
        self.go_name = func.name
        self.add_marker(pytest.mark.go)
        if package.has_testmain:
            self.add_marker(pytest.mark.go_testmain)
        if func.kind == "fuzz":
            self.add_marker(pytest.mark.go_fuzz)
        elif func.kind == "example":
            self.add_marker(pytest.mark.go_example)
        if package.cgo:
            self.add_marker(pytest.mark.go_cgo)
        # -k matches the Go import path too ("-k example.com/mod/pkg and not TestSlow").
        self.extra_keyword_matches.add(package.import_path)

    @property
    def package_dir(self) -> Path:
        return self.package.dir

    def setup(self) -> None:
        self.go_run.setup_item(self)

    def runtest(self) -> None:
        self.go_run.run_item(self)

    def teardown(self) -> None:
        self.go_run.teardown_item(self)

    def repr_failure(  # type: ignore[override]
        self, excinfo: ExceptionInfo[BaseException]
    ) -> str | TerminalRepr:
        value = excinfo.value
        if isinstance(value, GoTestFailure):
            outcome = value.outcome
            details = outcome.details or outcome.message or f"{self.go_name} failed"
            return GoFailureRepr(details, outcome.message, str(self.path), self.func.line)
        if isinstance(value, GoTestError):
            return value.details
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        # pytest locations are 0-based; the scanner's lines are 1-based.
        return self.path, self.func.line - 1, f"{self.package.import_path}.{self.go_name}"
