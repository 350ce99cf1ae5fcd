"""Ctrl-C while pytest waits for a slow package: what go test had finished is reported.

The module has ``aslow`` (first in pytest's order: one test that sleeps 60 s) and ``fast``
(a pass and a failure; its passing test writes a file when it runs). Both packages run in one
``go test``; pytest waits at ``aslow`` while Go finishes ``fast``. Ctrl-C (SIGINT to pytest)
then: the run ends as interrupted (exit status 2), ``fast``'s tests are reported as Go ran
them (on the terminal and in JUnit), the slow test is not (it was cut off, as pytest does not
report a test it did not finish), and no process of the run is left. It said "no tests ran":
Go's failure was shown nowhere.
"""

from __future__ import annotations

import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import ORPHAN_MARK, kill_marked, marked_processes, survivors
from .session_runs import inner_command, inner_env

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="reads other processes' environment in /proc"
)

SLOW = """package aslow

import (
	"testing"
	"time"
)

func TestSleeps(t *testing.T) { time.Sleep(60 * time.Second) }
"""

FAST = """package fast

import (
	"os"
	"testing"
)

func TestRan(t *testing.T) {
	if err := os.WriteFile(os.Getenv("FAST_RAN"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFails(t *testing.T) {
	flags := os.O_APPEND | os.O_CREATE | os.O_WRONLY
	if f, err := os.OpenFile(os.Getenv("FAST_RAN")+".fails", flags, 0o644); err == nil {
		f.WriteString("ran\\n")
		f.Close()
	}
	t.Fatal("fast fails")
}
"""

# A Python test module beside the Go packages whose fixture's teardown fails: it runs first
# and waits, so that the interrupt finds it set up.
PYTHON_FIRST = """import time

import pytest


@pytest.fixture(scope="module")
def resource():
    yield
    raise RuntimeError("teardown of resource failed")


def test_waits(resource):
    time.sleep(60)
"""

_READY_SECONDS = 90.0


@pytest.fixture
def marker() -> Iterator[str]:
    value = uuid.uuid4().hex
    yield value
    kill_marked(value)


def _module(root: Path) -> Path:
    for directory, source in (("aslow", SLOW), ("fast", FAST)):
        (root / directory).mkdir(parents=True)
        (root / directory / "x_test.go").write_text(source, encoding="utf-8")
    (root / "go.mod").write_text("module example.com/interrupt\n\ngo 1.22\n", encoding="utf-8")
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return root


def _wait_until_fast_finished(marker: str, ran: Path, process: subprocess.Popen[bytes]) -> None:
    """Until fast's test binary ran and ended while aslow's still runs (go then reports
    the package: a moment later)."""
    deadline = time.monotonic() + _READY_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        programs = {Path(p.cmdline[0]).name for p in marked_processes(marker) if p.cmdline}
        if ran.exists() and "fast.test" not in programs and "aslow.test" in programs:
            time.sleep(1.5)
            return
        time.sleep(0.1)
    pytest.fail("fast's tests never finished beside aslow's")


def _interrupt(
    tmp_path: Path,
    go_env: dict[str, str],
    marker: str,
    *args: str,
    python_first: bool = False,
    cache: bool = False,
) -> tuple[int, str, Path, Path]:
    """Run pytest on the module, SIGINT it once fast's tests are done while aslow's run;
    its exit status, output, JUnit file and the file fast's TestRan wrote."""
    root = _module(tmp_path / "mod")
    paths = ["aslow", "fast"]
    if python_first:
        (root / "apy").mkdir()
        (root / "apy" / "test_first.py").write_text(PYTHON_FIRST, encoding="utf-8")
        paths.insert(0, "apy")
    ran = tmp_path / "fast-ran"
    command, junit = inner_command(root, "-p", "no:randomly", *args, *paths, cache=cache)
    out_path = tmp_path / "stdout.txt"
    env = inner_env(go_env, {ORPHAN_MARK: marker, "FAST_RAN": str(ran)})
    with out_path.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
        try:
            _wait_until_fast_finished(marker, ran, process)
            process.send_signal(signal.SIGINT)
            returncode = process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    left = survivors(marker)
    assert not left, [str(p) for p in left]
    return returncode, out_path.read_text(encoding="utf-8", errors="replace"), junit, ran


REPORTING = "Interrupted: reporting the Go tests of the packages go test had finished"


def test_ctrl_c_reports_the_go_tests_go_test_had_finished(
    tmp_path: Path, go_env: dict[str, str], marker: str
) -> None:
    returncode, text, junit, _ = _interrupt(tmp_path, go_env, marker, "-v")
    assert returncode == pytest.ExitCode.INTERRUPTED, text
    assert REPORTING in text
    assert "fast/x_test.go::TestRan PASSED" in text
    assert "fast/x_test.go::TestFails FAILED" in text
    assert "FAILED fast/x_test.go::TestFails - x_test.go:20: fast fails" in text
    assert "TestSleeps" not in text.split("collected", 1)[1]
    assert "1 failed, 1 passed" in text
    cases = junit.read_text(encoding="utf-8")
    assert 'name="TestRan"' in cases
    assert 'name="TestFails"' in cases
    assert "TestSleeps" not in cases


def test_a_finished_failure_is_not_rerun_after_ctrl_c(
    tmp_path: Path, go_env: dict[str, str], marker: str
) -> None:
    """pytest-rerunfailures would rerun the failure, starting go test after the interrupt
    (a cancelled CI job ran on for as long as the reruns took): it is reported as Go ran it."""
    returncode, text, _, ran = _interrupt(tmp_path, go_env, marker, "-q", "--reruns", "2")
    assert returncode == pytest.ExitCode.INTERRUPTED, text
    assert "1 failed, 1 passed" in text
    assert "rerun" not in text.rsplit("\n", 2)[-2]
    assert ran.with_name(ran.name + ".fails").read_text() == "ran\n"


@pytest.mark.parametrize("case", ["stepwise", "python fixture"])
def test_ctrl_c_reports_nothing_more_where_it_would_change_more_than_the_report(
    tmp_path: Path, go_env: dict[str, str], marker: str, case: str
) -> None:
    """--stepwise would record a later failure as the place to resume from (the next run
    skipped the tests that never ran); reaching the Go items would tear down a Python
    fixture whose error is pytest's to report (it vanished)."""
    python_first = case == "python fixture"
    args = ("-q", "--sw") if case == "stepwise" else ("-q",)
    returncode, text, _, _ = _interrupt(
        tmp_path, go_env, marker, *args, python_first=python_first, cache=not python_first
    )
    assert REPORTING not in text
    assert "fast fails" not in text
    if python_first:
        # pytest's own account of the interrupted session, as without pytest-gotest: the
        # fixture's error as a traceback (not an exit status of its own).
        assert "RuntimeError: teardown of resource failed" in text
    else:
        assert returncode == pytest.ExitCode.INTERRUPTED, text
