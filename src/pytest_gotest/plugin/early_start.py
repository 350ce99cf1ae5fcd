"""``go test`` started while pytest is still loading its plugins, for an invocation that is
exactly the last one that made a head start (``plugin/head_start.py``).

Why: with ``-count=1`` go is busy for the whole run, so every moment between the Python
process's start and go's start is added to the run as it is. The head start used to begin at
``pytest_configure``, 0.19-0.20 s after the process started on expr; before that pytest
imports itself and every plugin, parses the command line and reads its ini file. The earliest
moment a plugin can act is when pytest loads it (``pytest_addoption``, called as the plugin is
registered): the command line and the ini file are known then (the rootdir and the cache
directory), pytest-gotest's own options are not parsed yet.

So a run whose head start was made writes down the exact command, beside the collection cache,
under the invocation (directory, arguments, rootdir), with a fingerprint of what else could
change the command: the environment, the ini file's stamp, the Python and pytest-gotest
versions. A later run with the same invocation and fingerprint starts that command at once.
Nothing else changes: the session adopts this process only where it would have started the
same command itself (``HeadStart.fits``, at configure time, then again once the module's
listing is known); otherwise it is stopped, having cost some CPU, never a result. Environment
values are never written down: a run whose go environment differs from the environment pytest
started with (a conftest that sets a variable) writes no record, since its command could never
be adopted.

A process started here that is never claimed is stopped at the end of ``pytest_configure``, or
by a config cleanup when pytest ends before configuring (a usage error, ``--version``,
Ctrl-C).

The record names a program to run, so it is as trusted as the directory's conftest files,
which pytest imports anyway; and a record written elsewhere cannot match: its fingerprint
holds this machine's whole environment and the ini file's modification time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

from pytest_gotest.core.head_start import HeadStart

__all__ = ["abandon_unclaimed", "begin", "claim", "remember"]

# The collection cache's directory inside pytest's cache (``config.cache.mkdir``'s "d/NAME").
COLLECT_CACHE_NAME: Final = "pytest-gotest-collect"
_RECORD_PREFIX: Final = "head-start-launch-"


@dataclass
class _Early:
    """What the earliest hook learnt, kept in the config's stash for the session."""

    record: Path  # this invocation's record (it may not exist)
    fingerprint: str
    environ: dict[str, str]  # the environment pytest started with
    written: dict[str, object] | None  # the record as read, so an unchanged one is not rewritten
    head: HeadStart | None = None  # started here, not claimed yet


_EARLY_KEY: Final = pytest.StashKey[_Early]()


def begin(pluginmanager: pytest.PytestPluginManager) -> None:
    """Start the remembered command of this invocation, if any (from ``pytest_addoption``)."""
    config = pluginmanager.get_plugin("pytestconfig")
    if not isinstance(config, pytest.Config) or _EARLY_KEY in config.stash:
        return
    early = _early(config)
    if early is None:
        return
    config.stash[_EARLY_KEY] = early
    launch = early.written
    if launch is None or launch.get("fingerprint") != early.fingerprint:
        return
    args, cwd = launch.get("args"), launch.get("cwd")
    if not (isinstance(args, list) and args and all(isinstance(a, str) for a in args)):
        return
    if not isinstance(cwd, str):
        return
    early.head = HeadStart.launch(args, Path(cwd), dict(early.environ))
    if early.head is not None:
        # pytest may end before configuring (a usage error, --version, Ctrl-C).
        config.add_cleanup(lambda: abandon_unclaimed(config))


def _early(config: pytest.Config) -> _Early | None:
    """Where this invocation's record is and what must match; None when pytest's cache is
    off (``-p no:cacheprovider``: the collection cache is off too) or not known yet (a
    plugin registered before the command line was read)."""
    manager = config.pluginmanager
    if manager.is_blocked("cacheprovider") or not manager.has_plugin("cacheprovider"):
        return None
    try:
        rootpath = config.rootpath  # set once pytest has read the command line and ini file
        cache_dir = str(config.getini("cache_dir"))
    except (AttributeError, ValueError):
        return None
    directory = pytest_cache_dir(rootpath, cache_dir) / "d" / COLLECT_CACHE_NAME
    params = config.invocation_params
    invocation = json.dumps([str(params.dir), list(params.args), str(rootpath)])
    name = hashlib.sha256(invocation.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    record = directory / f"{_RECORD_PREFIX}{name}.json"
    environ = dict(os.environ)
    return _Early(record, _fingerprint(config, environ), environ, _read(record))


def pytest_cache_dir(rootpath: Path, cache_dir: str) -> Path:
    """pytest's cache directory as its cacheprovider resolves the ``cache_dir`` ini value
    (``~`` and environment variables expanded, relative to the rootdir)."""
    return rootpath.joinpath(os.path.expandvars(os.path.expanduser(cache_dir)))


def _fingerprint(config: pytest.Config, environ: dict[str, str]) -> str:
    from pytest_gotest import __version__

    inipath = config.inipath
    stamp: list[int] | None = None
    if inipath is not None:
        with contextlib.suppress(OSError):
            stat = inipath.stat()
            stamp = [stat.st_mtime_ns, stat.st_size]
    data = [__version__, sys.executable, str(inipath), stamp, sorted(environ.items())]
    text = json.dumps(data)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _read(record: Path) -> dict[str, object] | None:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# When the newest conftest module was registered in this process (0: none yet).
_CONFTEST_REGISTERED_NS: list[int] = [0]


def note_conftest() -> None:
    """A conftest module was imported and registered now."""
    _CONFTEST_REGISTERED_NS[0] = time.time_ns()


def last_conftest_ns() -> int:
    """When the newest conftest module was registered (0: none yet)."""
    return _CONFTEST_REGISTERED_NS[0]


def claim(config: pytest.Config) -> HeadStart | None:
    """The process started for this invocation, now the caller's to adopt or abandon."""
    early = config.stash.get(_EARLY_KEY, None)
    if early is None:
        return None
    head, early.head = early.head, None
    return head


def abandon_unclaimed(config: pytest.Config) -> None:
    head = claim(config)
    if head is not None:
        head.abandon()


def remember(
    config: pytest.Config, head: HeadStart | None, args: Sequence[str] | None = None
) -> None:
    """Write down the command of this run's head start for the next identical invocation
    (None: there is none, so forget it), or ``args``, the same command with its packages in
    the order this run chose (``plugin/run_order.py``) when the head start kept running an
    earlier order. Not when go got another environment than the one pytest started with:
    its command could never be adopted."""
    early = config.stash.get(_EARLY_KEY, None)
    if early is None:
        return
    if head is None or head.env != early.environ:
        if early.written is not None:
            with contextlib.suppress(OSError):
                early.record.unlink()
            early.written = None
        return
    data: dict[str, object] = {
        "fingerprint": early.fingerprint,
        "args": list(head.args if args is None else args),
        "cwd": str(head.cwd),
    }
    if data == early.written:
        return
    from pytest_gotest.core.collect_cache import write_atomically

    # The directory is the collection cache's, made by the session through pytest's cache.
    with contextlib.suppress(OSError):
        write_atomically(early.record, json.dumps(data))
        early.written = data
