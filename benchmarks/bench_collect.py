"""Collection time of pytest-gotest on a large module (targets: benchmarks/README.md).

Target: collecting 1,000 packages / 20,000 tests takes <= 1.5 s warm and <= 5 s cold.

Generates ``bench_run.py``'s synthetic module (``--packages`` x ``--tests``, default 1000 x 20)
under ``benchmarks/_work/collect/mod`` and times, in one run on this machine, the order of the
scenarios reversed on every other repetition, each sample after the CPUs went quiet:

* ``plugin_warm``      ``python -m pytest --collect-only -q`` (the default
                       ``--go-init-hazards warn``) with pytest's cache provider on, so the
                       collection cache answers: Go's build cache, Python's bytecode and the
                       pytest cache directory (``WORK/pytest-cache``) warm
* ``plugin_warm_off``  the same with ``--go-init-hazards off``
* ``plugin_warm_nocache`` the same with ``-p no:cacheprovider``: no collection cache, go list
                       runs and every test file is scanned (the old ``plugin_warm``)
* ``plugin_cold``      the same as ``plugin_warm`` from cold state (below)
* ``plugin_cold_off``  the same with ``--go-init-hazards off``
* ``plugin_cold_go``   Go and the collection cache cold (fresh ``GOCACHE`` and pytest cache
                       directory), Python's bytecode warm
* ``pytest_alone``     ``python -m pytest --collect-only -q -p no:cacheprovider -p no:gotest``
                       on the same module (pytest walks the tree and collects nothing)
* ``pytest_bare_items`` pytest with a 10-line plugin (``WORK/bareitems.py``) that makes one
                       bare ``pytest.Item`` per Go test, by name, without reading anything:
                       pytest's own floor for as many items of a non-Python plugin
* ``go_list``          ``go list -e -json ./...`` (what discovery runs, warm)
* ``go_list_cold``     the same with a fresh ``GOCACHE``
* ``pytest_py_equiv``  pytest collecting as many trivial Python tests in as many files
                       (reference: pytest's own cost per item; ``--no-py-equiv`` skips it)

"Cold" means, for every sample: a new empty ``GOCACHE`` directory (go starts without its
build/list cache, e.g. the standard library's package index; the module has no dependencies,
so the module cache plays no part), a new empty ``PYTHONPYCACHEPREFIX`` (every Python module,
the standard library's included, is compiled from source and pytest's assertion rewriter
rewrites its plugins again), a new empty ``XDG_CACHE_HOME`` (pytest-gotest's own cache) and a
new empty pytest cache directory (``-o cache_dir=...`` through ``PYTEST_ADDOPTS``: no
collection cache). The OS page cache is not dropped (the files are read from memory): that
would need root and disturb everyone else on the machine. "Warm" runs use one ``GOCACHE``,
one bytecode cache and one pytest cache directory, all filled by an untimed first run.

Every plugin run is checked: exit status 0 and exactly N*M tests collected. Before timing, the
script checks that the init-hazard analysis does not run for ``--collect-only``: with a fresh
``XDG_CACHE_HOME`` the analysis would build its analyzer there and cache its results; after a
collect-only run the directory must hold nothing of pytest-gotest's, while a real run of a
2-package module (the positive control) must create it.

``--profile`` also writes a cProfile of one warm collection to ``WORK/collect.prof`` and prints
its top entries and pytest-gotest's share.

Usage: ``python benchmarks/bench_collect.py [--packages 1000] [--tests 20] [--repeat 5]``
(``--help`` for the rest). Standard library only. Results go to stdout and to
``WORK/collect_results.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import (  # noqa: E402  (sibling script, not a package)
    BenchError,
    RunResult,
    go_version,
    require_go,
    run_script,
    run_timed,
    source_revision,
    wait_quiet,
)
from bench_run import generate_module, parse_with_quiet_args  # noqa: E402

DEFAULT_WORK: Final = HERE / "_work" / "collect"
TARGET_WARM_S: Final = 1.5
TARGET_COLD_S: Final = 5.0

_COLLECTED_RE: Final = re.compile(r"(\d+) tests? collected")
# pytest's floor: one bare Item per Go test of the synthetic module, named as the plugin
# names them, with nothing read or computed (every p*_test.go file has `tests` tests).
_BARE_ITEMS: Final = """\
import pytest


class BareItem(pytest.Item):
    def runtest(self):
        pass


class BareFile(pytest.File):
    def collect(self):
        return [BareItem.from_parent(self, name=f"TestCase{{i:03d}}") for i in range({tests})]


def pytest_collect_file(file_path, parent):
    if file_path.name.endswith("_test.go") and file_path.name.startswith("p"):
        return BareFile.from_parent(parent, path=file_path)
"""


@dataclass
class Scenario:
    name: str
    argv: list[str]
    cwd: Path
    description: str
    cold: bool = False  # fresh GOCACHE, bytecode cache and XDG_CACHE_HOME per sample
    cold_python: bool = True  # with cold: the bytecode cache too
    expect_collected: int | None = None  # pytest runs: exactly this many items
    ok_codes: tuple[int, ...] = (0,)
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)
    busy_before: list[float | None] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    work: Path
    module: Path
    py_equiv: Path
    logs: Path
    cold: Path  # per-sample cold state is created below this and removed after the sample
    gocache: Path  # the warm GOCACHE
    pycache: Path  # the warm bytecode cache
    xdg: Path  # the warm XDG_CACHE_HOME (pytest-gotest's own cache)
    pytest_cache: Path  # the warm pytest cache directory (the collection cache)
    plugins: Path  # on PYTHONPATH: bareitems.py


def prepare(
    work: Path, packages: int, tests: int, py_equiv: bool, cold_dir: Path | None = None
) -> Layout:
    work.mkdir(parents=True, exist_ok=True)
    layout = Layout(
        work,
        work / "mod",
        work / "py_equiv",
        work / "logs",
        cold_dir or work / "cold",
        work / "gocache",
        work / "pycache",
        work / "xdg",
        work / "pytest-cache",
        work / "plugins",
    )
    for directory in (
        layout.logs,
        layout.cold,
        layout.gocache,
        layout.pycache,
        layout.xdg,
        layout.plugins,
    ):
        directory.mkdir(exist_ok=True)
    generate_module(layout.module, packages, tests)
    (layout.plugins / "bareitems.py").write_text(_BARE_ITEMS.format(tests=tests), "utf-8")
    if py_equiv:
        if layout.py_equiv.exists():
            shutil.rmtree(layout.py_equiv)
        layout.py_equiv.mkdir()
        (layout.py_equiv / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        body = "".join(f"def test_case{t:03d}() -> None:\n    pass\n\n\n" for t in range(tests))
        for p in range(packages):
            (layout.py_equiv / f"test_p{p:03d}.py").write_text(body, encoding="utf-8")
    return layout


def base_env(layout: Layout) -> dict[str, str]:
    """Warm environment: the script's own GOCACHE, bytecode cache and XDG_CACHE_HOME.

    GOCACHE is set explicitly because Go derives its default from XDG_CACHE_HOME, which the
    hazard check and the cold runs replace."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(layout.pycache)
    env["GOCACHE"] = str(layout.gocache)
    env["XDG_CACHE_HOME"] = str(layout.xdg)
    env["PYTEST_ADDOPTS"] = f"-o cache_dir={layout.pytest_cache}"
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(layout.plugins), env.get("PYTHONPATH", "")) if p
    )
    env.pop("GOFLAGS", None)
    return env


def cold_env(env: dict[str, str], state: Path, python_too: bool) -> dict[str, str]:
    cold = dict(env)
    cold["GOCACHE"] = str(state / "gocache")
    cold["XDG_CACHE_HOME"] = str(state / "xdg")
    cold["PYTEST_ADDOPTS"] = f"-o cache_dir={state / 'pytest-cache'}"
    if python_too:
        cold["PYTHONPYCACHEPREFIX"] = str(state / "pycache")
    return cold


def collected(output: str) -> int | None:
    found = _COLLECTED_RE.findall(output)
    return int(found[-1]) if found else None


def check(scenario: Scenario, result: RunResult) -> None:
    tail = "\n".join(result.output.splitlines()[-25:])
    if result.returncode not in scenario.ok_codes:
        raise BenchError(
            f"{scenario.name}: {' '.join(scenario.argv)} exited with {result.returncode}:\n{tail}"
        )
    if scenario.expect_collected is None:
        return
    count = collected(result.output)
    if count != scenario.expect_collected:
        raise BenchError(
            f"{scenario.name}: expected {scenario.expect_collected} tests collected, got "
            f"{count}; the timing would not measure a real collection. Output tail:\n{tail}"
        )


def build_scenarios(go: str, layout: Layout, n_tests: int, py_equiv: bool) -> list[Scenario]:
    py = sys.executable
    collect = [py, "-m", "pytest", "--collect-only", "-q"]
    no_cache = ["-p", "no:cacheprovider"]
    off = ["--go-init-hazards", "off"]
    module = layout.module
    scenarios = [
        Scenario(
            "plugin_warm", [*collect], module, "pytest --collect-only", expect_collected=n_tests
        ),
        Scenario(
            "plugin_warm_off",
            [*collect, *off],
            module,
            "same, --go-init-hazards off",
            expect_collected=n_tests,
        ),
        Scenario(
            "plugin_warm_nocache",
            [*collect, *no_cache],
            module,
            "same, -p no:cacheprovider (no collection cache)",
            expect_collected=n_tests,
        ),
        Scenario(
            "plugin_cold",
            [*collect],
            module,
            "pytest --collect-only, cold Go + Python",
            cold=True,
            expect_collected=n_tests,
        ),
        Scenario(
            "plugin_cold_off",
            [*collect, *off],
            module,
            "same, --go-init-hazards off",
            cold=True,
            expect_collected=n_tests,
        ),
        Scenario(
            "plugin_cold_go",
            [*collect],
            module,
            "pytest --collect-only, cold Go and pytest cache, warm bytecode",
            cold=True,
            cold_python=False,
            expect_collected=n_tests,
        ),
        Scenario(
            "pytest_alone",
            [*collect, *no_cache, "-p", "no:gotest"],
            module,
            "pytest --collect-only -p no:gotest",
            ok_codes=(0, 5),  # 5: no tests collected
            expect_collected=None,
        ),
        Scenario(
            "pytest_bare_items",
            [*collect, *no_cache, "-p", "no:gotest", "-p", "bareitems"],
            module,
            "same, a bare pytest.Item per Go test (pytest's floor)",
            expect_collected=n_tests,
        ),
        Scenario("go_list", [go, "list", "-e", "-json", "./..."], module, "go list -e -json"),
        Scenario(
            "go_list_cold",
            [go, "list", "-e", "-json", "./..."],
            module,
            "go list -e -json, fresh GOCACHE",
            cold=True,
            cold_python=False,
        ),
    ]
    if py_equiv:
        scenarios.append(
            Scenario(
                "pytest_py_equiv",
                [*collect, *no_cache],
                layout.py_equiv,
                "pytest --collect-only, N*M trivial Python tests",
                expect_collected=n_tests,
            )
        )
    return scenarios


def run_sample(scenario: Scenario, layout: Layout, env: dict[str, str], tag: str) -> RunResult:
    out = layout.logs / f"{scenario.name}{tag}.out"
    if not scenario.cold:
        return run_timed(scenario.argv, scenario.cwd, out, env)
    state = Path(tempfile.mkdtemp(prefix="cold-", dir=layout.cold))
    try:
        return run_timed(
            scenario.argv, scenario.cwd, out, cold_env(env, state, scenario.cold_python)
        )
    finally:
        # Go marks its cache read-only in places; make it removable.
        subprocess.run(["chmod", "-R", "u+w", str(state)], check=False)
        shutil.rmtree(state, ignore_errors=True)


def hazard_check(go: str, layout: Layout, env: dict[str, str]) -> dict[str, object]:
    """The hazard analysis must not run for --collect-only; a real run is the control."""
    py = sys.executable
    results: dict[str, object] = {}
    state = Path(tempfile.mkdtemp(prefix="hazard-check-", dir=layout.work))
    try:
        xdg = state / "xdg"
        check_env = dict(env, XDG_CACHE_HOME=str(xdg))
        argv = [py, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        run = run_timed(argv, layout.module, layout.logs / "hazard-collect.out", check_env)
        own = xdg / "pytest-gotest"
        results["collect_only_created_cache"] = own.exists()
        if run.returncode != 0:
            raise BenchError(f"hazard check: collect-only exited {run.returncode}")
        if own.exists():
            raise BenchError(f"the init-hazard analysis ran for --collect-only: {own} was created")
        # Positive control: a real run of a small module builds the analyzer into XDG.
        small = state / "small"
        generate_module(small, 2, 4)
        xdg2 = state / "xdg2"
        control_env = dict(env, XDG_CACHE_HOME=str(xdg2))
        argv = [py, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        control = run_timed(argv, small, layout.logs / "hazard-control.out", control_env)
        if control.returncode != 0:
            raise BenchError(f"hazard control run exited {control.returncode}")
        results["real_run_created_cache"] = (xdg2 / "pytest-gotest").exists()
        if not results["real_run_created_cache"]:
            raise BenchError(
                "hazard check is blind: a real run did not create the analysis cache in "
                f"{xdg2}; the collect-only check proves nothing"
            )
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(state)], check=False)
        shutil.rmtree(state, ignore_errors=True)
    return results


@dataclass(frozen=True)
class Settings:
    repeat: int
    quiet_threshold: float
    quiet_wait: float


def measure(
    scenarios: list[Scenario], layout: Layout, env: dict[str, str], settings: Settings
) -> None:
    print("warming up ...", flush=True)
    for scenario in scenarios:
        if not scenario.cold:  # fills the warm GOCACHE and bytecode cache
            check(scenario, run_sample(scenario, layout, env, "-warm"))
    for rep in range(settings.repeat):
        order = scenarios if rep % 2 == 0 else list(reversed(scenarios))
        for scenario in order:
            busy = wait_quiet(settings.quiet_threshold, settings.quiet_wait)
            result = run_sample(scenario, layout, env, "")
            check(scenario, result)
            scenario.samples.append(result.seconds)
            scenario.cpu_samples.append(result.cpu_seconds)
            scenario.busy_before.append(busy)
            note = "" if busy is None else f"  (CPUs {busy:4.0%} busy before)"
            print(
                f"  rep {rep + 1}/{settings.repeat} {scenario.name:<17} "
                f"{result.seconds:7.3f} s, CPU {result.cpu_seconds:6.2f} s{note}",
                flush=True,
            )


def report(scenarios: list[Scenario]) -> dict[str, dict[str, float]]:
    stats: dict[str, dict[str, float]] = {}
    print()
    print(f"{'scenario':<18}{'median s':>10}{'min s':>9}{'max s':>9}{'CPU s':>8}  command")
    for s in scenarios:
        st = {
            "median": statistics.median(s.samples),
            "min": min(s.samples),
            "max": max(s.samples),
            "cpu_median": statistics.median(s.cpu_samples),
        }
        stats[s.name] = st
        print(
            f"{s.name:<18}{st['median']:>10.3f}{st['min']:>9.3f}{st['max']:>9.3f}"
            f"{st['cpu_median']:>8.2f}  {s.description}"
        )
    print()

    def verdict(value: float, target: float) -> str:
        return "ok" if value <= target else "MISSED"

    warm = stats["plugin_warm"]["median"]
    cold = stats["plugin_cold"]["median"]
    print(
        f"warm collection {warm:6.3f} s  (target <= {TARGET_WARM_S} s: "
        f"{verdict(warm, TARGET_WARM_S)})"
    )
    print(
        f"cold collection {cold:6.3f} s  (target <= {TARGET_COLD_S} s: "
        f"{verdict(cold, TARGET_COLD_S)})"
    )
    alone = stats["pytest_alone"]["median"]
    go_list = stats["go_list"]["median"]
    print(f"  warm - (pytest alone + go list)   {warm - alone - go_list:+6.3f} s")
    bare = stats["pytest_bare_items"]["median"]
    print(f"  warm - pytest's floor (bare items) {warm - bare:+6.3f} s")
    nocache = stats["plugin_warm_nocache"]["median"]
    print(f"  warm without the collection cache  {nocache:6.3f} s")
    if "pytest_py_equiv" in stats:
        equiv = stats["pytest_py_equiv"]["median"]
        print(f"  warm - pytest on as many Python tests {warm - equiv:+6.3f} s")
    print(
        f"  hazards off: warm {stats['plugin_warm_off']['median']:.3f} s, "
        f"cold {stats['plugin_cold_off']['median']:.3f} s"
    )
    return stats


def profile_warm(layout: Layout, env: dict[str, str], top: int) -> dict[str, float]:
    """cProfile one warm collection in a child process; print the top and the plugin's share."""
    out = layout.work / "collect.prof"
    argv = [
        sys.executable, "-m", "cProfile", "-o", str(out), "-m", "pytest",
        "--collect-only", "-q",
    ]  # fmt: skip
    subprocess.run(argv, cwd=layout.module, env=env, stdout=subprocess.DEVNULL, check=True)
    stats = pstats.Stats(str(out))
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    raw = stats.stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in raw.values())
    own = sum(entry[2] for key, entry in raw.items() if "pytest_gotest" in key[0])
    buffer = io.StringIO()
    stats.stream = buffer  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(top)
    print(buffer.getvalue())
    buffer = io.StringIO()
    stats.stream = buffer  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats("pytest_gotest", top)
    print(buffer.getvalue())
    print(
        f"profile: {total:.3f} s under cProfile; pytest-gotest's own functions (tottime) "
        f"{own:.3f} s = {own / total:.0%}; written to {out}"
    )
    return {"total_s": total, "plugin_tottime_s": own}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--packages", type=int, default=1000, help="Go packages (default 1000)")
    parser.add_argument("--tests", type=int, default=20, help="tests per package (default 20)")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions (default 5)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="work directory")
    parser.add_argument(
        "--no-py-equiv", action="store_true", help="skip the pytest-on-Python-tests reference"
    )
    parser.add_argument(
        "--no-hazard-check", action="store_true", help="skip the collect-only hazard check"
    )
    parser.add_argument(
        "--cold-dir",
        type=Path,
        default=None,
        help="where each cold sample's fresh GOCACHE, bytecode and pytest cache are made "
        "(default WORK/cold; creating a GOCACHE costs very different times on different "
        "file systems)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile a warm collection")
    parser.add_argument("--profile-only", action="store_true", help="only generate + profile")
    return parse_with_quiet_args(parser, argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    go = require_go()
    work: Path = args.work.resolve()
    n_tests = args.packages * args.tests
    cold_dir = args.cold_dir.resolve() if args.cold_dir else None
    layout = prepare(work, args.packages, args.tests, not args.no_py_equiv, cold_dir)
    env = base_env(layout)
    version = go_version(go)
    revision = source_revision()
    print(
        f"{version}; Python {platform.python_version()}; {os.cpu_count()} CPUs; "
        f"pytest-gotest {revision}"
    )
    print(f"module: {layout.module} ({args.packages} packages x {args.tests} tests)")
    results: dict[str, object] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "go": version,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "revision": revision,
        "packages": args.packages,
        "tests_per_package": args.tests,
        "repeat": args.repeat,
        "targets": {"warm_s": TARGET_WARM_S, "cold_s": TARGET_COLD_S},
    }
    profile: Callable[[], dict[str, float]] = lambda: profile_warm(layout, env, 25)  # noqa: E731
    if args.profile_only:
        check_run = Scenario(
            "warm",
            [sys.executable, "-m", "pytest", "--collect-only", "-q"],
            layout.module,
            "",
            expect_collected=n_tests,
        )
        check(check_run, run_sample(check_run, layout, env, "-warm"))
        profile()
        return 0
    if not args.no_hazard_check:
        print("checking that --collect-only starts no init-hazard analysis ...", flush=True)
        results["hazard_check"] = hazard_check(go, layout, env)
        print(f"  {results['hazard_check']}")
    scenarios = build_scenarios(go, layout, n_tests, not args.no_py_equiv)
    measure(scenarios, layout, env, Settings(args.repeat, args.quiet_threshold, args.quiet_wait))
    stats = report(scenarios)
    results["scenarios"] = {
        s.name: {
            "command": s.argv,
            "cwd": str(s.cwd),
            "cold": s.cold,
            "cold_python": s.cold and s.cold_python,
            **stats[s.name],
            "samples": s.samples,
            "cpu_samples": s.cpu_samples,
            "cpu_busy_before": s.busy_before,
        }
        for s in scenarios
    }
    if args.profile:
        results["profile"] = profile()
    out = work / "collect_results.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    run_script(main)
