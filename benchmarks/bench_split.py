"""How evenly pytest-split divides Go tests over CI machines (docs/ci.md, "Scaling out").

Generates ``example.com/splitbench`` under ``WORK/mod``: one dominant package (``dominant``,
``--dominant`` tests) and ``--small`` small packages of 4 tests each. Every test sleeps a fixed
pseudo-random time (seeded), so Go's elapsed time per test is known and does not depend on the
machine's load; the package's code itself is trivial. Then, per repetition:

1. the unsplit run, ``pytest --store-durations --go-flags=-count=1``: the durations file, and
   the whole run's Go time (the sum of Go's elapsed over the top-level tests, from JUnit) and
   wall time;
2. for each ``--splits N`` and each pytest-split algorithm, every group ``--group i`` runs for
   real (``-count=1``), and its Go time is read from its own JUnit file.

Reported per (N, algorithm), medians over ``--repeat`` repetitions:

* ``balance``: the slowest group's Go time / the ideal (the unsplit run's Go time / N), 1.00 is
  perfect;
* ``by package``: the same for the best split that keeps each package whole (the largest
  packages first onto the least loaded machine, from the unsplit run's times): what splitting
  ``go test`` by hand, package by package, can reach at best;
* ``wall``: the slowest group's wall time / the unsplit run's wall time (pytest start-up and
  Go's build included; packages of one group run in parallel, a package's tests in series).

Every run is checked: each group's tests must be disjoint from the others' and together be the
unsplit run's, and no test may fail.

Usage: ``python benchmarks/bench_split.py [--splits 2 4] [--dominant 30] [--small 5]
[--repeat 3] [--work benchmarks/_work/split]``. Needs pytest-split (the ``test`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from _common import BenchError, RunResult, go_version, plugin_identity, run_timed

HERE: Final = Path(__file__).resolve().parent
ALGORITHMS: Final = ("least_duration", "duration_based_chunks")
PYTEST: Final = (
    sys.executable,
    "-m",
    "pytest",
    "-q",
    "-p",
    "no:cacheprovider",
    "-p",
    "no:randomly",
)


def _package(name: str, times_ms: list[int]) -> dict[str, str]:
    tests = "\n".join(
        f"func Test{name.title()}{i:02d}(t *testing.T) {{\n"
        f"\ttime.Sleep({ms} * time.Millisecond)\n"
        f'\tif Twice({i}) != {2 * i} {{\n\t\tt.Fatal("Twice")\n\t}}\n}}\n'
        for i, ms in enumerate(times_ms)
    )
    source = f"package {name}\n\n// Twice doubles n.\nfunc Twice(n int) int {{ return 2 * n }}\n"
    imports = 'import (\n\t"testing"\n\t"time"\n)'
    return {
        f"{name}/{name}.go": source,
        f"{name}/{name}_test.go": f"package {name}\n\n{imports}\n\n{tests}",
    }


def make_module(root: Path, dominant: int, small: int) -> dict[str, int]:
    """The module's files; returns each package's planned sleep total in ms."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(14)
    files = {"go.mod": "module example.com/splitbench\n\ngo 1.22\n", "pytest.ini": "[pytest]\n"}
    planned: dict[str, int] = {}
    packages = {"dominant": [rng.randint(20, 200) for _ in range(dominant)]}
    packages.update({f"small{i}": [rng.randint(10, 60) for _ in range(4)] for i in range(small)})
    for name, times in packages.items():
        files.update(_package(name, times))
        planned[name] = sum(times)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return planned


@dataclass
class GroupRun:
    tests: dict[tuple[str, str], float]  # (package, test) -> Go's elapsed
    wall: float

    @property
    def go_time(self) -> float:
        return sum(self.tests.values())


def _junit_times(path: Path) -> dict[tuple[str, str], float]:
    times: dict[tuple[str, str], float] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            raise BenchError(f"{path}: {case.get('name')} did not pass")
        name = case.get("name", "")
        if "/" not in name:  # top-level tests only: a subtest's time is in its parent's
            times[(case.get("classname", ""), name)] = float(case.get("time", "0"))
    return times


def _run(module: Path, work: Path, label: str, *args: str) -> GroupRun:
    junit = work / f"{label}.xml"
    result: RunResult = run_timed(
        [*PYTEST, "--go-flags=-count=1", f"--junitxml={junit}", *args],
        module,
        work / f"{label}.out",
        dict(os.environ),
        timeout=600,
    )
    if result.returncode != 0:
        raise BenchError(f"{label}: exit {result.returncode}\n{result.output[-3000:]}")
    return GroupRun(_junit_times(junit), result.seconds)


def by_package(totals: dict[str, float], splits: int) -> float:
    """The slowest machine's load when whole packages go, largest first, to the least loaded
    machine (longest processing time first: within 4/3 of the best whole-package split)."""
    loads = [0.0] * splits
    for total in sorted(totals.values(), reverse=True):
        loads[loads.index(min(loads))] += total
    return max(loads)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--splits", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--dominant", type=int, default=30)
    parser.add_argument("--small", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "_work" / "split")
    args = parser.parse_args()
    try:
        import pytest_split  # noqa: F401
    except ImportError:
        print("bench_split.py needs pytest-split: pip install -e '.[test]'", file=sys.stderr)
        return 2
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    module = work / "mod"
    planned = make_module(module, args.dominant, args.small)
    durations = work / "durations.json"
    share = planned["dominant"] / sum(planned.values())
    print(f"module: {len(planned)} packages, dominant package {share:.0%} of the planned Go time")
    _run(module, work, "warmup")  # Go's build cache, Python's bytecode: untimed
    samples: dict[tuple[int, str], list[tuple[float, float, float]]] = {}
    for repetition in range(args.repeat):
        durations.unlink(missing_ok=True)
        whole = _run(module, work, "whole", "--store-durations", f"--durations-path={durations}")
        package_totals: dict[str, float] = {}
        for (package, _), seconds in whole.tests.items():
            package_totals[package] = package_totals.get(package, 0.0) + seconds
        for splits in args.splits:
            ideal = whole.go_time / splits
            for algorithm in ALGORITHMS:
                groups = [
                    _run(
                        module,
                        work,
                        f"r{repetition}-n{splits}-{algorithm}-g{group}",
                        f"--durations-path={durations}",
                        f"--splits={splits}",
                        f"--group={group}",
                        f"--splitting-algorithm={algorithm}",
                    )
                    for group in range(1, splits + 1)
                ]
                seen: set[tuple[str, str]] = set()
                for group in groups:
                    if seen & set(group.tests):
                        raise BenchError(f"{splits} groups with {algorithm} overlap")
                    seen |= set(group.tests)
                if seen != set(whole.tests):
                    raise BenchError(f"{splits} groups with {algorithm} are not the whole run")
                balance = max(g.go_time for g in groups) / ideal
                hand = by_package(package_totals, splits) / ideal
                wall = max(g.wall for g in groups) / whole.wall
                samples.setdefault((splits, algorithm), []).append((balance, hand, wall))
                print(
                    f"  repetition {repetition + 1}: N={splits} {algorithm}: balance "
                    f"{balance:.3f}, by package {hand:.3f}, wall {wall:.2f}x"
                )
    print(f"\nmedians of {args.repeat} (unsplit Go time {whole.go_time:.2f} s):")
    print(f"{'N':>2}  {'algorithm':<22} {'balance':>8} {'by package':>11} {'wall':>6}")
    results = []
    for (splits, algorithm), values in samples.items():
        balance, hand, wall = (statistics.median(v[i] for v in values) for i in range(3))
        print(f"{splits:>2}  {algorithm:<22} {balance:>8.3f} {hand:>11.3f} {wall:>5.2f}x")
        results.append(
            {
                "splits": splits,
                "algorithm": algorithm,
                "balance": balance,
                "by_package": hand,
                "wall": wall,
                "samples": values,
            }
        )
    (work / "results.json").write_text(
        json.dumps(
            {"go": go_version("go"), "plugin": plugin_identity(), "results": results}, indent=2
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
