"""``python -m pytest_gotest.gocov.merge``: the groups' Go profiles into one, exactly
(the real groups: tests/acceptance/test_split.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_gotest.gocov.merge import main

ONE = "mode: set\nm/p/p.go:3.10,5.2 1 1\nm/p/p.go:7.10,9.2 2 0\n"
TWO = "mode: set\nm/p/p.go:7.10,9.2 2 1\nm/p/p.go:3.10,5.2 1 0\nm/q/q.go:1.1,2.2 1 0\n"


def _write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_merge_writes_the_union_sorted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "merged" / "go.out"
    status = main(["-o", str(out), _write(tmp_path, "1.out", ONE), _write(tmp_path, "2.out", TWO)])
    assert status == 0
    assert out.read_text("utf-8") == (
        "mode: set\nm/p/p.go:3.10,5.2 1 1\nm/p/p.go:7.10,9.2 2 1\nm/q/q.go:1.1,2.2 1 0\n"
    )
    assert "2 profiles merged, 3 of 4 statements covered (75.0%)" in capsys.readouterr().out


def test_count_mode_adds_counts(tmp_path: Path) -> None:
    out = tmp_path / "go.out"
    one = _write(tmp_path, "1.out", "mode: count\nm/p/p.go:3.10,5.2 1 2\n")
    two = _write(tmp_path, "2.out", "mode: count\nm/p/p.go:3.10,5.2 1 3\n")
    assert main(["-o", str(out), one, two]) == 0
    assert out.read_text("utf-8") == "mode: count\nm/p/p.go:3.10,5.2 1 5\n"


@pytest.mark.parametrize(
    ("second", "words"),
    [
        ("mode: count\nm/p/p.go:3.10,5.2 1 1\n", "different modes"),
        ("mode: set\nm/p/p.go:3.10,5.2 4 1\n", "different versions of the source"),
    ],
)
def test_profiles_that_cannot_merge_are_refused_naming_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], second: str, words: str
) -> None:
    out = tmp_path / "go.out"
    bad = _write(tmp_path, "bad.out", second)
    assert main(["-o", str(out), _write(tmp_path, "1.out", ONE), bad]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert "bad.out" in err
    assert not out.exists()


def test_a_missing_profile_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-o", str(tmp_path / "go.out"), str(tmp_path / "absent.out")]) == 2
    assert "cannot read coverage profile" in capsys.readouterr().err
