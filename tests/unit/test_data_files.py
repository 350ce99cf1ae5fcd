"""data_changed_after: a package's data files written after a moment (a conftest that
generates fixtures after go test started early)."""

from __future__ import annotations

import os
from pathlib import Path

from pytest_gotest.core.data_files import data_changed_after

BEFORE = 1_000_000_000_000_000_000  # 2001, in ns
LATER = BEFORE + 5_000_000_000


def _file(path: Path, mtime_ns: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def test_nothing_newer_is_none(tmp_path: Path) -> None:
    _file(tmp_path / "p" / "data.json", BEFORE)
    _file(tmp_path / "p" / "testdata" / "deep" / "in.txt", BEFORE)
    assert data_changed_after([tmp_path / "p"], BEFORE) is None


def test_a_newer_data_file_beside_the_package_or_deep_in_its_testdata(tmp_path: Path) -> None:
    _file(tmp_path / "p" / "data.json", LATER)
    assert data_changed_after([tmp_path / "p"], BEFORE) == LATER
    _file(tmp_path / "q" / "testdata" / "deep" / "in.txt", LATER)
    assert data_changed_after([tmp_path / "q"], BEFORE) == LATER


def test_go_files_and_other_directories_are_not_looked_at(tmp_path: Path) -> None:
    _file(tmp_path / "p" / "x_test.go", LATER)  # the listing's stamps cover Go files
    _file(tmp_path / "p" / "sub" / "in.txt", LATER)  # another package's directory
    _file(tmp_path / "p" / "testdata" / "gen.go", BEFORE)
    assert data_changed_after([tmp_path / "p", tmp_path / "missing"], BEFORE) is None
