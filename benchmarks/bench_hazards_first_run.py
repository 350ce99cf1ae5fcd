"""What the default init-hazard analysis adds to a whole pytest run on real modules (issue 11).

For each module (copied out of the module cache after ``go mod download``), paired and
alternating in order on every repetition, ``--go-init-hazards=warn`` (the default) against
``--go-init-hazards=off``:

* ``first``: an empty user cache (``XDG_CACHE_HOME``: the analyzer is not built, no results
  are cached) and a warm Go build cache: a fresh ``GOCACHE`` in which ``go test ./...`` ran
  once on the modules, restored from a snapshot before every first run, so that no run
  profits from what an earlier one compiled. The analyzer's build then compiles only the
  standard packages that ``go test`` does not need (go/types and the packages below
  go/importer) and its own two packages.
* ``warm``: the same command again with those caches: the analyzer is built, its results are
  cached, Go's test cache answers (``--warm-repeat`` pairs, after the first runs).

Also timed, outside pytest, in a restored snapshot: ``build`` (the analyzer built as the
plugin builds it), ``build_before`` (the build as it was before issue 11, ``CGO_ENABLED=0
go build -trimpath``) and ``analyze`` (the analyzer run once over the module's test packages,
i.e. ``go list -deps -test -export`` plus type checking).

``--analyzer-deps-cached``: the snapshot also holds the standard packages the analyzer
imports, compiled in the ordinary configuration (as after any earlier build of it with this
Go, e.g. a CI job that restores GOCACHE but not the user cache): the analyzer's build then
compiles only its own two packages and links.

Usage: ``python benchmarks/bench_hazards_first_run.py [--repeat 3] [--warm-repeat 10]
[--analyzer-deps-cached]
[--module github.com/google/go-cmp@v0.7.0 ...]``. Results go to stdout and
``benchmarks/_work/hazards_first_run.json``. Each first run copies the snapshot (~150 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final

from pytest_gotest.hazards.build import ANALYZER_DIR, ensure_analyzer, go_version

HERE: Final = Path(__file__).resolve().parent
WORK: Final = HERE / "_work" / "hazards_first_run"
DEFAULT_MODULES: Final = ("github.com/google/go-cmp@v0.7.0", "github.com/yuin/goldmark@v1.8.7")


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=3600
    )


def fetch(go: str, spec: str, env: dict[str, str]) -> Path:
    """The module's source, copied (writable) out of the read-only module cache."""
    proc = _run([go, "mod", "download", "-json", spec], WORK, env)
    if proc.returncode != 0:
        sys.exit(f"go mod download {spec}: {proc.stderr}")
    dest = WORK / "src" / spec.replace("/", "_")
    if not dest.exists():
        shutil.copytree(json.loads(proc.stdout)["Dir"], dest)
        for path in [dest, *dest.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
    return dest


def restore(snapshot: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(snapshot, target, symlinks=True)


def timed_pytest(module: Path, mode: str, env: dict[str, str]) -> float:
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    cmd.append(f"--go-init-hazards={mode}")
    start = time.perf_counter()
    proc = _run(cmd, module, env)
    seconds = time.perf_counter() - start
    # Test failures are the module's business (timing tests on a loaded machine); a usage
    # error or an internal error is ours.
    if proc.returncode not in (0, 1) or "INTERNALERROR" in proc.stdout + proc.stderr:
        sys.exit(f"pytest in {module} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}")
    if mode == "warn" and "init-hazard analysis did not run" in proc.stdout:
        sys.exit(f"the analysis did not run in {module}:\n{proc.stdout[-3000:]}")
    return seconds


def test_packages(go: str, module: Path, env: dict[str, str]) -> list[str]:
    fmt = "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}"
    return _run([go, "list", "-e", "-f", fmt, "./..."], module, env).stdout.split()


def build_analyzer(go: str, version: str, gocache: Path, xdg: Path) -> Path:
    """The analyzer built as the plugin builds it, with ``gocache`` as Go's build cache."""
    os.environ["GOCACHE"] = str(gocache)
    try:
        return ensure_analyzer(go, version, cache=xdg).path
    finally:
        os.environ.pop("GOCACHE")


def measure_parts(
    go: str, version: str, modules: list[Path], snapshot: Path, env: dict[str, str], repeat: int
) -> dict[str, list[float]]:
    gocache = Path(env["GOCACHE"])
    parts: dict[str, list[float]] = {"build": [], "build_before": []}
    before_env = {**env, "GOWORK": "off", "GOFLAGS": "", "CGO_ENABLED": "0"}
    for _ in range(repeat):
        restore(snapshot, gocache)
        with tempfile.TemporaryDirectory(dir=WORK) as xdg:
            start = time.perf_counter()
            build_analyzer(go, version, gocache, Path(xdg))
            parts["build"].append(time.perf_counter() - start)
        restore(snapshot, gocache)
        with tempfile.TemporaryDirectory(dir=WORK) as out:
            start = time.perf_counter()
            cmd = [go, "build", "-trimpath", "-o", str(Path(out) / "a"), "."]
            _run(cmd, ANALYZER_DIR, before_env)
            parts["build_before"].append(time.perf_counter() - start)
    restore(snapshot, gocache)
    with tempfile.TemporaryDirectory(dir=WORK) as xdg:
        binary = build_analyzer(go, version, gocache, Path(xdg))
        for module in modules:
            packages = test_packages(go, module, env)
            runs = []
            for _ in range(repeat):
                start = time.perf_counter()
                proc = _run([str(binary), "-C", str(module), "-json", *packages], module, env)
                runs.append(time.perf_counter() - start)
                if proc.returncode != 0:
                    sys.exit(f"analyzer in {module}: {proc.stderr}")
            parts[f"analyze {module.name}"] = runs
    return parts


def measure_runs(
    module: Path, snapshot: Path, env: dict[str, str], repeat: int, warm_repeat: int
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {
        f"{mode}_{kind}": [] for mode in ("warn", "off") for kind in ("first", "warm")
    }
    for rep in range(repeat):
        order = ("warn", "off") if rep % 2 == 0 else ("off", "warn")
        for mode in order:
            restore(snapshot, Path(env["GOCACHE"]))
            with tempfile.TemporaryDirectory(dir=WORK) as xdg:
                run_env = {**env, "XDG_CACHE_HOME": xdg}
                times[f"{mode}_first"].append(timed_pytest(module, mode, run_env))
            print(f"{module.name} rep {rep + 1} {mode}: done", flush=True)
    with tempfile.TemporaryDirectory(dir=WORK) as xdg:
        run_env = {**env, "XDG_CACHE_HOME": xdg}
        for mode in ("warn", "off", "warn", "off"):  # warm-up: analyzer, results, test cache
            timed_pytest(module, mode, run_env)
        for rep in range(warm_repeat):
            for mode in ("warn", "off") if rep % 2 == 0 else ("off", "warn"):
                times[f"{mode}_warm"].append(timed_pytest(module, mode, run_env))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--module", action="append", help="module@version (repeatable)")
    parser.add_argument("--warm-repeat", type=int, default=10)
    parser.add_argument("--analyzer-deps-cached", action="store_true")
    args = parser.parse_args(argv)
    go = shutil.which("go")
    if go is None:
        sys.exit("go not on PATH")
    WORK.mkdir(parents=True, exist_ok=True)
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    modules = [fetch(go, spec, base) for spec in args.module or DEFAULT_MODULES]
    snapshot = WORK / ("gocache-snapshot-deps" if args.analyzer_deps_cached else "gocache-snapshot")
    gocache = WORK / "gocache"
    env = {**base, "GOCACHE": str(gocache)}
    if not snapshot.exists():
        print("warming a fresh GOCACHE: go test ./... on each module ...", flush=True)
        shutil.rmtree(gocache, ignore_errors=True)
        for module in modules:
            _run([go, "test", "./..."], module, env)
        if args.analyzer_deps_cached:
            analyzer_env = {**env, "GOWORK": "off"}
            fmt = "{{if .Standard}}{{.ImportPath}}{{end}}"
            std = _run([go, "list", "-deps", "-f", fmt, "."], ANALYZER_DIR, analyzer_env)
            _run([go, "list", "-e", "-export", *std.stdout.split()], ANALYZER_DIR, analyzer_env)
        restore(gocache, snapshot)
    version = go_version(go)
    parts = measure_parts(go, version, modules, snapshot, env, args.repeat)
    results = {
        module.name: measure_runs(module, snapshot, env, args.repeat, args.warm_repeat)
        for module in modules
    }

    print(f"\n{version}, {os.cpu_count()} CPUs, medians (seconds)")
    for name, values in parts.items():
        print(f"  {name:<50} {statistics.median(values):7.2f}")
    for name, times in results.items():
        med = {key: statistics.median(values) for key, values in times.items()}
        print(f"  {name}")
        for kind in ("first", "warm"):
            warn, off = med[f"warn_{kind}"], med[f"off_{kind}"]
            print(f"    {kind:<6} warn {warn:7.2f}  off {off:7.2f}  added {warn / off - 1:+7.1%}")
    suffix = "_deps_cached" if args.analyzer_deps_cached else ""
    out = WORK.parent / f"hazards_first_run{suffix}.json"
    report = {"go": version, "parts": parts, "runs": results}
    out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
