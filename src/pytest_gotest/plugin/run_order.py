"""What each package's tests took in the last run, so that the next run gives go the long ones
first (``core/schedule.py`` says why and how).

Kept in pytest's cache (``gotest/run-order/...``, one entry per module root and mode), written
at the end of the session by the process that ran the packages (an xdist worker writes the
modules it ran). Recorded: the elapsed time Go reports for a whole package's run (every test
selected, not a ``--go-shard`` piece) that ended with its result, pass or fail. Not recorded:
a replay from Go's test cache (its time is the replay's, and the next ``-count=1`` run would
take the tests' own again), a build failure, a crash, a stopped run. Packages not run this
time keep what was known of them. Without pytest's cacheprovider nothing is kept and every
invocation gets its packages in pytest's order, as before.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pytest

from pytest_gotest.core.package_run import PackageRun
from pytest_gotest.core.runner import PackageJob
from pytest_gotest.core.schedule import long_runs_first

from .module_cache import module_cache_key, relative_root

__all__ = ["RunOrder"]

_CACHE_PREFIX: Final = "gotest/run-order/"
_Key = tuple[str, Path]  # (mode, module root)


class RunOrder:
    """One per session. ``order`` may be called from any thread (a runner starts its next
    batch from the thread that saw the last one end)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._known: dict[_Key, dict[str, float]] = {}
        self._measured: dict[_Key, dict[str, float]] = {}

    def order(self, module_root: Path, packages: Sequence[str], mode: str) -> list[str]:
        """The packages of one invocation in the order go should take them."""
        with self._lock:
            seconds = self._seconds((mode, module_root))
        return long_runs_first(packages, seconds)

    def measured(self, job: PackageJob, run: PackageRun, cached: bool, mode: str) -> None:
        """One go process's result for a package, once resolved."""
        if cached or job.selected is not None or job.shards:
            return
        if run.action not in ("pass", "fail") or run.truncated_reason is not None:
            return
        if run.elapsed is None:
            return
        with self._lock:
            self._measured.setdefault((mode, job.module_root), {})[job.import_path] = run.elapsed

    def save(self) -> None:
        """Store this run's times for the next run."""
        cache = getattr(self.config, "cache", None)
        if cache is None:
            return
        with self._lock:
            measured, self._measured = self._measured, {}
            for key, times in measured.items():
                merged = {**self._seconds(key), **times}
                mode, module_root = key
                cache.set(
                    self._cache_key(key),
                    {
                        "module": relative_root(self.config, module_root),
                        "mode": mode,
                        "packages": {p: round(s, 3) for p, s in sorted(merged.items())},
                    },
                )

    def _seconds(self, key: _Key) -> dict[str, float]:
        """Under the lock: what the last run recorded for one module and mode."""
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = self._read(key)
        return known

    def _read(self, key: _Key) -> dict[str, float]:
        cache = getattr(self.config, "cache", None)
        if cache is None:
            return {}
        entry = cache.get(self._cache_key(key), None)
        packages = entry.get("packages") if isinstance(entry, dict) else None
        if not isinstance(packages, dict):
            return {}
        return {
            str(path): float(seconds)
            for path, seconds in packages.items()
            if isinstance(seconds, int | float) and seconds >= 0
        }

    def _cache_key(self, key: _Key) -> str:
        mode, module_root = key
        return module_cache_key(self.config, _CACHE_PREFIX, module_root, mode)
