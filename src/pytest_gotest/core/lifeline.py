"""A watchdog that stops this process's go process groups when it dies without stopping them.

Pure core. pytest stops every process group it started (go, the test binaries, what the tests
forked) at the end of a run, on ``-x``, Ctrl-C, SIGTERM and SIGHUP. A process can also die
with no chance to clean up: SIGKILL (the OOM killer, a CI runner's hard limit),
``os._exit`` (pytest-timeout's ``thread`` method when a Python test hangs), a segfault in a
Python test's C extension, or an xdist worker crashing for any of these reasons. go test's
groups then ran on, reparented to init, up to go's 10-minute ``-timeout``: holding ports,
temporary directories and CPU, and under xdist racing the replacement worker's own go test.

The lifeline is one small ``sh`` process per pytest process (started with the first group,
in a session of its own so that the terminal's signals do not reach it). It reads the groups
to watch from a pipe that only this process holds. The pipe's end of file means this process
is gone without a normal exit (which says so first, from an ``atexit`` handler that
``os._exit`` and fatal signals skip; not from ``pytest_unconfigure``: a pytest run
in-process by a test, pytester's, would end the outer run's watch): the lifeline sends
SIGTERM to the groups still listed, then SIGKILL to what is left after the grace period
``stop_group`` also gives. A group is taken off the list once it has been stopped or has
ended (its leader waited for and nothing left in it: ``toolchain.note_leader_exit``), before
its number can be given to another process (Linux reuses process ids, within minutes where
``pid_max`` is 32,768).

Best effort: without ``sh`` (or where it cannot start) nothing changes. A process that left
its group (``setsid``) is out of reach here as everywhere.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import subprocess
import threading
from typing import IO, Final

__all__ = ["LIFELINE", "Lifeline"]

# `+G` watches group G, `-G` forgets it, `=` is a normal exit (nothing to stop: the run
# stopped its groups itself); at end of file the groups left get SIGTERM, then
# SIGKILL once none is left or after the grace period (20 x 0.1 s; a fractional `sleep` is
# POSIX-optional, so a whole-second sleep stands in where it is refused).
_SCRIPT: Final = r"""
groups=' '
while IFS= read -r line; do
  case $line in
    +*) groups="$groups${line#+} " ;;
    -*) g=${line#-}
        case $groups in *" $g "*) groups="${groups%%" $g "*} ${groups#*" $g "}" ;; esac ;;
    =) exit 0 ;;
  esac
done
[ -z "${groups# }" ] && exit 0
for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null; done
tries=0
while [ "$tries" -lt 20 ]; do
  alive=0
  for g in $groups; do kill -s 0 -- "-$g" 2>/dev/null && alive=1; done
  [ "$alive" = 0 ] && exit 0
  sleep 0.1 2>/dev/null || sleep 1
  tries=$((tries + 1))
done
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
"""


class Lifeline:
    """The watchdog of one pytest process; safe to use from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pipe: IO[str] | None = None
        self._process: subprocess.Popen[str] | None = None
        self._unavailable = False

    def watch(self, group: int) -> None:
        """Stop ``group`` if this process dies before ``forget(group)``."""
        with self._lock:
            if self._pipe is None and not self._unavailable:
                self._start()
            self._send(f"+{group}\n")

    def forget(self, group: int) -> None:
        """``group`` was stopped or has ended: never signal that number again."""
        with self._lock:
            self._send(f"-{group}\n")

    def close(self, stop_watched: bool = False) -> None:
        """End the watchdog: as a normal exit does (groups still watched are left alone:
        the run stopped what it started, and an ended group's number may be another
        process's by now), or as this process's death does (``stop_watched``)."""
        with self._lock:
            if not stop_watched:
                self._send("=\n")
            pipe, process = self._pipe, self._process
            self._pipe = self._process = None
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()
        if process is not None:
            process.wait()

    @property
    def pid(self) -> int | None:
        """The watchdog's process id, None before the first group (for tests)."""
        return None if self._process is None else self._process.pid

    def _start(self) -> None:
        shell = shutil.which("sh")
        if shell is None:
            self._unavailable = True
            return
        try:
            # close_fds (the default) and the pipe's close-on-exec flag keep the write end
            # in this process alone: go and the test binaries never hold it open.
            self._process = subprocess.Popen(
                [shell, "-c", _SCRIPT],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                text=True,
                start_new_session=True,
            )
        except OSError:
            self._unavailable = True
            return
        self._pipe = self._process.stdin

    def _send(self, line: str) -> None:
        if self._pipe is None:
            return
        try:
            self._pipe.write(line)
            self._pipe.flush()
        except (OSError, ValueError):
            # The watchdog is gone (killed by someone): carry on without it.
            self._pipe = None
            self._unavailable = True


LIFELINE: Final = Lifeline()
atexit.register(LIFELINE.close)
