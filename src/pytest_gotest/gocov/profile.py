"""Go text coverage profiles: parse, merge exactly, write.

The format (docs/internals/coverage.md) is a ``mode:`` line followed by one block per line::

    example.com/mod/pkg/file.go:5.2,7.13 2 1
    (file:startLine.startCol,endLine.endCol numStmt count)

Merging follows ``golang.org/x/tools/cover.ParseProfiles`` (which ``go tool cover -func`` and
``-html`` use): blocks are keyed by file and position, ``set`` ORs counts, ``count``/``atomic``
sum them, and a block whose statement count differs between inputs is an error (the inputs came
from different source revisions). Unlike ParseProfiles we refuse mixed modes instead of
silently using the first one, and every error names the profile file(s) involved.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from .model import GoCoverageError

__all__ = ["Block", "BlockKey", "Profile", "merge_profiles", "parse_profile", "read_profile"]

MODES: Final = ("set", "count", "atomic")
_BLOCK_RE: Final = re.compile(r"^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$")


@dataclass(frozen=True, order=True)
class BlockKey:
    """Where a block is: the profile's file name and its 1-based start/end line and byte
    column (end exclusive)."""

    file: str
    start_line: int
    start_col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class Block:
    key: BlockKey
    statements: int
    count: int


@dataclass
class Profile:
    """A merged profile. ``blocks`` maps each distinct position to (statements, count);
    ``origin`` remembers which input first gave a block its statement count, for errors."""

    mode: str
    blocks: dict[BlockKey, tuple[int, int]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    _origin: dict[BlockKey, str] = field(default_factory=dict, repr=False)

    def add(self, block: Block, source: str) -> None:
        previous = self.blocks.get(block.key)
        if previous is None:
            self.blocks[block.key] = (block.statements, block.count)
            self._origin[block.key] = source
            return
        statements, count = previous
        if statements != block.statements:
            k = block.key
            raise GoCoverageError(
                f"coverage profiles disagree on {k.file}:{k.start_line}.{k.start_col},"
                f"{k.end_line}.{k.end_col}: {self._origin[k]} says {statements} statements, "
                f"{source} says {block.statements}; they come from different versions of the "
                "source, so they cannot be merged (remove the stale profile)"
            )
        merged = (count | block.count) if self.mode == "set" else count + block.count
        self.blocks[block.key] = (statements, merged)

    def merge(self, other: Profile) -> None:
        if other.mode != self.mode:
            raise GoCoverageError(
                f"cannot merge coverage profiles with different modes: "
                f"{', '.join(self.sources) or 'earlier profiles'} use mode {self.mode!r}, "
                f"{', '.join(other.sources) or 'another profile'} uses {other.mode!r}; "
                "run every go test with the same -covermode (-race implies atomic)"
            )
        for key, (statements, count) in other.blocks.items():
            self.add(Block(key, statements, count), other._origin.get(key, "?"))
        self.sources.extend(other.sources)

    def files(self) -> dict[str, list[Block]]:
        """Blocks grouped by profile file name, each list sorted by position."""
        grouped: dict[str, list[Block]] = {}
        for key in sorted(self.blocks):
            statements, count = self.blocks[key]
            grouped.setdefault(key.file, []).append(Block(key, statements, count))
        return grouped

    @property
    def statements(self) -> int:
        return sum(s for s, _ in self.blocks.values())

    @property
    def covered(self) -> int:
        return sum(s for s, c in self.blocks.values() if c > 0)

    def text(self) -> str:
        """The profile in Go's text format, blocks sorted (what ``go tool cover`` reads)."""
        lines = [f"mode: {self.mode}"]
        for key in sorted(self.blocks):
            statements, count = self.blocks[key]
            lines.append(
                f"{key.file}:{key.start_line}.{key.start_col},{key.end_line}.{key.end_col} "
                f"{statements} {count}"
            )
        return "\n".join(lines) + "\n"

    def write(self, path: Path) -> None:
        """Write atomically: a reader never sees half a profile."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(self.text())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def parse_profile(text: str, source: str) -> Profile:
    """Parse one profile's text. ``source`` names it in errors (usually its path).

    ``go test -coverprofile`` with several packages writes one ``mode:`` line; concatenated
    profiles may repeat it, which is accepted when the mode is the same.
    """
    mode: str | None = None
    profile: Profile | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("mode:"):
            found = line[len("mode:") :].strip()
            if found not in MODES:
                raise GoCoverageError(
                    f"{source}:{number}: unknown coverage mode {found!r} (expected set, count "
                    "or atomic)"
                )
            if mode is not None and found != mode:
                raise GoCoverageError(
                    f"{source}:{number}: mode {found!r} after mode {mode!r} in the same profile"
                )
            mode = found
            profile = profile or Profile(mode, sources=[source])
            continue
        if profile is None:
            raise GoCoverageError(f"{source}:{number}: a Go coverage profile starts with 'mode:'")
        match = _BLOCK_RE.match(line)
        if match is None:
            raise GoCoverageError(f"{source}:{number}: not a coverage block: {line[:200]!r}")
        name, sl, sc, el, ec, statements, count = match.groups()
        key = BlockKey(name, int(sl), int(sc), int(el), int(ec))
        profile.add(Block(key, int(statements), int(count)), source)
    if profile is None:
        raise GoCoverageError(f"{source}: empty coverage profile (no 'mode:' line)")
    return profile


def read_profile(path: Path) -> Profile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GoCoverageError(f"cannot read coverage profile {path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise GoCoverageError(f"{path}: not a text coverage profile ({exc})") from None
    return parse_profile(text, str(path))


def merge_profiles(profiles: Iterable[Profile]) -> Profile | None:
    """One profile holding all blocks of ``profiles``; None when there are none."""
    merged: Profile | None = None
    for profile in profiles:
        if merged is None:
            merged = Profile(profile.mode)
        merged.merge(profile)
    return merged
