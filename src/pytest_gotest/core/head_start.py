"""A ``go test`` started while pytest still collects, for the batch collection is expected to
make: go does not wait for pytest's collection.

Pure core (no pytest import). The plugin starts one when the module's listing is known early
(the collection cache, or ``go list`` run at configure time) and nothing on the command line
can narrow the selection (``plugin/session.py``). The runner adopts it only for a batch that
would run exactly the same command in the same directory with the same environment: the same
packages (their order on the command line may differ: it only decides the order in which Go
prints them), the same flags. Anything else, and a run that never starts its Go tests, makes
the plugin abandon it: its process group is stopped and its pipes closed, nothing of its
output is read. Until it is adopted nobody reads its pipes: go waits when a pipe is full, so
nothing it prints is lost.

Why: on expr (63 packages, ``-count=1``) go test started 0.25-0.29 s after the Python process,
at the end of collection; Go itself then spends its first 0.4 s loading packages, vetting and
linking before a test binary prints anything, so an earlier start is time the whole run saves.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from .toolchain import GoToolchain, spawn_group, stop_group

__all__ = ["HeadStart"]


def _environment(toolchain: GoToolchain) -> dict[str, str]:
    """The environment go gets when started now (the toolchain's, or this process's)."""
    return dict(os.environ if toolchain.environ is None else toolchain.environ)


# Files changed this long before go started count as changed after (file times are taken
# from a clock that may lag the system clock by a scheduler tick).
_CLOCK_SLACK_NS: Final = 20_000_000


@dataclass
class HeadStart:
    args: list[str]
    cwd: Path
    env: dict[str, str]
    popen: subprocess.Popen[str]
    launched_ns: int = field(default_factory=time.time_ns)

    @classmethod
    def spawn(cls, toolchain: GoToolchain, packages: Sequence[str], cwd: Path) -> HeadStart | None:
        """``go test`` of these whole packages as the runner would start them (no ``-run``,
        no limit: the caller makes sure none applies); None if it cannot be started (the
        batch then starts it as usual, and reports why)."""
        return cls.launch(cls.command(toolchain, packages), cwd, _environment(toolchain))

    @classmethod
    def launch(cls, args: Sequence[str], cwd: Path, env: dict[str, str]) -> HeadStart | None:
        """Start exactly this command (``spawn``'s, or one remembered from an earlier run)."""
        try:
            return cls(list(args), cwd, env, spawn_group(list(args), cwd, env))
        except OSError:
            return None

    @classmethod
    def reuse_or_spawn(
        cls,
        running: HeadStart | None,
        toolchain: GoToolchain,
        packages: Sequence[str],
        cwd: Path,
        newest_change_ns: int | None = None,
    ) -> HeadStart | None:
        """``running`` when it runs what ``spawn`` would start for these packages, from the
        sources as they are (``newest_change_ns``: the newest change the listing saw, when
        known; ``predates``); otherwise ``running`` is stopped and ``spawn``'s process
        started (None without packages)."""
        if running is not None:
            if (
                packages
                and not running.predates(newest_change_ns)
                and running.fits(cls.command(toolchain, packages), cwd, toolchain)
            ):
                return running
            running.abandon()
        return cls.spawn(toolchain, packages, cwd) if packages else None

    @staticmethod
    def command(toolchain: GoToolchain, packages: Sequence[str]) -> list[str]:
        """The runner's command for a batch of these whole packages without a time limit."""
        return toolchain.test_args(packages, None, toolchain.timeout_args(None))

    def fits(self, args: Sequence[str], cwd: Path, toolchain: GoToolchain) -> bool:
        """Whether this process runs what ``args`` in ``cwd`` would: the same words, packages
        in any order (import paths never start with ``-``, flags always do, so a package can
        never stand in for a flag), and the environment go would get now (a conftest module
        imported during collection may have changed it)."""
        return (
            cwd == self.cwd
            and list(args[:3]) == self.args[:3]
            and Counter(args) == Counter(self.args)
            and _environment(toolchain) == self.env
        )

    def predates(self, newest_change_ns: int | None) -> bool:
        """Whether a source file may have changed after go started (and go may have read it
        before): a conftest module that generates Go code, imported after this plugin
        started go test at ``pytest_addoption``. Such a head start runs old code: abandoned,
        it costs some CPU; adopted, it would report results of code that is gone."""
        return (
            newest_change_ns is not None and newest_change_ns >= self.launched_ns - _CLOCK_SLACK_NS
        )

    def abandon(self) -> None:
        """Stop the process group (go, its compilers, any test binary) and close the pipes."""
        stop_group(self.popen)
        for stream in (self.popen.stdout, self.popen.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
