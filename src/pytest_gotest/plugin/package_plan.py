"""A package's plan in one run: its job, its selected tests, its verdict once known, and what
its reports have shown so far.

The session makes one per package and mode when it plans the run (``GoSession.plan``); the
run side starts and waits for its job, the item side (``plugin/item_results.py``) reads its
verdict and records what each report showed, so that the next report of the package run does
not repeat it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pytest_gotest.core.outcome import PackageVerdict, TestSlot
from pytest_gotest.core.runner import PackageJob

from .nodes import GoTestItem
from .traces import TraceHolders

__all__ = ["PackagePlan", "plan_key"]


@dataclass
class PackagePlan:
    job: PackageJob
    slots: tuple[TestSlot, ...]
    last_nodeid: str
    mode: str = "native"
    source_dir: str = ""  # the package's directory (core/resolve.py)
    verdict: PackageVerdict | None = None
    warned: bool = False
    # Ancestors of subtest items already reported as failed on their own: once per package
    # run, however many of their subtests are items (and not again on a rerun).
    reported_above: set[str] = field(default_factory=set)
    # Package output already shown with a report of this package run (once: TestMain's
    # banner or a crash trace repeated under every failing test is noise).
    shown_output: set[str] = field(default_factory=set)
    # Who shows each crash trace of the package run's first attempt (traces.trace_once).
    traces: TraceHolders = field(default_factory=TraceHolders)


def plan_key(item: GoTestItem) -> tuple[str, Path, str]:
    """A package's plan per mode: (mode, module root, import path)."""
    return (item.mode, item.package.module_root, item.package.import_path)
