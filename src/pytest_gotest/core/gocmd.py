"""Go test flags (validated, read) and the exact ``-run`` selector.

Pure core: no pytest import. Errors are ``GoFlagsError`` with a message that names the setting
to fix; the plugin turns them into ``pytest.UsageError``. ``toolchain`` builds the commands.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

__all__ = [
    "GoFlags",
    "GoFlagsError",
    "environment_goflags_problem",
    "exact_run_selector",
    "go_subtest_name",
    "links_strings",
    "parse_environment_goflags",
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
# Flags of `go test` and `go build` that take a value: a missing value is our error to report.
_VALUE_FLAGS: Final = frozenset(
    {
        "count", "cpu", "timeout", "parallel", "tags", "p", "ldflags", "gcflags", "asmflags",
        "gccgoflags", "mod", "modfile", "covermode", "coverpkg", "shuffle", "exec", "vet",
        "benchtime", "blockprofile", "cpuprofile", "memprofile", "mutexprofile", "trace",
        "overlay", "pgo", "toolexec", "installsuffix", "compiler", "buildmode", "workfile",
        "fuzztime", "fuzzminimizetime",
    }
)  # fmt: skip
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
# Of those, the ones $GOFLAGS must not carry either (go applies it to every go test the
# plugin starts; -json twice does no harm).
_OWNED_IN_ENVIRONMENT: Final = frozenset(_OWNED) - {"json"}
# -v=false: go test -json then reports no test event at all (the binary's verbose output is
# what test2json reads).
_FALSE_WORDS: Final = frozenset({"false", "0", "f", "F", "FALSE", "False"})
# Build flags that change which files a package contains, so `go list` must see them too.
_LIST_FLAGS: Final = frozenset(
    {"tags", "mod", "modfile", "race", "msan", "asan", "overlay", "workfile"}
)
_GO_META: Final = frozenset("\\.+*?()|[]{}^$")


class GoFlagsError(ValueError):
    """A ``--go-flags``/``go_flags`` value that pytest-gotest cannot pass on."""


@dataclass(frozen=True)
class GoFlags:
    """Flags for ``go test``: the tokens as passed on, the subset ``go list`` needs, and each
    flag's name (without ``test.``) and value (None for a boolean flag given bare)."""

    test_flags: tuple[str, ...] = ()
    list_flags: tuple[str, ...] = ()
    entries: tuple[tuple[str, str | None], ...] = ()

    def value(self, name: str) -> str | None:
        """The last value given for ``-name`` (or ``-test.name``): ``"true"`` for a bare
        boolean flag, None when absent."""
        found: str | None = None
        for flag, value in self.entries:
            if flag == name:
                found = "true" if value is None else value
        return found


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
    entries: list[tuple[str, str | None]] = []
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
        value: str | None = token.split("=", 1)[1] if "=" in token else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        known = name in _VALUE_FLAGS
        if "=" not in token and name not in _BOOL_FLAGS:
            # Go's flag package takes the next argument as a value flag's value, even "-v".
            # A flag nobody knows takes it only when it does not look like a flag: go (or the
            # test binary: "flag provided but not defined") says what is wrong with it.
            if following is not None and (known or not following.startswith("-")):
                index += 1
                group.append(following)
                value = following
            elif known:
                raise GoFlagsError(f"{setting}: flag -{name} needs a value")
        if name == "v" and value in _FALSE_WORDS:
            raise GoFlagsError(f"{setting}: -v={value} {_NO_VERBOSE}")
        entries.append((name, value))
        test_flags.extend(group)
        if name in _LIST_FLAGS:
            list_flags.extend(group)
        index += 1
    return GoFlags(tuple(test_flags), tuple(list_flags), tuple(entries))


_NO_VERBOSE: Final = (
    "keeps go test -json from reporting any test (test2json reads the verbose output); leave -v out"
)


def environment_goflags_problem(flags: GoFlags) -> str | None:
    """Why ``$GOFLAGS`` cannot be run with (a flag pytest-gotest sets itself, as
    ``--go-flags`` refuses it), or None. go applies it to every go test the plugin starts:
    ``-run`` there made every test of other names "not run"."""
    for name, value in flags.entries:
        if name in _OWNED_IN_ENVIRONMENT:
            return f"$GOFLAGS: -{name} is set by pytest-gotest: {_OWNED[name]}"
        if name == "v" and value in _FALSE_WORDS:
            return f"$GOFLAGS: -v={value} {_NO_VERBOSE}"
    return None


def parse_environment_goflags(text: str) -> GoFlags:
    """``$GOFLAGS``: space-separated ``-flag[=value]`` entries that go applies to every
    command that knows the flag (``go help environment``). Read for their meaning only (go
    applies them itself); never rejected here: go reports its own errors about them."""
    entries: list[tuple[str, str | None]] = []
    for token in text.split():
        if not token.startswith("-"):
            continue
        name = _flag_name(token).removeprefix("test.")
        entries.append((name, token.split("=", 1)[1] if "=" in token else None))
    return GoFlags(entries=tuple(entries))


def links_strings(ldflags: str | None) -> bool:
    """Whether go links the test binaries with ``-X`` (``ldflags``: the ``-ldflags`` value go
    uses, per-package patterns included), which sets string vars to values no source file
    holds. Read coarsely: any ``-X`` in it counts."""
    return ldflags is not None and "-X" in ldflags


def quote_meta(text: str) -> str:
    """Go's ``regexp.QuoteMeta``: escape exactly the RE2 metacharacters."""
    return "".join("\\" + ch if ch in _GO_META else ch for ch in text)


def exact_run_selector(names: Iterable[str]) -> str:
    """A ``-run`` value selecting exactly these tests (docs/internals/go-test-json.md).

    ``-run`` splits its pattern on ``/`` and on top-level ``|``, and each element is an
    unanchored regexp for one level of the name, so every level is quoted and anchored. Top-level
    names share one ``^(A|B)$`` element: the ``|`` inside parentheses does not split.
    """
    unique = list(dict.fromkeys(names))
    if not unique:
        # No test: "" would be no -run at all (every test). No test's name is empty.
        return "^$"
    top_level = [n for n in unique if "/" not in n]
    nested = [n for n in unique if "/" in n]
    alternatives: list[str] = []
    if top_level:
        alternatives.append("^(" + "|".join(quote_meta(n) for n in top_level) + ")$")
    alternatives.extend("/".join(f"^{quote_meta(p)}$" for p in n.split("/")) for n in nested)
    return "|".join(alternatives)


# Go's testing.isSpace: the runes its subtest names and -run patterns turn into "_".
_GO_SPACES: Final = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(code) for code in range(0x2000, 0x200B))
)
_GO_ESCAPES: Final = {"\a": "\\a", "\b": "\\b"}  # the other short escapes are spaces


def go_subtest_name(name: str) -> str:
    """A subtest name as Go's ``testing`` package rewrites it (``rewrite`` in its match.go),
    both in the names it reports and in each element of a ``-run`` pattern: every space
    becomes ``_``, every other non-printable rune its ``strconv.QuoteRune`` escape without the
    quotes (``\\x01``, ``\\u200b``). ``t.Run("with space")`` is ``TestX/with_space``; asked
    for as typed, Go runs it under that name. Idempotent: a name Go reported stays as it is."""
    if name.isprintable() and " " not in name:
        return name
    return "".join(_go_rune(ch) for ch in name)


def _go_rune(ch: str) -> str:
    if ch in _GO_SPACES:
        return "_"
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        # A byte that is not UTF-8 (surrogate-escaped in a command-line argument): Go reads
        # it as utf8.RuneError, a printable rune it keeps.
        return "\ufffd"
    if ch.isprintable():  # Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols
        return ch
    if ch in _GO_ESCAPES:
        return _GO_ESCAPES[ch]
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
