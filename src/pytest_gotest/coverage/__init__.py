"""coverage.py plugin: report Go files beside Python files.

Go code never runs inside the Python process, so this plugin traces nothing
(``file_tracer`` returns None). Go's line data reaches coverage.py as a data file written by
pytest-gotest (see :mod:`pytest_gotest.plugin.covbridge`) that names this plugin as the
reporter of each ``.go`` file; coverage.py then asks :meth:`GoCoveragePlugin.file_reporter`
for a :class:`GoFileReporter` when it builds a report.

Load it for a standalone ``coverage report``/``html``/``xml``/``json``/``lcov`` with::

    [run]
    plugins = pytest_gotest.coverage

STORED FORMAT: coverage data files record the reporter of each Go file as
``pytest_gotest.coverage.GoCoveragePlugin`` (module as listed under ``[run] plugins`` + class
name). Neither name may ever change, or existing data files stop reporting (KeyError).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import coverage
from coverage.plugin import CodeRegion

from pytest_gotest.gocov.highlight import token_lines
from pytest_gotest.gocov.statements import cover_command, estimate_lines, lines_from_go_cover

__all__ = [
    "MODULE",
    "PLUGIN_NAME",
    "GoCoveragePlugin",
    "GoFileReporter",
    "coverage_init",
]

MODULE: Final = "pytest_gotest.coverage"
PLUGIN_NAME: Final = f"{MODULE}.GoCoveragePlugin"
#: Plugin option (``[pytest_gotest.coverage] executable_lines``, or set_option) through which
#: the pytest-cov bridge hands over the executable lines its Go profiles gave each file.
EXECUTABLE_LINES_OPTION: Final = "executable_lines"
#: Plugin option naming the ``go`` command used to find executable lines at report time.
GO_OPTION: Final = "go"

# Directories Go's ./... pattern never enters (cmd/go: testdata, vendor, _ and . prefixes).
_SKIPPED_DIRS: Final = ("testdata", "vendor")


def coverage_init(reg: Any, options: Mapping[str, Any]) -> None:
    """coverage.py's entry point for ``[run] plugins = pytest_gotest.coverage``."""
    reg.add_file_tracer(GoCoveragePlugin(options))


def _key(path: str) -> str:
    return os.path.realpath(path)


def _version(key: str, data: bytes) -> tuple[str, int, int]:
    """A cache key for one version of a file."""
    try:
        stat = os.stat(key)
    except OSError:
        return (key, -1, len(data))
    return (key, stat.st_mtime_ns, stat.st_size)


class GoCoveragePlugin(coverage.CoveragePlugin):
    """Reports ``.go`` files whose data names this plugin; traces nothing."""

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        options = options or {}
        known = options.get(EXECUTABLE_LINES_OPTION) or {}
        if not isinstance(known, Mapping):
            known = {}  # a config file can only give a string: nothing to use
        self._known: dict[str, frozenset[int]] = {
            _key(str(path)): frozenset(int(n) for n in lines) for path, lines in known.items()
        }
        go = options.get(GO_OPTION) or os.environ.get("GO") or shutil.which("go")
        self.go: str | None = str(go) if go else None
        self._derived: dict[tuple[str, int, int], tuple[frozenset[int], str]] = {}
        self._cover: list[str] | None = None  # how to run cmd/cover, looked up once
        self._regions: dict[tuple[str, int, int], list[CodeRegion]] = {}

    def file_tracer(self, filename: str) -> coverage.FileTracer | None:
        return None  # Go runs in its own processes; there is nothing to trace here

    def file_reporter(self, filename: str) -> GoFileReporter:
        return GoFileReporter(filename, self)

    def find_executable_files(self, src_dir: str) -> Iterable[str]:
        """Go source files under a ``source`` directory, so never-run ones show as 0%:
        the files ``go list ./...`` would consider (no tests, no testdata/vendor/_/. dirs)."""
        for root, dirs, files in os.walk(src_dir):
            dirs[:] = sorted(
                d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith(("_", "."))
            )
            for name in sorted(files):
                if (
                    name.endswith(".go")
                    and not name.endswith("_test.go")
                    and not name.startswith(("_", "."))
                ):
                    yield os.path.join(root, name)

    def sys_info(self) -> Iterable[tuple[str, Any]]:
        return [
            ("go", self.go or "-none- (executable lines estimated from tokens)"),
            ("files with lines from the run", len(self._known)),
        ]

    def regions(self, filename: str, data: bytes) -> list[CodeRegion]:
        """Top-level functions and methods, once per file version (every report that lists
        functions - json, lcov, html - asks again, each through a new reporter)."""
        cache_key = _version(_key(filename), data)
        regions = self._regions.get(cache_key)
        if regions is None:
            from pytest_gotest.gocov.funcs import find_functions
            from pytest_gotest.gocov.gosource import GoSource

            regions = []
            for fn in find_functions(GoSource(data)):
                name = fn.name
                if fn.receiver:
                    receiver = fn.receiver
                    name = (
                        f"({receiver}).{name}" if receiver.startswith("*") else f"{receiver}.{name}"
                    )
                lines = set(range(fn.start_line, fn.end_line + 1))
                regions.append(
                    CodeRegion(kind="function", name=name, start=fn.start_line, lines=lines)
                )
            self._regions[cache_key] = regions
        return regions

    def executable_lines(self, filename: str, data: bytes) -> tuple[frozenset[int], str]:
        """(lines, how they were found): ``run``, ``go tool cover`` or ``estimate``."""
        key = _key(filename)
        known = self._known.get(key)
        if known is not None:
            return known, "run"
        cache_key = _version(key, data)
        cached = self._derived.get(cache_key)
        if cached is None:
            lines = None
            if self.go:
                if self._cover is None:
                    self._cover = cover_command(self.go)
                lines = lines_from_go_cover(self.go, key, data, self._cover)
            cached = (
                (lines, "go tool cover")
                if lines is not None
                else (
                    estimate_lines(data),
                    "estimate",
                )
            )
            self._derived[cache_key] = cached
        return cached


class GoFileReporter(coverage.FileReporter):
    """One ``.go`` file: executable lines, source, colouring and functions."""

    def __init__(self, filename: str, plugin: GoCoveragePlugin) -> None:
        super().__init__(filename)
        self._plugin = plugin
        self._bytes: bytes | None = None
        self._lines: frozenset[int] | None = None

    def _data(self) -> bytes:
        if self._bytes is None:
            self._bytes = Path(self.filename).read_bytes()
        return self._bytes

    def source(self) -> str:
        # Go source is UTF-8 by definition; a stray invalid byte must not stop a report.
        return self._data().decode("utf-8", "replace").replace("\r\n", "\n")

    def lines(self) -> set[int]:
        if self._lines is None:
            self._lines, _ = self._plugin.executable_lines(self.filename, self._data())
        return set(self._lines)

    def arcs(self) -> set[tuple[int, int]]:
        """Go profiles carry no branch data: each executable line is its own one-exit arc
        pair, matching the pseudo-arcs the bridge writes in branch mode (so every executed
        arc is a possible one and no Go line counts as a branch)."""
        return pseudo_arcs(self.lines())

    def source_token_lines(self) -> list[list[tuple[str, str]]]:
        return token_lines(self.source())

    def code_regions(self) -> list[CodeRegion]:
        """Top-level functions and methods (a list: the JSON report iterates it twice)."""
        return list(self._plugin.regions(self.filename, self._data()))

    def code_region_kinds(self) -> list[tuple[str, str]]:
        return [("function", "functions")]


def pseudo_arcs(lines: Collection[int]) -> set[tuple[int, int]]:
    """``(-1, L)`` and ``(L, -1)`` for each line: entering and leaving it, no branches."""
    arcs: set[tuple[int, int]] = set()
    for line in lines:
        arcs.add((-1, line))
        arcs.add((line, -1))
    return arcs
