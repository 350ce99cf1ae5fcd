"""go_node_id: pytest's parse of a Go node id, printed back as it was written."""

from __future__ import annotations

import dataclasses

import pytest

from pytest_gotest.plugin.go_nodeid import go_node_id

nodeid = pytest.importorskip("_pytest.nodeid", reason="pytest < 9.2 keeps node ids as text")

IDS = [
    "a/x_test.go::TestSub[wasm]/two",
    "x_test.go::TestB/[1_2]_sum",
    "x_test.go::TestB/[open",
    "x_test.go::TestB/close]",
    "x_test.go::TestB/[x]",
    "x_test.go::TestX[wasm]",
    "x_test.go::TestB/a::b",
    "x_test.go::TestPlain/sub",
    "x_test.go",
]


@pytest.mark.parametrize("text", IDS)
def test_equal_to_pytests_parse_and_printed_as_given(text: str) -> None:
    parsed = nodeid.NodeId.parse(text)
    made = go_node_id(text)
    # --lf's cache holds pytest's parse of the stored text: a lookup must find it, both ways.
    assert made == parsed
    assert parsed == made
    assert hash(made) == hash(parsed)
    assert {parsed: True}.get(made)
    assert {made: True}.get(parsed)
    assert str(made) == text
    # What pytest prints below its rootdir: the id rebuilt with another path.
    moved = dataclasses.replace(made, path="mod/" + made.path)
    assert str(moved) == "mod/" + text
    if made.rest is not None:
        assert made.rest == text.partition("::")[2]


def test_pytests_own_parse_adds_a_bracket() -> None:
    # Why go_node_id exists: if pytest's own rebuild is ever fixed, it can go.
    parsed = nodeid.NodeId.parse("a/x_test.go::TestSub[wasm]/two")
    assert parsed.rest == "TestSub[wasm]/two]"
