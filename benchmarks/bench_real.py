"""pytest-gotest against raw ``go test -json`` and gotestsum on real Go modules.

Workloads: bench_run.py's synthetic module and real modules at pinned versions, fetched through
the Go module proxy at benchmark time (go-cmp, goldmark, expr, testify; see ``_realmods.py``).
Scenario groups (``--scenarios``), each timed in the same run, the order of its scenarios
reversed on every other repetition, CPUs quiet before every sample:

* ``cached``   Go's test cache answers: raw, an empty pytest session, the plugin, gotestsum
* ``warm``     ``-count=1`` with a warm build cache: raw, the plugin, gotestsum
* ``cold``     a new empty ``GOCACHE`` for every sample (module cache shared)
* ``firstrun`` the init-hazard analysis: empty ``XDG_CACHE_HOME`` vs warm, ``warn`` vs ``off``
* ``report``   ``-q`` vs ``-q -rA`` vs ``-v`` vs ``-q --junitxml`` (Go's test cache answers)
* ``xdist``    ``-n 2`` vs one process vs raw, Go's test cache answering and ``-count=1``
               (needs pytest-xdist where the benchmark runs; not in the default groups)

Every sample records wall time, CPU time of the process tree, the peak RSS of the pytest
process, how busy the machine was, and the outcome counts, which are checked against raw
``go test``'s. ``--help`` for the options; benchmarks/README.md for what each column means.
Results: stdout, ``WORK/real-results.json`` (all samples) and ``WORK/real-results.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
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
    BenchError,
    add_quiet_args,
    child_env,
    go_version,
    plugin_identity,
    pytest_counts,
    require_go,
    run_script,
    run_timed,
    scratch_dir,
    source_revision,
    wait_quiet,
)
from _realmods import (  # noqa: E402
    DEFAULT_GOTESTSUM_VERSION,
    WORKLOAD_NAMES,
    GoCounts,
    OutcomeDiff,
    Workload,
    diff_outcomes,
    go_counts,
    go_outcomes,
    install_gotestsum,
    junit_outcomes,
    outcome_counts,
    prepare_workload,
    workload,
)
from _realreport import report_workload, rerender, summary_tables  # noqa: E402
from _realscen import Context, Sample, Scenario, build_group  # noqa: E402

DEFAULT_WORK: Final = HERE / "_work"
GROUPS: Final = ("cached", "warm", "firstrun", "report", "cold", "xdist")
DEFAULT_GROUPS: Final = "cached,warm,firstrun,report"
RSS_HOOK: Final = HERE / "_rsshook"
# pytest: 1 = some tests failed (expected for some modules); go and gotestsum: 1 likewise.
OK_CODES: Final = (0, 1)


@dataclass(frozen=True)
class Reference:
    """What every sample of a workload is checked against: one untimed ``go test -json
    -count=1 ./...`` and one untimed plugin run with a JUnit XML, compared test by test."""

    raw: GoCounts
    raw_code: int
    plugin: dict[str, int]  # the plugin run's summary counts
    plugin_code: int
    diff: OutcomeDiff

    def as_dict(self) -> dict[str, object]:
        return {
            "go_test": {**self.raw.as_dict(), "exit_status": self.raw_code},
            "plugin": {**self.plugin, "exit_status": self.plugin_code},
            "only_go_test": self.diff.raw_only,
            "only_plugin": self.diff.plugin_only,
            "different": self.diff.different,
        }


def judge(s: Scenario, sample: Sample, reference: Reference) -> str | None:
    """Why this run does not measure a faithful run of the module's tests, if it does not."""
    if sample.timed_out:
        return "timeout"
    if sample.returncode not in (OK_CODES if s.kind != "empty" else (0,)):
        return f"INVALID: exit status {sample.returncode}"
    c = sample.counts
    if s.kind == "empty":
        return None if c.get("passed") == 1 else f"INVALID: empty session summary {c}"
    got = outcome_counts(c)
    if sum(got) == 0:
        return f"INVALID: no Go test ran (summary {c or 'missing'})"
    raw = reference.raw
    want = (raw.passed, raw.failed, raw.skipped)
    errors = c.get("errors", 0)
    if got == want and not errors:
        return None
    text = (
        f"passed/failed/skipped {got[0]}/{got[1]}/{got[2]}"
        f"{f' + {errors} errors' if errors else ''}, raw go test {want[0]}/{want[1]}/{want[2]}"
    )
    p = reference.plugin
    if (
        s.kind == "pytest"
        and reference.diff.only_uncollected
        and got == outcome_counts(p)
        and errors == p.get("errors", 0)
    ):
        return (
            f"KNOWN-DIFF: {text}: go reported {len(reference.diff.raw_only)} test names that are "
            "no collected test (see the reference diff)"
        )
    return f"MISMATCH: {text}"


def run_sample(ctx: Context, s: Scenario, logs: Path, tag: str, timeout: float) -> Sample:
    out = logs / f"{s.group}-{s.key}{tag}.out"
    rss_file = out.with_name(out.name + ".rss")
    rss_file.unlink(missing_ok=True)
    if s.jsonfile is not None:
        s.jsonfile.unlink(missing_ok=True)
    env = dict(ctx.env)
    if s.kind in ("pytest", "empty"):
        env["BENCH_PEAK_RSS_FILE"] = str(rss_file)
    if s.fresh is not None:
        with scratch_dir(ctx.root / "scratch", f"{s.fresh.lower()}-") as state:
            env[s.fresh] = str(state)
            result = run_timed(s.argv, s.cwd, out, env, timeout=timeout)
    else:
        result = run_timed(s.argv, s.cwd, out, env, timeout=timeout)
    if s.kind == "go":
        counts = go_counts(out).as_dict()
    elif s.jsonfile is not None:
        counts = go_counts(s.jsonfile).as_dict() if s.jsonfile.is_file() else {}
    else:
        counts = pytest_counts(result.output)
    rss = int(rss_file.read_text(encoding="ascii")) if rss_file.is_file() else None
    return Sample(
        seconds=result.seconds,
        cpu_seconds=result.cpu_seconds,
        returncode=result.returncode,
        timed_out=result.timed_out,
        counts=counts,
        pytest_rss_kib=rss,
        tree_rss_kib=result.tree_maxrss_kib,
        busy_before=None,
        others_cpu_seconds=result.others_cpu_seconds,
        problem=None,
    )


def measure_group(
    ctx: Context, scenarios: list[Scenario], logs: Path, reference: Reference, problems: list[str]
) -> None:
    group = scenarios[0].group
    repeat = ctx.cold_repeat if group == "cold" else ctx.repeat
    timeout = ctx.cold_timeout if group == "cold" else ctx.timeout

    def note(s: Scenario, sample: Sample, label: str, retake: bool) -> None:
        sample.problem = judge(s, sample, reference)
        extra = []
        if sample.pytest_rss_kib is not None:
            extra.append(f"pytest {sample.pytest_rss_kib / 1024:.0f} MB")
        if sample.busy_before is not None:
            extra.append(f"CPUs {sample.busy_before:.0%} busy before")
        load = _others_cpus(sample)
        if load is not None:
            extra.append(f"others {load:.2f} CPUs during")
        flag = f"  !! {sample.problem}" if sample.problem else ""
        if retake:
            flag = "  (disturbed by other load: retaken)"
        print(
            f"  {label} {group}/{s.key:<13} {sample.seconds:8.2f} s, "
            f"CPU {sample.cpu_seconds:7.2f} s, {', '.join(extra)}{flag}",
            flush=True,
        )
        if retake:
            return
        if sample.problem and not sample.problem.startswith("KNOWN-DIFF"):
            problems.append(f"{logs.name} {group}/{s.key} {label}: {sample.problem}")
        if sample.timed_out:
            s.timed_out = True

    for s in scenarios:
        if s.warmup:
            note(s, run_sample(ctx, s, logs, "-warmup", timeout), "warm-up", retake=False)
    for rep in range(repeat):
        order = scenarios if rep % 2 == 0 else list(reversed(scenarios))
        for s in order:
            for attempt in range(ctx.retakes + 1):
                if s.timed_out:
                    break
                busy = wait_quiet(ctx.quiet_threshold, ctx.quiet_wait)
                sample = run_sample(ctx, s, logs, "", timeout)
                sample.busy_before = busy
                load = _others_cpus(sample)
                retake = (
                    ctx.disturbed > 0
                    and load is not None
                    and load > ctx.disturbed
                    and attempt < ctx.retakes
                    and not sample.timed_out
                )
                note(s, sample, f"rep {rep + 1}/{repeat}", retake)
                if not retake:
                    s.samples.append(sample)
                    break
                s.discarded.append(sample)


def _others_cpus(sample: Sample) -> float | None:
    """How many CPUs other processes kept busy on average during the sample."""
    if sample.others_cpu_seconds is None or sample.seconds <= 0:
        return None
    return sample.others_cpu_seconds / sample.seconds


def make_reference(ctx: Context, module: Path, logs: Path) -> Reference:
    """Untimed: fills the build cache and the plugin's caches, and gives the outcomes that
    every sample is checked against; disagreements are printed test by test."""
    raw_out = logs / "reference.out"
    raw = run_timed([ctx.go, "test", "-json", "-count=1", "./..."], module, raw_out, ctx.env)
    counts = go_counts(raw_out)
    print(
        f"   reference go test -json -count=1 ./...: exit {raw.returncode}, "
        f"{counts.passed} passed, {counts.failed} failed, {counts.skipped} skipped "
        f"({counts.failed_packages} failed packages), {raw.seconds:.1f} s",
        flush=True,
    )
    if counts.passed == 0:
        raise BenchError(f"go test ran no test; see {raw_out}")
    junit = logs / "reference.xml"
    junit.unlink(missing_ok=True)
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    argv += ["--go-flags=-count=1", f"--junitxml={junit}"]
    plugin_out = logs / "reference-plugin.out"
    plugin = run_timed(argv, module, plugin_out, ctx.env, timeout=ctx.timeout)
    summary = pytest_counts(plugin.output)
    print(
        f"   reference pytest -q --go-flags=-count=1 --junitxml: exit {plugin.returncode}, "
        f"{summary or 'no summary'}, {plugin.seconds:.1f} s",
        flush=True,
    )
    if plugin.timed_out or not junit.is_file():
        raise BenchError(f"the plugin's reference run wrote no JUnit XML; see {plugin_out}")
    diff = diff_outcomes(go_outcomes(raw_out), junit_outcomes(junit))
    if not diff.empty:
        kind = (
            "known: names go reported that are no test function"
            if diff.only_uncollected
            else "!! MISMATCH"
        )
        print(f"   {kind}: the plugin and go test disagree on these tests:")
        for line in diff.lines():
            print(f"     {line}")
    return Reference(counts, raw.returncode, summary, plugin.returncode, diff)


def run_workload(
    ctx: Context,
    w: Workload,
    groups: Sequence[str],
    synthetic: tuple[int, int],
    problems: list[str],
) -> dict[str, object]:
    module = prepare_workload(ctx.go, w, ctx.root, ctx.env, synthetic)
    logs = ctx.root / "logs" / w.name
    logs.mkdir(parents=True, exist_ok=True)
    print(f"\n== {w.name}: {w.module or 'synthetic'}@{w.version} in {module}", flush=True)
    reference = make_reference(ctx, module, logs)
    results: dict[str, list[Scenario]] = {}
    for group in groups:
        scenarios = build_group(ctx, group, module, logs)
        measure_group(ctx, scenarios, logs, reference, problems)
        results[group] = scenarios
    return report_workload(w, module, reference.as_dict(), results)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--workloads",
        default=",".join(WORKLOAD_NAMES),
        help=f"comma-separated, from {','.join(WORKLOAD_NAMES)} (default: all)",
    )
    parser.add_argument(
        "--scenarios",
        default=DEFAULT_GROUPS,
        help=f"comma-separated groups from {','.join(GROUPS)} (default {DEFAULT_GROUPS})",
    )
    parser.add_argument(
        "--report-workloads",
        default="expr",
        help="the workloads that get the 'report' group (default expr; 'all' for every one)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument(
        "--cold-repeat", type=int, default=1, help="repetitions of the cold group (default 1)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="S",
        help="stop a run after S seconds and record 'timeout' (default 300)",
    )
    parser.add_argument(
        "--cold-timeout", type=float, default=1800.0, metavar="S", help="same, cold (default 1800)"
    )
    parser.add_argument(
        "--synthetic-packages", type=int, default=200, help="synthetic module size (default 200)"
    )
    parser.add_argument(
        "--synthetic-tests", type=int, default=10, help="tests per package (default 10)"
    )
    parser.add_argument(
        "--gotestsum-version",
        default=DEFAULT_GOTESTSUM_VERSION,
        help=f"gotestsum to go install (default {DEFAULT_GOTESTSUM_VERSION})",
    )
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="work directory")
    parser.add_argument(
        "--render",
        type=Path,
        metavar="JSON",
        help="measure nothing: print the tables of an earlier run's JSON, rewrite its .md",
    )
    parser.add_argument(
        "--results",
        default="real-results",
        metavar="NAME",
        help="write WORK/NAME.json and WORK/NAME.md (default real-results)",
    )
    parser.add_argument(
        "--pyc",
        choices=("cache", "env"),
        default="cache",
        help="cache: Python bytecode cached under WORK/pycache (default); env: as the "
        "environment says (PYTHONDONTWRITEBYTECODE=1 recompiles every run)",
    )
    parser.add_argument(
        "--disturbed",
        type=float,
        default=0.5,
        metavar="N",
        help="retake a sample during which other processes kept more than N CPUs busy on "
        "average (default 0.5; 0: never)",
    )
    parser.add_argument(
        "--retakes", type=int, default=2, help="at most this many retakes a sample (default 2)"
    )
    parser.add_argument(
        "--pytest-cache",
        action="store_true",
        help="run pytest with its cacheprovider (its default), in a directory of each "
        "scenario's own under WORK/real/pytest-cache, instead of -p no:cacheprovider",
    )
    add_quiet_args(parser)
    args = parser.parse_args(argv)
    args.workload_list = [x for x in args.workloads.split(",") if x]
    args.group_list = [g for g in GROUPS if g in args.scenarios.split(",")]
    unknown = set(args.scenarios.split(",")) - set(GROUPS)
    if unknown or not args.group_list:
        parser.error(f"--scenarios: unknown {sorted(unknown)}; choose from {','.join(GROUPS)}")
    if args.repeat < 1 or args.cold_repeat < 1:
        parser.error("--repeat and --cold-repeat must be >= 1")
    if "xdist" in args.group_list and importlib.util.find_spec("xdist") is None:
        parser.error(f"--scenarios xdist: pytest-xdist is not installed for {sys.executable}")
    return args


def run_env(work: Path, root: Path, go: str, pyc: str) -> dict[str, str]:
    """The environment of every timed command: bytecode as --pyc says, Go's build cache where
    it is now but named explicitly (a fresh XDG_CACHE_HOME would otherwise move it too), the
    plugin's own cache (init-hazard analyzer and results) in WORK, no toolchain switching, and
    the peak-memory hook on PYTHONPATH."""
    env = child_env(work, pyc)
    gocache = subprocess.run(
        [go, "env", "GOCACHE"], capture_output=True, text=True, check=True
    ).stdout.strip()
    env["GOCACHE"] = gocache
    env["XDG_CACHE_HOME"] = str(root / "xdg")
    env["GOTOOLCHAIN"] = "local"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(RSS_HOOK), env.get("PYTHONPATH")) if p)
    return env


def real_work(work_arg: Path, go: str, pyc: str) -> tuple[Path, Path, dict[str, str]]:
    """The work directory, its ``real/`` (the modules' copies, logs, the plugin's cache) and
    the environment of every timed command (``run_env``)."""
    work = work_arg.resolve()
    root = work / "real"
    root.mkdir(parents=True, exist_ok=True)
    return work, root, run_env(work, root, go, pyc)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render is not None:
        markdown = rerender(args.render)
        print("\n" + markdown)
        args.render.with_suffix(".md").write_text(markdown, encoding="utf-8")
        return 0
    go = require_go()
    work, root, env = real_work(args.work, go, args.pyc)
    synthetic = (args.synthetic_packages, args.synthetic_tests)
    workloads = [workload(n, *synthetic) for n in args.workload_list]
    report_on = set(
        WORKLOAD_NAMES if args.report_workloads == "all" else args.report_workloads.split(",")
    )
    empty = root / "empty"
    empty.mkdir(exist_ok=True)
    (empty / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (empty / "test_trivial.py").write_text("def test_ok() -> None:\n    pass\n", encoding="utf-8")
    gotestsum = install_gotestsum(go, args.gotestsum_version, work / "bin", env)
    ctx = Context(
        go,
        gotestsum,
        env,
        root,
        empty,
        args.repeat,
        args.cold_repeat,
        args.timeout,
        args.cold_timeout,
        args.quiet_threshold,
        args.quiet_wait,
        args.disturbed,
        args.retakes,
        root / "pytest-cache" if args.pytest_cache else None,
    )
    if ctx.pytest_cache is not None:
        shutil.rmtree(ctx.pytest_cache, ignore_errors=True)  # what this run keeps only
    plugin = plugin_identity()
    header = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "go": go_version(go),
        "python": f"{platform.python_version()} ({sys.executable})",
        "cpus": os.cpu_count(),
        "pytest_cache": ctx.pytest_cache is not None,
        "plugin": plugin,
        "benchmarks_revision": source_revision(),
        "gotestsum": args.gotestsum_version,
        "bytecode": args.pyc,
        "repeat": args.repeat,
        "cold_repeat": args.cold_repeat,
        "timeout_s": args.timeout,
        "cold_timeout_s": args.cold_timeout,
        "groups": args.group_list,
        "quiet_threshold": args.quiet_threshold,
        "quiet_wait_s": args.quiet_wait,
        "disturbed_cpus": args.disturbed,
        "retakes": args.retakes,
    }
    print(
        f"{header['go']}; Python {header['python']}; {header['cpus']} CPUs; gotestsum "
        f"{args.gotestsum_version}\npytest-gotest {plugin['version']} at {plugin['location']}, "
        f"commit {plugin['commit']} (src/ last changed in {plugin.get('src_commit', '?')})",
        flush=True,
    )
    problems: list[str] = []
    results: dict[str, object] = {}
    for w in workloads:
        groups = [g for g in args.group_list if g != "report" or w.name in report_on]
        results[w.name] = run_workload(ctx, w, groups, synthetic, problems)
    markdown = summary_tables(header, results)
    print("\n" + markdown)
    document = {**header, "workloads": results, "problems": problems}
    out = work / f"{args.results}.json"
    out.write_text(json.dumps(document, indent=2, default=_jsonable) + "\n", encoding="utf-8")
    (work / f"{args.results}.md").write_text(markdown, encoding="utf-8")
    print(f"wrote {out} and {work / f'{args.results}.md'}")
    if problems:
        print(f"\n!! {len(problems)} runs to look at:", file=sys.stderr)
        for p in problems:
            print(f"!!   {p}", file=sys.stderr)
    # Timeouts are results; an invalid run or a count mismatch means a number measured the
    # wrong thing.
    return 1 if any("INVALID" in p or "MISMATCH" in p for p in problems) else 0


def _jsonable(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)  # type: ignore[call-overload]
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


if __name__ == "__main__":
    run_script(main)
