"""One line of ``go test -json`` output -> one typed event.

Pure core: no pytest import. ``go test -json`` interleaves two kinds of objects on stdout
(``go doc cmd/test2json``; docs/internals/go-test-json.md): *test events* (``Time``,
``Action``, ``Package``, ``Test``, ``Output`` ...) and, since Go 1.24, *build events*
(``ImportPath``, ``Action`` = ``build-output`` | ``build-fail``). The action vocabulary is an
open set: Go 1.25 added ``attr``, 1.26 ``artifacts``; unknown actions are kept, never an error.

Parsing is lazy where it pays. On a Go test-cache hit the whole stream is replayed (50 MB on a
mid-sized module), and almost all of it is ``output`` events nobody will read because the tests
passed. For those the parser pulls out ``Package`` and ``Test`` with a regular expression and
keeps the raw line; the ``Output`` text is decoded only when a report needs it.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Final

from .output import decode_output

__all__ = [
    "BuildEvent",
    "Event",
    "NonJSONLine",
    "OutputEvent",
    "TestEvent",
    "decode_output",
    "elapsed_at",
    "failed_package",
    "parse_line",
    "parse_line_slow",
    "scan_fields",
]

# test2json output chunks are at most 1024 bytes of one line; a stray non-JSON line can be any
# size. Both are kept as they are: the limits on memory live in output.py.


@dataclass(frozen=True, slots=True)
class TestEvent:
    """A decoded test event other than ``output`` (run, pass, fail, skip, start, pause, ...)."""

    __test__ = False  # not a pytest test class

    action: str
    package: str
    test: str | None
    elapsed: float | None = None
    failed_build: str | None = None
    key: str | None = None
    value: str | None = None
    path: str | None = None


def failed_package(failed_build: str) -> str:
    """The import path in a ``FailedBuild`` field: ``p_test [p.test]`` (a package as built for
    p's test binary) names ``p_test``; a dependency's is its plain import path."""
    return failed_build.split(" [", 1)[0]


# A section of go's build output starts with a header line naming its package: "# p" or
# "# p [p.test]" for the compiler (and cgo), "# [p]" for go vet's findings, which go test
# prints below a bare "# p" of their own.
_BUILD_HEADER: Final = re.compile(r"^# (?:(\[)[^\s\]]+\]|[^\s\[\]]+(?: \[[^\s\]]+\])?)$")


# The C compiler's diagnostic, as cgo relays it (gcc: "n.go:3:11: fatal error: x.h: No such
# file or directory"; clang: "... fatal error: 'x.h' file not found"). Go's compiler and
# vet's analyzers never say "error:" after the location.
_C_DIAGNOSTIC: Final = re.compile(r"^\S+:\d+(?::\d+)?: (?:fatal )?error: ")


def vet_only(build_output: str) -> bool:
    """Whether build output is go vet's findings alone: a vet section with lines in it, and
    no compile error anywhere. vet runs cgo on a package's C code itself, so a C compiler
    error (a missing header) may come under vet's header, and go test may name vet's action
    as the failed build: that is still a build failure."""
    vet = other = False
    in_vet: bool | None = None  # the current section's kind; None before the first header
    for line in build_output.splitlines():
        header = _BUILD_HEADER.match(line)
        if header is not None:
            in_vet = header.group(1) is not None
        elif line.strip() and in_vet is not None:
            if in_vet and not _C_DIAGNOSTIC.match(line):
                vet = True
            else:
                other = True
    return vet and not other


@dataclass(frozen=True, slots=True)
class OutputEvent:
    """An ``output`` event whose text is decoded on demand from the raw line."""

    package: str
    test: str | None
    raw: str

    @property
    def output(self) -> str:
        return decode_output(self.raw)

    @property
    def output_type(self) -> str | None:
        """``frame``, ``error``, ``error-continue`` or None (marked by Go 1.27+)."""
        if '"OutputType"' not in self.raw:
            return None
        try:
            value = json.loads(self.raw).get("OutputType")
        except ValueError:
            return None
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class BuildEvent:
    """``build-output`` / ``build-fail`` for a package *ID* such as ``pkg [pkg.test]``."""

    action: str
    import_path: str
    output: str


@dataclass(frozen=True, slots=True)
class NonJSONLine:
    """Anything on go's stdout that is not a JSON object: kept as package output, never fatal."""

    text: str


Event = TestEvent | OutputEvent | BuildEvent | NonJSONLine

# Go's encoder writes fields in struct order (Time, Action, Package, Test, Elapsed, Output, ...).
# The fast path below relies on that order and falls back to the JSON decoder otherwise.
_TIME_PREFIX: Final = '{"Time":"'
_ACTION_FIELD: Final = '","Action":"'
_PACKAGE_FIELD: Final = '","Package":"'
_TEST_FIELD: Final = '","Test":"'
_OUTPUT_ACTION: Final = '"Action":"output"'
_STRING = r'"((?:[^"\\]|\\.)*)"'
_PACKAGE_RE: Final = re.compile(r'"Package":' + _STRING)
_TEST_RE: Final = re.compile(r'"Test":' + _STRING)
_ELAPSED_FIELD: Final = ',"Elapsed":'
_NUMBER_RE: Final = re.compile(r"[-+0-9.eE]+")


def scan_fields(line: str) -> tuple[str, str, str | None, int] | None:
    """``(action, package, test, end)`` of a test event in Go's field order, without a JSON
    decode; ``end`` is the index after the last field read. None for anything unusual
    (build events, other key orders, escapes in a name), which then takes the decoder.

    Inside JSON strings every quote is escaped, so an unescaped ``"`` ends a field; a name
    holding a backslash (an escape) is left to the decoder. Import paths hold neither. This is
    the hottest function of a run (every line of a 50 MB cached replay): keep it lean.
    """
    if not line.startswith(_TIME_PREFIX):
        return None
    index = line.find(_ACTION_FIELD, 9, 80)
    if index == -1:
        return None
    end = line.find('"', index + 12)
    if not line.startswith(_PACKAGE_FIELD, end):
        return None
    start = end + 13
    end = line.find('"', start)
    if end == -1:
        return None
    action = line[index + 12 : start - 13]
    package = line[start:end]
    if not line.startswith(_TEST_FIELD, end):
        return action, package, None, end + 1
    start = end + 10
    end = line.find('"', start)
    while end != -1 and line[end - 1] == "\\":
        # An escaped quote inside the name: it ends at a quote after an even number of
        # backslashes.
        backslashes = end - len(line[start:end].rstrip("\\")) - start
        if backslashes % 2 == 0:
            break
        end = line.find('"', end + 1)
    if end == -1:
        return None
    test = line[start:end]
    if "\\" in test:
        # Go escapes &, < and > (\u0026...) and quotes in names.
        decoded = _json_name(test)
        if decoded is None:
            return None
        test = decoded
    return action, package, test, end + 1


@functools.lru_cache(maxsize=4096)
def _json_name(escaped: str) -> str | None:
    """A name's JSON escapes decoded (each name comes in several lines: cached)."""
    try:
        value = json.loads(f'"{escaped}"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def elapsed_at(line: str, index: int) -> float | None:
    """The ``Elapsed`` value when it is the field at ``index`` (as Go writes it)."""
    if not line.startswith(_ELAPSED_FIELD, index):
        return None
    match = _NUMBER_RE.match(line, index + len(_ELAPSED_FIELD))
    if match is None:
        return None
    try:
        return float(match.group())
    except ValueError:
        return None


def _unescape(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    text = match.group(1)
    if "\\" not in text:
        return text
    decoded = json.loads(f'"{text}"')
    return decoded if isinstance(decoded, str) else None


def _str_field(obj: dict[str, object], name: str) -> str | None:
    value = obj.get(name)
    return value if isinstance(value, str) else None


_SIMPLE_ACTIONS: Final = frozenset({"run", "pass", "fail", "skip", "pause", "cont", "start"})


def parse_line(line: str) -> Event:
    """Parse one line (without or with its trailing newline) of ``go test -json`` stdout."""
    fields = scan_fields(line)
    if fields is not None:
        action, package, test, end = fields
        if action == "output":
            return OutputEvent(package, test, line.rstrip("\n"))
        if action in _SIMPLE_ACTIONS:
            rest = line[end:].rstrip()
            elapsed = elapsed_at(rest, 0)
            if rest == "}" or (elapsed is not None and rest.endswith("}") and rest.count(",") == 1):
                return TestEvent(action, package, test, elapsed)
    return parse_line_slow(line)


def parse_line_slow(line: str) -> Event:
    """``parse_line`` without the fast paths: decodes the JSON."""
    stripped = line.strip()
    if not stripped.startswith("{") or not stripped.endswith("}"):
        return NonJSONLine(line.rstrip("\n"))
    if _OUTPUT_ACTION in stripped and '"ImportPath"' not in stripped:
        package = _unescape(_PACKAGE_RE.search(stripped))
        if package is not None:
            return OutputEvent(package, _unescape(_TEST_RE.search(stripped)), stripped)
    try:
        obj = json.loads(stripped)
    except ValueError:
        return NonJSONLine(line.rstrip("\n"))
    if not isinstance(obj, dict):
        return NonJSONLine(line.rstrip("\n"))
    action = _str_field(obj, "Action")
    if action is None:
        return NonJSONLine(line.rstrip("\n"))
    import_path = _str_field(obj, "ImportPath")
    if import_path is not None and "Package" not in obj:
        return BuildEvent(action, import_path, _str_field(obj, "Output") or "")
    package = _str_field(obj, "Package")
    if package is None:
        return NonJSONLine(line.rstrip("\n"))
    test = _str_field(obj, "Test")
    if action == "output":
        return OutputEvent(package, test, stripped)
    elapsed = obj.get("Elapsed")
    return TestEvent(
        action=action,
        package=package,
        test=test,
        elapsed=float(elapsed) if isinstance(elapsed, int | float) else None,
        failed_build=_str_field(obj, "FailedBuild"),
        key=_str_field(obj, "Key"),
        value=_str_field(obj, "Value"),
        path=_str_field(obj, "Path"),
    )
