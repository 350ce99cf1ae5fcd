"""Items made without ``Node.from_parent``, identical to the items it makes.

``from_parent`` goes through pytest's generic machinery for every node (``NodeMeta._create``,
keyword arguments handed down ``Item.__init__`` and ``Node.__init__``, the diamond-inheritance
check): about 4 µs of CPU per item, against 2 µs for setting the same attributes directly; a
module of 20,000 Go tests makes 20,000 items on every collection.

What ``Node.__init__`` and ``Item.__init__`` set is private to pytest and may change with any
release, so nothing here is trusted blindly: ``ItemShape.check`` compares an item made by
``from_parent`` with one made here, attribute by attribute (names, the order of ``__dict__``,
types), once per process, and a difference turns this off (``from_parent`` again). The
comparison is also a test (tests/acceptance/test_fast_items.py), so a pytest release that adds an
attribute fails it rather than quietly making items pytest would not make.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import pytest

__all__ = ["ItemShape", "node_state"]

_I = TypeVar("_I", bound=pytest.Item)


def node_state(node: pytest.Item) -> list[tuple[str, type]]:
    """A node's attributes as ``(name, type)``: its ``__slots__`` that are set (pytest's
    ``Node`` keeps its most used attributes in slots), then its ``__dict__`` in order."""
    state = []
    for klass in reversed(type(node).__mro__):
        slots = klass.__dict__.get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if slot not in ("__dict__", "__weakref__") and hasattr(node, slot):
                state.append((slot, type(getattr(node, slot))))
    state += [(name, type(value)) for name, value in vars(node).items()]
    return state


class ItemShape:
    """Makes items of one class under a parent the way ``Item.__init__`` does, when allowed."""

    def __init__(self) -> None:
        self.fast: bool | None = None  # None: not checked yet in this process

    def make(self, cls: type[_I], parent: pytest.Collector, names: Iterable[str]) -> list[_I]:
        """Items named ``names`` with ``Item.__init__``'s attributes only (what a subclass's
        ``__init__`` adds is the caller's: it must set the same, in the same order)."""
        from _pytest.mark.structures import NodeKeywords  # private: checked by check()

        new = object.__new__
        stash = pytest.Stash
        config, session, path = parent.config, parent.session, parent.path
        child = parent._id.child  # pytest 9.2's structured node id (private)
        items = []
        for name in names:
            item: Any = new(cls)
            item.name = name
            item.parent = parent
            item.config = config
            item.session = session
            item.path = path
            item.keywords = NodeKeywords(item)
            item.own_markers = []
            item.extra_keyword_matches = set()
            item._id = child(name)
            item.stash = item._store = stash()
            item._report_sections = []
            item.user_properties = []
            items.append(item)
        return items

    def check(self, reference: pytest.Item, made: pytest.Item) -> bool:
        """Whether ``made`` (by ``make`` and the caller) has exactly the attributes, in the
        same order and of the same types, and the same name, node id, path and parents as
        ``reference`` (made by ``from_parent``). Remembered for the process."""
        self.fast = (
            node_state(reference) == node_state(made)
            and (reference.name, reference.nodeid, reference.path)
            == (made.name, made.nodeid, made.path)
            and (reference.parent, reference.config, reference.session)
            == (made.parent, made.config, made.session)
            and dict(reference.keywords) == dict(made.keywords)
        )
        return self.fast
