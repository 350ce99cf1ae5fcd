"""When to start ``go test`` before collection ends, and for which packages
(``core/head_start.py`` holds the process and the rules for adopting it).

A head start is made only where collection will most likely ask for exactly that batch: one
command-line argument inside a Go module names a directory, and nothing can narrow or split
the selection (``-k``, ``-m``, ``--deselect``, ``--lf``, ``--sw``, ``--ignore``, xdist,
pytest-split, ``--go-shard``, a pytest-timeout limit, ``--go-cov``, ``--go-modes``,
``--go-isolate``, ``--go-init-hazards=error``, ``--go-batch=off``) and nothing is to be run
but collected (``--collect-only``, ``--help``...). A conftest file can still deselect, and
pytest can still skip a directory for its own reasons: then the batch differs, the runner does
not adopt the head start, and it is stopped (a guess that cost some CPU, never a result).

The packages are the listed ones under that directory that have tests, in the order pytest
collects them (the order of their first test file's path, component by component, as
pytest's directory walk visits entries sorted by name), without those whose directory
matches ``norecursedirs``.

Knowing them needs the module's listing: the collection cache's entry, checked against every
``.go`` file's stamp, or ``go list``. On expr that made go test start 0.22-0.23 s after the
Python process, 0.08 s after ``pytest_configure``. So the packages of the last head start for
the directory are remembered too (``RememberedPackages``, beside the collection cache) and
started at once, at configure time, before the listing is known; once it is, a different
package list or environment stops that process and starts the right one. A guess that is
wrong costs CPU, never a result: the runner adopts a process only for exactly its batch.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pytest

from pytest_gotest.core.collect_cache import write_atomically
from pytest_gotest.core.discovery import ModuleListing

from .norecurse import overrides_default_skip
from .xdist import is_xdist_worker

__all__ = ["RememberedPackages", "head_start_directory", "head_start_packages"]

# Options (pytest's and common plugins') that select fewer tests, run none, or split the run.
_NARROWING: Final = (
    "keyword",  # -k
    "markexpr",  # -m
    "deselect",
    "lf",
    "stepwise",
    "stepwise_skip",
    "ignore",
    "ignore_glob",
    "collectonly",
    "help",
    "version",
    "showfixtures",
    "show_fixtures_per_test",
    "markers",
    "cacheshow",
    "setuponly",
    "setupplan",
    "numprocesses",  # xdist
    "splits",  # pytest-split
    "timeout",  # pytest-timeout: a limit becomes go's -timeout, computed from the items
)


def head_start_directory(config: pytest.Config, *, plain_run: bool) -> Path | None:
    """The one directory whose packages' go test may start now, or None. ``plain_run``: the
    session's own settings allow it (one mode, batches, no coverage, no sharding, no
    isolation, hazards not gating)."""
    if not plain_run or is_xdist_worker(config):
        return None
    option = config.option
    if any(getattr(option, name, None) for name in _NARROWING):
        return None
    args: Sequence[str] = config.args
    if len(args) != 1 or "::" in args[0]:
        return None
    directory = (config.invocation_params.dir / args[0]).resolve()
    return directory if directory.is_dir() else None


def head_start_packages(
    listing: ModuleListing, directory: Path, norecursedirs: Sequence[str], untested: bool = False
) -> list[str]:
    """Import paths of the listed packages under ``directory`` that have tests, in pytest's
    collection order, and with ``untested`` then those without tests, which the session has
    go test build too (``--go-untested=build``, plugin/untested.py); empty when the listing
    reported problems (collection reports them, and which packages it collects then is not
    known here)."""
    if listing.problems:
        return []
    found: list[tuple[tuple[str, ...], str]] = []
    without_tests: list[str] = []
    for package in listing.packages.values():
        if package.list_error is not None:
            return []
        try:
            parts = package.dir.relative_to(directory).parts
        except ValueError:
            continue  # not under the directory
        if any(
            _matches(part, norecursedirs)
            and not overrides_default_skip(directory.joinpath(*parts[: at + 1]), norecursedirs)
            for at, part in enumerate(parts)
        ):
            continue  # collection does not go there (plugin/norecurse.py decides alike)
        functions = package.functions()
        with_tests = [
            name
            for name in package.test_files
            if any(f.kind != "testmain" for f in functions.get(name, ()))
        ]
        if not with_tests:
            if untested and not package.test_names():
                without_tests.append(package.import_path)
            continue
        found.append((min((*parts, name) for name in with_tests), package.import_path))
    return [import_path for _, import_path in sorted(found)] + without_tests


def _matches(part: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(part, pattern) for pattern in patterns)


class RememberedPackages:
    """The packages of the last head start for one directory of one module, in a small JSON
    file in the collection cache's directory (written as the cache's entries are)."""

    def __init__(self, cache_dir: Path, root: Path, directory: Path) -> None:
        self._root = str(root)
        self._directory = str(directory)
        name = hashlib.sha256(f"{root}\0{directory}".encode("utf-8", "surrogateescape"))
        self._path = cache_dir / f"head-start-{name.hexdigest()[:32]}.json"
        self._known: list[str] | None = None

    def packages(self) -> list[str]:
        """The remembered import paths; empty when none are (or the file is not ours)."""
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, dict):
            return []
        packages = data.get("packages")
        if (
            data.get("root") != self._root
            or data.get("directory") != self._directory
            or not isinstance(packages, list)
            or not all(isinstance(p, str) and p and not p.startswith("-") for p in packages)
        ):
            return []
        self._known = packages
        return packages

    def remember(self, packages: Sequence[str]) -> None:
        """Store these packages (none: forget); unchanged ones are not written again. A file
        that cannot be written is skipped: the next run only starts later."""
        if self._known is not None and sorted(self._known) == sorted(packages):
            return
        if not packages:
            with contextlib.suppress(OSError):
                self._path.unlink()
            self._known = None
            return
        data = {"root": self._root, "directory": self._directory, "packages": list(packages)}
        with contextlib.suppress(OSError):
            write_atomically(self._path, json.dumps(data))
            self._known = list(packages)
