"""Go test files in no Go module: not collected, and said so once per run.

``go test`` runs the packages of a module (a ``go.mod``, or the modules of a ``go.work``); a
``*_test.go`` file with no ``go.mod`` in its directory or above belongs to none, and
``go test ./...`` there stops with "directory prefix . does not contain main module".
pytest-gotest does not collect such files (a Python project may keep Go snippets that nobody
tests), but names the ones it left out, so that a repository whose ``go.mod`` is missing does
not pass with no Go test run and nothing said. Files below directories Go never looks into
(``testdata``, ``vendor``, names starting with ``_`` or ``.``) are fixtures, not mentioned.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Final

from pytest_gotest.core.discovery import ignored_dir_name

from .errors import GoTestWarning

__all__ = ["OutsideModules"]

_NAMED: Final = 5  # files named in the warning; the rest are counted


class OutsideModules:
    """The collected run's test files that are in no Go module."""

    def __init__(self, rootpath: Path) -> None:
        self._rootpath = rootpath
        self._files: dict[Path, None] = {}  # in collection order, once each
        self._warned = False
        # The warning's text when a filter (-W error) turned it into an exception: raised in
        # pytest_collection_finish it would be an INTERNALERROR; the session reports it.
        self.raised: list[str] = []

    def note(self, test_file: Path) -> None:
        """``test_file`` has no ``go.mod`` in its directory or above."""
        try:
            parts = test_file.parent.relative_to(self._rootpath).parts
        except ValueError:
            parts = test_file.parent.parts
        if not any(ignored_dir_name(part) for part in parts):
            self._files[test_file] = None

    def warn(self) -> None:
        """One warning naming the files (the first of them as its location), once per run;
        one that a filter raises is kept in ``raised`` for the session (or, from an xdist
        worker, its controller) to report."""
        if self._warned or not self._files:
            return
        self._warned = True
        files = list(self._files)
        named = ", ".join(self._shown(path) for path in files[:_NAMED])
        more = f" and {len(files) - _NAMED} more" if len(files) > _NAMED else ""
        try:
            self._warn(len(files), f"{named}{more}", files[0])
        except GoTestWarning as exc:
            self.raised.append(str(exc))

    def _warn(self, count: int, named: str, first: Path) -> None:
        warnings.warn_explicit(
            GoTestWarning(
                f"{count} Go test file{'s' if count > 1 else ''} in no Go module "
                f"(no go.mod in the directory or above), which go test cannot run, not "
                f"collected: {named}. To test them, create their module: `go mod init "
                "<module path>` in its root directory; if they are not tests to run, add the "
                "directory to pytest's norecursedirs."
            ),
            GoTestWarning,
            str(first),
            0,
        )

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self._rootpath).as_posix()
        except ValueError:
            return os.fspath(path)
