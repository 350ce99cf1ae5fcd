"""A byte-level Go tokenizer: just enough of the Go spec for coverage.

Works on the source BYTES because profile columns are 1-based byte offsets. Knows comments,
interpreted/raw strings and rune literals (so ``//`` or ``{`` inside a string is not a comment
or a brace), identifiers (including non-ASCII ones, as UTF-8 bytes), numbers and operators,
and Go's automatic semicolon insertion (what ends a declaration at a newline).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

__all__ = ["GoSource", "Token", "matching_bracket"]

_TOKEN_RE: Final = re.compile(
    rb"""
    (?P<ws>[ \t\r\f\v]+)
    |(?P<nl>\n)
    |(?P<lcomment>//[^\n]*)
    |(?P<bcomment>/\*.*?(?:\*/|\Z))
    |(?P<string>"(?:[^"\\\n]|\\.)*(?:"|$))
    |(?P<raw>`[^`]*(?:`|\Z))
    |(?P<rune>'(?:[^'\\\n]|\\.)*(?:'|$))
    |(?P<ident>[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*)
    |(?P<number>\.?[0-9](?:[0-9A-Za-z_.]|[eEpP][+-])*)
    |(?P<op>\+\+|--|\.\.\.|.)
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)
_KEYWORDS: Final = frozenset(
    b"break case chan const continue default defer else fallthrough for func go goto if "
    b"import interface map package range return select struct switch type var".split()
)
# After these a newline ends the statement (Go spec, "Semicolons").
_ENDS_BEFORE_NEWLINE_KEYWORDS: Final = frozenset({b"break", b"continue", b"fallthrough", b"return"})
_ENDS_BEFORE_NEWLINE_OPS: Final = frozenset({b")", b"]", b"}", b"++", b"--"})
# Bytes that are not code when a line holds nothing else: layout and grouping punctuation.
_NOT_CODE: Final = b" \t\r\n\f\v{}(),;"


@dataclass(frozen=True)
class Token:
    kind: str  # ident, keyword, literal, op, semi (";" or an inserted one)
    text: bytes
    start: int  # byte offset
    end: int  # byte offset, exclusive


class GoSource:
    """One Go file's bytes, its line starts, its tokens and which bytes hold code."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.line_starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]
        self.tokens: list[Token] = []
        # 1 where a byte is code: not whitespace, comment or grouping punctuation.
        self.code_mask = bytearray(len(data))
        self._tokenize()

    def _tokenize(self) -> None:
        data = self.data
        mask = self.code_mask
        tokens = self.tokens
        ends_statement = False
        for match in _TOKEN_RE.finditer(data):
            kind = match.lastgroup
            start, end = match.span()
            text = match.group()
            if kind == "ws":
                continue
            if kind == "nl" or (kind in ("lcomment", "bcomment") and b"\n" in text):
                if ends_statement:
                    tokens.append(Token("semi", b"\n", start, start))
                    ends_statement = False
                continue
            if kind in ("lcomment", "bcomment"):
                continue
            for offset in range(start, end):
                if data[offset] not in _NOT_CODE:
                    mask[offset] = 1
            if kind == "ident":
                kind = "keyword" if text in _KEYWORDS else "ident"
                ends_statement = kind == "ident" or text in _ENDS_BEFORE_NEWLINE_KEYWORDS
            elif kind in ("string", "raw", "rune", "number"):
                kind = "literal"
                ends_statement = True
            else:
                kind = "semi" if text == b";" else "op"
                ends_statement = text in _ENDS_BEFORE_NEWLINE_OPS
            tokens.append(Token(kind, text, start, end))

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def offset(self, line: int, col: int) -> int:
        """Byte offset of a 1-based (line, byte column); clamped to the file."""
        if line < 1:
            return 0
        if line > len(self.line_starts):
            return len(self.data)
        return min(self.line_starts[line - 1] + col - 1, len(self.data))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, byte column) of a byte offset, as go/token reports it."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_end(self, line: int) -> int:
        """Offset just past the last byte of ``line`` (before its newline)."""
        if line >= len(self.line_starts):
            return len(self.data)
        return self.line_starts[line] - 1

    def has_code(self, start: int, end: int) -> bool:
        return start < end and self.code_mask.find(1, start, end) != -1


def matching_bracket(tokens: Sequence[Token], index: int) -> int:
    """Index of the token that closes the bracket at ``index`` (the last token when none)."""
    depth = 0
    for position in range(index, len(tokens)):
        text = tokens[position].text
        if text in (b"(", b"[", b"{"):
            depth += 1
        elif text in (b")", b"]", b"}"):
            depth -= 1
            if depth == 0:
                return position
    return len(tokens) - 1
