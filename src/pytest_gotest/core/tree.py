"""Walking a directory tree: the entries below a root, symbolic links never followed.

Pure core. For the checks that look through a module's tree for one thing and stop at the
first (``core/data_files.py``, ``plugin/norecurse.py``); the collection cache's walk, which
reads every Go file's stamp in a fixed order, has its own (``collect_cache._walk_tree``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

__all__ = ["walk_kept"]


def walk_kept(
    root: str, keep: Callable[[os.DirEntry[str], bool], bool]
) -> Iterator[tuple[os.DirEntry[str], bool]]:
    """Each entry below ``root`` (with whether it is a directory) that ``keep`` accepts, depth
    first; a directory ``keep`` refuses is neither yielded nor entered. Unreadable
    directories and entries are passed over."""
    stack = [root]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if not keep(entry, is_dir):
                continue
            yield entry, is_dir
            if is_dir:
                stack.append(entry.path)
