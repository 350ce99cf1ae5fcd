"""Which Go subtests are asked for by node id: ``x_test.go::TestMove/up/down`` on the command
line, and the failed subtests ``--lf`` reruns.

Subtests exist only once Go ran them, so collection cannot list them; but an id the plugin
printed can be given back. Each such id becomes an item of its own (``nodes._subtest_nodes``)
that runs only that subtest. With ``--lf``, a test whose subtests failed is replaced by its
failed subtests (the deepest ones: a Go parent fails whenever a subtest does, so the parent's
and the intermediate subtests' failures are the leaves' failures), unless the command line
names the test itself (docs/usage.md#subtest-ids).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest

__all__ = ["SubtestRequests"]

_Key = str  # a normalised absolute path


def _key(path: Path | str) -> _Key:
    return os.path.normpath(os.path.abspath(path))


def _split(nodeid: str, base: Path) -> tuple[_Key, str] | None:
    """``path::rest`` -> (the file, the rest) for a Go test file's id."""
    path, sep, rest = nodeid.partition("::")
    if not sep or not path.endswith("_test.go"):
        return None
    return _key(base / path), rest


class SubtestRequests:
    """Computed once per run, on first use (collection)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self._by_file: dict[_Key, tuple[list[str], frozenset[str]]] | None = None

    def for_file(self, path: Path) -> tuple[list[str], frozenset[str]]:
        """The subtest ids (the part after ``::``) asked for in this file, and the top-level
        tests that ``--lf`` replaces by their failed subtests."""
        if self._by_file is None:
            self._by_file = self._compute()
        return self._by_file.get(_key(path), ([], frozenset()))

    def _compute(self) -> dict[_Key, tuple[list[str], frozenset[str]]]:
        named: dict[_Key, dict[str, None]] = {}
        for arg in self.config.args:
            split = _split(arg, self.config.invocation_params.dir)
            if split is not None:
                named.setdefault(split[0], {})[split[1]] = None
        wanted: dict[_Key, dict[str, None]] = {
            key: {rest: None for rest in rests if "/" in rest} for key, rests in named.items()
        }
        replaced: dict[_Key, set[str]] = {}
        for key, leaves in self._last_failed_leaves().items():
            for rest in leaves:
                wanted.setdefault(key, {})[rest] = None
                top = rest.split("/", 1)[0]
                if top not in named.get(key, {}):
                    replaced.setdefault(key, set()).add(top)
        return {
            key: (list(rests), frozenset(replaced.get(key, ())))
            for key, rests in wanted.items()
            if rests
        }

    def _last_failed_leaves(self) -> dict[_Key, list[str]]:
        """With ``--lf``: the failed subtests without a failed subtest of their own."""
        cache = getattr(self.config, "cache", None)
        if cache is None or not self.config.getoption("lf", False):
            return {}
        failed: dict[_Key, list[str]] = {}
        for nodeid in cache.get("cache/lastfailed", {}):
            split = _split(str(nodeid), self.config.rootpath)
            if split is not None:
                failed.setdefault(split[0], []).append(split[1])
        return {key: _leaves(rests) for key, rests in failed.items()}


def _leaves(rests: Iterable[str]) -> list[str]:
    """Subtest ids none of which is an ancestor of another."""
    ids = sorted(set(rests))
    subtests = [rest for rest in ids if "/" in rest]
    return [
        rest for rest in subtests if not any(other.startswith(rest + "/") for other in subtests)
    ]
