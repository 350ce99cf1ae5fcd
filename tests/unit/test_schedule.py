"""core/schedule.py: which packages go is given first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pytest_gotest.core.schedule import LONG_RUN_SECONDS, long_runs_first


def test_long_runs_go_first_longest_first_and_the_rest_keep_their_order() -> None:
    packages = ["a", "b", "c", "d", "e"]
    seconds = {"a": 0.1, "b": 2.0, "d": 4.2, "e": LONG_RUN_SECONDS, "c": LONG_RUN_SECONDS - 0.01}
    assert long_runs_first(packages, seconds) == ["d", "b", "e", "a", "c"]


def test_nothing_moves_without_a_long_run() -> None:
    packages = ["z", "y", "x"]
    assert long_runs_first(packages, {}) == packages
    assert long_runs_first(packages, {"x": 0.4, "unlisted": 9.0}) == packages


_names = st.lists(st.text(alphabet="abcdefgh/", min_size=1, max_size=6), unique=True, max_size=12)


@given(_names, st.data())
def test_a_permutation_with_long_runs_in_front(packages: list[str], data: st.DataObject) -> None:
    seconds = data.draw(
        st.dictionaries(
            st.sampled_from(packages) if packages else st.nothing(),
            st.floats(min_value=0, max_value=10),
        )
    )
    ordered = long_runs_first(packages, seconds)
    assert sorted(ordered) == sorted(packages)
    long = [p for p in ordered if seconds.get(p, 0.0) >= LONG_RUN_SECONDS]
    assert ordered[: len(long)] == long
    assert [seconds[p] for p in long] == sorted((seconds[p] for p in long), reverse=True)
    short = ordered[len(long) :]
    assert short == [p for p in packages if p in set(short)]  # the given order
