"""gocov.lines and gocov.gosource: blocks -> executable/hit lines from the source bytes."""

from __future__ import annotations

from gocov_helpers import FIXTURE, FIXTURE_DIRS, GOLDEN

from pytest_gotest.gocov.build import build_coverage
from pytest_gotest.gocov.gosource import GoSource
from pytest_gotest.gocov.lines import block_lines, line_coverage
from pytest_gotest.gocov.profile import Block, BlockKey, read_profile


def block(sl: int, sc: int, el: int, ec: int, statements: int = 1, count: int = 0) -> Block:
    return Block(BlockKey("x.go", sl, sc, el, ec), statements, count)


def col(line: bytes, fragment: bytes) -> int:
    """1-based byte column of ``fragment`` in ``line``."""
    return line.index(fragment) + 1


def test_columns_are_byte_offsets_after_multibyte_characters() -> None:
    line1 = 'x := "größe ✓"; y := 1'.encode()
    line2 = b"z := 2"
    source = GoSource(line1 + b"\n" + line2 + b"\n")
    # A block that starts right after the multi-byte string (byte column, not character).
    start = col(line1, b"y :=")
    assert start != 'x := "größe ✓"; y := 1'.index("y :=") + 1  # bytes differ from chars
    assert block_lines(source, block(1, start, 1, len(line1) + 1)) == [1]
    # A block covering only the `; ` between the two statements holds no code.
    assert block_lines(source, block(1, start - 2, 1, start)) == []


def test_comment_markers_inside_strings_and_raw_strings_are_code() -> None:
    src = b"a := \"// not a comment\"\nb := `/* raw\n  still raw */`\n// real comment\nc := '/'\n"
    source = GoSource(src)
    assert block_lines(source, block(1, 1, 5, 9)) == [1, 2, 3, 5]


def test_comment_lines_blank_lines_and_lone_braces_are_not_executable() -> None:
    src = (
        b"func f() {\n"  # 1
        b"\tif x {\n"  # 2
        b"\t\t// only a comment\n"  # 3
        b"\n"  # 4
        b"\t\t/* block\n"  # 5
        b"\t\t   comment */\n"  # 6
        b"\t\tcall(\n"  # 7
        b"\t\t\tx,\n"  # 8
        b"\t\t)\n"  # 9
        b"\t})\n"  # 10
        b"}\n"  # 11
    )
    source = GoSource(src)
    assert block_lines(source, block(2, 2, 10, 3)) == [2, 7, 8]


def test_multi_line_statement_counts_every_line_with_code() -> None:
    src = b'\ttext := fmt.Sprintf(\n\t\t"%d",\n\t\tn,\n\t)\n'
    assert block_lines(GoSource(src), block(1, 2, 4, 3)) == [1, 2, 3]


def test_block_ending_at_column_one_of_the_next_line_does_not_take_that_line() -> None:
    # Go 1.27 ends blocks at the start of the next line (go-corpus mods/coverage/prof_set.out).
    src = b"\ta()\n\tb()\n"
    assert block_lines(GoSource(src), block(1, 2, 2, 1)) == [1]


def test_one_line_function_is_hit_when_any_block_on_it_ran() -> None:
    line = b"func Abs(x int) int { if x < 0 { return -x }; return x }"
    source = GoSource(line + b"\n")
    outer = block(1, col(line, b"if x"), 1, col(line, b"{ return -x"), statements=1, count=4)
    inner = block(1, col(line, b"{ return -x"), 1, col(line, b"; return x"), count=0)
    tail = block(1, col(line, b"return x }"), 1, len(line), count=4)
    coverage = line_coverage(source, [outer, inner, tail])
    assert coverage.executable == frozenset({1})
    assert coverage.hits == {1: 4}
    # Only the missed block: executable, not hit.
    alone = line_coverage(source, [inner])
    assert alone.executable == frozenset({1})
    assert alone.hits == {}


def test_hit_count_is_the_largest_of_the_blocks_on_the_line() -> None:
    source = GoSource(b"a(); b()\n")
    coverage = line_coverage(source, [block(1, 1, 1, 4, count=2), block(1, 6, 1, 9, count=7)])
    assert coverage.hits == {1: 7}


def test_blocks_without_statements_mark_nothing() -> None:
    source = GoSource(b"a()\n")
    assert line_coverage(source, [block(1, 1, 1, 4, statements=0, count=1)]).executable == set()


def test_blocks_past_the_end_of_a_changed_file_are_clamped() -> None:
    source = GoSource(b"a()\n")
    assert block_lines(source, block(1, 1, 40, 2)) == [1]


def test_fixture_file_lines_from_a_real_go_profile() -> None:
    # shapes.go: multi-byte identifiers/strings, one-line methods, multi-line statements,
    # `//` and braces in strings, a raw string over two lines. Lines checked by hand against
    # the source and the profile's blocks (tests/golden/gocov/coverpkg_set.out).
    coverage = build_coverage(read_profile(GOLDEN / "coverpkg_set.out"), FIXTURE_DIRS)
    shapes = coverage.files[str((FIXTURE / "shapes" / "shapes.go").resolve())]
    assert sorted(shapes.executable_lines) == [
        13, 15, 18, 19, 20, 21, 27, 28, 29, 30, 32, 33, 34, 36,
        40, 41, 42, 44, 48, 49, 50, 52, 57, 58, 60, 64,
    ]  # fmt: skip
    # 15: Scale never ran; 20: the second line of the raw string in the missed if-body;
    # 50: `return 0` for negative values; 64: Never's panic.
    assert sorted(shapes.missing_lines) == [15, 20, 50, 64]
    assert 19 in shapes.hit_lines  # the if condition ran, its one-line body did not
