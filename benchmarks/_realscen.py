"""The scenarios of ``bench_real.py``: which commands each group times, and what a sample
records. Every pytest command is ``python -m pytest -p no:cacheprovider ...`` with the
interpreter running the benchmark (so the plugin under test is the one installed there), or
with ``--pytest-cache`` ``python -m pytest -o cache_dir=DIR ...``: pytest's cacheprovider on,
as pytest runs by default, in a directory of each scenario's own (``Context.pytest_cache``),
so that what one run keeps for the next (the collection cache, the head start's record, the
packages' times that order go's work) is there from the warm-up on.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from _common import BenchError


@dataclass
class Sample:
    seconds: float
    cpu_seconds: float
    returncode: int
    timed_out: bool
    counts: dict[str, int]
    pytest_rss_kib: int | None  # VmHWM of the pytest process alone
    tree_rss_kib: int  # the largest process of the whole tree
    busy_before: float | None
    others_cpu_seconds: float | None
    problem: str | None  # set when the run is not a faithful run of the tests


@dataclass
class Scenario:
    group: str
    key: str
    kind: str  # go | gotestsum | pytest | empty
    argv: list[str]
    cwd: Path
    description: str
    fresh: str | None = None  # env variable given a new empty directory for every sample
    warmup: bool = True  # one untimed run first (caches, bytecode)
    jsonfile: Path | None = None  # gotestsum's copy of the event stream
    samples: list[Sample] = field(default_factory=list)
    discarded: list[Sample] = field(default_factory=list)  # retaken: other load meanwhile
    timed_out: bool = False  # once a sample timed out, the later repetitions are skipped


@dataclass(frozen=True)
class Context:
    go: str
    gotestsum: Path
    env: dict[str, str]
    root: Path  # WORK/real
    empty: Path  # a Python-only project with one trivial test
    repeat: int
    cold_repeat: int
    timeout: float
    cold_timeout: float
    quiet_threshold: float
    quiet_wait: float
    disturbed: float  # retake a sample when other processes used more CPUs than this meanwhile
    retakes: int
    # Where each pytest scenario keeps pytest's cache (--pytest-cache); None: cacheprovider off.
    pytest_cache: Path | None = None


_NO_CACHE = ("-p", "no:cacheprovider")


def build_group(ctx: Context, group: str, module: Path, logs: Path) -> list[Scenario]:
    scenarios = _build_group(ctx, group, module, logs)
    if ctx.pytest_cache is not None:
        for s in scenarios:
            if s.kind in ("pytest", "empty") and s.argv[3:5] == list(_NO_CACHE):
                directory = ctx.pytest_cache / module.name / f"{group}-{s.key}"
                s.argv[3:5] = ["-o", f"cache_dir={directory}"]
                s.description += ", pytest's cache on"
    return scenarios


def _build_group(ctx: Context, group: str, module: Path, logs: Path) -> list[Scenario]:
    pytest = [sys.executable, "-m", "pytest", *_NO_CACHE]
    go_test = [ctx.go, "test", "-json"]

    def gts(name: str, *flags: str) -> Scenario:
        jsonfile = logs / f"{group}-{name}.json"
        argv = [str(ctx.gotestsum), "--format", "dots", "--jsonfile", str(jsonfile)]
        return Scenario(
            group,
            name,
            "gotestsum",
            [*argv, "--", *flags, "./..."],
            module,
            f"gotestsum --format dots --jsonfile F -- {' '.join((*flags, './...'))}",
            jsonfile=jsonfile,
        )

    if group in ("cached", "cold"):
        scenarios = [
            Scenario(group, "raw", "go", [*go_test, "./..."], module, "go test -json ./..."),
            Scenario(group, "plugin", "pytest", [*pytest, "-q"], module, "pytest -q"),
            gts("gotestsum"),
        ]
        if group == "cached":
            scenarios.insert(
                1,
                Scenario(
                    group,
                    "empty_pytest",
                    "empty",
                    [*pytest, "-q"],
                    ctx.empty,
                    "pytest -q, one trivial Python test (plugin installed)",
                ),
            )
        else:
            # Splits the plugin's cold cost: the init-hazard analysis needs export data that a
            # cold build cache does not have yet.
            off = "--go-init-hazards=off"
            scenarios.insert(
                2,
                Scenario(
                    group, "plugin_off", "pytest", [*pytest, "-q", off], module, f"pytest -q {off}"
                ),
            )
            for s in scenarios:
                s.fresh, s.warmup = "GOCACHE", False
                s.description += ", empty GOCACHE"
        return scenarios
    count1 = "--go-flags=-count=1"
    if group == "warm":
        return [
            Scenario(
                group,
                "raw",
                "go",
                [*go_test, "-count=1", "./..."],
                module,
                "go test -json -count=1",
            ),
            Scenario(
                group, "plugin", "pytest", [*pytest, "-q", count1], module, f"pytest -q {count1}"
            ),
            gts("gotestsum", "-count=1"),
        ]
    if group == "firstrun":
        scenarios = []
        for mode in ("warn", "off"):
            for state in ("first", "warm"):
                flag = f"--go-init-hazards={mode}"
                s = Scenario(
                    group,
                    f"{mode}_{state}",
                    "pytest",
                    [*pytest, "-q", count1, flag],
                    module,
                    f"pytest -q {count1} {flag}, {state} XDG_CACHE_HOME",
                )
                if state == "first":
                    s.fresh, s.warmup = "XDG_CACHE_HOME", False
                scenarios.append(s)
        # A warm analysis costs about 10 ms of CPU (its go env and the cache lookup), far
        # below what go's own test timing varies by from one -count=1 run to the next; the
        # shortest run it is paid in, Go's test cache answering, shows what it costs outright.
        for mode in ("warn", "off"):
            flag = f"--go-init-hazards={mode}"
            scenarios.append(
                Scenario(
                    group,
                    f"{mode}_cached",
                    "pytest",
                    [*pytest, "-q", flag],
                    module,
                    f"pytest -q {flag}, warm XDG_CACHE_HOME, Go's test cache answering",
                )
            )
        return scenarios
    if group == "xdist":
        # pytest-xdist with two workers against one process, Go's test cache answering and
        # -count=1: xdist's controller and workers add their start-up and the reports' trip
        # between processes; go itself must not pay more (a module is one go test).
        return [
            Scenario(group, "raw_cached", "go", [*go_test, "./..."], module, "go test -json ./..."),
            Scenario(group, "plugin_cached", "pytest", [*pytest, "-q"], module, "pytest -q"),
            Scenario(
                group, "n2_cached", "pytest", [*pytest, "-q", "-n", "2"], module, "pytest -q -n 2"
            ),
            Scenario(
                group,
                "raw_warm",
                "go",
                [*go_test, "-count=1", "./..."],
                module,
                "go test -json -count=1 ./...",
            ),
            Scenario(
                group,
                "plugin_warm",
                "pytest",
                [*pytest, "-q", count1],
                module,
                f"pytest -q {count1}",
            ),
            Scenario(
                group,
                "n2_warm",
                "pytest",
                [*pytest, "-q", "-n", "2", count1],
                module,
                f"pytest -q -n 2 {count1}",
            ),
        ]
    if group == "report":
        junit = logs / "report-junit.xml"
        variants = (("q", ["-q"]), ("rA", ["-q", "-rA"]), ("v", ["-v"]))
        scenarios = [
            Scenario(group, key, "pytest", [*pytest, *opts], module, "pytest " + " ".join(opts))
            for key, opts in variants
        ]
        scenarios.append(
            Scenario(
                group,
                "junit",
                "pytest",
                [*pytest, "-q", f"--junitxml={junit}"],
                module,
                "pytest -q --junitxml=F",
            )
        )
        for s in scenarios[1:]:
            s.warmup = False  # Go's test cache is shared with -q's; a -rA run can take minutes
        return scenarios
    raise BenchError(f"unknown scenario group {group!r}")
