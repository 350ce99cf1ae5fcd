"""Which subtests a closure of a test function runs, read from the test's source."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_gotest.core.closures import closure_names, names_match

SOURCE = """package p

import "testing"

func helper(t *testing.T, f func(*testing.T)) { f(t) }

func TestA(t *testing.T) {
	t.Run("first", func(t *testing.T) {
		t.Run("with space", func(t *testing.T) {
			block()
		})
	})
	t.Run(`raw`, func(t *testing.T) {
		t.Cleanup(func() {
			block()
		})
	})
	for _, tc := range []struct{ name string; f func() }{{"x", nil}} {
		t.Run(tc.name, func(t *testing.T) {
			block()
		})
	}
	fs := []func(){func() {}, nil}
	t.Run("esc\\u00e9", func(t *testing.T) { block() })
	t.Run("a", func(t *testing.T) { block() }); t.Run("b", func(t *testing.T) { block() })
	_ = fs
}

func TestB(t *testing.T) {
	t.Run("first", func(t *testing.T) {
		block()
	})
}
"""


@pytest.fixture
def source(tmp_path: Path) -> str:
    path = tmp_path / "a_test.go"
    path.write_text(SOURCE, encoding="utf-8")
    return str(path)


def test_each_level_of_literals_names_the_subtest_t_run_gives_it(source: str) -> None:
    # The innermost closure of TestA/first/with_space, at its block() (line 10).
    assert closure_names(source, "TestA", 10, 2) == ("first", "with_space")
    assert closure_names(source, "TestA", 10, 1) == ("first",)
    # A raw string's name; a t.Cleanup's closure runs no subtest of its own.
    assert closure_names(source, "TestA", 15, 2) == ("raw", None)
    # A table's name is not in the source.
    assert closure_names(source, "TestA", 20, 1) == (None,)
    # An escape is not read (None: any name may be it).
    assert closure_names(source, "TestA", 24, 1) == (None,)
    # The same line of another test function is its own.
    assert closure_names(source, "TestB", 31, 1) == ("first",)


def test_func_types_are_no_literals(source: str) -> None:
    """``func(*testing.T)`` as a parameter's type and ``[]func(){...}``'s element type do not
    count as levels: the table's closure is still the first level at line 20."""
    assert closure_names(source, "helper", 5, 1) is None
    assert closure_names(source, "TestA", 20, 2) is None


def test_the_source_says_nothing_it_cannot_tell(source: str, tmp_path: Path) -> None:
    # Two closures of one level on the line.
    assert closure_names(source, "TestA", 25, 1) is None
    # Fewer levels of literals than asked for; outside every literal.
    assert closure_names(source, "TestA", 10, 3) is None
    assert closure_names(source, "TestA", 7, 1) is None
    # No such function, no such file.
    assert closure_names(source, "TestC", 10, 1) is None
    assert closure_names(str(tmp_path / "gone_test.go"), "TestA", 10, 1) is None


def test_a_changed_file_is_read_again(source: str) -> None:
    assert closure_names(source, "TestB", 31, 1) == ("first",)
    Path(source).write_text(SOURCE.replace('"first", func', '"second", func'), encoding="utf-8")
    assert closure_names(source, "TestB", 31, 1) == ("second",)


def test_names_match_where_the_source_names_them() -> None:
    assert names_match(("x", "in"), ["x", "in"])
    assert not names_match(("y", "in"), ["x", "in"])
    assert names_match((None, "in"), ["x", "in"])
    # Go's suffix for a repeated name.
    assert names_match(("x",), ["x#01"])
    assert not names_match(("x",), ["x#01#02"])
    # A literal named x#01 runs x#01, or x#01#01 when an earlier repeated x took x#01: never x.
    assert names_match(("x#01",), ["x#01"])
    assert names_match(("x#01",), ["x#01#01"])
    assert not names_match(("x#01",), ["x"])
