"""The order in which one ``go test`` invocation is given its packages: long runs first.

Pure core. go builds and runs an invocation's packages ``-p`` actions at a time (a test
binary's run holds one of those slots as a compile does), and when several are ready it takes
them in command-line order (cmd/go's action priorities are the depth-first order of the
packages as given). ``go test ./...`` gives them in import-path order, so a package whose tests
take seconds can start last and run alone at the end while the other slots idle.
stretchr/testify@v1.12.1 with ``-count=1`` on two cores: its ``suite`` package runs 4.2 s of
tests and sorts last; given first, the whole run took 4.7-5.1 s instead of 6.5-7.3 s (raw
``go test -json -count=1``, four runs each, interleaved).

So packages that took at least ``LONG_RUN_SECONDS`` in their last run go first, the longest
first; the others keep their order (pytest's), so a module without long packages is run
exactly as before. What each package took comes from the run before (``plugin/run_order.py``);
without it nothing moves. Results are the same in any order: go test -json reports every
package's events under its name, and go test runs each test binary as it would anyway. (Under
-failfast go starts no test binary once one fails, so which packages it reaches depends on
their order and timing, in ``go test ./...`` as here; those it did not reach are not run,
saying so: ``runner.GoProcess._failfast_missing``.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

__all__ = ["LONG_RUN_SECONDS", "long_runs_first"]

# Shorter runs are not worth reordering for: a test binary's link alone takes about 0.1-0.3 s.
LONG_RUN_SECONDS: Final = 0.5


def long_runs_first(packages: Sequence[str], seconds: Mapping[str, float]) -> list[str]:
    """``packages`` with those whose last run took at least ``LONG_RUN_SECONDS`` first,
    longest first (ties in the given order), then the rest in the given order."""
    long = [p for p in packages if seconds.get(p, 0.0) >= LONG_RUN_SECONDS]
    if not long:
        return list(packages)
    long.sort(key=lambda p: -seconds[p])  # stable: ties keep the given order
    chosen = set(long)
    return long + [p for p in packages if p not in chosen]
