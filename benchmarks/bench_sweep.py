"""Go's test cache answering, on every module ``parity.py`` checks: plugin / (raw + empty pytest).

Issue 11, item 1 names four real workloads (``bench_real.py``); this script looks for a
module among ``parity.py``'s 171 (fetched through the Go module proxy at pinned versions)
where the plugin is far slower than ``go test`` with Go's test cache answering, the run a
developer repeats most. A path that is slow on one kind of module only (a package that does
not build, a test printing hundreds of megabytes) shows up here and nowhere else.

Per module, with that module's go test flags from ``parity.py``: two untimed raw runs (the
first fills Go's caches; a module whose second takes longer than ``--limit`` seconds is
skipped) and one of pytest (Python's bytecode), then ``--repeat`` interleaved
repetitions of raw ``go test -json ./...`` and ``pytest -q``; an empty pytest session (one
trivial Python test, in ``WORK/real/empty``) is timed ``--repeat`` times at the start. It
prints the medians, the ratio against the target's denominator, whether Go reran tests (a
failing test is never cached: then the run is not a cached one and the ratio is a
``-count=1``-like one) and the CPU time of each side; the slowest ratios come last.

Usage: ``python benchmarks/bench_sweep.py [--modules NAME,...] [--repeat 3] [--limit 120]``
(``--limit``: skip modules whose warm raw run takes longer, in seconds). Writes
``WORK/sweep.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import BenchError, RunResult, child_env, require_go, run_script, run_timed  # noqa: E402
from _realmods import Workload, prepare_workload, stream_events  # noqa: E402
from parity import MODULES, Module  # noqa: E402

DEFAULT_WORK: Final = HERE / "_work"
TARGET: Final = 1.7  # issue 11, item 1
_FIRST_RUN_TIMEOUT: Final = 1800.0


@dataclass(frozen=True)
class Sample:
    module: str
    raw_s: float
    plugin_s: float
    empty_s: float
    raw_cpu_s: float
    plugin_cpu_s: float
    reran: bool  # Go ran some package's tests rather than replaying its cached result
    ratio: float


def _reran(stream: Path) -> bool:
    """Whether a package's summary line says it ran (``ok  pkg 0.01s``), not ``(cached)``."""
    for event in stream_events(stream):
        text = event.get("Output") or ""
        summary = event.get("Test") is None and text.startswith(("ok  ", "FAIL\t"))
        if summary and "(cached)" not in text:
            return True
    return False


def _median(results: Sequence[RunResult], cpu: bool = False) -> float:
    return statistics.median(r.cpu_seconds if cpu else r.seconds for r in results)


def measure(
    go: str,
    module: Module,
    root: Path,
    env: dict[str, str],
    repeat: int,
    limit: float,
    empty: float,
) -> Sample | None:
    """One module's sample; None when its warm raw run takes longer than ``limit``."""
    directory = prepare_workload(
        go, Workload(module.name, module.path, module.version), root, env, (0, 0)
    )
    logs = root / "sweep-logs"
    logs.mkdir(exist_ok=True)
    raw_argv = [go, "test", "-json", *module.flags, "./..."]
    plugin_argv = [sys.executable, "-m", "pytest", "-q", *module.pytest_args]
    if module.flags:
        plugin_argv.append("--go-flags=" + " ".join(module.flags))
    stream = logs / f"{module.name}.json"
    # The first run fills Go's caches (it may build and run everything); the second says
    # how long a run of this module takes once they are warm.
    run_timed(raw_argv, directory, stream, env, timeout=_FIRST_RUN_TIMEOUT)
    warm = run_timed(raw_argv, directory, stream, env, timeout=max(limit, 1) * 3)
    if warm.timed_out or warm.seconds > limit:
        print(f"{module.path}: skipped, a warm raw run took {warm.seconds:.1f} s", flush=True)
        return None
    run_timed(plugin_argv, directory, logs / f"{module.name}.pytest.out", env, timeout=limit * 3)
    raws: list[RunResult] = []
    plugins: list[RunResult] = []
    for _ in range(repeat):
        raws.append(run_timed(raw_argv, directory, stream, env, timeout=limit * 3))
        plugins.append(
            run_timed(
                plugin_argv, directory, logs / f"{module.name}.pytest.out", env, timeout=limit * 3
            )
        )
    raw_s, plugin_s = _median(raws), _median(plugins)
    return Sample(
        module=module.path,
        raw_s=raw_s,
        plugin_s=plugin_s,
        empty_s=empty,
        raw_cpu_s=_median(raws, cpu=True),
        plugin_cpu_s=_median(plugins, cpu=True),
        reran=_reran(stream),
        ratio=plugin_s / (raw_s + empty),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--modules", help="comma-separated module paths or path elements")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=120.0)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args(argv)
    chosen = list(MODULES)
    if args.modules:
        wanted = set(args.modules.split(","))
        # A name is the whole path or any of its elements ("apd" for .../apd/v3).
        chosen = [m for m in MODULES if m.path in wanted or wanted & set(m.path.split("/"))]
    if not chosen:
        raise BenchError(f"no module of parity.py matches {args.modules!r}")
    go = require_go()
    work = args.work.resolve()
    root = work / "parity"  # shared with parity.py: each module is fetched once
    root.mkdir(parents=True, exist_ok=True)
    # As parity.py: some modules' go.mod at their tag is not tidy; this Go, not a download.
    env = dict(child_env(work, "cache"), GOFLAGS="-mod=mod", GOTOOLCHAIN="local")
    empty_dir = work / "real" / "empty"
    empty_dir.mkdir(parents=True, exist_ok=True)
    (empty_dir / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    # As bench_real.py's: pytest with the plugin installed, one trivial Python test.
    (empty_dir / "test_trivial.py").write_text("def test_ok() -> None:\n    pass\n", "utf-8")
    empty_argv = [sys.executable, "-m", "pytest", "-q"]
    out = work / "sweep-empty.out"
    run_timed(empty_argv, empty_dir, out, env)  # untimed: Python's bytecode cache
    empty = statistics.median(
        run_timed(empty_argv, empty_dir, out, env).seconds for _ in range(max(args.repeat, 3))
    )
    samples: list[Sample] = []
    for module in chosen:
        try:
            sample = measure(go, module, root, env, args.repeat, args.limit, empty)
        except BenchError as exc:
            print(f"{module.path}: {exc}", flush=True)
            continue
        if sample is not None:
            samples.append(sample)
            print(
                f"{sample.module:50s} raw {sample.raw_s:6.2f} plugin {sample.plugin_s:6.2f} "
                f"ratio {sample.ratio:5.2f}{'  (go reran tests)' if sample.reran else ''}",
                flush=True,
            )
    (work / "sweep.json").write_text(json.dumps([asdict(s) for s in samples], indent=1), "utf-8")
    _print_table(samples, empty)
    return 0


def _print_table(samples: Sequence[Sample], empty: float) -> None:
    cached = [s for s in samples if not s.reran]
    print(f"\nempty pytest session {empty:.3f} s; {len(cached)} of {len(samples)} modules cached")
    print("\n| module | raw s | plugin s | plugin / (raw + empty) | CPU s raw, plugin | go reran |")
    print("|---|---:|---:|---:|---|---|")
    for s in sorted(samples, key=lambda s: s.ratio):
        print(
            f"| {s.module} | {s.raw_s:.3f} | {s.plugin_s:.3f} | {s.ratio:.3f}x | "
            f"{s.raw_cpu_s:.2f}, {s.plugin_cpu_s:.2f} | {'yes' if s.reran else ''} |"
        )
    if cached:
        ratios = sorted(s.ratio for s in cached)
        over = [s.module for s in cached if s.ratio > TARGET]
        print(
            f"\ncached modules: median ratio {statistics.median(ratios):.3f}x, "
            f"highest {ratios[-1]:.3f}x; over {TARGET}x: {', '.join(over) or 'none'}"
        )


if __name__ == "__main__":
    run_script(main)
