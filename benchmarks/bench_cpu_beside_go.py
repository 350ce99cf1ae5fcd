"""What another process's CPU time costs a ``go test -count=1`` run that keeps every core busy.

Issue 11, item 2: why the synthetic module's ratio has a floor.

The plugin's ratio on a warm ``-count=1`` run is raw go test plus what the pytest process does
beside it. This script measures the second part without pytest: raw ``go test -json -count=1
./...`` alone, and beside a stand-in process (a Python loop) that burns a given number of
CPU-seconds spread evenly over the run, at niceness 0 and 19, interleaved, quiet machine
before each sample. It prints, per variant, the median wall time, the median of each
repetition's ratio to the raw run beside it, and the wall time added per CPU-second the
stand-in used (its own CPU time, from ``wait4``).

If a CPU-second beside go costs about half a second of wall time whatever the niceness, then a
plugin whose process needs C CPU-seconds while go runs cannot do better than about
``1 + (start + C/2) / raw`` on that machine, with ``start`` the time before go can start.

Usage: ``python benchmarks/bench_cpu_beside_go.py [--workload synthetic] [--cpu 0.5,1.0]
[--repeat 7]``. Writes ``WORK/cpu_beside_go.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import (  # noqa: E402  (sibling scripts, not a package)
    add_quiet_args,
    median_interval,
    require_go,
    run_timed,
    wait_quiet,
)
from _realmods import WORKLOAD_NAMES, prepare_workload, workload  # noqa: E402
from bench_real import real_work  # noqa: E402

DEFAULT_WORK: Final = HERE / "_work"

# Burns CPU_SECONDS of CPU time in even slices over SPAN seconds (then idles until killed).
_STAND_IN: Final = """
import os, sys, time
budget, span, niceness = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
if niceness:
    os.nice(niceness)
period = 0.02
slice_ = budget / span * period
used = 0.0
start = time.process_time()
while used < budget:
    begin = time.process_time()
    while time.process_time() - begin < slice_:
        pass
    used = time.process_time() - start
    time.sleep(max(0.0, period - slice_))
time.sleep(3600)
"""


@dataclass
class Sample:
    variant: str
    repetition: int
    seconds: float
    go_cpu_seconds: float
    stand_in_cpu_seconds: float


def _stand_in(cpu: float, span: float, niceness: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _STAND_IN, str(cpu), str(span), str(niceness)],
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(stand_in: subprocess.Popen[bytes]) -> float:
    """Stops the stand-in; its CPU time."""
    os.killpg(stand_in.pid, signal.SIGKILL)
    _, _, usage = os.wait4(stand_in.pid, 0)
    stand_in.returncode = -9
    return usage.ru_utime + usage.ru_stime


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workload", default="synthetic", choices=WORKLOAD_NAMES)
    parser.add_argument(
        "--cpu", default="0.5,1.0", help="CPU-seconds the stand-in burns, comma-separated"
    )
    parser.add_argument("--nice", default="0,19", help="the stand-in's niceness, comma-separated")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--synthetic-packages", type=int, default=200)
    parser.add_argument("--synthetic-tests", type=int, default=10)
    add_quiet_args(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    go = require_go()
    work, root, env = real_work(args.work, go, "cache")  # bytecode in WORK, as bench_real
    w = workload(args.workload, args.synthetic_packages, args.synthetic_tests)
    module = prepare_workload(go, w, root, env, (args.synthetic_packages, args.synthetic_tests))
    logs = root / "logs"
    logs.mkdir(exist_ok=True)
    raw = [go, "test", "-json", "-count=1", "./..."]
    warm = run_timed(raw, module, logs / "beside-warmup.json", env)  # builds, untimed
    span = warm.seconds
    variants = [("raw", 0.0, 0)] + [
        (f"beside {cpu:g} CPU-s, nice {nice}", cpu, nice)
        for cpu in (float(c) for c in args.cpu.split(","))
        for nice in (int(n) for n in args.nice.split(","))
    ]
    samples: list[Sample] = []
    for repetition in range(args.repeat):
        order = variants if repetition % 2 == 0 else list(reversed(variants))
        for name, cpu, nice in order:
            wait_quiet(args.quiet_threshold, args.quiet_wait)
            stand_in = _stand_in(cpu, span, nice) if cpu else None
            if stand_in is not None:
                time.sleep(0.05)  # its interpreter up before go starts
            result = run_timed(raw, module, logs / "beside.json", env)
            used = _stop(stand_in) if stand_in is not None else 0.0
            samples.append(Sample(name, repetition, result.seconds, result.cpu_seconds, used))
            print(f"  {repetition} {name}: {result.seconds:.3f} s (stand-in {used:.2f} CPU-s)")
    print(f"\n{w.name}, raw go test -json -count=1 ./..., {args.repeat} repetitions\n")
    print(
        "| variant | median s | go CPU s | stand-in CPU s | ratio to raw (per repetition) "
        "| wall added per stand-in CPU-s |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    raw_by_rep = {s.repetition: s.seconds for s in samples if s.variant == "raw"}
    summary = []
    for name, _, _ in variants:
        mine = [s for s in samples if s.variant == name]
        ratios = [s.seconds / raw_by_rep[s.repetition] for s in mine]
        added = [
            (s.seconds - raw_by_rep[s.repetition]) / s.stand_in_cpu_seconds
            for s in mine
            if s.stand_in_cpu_seconds > 0
        ]
        interval = median_interval(ratios)
        shown = f" ({interval[0]:.3f}-{interval[1]:.3f})" if interval else ""
        row = {
            "variant": name,
            "median_s": statistics.median(s.seconds for s in mine),
            "go_cpu_s": statistics.median(s.go_cpu_seconds for s in mine),
            "stand_in_cpu_s": statistics.median(s.stand_in_cpu_seconds for s in mine),
            "ratio": statistics.median(ratios),
            "added_per_cpu_s": statistics.median(added) if added else None,
        }
        summary.append(row)
        per_cpu = f"{row['added_per_cpu_s']:.2f} s" if added else "-"
        print(
            f"| {name} | {row['median_s']:.3f} | {row['go_cpu_s']:.2f} | "
            f"{row['stand_in_cpu_s']:.2f} | {row['ratio']:.3f}x{shown} | {per_cpu} |"
        )
    out = work / "cpu_beside_go.json"
    out.write_text(
        json.dumps({"samples": [asdict(s) for s in samples], "summary": summary}, indent=1),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
