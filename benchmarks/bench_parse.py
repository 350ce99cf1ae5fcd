"""Event-stream parsing throughput of pytest-gotest's pure core (targets: benchmarks/README.md).

Times what the reader thread of one ``go test -json`` process does with its stdout, plus what
the main thread does once per package: every line through ``StreamFolder(packages,
CaptureLimits()).feed_text`` in chunks of whole lines of up to 1 MB (as the runner's reader
thread feeds it), then ``finish`` and ``resolve`` for
each package. Reports events (lines) per second, the median of ``--repeat`` runs; target:
>= 300,000 events/s. For context it also times a plain ``json.loads`` of every line.

Sources of the stream:

* ``--source synth`` (default): about ``--lines`` lines (default 1,000,000) in Go 1.26's exact
  format, all tests passing: plain tests, table-driven subtests, ``t.Parallel`` tests
  (pause/cont), ``t.Log`` output, package ``PASS``/``ok`` lines.
* ``--source go``: records ``go test -json -count=1 ./...`` once on the synthetic module of
  ``bench_run.py`` (generated if missing) and repeats it, with renamed packages, up to
  ``--lines``.
* ``--source file --stream PATH``: a recorded ``go test -json`` stream as it is (for example
  expr's, ``benchmarks/_work/ab/logs/raw.out`` after ``bench_ab.py --workload expr``); each
  top-level test must come out as Go ended it.

A second row folds the same stream through ``feed_lines`` in one call, the reader's path
before ``feed_text`` (a diagnostic: what the text path gains on this stream).

Usage: ``python benchmarks/bench_parse.py [--source synth|go|file] [--stream PATH] [--lines N]
[--repeat R]``.
Standard library (and pytest-gotest) only.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from bench_run import generate_module, source_revision, wait_quiet

from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.outcome import TestSlot
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.resolve import resolve

HERE: Final = Path(__file__).resolve().parent
TARGET_EVENTS_PER_S: Final = 300_000
_PREFIX: Final = "example.com/bench"


@dataclass(frozen=True)
class Stream:
    lines: list[str]  # as read from a text pipe: each ends with "\n"
    selected: dict[str, list[str]]  # package -> top-level test names
    # (package, test) -> the status Go's own result means, where it is not "passed"
    not_passed: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def size_bytes(self) -> int:
        return sum(len(line) for line in self.lines)


class _Clock:
    """Go-style RFC 3339 timestamps, strictly increasing, a few microseconds apart."""

    def __init__(self) -> None:
        self.ns = 0

    def __call__(self) -> str:
        self.ns += 2_345
        seconds, ns = divmod(self.ns, 1_000_000_000)
        minutes, seconds = divmod(seconds, 60)
        return f"2026-11-27T10:{minutes % 60:02d}:{seconds:02d}.{ns:09d}Z"


def _event(
    clock: Callable[[], str],
    action: str,
    pkg: str,
    test: str | None = None,
    output: str | None = None,
    elapsed: float | None = None,
) -> str:
    # Field order and escaping as Go's encoder writes them (Time, Action, Package, Test,
    # Elapsed, Output); json.dumps escapes the same characters for this ASCII text.
    parts = [f'"Time":"{clock()}"', f'"Action":"{action}"', f'"Package":"{pkg}"']
    if test is not None:
        parts.append(f'"Test":"{test}"')
    if elapsed is not None:
        parts.append(f'"Elapsed":{elapsed:g}')
    if output is not None:
        parts.append('"Output":' + json.dumps(output))
    return "{" + ",".join(parts) + "}\n"


def _synth_test(clock: Callable[[], str], pkg: str, name: str, kind: int, out: list[str]) -> None:
    def ev(action: str, test: str, output: str | None = None, elapsed: float | None = None) -> None:
        out.append(_event(clock, action, pkg, test, output, elapsed))

    ev("run", name)
    ev("output", name, f"=== RUN   {name}\n")
    if kind == 1:
        for case in ("small", "medium", "large"):
            sub = f"{name}/{case}"
            ev("run", sub)
            ev("output", sub, f"=== RUN   {sub}\n")
            ev("output", sub, f"--- PASS: {sub} (0.00s)\n")
            ev("pass", sub, elapsed=0)
    elif kind == 2:
        ev("output", name, f"=== PAUSE {name}\n")
        ev("pause", name)
        ev("cont", name)
        ev("output", name, f"=== CONT  {name}\n")
    elif kind == 3:
        ev("output", name, f"    {name.lower()}_test.go:42: checksum of 2000 values: 1026962901\n")
    ev("output", name, f"--- PASS: {name} (0.00s)\n")
    ev("pass", name, elapsed=0)


def synthesize(target_lines: int, tests_per_package: int = 100) -> Stream:
    clock = _Clock()
    lines: list[str] = []
    selected: dict[str, list[str]] = {}
    index = 0
    while len(lines) < target_lines:
        pkg = f"{_PREFIX}/p{index:05d}"
        index += 1
        names = [f"TestCase{t:03d}" for t in range(tests_per_package)]
        selected[pkg] = names
        lines.append(_event(clock, "start", pkg))
        for t, name in enumerate(names):
            _synth_test(clock, pkg, name, t % 4, lines)
        lines.append(_event(clock, "output", pkg, output="PASS\n"))
        lines.append(_event(clock, "output", pkg, output=f"ok  \t{pkg}\t0.012s\n"))
        lines.append(_event(clock, "pass", pkg, elapsed=0.012))
    return Stream(lines, selected)


def record(module: Path, target_lines: int) -> Stream:
    """One real ``go test -json`` stream, repeated with renamed packages up to the target."""
    if not (module / "go.mod").is_file():
        print(f"generating the synthetic module in {module} ...", flush=True)
        generate_module(module, 200, 10)
    print("recording go test -json -count=1 ./... ...", flush=True)
    proc = subprocess.run(
        ["go", "test", "-json", "-count=1", "./..."],
        cwd=module,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench_parse: go test failed:\n{proc.stderr[-2000:]}")
    base = proc.stdout.splitlines(keepends=True)
    base_selected: dict[str, list[str]] = {}
    for line in base:
        obj = json.loads(line)
        test = obj.get("Test")
        if obj.get("Action") == "run" and test and "/" not in test:
            base_selected.setdefault(obj["Package"], []).append(test)
    lines: list[str] = []
    selected: dict[str, list[str]] = {}
    copy = 0
    while len(lines) < target_lines:
        old, new = f'"Package":"{_PREFIX}/', f'"Package":"{_PREFIX}/c{copy}/'
        lines.extend(line.replace(old, new) for line in base)
        for pkg, names in base_selected.items():
            selected[pkg.replace(f"{_PREFIX}/", f"{_PREFIX}/c{copy}/", 1)] = names
        copy += 1
    return Stream(lines, selected)


def read_stream(path: Path) -> Stream:
    """A recorded stream; its top-level tests and what Go said of those that did not pass."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    selected: dict[str, list[str]] = {}
    not_passed: dict[tuple[str, str], str] = {}
    statuses = {"fail": "failed", "skip": "skipped"}
    for line in lines:
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        test, package, action = obj.get("Test"), obj.get("Package"), obj.get("Action")
        if not test or "/" in test or not package:
            continue
        if action == "run":
            names = selected.setdefault(package, [])
            if test not in names:  # run twice (internal and external test package): one item
                names.append(test)
        elif action in statuses and not_passed.get((package, test)) != "failed":
            not_passed[(package, test)] = statuses[action]  # of two runs, the worse
    return Stream(lines, selected, not_passed)


def _chunks(lines: list[str], size: int) -> list[str]:
    """The lines joined into strings of whole lines of about ``size`` characters."""
    chunks: list[str] = []
    current: list[str] = []
    length = 0
    for line in lines:
        current.append(line)
        length += len(line)
        if length >= size:
            chunks.append("".join(current))
            current, length = [], 0
    if current:
        chunks.append("".join(current))
    return chunks


def fold_and_resolve(
    stream: Stream, *, collect_garbage: bool = True, as_text: bool = True
) -> float:
    """Seconds to feed every line and resolve every package (what the plugin does).

    ``as_text=False`` feeds the lines to ``feed_lines`` in one call (a diagnostic).

    ``collect_garbage=False`` switches Python's cyclic garbage collector off while timing: a
    diagnostic, it shows how much of the time goes to GC passes over the objects kept alive.
    """
    slots = {pkg: [TestSlot(name) for name in names] for pkg, names in stream.selected.items()}
    chunks = _chunks(stream.lines, 1 << 20)
    gc.collect()
    if not collect_garbage:
        gc.disable()
    try:
        start = time.perf_counter()
        # As the runner's reader thread does it: the stream as text, whole lines per read, and
        # the output of passing tests dropped (a -q run without JUnit: nobody shows it).
        folder = StreamFolder(stream.selected, CaptureLimits(), keep_passed_output=False)
        if as_text:
            for text in chunks:
                folder.feed_text(text)
        else:
            folder.feed_lines(stream.lines)
        folder.finish(0, "")
        verdicts = [
            resolve(pkg, slots[name], 1) for name, pkg in folder.packages.items() if name in slots
        ]  # a package without tests ([no test files]) has nothing to resolve
        seconds = time.perf_counter() - start
    finally:
        gc.enable()
    bad = [
        f"{v.import_path}::{o.name} {o.cause.name}"
        for v in verdicts
        for o in v.outcomes.values()
        if o.status != stream.not_passed.get((v.import_path, o.name), "passed")
    ]
    expected = sum(len(names) for names in stream.selected.values())
    got = sum(len(v.outcomes) for v in verdicts)
    if bad or got != expected:
        raise SystemExit(f"bench_parse: wrong outcomes ({got}/{expected}): {bad[:5]}")
    return seconds


def json_baseline(stream: Stream) -> float:
    """Seconds for a plain line-by-line ``json.loads`` (the naive reader)."""
    start = time.perf_counter()
    loads = json.loads
    for line in stream.lines:
        loads(line)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", choices=("synth", "go", "file"), default="synth")
    parser.add_argument("--stream", type=Path, help="the recorded stream for --source file")
    parser.add_argument("--lines", type=int, default=1_000_000, help="about this many events")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--module",
        type=Path,
        default=HERE / "_work" / "mod",
        help="module for --source go (default: bench_run.py's)",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        metavar="S",
        help="before each run wait up to S s for other load to go away",
    )
    args = parser.parse_args(argv)

    if args.source == "file":
        if args.stream is None:
            parser.error("--source file needs --stream PATH")
        stream = read_stream(args.stream)
    elif args.source == "synth":
        stream = synthesize(args.lines)
    else:
        stream = record(args.module, args.lines)
    n = len(stream.lines)
    mb = stream.size_bytes / 1e6
    tests = sum(len(v) for v in stream.selected.values())
    print(
        f"stream: {args.source}, {n:,} events, {mb:.1f} MB, {len(stream.selected):,} packages, "
        f"{tests:,} top-level tests"
    )

    revision = source_revision()
    print(f"pytest-gotest {revision}, Python {platform.python_version()}")
    fold: list[float] = []
    no_gc: list[float] = []
    lines_path: list[float] = []
    plain: list[float] = []
    for _ in range(args.repeat):
        wait_quiet(0.15, args.quiet_wait)
        fold.append(fold_and_resolve(stream))
        no_gc.append(fold_and_resolve(stream, collect_garbage=False))
        lines_path.append(fold_and_resolve(stream, as_text=False))
        plain.append(json_baseline(stream))
    rows = [
        ("StreamFolder.feed_text + resolve", fold),
        ("  same, gc disabled (diagnostic)", no_gc),
        ("  same, feed_lines (diagnostic)", lines_path),
        ("json.loads per line (baseline)", plain),
    ]
    print(f"\n{'measure':<36}{'median s':>10}{'min s':>9}{'max s':>9}{'events/s':>12}{'MB/s':>8}")
    for label, samples in rows:
        med = statistics.median(samples)
        print(
            f"{label:<36}{med:>10.3f}{min(samples):>9.3f}{max(samples):>9.3f}"
            f"{n / med:>12,.0f}{mb / med:>8.1f}"
        )
    rate = n / statistics.median(fold)
    verdict = "ok" if rate >= TARGET_EVENTS_PER_S else "MISSED"
    print(f"\nparse throughput {rate:,.0f} events/s (target >= {TARGET_EVENTS_PER_S:,}: {verdict})")
    results = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "revision": revision,
        "source": args.source,
        "events": n,
        "megabytes": mb,
        "packages": len(stream.selected),
        "top_level_tests": tests,
        "seconds": {label.strip(): samples for label, samples in rows},
        "events_per_s": {label.strip(): n / statistics.median(samples) for label, samples in rows},
        "target_events_per_s": TARGET_EVENTS_PER_S,
    }
    out = HERE / "_work" / f"parse_results_{args.source}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
