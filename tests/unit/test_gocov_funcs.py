"""gocov.funcs: function extents as go/ast gives them to ``go tool cover -func``."""

from __future__ import annotations

from pytest_gotest.gocov.funcs import FuncExtent, find_functions, function_coverage
from pytest_gotest.gocov.gosource import GoSource
from pytest_gotest.gocov.profile import Block, BlockKey

SOURCE = """package p

import "fmt"

// Plain has a doc comment; the extent starts at `func`, not at the comment.
func Plain() int { return 1 }

func (g Größe) Area() int { return g.W * g.H }

func (s *Stack[T]) Push(v T) {
	s.items = append(s.items, v)
}

func Iface(x interface{ M() }) interface{} {
	return x
}

func Struct() struct{ A int } {
	return struct{ A int }{1}
}

func Generic[T interface{ ~int }](a T) T { return a }

func asm(x int) int

var Lit = func() int {
	return 2
}

func Outer() func() {
	s := "func Fake() { }"
	return func() {
		fmt.Println(s, '}')
	}
}

type T struct{}

func (T) Anonymous() {}
"""


def extents() -> dict[str, FuncExtent]:
    return {f.name: f for f in find_functions(GoSource(SOURCE.encode()))}


def test_top_level_functions_and_methods_in_source_order() -> None:
    names = [f.name for f in find_functions(GoSource(SOURCE.encode()))]
    # asm has no body (not counted by go tool cover), Lit is a variable, Fake is in a string,
    # the literal inside Outer belongs to Outer.
    assert names == [
        "Plain", "Area", "Push", "Iface", "Struct", "Generic", "Outer", "Anonymous",
    ]  # fmt: skip


def test_extents_start_at_func_and_end_past_the_closing_brace() -> None:
    found = extents()
    line = "func Plain() int { return 1 }"
    assert found["Plain"] == FuncExtent("Plain", "", 6, 1, 6, len(line) + 1)
    assert (found["Push"].start_line, found["Push"].end_line, found["Push"].end_col) == (10, 12, 2)
    assert (found["Iface"].start_line, found["Iface"].end_line) == (14, 16)
    assert (found["Struct"].start_line, found["Struct"].end_line) == (18, 20)
    assert (found["Outer"].start_line, found["Outer"].end_line) == (30, 35)


def test_receivers_are_kept_for_display() -> None:
    found = extents()
    assert found["Area"].receiver == "Größe"
    assert found["Push"].receiver == "*Stack[T]"
    assert found["Anonymous"].receiver == "T"
    assert found["Plain"].receiver == ""


def test_multibyte_receiver_end_column_is_in_bytes() -> None:
    line = "func (g Größe) Area() int { return g.W * g.H }"
    assert extents()["Area"].end_col == len(line.encode()) + 1


def test_blocks_are_assigned_with_go_tool_cover_boundaries() -> None:
    fn = FuncExtent("F", "", 10, 1, 12, 2)

    def blk(sl: int, sc: int, el: int, ec: int, n: int, count: int) -> Block:
        return Block(BlockKey("f.go", sl, sc, el, ec), n, count)

    blocks = [
        blk(9, 1, 10, 1, 5, 1),  # ends exactly at the start: outside
        blk(10, 20, 11, 5, 2, 1),  # inside
        blk(11, 5, 12, 1, 3, 0),  # inside, not covered
        blk(12, 2, 12, 9, 7, 1),  # starts exactly at the end: outside
    ]
    [result] = function_coverage([fn], blocks)
    assert (result.statements, result.covered) == (5, 2)
    assert result.percent == 40.0
