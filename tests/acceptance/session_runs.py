"""One inner pytest session per fixture module, shared by many assertions.

The crash, TestMain and output scenarios each need a Go build and run of a whole fixture module;
running it once per test module (and reading every node id's outcome from the ``-rA`` short
summary and the JUnit file) keeps the suite fast. ``pytester`` is function-scoped, so this runs
the inner pytest itself, with the same environment the ``run_pytest`` fixture sets up.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

GOMODS = Path(__file__).parent.parent / "testdata" / "gomods"
GOFLAGS = "-buildvcs=false"  # as tests/conftest.py: results must not depend on the developer
# GOTOOLCHAIN=go1.22.12 in the outer run's environment runs every inner run on that Go, through
# Go's own toolchain switching (tox -e go-oldest, .ci/run: the oldest supported Go). Anything
# else is "local": the machine's go, never a toolchain download in the middle of a test.
_PINNED_TOOLCHAIN = re.compile(r"go\d+\.\d+(\.\d+|rc\d+)?")
# pytest-randomly (in the test extra) would shuffle every inner run, and the tests that read an
# inner run's order would depend on its seed. test_randomly.py turns it on with -p randomly.
INNER_ADDOPTS = "-p no:randomly"


def inner_toolchain() -> str:
    """The ``GOTOOLCHAIN`` every inner run and helper ``go`` command gets."""
    wanted = os.environ.get("GOTOOLCHAIN", "")
    return wanted if _PINNED_TOOLCHAIN.fullmatch(wanted) else "local"


@functools.cache
def inner_go_minor() -> int:
    """The minor version of the Go that inner runs use (22 for go1.22.12): for the few results
    that depend on it (a Go 1.24 vet check, a Go 1.25 API behind a build constraint)."""
    go = shutil.which("go")
    if go is None:
        pytest.skip("Go toolchain not installed; CI installs it")
    version = subprocess.run(
        [go, "env", "GOVERSION"],
        env={**os.environ, "GOTOOLCHAIN": inner_toolchain()},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    found = re.match(r"go1\.(\d+)", version)
    assert found, f"go env GOVERSION said {version!r}"
    return int(found.group(1))


# A passing subtest's -v progress line: "x_test.go::TestX/sub PASSED [ 50%]" or, under
# xdist, "[gw0] [ 50%] PASSED x_test.go::TestX/sub".
_VERBOSE_SUBTEST_PASS = re.compile(
    r"^(?P<a>\S+_test\.go::[^/\s]+/\S+) PASSED\b|^\[gw\d+\] \[ *\d+%\] PASSED "
    r"(?P<b>\S+_test\.go::[^/\s]+/\S+)"
)
# Outcome words of pytest's -rA short summary, in the order a report can carry them.
_SUMMARY_WORDS = ("PASSED", "FAILED", "ERROR", "SKIPPED", "XFAIL", "XPASS")


@dataclass
class ModuleRun:
    """The inner session's result and what was read from it."""

    root: Path
    result: pytest.RunResult
    junit: Path
    outcomes: dict[str, list[str]]  # node id -> summary words (a teardown error adds ERROR)


def inner_env(go_env: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment ``run_pytest`` gives an inner run: the real Go caches, fixed GOFLAGS."""
    env = dict(os.environ)
    for key in (
        "GOWORK",
        "GO111MODULE",
        "GODEBUG",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD",
        "PYTEST_PLUGINS",
        "PYTEST_ADDOPTS",
        "PYTEST_XDIST_WORKER",
        "PYTEST_XDIST_TESTRUNUID",
        "PYTEST_CURRENT_TEST",
        "GITHUB_ACTIONS",  # pytest-github-actions-annotate-failures: on only where asked
    ):
        env.pop(key, None)
    env.update(go_env)
    env["GOFLAGS"] = GOFLAGS
    env["GOTOOLCHAIN"] = inner_toolchain()
    env["PYTEST_ADDOPTS"] = INNER_ADDOPTS
    env["COLUMNS"] = "1000"  # -rA summary lines carry the whole first line of the message
    env.update(extra or {})
    return env


def copy_module(name: str, destination: Path, ini: str = "") -> Path:
    source = GOMODS / name
    assert source.is_dir(), f"no fixture module {name!r} in {GOMODS}"
    shutil.copytree(source, destination, dirs_exist_ok=True)
    (destination / "pytest.ini").write_text("[pytest]\n" + ini, encoding="utf-8")
    return destination


def new_to_gos_caches(parent: Path) -> Path:
    """Where to copy a module whose test binaries no earlier run has built: ``parent/mod-<id>``.

    Go's test cache is keyed by the test binary's content (and the flags), and a binary holds
    its sources' absolute paths. The real GOCACHE outlives pytest's numbered temporary
    directories, so a copy at a path an earlier session used is answered from the cache; a test
    that asserts a first run is *not* replayed needs a path never used before. (A comment with
    a fresh id is not enough: it leaves the binary unchanged.)
    """
    return parent / f"mod-{uuid.uuid4().hex[:12]}"


def finish(process: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    """A started inner run's stdout and stderr; killed (and reaped) if it overruns."""
    try:
        return process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def inner_command(root: Path, *args: str, cache: bool = False) -> tuple[list[str], Path]:
    """``python -m pytest -rA --junitxml`` for ``root``, and where the JUnit file goes.
    ``cache``: with pytest's cacheprovider (its directory in ``root``), else without."""
    junit = root.parent / f"{root.name}-junit.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        *(() if cache else ("-p", "no:cacheprovider")),
        "-rA",
        f"--junitxml={junit}",
        f"--basetemp={root.parent / (root.name + '-basetemp')}",
        *args,
    ]
    return command, junit


def run_inner(
    root: Path,
    go_env: dict[str, str],
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 240,
    cache: bool = False,
) -> ModuleRun:
    """``python -m pytest -rA --junitxml`` in ``root``; outcomes per node id."""
    command, junit = inner_command(root, *args, cache=cache)
    started = time.monotonic()
    completed = subprocess.run(
        command,
        cwd=root,
        env=inner_env(go_env, env),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )
    return module_run(
        root, junit, completed.returncode, completed.stdout, completed.stderr, started
    )


def module_run(
    root: Path, junit: Path, returncode: int, stdout: str, stderr: str, started: float
) -> ModuleRun:
    """A finished inner session as a ``ModuleRun`` (outcomes read from its -rA summary)."""
    result = pytest.RunResult(
        returncode, stdout.splitlines(), stderr.splitlines(), time.monotonic() - started
    )
    return ModuleRun(root, result, junit, summary_outcomes(result))


def summary_outcomes(result: pytest.RunResult) -> dict[str, list[str]]:
    """Node id -> the words of its ``-rA`` short summary lines (``PASSED``, ``ERROR``...).

    Passing subtests are counted apart ("N subtests passed", as pytest 9 counts its own) and
    are not in ``-rA``'s summary; with ``-v`` their progress lines (``nodeid PASSED``, or
    ``[gw0] [ 50%] PASSED nodeid`` under xdist) are read instead."""
    found: dict[str, list[str]] = defaultdict(list)
    progress_passes: list[str] = []
    in_summary = False
    for line in result.stdout.lines:
        progress = _VERBOSE_SUBTEST_PASS.search(line)
        if progress and not in_summary:
            progress_passes.append(progress.group("a") or progress.group("b"))
            continue
        if "short test summary info" in line:
            in_summary = True
            continue
        if not in_summary:
            continue
        if line.startswith("=" * 5):
            break
        word, _, rest = line.partition(" ")
        if word in _SUMMARY_WORDS and "::" in rest:
            nodeid = rest.split(" - ", 1)[0].strip()
            found[nodeid].append(word)
    # pytest 8 lists passing subtests in the summary too: count each once.
    for nodeid in progress_passes:
        if nodeid not in found:
            found[nodeid].append("PASSED")
    return dict(found)


def summary_line(result: pytest.RunResult, word: str, nodeid: str) -> str:
    """The ``-rA`` short summary line ``WORD nodeid - message``."""
    prefix = f"{word} {nodeid}"
    lines = [
        line for line in result.stdout.lines if line == prefix or line.startswith(prefix + " ")
    ]
    assert lines, f"no summary line {prefix!r} in:\n{result.stdout.str()}"
    return lines[0]


def short_summary(result: pytest.RunResult) -> str:
    """The ``-rA`` short summary and the final line: enough to read a mismatch."""
    lines = result.stdout.lines
    for index, line in enumerate(lines):
        if "short test summary info" in line:
            return "\n".join(lines[index:])
    return "\n".join(lines[-40:])


def warnings_summary(result: pytest.RunResult) -> str:
    """The text of pytest's ``warnings summary`` block."""
    lines = result.stdout.lines
    start = next((i for i, line in enumerate(lines) if "warnings summary" in line), None)
    if start is None:
        return ""
    block: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("=" * 5):
            break
        block.append(line)
    return "\n".join(block)
