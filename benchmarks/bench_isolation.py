"""What ``--go-isolate`` costs per test binary (benchmarks/README.md).

    python benchmarks/bench_isolation.py [--packages 100] [--tests 10] [--repeat 5] [--work DIR]

Uses bench_run.py's synthetic module (WORK/isomod). Warms Go's build cache untimed, then times
each scenario ``--repeat`` times, interleaved (order reversed on every other repetition), and
prints the medians of wall and CPU time (the process tree's, from ``wait4``):

    raw        go test -json -count=1 ./...
    isolated   the same through the --go-isolate launcher (-exec), as the plugin runs it
    cached     the isolated command again without -count=1, twice: the second is served by
               Go's test cache (the launcher passes go the test log it needs for that)

The difference raw -> isolated, divided by the number of packages, is the launcher's cost per
test binary: a Python start (``-I -S``), unshare, bringing ``lo`` up, the execve.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import run_timed  # noqa: E402
from bench_run import generate_module  # noqa: E402

from pytest_gotest.core.isolation import DEFAULT_ENV_ALLOW, exec_flag, probe  # noqa: E402

DEFAULT_WORK = HERE / "_work"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--packages", type=int, default=100)
    parser.add_argument("--tests", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args(argv)
    reason = probe()
    if reason is not None:
        raise SystemExit(f"no network namespaces here: {reason}")
    root = args.work / "isomod"
    generate_module(root, args.packages, args.tests)
    private = Path(tempfile.mkdtemp(prefix="bench-isolate-"))
    try:
        return _measure(args, root, private)
    finally:
        shutil.rmtree(private, ignore_errors=True)  # the binaries' private HOMEs and TMPDIRs


def _measure(args: argparse.Namespace, root: Path, private: Path) -> int:
    env = {**os.environ, "PYTEST_GOTEST_ISOLATE_DIR": str(private)}
    isolate = exec_flag(DEFAULT_ENV_ALLOW)
    scenarios = {
        "raw": ["go", "test", "-json", "-count=1", "./..."],
        "isolated": ["go", "test", "-json", "-count=1", isolate, "./..."],
    }
    out = args.work / "bench-isolation.out"
    for argv_ in scenarios.values():  # warm the build cache, untimed
        run_timed(argv_, root, out, env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in scenarios}
    for repetition in range(args.repeat):
        order = list(scenarios) if repetition % 2 == 0 else list(reversed(scenarios))
        for name in order:
            result = run_timed(scenarios[name], root, out, env)
            if result.returncode != 0:
                raise SystemExit(f"{name} failed:\n{result.output[-3000:]}")
            times[name].append((result.seconds, result.cpu_seconds))
    cached_argv = ["go", "test", "-json", isolate, "./..."]
    run_timed(cached_argv, root, out, env)
    cached = run_timed(cached_argv, root, out, env)
    replayed = cached.output.count("(cached)")  # go's "ok <pkg> (cached)" line, once a package
    print(f"{args.packages} packages x {args.tests} tests, medians of {args.repeat}")
    for name, samples in times.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        print(f"  {name:9s} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    raw_cpu = statistics.median(s[1] for s in times["raw"])
    iso_cpu = statistics.median(s[1] for s in times["isolated"])
    raw_wall = statistics.median(s[0] for s in times["raw"])
    iso_wall = statistics.median(s[0] for s in times["isolated"])
    print(
        f"  isolated / raw: wall {iso_wall / raw_wall:.2f}x, cpu {iso_cpu / raw_cpu:.2f}x; "
        f"per test binary +{(iso_cpu - raw_cpu) / args.packages * 1000:.1f} ms cpu, "
        f"+{(iso_wall - raw_wall) / args.packages * 1000:.1f} ms wall"
    )
    print(f"  cached isolated rerun: {cached.seconds:.2f} s, {replayed} packages '(cached)'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
