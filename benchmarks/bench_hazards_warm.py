"""What a warm init-hazard analysis costs a run, against each workload's raw ``go test`` (issue 11,
"<= 1% when warm").

A warm analysis (the analyzer built, its results cached) does a few milliseconds of work: one
``go env`` for the Go version, a hash of every Go file of the module, one cached JSON document
read. Whole-run ratios (``bench_real.py``, group ``firstrun``: ``warn_warm`` / ``off_warm``) move
by several points from one ``-count=1`` run to the next, so they cannot show a cost of 1%. This
script measures that work itself, exactly as the plugin does it (``HazardAnalysis`` on the
module's tested packages, with the plugin's listing and cache), many times in this process, and
sets it against the same workload's raw run:

* ``wall``: the analysis from start to result; an upper bound of what it can add to a run (the
  plugin runs it in a background thread beside ``go test``, so it adds at most this when
  nothing overlaps);
* ``CPU``: this process's CPU time (the analysis thread; the main thread only waits) plus its
  children's (``go env``), what it takes from a ``go test`` that keeps every core busy;
* the raw runs: ``go test -json -count=1 ./...`` (warm build) and ``go test -json ./...``
  (Go's test cache answering), medians of ``--repeat`` after one untimed run;
* ratios: the analysis's median wall and CPU over each raw median.

The environment is ``bench_real.py``'s (its workloads at their pinned versions, Go's build cache
named explicitly, ``GOTOOLCHAIN=local``); the analyzer and its results live in
``WORK/real/xdg/pytest-gotest``, the user cache ``bench_real.py`` gives the plugin, so a first
analysis there builds the analyzer once (untimed).

Usage: ``python benchmarks/bench_hazards_warm.py [--workloads go-cmp,goldmark,...]
[--repeat 5] [--warm-repeat 40]``. Prints a table; writes ``WORK/hazards_warm.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import (  # noqa: E402  (sibling scripts, not a package)
    BenchError,
    add_quiet_args,
    plugin_identity,
    require_go,
    run_script,
    run_timed,
    wait_quiet,
)
from _realmods import WORKLOAD_NAMES, prepare_workload, workload  # noqa: E402
from bench_hazards import module_requests  # noqa: E402
from bench_real import real_work  # noqa: E402

from pytest_gotest.core.toolchain import GoToolchain  # noqa: E402
from pytest_gotest.hazards.analysis import HazardAnalysis, ModuleRequest  # noqa: E402

DEFAULT_WORK: Final = HERE / "_work"


@dataclass(frozen=True)
class WarmCost:
    workload: str
    packages: int  # tested packages analysed
    files: int  # Go files hashed
    findings: int
    wall_ms: float  # median
    cpu_ms: float  # median: this process + children (go env)
    raw_count1_s: float  # median of go test -json -count=1 ./...
    raw_cached_s: float  # median of go test -json ./..., test cache answering
    wall_vs_count1: float
    cpu_vs_count1: float
    wall_vs_cached: float
    cpu_vs_cached: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def analyse_once(
    go: str, requests: list[ModuleRequest], cache: Path
) -> tuple[float, float, int, int]:
    """One analysis as the plugin runs it: (wall s, CPU s, analyzer runs, findings); its
    problems, if any, stop the benchmark."""
    cpu_before = time.process_time() + _children_cpu()
    start = time.perf_counter()
    analysis = HazardAnalysis(GoToolchain(go), requests, cache=cache)
    analysis.start()
    result = analysis.result()
    wall = time.perf_counter() - start
    cpu = time.process_time() + _children_cpu() - cpu_before
    if result.problems:
        raise BenchError("analysis problems: " + "; ".join(what for _, what in result.problems))
    return wall, cpu, result.analyzer_runs, len(result.findings)


def warm_cost(
    go: str, requests: list[ModuleRequest], cache: Path, repeat: int
) -> tuple[list[float], list[float], int]:
    _, _, _, findings = analyse_once(go, requests, cache)  # builds and fills, if need be
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeat):
        wall, cpu, runs, _ = analyse_once(go, requests, cache)
        if runs:
            raise BenchError("a warm analysis ran the analyzer: its results were not cached")
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus, findings


def raw_median(
    argv: list[str],
    module: Path,
    env: dict[str, str],
    out: Path,
    args: argparse.Namespace,
) -> float:
    """Median wall time of ``--repeat`` runs of ``argv``, after one untimed run."""
    samples: list[float] = []
    for index in range(args.repeat + 1):
        wait_quiet(args.quiet_threshold, args.quiet_wait)
        result = run_timed(argv, module, out, env, timeout=args.timeout)
        # A failing test is the workload's own (testify's copy from the module proxy lacks the
        # _codegen directory two of its tests look for): only a run that did not end, or
        # printed no event, is not a sample.
        if result.timed_out or '"Action"' not in result.output:
            command = " ".join(argv)
            raise BenchError(f"{command} exited {result.returncode}: {result.output[-1500:]}")
        if index:
            samples.append(result.seconds)
    return statistics.median(samples)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", default=",".join(WORKLOAD_NAMES))
    parser.add_argument("--repeat", type=int, default=5, help="raw runs per kind (default 5)")
    parser.add_argument(
        "--warm-repeat", type=int, default=40, help="warm analyses per workload (default 40)"
    )
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--pyc", choices=("cache", "env"), default="cache")
    parser.add_argument("--synthetic-packages", type=int, default=200)
    parser.add_argument("--synthetic-tests", type=int, default=10)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    add_quiet_args(parser)
    args = parser.parse_args(argv)
    args.workload_list = [name for name in args.workloads.split(",") if name]
    unknown = set(args.workload_list) - set(WORKLOAD_NAMES)
    if unknown:
        parser.error(f"unknown workloads {sorted(unknown)}; known: {', '.join(WORKLOAD_NAMES)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    go = require_go()
    work, root, env = real_work(args.work, go, args.pyc)
    # The analysis runs in this process: it reads the environment the plugin would see.
    os.environ.update({k: env[k] for k in ("GOCACHE", "GOTOOLCHAIN", "XDG_CACHE_HOME")})
    cache = Path(env["XDG_CACHE_HOME"]) / "pytest-gotest"
    synthetic = (args.synthetic_packages, args.synthetic_tests)
    out = work / "hazards_warm.out"
    costs: list[WarmCost] = []
    for name in args.workload_list:
        module = prepare_workload(go, workload(name, *synthetic), root, env, synthetic)
        requests = module_requests(go, module)
        wait_quiet(args.quiet_threshold, args.quiet_wait)
        walls, cpus, findings = warm_cost(go, requests, cache, args.warm_repeat)
        count1 = raw_median([go, "test", "-json", "-count=1", "./..."], module, env, out, args)
        cached = raw_median([go, "test", "-json", "./..."], module, env, out, args)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        cost = WarmCost(
            workload=name,
            packages=len(requests[0].import_paths),
            files=sum(len(s.files) for s in requests[0].sources),
            findings=findings,
            wall_ms=round(wall * 1000, 2),
            cpu_ms=round(cpu * 1000, 2),
            raw_count1_s=round(count1, 3),
            raw_cached_s=round(cached, 3),
            wall_vs_count1=round(wall / count1, 5),
            cpu_vs_count1=round(cpu / count1, 5),
            wall_vs_cached=round(wall / cached, 5),
            cpu_vs_cached=round(cpu / cached, 5),
        )
        costs.append(cost)
        print(json.dumps(asdict(cost)), flush=True)
    print(render(costs, args.warm_repeat, args.repeat))
    record = {"plugin": plugin_identity(), "runs": [asdict(c) for c in costs]}
    (work / "hazards_warm.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    return 0


def render(costs: Sequence[WarmCost], warm_repeat: int, repeat: int) -> str:
    lines = [
        f"\nWarm analysis: medians of {warm_repeat}; raw go test: medians of {repeat}.\n",
        "| workload | packages / files | warm analysis wall ms | CPU ms (with go env) "
        "| raw -count=1 s | analysis / raw (wall, CPU) | raw, test cache answering s "
        "| analysis / raw (wall, CPU) |",
        "|---|---|---:|---:|---:|---|---:|---|",
    ]
    for c in costs:
        lines.append(
            f"| {c.workload} | {c.packages} / {c.files} | {c.wall_ms:.1f} | {c.cpu_ms:.1f} "
            f"| {c.raw_count1_s:.3f} | {c.wall_vs_count1:.2%}, {c.cpu_vs_count1:.2%} "
            f"| {c.raw_cached_s:.3f} | {c.wall_vs_cached:.2%}, {c.cpu_vs_cached:.2%} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    run_script(main)
