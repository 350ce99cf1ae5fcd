"""No process outlives pytest (issue 10, item 6).

Every inner run here carries ``GOTEST_ORPHAN_MARK=<uuid>`` in its environment; go, the test
binaries and the processes the tests start inherit it, so ``/proc/*/environ`` tells which
processes belong to the run whatever their working directory, process group or parent.
After each case (and a short grace period) none may be left. Fixture module ``orphans``
(README.md there): ``leaves`` starts a child and returns, ``hangs`` starts a child and blocks.

Cases: the normal end of a run; SIGTERM to pytest (CI cancellation) while a test hangs, and
to xdist's controller alone; ``timeout(1)`` around pytest; pytest, or the xdist worker
running go test, killed by SIGKILL (nothing of pytest's cleans up: the lifeline does); the
``go`` process killed by SIGKILL while a test hangs. What nothing can catch (a child that
calls ``setsid``) is not tested: it leaves the process group.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import ORPHAN_MARK, MarkedProcess, kill_marked, marked_processes, survivors
from .session_runs import (
    ModuleRun,
    copy_module,
    inner_command,
    inner_env,
    module_run,
    short_summary,
    summary_line,
)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="reads other processes' environment in /proc"
)

_READY_SECONDS = 90.0


@dataclass
class Case:
    """One inner run and the marked processes left after it ended."""

    run: ModuleRun
    left: list[MarkedProcess]


class InnerSession:
    """An inner pytest started in the background, output to files (no pipe to fill)."""

    def __init__(
        self, root: Path, go_env: dict[str, str], marker: str, *args: str, wrap: tuple[str, ...]
    ) -> None:
        command, self.junit = inner_command(root, *args)
        self.root = root
        self.out_path = root.parent / f"{root.name}-stdout.txt"
        self.err_path = root.parent / f"{root.name}-stderr.txt"
        self.started = time.monotonic()
        with self.out_path.open("wb") as out, self.err_path.open("wb") as err:
            self.process = subprocess.Popen(
                [*wrap, *command],
                cwd=root,
                env=inner_env(go_env, {ORPHAN_MARK: marker}),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )

    def wait(self, timeout: float = 120) -> ModuleRun:
        returncode = self.process.wait(timeout=timeout)
        stdout = self.out_path.read_text(encoding="utf-8", errors="replace")
        stderr = self.err_path.read_text(encoding="utf-8", errors="replace")
        return module_run(self.root, self.junit, returncode, stdout, stderr, self.started)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()


def wait_for(marker: str, session: InnerSession, *names: str) -> dict[str, MarkedProcess]:
    """Wait until a marked process runs each program in ``names`` (by the last part of its
    first argument: ``hangs.test``, ``sleep``; ``go`` means ``go test``: the hazard analyzer's
    background ``go build`` carries the marker too and may outlive the start of the tests on a
    busy machine)."""
    deadline = time.monotonic() + _READY_SECONDS
    while time.monotonic() < deadline:
        found = {}
        for process in marked_processes(marker):
            program = Path(process.cmdline[0]).name if process.cmdline else ""
            if program == "go" and process.cmdline[1:2] != ("test",):
                continue
            if program in names:
                found[program] = process
        if set(found) == set(names):
            return found
        if session.process.poll() is not None:
            break
        time.sleep(0.1)
    run = session.wait()
    pytest.fail(f"{names} never ran:\n{short_summary(run.result)}\n{run.result.stderr.str()}")


@pytest.fixture
def marker() -> Iterator[str]:
    value = uuid.uuid4().hex
    yield value
    kill_marked(value)  # never leave debris for the rest of the suite


def _start(
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
    marker: str,
    *args: str,
    wrap: tuple[str, ...] = (),
) -> InnerSession:
    root = copy_module("orphans", tmp_path_factory.mktemp("orphans") / "mod")
    return InnerSession(root, go_env, marker, *args, wrap=wrap)


@pytest.fixture(scope="module")
def normal_end(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    marker = uuid.uuid4().hex
    session = _start(tmp_path_factory, go_env, marker, "leaves")
    try:
        run = session.wait()
    finally:
        session.kill()
    return Case(run, survivors(marker))


def _sigterm_while_hanging(
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
    marker: str,
    *args: str,
    signum: signal.Signals = signal.SIGTERM,
) -> Case:
    """SIGTERM (or ``signum``) to the inner pytest (only to it) once TestHangs and its child
    run."""
    session = _start(tmp_path_factory, go_env, marker, "hangs", *args)
    try:
        wait_for(marker, session, "hangs.test", "sleep")
        session.process.send_signal(signum)
        run = session.wait(timeout=90)
    finally:
        session.kill()
    return Case(run, survivors(marker))


@pytest.fixture(scope="module")
def sigterm(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    return _sigterm_while_hanging(tmp_path_factory, go_env, uuid.uuid4().hex)


@pytest.fixture(scope="module")
def go_killed(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    marker = uuid.uuid4().hex
    session = _start(tmp_path_factory, go_env, marker, "hangs")
    try:
        found = wait_for(marker, session, "go", "hangs.test", "sleep")
        os.kill(found["go"].pid, signal.SIGKILL)  # go only: its group lives on
        run = session.wait(timeout=60)
    finally:
        session.kill()
    return Case(run, survivors(marker))


# -- the normal end of a run ---------------------------------------------------------------


def test_a_test_leaving_a_child_passes(normal_end: Case) -> None:
    assert normal_end.run.outcomes == {"leaves/leaves_test.go::TestLeavesChild": ["PASSED"]}
    assert normal_end.run.result.ret == pytest.ExitCode.OK


def test_children_left_by_tests_are_stopped_at_the_end_of_the_run(normal_end: Case) -> None:
    assert normal_end.left == [], [str(p) for p in normal_end.left]


# -- SIGTERM to pytest ---------------------------------------------------------------------


def test_sigterm_exits_like_an_interrupted_run(sigterm: Case) -> None:
    result = sigterm.run.result
    assert result.ret == pytest.ExitCode.INTERRUPTED, (result.ret, short_summary(result))
    assert "PASSED hangs/hangs_test.go::TestHangs" not in result.stdout.str()


def test_sigterm_stops_every_go_process_group(sigterm: Case) -> None:
    assert sigterm.left == [], [str(p) for p in sigterm.left]


def test_sighup_stops_every_go_process_group_as_a_closed_terminal_would(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    # A closed terminal or dropped ssh session: Python's default for SIGHUP ended pytest at
    # once, and go, the test binary and its child lived on with init as their parent.
    case = _sigterm_while_hanging(tmp_path_factory, go_env, uuid.uuid4().hex, signum=signal.SIGHUP)
    result = case.run.result
    assert result.ret == pytest.ExitCode.INTERRUPTED, (result.ret, short_summary(result))
    assert case.left == [], [str(p) for p in case.left]


def test_timeout_command_around_pytest_leaves_no_process(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], marker: str
) -> None:
    """``timeout 6 pytest``: SIGTERM to pytest (and to timeout's own process group, which
    go's groups are not part of) wherever the run is by then: collecting, building, or in
    TestHangs."""
    timeout = shutil.which("timeout")
    if timeout is None:
        pytest.skip("no timeout(1) on this machine")
    session = _start(tmp_path_factory, go_env, marker, "hangs", wrap=(timeout, "6"))
    try:
        session.wait(timeout=60)
    finally:
        session.kill()
    left = survivors(marker)
    assert left == [], [str(p) for p in left]


def test_sigterm_to_the_xdist_controller_alone_leaves_no_process(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], marker: str
) -> None:
    """``kill PID`` of pytest under xdist signals the controller only: it stops its workers
    as on Ctrl-C, and they stop their go processes (the controller ended at once before, and
    its workers, go and the test binaries ran on)."""
    pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    case = _sigterm_while_hanging(tmp_path_factory, go_env, marker, "-n", "2")
    assert case.run.result.ret == pytest.ExitCode.INTERRUPTED, short_summary(case.run.result)
    assert case.left == [], [str(p) for p in case.left]


# -- pytest dies without cleaning up -------------------------------------------------------


def _parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _left_after_killing(session: InnerSession, marker: str) -> list[MarkedProcess]:
    """SIGKILL to the inner pytest once TestHangs and its child run; what is left after."""
    try:
        wait_for(marker, session, "go", "hangs.test", "sleep")
        session.process.send_signal(signal.SIGKILL)
        session.process.wait(timeout=30)
    finally:
        session.kill()
    return survivors(marker, grace=10.0)


def test_a_pytest_killed_outright_leaves_no_process(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], marker: str
) -> None:
    """SIGKILL (the OOM killer, a CI runner's hard limit), ``os._exit`` (pytest-timeout's
    thread method on a hanging Python test) or a crash: pytest stops nothing itself, and go,
    the test binary and its child lived on until go's 10-minute ``-timeout``. The lifeline
    stops them."""
    session = _start(tmp_path_factory, go_env, marker, "hangs")
    left = _left_after_killing(session, marker)
    assert left == [], [str(p) for p in left]


NESTED_TEST = """
import pytest


def test_runs_pytest_in_process(tmp_path):
    # A plugin's own suite does this (pytester's in-process runs): the inner session ends
    # (pytest_unconfigure) while the outer run's go test is running.
    assert pytest.main(["-q", "-p", "no:cacheprovider", str(tmp_path)]) == 5
"""


def test_a_pytest_run_in_process_by_a_test_keeps_the_outer_runs_lifeline(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], marker: str
) -> None:
    """The inner session's end closed the process's one lifeline: the outer run, killed
    later, left go, the test binary and its child running."""
    root = copy_module("orphans", tmp_path_factory.mktemp("orphans") / "mod")
    (root / "a").mkdir()
    (root / "a" / "test_nested.py").write_text(NESTED_TEST, encoding="utf-8")
    session = InnerSession(root, go_env, marker, "a", "hangs", wrap=())
    left = _left_after_killing(session, marker)
    assert left == [], [str(p) for p in left]


def test_a_crashed_xdist_worker_leaves_no_process(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], marker: str
) -> None:
    """The worker that runs the module's go test dies (SIGKILL); xdist reports the test it
    was running as crashed and ends the run, and the worker's go test must not run on."""
    pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    session = _start(tmp_path_factory, go_env, marker, "hangs", "-n", "2")
    try:
        found = wait_for(marker, session, "go", "hangs.test", "sleep")
        os.kill(_parent_of(found["go"].pid), signal.SIGKILL)
        run = session.wait(timeout=90)
    finally:
        session.kill()
    left = survivors(marker, grace=10.0)
    assert left == [], [str(p) for p in left]
    assert run.outcomes == {"hangs/hangs_test.go::TestHangs": ["FAILED"]}, short_summary(run.result)


# -- go dies, its test binary must not outlive pytest --------------------------------------


def test_a_killed_go_fails_the_running_test(go_killed: Case) -> None:
    result = go_killed.run.result
    assert go_killed.run.outcomes == {"hangs/hangs_test.go::TestHangs": ["FAILED"]}, short_summary(
        result
    )
    assert "SIGKILL" in summary_line(result, "FAILED", "hangs/hangs_test.go::TestHangs")


def test_a_killed_go_leaves_no_test_binary_behind(go_killed: Case) -> None:
    assert go_killed.left == [], [str(p) for p in go_killed.left]
