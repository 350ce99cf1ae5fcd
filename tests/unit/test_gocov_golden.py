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
from gocov_helpers import (
    FIXTURE,
    FIXTURE_DIRS,
    GOLDEN,
    TOTALS,
    TOTALS_DIRS,
    func_lines,
    parse_func_output,
)

from pytest_gotest.gocov.build import build_coverage
from pytest_gotest.gocov.profile import merge_profiles, parse_profile, read_profile
from pytest_gotest.gocov.reports import fail_under_message, json_data, term_report

PROFILES = ["coverpkg_set", "coverpkg_count", "default_set"]


@pytest.mark.parametrize("name", PROFILES)
def test_per_function_and_total_equal_go_tool_cover_func(name: str) -> None:
    profile = read_profile(GOLDEN / f"{name}.out")
    coverage = build_coverage(profile, FIXTURE_DIRS)
    assert coverage.problems == ()
    expected = parse_func_output((GOLDEN / f"{name}.func.txt").read_text())
    assert func_lines(coverage) == expected
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
    # The reason for the exact merge (docs/internals/coverage.md): counting duplicated blocks
    # twice.
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


def test_blocks_outside_function_declarations_are_left_out_like_go_tool_cover_func() -> None:
    # covtotals/initvars: package-level initializers hold 5 statements in func literals
    # (4 run at init, 1 never); go test -cover's 62.5% for the package counts them, -func's
    # total does not, and --go-cov's TOTAL, json and fail-under are -func's.
    profile = read_profile(GOLDEN / "covtotals_set.out")
    coverage = build_coverage(profile, TOTALS_DIRS)
    expected = parse_func_output((GOLDEN / "covtotals_set.func.txt").read_text())
    assert func_lines(coverage) == expected
    assert f"{coverage.percent:.1f}%" == expected[-1][2] == "14.3%"
    assert (coverage.statements, coverage.covered) == (7, 1)
    assert (coverage.outside_statements, coverage.outside_covered) == (5, 4)
    # Counting every block (what this total was before) gives another number.
    assert f"{100 * profile.covered / profile.statements:.1f}%" == "41.7%"
    initvars = coverage.files[str((TOTALS / "initvars" / "initvars.go").resolve())]
    assert (initvars.statements, initvars.covered) == (3, 1)
    assert (initvars.outside_statements, initvars.outside_covered) == (5, 4)
    # The lines stay what go tool cover -html colours: the literals' lines are executable.
    assert {8, 9, 10, 12, 17} <= initvars.executable_lines
    assert 17 in initvars.missing_lines
    assert 8 in initvars.hit_lines


def test_term_and_json_say_what_is_left_out_and_the_total_with_it(tmp_path: Path) -> None:
    coverage = build_coverage(read_profile(GOLDEN / "covtotals_set.out"), TOTALS_DIRS)
    lines = term_report(coverage, missing=False, root=TOTALS)
    assert lines[-2].split() == ["TOTAL", "7", "6", "14.3%"]
    assert lines[-1] == (
        "TOTAL is go tool cover -func's: it leaves out 5 statements outside function "
        "declarations (package-level initializers, 4 of them run); counting them, as go test "
        "-cover does per package, gives 41.7%"
    )
    rows = {line.split()[0]: line.split()[1:] for line in lines[:-1] if not line.startswith("-")}
    assert rows["example.com/covtotals/initvars"] == ["3", "2", "33.3%"]
    data = json_data(coverage, TOTALS)
    assert data["totals"] == {
        "statements": 7,
        "covered_statements": 1,
        "percent_covered": 14.29,
        "outside_functions": {"statements": 5, "covered_statements": 4},
        "unattributed": {"statements": 0, "covered_statements": 0},
    }
    message = fail_under_message(coverage, 14.3)
    assert message == "Go coverage 14.29% is below --go-cov-fail-under=14.3"


def test_a_go_named_file_that_is_not_go_source_counts_every_block(tmp_path: Path) -> None:
    # "//line _tmpl.go:2" in generated code: a name ending in .go whose file (ignored by go for
    # its leading "_") is a template, not Go. Its blocks count as go test -cover counts them,
    # none is taken for a statement outside functions; a Go file with a BOM is still Go.
    (tmp_path / "_tmpl.go").write_text('{{define "parse"}}\nfunc {{.Name}}() {}\n')
    (tmp_path / "bom.go").write_bytes(b"\xef\xbb\xbfpackage p\n\nfunc F() int {\n\treturn 1\n}\n")
    profile = parse_profile(
        "mode: set\n"
        "example.com/m/p/_tmpl.go:2.0,3.0 2 1\n"
        "example.com/m/p/_tmpl.go:5.0,6.0 1 0\n"
        "example.com/m/p/bom.go:3.14,5.2 1 1\n",
        "x.out",
    )
    coverage = build_coverage(profile, {"example.com/m/p": tmp_path})
    template = coverage.files[str((tmp_path / "_tmpl.go").resolve())]
    assert (template.statements, template.covered, template.go_source) == (3, 2, False)
    assert (coverage.statements, coverage.covered, coverage.outside_statements) == (4, 3, 0)
    assert [fn.name for fn in coverage.files[str((tmp_path / "bom.go").resolve())].functions] == [
        "F"
    ]
    assert coverage.problems == (
        "example.com/m/p/_tmpl.go: not a Go source file (a //line directive in the package's "
        "generated code names it); its 3 statements count in the totals, as go test -cover "
        "counts them, but they cannot be attributed to functions or shown on lines",
    )


def test_a_directive_with_a_column_makes_the_named_files_outside_blocks_unattributed(
    tmp_path: Path,
) -> None:
    # "//line tmpl.go:3:1" gives the blocks after it real columns on tmpl.go's own lines: one
    # outside tmpl.go's function cannot be told from a package-level initializer, so it is
    # counted (as go test -cover counts it) but not called one. A column-less directive naming
    # tmpl.go would not do this: its blocks have column 0. other.go, named by none, keeps its
    # initializer.
    (tmp_path / "gen.go").write_text("package p\n\n/*line dir/tmpl.go:3:1*/func G() {}\n")
    (tmp_path / "tmpl.go").write_text("package p\n\n\n\nfunc T() int {\n\treturn 1\n}\n")
    (tmp_path / "other.go").write_text("package p\n\nvar x = func() int { return 1 }()\n")
    profile = parse_profile(
        "mode: set\n"
        "example.com/m/p/tmpl.go:3.10,4.2 2 0\n"
        "example.com/m/p/tmpl.go:5.14,7.2 1 1\n"
        "example.com/m/p/other.go:3.20,3.32 1 1\n",
        "x.out",
    )
    coverage = build_coverage(profile, {"example.com/m/p": tmp_path})
    tmpl = coverage.files[str((tmp_path / "tmpl.go").resolve())]
    assert (tmpl.statements, tmpl.covered, tmpl.outside_statements) == (3, 1, 0)
    assert (tmpl.unattributed_statements, tmpl.unattributed_covered) == (2, 0)
    assert tmpl.executable_lines == {6}
    other = coverage.files[str((tmp_path / "other.go").resolve())]
    assert (other.statements, other.outside_statements, other.unattributed_statements) == (0, 1, 0)
    assert coverage.problems == (
        "example.com/m/p/tmpl.go: 2 statements filed under it lie outside its functions: a "
        "//line directive in gen.go positioned them, not this file's code; they count in the "
        "totals, as go test -cover counts them, but they cannot be attributed to functions or "
        "shown on lines",
    )
