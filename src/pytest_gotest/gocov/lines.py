"""Profile blocks -> executable and executed source lines (docs/internals/coverage.md).

A block covers the bytes from (start line, start col) to (end line, end col), columns being
1-based byte offsets and the end exclusive. A line is executable when some block with
statements holds code on it: its slice of that line has a byte that is not whitespace, not in a
comment and not grouping punctuation (``{ } ( ) , ;``), so a lone ``}`` or ``})`` line, a blank
line and a comment line never count, while every line of a multi-line statement that carries
part of it does. A line is hit when any such block has a count above zero; its hit count is
the largest count among them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .gosource import GoSource
from .profile import Block

__all__ = ["LineCoverage", "block_lines", "line_coverage"]


@dataclass(frozen=True)
class LineCoverage:
    executable: frozenset[int]
    hits: dict[int, int]  # only lines with a count above zero


def block_lines(source: GoSource, block: Block) -> list[int]:
    """The lines on which ``block`` holds code."""
    key = block.key
    found: list[int] = []
    last = min(key.end_line, source.line_count)
    for line in range(max(key.start_line, 1), last + 1):
        start = (
            source.offset(line, key.start_col) if line == key.start_line else source.offset(line, 1)
        )
        end = source.offset(line, key.end_col) if line == key.end_line else source.line_end(line)
        if source.has_code(start, min(end, source.line_end(line))):
            found.append(line)
    return found


def line_coverage(source: GoSource, blocks: Iterable[Block]) -> LineCoverage:
    executable: set[int] = set()
    hits: dict[int, int] = {}
    for block in blocks:
        if block.statements <= 0:
            continue
        for line in block_lines(source, block):
            executable.add(line)
            if block.count > 0 and block.count > hits.get(line, 0):
                hits[line] = block.count
    return LineCoverage(frozenset(executable), hits)
