"""``--go-shard`` in a run: which packages are split and how, and what the next run needs.

The layout comes from ``core/shard.py``; this module feeds it: the package's parallel tests
(``core/parallel.py``), the run's settings, and the previous run's durations, kept in pytest's
cache (``gotest/shard/...``, one entry per package, written by the process that ran it, so
xdist workers write their own packages). A run with ``--go-shard`` records, for every package
it could split, each top-level test's Go ``Elapsed``, the time the binary spent outside its
tests (init, TestMain) and the layout it used. A Go test-cache hit replays old durations and
is not recorded. Without pytest's cacheprovider nothing is kept, and ``auto`` never splits.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pytest

from pytest_gotest.core.discovery import GoPackage
from pytest_gotest.core.package_run import PackageRun
from pytest_gotest.core.parallel import parallel_tests_in
from pytest_gotest.core.runner import PackageJob
from pytest_gotest.core.shard import AUTO, Layout, PackageTimes, ShardMode, plan_layout
from pytest_gotest.core.toolchain import GoToolchain

from .module_cache import module_cache_key, relative_root

__all__ = ["ShardPlanner"]

_CACHE_PREFIX: Final = "gotest/shard/"
_Key = tuple[str, Path, str]  # (variant, module root, import path)
_ENDED: Final = frozenset({"pass", "fail", "skip"})


class ShardPlanner:
    """Created once per run by the session; inactive without ``--go-shard``."""

    def __init__(
        self,
        config: pytest.Config,
        mode: ShardMode | None,
        jobs: int,
        toolchain: GoToolchain | None,
    ) -> None:
        self.config = config
        self.mode = mode
        self.jobs = jobs
        # -failfast stops a package at its first failure: in shards the others would run on.
        self.active = (
            mode is not None and toolchain is not None and not toolchain.enabled("failfast")
        )
        # Measured in this run, per (variant, module root, import path).
        self._measured: dict[_Key, _Measured] = {}
        self._candidates: set[_Key] = set()

    # -- planning ------------------------------------------------------------------------------

    def layout(self, package: GoPackage, names: frozenset[str], variant: str = "") -> Layout:
        """The shards of a package whose selected top-level tests are ``names`` (run names:
        a subtest selection is never split); () runs it in one process. ``variant`` tells
        apart runs of one package that time differently (a build mode): each has its own
        durations."""
        if not self.active or self.mode is None or len(names) < 2:
            return ()
        if any("/" in name for name in names):
            return ()
        key = (variant, package.module_root, package.import_path)
        self._candidates.add(key)
        times = self._times(key)
        if self.mode == AUTO and times is None:
            return ()  # never split without durations: no need to read the sources
        ordered = [name for name in dict.fromkeys(package.test_names()) if name in names]
        parallel = parallel_tests_in(package.dir / name for name in package.test_files)
        return plan_layout(
            ordered, parallel, self.mode, jobs=self.jobs, cpus=os.cpu_count() or 1, times=times
        )

    def _cache_key(self, key: _Key) -> str:
        variant, module_root, import_path = key
        parts = (import_path, variant) if variant else (import_path,)
        return module_cache_key(self.config, _CACHE_PREFIX, module_root, *parts)

    def _entry(self, key: _Key) -> dict[str, Any] | None:
        cache = getattr(self.config, "cache", None)
        if cache is None:
            return None
        value = cache.get(self._cache_key(key), None)
        return value if isinstance(value, dict) else None

    def _times(self, key: _Key) -> PackageTimes | None:
        entry = self._entry(key)
        if entry is None or not isinstance(entry.get("tests"), dict):
            return None
        tests = {
            str(name): float(seconds)
            for name, seconds in entry["tests"].items()
            if isinstance(seconds, int | float) and seconds >= 0
        }
        fixed = entry.get("fixed", 0.0)
        layout = entry.get("layout", [])
        return PackageTimes(
            tests,
            float(fixed) if isinstance(fixed, int | float) else 0.0,
            _layout_from(layout),
        )

    # -- measuring -----------------------------------------------------------------------------

    def measured(self, job: PackageJob, run: PackageRun, cached: bool, variant: str = "") -> None:
        """One go process's result for a package (a shard, or the whole package). Called
        after the run was resolved: only its actions and elapsed times are read."""
        key = (variant, *job.key)
        if not self.active or key not in self._candidates or cached:
            return
        if run.action not in ("pass", "fail") or run.truncated_reason is not None:
            return  # no complete timing (a build failure, a crash, a stopped run)
        measured = self._measured.setdefault(key, _Measured(job.shards, job.all_tests))
        tests, fixed = measured.tests, measured.fixed
        own: dict[str, float] = {}
        for test in run.runs:
            if test.forged_by is None and test.action in _ENDED:
                own[test.name] = own.get(test.name, 0.0) + test.elapsed
        tests.update(own)
        if run.elapsed is not None:
            fixed.append(max(0.0, run.elapsed - sum(own.values())))

    def save(self) -> None:
        """Store this run's measurements for the next run (the process that ran them)."""
        cache = getattr(self.config, "cache", None)
        if cache is None:
            return
        for key, measured in self._measured.items():
            variant, module_root, import_path = key
            tests, fixed, layout = measured.tests, measured.fixed, measured.layout
            if not tests:
                continue
            old = self._times(key)
            merged: Mapping[str, float] = {
                name: seconds
                for name, seconds in {**(old.tests if old else {}), **tests}.items()
                if name in measured.names  # tests since removed are forgotten
            }
            cache.set(
                self._cache_key(key),
                {
                    "package": import_path,
                    "module": relative_root(self.config, module_root),
                    "variant": variant,
                    "tests": {name: round(seconds, 3) for name, seconds in merged.items()},
                    "fixed": round(min(fixed), 3) if fixed else (old.fixed if old else 0.0),
                    "layout": [sorted(shard) for shard in layout],
                },
            )
        self._measured.clear()


@dataclass
class _Measured:
    layout: Layout  # the shards used; () for one process
    names: frozenset[str]  # the package's top-level tests
    tests: dict[str, float] = field(default_factory=dict)
    fixed: list[float] = field(default_factory=list)  # per process: time outside the tests


def _layout_from(value: object) -> Layout:
    if not isinstance(value, list):
        return ()
    shards = []
    for shard in value:
        if not isinstance(shard, list) or not shard:
            return ()
        shards.append(frozenset(str(name) for name in shard))
    return tuple(shards)
