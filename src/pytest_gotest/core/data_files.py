"""Whether a test's data files changed after a moment: a conftest that writes them.

Pure core. go test reads more than Go files: a package's other files and its ``testdata``
tree (golden files, fixtures). A conftest module may write them as it is imported (generated
fixtures); pytest imports the rootdir's after this plugin started go test early for a
repeated invocation (``plugin/early_start.py``), and others during collection. A go test
started before that reads the old data: its results are of files that are gone. The Go
files' own changes are caught by the listing's stamps (``Discovery.outdated_below``); this
looks at the rest, only where a conftest could have run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["data_changed_after"]


def data_changed_after(directories: Iterable[Path], after_ns: int) -> int | None:
    """The modification time (ns) of a file newer than ``after_ns`` among the non-Go files
    of these package directories and everything below their ``testdata`` directories; None
    when there is none. Stops at the first such file (the common answer, none, reads every
    stamp once)."""
    for directory in directories:
        found = _newer_in(str(directory), after_ns, deep=False)
        if found is not None:
            return found
    return None


def _newer_in(directory: str, after_ns: int, *, deep: bool) -> int | None:
    try:
        with os.scandir(directory) as entries:
            listed = list(entries)
    except OSError:
        return None
    for entry in listed:
        try:
            if entry.is_dir(follow_symlinks=False):
                if deep or entry.name == "testdata":
                    found = _newer_in(entry.path, after_ns, deep=True)
                    if found is not None:
                        return found
                continue
            if not deep and entry.name.endswith(".go"):
                continue  # the listing's stamps cover Go files
            mtime = entry.stat().st_mtime_ns
        except OSError:
            continue
        if mtime > after_ns:
            return mtime
    return None
