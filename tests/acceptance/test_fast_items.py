"""Go items are made without ``Node.from_parent`` (plugin/fastitems.py) and must be the very
items it makes: every attribute pytest and plugins read, in the same order, of the same type,
with the same value. A pytest release that changes what ``Node.__init__`` or ``Item.__init__``
set fails here (and the plugin falls back to ``from_parent`` by itself)."""

from __future__ import annotations

from typing import Any

import pytest
from _pytest.mark.structures import NodeKeywords

from pytest_gotest.plugin import nodes
from pytest_gotest.plugin.fastitems import ItemShape, node_state
from pytest_gotest.plugin.nodes import GoTestItem

from .helpers import GomodFactory


def _value(value: object) -> object:
    """What two items' attribute values are compared by: a keyword mapping by its entries
    (it points back at its own node), a stash by being empty, everything else as is."""
    if isinstance(value, NodeKeywords):
        return ("keywords", value.node.name, dict(value))
    if isinstance(value, pytest.Stash):
        return ("stash", len(value))
    return value


def _attributes(item: pytest.Item) -> list[tuple[str, object]]:
    return [(name, _value(getattr(item, name))) for name, _ in node_state(item)]


def _collect(
    pytester: pytest.Pytester,
    gomod: GomodFactory,
    monkeypatch: pytest.MonkeyPatch,
    go_env: dict[str, str],
) -> list[GoTestItem]:
    gomod("basic")
    for key, value in go_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(nodes, "_SHAPE", ItemShape())  # checked again in this session
    items, _ = pytester.inline_genitems("-p", "no:cacheprovider", "calc", "fuzzing")
    go_items = [item for item in items if isinstance(item, GoTestItem)]
    assert len(go_items) == len(items) > 5
    return go_items


def test_fast_items_equal_from_parent_items(
    pytester: pytest.Pytester,
    gomod: GomodFactory,
    monkeypatch: pytest.MonkeyPatch,
    go_env: dict[str, str],
) -> None:
    items = _collect(pytester, gomod, monkeypatch, go_env)
    # pytest 9.2 (what fastitems.py was written for) and later: the check passed, all but
    # the process's first item were made fast. Older pytest (no structured node id) falls
    # back to from_parent; the comparison below holds either way.
    if pytest.version_tuple >= (9, 2):
        assert nodes._SHAPE.fast is True
    kinds = {item.func.kind for item in items}
    assert {"test", "example", "fuzz"} <= kinds
    for item in items:
        assert item.parent is not None
        twin = GoTestItem.from_parent(
            item.parent, name=item.name, func=item.func, package=item.package, go_run=item.go_run
        )
        assert node_state(item) == node_state(twin)
        assert _attributes(item) == _attributes(twin)
        keywords = item.keywords
        assert isinstance(keywords, NodeKeywords)
        assert keywords.node is item
        assert item.stash is item._store
        # What -m, -k and reports read, through pytest's own accessors.
        assert [m.name for m in item.iter_markers()] == [m.name for m in twin.iter_markers()]
        assert item.listextrakeywords() == twin.listextrakeywords()
        assert item.listchain() == [*item.parent.listchain(), item]
        assert item.location == twin.location
    # Each item has its own mutable parts.
    assert len({id(item.own_markers) for item in items}) == len(items)
    assert len({id(item.stash) for item in items}) == len(items)


def test_a_different_item_turns_fast_items_off(
    pytester: pytest.Pytester,
    gomod: GomodFactory,
    monkeypatch: pytest.MonkeyPatch,
    go_env: dict[str, str],
) -> None:
    """What a pytest release could change: an attribute more, or one of another type."""
    items = _collect(pytester, gomod, monkeypatch, go_env)
    item = items[1]
    parent = item.parent
    assert parent is not None

    def twin() -> Any:
        return GoTestItem.from_parent(
            parent, name=item.name, func=item.func, package=item.package, go_run=item.go_run
        )

    shape = ItemShape()
    assert shape.check(twin(), item) is True
    extra = twin()
    extra.new_pytest_attribute = 1
    assert shape.check(extra, item) is False
    assert shape.fast is False
    retyped = twin()
    retyped.user_properties = ()
    assert ItemShape().check(retyped, item) is False


def _pytests_location(item: pytest.Item) -> tuple[str, int | None, str]:
    """``Item.location`` as pytest itself computes it (the base class's cached property)."""
    computed: tuple[str, int | None, str] = vars(pytest.Item)["location"].func(item)
    return computed


@pytest.mark.parametrize("from_subdirectory", [False, True])
def test_item_locations_are_the_ones_pytest_computes(
    pytester: pytest.Pytester,
    gomod: GomodFactory,
    monkeypatch: pytest.MonkeyPatch,
    go_env: dict[str, str],
    from_subdirectory: bool,
) -> None:
    """A Go item's location takes its path from the file node, once per file: it must be what
    pytest computes per item, relative to the rootdir also when pytest runs from below it,
    for a test's item and for a subtest's."""
    gomod("basic")
    (pytester.path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # the rootdir
    for key, value in go_env.items():
        monkeypatch.setenv(key, value)
    args = ["calc", "calc/calc_test.go::TestNames/nested/deep", "fuzzing"]
    if from_subdirectory:
        monkeypatch.chdir(pytester.path / "calc")
        args = [".", "calc_test.go::TestNames/nested/deep", "../fuzzing"]
    items, _ = pytester.inline_genitems("-p", "no:cacheprovider", *args)
    go_items = [item for item in items if isinstance(item, GoTestItem)]
    assert len(go_items) == len(items) > 5
    subtest_items = [item for item in go_items if "/" in item.run_name]
    assert subtest_items
    for item in go_items:
        path = item.location[0]
        assert path.startswith(("calc/", "fuzzing/")), path
        assert item.location == _pytests_location(item)
