"""A Go test file named on the command line that Go's build leaves out here.

``x_test.go`` behind ``//go:build integration``, or ``x_windows_test.go`` on Linux, is not in
its package for the current flags, so go test never runs it and collection skips it. Named
on pytest's command line (``pytest x_test.go``, ``pytest x_test.go::TestX``), skipping it
left pytest's bare ``ERROR: not found: .../x_test.go (no match in any of [<Dir ...>])``
and a usage error that ran nothing else. Instead each test the file declares is an item that
errors at setup, saying why Go leaves the file out and how to bring it in
(``--go-flags=-tags=...``); the other arguments still run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import pytest

from pytest_gotest.core.scanner import scan_source

from .nodes import GoProblemItem

__all__ = ["ExcludedGoFile", "excluded_message"]

# The build constraint line, before the package clause (go/build/constraint).
_BUILD_LINE_RE: Final = re.compile(rb"^//go:build[ \t]+(.+?)[ \t]*$", re.M)
_PACKAGE_RE: Final = re.compile(rb"^package[ \t]", re.M)
# A constraint that is one tag: what -tags must name.
_TAG_RE: Final = re.compile(r"[A-Za-z0-9_.]+")


def excluded_message(path: Path, source: bytes, flags: str) -> str:
    """Why go test leaves this file out, and what brings it in."""
    package = _PACKAGE_RE.search(source)
    head = source[: package.start()] if package is not None else source
    constraint = _BUILD_LINE_RE.search(head)
    if constraint is not None:
        expression = constraint.group(1).decode("utf-8", "replace")
        why = f"its build constraint `//go:build {expression}` is not satisfied"
        tag = expression if _TAG_RE.fullmatch(expression) else "NAME"
        fix = (
            f"Give go the tags it needs: --go-flags=-tags={tag} (or go_flags in the ini "
            "file); GOOS/GOARCH for a platform's constraint."
        )
    else:
        why = "its name's GOOS/GOARCH suffix (or a +build line) does not match this build"
        fix = "Set GOOS/GOARCH (or --go-flags=-tags=NAME) for the build that includes it."
    now = f" (go test flags: {flags})" if flags else ""
    return (
        f"{path.name} is left out of its package by Go's build here{now}: {why}, so go test "
        f"never runs its tests.\n\n{fix}"
    )


class ExcludedGoFile(pytest.File):
    """The excluded file: an item per test it declares (so ``x_test.go::TestX`` on the
    command line finds one), each an error with ``excluded_message``."""

    def __init__(self, *, flags: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.flags = flags

    def collect(self) -> list[pytest.Item]:
        source = self.path.read_bytes()
        problem = excluded_message(self.path, source, self.flags)
        names = [func.name for func in scan_source(source) if func.kind != "testmain"]
        return [
            GoProblemItem.from_parent(self, name=name, problem=problem)
            for name in names or ["go-build"]
        ]
