"""Which subtests a closure of a test function runs: read from the test's source.

Pure core: no pytest import. A timeout's goroutine dump names a subtest's code by its
closure (``TestA.func1``, ``TestA.func2.1``), never by the subtest's name, and two sibling
subtests in different closures look alike there. The source tells them apart: the frame's
line lies in one function literal of each level of nesting inside ``TestA`` (``TestA.func1``
in one of the first level, ``TestA.func2.1`` in one of the second), and a literal that is
the function of ``t.Run("first", func(t *testing.T) {...})`` runs subtest ``first``. Read by
nesting and lines, not by the compiler's closure numbers (``go``/``defer`` wrappers and
range-over-func bodies are numbered apart, inlining adds its own).

The file is read as it is when asked, not as ``go test`` built it: an edit made during the
run (after the build) may move or rename its literals, and nothing here can tell. When the
run started is not known where a location is computed, so that limit stays (docs/usage.md).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from pytest_gotest.gocov.funcs import find_functions
from pytest_gotest.gocov.gosource import GoSource, Token, matching_bracket

from .gocmd import go_subtest_name

__all__ = ["closure_names", "names_match"]

# What may come between a func literal's parameters and its body: a result's type.
_TYPE_WORDS: Final = frozenset({b".", b"*", b"<-"})
# Go makes a repeated subtest name unique: "x", "x#01", "x#02".
_DUPLICATE_SUFFIX: Final = re.compile(r"#\d{2,}$")


@dataclass(frozen=True)
class _Literal:
    level: int  # 1 for a literal directly in a function, 2 for one in that literal...
    start: int  # line of its ``func`` keyword
    end: int  # line of its closing brace
    name: str | None  # the subtest it runs, when it is t.Run's function with a plain name


def closure_names(
    file: str, function: str, line: int, levels: int
) -> tuple[str | None, ...] | None:
    """The subtests run by the ``levels`` function literals around ``line`` in top-level
    function ``function`` of Go file ``file``, outermost first: each the name Go gives it
    (``t.Run("with space", ...)`` runs ``with_space``), None for a literal that is not
    ``Run``'s function with a plain string for name (a table's ``tc.name``, a
    ``t.Cleanup``). None when the source cannot say: the file unreadable, no such function,
    fewer levels of literals around the line, or two literals of one level on it."""
    try:
        stat = os.stat(file)
    except OSError:
        return None
    literals = _literals_by_function(file, stat.st_mtime_ns, stat.st_size).get(function)
    if literals is None:
        return None
    names: list[str | None] = []
    for level in range(1, levels + 1):
        around = [lit for lit in literals if lit.level == level and lit.start <= line <= lit.end]
        if len(around) != 1:
            return None
        names.append(around[0].name)
    return tuple(names)


def names_match(source: Sequence[str | None], parts: Sequence[str]) -> bool:
    """Whether the names the source gives a closure's levels (``closure_names``) may be the
    subtest path ``parts`` (``["x", "in"]`` of ``TestQ/x/in``): equal where the source
    names one (a repeated name with Go's ``#01`` too)."""
    return all(
        said is None or said in (part, _DUPLICATE_SUFFIX.sub("", part))
        for said, part in zip(source, parts, strict=False)
    )


@functools.lru_cache(maxsize=32)
def _literals_by_function(file: str, _mtime: int, _size: int) -> dict[str, list[_Literal]]:
    """The function literals of each top-level function of a file (cached while the file
    stays as it is: every report of a timeout asks again)."""
    try:
        with open(file, "rb") as handle:
            source = GoSource(handle.read())
    except OSError:
        return {}
    functions = [f for f in find_functions(source) if not f.receiver]
    found: dict[str, list[_Literal]] = {f.name: [] for f in functions}
    for literal in _literals(source):
        for function in functions:
            if function.start_line <= literal.start <= function.end_line:
                found[function.name].append(literal)
                break
    return found


def _literals(source: GoSource) -> list[_Literal]:
    """Every function literal of a file, with its level of nesting among literals."""
    tokens = source.tokens
    literals: list[_Literal] = []
    open_ends: list[int] = []  # the closing braces' indexes of the literals around
    depth = 0  # of brackets: a ``func`` at 0 is a declaration
    for index, token in enumerate(tokens):
        while open_ends and open_ends[-1] < index:
            open_ends.pop()
        if token.text in (b"(", b"[", b"{"):
            depth += 1
        elif token.text in (b")", b"]", b"}"):
            depth -= 1
        elif token.text == b"func" and depth > 0:
            body = _body_of(tokens, index)
            if body is None:
                continue
            close = matching_bracket(tokens, body)
            start = source.position(token.start)[0]
            end = source.position(tokens[close].start)[0]
            name = _run_name(tokens, index)
            literals.append(_Literal(len(open_ends) + 1, start, end, name))
            open_ends.append(close)
    return literals


def _body_of(tokens: Sequence[Token], index: int) -> int | None:
    """The index of the ``{`` of the body of the func literal at ``index``; None when the
    ``func`` is a type (a parameter's, a conversion's, ``[]func(){f, g}``'s element type)."""
    if tokens[index - 1].text in (b"]", b"chan", b"*") or index + 1 >= len(tokens):
        return None
    if tokens[index + 1].text != b"(":
        return None
    at = matching_bracket(tokens, index + 1) + 1
    while at < len(tokens):
        token = tokens[at]
        if token.text == b"{":
            return at
        if token.text in (b"(", b"["):
            at = matching_bracket(tokens, at) + 1
        elif token.text in (b"struct", b"interface"):
            at += 1
            if at < len(tokens) and tokens[at].text == b"{":
                at = matching_bracket(tokens, at) + 1
        elif token.kind in ("ident", "keyword") or token.text in _TYPE_WORDS:
            at += 1
        else:
            return None
    return None


def _run_name(tokens: Sequence[Token], index: int) -> str | None:
    """The subtest name of ``X.Run("name", func...`` when the literal at ``index`` is that
    call's function; None otherwise, or when the name is not plain (escapes, a ``/`` that
    makes two levels of names, empty)."""
    if index < 5:
        return None
    comma, literal, paren, run, dot = (tokens[index - k] for k in range(1, 6))
    if (comma.text, paren.text, run.text, dot.text) != (b",", b"(", b"Run", b"."):
        return None
    text = literal.text
    if text[:1] == b"`":
        raw = text[1:-1].replace(b"\r", b"")
    elif text[:1] == b'"' and b"\\" not in text:
        raw = text[1:-1]
    else:
        return None
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return go_subtest_name(name) if name and "/" not in name else None
