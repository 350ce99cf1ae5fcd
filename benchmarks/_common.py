"""Helpers shared by the whole-run benchmarks (``bench_run.py``, ``bench_collect.py``,
``bench_hazards.py``, ``bench_real.py``): running a command with its wall time, the CPU time
and peak memory of its process tree, waiting for a quiet machine, reading pytest's summary,
and naming what was measured. Standard library only; Linux (``/proc``) for the machine load.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NoReturn

HERE: Final = Path(__file__).resolve().parent


class BenchError(RuntimeError):
    """A benchmark that cannot go on: ``run_script`` prints one line and exits with
    ``exit_code``."""

    exit_code = 1


class NoGo(BenchError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__("no go on PATH")


def require_go() -> str:
    go = shutil.which("go")
    if go is None:
        raise NoGo()
    return go


def run_script(main: Callable[[], int]) -> NoReturn:
    """A script's entry point: ``main``'s status, or a ``BenchError`` as one line that names
    the script."""
    try:
        status = main()
    except BenchError as exc:
        print(f"{Path(sys.argv[0]).stem}: {exc}", file=sys.stderr)
        status = exc.exit_code
    sys.exit(status)


@dataclass(frozen=True)
class RunResult:
    seconds: float
    cpu_seconds: float  # user + system time of the whole process tree (waited-for descendants)
    returncode: int  # -9 after a timeout
    output: str  # stdout, then stderr (each past 64 MiB: its first and last 8 MiB)
    timed_out: bool = False
    tree_maxrss_kib: int = 0  # the largest process of the tree (what /usr/bin/time -f %M says)
    others_cpu_seconds: float | None = None  # CPU time the rest of the machine used meanwhile


# ---------------------------------------------------------------------------------------------
# Statistics.


def median_interval(
    values: Sequence[float], confidence: float = 0.95
) -> tuple[float, float] | None:
    """A distribution-free interval for the median of ``values``: the k-th smallest and the k-th
    largest sample, k the largest rank whose interval still covers the median with at least
    ``confidence`` (the number of samples below the median is Binomial(n, 1/2)). None when
    there are too few samples for that confidence (fewer than 6 for 95%).

    Why: the ratios a target is judged on move by several points between runs of the same
    code on this machine; a median alone cannot say whether a ratio 0.5 points under its
    target is met or merely lucky, the interval can."""
    ordered = sorted(values)
    n = len(ordered)
    best: int | None = None
    for k in range(1, n // 2 + 1):
        # P(k <= rank of the median's samples <= n - k + 1) = 1 - 2 P(B <= k - 1)
        tail = sum(math.comb(n, i) for i in range(k)) / 2**n
        if 1 - 2 * tail >= confidence:
            best = k
        else:
            break
    if best is None:
        return None
    return ordered[best - 1], ordered[n - best]


# ---------------------------------------------------------------------------------------------
# Machine load.


def _cpu_jiffies() -> tuple[int, int] | None:
    """(total, idle + iowait) jiffies of all CPUs from /proc/stat, None where there is none."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return None
    values = [int(x) for x in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values), idle


def cpu_busy(interval: float = 0.5) -> float | None:
    """Fraction of all CPUs busy over ``interval`` seconds (Linux /proc/stat), else None."""
    first = _cpu_jiffies()
    time.sleep(interval)
    second = _cpu_jiffies()
    if first is None or second is None or second[0] == first[0]:
        return None
    return 1.0 - (second[1] - first[1]) / (second[0] - first[0])


def wait_quiet(threshold: float, max_wait: float) -> float | None:
    """Wait (up to ``max_wait`` s) until other processes leave the CPUs mostly idle, so that
    nothing else on the machine skews a sample; returns the last busy fraction seen."""
    deadline = time.monotonic() + max_wait
    busy = cpu_busy()
    while busy is not None and busy > threshold and time.monotonic() < deadline:
        busy = cpu_busy(1.0)
    return busy


def add_quiet_args(parser: argparse.ArgumentParser) -> None:
    """The quiet-machine options every whole-run benchmark shares."""
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=120.0,
        metavar="S",
        help="before each sample wait up to S seconds for other load to go away (default 120)",
    )
    parser.add_argument(
        "--quiet-threshold",
        type=float,
        default=0.15,
        metavar="F",
        help="'quiet' means at most this fraction of all CPUs busy (default 0.15)",
    )


# ---------------------------------------------------------------------------------------------
# Running one sample.

_CLK_TCK: Final = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def run_timed(
    argv: Sequence[str],
    cwd: Path,
    stdout_path: Path,
    env: dict[str, str],
    *,
    timeout: float | None = None,
) -> RunResult:
    """Run to completion (or ``timeout``) with stdout to ``stdout_path`` and stderr beside it.

    The command leads its own process group, so a timeout or Ctrl-C stops go and the test
    binaries too, and stragglers left by the leader are killed after it exits. ``wait4`` on
    the leader gives the CPU time and peak RSS of the leader and every descendant it waited for
    (go waits for the compiler and the test binaries), per run, without the benchmark's own.
    """
    stderr_path = stdout_path.with_name(stdout_path.name + ".err")
    timed_out = threading.Event()
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        jiffies_before = _cpu_jiffies()
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )

        def expire() -> None:
            timed_out.set()
            _kill_group(proc.pid)

        timer = threading.Timer(timeout, expire) if timeout is not None else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            _kill_group(proc.pid)
            proc.wait()
            raise
        finally:
            if timer is not None:
                timer.cancel()
        seconds = time.perf_counter() - start
        jiffies_after = _cpu_jiffies()
        proc.returncode = os.waitstatus_to_exitcode(status)
        _kill_group(proc.pid)  # whatever the leader left running (normally nothing)
    cpu = usage.ru_utime + usage.ru_stime
    others: float | None = None
    if jiffies_before is not None and jiffies_after is not None:
        busy_jiffies = (jiffies_after[0] - jiffies_after[1]) - (
            jiffies_before[0] - jiffies_before[1]
        )
        others = max(0.0, busy_jiffies / _CLK_TCK - cpu)
    text = _read_capped(stdout_path)
    stderr = _read_capped(stderr_path)
    return RunResult(
        seconds,
        cpu,
        proc.returncode,
        text + stderr,
        timed_out=timed_out.is_set(),
        tree_maxrss_kib=int(usage.ru_maxrss),
        others_cpu_seconds=others,
    )


# A run's output kept whole up to this size; past it, its head and tail (cedar-policy/cedar-go's
# raw stream is 1.6 GB: kept whole for each repetition, it filled the machine's memory).
_OUTPUT_KEPT: Final = 64 << 20
_OUTPUT_END_KEPT: Final = 8 << 20


def _read_capped(path: Path) -> str:
    size = path.stat().st_size
    if size <= _OUTPUT_KEPT:
        return path.read_text(encoding="utf-8", errors="replace")
    with path.open("rb") as f:
        head = f.read(_OUTPUT_END_KEPT)
        f.seek(size - _OUTPUT_END_KEPT)
        tail = f.read()
    left_out = size - 2 * _OUTPUT_END_KEPT
    return (
        head.decode("utf-8", "replace")
        + f"\n[... {left_out} bytes left out ...]\n"
        + tail.decode("utf-8", "replace")
    )


@contextlib.contextmanager
def scratch_dir(parent: Path, prefix: str) -> Iterator[Path]:
    """A new empty directory under ``parent``, removed afterwards (Go marks its caches
    read-only in places: made writable first)."""
    parent.mkdir(parents=True, exist_ok=True)
    state = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield state
    finally:
        make_writable(state)
        shutil.rmtree(state, ignore_errors=True)


def make_writable(path: Path) -> None:
    subprocess.run(["chmod", "-R", "u+w", str(path)], check=False)


# ---------------------------------------------------------------------------------------------
# Reading results.

_SUMMARY_RE: Final = re.compile(
    r"(\d+) (subtests_\w+|passed|failed|errors?|skipped|xfailed|xpassed|warnings?|deselected)"
)
_SUBTESTS_RE: Final = re.compile(r"(\d+) subtests? (passed|failed|skipped|xfailed|xpassed)")


def pytest_counts(output: str) -> dict[str, int]:
    """Counts from pytest's final summary line (the last line that has ' in N.NNs')."""
    lines = [ln for ln in output.splitlines() if re.search(r"\bin [\d.]+s\b", ln)]
    if not lines:
        return {}
    counts: dict[str, int] = {}
    # pytest 9 counts subtests apart ("15 passed, 18 subtests passed"): kept as
    # "subtests_passed" etc., not mixed into the tests' own counts.
    line = _SUBTESTS_RE.sub(lambda m: f"{m[1]} subtests_{m[2]}", lines[-1])
    for number, word in _SUMMARY_RE.findall(line):
        key = {"error": "errors", "warning": "warnings"}.get(word, word)
        counts[key] = counts.get(key, 0) + int(number)
    return counts


# ---------------------------------------------------------------------------------------------
# What was measured.


def go_version(go: str) -> str:
    out = subprocess.run([go, "version"], capture_output=True, text=True, check=True).stdout
    return out.strip()


def _git(root: Path, *args: str) -> str | None:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def source_revision(root: Path = HERE.parent) -> str:
    """The commit of the checkout at ``root`` (default: the one holding these benchmarks),
    with ``+dirty`` for local changes in its src/."""
    commit = _git(root, "rev-parse", "--short", "HEAD")
    if commit is None:
        return "unknown"
    dirty = _git(root, "status", "--porcelain", "--", "src")
    return commit + ("+dirty" if dirty else "")


def plugin_identity() -> dict[str, str]:
    """The pytest-gotest that this interpreter runs (not necessarily this checkout's): its
    version, location and the git commit of the repository it is installed from, if any."""
    spec = importlib.util.find_spec("pytest_gotest")
    location = Path(spec.origin).resolve().parent if spec and spec.origin else None
    try:
        version = importlib.metadata.version("pytest-gotest")
    except importlib.metadata.PackageNotFoundError:
        version = "not installed"
    identity = {"version": version, "location": str(location), "commit": "unknown"}
    if location is not None:
        top = _git(location, "rev-parse", "--show-toplevel")
        full = _git(location, "rev-parse", "HEAD")
        if top is not None and full is not None:
            dirty = _git(Path(top), "status", "--porcelain", "--", "src")
            identity["commit"] = full + ("+dirty" if dirty else "")
            identity["repository"] = top
            # The same plugin code is measured at every commit since src/ last changed.
            identity["src_commit"] = _git(Path(top), "log", "-1", "--format=%H", "--", "src") or ""

    return identity


def child_env(work: Path, pyc: str) -> dict[str, str]:
    env = dict(os.environ)
    if pyc == "cache":
        # As on a developer machine: Python (and pytest's assertion rewriter) reuse compiled
        # bytecode between runs. The cache lives in WORK, nothing is written elsewhere.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env
