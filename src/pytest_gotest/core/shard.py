"""``--go-shard``: how one package's top-level tests are split over ``go test`` processes, and
how the verdicts of those processes become the package's one verdict.

Pure core. A *unit* is what one shard takes whole: a serial top-level test, or all of the
package's parallel top-level tests together (``core/parallel.py``: Go already runs those side
by side). Units are balanced over the shards by the durations of the previous run, or by
count, longest first, each into the least loaded shard.

``auto`` splits a package only when the previous run's durations say that it pays: the
estimated time of the longest shard plus the cost of a further ``go test`` process must beat
the unsplit time by a margin. Without durations it never splits. ``N`` splits every package
into ``min(N, units)`` shards when that is at least 2.

A layout used before is kept while it is still nearly as good as a fresh one: durations
jitter from run to run, and a new ``-run`` selection misses Go's test cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from .outcome import PackageContext, PackageVerdict, TestSlot

__all__ = [
    "AUTO",
    "PROCESS_SECONDS",
    "Layout",
    "PackageTimes",
    "ShardMode",
    "estimate",
    "merge_verdicts",
    "plan_layout",
]

AUTO: Final = "auto"
ShardMode = int | Literal["auto"]
# The names of each shard, the first one started first (it builds the test binary).
Layout = tuple[frozenset[str], ...]

# What a further go test process of a package costs in wall time, beyond its tests and its
# TestMain: go's own start, the link of the test binary, the binary's start, and the wait for
# the first shard's build. Measured at about 0.35 s on the 2-core development machine (a warm
# build cache); rounded up, because auto must not split when the gain is in doubt.
PROCESS_SECONDS: Final = 0.5
# auto splits only when the estimate saves at least this much, and by at least this factor.
MIN_SAVING_SECONDS: Final = 1.0
MIN_SPEEDUP: Final = 1.25
# The first shard's head start: the others start once it has built the test binary, about
# this much later on a warm build cache (go's own start and the link; 0.3-0.35 s measured). With
# durations, the first shard takes that much more work.
HEAD_START_SECONDS: Final = 0.35
# A kept layout may be this much slower (estimated) than a fresh one.
KEEP_TOLERANCE: Final = 1.10
# auto reads durations only when the previous run timed at least this share of the tests.
MIN_KNOWN_SHARE: Final = 0.5


@dataclass(frozen=True)
class PackageTimes:
    """What the previous run measured of one package."""

    tests: Mapping[str, float]  # top-level name -> seconds (all runs of it in one process)
    fixed: float = 0.0  # seconds the binary spent outside the tests (init, TestMain)
    layout: Layout = ()  # the shards it used; () for one process


@dataclass(frozen=True)
class _Unit:
    names: tuple[str, ...]
    weight: float


def _units(
    names: Sequence[str], parallel: frozenset[str], times: PackageTimes | None, cpus: int
) -> list[_Unit]:
    known = [times.tests[n] for n in names if times is not None and n in times.tests]
    default = sum(known) / len(known) if known else 1.0

    def weight(name: str) -> float:
        if times is None:
            return 1.0
        return max(times.tests.get(name, default), 0.001)

    units = [_Unit((n,), weight(n)) for n in names if n not in parallel]
    together = [n for n in names if n in parallel]
    if together:
        weights = [weight(n) for n in together]
        # Side by side, GOMAXPROCS at a time: at least the longest, at least the CPU share.
        units.append(_Unit(tuple(together), max(*weights, sum(weights) / max(cpus, 1))))
    return units


def _balance(units: Sequence[_Unit], shards: int, head_start: float) -> Layout:
    """Longest unit first, each into the shard that would finish it first (the shards after
    the first start ``head_start`` later). The first shard first, then by load."""
    loads: list[tuple[float, list[str]]] = [
        (0.0 if index == 0 else head_start, []) for index in range(shards)
    ]
    for unit in sorted(units, key=lambda u: (-u.weight, u.names)):
        index = min(range(shards), key=lambda i: (loads[i][0], i))
        load, members = loads[index]
        loads[index] = (load + unit.weight, [*members, *unit.names])
    first, others = loads[0], [entry for entry in loads[1:] if entry[1]]
    others.sort(key=lambda entry: (-entry[0], sorted(entry[1])))
    return tuple(frozenset(members) for _, members in [first, *others])


def estimate(layout: Layout, units: Sequence[_Unit], fixed: float, head_start: float) -> float:
    """Estimated wall time of a layout: its last shard to finish (the shards after the first
    start ``head_start`` later), each shard paying the package's fixed time, and a further
    process's cost when there is more than one."""
    if len(layout) <= 1:
        return fixed + sum(u.weight for u in units)
    where = {name: index for index, names in enumerate(layout) for name in names}
    loads = [0.0 if index == 0 else head_start for index in range(len(layout))]
    for unit in units:
        loads[where[unit.names[0]]] += unit.weight
    return fixed + max(loads) + PROCESS_SECONDS


def _keeps_units(layout: Layout, units: Sequence[_Unit], names: Sequence[str]) -> bool:
    """A previous layout still fits: the same names, each unit in one shard."""
    if not layout or frozenset().union(*layout) != frozenset(names):
        return False
    if sum(len(shard) for shard in layout) != len(names):
        return False
    return all(any(set(u.names) <= shard for shard in layout) for u in units)


def plan_layout(
    names: Sequence[str],
    parallel: frozenset[str],
    mode: ShardMode,
    *,
    jobs: int,
    cpus: int,
    times: PackageTimes | None,
) -> Layout:
    """The shards for a package whose selected top-level tests are ``names``; () keeps it in
    one process. ``jobs``: how many go processes may run at once (auto uses no more)."""
    names = list(dict.fromkeys(names))
    if mode == AUTO:
        if times is None:
            return ()
        known = sum(1 for n in names if n in times.tests)
        if not names or known < MIN_KNOWN_SHARE * len(names):
            return ()
    units = _units(names, parallel, times, cpus)
    fixed = times.fixed if times is not None else 0.0
    # Without durations the weights are counts, not seconds: no head start to give.
    head = HEAD_START_SECONDS if times is not None else 0.0
    if mode == AUTO:
        most = min(jobs, len(units))
        if most < 2:
            return ()
        whole = estimate((), units, fixed, head)
        candidates = [_balance(units, n, head) for n in range(2, most + 1)]
        costs = [estimate(layout, units, fixed, head) for layout in candidates]
        best = min(costs)
        # The fewest processes whose estimate is within 5% of the best.
        chosen = next(c for c, cost in zip(candidates, costs, strict=True) if cost <= best * 1.05)
        cost = estimate(chosen, units, fixed, head)
        if whole - cost < MIN_SAVING_SECONDS or whole < MIN_SPEEDUP * cost:
            return ()
        allowed = range(2, most + 1)
    else:
        count = min(int(mode), len(units))
        if count < 2:
            return ()
        chosen = _balance(units, count, head)
        cost = estimate(chosen, units, fixed, head)
        allowed = range(count, count + 1)
    previous = times.layout if times is not None else ()
    if (
        len(previous) in allowed
        and _keeps_units(previous, units, names)
        and estimate(previous, units, fixed, head) <= cost * KEEP_TOLERANCE
    ):
        return previous
    return chosen


def merge_verdicts(pieces: Sequence[PackageVerdict], order: Sequence[TestSlot]) -> PackageVerdict:
    """One package's verdict from its shards' verdicts (each resolved with its own tests).

    Each test keeps the context of its own shard (its TestMain output, its crash). A shard
    whose process failed after its tests passed (TestMain's exit code) makes the package's
    teardown error only when no test of the package failed, as in one process, where the
    failure would explain the exit code.
    """
    if len(pieces) == 1:
        return pieces[0]
    outcomes = {}
    contexts: dict[TestSlot, PackageContext] = {}
    for piece in pieces:
        for slot, outcome in piece.outcomes.items():
            outcomes[slot] = outcome
            contexts[slot] = piece.context
    ordered = {slot: outcomes[slot] for slot in order if slot in outcomes}
    ordered.update((slot, outcome) for slot, outcome in outcomes.items() if slot not in ordered)
    all_passed = all(o.status in ("passed", "skipped") for o in ordered.values())
    with_teardown = next((p for p in pieces if p.teardown is not None), None)
    main = with_teardown if with_teardown is not None and all_passed else pieces[0]
    notes = tuple(dict.fromkeys(note for piece in pieces for note in piece.notes))
    return replace(
        main,
        outcomes=ordered,
        teardown=main.teardown if all_passed else None,
        cached=all(p.cached for p in pieces),
        notes=notes,
        died_early=any(p.died_early for p in pieces),
        contexts=contexts,
    )
