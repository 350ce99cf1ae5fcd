"""Which Go subtests are asked for by node id: ``x_test.go::TestMove/up/down`` on the command
line, the failed subtests ``--lf`` reruns, and the subtests ``-k`` selects by name.

Subtests exist only once Go ran them, so collection cannot list them; but an id the plugin
printed can be given back. Each such id becomes an item of its own (``nodes._subtest_nodes``)
that runs only that subtest. With ``--lf``, a test whose subtests failed is replaced by its
failed subtests (the deepest ones: a Go parent fails whenever a subtest does, so the parent's
and the intermediate subtests' failures are the leaves' failures), unless the command line
names the test itself (docs/usage.md#subtest-ids).

``-k`` needs the names before Go runs: the subtests each test file reported in earlier runs
are kept in pytest's cache (``gotest/subtests/...``, one entry per test file, written only
when they changed). A subtest becomes an item when ``-k`` matches it but not its test (a
matching test runs all of its subtests anyway). A subtest Go shows gone (its test passed
without it) leaves those names (``forget``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from pytest_gotest.core.gocmd import go_subtest_name

__all__ = ["SubtestRequests", "redundant_subtest_items", "settled_ancestors"]

_CACHE_PREFIX = "gotest/subtests/"

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
        self._keyword: Callable[[list[str]], bool] | bool | None = False  # False: not read
        # This run's subtests per test file (rootdir-relative) and top-level test.
        self._seen: dict[str, dict[str, list[str]]] = {}
        # Subtests Go showed to be gone in this run (rootdir-relative file -> test -> names).
        self._gone: dict[str, dict[str, set[str]]] = {}
        # The subtest ids named on the command line, per file, as Go names them.
        self._named: dict[_Key, set[str]] = {}
        self._relatives: dict[Path, str] = {}  # every Go test of a file asks: once per file

    def for_file(
        self, path: Path, import_path: str, modes: tuple[str, ...] = ()
    ) -> tuple[list[str], frozenset[str]]:
        """The subtest ids (the part after ``::``) asked for in this file, and the top-level
        tests that ``--lf`` replaces by their failed subtests. ``modes``: --go-modes' names
        when items are parametrized by them (``-k "wasm and up"`` may pick a subtest; the
        mode's own items then keep only the matching ones)."""
        if self._by_file is None:
            self._by_file = self._compute()
        rests, replaced = self._by_file.get(_key(path), ([], frozenset()))
        matches = self._keyword_matcher()
        if matches is None:
            return rests, replaced
        known = self._known(path)
        if not known:
            return rests, replaced
        context = [*self._relative(path).split("/"), import_path, "go", *modes]
        chosen = dict.fromkeys(rests)
        for top, names in known.items():
            if matches([top, *context]):
                continue  # the test is selected: it runs all of its subtests
            for name in names:
                if matches([name, *name.split("::"), *context]):
                    chosen[name] = None
        return list(chosen), replaced

    # -- -k: the subtests of earlier runs -------------------------------------------------------

    def _keyword_matcher(self) -> Callable[[list[str]], bool] | None:
        """``-k`` as a test of a node's names (case-insensitive substrings, as pytest's own
        keyword matching); None without ``-k``."""
        if self._keyword is False:
            self._keyword = _compile_keyword(str(self.config.getoption("keyword", "") or ""))
        return self._keyword  # type: ignore[return-value]

    def _relative(self, path: Path) -> str:
        relative = self._relatives.get(path)
        if relative is None:
            relative = Path(os.path.relpath(path, self.config.rootpath)).as_posix()
            self._relatives[path] = relative
        return relative

    def _cache_key(self, relative: str) -> str:
        return _CACHE_PREFIX + hashlib.sha1(relative.encode()).hexdigest()[:20]

    def _known(self, path: Path) -> dict[str, list[str]]:
        cache = getattr(self.config, "cache", None)
        if cache is None:
            return {}
        value = cache.get(self._cache_key(self._relative(path)), None)
        if not isinstance(value, dict) or not isinstance(value.get("subtests"), dict):
            return {}
        return {
            str(top): [str(name) for name in names]
            for top, names in value["subtests"].items()
            if isinstance(names, list)
        }

    def record(self, path: Path, top: str, names: list[str]) -> None:
        """The subtests a top-level test reported in this run (the process that ran it)."""
        self._seen.setdefault(self._relative(path), {})[top] = names

    def forget(self, path: Path, top: str, name: str) -> None:
        """Subtest ``name`` of ``top`` is gone: Go ran ``top`` for it and it passed without
        it (core.outcome.subtest_missing). ``-k`` must not select it again."""
        self._gone.setdefault(self._relative(path), {}).setdefault(top, set()).add(name)

    def named(self, path: Path, *rests: str) -> bool:
        """Whether the command line names this subtest (any of ``rests``: the part of its node
        id after the file, its Go name), rather than ``--lf`` or ``-k`` asking for it."""
        if self._by_file is None:
            self._by_file = self._compute()
        named = self._named.get(_key(path), set())
        return any(rest in named for rest in rests)

    def save(self) -> None:
        """Store this run's subtest names for ``-k`` in later runs (changed entries only)."""
        cache = getattr(self.config, "cache", None)
        if cache is None:
            return
        for relative in dict.fromkeys([*self._seen, *self._gone]):
            key = self._cache_key(relative)
            old = cache.get(key, None)
            subtests = (
                dict(old["subtests"])
                if isinstance(old, dict) and isinstance(old.get("subtests"), dict)
                else {}
            )
            merged = {**subtests, **self._seen.get(relative, {})}
            for top, gone in self._gone.get(relative, {}).items():
                if top in merged:
                    merged[top] = [name for name in merged[top] if not _below_any(name, gone)]
            # A test without subtests now leaves the file's entry (-k must not find them).
            merged = {top: names for top, names in merged.items() if names}
            if merged != subtests:
                cache.set(key, {"file": relative, "subtests": merged})
        self._seen.clear()
        self._gone.clear()

    def _compute(self) -> dict[_Key, tuple[list[str], frozenset[str]]]:
        named: dict[_Key, dict[str, None]] = {}
        for arg in self.config.args:
            split = _split(arg, self.config.invocation_params.dir)
            if split is not None:
                named.setdefault(split[0], {})[split[1]] = None
        wanted: dict[_Key, dict[str, None]] = {
            key: {rest: None for rest in rests if "/" in rest} for key, rests in named.items()
        }
        self._named = {
            key: {go_subtest_name(rest) for rest in rests} for key, rests in wanted.items()
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


def _below_any(name: str, ancestors: set[str]) -> bool:
    """Whether subtest ``name`` is one of ``ancestors`` or below one of them."""
    parts = name.split("/")
    return any("/".join(parts[:index]) in ancestors for index in range(2, len(parts) + 1))


def _leaves(rests: Iterable[str]) -> list[str]:
    """Subtest ids none of which is an ancestor of another."""
    ids = sorted(set(rests))
    subtests = [rest for rest in ids if "/" in rest]
    return [
        rest for rest in subtests if not any(other.startswith(rest + "/") for other in subtests)
    ]


def _compile_keyword(text: str) -> Callable[[list[str]], bool] | None:
    if not text.strip():
        return None
    # pytest has no public handle on its -k expression language; private import, isolated.
    from _pytest.mark.expression import Expression

    try:
        expression = Expression.compile(text)
    except Exception:  # pytest reports a bad -k itself
        return None

    def matches(names: list[str]) -> bool:
        lowered = [name.lower() for name in names]

        def match(subname: str, /, **kwargs: Any) -> bool:
            if kwargs:
                return False  # keyword arguments match markers' arguments: not a name
            wanted = subname.lower()
            return any(wanted in name for name in lowered)

        return bool(expression.evaluate(match))

    return matches


def redundant_subtest_items(items: Iterable[Any]) -> list[Any]:
    """Subtest items whose test or ancestor subtest is selected too (it runs them), and the
    second item for one Go subtest (``TestX/a b`` and ``TestX/a_b`` asked for: Go's name for
    both is ``TestX/a_b``)."""
    selected: set[tuple[Path, str, str]] = set()
    subtest_items = []
    redundant = []
    for item in items:
        run_name = getattr(item, "run_name", None)
        if run_name is None:
            continue
        key = (item.path, getattr(item, "mode", ""), run_name)
        if run_name != item.go_name:
            if key in selected:
                redundant.append(item)
                continue
            subtest_items.append(item)
        selected.add(key)
    for item in subtest_items:
        parts = item.run_name.split("/")
        ancestors = ("/".join(parts[:index]) for index in range(1, len(parts)))
        if any((item.path, getattr(item, "mode", ""), name) in selected for name in ancestors):
            redundant.append(item)
    return redundant


def settled_ancestors(failed: Iterable[str], ran: Iterable[str]) -> list[str]:
    """Failed ids that are ancestors (``x::TestMove``, ``x::TestMove/up``) of a subtest item
    that ran, when no failed id below them is left: their failure was their subtests'."""
    remaining = set(failed)
    ancestors: set[str] = set()
    for nodeid in ran:
        parts = nodeid.split("/")
        ancestors.update("/".join(parts[:index]) for index in range(1, len(parts)))
    settled = []
    # Deepest first: an intermediate subtest settles before its parent is looked at.
    for nodeid in sorted(remaining & ancestors, key=len, reverse=True):
        if not any(other.startswith(nodeid + "/") for other in remaining):
            remaining.discard(nodeid)
            settled.append(nodeid)
    return settled
