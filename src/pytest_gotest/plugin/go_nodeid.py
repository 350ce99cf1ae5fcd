"""pytest's structured node id for a Go test's id, printed back as it was written.

pytest 9.2 keeps a node id parsed (``_pytest.nodeid.NodeId``: the path, the ``::`` names,
and the params of a parametrized test). Its parse takes everything after the first ``[`` of
the names for the params and drops one closing ``]``; when it builds the text again (the short
summary's line; every line, ``-v`` ones too, when pytest runs from a directory other than the
rootdir) it puts a ``]`` back at the end. Go names hold brackets anywhere: a subtest
``TestSum/[1_2]_sum``, a run mode's subtest ``TestSub[wasm]/two``, a subtest ``TestB/[z``. They
came out as ``TestSub[wasm]/two]``: an id that, pasted back, names nothing.

``go_node_id`` parses as pytest does (the parts must stay equal to what pytest parses from
the ids it stored: ``--lf``'s cache compares them) and remembers whether the text ended with
the ``]`` the parse dropped, so the text it builds is the text it was given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Final

__all__ = ["go_node_id"]


def _make_go_node_id() -> Callable[[str], Any] | None:
    """The constructor, or None on pytest < 9.2 (ids are plain text there). The base class
    is pytest's private ``NodeId``: isolated here."""
    try:
        from _pytest.nodeid import NodeId
    except ImportError:
        return None

    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True, eq=False)
    class GoNodeId(NodeId):
        # Whether the params part ended with "]" (``TestX[wasm]``), which the parse drops;
        # not part of the identity, as it is not in pytest's parse.
        closed: bool = True

        def __eq__(self, other: object) -> bool:
            # Equal to pytest's own parse of the same text (a plain NodeId), both ways: a
            # plain NodeId's dataclass __eq__ gives way (NotImplemented) to this one.
            if isinstance(other, NodeId):
                return (self.path, self.names, self.params) == (
                    other.path,
                    other.names,
                    other.params,
                )
            return NotImplemented

        __hash__ = NodeId.__hash__  # the same parts, the same hash

        def __str__(self) -> str:
            text = self._str_cache
            if text is None:
                text = "::".join((self.path, *self.names)) + self._bracket()
                object.__setattr__(self, "_str_cache", text)
            return str(text)

        @property
        def rest(self) -> str | None:
            if not self.names:
                return None
            return "::".join(self.names) + self._bracket()

        def _bracket(self) -> str:
            if self.params is None:
                return ""
            return f"[{self.params}]" if self.closed else f"[{self.params}"

    def go_node_id(text: str) -> Any:
        parsed = NodeId.parse(text)
        if parsed.params is None:
            return parsed  # no bracket: pytest's own prints it back as it is (most ids)
        closed = text.endswith("]")
        made = GoNodeId(path=parsed.path, names=parsed.names, params=parsed.params, closed=closed)
        object.__setattr__(made, "_str_cache", text)
        return made

    return go_node_id


_GO_NODE_ID: Final = _make_go_node_id()


def go_node_id(text: str) -> Any:
    """The structured id for ``text`` (pytest >= 9.2), or ``text`` itself (older pytest,
    whose nodes and reports take text)."""
    if _GO_NODE_ID is None:
        return text
    return _GO_NODE_ID(text)
