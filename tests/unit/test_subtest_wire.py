"""Subtest records from an xdist worker travel packed as one JSON text (plugin/reporting.py):
whatever the text and times, they come back as they were."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from pytest_gotest.plugin.reporting import pack_records, unpack_records

Record = tuple[str, str, str, str, str, float, Sequence[Sequence[str]]]
# Any str: Go output that was not UTF-8 may hold lone surrogates; control characters too.
_TEXT = st.text(st.characters(codec=None, exclude_categories=()))
_RECORD = st.tuples(
    _TEXT,
    st.sampled_from(["passed", "skipped", "failed", "error"]),
    _TEXT,
    _TEXT,
    _TEXT,
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
    st.lists(st.lists(_TEXT, min_size=2, max_size=2), max_size=3),  # t.Attr pairs
)


@given(st.lists(_RECORD, max_size=20))
def test_records_come_back_as_they_were(records: list[Record]) -> None:
    text = pack_records(records)
    assert text.isascii()  # execnet encodes str as UTF-8, which a lone surrogate is not
    assert [tuple(record) for record in unpack_records(text)] == [
        (*record[:6], [list(pair) for pair in record[6]]) for record in records
    ]


def test_a_lone_surrogate_travels() -> None:
    records: list[Record] = [("/a\udcff", "passed", "", "", "out\x00\udc80put\n", 0.25, [])]
    assert [tuple(r) for r in unpack_records(pack_records(records))] == records
