"""Overhead of --go-cov against raw ``go test -cover -coverprofile ./...`` (benchmarks/README.md).

    python benchmarks/bench_cov.py [--packages 100] [--tests 10] [--repeat 5] [--work DIR]

Uses bench_run.py's synthetic module (WORK/covmod). Warms Go's build cache untimed, then times
each scenario ``--repeat`` times (order reversed on every other repetition) and prints the
medians and the ratio plugin / raw:

    raw        go test -count=1 -cover -coverprofile=raw.out ./...
    plugin     pytest --go-flags=-count=1 --go-cov --go-cov-report=profile:plugin.out
    plugin_nocov  the same without --go-cov (for reference)

The plugin's number includes pytest start-up, collection, the merge of all profiles and
writing the merged profile. Both profiles are checked to hold the same blocks.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_run import generate_module  # noqa: E402

DEFAULT_WORK = HERE / "_work"


def timed(argv: Sequence[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}")
    return elapsed


def blocks(path: Path) -> set[str]:
    lines = path.read_text().splitlines()
    return {line.rsplit(" ", 2)[0] for line in lines[1:] if line.strip()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--packages", type=int, default=100)
    parser.add_argument("--tests", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args(argv)

    module = args.work.resolve() / "covmod"
    generate_module(module, args.packages, args.tests)
    go = os.environ.get("GO", "go")
    py = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    scenarios = {
        "raw": [go, "test", "-count=1", "-cover", "-coverprofile=raw.out", "./..."],
        "plugin": [
            *py,
            "--go-flags=-count=1",
            "--go-cov",
            "--go-cov-report=profile:plugin.out",
        ],
        "plugin_nocov": [*py, "--go-flags=-count=1"],
    }
    timed([go, "test", "-count=1", "-cover", "-coverprofile=warm.out", "./..."], module)
    for command in scenarios.values():  # warm-up, untimed
        timed(command, module)
    if blocks(module / "raw.out") != blocks(module / "plugin.out"):
        raise SystemExit("the merged profile does not hold the same blocks as go's")

    samples: dict[str, list[float]] = {name: [] for name in scenarios}
    names = list(scenarios)
    for repetition in range(args.repeat):
        for name in names if repetition % 2 == 0 else reversed(names):
            samples[name].append(timed(scenarios[name], module))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    result = {
        "packages": args.packages,
        "tests_per_package": args.tests,
        "repeat": args.repeat,
        "cpus": os.cpu_count(),
        "median_seconds": {k: round(v, 3) for k, v in medians.items()},
        "min_seconds": {k: round(min(v), 3) for k, v in samples.items()},
        "ratio_plugin_over_raw": round(medians["plugin"] / medians["raw"], 3),
        "cov_cost_in_plugin": round(medians["plugin"] / medians["plugin_nocov"], 3),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
