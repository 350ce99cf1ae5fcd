"""gocov.profile: parsing, the exact merge (docs/internals/coverage.md) and writing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from gocov_helpers import GOLDEN

from pytest_gotest.gocov.model import GoCoverageError
from pytest_gotest.gocov.profile import (
    BlockKey,
    Profile,
    merge_profiles,
    parse_profile,
    read_profile,
)

A = "example.com/m/a.go"


def test_set_mode_ors_counts_of_the_same_block() -> None:
    first = parse_profile(f"mode: set\n{A}:3.2,4.10 2 0\n{A}:5.2,5.9 1 1\n", "one.out")
    second = parse_profile(f"mode: set\n{A}:3.2,4.10 2 1\n{A}:5.2,5.9 1 0\n", "two.out")
    merged = merge_profiles([first, second])
    assert merged is not None
    assert merged.blocks == {
        BlockKey(A, 3, 2, 4, 10): (2, 1),
        BlockKey(A, 5, 2, 5, 9): (1, 1),
    }
    assert (merged.statements, merged.covered) == (3, 3)


@pytest.mark.parametrize("mode", ["count", "atomic"])
def test_count_and_atomic_modes_sum(mode: str) -> None:
    first = parse_profile(f"mode: {mode}\n{A}:3.2,4.10 2 3\n", "one.out")
    second = parse_profile(f"mode: {mode}\n{A}:3.2,4.10 2 4\n{A}:6.1,6.5 1 0\n", "two.out")
    merged = merge_profiles([first, second])
    assert merged is not None
    assert merged.blocks[BlockKey(A, 3, 2, 4, 10)] == (2, 7)
    assert merged.blocks[BlockKey(A, 6, 1, 6, 5)] == (1, 0)


def test_blocks_repeated_inside_one_profile_merge_like_coverpkg_output() -> None:
    # go test -coverpkg writes one body per test binary into one file (golden coverpkg_set.out).
    text = f"mode: count\n{A}:3.2,4.10 2 1\n{A}:3.2,4.10 2 0\n{A}:3.2,4.10 2 5\n"
    assert parse_profile(text, "p.out").blocks == {BlockKey(A, 3, 2, 4, 10): (2, 6)}


def test_same_lines_different_columns_are_different_blocks() -> None:
    text = f"mode: set\n{A}:3.2,3.10 1 1\n{A}:3.10,3.20 1 0\n"
    profile = parse_profile(text, "p.out")
    assert len(profile.blocks) == 2
    assert (profile.statements, profile.covered) == (2, 1)


def test_statement_count_mismatch_names_both_profiles() -> None:
    first = parse_profile(f"mode: set\n{A}:3.2,4.10 2 1\n", "old.out")
    second = parse_profile(f"mode: set\n{A}:3.2,4.10 3 1\n", "new.out")
    with pytest.raises(GoCoverageError) as info:
        merge_profiles([first, second])
    message = str(info.value)
    assert "old.out" in message
    assert "new.out" in message
    assert "a.go:3.2,4.10" in message


def test_mixed_modes_are_refused_with_the_modes_and_files() -> None:
    first = parse_profile(f"mode: set\n{A}:3.2,4.10 2 1\n", "unit.out")
    second = parse_profile(f"mode: count\n{A}:3.2,4.10 2 1\n", "race.out")
    with pytest.raises(GoCoverageError) as info:
        merge_profiles([first, second])
    message = str(info.value)
    assert "'set'" in message
    assert "'count'" in message
    assert "unit.out" in message
    assert "race.out" in message
    assert "-covermode" in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty coverage profile"),
        (f"{A}:3.2,4.10 2 1\n", "starts with 'mode:'"),
        ("mode: fancy\n", "unknown coverage mode 'fancy'"),
        (f"mode: set\n{A}:3.2-4.10 2 1\n", "bad.out:2: not a coverage block"),
        ("mode: set\nmode: count\n", "bad.out:2: mode 'count' after mode 'set'"),
    ],
)
def test_malformed_profiles_name_the_file_and_line(text: str, fragment: str) -> None:
    with pytest.raises(GoCoverageError, match=r"bad\.out") as info:
        parse_profile(text, "bad.out")
    assert fragment in str(info.value)


def test_unreadable_profile_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(GoCoverageError, match=r"cannot read coverage profile .*missing\.out"):
        read_profile(tmp_path / "missing.out")


def test_written_profile_parses_back_identically(tmp_path: Path) -> None:
    profile = read_profile(GOLDEN / "coverpkg_count.out")
    target = tmp_path / "sub" / "merged.out"
    profile.write(target)
    again = read_profile(target)
    assert again.mode == "count"
    assert again.blocks == profile.blocks
    assert target.read_text().startswith("mode: count\n")
    assert [p.name for p in target.parent.iterdir()] == ["merged.out"]  # no temp file left


def test_merge_is_independent_of_order_and_grouping() -> None:
    # Property: the result depends only on the multiset of blocks, not on how the inputs are
    # split into profiles or ordered (what batching, reruns and xdist change).
    rng = random.Random(5)
    keys = [BlockKey(A, line, 2, line + 1, 3) for line in range(1, 30)]
    for mode in ("set", "count"):
        lines = []
        for _ in range(200):
            key = rng.choice(keys)
            count = rng.randint(0, 1) if mode == "set" else rng.randint(0, 5)
            lines.append(f"{key.file}:{key.start_line}.2,{key.end_line}.3 1 {count}")
        expected = parse_profile(f"mode: {mode}\n" + "\n".join(lines), "all")
        for _ in range(20):
            rng.shuffle(lines)
            cuts = sorted(rng.sample(range(1, len(lines)), 4))
            parts = [lines[a:b] for a, b in zip([0, *cuts], [*cuts, len(lines)], strict=True)]
            profiles = [
                parse_profile(f"mode: {mode}\n" + "\n".join(part), f"p{i}")
                for i, part in enumerate(parts)
            ]
            merged = merge_profiles(profiles)
            assert merged is not None
            assert merged.blocks == expected.blocks


def test_merging_nothing_gives_none() -> None:
    assert merge_profiles([]) is None


def test_profile_text_is_sorted_and_deduplicated() -> None:
    profile = Profile("set")
    text = f"mode: set\n{A}:9.1,9.5 1 0\n{A}:2.1,2.5 1 1\n{A}:2.1,2.5 1 0\n"
    profile.merge(parse_profile(text, "x"))
    assert profile.text() == f"mode: set\n{A}:2.1,2.5 1 1\n{A}:9.1,9.5 1 0\n"
