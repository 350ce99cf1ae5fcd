"""Two revisions of pytest-gotest against raw ``go test`` on one workload, in one paired loop.

For a change whose effect is smaller than the drift between two separate ``bench_real.py``
runs (medians of the same command move by 0.3 s on 8-10 s runs on a 2-core machine): every
repetition times raw ``go test -json ./...`` and the plugin of each revision, one after the
other, the order reversed on every other repetition, CPUs quiet before every sample. A
revision's ``src/`` is exported with ``git archive`` into ``WORK/ab/REV`` and put first on
``PYTHONPATH``; ``--new`` defaults to the working tree's ``src/``. The workloads, their
pinned versions and the environment are ``bench_real.py``'s.

Usage::

    python benchmarks/bench_ab.py --workload expr --base 67345ff [--new REV] [--count1]
                                  [--repeat 7] [--pytest-cache] [--pytest-args "-n 2"]
                                  [--work benchmarks/_work]

``--count1`` adds ``-count=1`` (a warm build, Go's test cache not used); without it Go's test
cache answers. ``--pytest-cache`` runs pytest as it runs by default, with its cacheprovider
(and so pytest-gotest's collection cache, warm after the untimed first round); without it
``-p no:cacheprovider``, as ``bench_real.py`` does. Prints medians of wall and CPU time per
variant and the ratios to raw (of the medians, and the median of each repetition's ratio),
and stops when a pytest run of one revision ends with other counts than the first run's.
``--pytest-args``: more arguments for both revisions' pytest runs (``-n 2``: pytest-xdist).
"""

from __future__ import annotations

import argparse
import io
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import (  # noqa: E402  (sibling scripts, not a package)
    BenchError,
    add_quiet_args,
    median_interval,
    pytest_counts,
    require_go,
    run_script,
    run_timed,
    wait_quiet,
)
from _realmods import WORKLOAD_NAMES, prepare_workload, workload  # noqa: E402
from bench_real import real_work  # noqa: E402

DEFAULT_WORK: Final = HERE / "_work"


def export_src(revision: str, target_root: Path) -> Path:
    """``src/`` of ``revision`` (a commit name), exported once into ``target_root``."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = target_root / commit
    if not (target / "src").is_dir():
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit, "src"],
            cwd=HERE.parent,
            capture_output=True,
            check=True,
        ).stdout
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    return target / "src"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", choices=WORKLOAD_NAMES, required=True)
    parser.add_argument("--base", required=True, help="the revision to compare against")
    parser.add_argument("--new", help="the revision to compare (default: the working tree)")
    parser.add_argument("--count1", action="store_true", help="add -count=1 to every run")
    parser.add_argument("--repeat", type=int, default=7, help="repetitions (default 7)")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds per run (default 120)"
    )
    parser.add_argument("--pyc", choices=("cache", "env"), default="cache")
    parser.add_argument(
        "--pytest-cache",
        action="store_true",
        help="run pytest with its cacheprovider (its default) instead of -p no:cacheprovider",
    )
    parser.add_argument(
        "--pytest-args", default="", help='more pytest arguments for both revisions, e.g. "-n 2"'
    )
    parser.add_argument("--synthetic-packages", type=int, default=200)
    parser.add_argument("--synthetic-tests", type=int, default=10)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="work directory")
    add_quiet_args(parser)
    return parser.parse_args(argv)


def _cache_args(use_cache: bool, directory: Path) -> list[str]:
    """pytest's default, the cacheprovider on (and with it the collection cache), in a cache
    directory of the variant's own outside the module; or no cacheprovider."""
    return ["-o", f"cache_dir={directory}"] if use_cache else ["-p", "no:cacheprovider"]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    go = require_go()
    work, root, env = real_work(args.work, go, args.pyc)
    synthetic = (args.synthetic_packages, args.synthetic_tests)
    module = prepare_workload(go, workload(args.workload, *synthetic), root, env, synthetic)
    sources = {
        "base": export_src(args.base, work / "ab"),
        "new": export_src(args.new, work / "ab") if args.new else HERE.parent / "src",
    }
    count = ["-count=1"] if args.count1 else []
    commands = {"raw": [go, "test", "-json", *count, "./..."]}
    envs = {"raw": env}
    for name, src in sources.items():
        flags = ["--go-flags=-count=1"] if args.count1 else []
        cache = _cache_args(args.pytest_cache, work / "ab" / "pytest-cache" / name)
        extra = shlex.split(args.pytest_args)
        commands[name] = [sys.executable, "-m", "pytest", "-q", *cache, *flags, *extra]
        commands[name].append(".")
        envs[name] = {**env, "PYTHONPATH": f"{src}:{env['PYTHONPATH']}"}
    print(f"{args.workload} in {module}; base {sources['base']}, new {sources['new']}")
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    expected: dict[str, int] | None = None
    logs = work / "ab" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # One untimed round first: Go's build (and test) cache, Python's bytecode cache.
    for repetition in range(args.repeat + 1):
        order = list(commands) if repetition % 2 else list(reversed(commands))
        for name in order:
            for _attempt in range(2):
                wait_quiet(args.quiet_threshold, args.quiet_wait)
                result = run_timed(
                    commands[name], module, logs / f"{name}.out", envs[name], timeout=args.timeout
                )
                if not result.timed_out:
                    break
                # expr's own TestEventuallyTimeout (its copy of testify) hangs now and then,
                # with or without the plugin (twice in about 60 raw runs): taken again, once.
                print(f"  {name} timed out after {args.timeout} s: taken again", flush=True)
            else:
                raise BenchError(f"{name} timed out twice after {args.timeout} s")
            if name != "raw":
                counts = pytest_counts(result.output)
                if expected is None:
                    expected = counts
                elif counts != expected:
                    raise BenchError(f"{name}: {counts}, the first pytest run: {expected}")
            if repetition == 0:
                continue
            seconds[name].append(result.seconds)
            cpu[name].append(result.cpu_seconds)
            print(f"  rep {repetition}/{args.repeat} {name:5s} {result.seconds:7.3f} s", flush=True)
    _print_table(seconds, cpu)
    return 0


def _print_table(seconds: dict[str, list[float]], cpu: dict[str, list[float]]) -> None:
    """Medians per variant, their ratios to raw, and the median of each repetition's ratio
    with its 95% interval (``median_interval``)."""
    raw = statistics.median(seconds["raw"])
    print(
        "\n| variant | median s | min s | max s | CPU s | / raw "
        "| / raw, per repetition | its 95% interval |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, samples in seconds.items():
        median = statistics.median(samples)
        # Each sample over raw's sample of the same repetition: drift between repetitions
        # (the machine's speed that minute) cancels.
        pairs = zip(samples, seconds["raw"], strict=True)
        ratios = [sample / raw_sample for sample, raw_sample in pairs]
        interval = median_interval(ratios)
        spread = f"{interval[0]:.3f}x-{interval[1]:.3f}x" if interval else "n/a (< 6)"
        print(
            f"| {name} | {median:.3f} | {min(samples):.3f} | {max(samples):.3f} "
            f"| {statistics.median(cpu[name]):.2f} | {median / raw:.3f}x "
            f"| {statistics.median(ratios):.3f}x | {spread} |"
        )


if __name__ == "__main__":
    run_script(main)
