"""pytest nodes: a ``*_test.go`` file and one item per Go test, fuzz target or example."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .discovery import GoListError, GoPackage
from .execution import TestOutcome
from .scanner import GoFunc

if TYPE_CHECKING:
    from _pytest._code.code import ExceptionInfo, TerminalRepr


__all__ = ["GoTestError", "GoTestFailure", "GoTestFile", "GoTestItem", "GoUsageFailure"]


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


class GoUsageFailure(Exception):
    """Collection-time problem with the Go side (no go, broken go.mod)."""


class GoTestFile(pytest.File):
    """A ``*_test.go`` file that Go's build includes for the current flags."""

    package: GoPackage

    def collect(self) -> list[GoTestItem]:
        from .session import get_session

        session = get_session(self.config)
        try:
            package = session.package_for(self.path)
        except GoListError as exc:
            raise GoUsageFailure(str(exc)) from None
        if package is None:
            return []
        self.package = package
        functions = package.functions().get(self.path.name, ())
        return [
            GoTestItem.from_parent(self, name=func.name, func=func, package=package)
            for func in functions
            if func.kind != "testmain"
        ]

    def repr_failure(  # type: ignore[override]
        self, excinfo: ExceptionInfo[BaseException]
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, GoUsageFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class GoTestItem(pytest.Item):
    """One top-level Go test function, run as part of its package's test binary."""

    def __init__(self, *, func: GoFunc, package: GoPackage, **kwargs: Any) -> None:
        super().__init__(**kwargs)
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
        from .session import get_session

        get_session(self.config).setup_item(self)

    def runtest(self) -> None:
        from .session import get_session

        get_session(self.config).run_item(self)

    def teardown(self) -> None:
        from .session import get_session

        get_session(self.config).teardown_item(self)

    def repr_failure(  # type: ignore[override]
        self, excinfo: ExceptionInfo[BaseException]
    ) -> str | TerminalRepr:
        value = excinfo.value
        if isinstance(value, GoTestFailure):
            return value.outcome.details or value.outcome.message or f"{self.go_name} failed"
        if isinstance(value, GoTestError):
            return value.details
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        # pytest locations are 0-based; the scanner's lines are 1-based.
        return self.path, self.func.line - 1, f"{self.package.import_path}.{self.go_name}"
