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

func TestFails(t *testing.T) { t.Fatal("fast fails") }
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


def test_ctrl_c_reports_the_go_tests_go_test_had_finished(
    tmp_path: Path, go_env: dict[str, str], marker: str
) -> None:
    root = _module(tmp_path / "mod")
    ran = tmp_path / "fast-ran"
    command, junit = inner_command(root, "-p", "no:randomly", "-v", "aslow", "fast")
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
    text = out_path.read_text(encoding="utf-8", errors="replace")
    assert returncode == pytest.ExitCode.INTERRUPTED, text
    assert "Interrupted: reporting 2 Go tests whose packages go test had finished" in text
    assert "fast/x_test.go::TestRan PASSED" in text
    assert "fast/x_test.go::TestFails FAILED" in text
    assert "FAILED fast/x_test.go::TestFails - x_test.go:14: fast fails" in text
    assert "TestSleeps" not in text.split("collected", 1)[1]
    assert "1 failed, 1 passed" in text
    cases = junit.read_text(encoding="utf-8")
    assert 'name="TestRan"' in cases
    assert 'name="TestFails"' in cases
    assert "TestSleeps" not in cases
    left = survivors(marker)
    assert not left, [str(p) for p in left]
