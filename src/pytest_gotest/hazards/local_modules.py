"""The other modules on disk whose sources a module's test binaries build from.

A ``replace`` to a local directory (``replace example.com/dep => ../dep``) in the module's
``go.mod`` or in the ``go.work`` in effect, and a ``go.work``'s ``use`` directories, put
another module's files into the analyzer's answer: a workspace module's packages are main
modules to go and analysed as the module's own, and a replaced dependency's init code is read
for the parses that run before the module's (``Finding.after``). Unlike a module from the
module cache, such a directory changes without any ``go.mod`` changing, so the results key
(``cache.py``) covers its files too. Read from the files alone: a warm analysis asks go
nothing.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

from pytest_gotest.core.collect_cache import go_work

__all__ = ["local_module_dirs"]

# A go.mod or go.work token: a quoted string, a raw string, a comment (the rest of the line)
# or a bare word (cmd/go's modfile lexer, enough for the directives read here).
_TOKEN_RE: Final = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|//.*|[^\s"`]+')


def local_module_dirs(module_root: Path, environ: Mapping[str, str]) -> list[Path]:
    """The directories of the other modules on disk that ``module_root``'s builds read:
    local replacements in its ``go.mod``, and the ``use`` directories and local replacements
    of the ``go.work`` in effect there (``$GOWORK``, else the nearest one above). Sorted,
    each once, ``module_root`` itself left out."""
    found: set[Path] = set()
    found.update(_local_replacements(module_root / "go.mod"))
    work = go_work(module_root, environ)
    if work is not None:
        found.update(_local_replacements(work))
        found.update(work.parent / path for path in _directive_args(work, "use"))
    found = {Path(_normalised(path)) for path in found}
    found.discard(Path(_normalised(module_root)))
    return sorted(found)


def _normalised(path: Path) -> str:
    """``path`` made absolute with ``..`` folded, without resolving symlinks (as go does)."""
    return os.path.normpath(os.path.abspath(path))


def _local_replacements(gomod: Path) -> Iterator[Path]:
    """The replacement directories of ``gomod``'s ``replace`` directives, relative to it."""
    for args in _directive_entries(gomod, "replace"):
        if "=>" not in args:
            continue
        target = args[args.index("=>") + 1 :]
        if target and _is_directory_path(target[0]):
            yield gomod.parent / target[0]


def _directive_args(path: Path, directive: str) -> Iterator[str]:
    """The first argument of each ``directive`` entry of ``path``."""
    for args in _directive_entries(path, directive):
        if args:
            yield args[0]


def _directive_entries(path: Path, directive: str) -> Iterator[list[str]]:
    """The arguments of each ``directive`` entry of a go.mod or go.work file, written on one
    line (``replace a => ../a``) or in a block (``replace ( ... )``); none when it cannot be
    read."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    in_block = False
    for line in text.splitlines():
        tokens = _tokens(line)
        if in_block:
            if tokens == [")"]:
                in_block = False
            elif tokens:
                yield tokens
            continue
        if not tokens or tokens[0] != directive:
            continue
        if tokens[1:] == ["("]:
            in_block = True
        else:
            yield tokens[1:]


def _tokens(line: str) -> list[str]:
    """A line's tokens, comments dropped, quoted strings unquoted."""
    tokens = []
    for token in _TOKEN_RE.findall(line):
        if token.startswith("//"):
            break
        tokens.append(_unquoted(token))
    return tokens


def _unquoted(token: str) -> str:
    if token.startswith("`"):
        return token[1:-1]
    if token.startswith('"'):
        try:
            value = json.loads(token)  # Go's escapes a path can hold are JSON's
        except ValueError:
            return token[1:-1]
        return value if isinstance(value, str) else token[1:-1]
    return token


def _is_directory_path(target: str) -> bool:
    """cmd/go's ``modfile.IsDirectoryPath``: a replacement that is a directory, not a module
    path (``./x``, ``../x``, ``/x``, ``.``, ``..``; Windows forms too)."""
    return (
        target in (".", "..")
        or target.startswith(("./", "../", "/", ".\\", "..\\", "\\"))
        or bool(re.match(r"^[A-Za-z]:[\\/]", target))
    )
