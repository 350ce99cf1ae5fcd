"""pytest-cov + --go-cov: the run's merged Go coverage goes into coverage.py's data.

pytest-cov combines every ``<data_file>.*`` file next to its data file after pytest's run loop
and builds all its reports (term, html, xml, json, lcov, markdown) from the result. So at the
end of the loop - in a ``trylast`` (innermost) ``pytest_runtestloop`` wrapper, which finishes
before pytest-cov's outer wrapper combines (docs/internals/coverage.md) - the bridge:

1. writes the merged Go line data as one more suffix data file, each ``.go`` file marked as
   reported by ``pytest_gotest.coverage.GoCoveragePlugin``: executed lines with ``add_lines``,
   or, when the data is in branch mode (``--cov-branch``), pseudo-arcs ``(-1, L), (L, -1)``
   with ``add_arcs`` (coverage.py refuses to combine line data into arc data);
2. adds ``pytest_gotest.coverage`` to ``run:plugins`` of pytest-cov's not yet loaded combining
   Coverage object (without it the reports die with ``KeyError``), and hands the plugin the
   executable lines of each file through its ``executable_lines`` option, so pytest-cov's
   reports use exactly the lines the Go profiles gave.

Only the process that reports does this: the single process, or the xdist controller, which
by then holds every worker's profiles (plugin/cov.py), so each Go block counts exactly once.
"""

from __future__ import annotations

import os
import random
import socket
import warnings
from collections.abc import Generator
from typing import Any

import pytest
from coverage import CoverageData

from pytest_gotest.coverage import EXECUTABLE_LINES_OPTION, MODULE, PLUGIN_NAME, pseudo_arcs
from pytest_gotest.gocov.model import FileCoverage, GoCoverage, GoCoverageError
from pytest_gotest.plugin.cov import GoCoverageSession
from pytest_gotest.plugin.errors import GoCoverageWarning
from pytest_gotest.plugin.xdist import is_xdist_worker

__all__ = ["PytestCovBridge", "write_coverage_data"]


def write_coverage_data(coverage: GoCoverage, basename: str, branch: bool) -> str | None:
    """Write ``coverage`` as the suffix data file ``<basename>.gotest.<host>.<pid>.<rand>``
    that coverage.py's combine picks up; returns its path (None when there is no Go file)."""
    files = _line_files(coverage)
    if not files:
        return None
    suffix = f"gotest.{socket.gethostname()}.{os.getpid()}.{random.randint(0, 999999):06d}"
    data = CoverageData(basename=basename, suffix=suffix)
    executed = {path: sorted(fc.hit_lines) for path, fc in files.items()}
    if branch:
        data.add_arcs({path: sorted(pseudo_arcs(lines)) for path, lines in executed.items()})
    else:
        data.add_lines(executed)
    # Files without a single executed line still belong in the report, at 0%.
    data.touch_files(sorted(files), PLUGIN_NAME)
    data.write()
    return str(data.data_filename())


def _line_files(coverage: GoCoverage) -> dict[str, FileCoverage]:
    """The files coverage.py can report: Go source with lines of its own. A name that a
    //line directive gave (goyacc's grammar.y), or a Go file holding nothing but blocks a
    directive filed under it, has no lines to show: coverage.py would list it as 0 of 0
    lines, 100%. A Go file with lines of its own keeps them (left out, its own misses would
    vanish from the total); the blocks a directive filed under it are on no line, and the
    Go coverage section names them, their statements in --go-cov's totals."""
    return {
        path: fc
        for path, fc in coverage.files.items()
        if fc.go_source and (fc.executable_lines or not fc.unattributed_statements)
    }


def _private_combining_cov(config: pytest.Config) -> Any:
    """pytest-cov's Coverage object that combines and reports (Central and DistMaster have
    one; a disabled pytest-cov has no controller). pytest-cov has no public API for it
    (pytest-cov 7.1: ``plugin.cov_controller.combining_cov``)."""
    plugin = config.pluginmanager.get_plugin("_cov")
    controller = getattr(plugin, "cov_controller", None)
    if controller is None:
        return None  # --no-cov, or pytest-cov not active in this run
    combining = getattr(controller, "combining_cov", None)
    if combining is None:
        warnings.warn(
            GoCoverageWarning(
                "pytest-gotest: this pytest-cov version has no cov_controller.combining_cov "
                "(pytest-cov 7 has), so the Go files are not in pytest-cov's reports; use "
                "--go-cov-report, or upgrade pytest-cov"
            ),
            stacklevel=1,
        )
    return combining


class PytestCovBridge:
    """Registered when --go-cov is on and pytest-cov is installed."""

    def __init__(self, coverage: GoCoverageSession) -> None:
        self.coverage = coverage
        self.data_file: str | None = None

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        result = yield
        config = session.config
        if not config.option.collectonly and not is_xdist_worker(config):
            # The reporting process only (a worker's profiles are merged on the controller).
            self.hand_over(config)
        return result

    def hand_over(self, config: pytest.Config) -> None:
        combining = _private_combining_cov(config)
        if combining is None:
            return  # pytest-cov is off (--no-cov), or too old (warned)
        try:
            coverage = self.coverage.merged()
        except GoCoverageError:
            return  # gocov_session reports the error and fails the run
        plugins = list(combining.get_option("run:plugins") or [])
        if MODULE not in plugins:
            combining.set_option("run:plugins", [*plugins, MODULE])
        # A plugin option (needs the module in run:plugins first): coverage.py passes it to
        # coverage_init, so the reporter uses the run's own executable lines.
        combining.set_option(
            f"{MODULE}:{EXECUTABLE_LINES_OPTION}",
            {path: sorted(fc.executable_lines) for path, fc in _line_files(coverage).items()},
        )
        self.data_file = write_coverage_data(
            coverage,
            basename=str(combining.get_option("run:data_file")),
            branch=bool(combining.get_option("run:branch")),
        )
