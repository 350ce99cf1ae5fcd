"""pytest-split's durations file (``--store-durations``) with Go's own times for Go tests.

pytest-split sums, per node id, the durations of every report the terminal reporter filed
(``pytest_sessionfinish``). For a Go test that is the call report (Go's ``Elapsed``, set in
``reporting.py``) plus the setup and teardown reports, and one more entry per Go subtest (their
reports have node ids such as ``x_test.go::TestMove/up``, which pytest never collects). Left as
is, the file has entries that no split can use and Go tests timed partly by pytest.

So after pytest-split has written the file, it is corrected: each Go test reported in this
session gets exactly Go's elapsed time for it (a parent's includes its subtests', as Go
measures it), and entries for its subtests are removed, unless a subtest was itself collected
(asked for by id). A Go test that Go never ran (a build failure, a package that died first)
keeps the time stored for it before, or 0.0. Other entries are pytest-split's own.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from .reporting import GoSubtestReport
from .xdist import is_xdist_worker

__all__ = ["SplitDurations", "corrected_durations", "go_times", "wants_split_durations"]


def wants_split_durations(config: pytest.Config) -> bool:
    """True when pytest-split is asked to store durations in this process (the option
    exists only when pytest-split is loaded; under xdist the controller writes the file
    last, from every worker's reports)."""
    return bool(getattr(config.option, "store_durations", False)) and not is_xdist_worker(config)


def _go_subtest_of(nodeid: str, go_items: Mapping[str, float | None]) -> bool:
    """True when ``nodeid`` is a subtest of a reported Go test (``<test id>/<name>``)."""
    _, sep, name = nodeid.rpartition("::")
    if not sep:
        return False
    start = len(nodeid) - len(name)
    position = nodeid.find("/", start)
    while position != -1:
        if nodeid[:position] in go_items:
            return True
        position = nodeid.find("/", position + 1)
    return False


def corrected_durations(
    written: Mapping[str, float],
    before: Mapping[str, float],
    go_items: Mapping[str, float | None],
) -> dict[str, float]:
    """The durations file pytest-split wrote, with Go's times: ``go_items`` maps each reported
    Go test's node id to Go's elapsed time (None when Go never ran it); ``before`` is the file
    as it was when the session started."""
    corrected: dict[str, float] = {}
    for nodeid, seconds in written.items():
        if nodeid in go_items or not _go_subtest_of(nodeid, go_items):
            corrected[nodeid] = seconds
    for nodeid, elapsed in go_items.items():
        if elapsed is not None:
            corrected[nodeid] = elapsed
        elif nodeid in before:
            corrected[nodeid] = before[nodeid]
        else:
            corrected[nodeid] = 0.0
    return corrected


def _read(path: Path) -> dict[str, float]:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(data, list):  # pytest-split's older list-of-pairs format
        data = dict(data)
    return data if isinstance(data, dict) else {}


def go_times(reports: Iterable[object]) -> dict[str, float | None]:
    """Each Go test that has a report (any phase): Go's elapsed time from its call report (the
    last one wins: a rerun), or None when it had none (Go never ran it). Read from reports,
    not items: an xdist controller collects nothing, and pytest-split stores only what ran."""
    times: dict[str, float | None] = {}
    for report in reports:
        if (
            not isinstance(report, pytest.TestReport)
            or isinstance(report, GoSubtestReport)
            or getattr(report, "go_test_name", None) is None
        ):
            continue
        if report.when == "call":
            times[report.nodeid] = report.duration
        else:
            times.setdefault(report.nodeid, None)
    return times


class SplitDurations:
    """Corrects pytest-split's durations file after pytest-split wrote it."""

    def __init__(self, config: pytest.Config) -> None:
        self.path = Path(os.path.abspath(str(config.option.durations_path)))
        self.before = _read(self.path)  # read at configure time, as pytest-split does

    @pytest.hookimpl(wrapper=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        yield  # pytest-split's own pytest_sessionfinish writes the file in there
        reporter: Any = session.config.pluginmanager.get_plugin("terminalreporter")
        stats: dict[str, list[object]] = getattr(reporter, "stats", {}) or {}
        go_items = go_times(report for reports in stats.values() for report in reports)
        if not go_items or not self.path.is_file():
            return
        corrected = corrected_durations(_read(self.path), self.before, go_items)
        # pytest-split's own layout, so that a committed file's diff stays readable.
        self.path.write_text(json.dumps(corrected, sort_keys=True, indent=4), encoding="utf-8")
