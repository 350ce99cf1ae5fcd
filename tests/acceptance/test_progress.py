"""The progress display while pytest waits for Go (plugin/progress.py, docs/usage.md).

On a terminal (a pseudo-terminal here): a status line is drawn while pytest waits for the slow
package and erased again, so the screen ends exactly as without it. In a log (not a terminal):
a line per package as Go finishes it, never in the middle of one of pytest's lines.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import GomodFactory, RunPytest
from .session_runs import copy_module, inner_env

# ok/FAIL lines of the display, as go test prints its package lines.
_PACKAGE_LINE = re.compile(r"^(ok|FAIL|skip) +example\.com/progress/\w+  ")
_ESCAPE = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])|(.)", re.DOTALL)
_SLOW_STATUS = re.compile(
    r"go: \d/3 done, .*\| longest: example\.com/progress/slow (running|building) \d+s \| \d+s"
)


def _run_in_pty(root: Path, go_env: dict[str, str], *args: str) -> str:
    """The inner pytest's output as a terminal receives it (pytest sees a tty)."""
    leader, follower = os.openpty()
    env = inner_env(go_env, {"COLUMNS": "100", "TERM": "xterm"})
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--go-init-hazards=off",
        f"--basetemp={root.parent / (root.name + '-basetemp')}",
        *args,
    ]
    with subprocess.Popen(
        command, cwd=root, env=env, stdin=follower, stdout=follower, stderr=follower
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: every holder of the terminal has closed it
                break
            if not data:
                break
            chunks.append(data)
        os.close(leader)
        assert process.wait(timeout=120) == 1  # TestBroken fails
    return b"".join(chunks).decode(errors="replace")


def render(raw: str) -> list[str]:
    """The screen a terminal shows for ``raw``: the text, carriage returns, clear-to-end of
    line, cursor up and cursor-to-column; colours ignored. Any other escape fails the test."""
    lines: list[list[str]] = [[]]
    row = column = 0
    for token in _ESCAPE.finditer(raw):
        command = token.group(2)
        if command is not None:
            number = int(token.group(1) or 1) if command != "m" else 0
            if command == "K":
                del lines[row][column:]
            elif command == "A":
                row = max(0, row - number)
            elif command == "G":
                column = number - 1
            elif command != "m":
                raise AssertionError(f"unexpected escape sequence {token.group(0)!r}")
            continue
        char = token.group(3)
        if char == "\r":
            column = 0
        elif char == "\n":
            row += 1
            if row == len(lines):
                lines.append([])
        else:
            line = lines[row]
            line.extend(" " * (column - len(line)))
            line[column : column + 1] = [char]
            column += 1
    text = ["".join(line).rstrip() for line in lines]
    return [re.sub(r" in \d+\.\d+s", " in Ns", line) for line in text]


@pytest.fixture(scope="module")
def progress_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_module("progress", tmp_path_factory.mktemp("progress") / "progress")


@pytest.mark.parametrize("verbosity", ["-q", "", "-v"])
def test_terminal_status_line_is_drawn_and_leaves_no_trace(
    progress_root: Path, go_env: dict[str, str], verbosity: str
) -> None:
    args = [a for a in (verbosity,) if a]
    # -count=1: the slow package really runs (not a test-cache replay) and pytest waits.
    shown = _run_in_pty(progress_root, go_env, "--go-flags=-count=1", *args)
    assert _SLOW_STATUS.search(shown), shown
    hidden = _run_in_pty(progress_root, go_env, "--go-progress=off", *args)
    assert "go: " not in hidden
    screen = render(shown)
    assert screen == render(hidden)
    assert not any("go: " in line for line in screen)
    assert any(re.search(r"1 failed, 2 passed in Ns", line) for line in screen), screen


def _package_lines(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if _PACKAGE_LINE.match(line)]


def test_log_gets_a_line_per_package_before_its_tests(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("progress")
    result = run_pytest("--go-init-hazards=off", "--deselect", "slow/slow_test.go::TestSlow")
    result.assert_outcomes(failed=1, passed=1, deselected=1)
    lines = _package_lines(result)
    assert sorted(line.split()[1] for line in lines) == [
        "example.com/progress/broken",
        "example.com/progress/fast",
    ], result.outlines
    assert any(re.fullmatch(r"FAIL  example\.com/progress/broken  \d+\.\d\ds", x) for x in lines)
    # As go test prints it: the package's time, or "(cached)" when Go's test cache answered (an
    # earlier session may have run this copy's path).
    ok = r"ok    example\.com/progress/fast  (\d+\.\d\ds|\(cached\))"
    assert any(re.fullmatch(ok, x) for x in lines)
    outlines = result.outlines
    for package, file_line in (
        ("broken", "broken/broken_test.go F"),
        ("fast", "fast/fast_test.go ."),
    ):
        printed = next(i for i, x in enumerate(outlines) if f"/progress/{package}  " in x)
        reported = next(i for i, x in enumerate(outlines) if x.startswith(file_line))
        assert printed < reported, outlines
    # pytest's own lines are whole: every file's letters end with their percentage.
    result.stdout.re_match_lines(
        [r"broken/broken_test.go F +\[ 50%\]$", r"fast/fast_test.go \. +\[100%\]$"]
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("-q", "--go-progress=on"), 2),  # on: the package lines also with -q
        (("--go-progress=off",), 0),
        (("-o", "go_progress=off"), 0),
    ],
)
def test_log_package_lines_follow_the_setting(
    gomod: GomodFactory, run_pytest: RunPytest, args: tuple[str, ...], expected: int
) -> None:
    gomod("progress")
    result = run_pytest("--go-init-hazards=off", "--deselect", "slow/slow_test.go::TestSlow", *args)
    result.assert_outcomes(failed=1, passed=1, deselected=1)
    assert len(_package_lines(result)) == expected, result.outlines


def test_bad_progress_setting_names_the_ini_key(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    gomod("progress")
    result = run_pytest("-o", "go_progress=sometimes")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*ini go_progress: expected one of auto, on, off, got 'sometimes'*"]
    )
