"""What the init-hazard analysis costs (docs/init-hazards.md; issue 4).

Two parts, both on the synthetic module of ``bench_run.py`` (same generator):

1. The analysis alone, in this process, on a ``--packages`` (default 1000) package module, the
   way the plugin runs it after discovery (``go list`` is not counted: discovery runs it
   anyway): ``build`` (the analyzer built into an empty user cache, once), ``cold`` (results
   cache empty, analyzer built: go list -deps/-export plus type-checking every package) and
   ``warm`` (results cached: hash every Go file, read one JSON document). Medians.
2. Whole runs on a ``--run-packages`` (default 200) package module with ``-count=1``, paired and
   alternating in order on every repetition: raw ``go test -json ./...``, the plugin with
   ``--go-init-hazards=off``, the plugin with warm results (the default ``warn``) and with cold
   results (a fresh results cache per repetition; the analyzer binary stays built). Medians and
   the paired ratios against raw go and against ``off``.

Usage: ``python benchmarks/bench_hazards.py [--packages N] [--run-packages N] [--repeat R]
[--warm-repeat R] [--skip-runs] [--skip-analysis]``. Results go to stdout and
``benchmarks/_work/hazards.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import BenchError, pytest_counts, run_timed  # noqa: E402  (sibling script)
from bench_run import generate_module  # noqa: E402

from pytest_gotest.core.discovery import Discovery  # noqa: E402
from pytest_gotest.core.toolchain import GoToolchain, find_go  # noqa: E402
from pytest_gotest.hazards.analysis import HazardAnalysis, ModuleRequest  # noqa: E402
from pytest_gotest.hazards.build import ensure_analyzer, go_version  # noqa: E402
from pytest_gotest.hazards.cache import ModuleSources  # noqa: E402

WORK: Final = HERE / "_work"


def module_requests(go: str, module: Path) -> list[ModuleRequest]:
    """The request the plugin makes for a run of the whole module: its tested packages, and
    every package's Go files for the cache key (``plugin/hazards.py``, ``_requests``)."""
    discovery = Discovery(GoToolchain(go))
    listing = discovery.listing(module)
    sources = tuple(ModuleSources(p.import_path, p.dir, p.go_files) for p in listing.values())
    tested = tuple(sorted(p.import_path for p in listing.values() if p.test_files))
    return [ModuleRequest(module, tested, sources)]


def _analyse(go: str, requests: list[ModuleRequest], cache: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    analysis = HazardAnalysis(GoToolchain(go), requests, cache=cache)
    analysis.start()
    result = analysis.result()
    seconds = time.perf_counter() - start
    if result.problems:
        raise BenchError(
            "analysis problems: " + "\n".join(f"{where}: {what}" for where, what in result.problems)
        )
    return seconds, result.analyzer_runs, len(result.findings)


def analysis_only(go: str, packages: int, repeat: int, warm_repeat: int) -> dict[str, object]:
    module = WORK / f"hazards-mod-{packages}"
    generate_module(module, packages, 2)
    requests = module_requests(go, module)
    cache = Path(tempfile.mkdtemp(prefix="bench-hazards-cache-"))
    try:
        start = time.perf_counter()
        ensure_analyzer(go, go_version(go), cache=cache)
        build = time.perf_counter() - start
        cold: list[float] = []
        for _ in range(repeat):
            shutil.rmtree(cache / "results", ignore_errors=True)
            seconds, runs, findings = _analyse(go, requests, cache)
            assert runs == 1, runs
            cold.append(seconds)
        warm: list[float] = []
        for _ in range(warm_repeat):
            seconds, runs, findings = _analyse(go, requests, cache)
            assert runs == 0, "warm run ran the analyzer"
            warm.append(seconds)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return {
        "packages": packages,
        "findings": findings,
        "build_s": round(build, 3),
        "cold_median_s": round(statistics.median(cold), 3),
        "cold_samples": [round(x, 3) for x in cold],
        "warm_median_s": round(statistics.median(warm), 3),
        "warm_samples": [round(x, 3) for x in warm],
    }


def whole_runs(go: str, packages: int, repeat: int) -> dict[str, object]:
    module = WORK / f"hazards-run-{packages}"
    generate_module(module, packages, 2)
    user_cache = Path(tempfile.mkdtemp(prefix="bench-hazards-xdg-"))
    env = dict(os.environ, XDG_CACHE_HOME=str(user_cache))
    py = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--go-flags=-count=1"]
    scenarios: dict[str, list[str]] = {
        "raw": [go, "test", "-json", "-count=1", "./..."],
        "off": [*py, "--go-init-hazards=off"],
        "warn_warm": [*py, "--go-init-hazards=warn"],
        "warn_cold": [*py, "--go-init-hazards=warn"],
    }
    samples: dict[str, list[float]] = {name: [] for name in scenarios}
    out = WORK / "hazards-run.out"
    try:
        # Build the analyzer and fill the results cache once, outside the timings.
        run_timed(scenarios["warn_warm"], module, out, env)
        names = list(scenarios)
        for index in range(repeat):
            order = names if index % 2 == 0 else names[::-1]
            for name in order:
                if name == "warn_cold":
                    shutil.rmtree(user_cache / "pytest-gotest" / "results", ignore_errors=True)
                result = run_timed(scenarios[name], module, out, env)
                if result.returncode != 0:
                    raise BenchError(f"{name} exited {result.returncode}: {result.output[-2000:]}")
                if name != "raw" and pytest_counts(result.output).get("passed", 0) < packages * 2:
                    raise BenchError(f"{name}: not every test passed: {result.output[-2000:]}")
                if name == "warn_warm" and pytest_counts(result.output).get("warnings"):
                    raise BenchError(f"{name}: unexpected warnings: {result.output[-2000:]}")
                samples[name].append(result.seconds)
                # The cold run must really have analysed: a new results entry exists (and it
                # is what the next warm sample reads).
                results_dir = user_cache / "pytest-gotest" / "results"
                if name == "warn_cold" and not any(results_dir.glob("*.json")):
                    raise BenchError("warn_cold wrote no analysis result")
    finally:
        shutil.rmtree(user_cache, ignore_errors=True)

    def ratio(a: str, b: str) -> float:
        return round(
            statistics.median(x / y for x, y in zip(samples[a], samples[b], strict=True)), 3
        )

    return {
        "packages": packages,
        "repeat": repeat,
        "median_s": {name: round(statistics.median(v), 3) for name, v in samples.items()},
        "samples_s": {name: [round(x, 3) for x in v] for name, v in samples.items()},
        "ratio_vs_raw": {name: ratio(name, "raw") for name in ("off", "warn_warm", "warn_cold")},
        "ratio_vs_off": {name: ratio(name, "off") for name in ("warn_warm", "warn_cold")},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", type=int, default=1000)
    parser.add_argument("--run-packages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warm-repeat", type=int, default=7)
    parser.add_argument("--skip-runs", action="store_true", help="only the analysis itself")
    parser.add_argument("--skip-analysis", action="store_true", help="only the whole runs")
    args = parser.parse_args(argv)
    go = find_go(None)
    if go is None:
        print("no go executable found", file=sys.stderr)
        return 2
    WORK.mkdir(exist_ok=True)
    results: dict[str, object] = {"go": go_version(go), "cpus": os.cpu_count()}
    if not args.skip_analysis:
        results["analysis"] = analysis_only(go, args.packages, args.repeat, args.warm_repeat)
        print(json.dumps(results["analysis"], indent=1), flush=True)
    if not args.skip_runs:
        results["runs"] = whole_runs(go, args.run_packages, args.repeat)
        print(json.dumps(results["runs"], indent=1), flush=True)
    (WORK / "hazards.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
