"""One line of ``go test -json`` output -> one typed event.

Pure core: no pytest import. ``go test -json`` interleaves two kinds of objects on stdout
(``go doc cmd/test2json``; FACTS.md section 1): *test events* (``Time``, ``Action``, ``Package``,
``Test``, ``Output`` ...) and, since Go 1.24, *build events* (``ImportPath``, ``Action`` =
``build-output`` | ``build-fail``). The action vocabulary is an open set: Go 1.25 added ``attr``,
1.26 ``artifacts``; unknown actions are kept, never an error.

Parsing is lazy where it pays. On a Go test-cache hit the whole stream is replayed (50 MB on a
mid-sized module), and almost all of it is ``output`` events nobody will read because the tests
passed. For those the parser pulls out ``Package`` and ``Test`` with a regular expression and
keeps the raw line; the ``Output`` text is decoded only when a report needs it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "BuildEvent",
    "Event",
    "NonJSONLine",
    "OutputEvent",
    "TestEvent",
    "decode_output",
    "fast_lifecycle",
    "fast_output",
    "fast_output_fields",
    "parse_line",
    "parse_line_slow",
]

# test2json output chunks are at most 1024 bytes of one line; a stray non-JSON line can be any
# size. Both are kept as they are: the limits on memory live in execution.py.


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
        """``frame``, ``error``, ``error-continue`` or None (Go 1.24+; FACTS.md section 1)."""
        if '"OutputType"' not in self.raw:
            return None
        try:
            value = json.loads(self.raw).get("OutputType")
        except ValueError:
            return None
        return value if isinstance(value, str) else None


def decode_output(raw: str) -> str:
    """The ``Output`` text of a raw ``output`` line. The fast paths do not validate lines,
    so a damaged one is shown as it is rather than raising."""
    try:
        value = json.loads(raw).get("Output", "")
    except ValueError:
        return raw if raw.endswith("\n") else raw + "\n"
    return value if isinstance(value, str) else ""


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

# Go's encoder writes fields in struct order (Time, Action, Package, Test, Elapsed, Output, ...),
# but nothing below depends on that order.
_OUTPUT_ACTION: Final = '"Action":"output"'
_OUTPUT_PREFIX: Final = '"Action":"output","Package":"'
_TEST_FIELD: Final = '","Test":"'
_ACTION_FIELD: Final = '"Action":"'
_PACKAGE_FIELD: Final = '","Package":"'
_LIFECYCLE: Final = frozenset({"run", "pass", "fail", "skip", "pause", "cont", "start"})
_STRING = r'"((?:[^"\\]|\\.)*)"'
_PACKAGE_RE: Final = re.compile(r'"Package":' + _STRING)
_TEST_RE: Final = re.compile(r'"Test":' + _STRING)


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


def fast_output(line: str) -> OutputEvent | None:
    """``fast_output_fields`` as an event."""
    fields = fast_output_fields(line)
    return None if fields is None else OutputEvent(fields[0], fields[1], line)


def fast_output_fields(line: str) -> tuple[str, str | None] | None:
    """The hot path: an ``output`` event in Go's field order, without a JSON decode.

    ``{"Time":"...","Action":"output","Package":"P","Test":"T","Output":...}``. Inside JSON
    strings every quote is escaped, so the unescaped ``","`` field separators cannot occur in
    a name; import paths contain no quotes or backslashes. Anything unusual takes the slow
    path.
    """
    index = line.find(_OUTPUT_PREFIX, 0, 80)
    if index == -1:
        return None
    start = index + len(_OUTPUT_PREFIX)
    end = line.find('"', start)
    if end == -1:
        return None
    package = line[start:end]
    test: str | None = None
    if line.startswith(_TEST_FIELD, end):
        test_start = end + len(_TEST_FIELD)
        test_end = line.find('","Output":', test_start)
        if test_end == -1:
            return None
        test = line[test_start:test_end]
        if "\\" in test:
            decoded = json.loads(f'"{test}"')
            test = decoded if isinstance(decoded, str) else None
    elif not line.startswith('","Output":', end):
        return None
    return package, test


def fast_lifecycle(line: str) -> TestEvent | None:
    """The other hot path: ``run``/``pass``/``fail``/``skip``/``pause``/``cont``/``start``.

    ``{"Time":"...","Action":"pass","Package":"P","Test":"T","Elapsed":0.01}`` in Go's field
    order, no escapes, no further fields; anything else (FailedBuild, attr, escapes) returns
    None and takes the JSON decoder.
    """
    index = line.find(_ACTION_FIELD, 0, 80)
    if index == -1 or "\\" in line:
        return None
    start = index + len(_ACTION_FIELD)
    end = line.find('"', start)
    action = line[start:end]
    if action not in _LIFECYCLE or not line.startswith(_PACKAGE_FIELD, end):
        return None
    start = end + len(_PACKAGE_FIELD)
    end = line.find('"', start)
    package = line[start:end]
    test: str | None = None
    if line.startswith(_TEST_FIELD, end):
        start = end + len(_TEST_FIELD)
        end = line.find('"', start)
        test = line[start:end]
    rest = line[end + 1 :].rstrip()
    elapsed: float | None = None
    if rest.startswith(',"Elapsed":') and rest.endswith("}"):
        try:
            elapsed = float(rest[len(',"Elapsed":') : -1])
        except ValueError:
            return None
    elif rest != "}":
        return None
    return TestEvent(action, package, test, elapsed)


def parse_line(line: str) -> Event:
    """Parse one line (without or with its trailing newline) of ``go test -json`` stdout."""
    if line.startswith('{"Time":'):
        fast = fast_output(line) or fast_lifecycle(line)
        if fast is not None:
            return fast
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
