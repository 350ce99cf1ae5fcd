"""Which top-level Go tests call ``t.Parallel()`` themselves, read from the source.

Pure core, nothing compiled. ``--go-shard`` (``core/shard.py``) keeps these tests together in
one ``go test`` process: Go already runs them side by side, after the package's serial tests,
``-parallel`` (GOMAXPROCS) at a time, so spreading them over processes gains little and would
change which of them run beside which.

A test counts as parallel when its own body calls ``.Parallel()`` outside any function literal.
A call inside a literal (``t.Run(name, func(t *testing.T) { t.Parallel() ... })``) makes the
*subtests* parallel: their top-level test still runs alone, in order, like any serial test, so
it can go to any shard. A call hidden in a helper function is not seen; the test is then
treated as serial, which costs balance at worst, never an outcome: every shard runs its tests
through ``go test`` exactly as an unsplit run would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from .scanner import scan_source

__all__ = ["parallel_tests", "parallel_tests_in"]

# Comments, strings and runes: blanked out (same length, newlines kept) before braces are
# counted, so that a `{` or a `.Parallel()` inside them means nothing.
_NOT_CODE: Final = re.compile(
    rb"//[^\n]*|/\*.*?\*/|`[^`]*`|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", re.DOTALL
)
_TEST_DECL: Final = re.compile(rb"(?<![\w.])func\s+(Test[\w\x80-\xff]*)\s*\(")
_FUNC_LITERAL: Final = re.compile(rb"(?<![\w.])func\s*\(")
_PARALLEL_CALL: Final = re.compile(rb"\.\s*Parallel\s*\(\s*\)")


def _blank(match: re.Match[bytes]) -> bytes:
    text = match.group(0)
    return bytes(b if b == 0x0A else 0x20 for b in text)


def _block_end(code: bytes, open_at: int) -> int:
    """The index just after the ``}`` closing the ``{`` at ``open_at`` (or the end)."""
    depth = 0
    for index in range(open_at, len(code)):
        byte = code[index]
        if byte == 0x7B:  # {
            depth += 1
        elif byte == 0x7D:  # }
            depth -= 1
            if depth == 0:
                return index + 1
    return len(code)


def _own_code(code: bytes, start: int, end: int) -> bytes:
    """The body ``code[start:end]`` with the bodies of function literals blanked out."""
    body = bytearray(code[start:end])
    position = 0
    while True:
        literal = _FUNC_LITERAL.search(body, position)
        if literal is None:
            return bytes(body)
        brace = body.find(b"{", literal.end())
        if brace == -1:
            return bytes(body)
        # A literal's parameters and results hold no brace (func types with braces in their
        # signature, like `func(struct{}){...}`, only blank a little less: harmless).
        close = _block_end(bytes(body), brace)
        body[brace:close] = b" " * (close - brace)
        position = close


def parallel_tests(source: bytes) -> frozenset[str]:
    """Names of the ``TestXxx`` functions in ``source`` whose own body calls ``.Parallel()``."""
    tests = {f.name for f in scan_source(source) if f.kind == "test"}
    if not tests or b"Parallel" not in source:
        return frozenset()
    code = _NOT_CODE.sub(_blank, source)
    found: set[str] = set()
    depth, counted = 0, 0  # brace depth at ``counted``: declarations come in order
    for decl in _TEST_DECL.finditer(code):
        start = decl.start()
        if start < counted:
            continue  # inside the body of the previous declaration
        depth += code.count(b"{", counted, start) - code.count(b"}", counted, start)
        counted = start
        name = decl.group(1).decode("utf-8", "replace")
        if name not in tests or depth != 0:
            continue
        brace = code.find(b"{", decl.end())
        if brace == -1:
            continue
        end = _block_end(code, brace)
        counted = end  # the body is balanced: the depth after it is still 0
        if _PARALLEL_CALL.search(_own_code(code, brace + 1, end - 1)):
            found.add(name)
    return frozenset(found)


def parallel_tests_in(paths: Iterable[Path]) -> frozenset[str]:
    """The parallel top-level tests of these test files (a file that cannot be read adds
    none: collection reports unreadable files itself)."""
    found: set[str] = set()
    for path in paths:
        try:
            source = path.read_bytes()
        except OSError:
            continue
        found |= parallel_tests(source)
    return frozenset(found)
