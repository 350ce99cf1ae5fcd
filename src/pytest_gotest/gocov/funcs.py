"""Function extents and per-function numbers exactly as ``go tool cover -func`` computes them.

``cmd/cover/func.go``: every ``FuncDecl`` with a body (top-level functions and methods; func
literals are part of the declaration around them) spans from its ``func`` keyword to just past
its closing brace. A block belongs to it unless the block ends at or before that start or
starts at or after that end; covered = statements of those blocks with a count above zero.
``-func`` prints the bare name (no receiver) and the total over all functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .gosource import GoSource, Token, matching_bracket
from .model import FunctionCoverage
from .profile import Block

__all__ = ["FuncExtent", "find_functions", "function_coverage", "in_function"]


@dataclass(frozen=True)
class FuncExtent:
    name: str
    receiver: str  # "*T", "T", "*Stack[T]"; "" for plain functions
    start_line: int
    start_col: int
    end_line: int  # line of the closing brace
    end_col: int  # column just past the closing brace (exclusive, as go/token End())


def _receiver_type(tokens: Sequence[Token], open_: int, close: int) -> str:
    """``(s *Stack[T])`` -> ``*Stack[T]``: the receiver's type text without its name."""
    inner = tokens[open_ + 1 : close]
    if len(inner) >= 2 and inner[0].kind == "ident" and inner[1].text not in (b".", b"["):
        inner = inner[1:]  # drop the receiver's name
    return b"".join(t.text for t in inner).decode("utf-8", "replace")


def find_functions(source: GoSource) -> list[FuncExtent]:
    """Top-level ``func`` declarations that have a body, in source order."""
    tokens = source.tokens
    functions: list[FuncExtent] = []
    depth = 0
    at_statement_start = True
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if depth == 0 and at_statement_start and token.text == b"func":
            extent, index = _declaration(source, tokens, index)
            if extent is not None:
                functions.append(extent)
            at_statement_start = True
            continue
        if token.text in (b"(", b"[", b"{"):
            depth += 1
        elif token.text in (b")", b"]", b"}"):
            depth = max(0, depth - 1)
        at_statement_start = token.kind == "semi"
        index += 1
    return functions


def _declaration(
    source: GoSource, tokens: Sequence[Token], start: int
) -> tuple[FuncExtent | None, int]:
    """Parse ``func [recv] Name ... { body }`` from ``tokens[start]``; returns the extent
    (None for a body-less declaration) and the index after the declaration."""
    index = start + 1
    receiver = ""
    if index < len(tokens) and tokens[index].text == b"(":
        close = matching_bracket(tokens, index)
        receiver = _receiver_type(tokens, index, close)
        index = close + 1
    if index >= len(tokens) or tokens[index].kind != "ident":
        return None, index
    name = tokens[index].text.decode("utf-8", "replace")
    index += 1
    previous = tokens[index - 1]
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "semi":
            return None, index + 1  # no body: an assembly or linkname declaration
        if token.text in (b"(", b"["):
            index = matching_bracket(tokens, index) + 1
        elif token.text == b"{":
            close = matching_bracket(tokens, index)
            if previous.text in (b"interface", b"struct"):
                index = close + 1  # a type in the signature, not the body
            else:
                line, col = source.position(tokens[start].start)
                end_line, end_col = source.position(tokens[close].end)
                extent = FuncExtent(name, receiver, line, col, end_line, end_col)
                return extent, close + 1
        else:
            index += 1
        previous = tokens[index - 1]
    return None, index


def in_function(fn: FuncExtent, block: Block) -> bool:
    """Whether ``-func`` counts ``block`` in ``fn``: it neither ends at or before the
    function's start nor starts at or after its end."""
    k = block.key
    past_end = k.start_line > fn.end_line or (
        k.start_line == fn.end_line and k.start_col >= fn.end_col
    )
    before_start = k.end_line < fn.start_line or (
        k.end_line == fn.start_line and k.end_col <= fn.start_col
    )
    return not (past_end or before_start)


def function_coverage(
    functions: Sequence[FuncExtent], blocks: Sequence[Block]
) -> list[FunctionCoverage]:
    result: list[FunctionCoverage] = []
    for fn in functions:
        statements = covered = 0
        for block in blocks:
            if not in_function(fn, block):
                continue
            statements += block.statements
            if block.count > 0:
                covered += block.statements
        result.append(
            FunctionCoverage(
                name=fn.name,
                start_line=fn.start_line,
                end_line=fn.end_line,
                statements=statements,
                covered=covered,
                receiver=fn.receiver,
            )
        )
    return result
