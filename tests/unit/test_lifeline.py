"""The lifeline: process groups outlive neither a normal end nor a sudden death of pytest.

Real processes (``sh``, ``sleep``) in their own groups, as ``spawn_group`` starts go test.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_gotest.core.lifeline import Lifeline

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX")


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    # A killed member that nobody has reaped yet still counts: reap our own children.
    return not _only_zombies(group)


def _only_zombies(group: int) -> bool:
    states = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            states.append(fields[0])
    return all(state == "Z" for state in states)


def _wait_gone(group: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _group_alive(group):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def groups() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _group(started: list[subprocess.Popen[bytes]], script: str) -> int:
    process = subprocess.Popen(["sh", "-c", script], start_new_session=True)
    started.append(process)
    return process.pid


def test_a_death_stops_the_watched_groups_and_their_children(
    groups: list[subprocess.Popen[bytes]],
) -> None:
    lifeline = Lifeline()
    group = _group(groups, "sleep 300 & sleep 300; wait")
    lifeline.watch(group)
    lifeline.close(stop_watched=True)
    assert _wait_gone(group)


def test_a_forgotten_group_is_never_signalled(groups: list[subprocess.Popen[bytes]]) -> None:
    lifeline = Lifeline()
    kept, stopped = _group(groups, "sleep 300"), _group(groups, "sleep 300")
    lifeline.watch(kept)
    lifeline.watch(stopped)
    lifeline.forget(kept)
    lifeline.close(stop_watched=True)
    assert _wait_gone(stopped)
    assert _group_alive(kept)


def test_a_normal_exit_signals_nothing(groups: list[subprocess.Popen[bytes]]) -> None:
    lifeline = Lifeline()
    group = _group(groups, "sleep 300")
    lifeline.watch(group)
    watchdog = lifeline.pid
    lifeline.close()
    assert watchdog is not None
    assert not _group_alive(watchdog)
    assert _group_alive(group)


def test_a_group_that_outlives_sigterm_gets_sigkill(
    groups: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    lifeline = Lifeline()
    said = tmp_path / "said"
    # The shell notes SIGTERM and carries on (with a new sleep, which nothing has signalled).
    group = _group(groups, f"trap 'echo TERM >> {said}' TERM; sleep 300 & wait; sleep 300")
    time.sleep(0.2)  # the trap is set
    lifeline.watch(group)
    lifeline.close(stop_watched=True)
    assert said.read_text() == "TERM\n"  # asked first
    assert _wait_gone(group)  # then killed


def test_a_process_killed_without_cleanup_leaves_no_group_behind(tmp_path: Path) -> None:
    """The real case: a process that started a group through ``spawn_group`` (whose child
    inherits nothing of the lifeline's pipe) dies by SIGKILL; its group must not live on."""
    script = tmp_path / "dies.py"
    script.write_text(
        textwrap.dedent(
            """
            import os, sys, time
            from pathlib import Path
            from pytest_gotest.core.toolchain import spawn_group

            child = spawn_group(["sh", "-c", "sleep 300 & sleep 300; wait"], Path("."), None)
            print(child.pid, flush=True)
            time.sleep(300)
            """
        )
    )
    dying = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    assert dying.stdout is not None
    group = int(dying.stdout.readline())
    try:
        assert _group_alive(group)
        dying.kill()
        dying.wait()
        assert _wait_gone(group), "the group outlived the process that started it"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        dying.stdout.close()


def test_an_empty_group_is_never_signalled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its leader waited for and nothing left in it: the number is free, and another process
    may get it (this machine reuses ids within minutes): neither the end of the run nor the
    lifeline may signal it."""
    from pytest_gotest.core import toolchain

    forgotten: list[int] = []
    from pytest_gotest.core.lifeline import LIFELINE

    monkeypatch.setattr(LIFELINE, "forget", forgotten.append)
    popen = toolchain.spawn_group(["true"], Path("."), None)
    popen.communicate()
    toolchain.note_leader_exit(popen)
    assert forgotten == [popen.pid]
    signalled: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "killpg", lambda pid, sig: signalled.append((pid, sig)))
    toolchain.stop_group(popen)
    assert signalled == []


def test_a_group_a_test_left_a_process_in_is_still_stopped() -> None:
    from pytest_gotest.core import toolchain

    popen = toolchain.spawn_group(
        ["sh", "-c", "sleep 300 >/dev/null 2>&1 & exit 0"], Path("."), None
    )
    popen.communicate()
    toolchain.note_leader_exit(popen)  # the sleep is left in the group
    assert _group_alive(popen.pid)
    toolchain.stop_group(popen, grace=1.0)
    assert _wait_gone(popen.pid)
