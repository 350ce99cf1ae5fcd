"""Merged numbers against ``go tool cover -func`` on real profiles of the coverage fixture
module (tests/golden/gocov/README.md): per-function and total percentages are equal.

The ``-coverpkg=./...`` profiles hold every block once per test binary (4 binaries covering
the same packages, one with a failing test, one package without tests); the live version of
this comparison is tests/acceptance/test_coverage.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from gocov_helpers import FIXTURE, FIXTURE_DIRS, GOLDEN, func_lines, parse_func_output

from pytest_gotest.gocov.build import build_coverage
from pytest_gotest.gocov.profile import merge_profiles, parse_profile, read_profile

PROFILES = ["coverpkg_set", "coverpkg_count", "default_set"]


@pytest.mark.parametrize("name", PROFILES)
def test_per_function_and_total_equal_go_tool_cover_func(name: str) -> None:
    profile = read_profile(GOLDEN / f"{name}.out")
    coverage = build_coverage(profile, FIXTURE_DIRS)
    assert coverage.problems == ()
    expected = parse_func_output((GOLDEN / f"{name}.func.txt").read_text())
    assert func_lines(coverage) == expected
    # Every block is inside a function here, so the block total is -func's total too.
    assert f"{coverage.percent:.1f}%" == expected[-1][2]


@pytest.mark.parametrize("name", ["coverpkg_set", "coverpkg_count"])
def test_splitting_a_profile_per_test_binary_and_merging_gives_the_same(name: str) -> None:
    # What batching/xdist/reruns do: the same bodies arrive in separate files.
    text = (GOLDEN / f"{name}.out").read_text().splitlines()
    header, body = text[0], text[1:]
    chunks = [body[i : i + 17] for i in range(0, len(body), 17)]
    parts = [
        parse_profile("\n".join([header, *chunk]), f"part{i}") for i, chunk in enumerate(chunks)
    ]
    merged = merge_profiles(parts)
    assert merged is not None
    assert merged.blocks == read_profile(GOLDEN / f"{name}.out").blocks


def test_naive_concatenation_would_be_wrong() -> None:
    # The reason for the exact merge (FACTS.md 9.3): counting duplicated blocks twice.
    lines = (GOLDEN / "coverpkg_set.out").read_text().splitlines()[1:]
    naive_total = sum(int(line.split()[1]) for line in lines)
    naive_covered = sum(int(line.split()[1]) for line in lines if line.split()[2] != "0")
    merged = read_profile(GOLDEN / "coverpkg_set.out")
    assert naive_total > merged.statements
    assert (
        f"{100 * naive_covered / naive_total:.1f}"
        != f"{100 * merged.covered / merged.statements:.1f}"
    )


def test_package_without_tests_is_in_the_whole_module_profile_at_zero() -> None:
    coverage = build_coverage(read_profile(GOLDEN / "default_set.out"), FIXTURE_DIRS)
    notests = coverage.files[str((FIXTURE / "notests" / "notests.go").resolve())]
    assert (notests.statements, notests.covered) == (3, 0)
    assert notests.package == "example.com/cov/notests"


def test_unresolvable_files_still_count_and_are_named() -> None:
    profile = read_profile(GOLDEN / "default_set.out")
    dirs = {k: v for k, v in FIXTURE_DIRS.items() if not k.endswith("/calc")}
    located: list[str] = []

    def locate(packages: Iterable[str]) -> dict[str, Path]:
        located.extend(packages)
        return {}

    coverage = build_coverage(profile, dirs, locate)
    assert located == ["example.com/cov/calc"]
    assert coverage.statements == profile.statements  # totals are unchanged
    [problem] = coverage.problems
    assert problem.startswith("example.com/cov/calc/calc.go: package example.com/cov/calc")
    calc = coverage.files["example.com/cov/calc/calc.go"]
    assert calc.executable_lines == frozenset()
