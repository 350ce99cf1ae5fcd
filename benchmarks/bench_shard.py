"""``--go-shard``: one slow package of serial tests, split over go test processes, against raw
``go test`` (target: benchmarks/README.md).

Target: a package of 40 serial tests of 0.25 s each runs >= 1.6x faster than raw
``go test -json ./...`` on 2 cores.

Generates ``WORK/shard/mod`` (module ``example.com/shardbench``, ``go 1.22``): one package,
``slow``, with ``--tests`` (default 40) tests that each sleep ``--sleep`` seconds (default
0.25) and call nothing else, and a ``pytest.ini`` that makes the module the rootdir. Then, after
untimed warm-up runs (Go's build cache; pytest's cache directory for ``auto`` filled with the
durations of a first run, as a user's second run finds it), it times, ``--repeat`` times, the
order reversed on every other repetition, every sample with ``-count=1`` (no Go test cache):

* ``raw``          ``go test -json -count=1 ./...``
* ``plugin``       ``python -m pytest -q --go-flags=-count=1`` (one go test process)
* ``shard_2``      the same with ``--go-shard=2`` (no pytest cache)
* ``shard_auto``   the same with ``--go-shard=auto`` and pytest's cache directory
                   ``WORK/shard/pytest-cache``; the split it chose is read back from there and
                   checked (two shards on 2 cores: ``auto`` uses at most ``--go-jobs``)
* ``shard_auto_j4`` ``--go-shard=auto --go-jobs=4`` with its own cache directory: tests that
                   sleep leave the CPUs idle, so more processes than cores still pay

Every plugin sample must pass all tests; raw must exit 0. Reports the median wall time and
CPU time of each scenario and raw / scenario (how many times faster). The machine may be shared:
the samples wait up to ``--quiet-wait`` seconds for a quiet machine and record the CPU time
the rest of the machine used meanwhile (sleeping tests are little affected by CPU load, the
start-up of go and pytest is).

Usage: ``python benchmarks/bench_shard.py [--tests 40] [--sleep 0.25] [--repeat 3]``.
Standard library only. Results go to stdout and to ``WORK/shard/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import (  # noqa: E402  (sibling script, not a package)
    BenchError,
    RunResult,
    add_quiet_args,
    child_env,
    go_version,
    plugin_identity,
    pytest_counts,
    run_timed,
    source_revision,
    wait_quiet,
)

__all__ = ["main"]


@dataclass(frozen=True)
class Scenario:
    name: str
    argv: list[str]
    cache_dir: Path | None = None  # pytest's cache directory (--go-shard=auto reads it)
    shards: int | None = None  # how many shards the cache must say were used


def generate_module(root: Path, tests: int, sleep: float) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "slow").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/shardbench\n\ngo 1.22\n", encoding="utf-8")
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    millis = round(sleep * 1000)
    lines = ["package slow", "", "import (", '\t"testing"', '\t"time"', ")", ""]
    for index in range(tests):
        lines += [
            f"func TestSleep{index:03d}(t *testing.T) {{",
            f"\ttime.Sleep({millis} * time.Millisecond)",
            "}",
            "",
        ]
    (root / "slow" / "slow_test.go").write_text("\n".join(lines), encoding="utf-8")


def scenarios(work: Path, go: str) -> list[Scenario]:
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "--go-flags=-count=1"]
    no_cache = ["-p", "no:cacheprovider"]
    auto = work / "pytest-cache"
    auto4 = work / "pytest-cache-j4"
    return [
        Scenario("raw", [go, "test", "-json", "-count=1", "./..."]),
        Scenario("plugin", [*pytest, *no_cache]),
        Scenario("shard_2", [*pytest, *no_cache, "--go-shard=2"]),
        Scenario("shard_auto", [*pytest, "-o", f"cache_dir={auto}", "--go-shard=auto"], auto, 2),
        Scenario(
            "shard_auto_j4",
            [*pytest, "-o", f"cache_dir={auto4}", "--go-shard=auto", "--go-jobs=4"],
            auto4,
            4,
        ),
    ]


def layout_used(cache_dir: Path) -> list[list[str]]:
    entries = list((cache_dir / "v" / "gotest" / "shard").glob("*"))
    if len(entries) != 1:
        raise BenchError(f"expected one --go-shard cache entry in {cache_dir}, found {entries}")
    layout = json.loads(entries[0].read_text(encoding="utf-8")).get("layout", [])
    return [list(shard) for shard in layout]


def check(scenario: Scenario, result: RunResult, tests: int) -> None:
    if result.timed_out or result.returncode != 0:
        raise BenchError(f"{scenario.name} failed ({result.returncode}):\n{result.output[-3000:]}")
    if scenario.name != "raw" and pytest_counts(result.output).get("passed") != tests:
        raise BenchError(f"{scenario.name}: expected {tests} passed:\n{result.output[-3000:]}")
    if scenario.cache_dir is not None and scenario.shards is not None:
        used = layout_used(scenario.cache_dir)
        if len(used) != scenario.shards:
            raise BenchError(f"{scenario.name}: expected {scenario.shards} shards, used {used}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tests", type=int, default=40)
    parser.add_argument("--sleep", type=float, default=0.25, metavar="S")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "_work")
    parser.add_argument("--pyc", choices=("cache", "env"), default="cache")
    add_quiet_args(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    go = shutil.which("go")
    if go is None:
        raise BenchError("no go on PATH")
    work = (args.work / "shard").resolve()
    module = work / "mod"
    generate_module(module, args.tests, args.sleep)
    for cache in (work / "pytest-cache", work / "pytest-cache-j4"):
        shutil.rmtree(cache, ignore_errors=True)
    env = child_env(work, args.pyc)
    env["GOFLAGS"] = "-buildvcs=false"
    env.pop("PYTEST_ADDOPTS", None)
    plan = scenarios(work, go)
    out = work / "out.txt"
    # Warm-up, untimed: the build cache, the bytecode cache, and the first auto runs, which
    # find no durations (one process) and record them for the timed runs.
    for scenario in plan:
        result = run_timed(scenario.argv, module, out, env)
        if scenario.name.startswith("shard_auto"):
            check(Scenario(scenario.name, scenario.argv), result, args.tests)
        else:
            check(scenario, result, args.tests)
    samples: dict[str, list[RunResult]] = {s.name: [] for s in plan}
    busy: list[float] = []
    for repetition in range(args.repeat):
        order = plan if repetition % 2 == 0 else list(reversed(plan))
        for scenario in order:
            seen = wait_quiet(args.quiet_threshold, args.quiet_wait)
            if seen is not None:
                busy.append(seen)
            result = run_timed(scenario.argv, module, out, env)
            check(scenario, result, args.tests)
            samples[scenario.name].append(result)
            print(
                f"  {scenario.name:14} {result.seconds:6.2f} s wall  {result.cpu_seconds:5.2f} s "
                f"CPU  (others used {result.others_cpu_seconds or 0:.1f} s CPU meanwhile)",
                flush=True,
            )
    raw = statistics.median(r.seconds for r in samples["raw"])
    summary = {}
    print(f"\n{args.tests} serial tests x {args.sleep} s, medians of {args.repeat}:")
    for name, results in samples.items():
        wall = statistics.median(r.seconds for r in results)
        cpu = statistics.median(r.cpu_seconds for r in results)
        others = statistics.median(r.others_cpu_seconds or 0.0 for r in results)
        summary[name] = {
            "wall_seconds": wall,
            "cpu_seconds": cpu,
            "others_cpu_seconds": others,
            "raw_over_this": raw / wall,
            "samples": [r.seconds for r in results],
        }
        print(
            f"  {name:14} {wall:6.2f} s wall  {cpu:5.2f} s CPU  {raw / wall:4.2f}x faster than raw"
            f"  (others: {others:.1f} s CPU)"
        )
    results_file = work / "results.json"
    results_file.write_text(
        json.dumps(
            {
                "tests": args.tests,
                "sleep": args.sleep,
                "repeat": args.repeat,
                "cpus": os.cpu_count(),
                "machine": platform.platform(),
                "go": go_version(go),
                "python": sys.version.split()[0],
                "revision": source_revision(),
                "plugin": plugin_identity(),
                "busy_before_samples": busy,
                "layouts": {
                    s.name: layout_used(s.cache_dir) for s in plan if s.cache_dir is not None
                },
                "scenarios": summary,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nresults: {results_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
