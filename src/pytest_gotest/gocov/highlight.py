"""Go source -> coverage.py's token lines, for syntax colouring in its HTML report.

coverage.py wants one list of ``(class, text)`` pairs per source line, classes ``com`` (comment),
``key`` (keyword), ``nam`` (name), ``num`` (number), ``op`` (operator), ``str`` (string) and
``ws`` (white space); joining the texts of a line gives the line back. Tokens that span lines
(block comments, raw strings) are split at each newline.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["GO_KEYWORDS", "token_lines"]

_KEYWORD_TEXT: Final = (
    "break case chan const continue default defer else fallthrough for func go goto if "
    "import interface map package range return select struct switch type var"
)
GO_KEYWORDS: Final = frozenset(_KEYWORD_TEXT.split())

_TOKEN_RE: Final = re.compile(
    r"""
    (?P<ws>[ \t\r\f\v]+)
    |(?P<nl>\n)
    |(?P<com>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<str>"(?:[^"\\\n]|\\.)*"?|`[^`]*`?|'(?:[^'\\\n]|\\.)*'?)
    |(?P<nam>[^\W\d]\w*)
    |(?P<num>\.?\d(?:[eEpP][+-]|[\w.])*)
    |(?P<op>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def token_lines(source: str) -> list[list[tuple[str, str]]]:
    """One list of (class, text) per line of ``source`` (as ``str.split('\\n')`` without a
    final empty line for a trailing newline)."""
    lines: list[list[tuple[str, str]]] = [[]]
    for match in _TOKEN_RE.finditer(source):
        kind = match.lastgroup or "op"
        text = match.group()
        if kind == "nl":
            lines.append([])
            continue
        if kind == "nam" and text in GO_KEYWORDS:
            kind = "key"
        pieces = text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                lines.append([])
            if piece:
                lines[-1].append((kind, piece))
    if source.endswith("\n"):
        lines.pop()
    return lines
