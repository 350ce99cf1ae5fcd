"""Whether a module's files changed within a window: a conftest that writes test data.

Pure core. go test reads more than Go files: fixtures and golden files in ``testdata``, files
beside a package, ``//go:embed`` directories, a module-level ``testdata`` read as
``../testdata``. A conftest module may write (or delete) them as it is imported (generated
fixtures); pytest imports the rootdir's after this plugin started go test early for a
repeated invocation (``plugin/early_start.py``), and others during collection. A go test
started before that read the old data: its results are of files that are gone. The Go files'
own changes are caught by the listing's stamps (``Discovery.outdated_below``); this looks at
everything else in the tree.

Change time (``st_ctime``), not modification time: a copy that keeps its source's time
(``shutil.copy2``) still changes it, and a directory's changes when a file in it is created,
renamed or deleted. Only changes up to ``until_ns`` count (the conftests' imports ended
then): later ones are the early go test's own (a test writing a golden file), which would
otherwise restart it on every run.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from .tree import walk_kept

__all__ = ["data_changed_between"]

# Directories that hold no test's data: tools' state and Python's environments and caches.
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


def data_changed_between(
    root: Path, after_ns: int, until_ns: int, skipped: Collection[Path] = ()
) -> int | None:
    """The change time (ns) of a file or directory below ``root`` changed after
    ``after_ns`` and by ``until_ns``; None when there is none. Not looked into: ``.*``
    entries, nested modules, virtual environments, ``node_modules``, ``__pycache__``, and
    the ``skipped`` paths (what pytest itself writes there: its log file, reports). Stops at
    the first such change."""
    skip = {str(path) for path in skipped}

    def keep(entry: os.DirEntry[str], is_dir: bool) -> bool:
        if entry.name.startswith(".") or entry.path in skip:
            return False
        return not is_dir or (entry.name not in _SKIPPED_DIRS and not _other_tree(entry.path))

    for entry, _ in walk_kept(str(root), keep):
        try:
            changed = entry.stat(follow_symlinks=False).st_ctime_ns
        except OSError:
            continue
        if after_ns < changed <= until_ns:
            return changed
    return None


def _other_tree(directory: str) -> bool:
    """A nested module or a virtual environment: not this module's data."""
    return any(os.path.exists(os.path.join(directory, name)) for name in ("go.mod", "pyvenv.cfg"))
