"""data_changed_between: a module's files changed within a window (a conftest that writes,
copies or deletes test data after go test started early)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from pytest_gotest.core.data_files import data_changed_between


def _tree(root: Path) -> None:
    for path in ("pkg/testdata/in.txt", "testdata/shared.txt", "emb/static/v.txt", "pkg/x.go"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("old", encoding="utf-8")


def _after(root: Path) -> int:
    """A moment after the tree was made (change times are coarse)."""
    time.sleep(0.02)
    moment = time.time_ns()
    time.sleep(0.02)
    return moment


def test_nothing_changed_is_none(tmp_path: Path) -> None:
    _tree(tmp_path)
    start = _after(tmp_path)
    assert data_changed_between(tmp_path, start, time.time_ns()) is None


def test_any_file_of_the_tree_written_copied_or_deleted_counts(tmp_path: Path) -> None:
    for change in ("write-shared", "write-embed", "copy-keeping-its-time", "delete"):
        root = tmp_path / change
        _tree(root)
        source = root / "source.txt"
        source.write_text("new", encoding="utf-8")
        start = _after(root)
        if change == "write-shared":
            (root / "testdata" / "shared.txt").write_text("new", encoding="utf-8")
        elif change == "write-embed":
            (root / "emb" / "static" / "v.txt").write_text("new", encoding="utf-8")
        elif change == "copy-keeping-its-time":
            shutil.copy2(source, root / "pkg" / "testdata" / "in.txt")  # old mtime kept
        else:
            (root / "pkg" / "testdata" / "in.txt").unlink()  # its directory changes
        assert data_changed_between(root, start, time.time_ns()) is not None, change


def test_changes_after_the_window_and_outside_the_data_do_not_count(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "go.mod").write_text("module nested\n", encoding="utf-8")
    start = _after(tmp_path)
    end = _after(tmp_path)
    (tmp_path / "pkg" / "testdata" / "in.txt").write_text("by the test", encoding="utf-8")
    assert data_changed_between(tmp_path, start, end) is None  # after the conftests ended
    start = _after(tmp_path)
    (tmp_path / ".cache").mkdir()
    (tmp_path / "nested" / "in.txt").write_text("another module's", encoding="utf-8")
    log = tmp_path / "pytest-run.log"
    log.write_text("pytest's own", encoding="utf-8")
    assert data_changed_between(tmp_path, start, time.time_ns(), [log]) is None
