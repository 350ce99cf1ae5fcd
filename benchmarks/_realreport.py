"""Statistics, ratios against the targets, and the tables of ``bench_real.py``.

Medians are over the timed samples (warm-ups excluded); a scenario with a timed-out sample has
no median, and its ratios are lower bounds taken from the time it was stopped at.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from _common import median_interval
from _realmods import REAL_WORKLOADS, Workload, outcome_counts
from _realscen import Sample, Scenario

TARGET_CACHED: Final = 1.7  # plugin / (raw + empty pytest), Go's test cache answering
TARGET_WARM_RATIO: Final = 1.05  # plugin / raw, -count=1 (synthetic, expr)
TARGET_WARM_DELTA_S: Final = 0.5  # plugin - raw, -count=1 (small modules)
TARGET_COLD: Final = 1.05
TARGET_FIRST_RUN: Final = 1.10  # warn / off, empty XDG_CACHE_HOME
TARGET_HAZARDS_WARM: Final = 1.01  # warn / off, analysis results cached
TARGET_REPORT: Final = 1.5  # each reporting option / -q
TARGET_RSS_MB: Final = 150.0  # pytest's peak RSS on expr, cached
MB: Final = 1024 * 1024


def _timed(s: Scenario) -> list[Sample]:
    return [x for x in s.samples if not x.timed_out]


def scenario_stats(s: Scenario) -> dict[str, object]:
    timed = _timed(s)
    rss = [x.pytest_rss_kib for x in s.samples if x.pytest_rss_kib is not None]
    others = [x.others_cpu_seconds for x in timed if x.others_cpu_seconds is not None]
    busy = [x.busy_before for x in s.samples if x.busy_before is not None]
    stats: dict[str, object] = {
        "timeout": s.timed_out,
        "samples_timed": len(timed),
        "median": statistics.median(x.seconds for x in timed)
        if timed and not s.timed_out
        else None,
        "min": min((x.seconds for x in timed), default=None),
        "max": max((x.seconds for x in s.samples), default=None),
        "cpu_median": statistics.median(x.cpu_seconds for x in timed) if timed else None,
        "pytest_peak_rss_mb": max(rss) * 1024 / MB if rss else None,
        "tree_peak_rss_mb": max(x.tree_rss_kib for x in s.samples) * 1024 / MB
        if s.samples
        else None,
        "others_cpu_median_s": statistics.median(others) if others else None,
        "busy_before_max": max(busy) if busy else None,
        "counts": s.samples[-1].counts if s.samples else {},
        "problems": [x.problem for x in s.samples if x.problem],
    }
    return stats


def _median(s: Scenario | None, cpu: bool = False) -> float | None:
    if s is None or s.timed_out:
        return None
    timed = _timed(s)
    if not timed:
        return None
    return statistics.median(x.cpu_seconds if cpu else x.seconds for x in timed)


def _lower_bound(s: Scenario | None) -> float | None:
    """The time a timed-out scenario was stopped at: its median is at least that."""
    if s is None or not s.timed_out:
        return None
    return max(x.seconds for x in s.samples)


def _ratio(
    name: str,
    num: Scenario | None,
    den: Sequence[Scenario | None],
    target: float | None,
) -> dict[str, object]:
    den_values = [_median(d) for d in den]
    entry: dict[str, object] = {"name": name, "value": None, "target": target, "verdict": ""}
    if num is None or any(d is None for d in den):
        entry["missing"] = True  # a scenario the run did not have (an older JSON)
    if entry.get("missing") or any(v is None for v in den_values):
        entry["text"] = "n/a"
        return entry
    base = sum(v for v in den_values if v is not None)
    value = _median(num)
    bound = _lower_bound(num)
    if value is None and bound is not None:
        entry["text"] = f"> {bound / base:.1f}x (timeout after {bound:.0f} s)"
        entry["verdict"] = "MISSED" if target is not None else ""
        return entry
    if value is None:
        entry["text"] = "n/a"
        return entry
    entry["value"] = value / base
    entry["text"] = f"{value / base:.3f}x"
    # The same ratio of CPU times: steadier than wall time when the machine is shared.
    cpu_den = [_median(d, cpu=True) for d in den]
    cpu_num = _median(num, cpu=True)
    if cpu_num is not None and all(v for v in cpu_den):
        entry["cpu_value"] = cpu_num / sum(v for v in cpu_den if v is not None)
        entry["text"] = f"{value / base:.3f}x (CPU {entry['cpu_value']:.2f}x)"
    if target is not None:
        entry["verdict"] = "ok" if value / base <= target else "MISSED"
    return entry


def _delta(
    name: str, num: Scenario | None, den: Sequence[Scenario | None], target: float | None
) -> dict[str, object]:
    values = [_median(num), *(_median(d) for d in den)]
    entry: dict[str, object] = {"name": name, "value": None, "target": target, "verdict": ""}
    if any(v is None for v in values):
        entry["text"] = "n/a"
        return entry
    first, *rest = (v for v in values if v is not None)
    delta = first - sum(rest)
    entry["value"] = delta
    entry["text"] = f"{delta:+.3f} s"
    if target is not None:
        entry["verdict"] = "ok" if delta <= target else "MISSED"
    return entry


def _paired(name: str, num: Scenario | None, den: Scenario | None) -> dict[str, object]:
    """Median of the per-repetition ratios: drift between repetitions cancels."""
    entry: dict[str, object] = {"name": name, "value": None, "target": None, "verdict": ""}
    if num is None or den is None or num.timed_out or den.timed_out:
        entry["text"] = "n/a"
        return entry
    pairs = [a.seconds / b.seconds for a, b in zip(num.samples, den.samples, strict=False)]
    if not pairs:
        entry["text"] = "n/a"
        return entry
    entry["value"] = statistics.median(pairs)
    text = f"{statistics.median(pairs):.3f}x"
    interval = median_interval(pairs)
    if interval is not None:
        entry["interval"] = list(interval)
        text += f" (95% interval {interval[0]:.3f}x-{interval[1]:.3f}x)"
    entry["text"] = text
    return entry


def ratios(w: Workload, groups: dict[str, list[Scenario]]) -> list[dict[str, object]]:
    def get(group: str, key: str) -> Scenario | None:
        return next((s for s in groups.get(group, []) if s.key == key), None)

    out: list[dict[str, object]] = []
    if "cached" in groups:
        raw, empty, plugin = (
            get("cached", "raw"),
            get("cached", "empty_pytest"),
            get("cached", "plugin"),
        )
        out += [
            _ratio("cached: plugin / (raw + empty pytest)", plugin, [raw, empty], TARGET_CACHED),
            _delta("cached: plugin - (raw + empty pytest)", plugin, [raw, empty], None),
            _ratio("cached: gotestsum / raw", get("cached", "gotestsum"), [raw], None),
        ]
        rss = plugin.samples if plugin is not None else []
        peaks = [x.pytest_rss_kib for x in rss if x.pytest_rss_kib is not None]
        peak = max(peaks) * 1024 / MB if peaks else None
        target = TARGET_RSS_MB if w.name == "expr" else None
        out.append(
            {
                "name": "cached: pytest peak RSS",
                "value": peak,
                "text": "n/a" if peak is None else f"{peak:.1f} MB",
                "target": target,
                "verdict": ""
                if target is None or peak is None
                else ("ok" if peak <= target else "MISSED"),
            }
        )
    if "warm" in groups:
        raw, plugin = get("warm", "raw"), get("warm", "plugin")
        out += [
            _ratio(
                "warm: plugin / raw",
                plugin,
                [raw],
                TARGET_WARM_RATIO if w.warm_ratio_target else None,
            ),
            _paired("warm: plugin / raw, per repetition", plugin, raw),
            _delta("warm: plugin - raw", plugin, [raw], TARGET_WARM_DELTA_S if w.small else None),
            _ratio("warm: gotestsum / raw", get("warm", "gotestsum"), [raw], None),
        ]
    if "cold" in groups:
        raw = get("cold", "raw")
        out += [
            _ratio("cold: plugin / raw", get("cold", "plugin"), [raw], TARGET_COLD),
            _ratio("cold: plugin, hazards off / raw", get("cold", "plugin_off"), [raw], None),
            _ratio("cold: gotestsum / raw", get("cold", "gotestsum"), [raw], None),
        ]
    if "firstrun" in groups:
        out += [
            _ratio(
                "hazards: warn / off, first run",
                get("firstrun", "warn_first"),
                [get("firstrun", "off_first")],
                TARGET_FIRST_RUN,
            ),
            _paired(
                "hazards: warn / off, first run, per repetition",
                get("firstrun", "warn_first"),
                get("firstrun", "off_first"),
            ),
            # The target is judged like the first run's, on the same -count=1 run.
            _ratio(
                "hazards: warn / off, warm",
                get("firstrun", "warn_warm"),
                [get("firstrun", "off_warm")],
                TARGET_HAZARDS_WARM,
            ),
            _paired(
                "hazards: warn / off, warm, per repetition",
                get("firstrun", "warn_warm"),
                get("firstrun", "off_warm"),
            ),
            # What a warm analysis costs outright: on the shortest run, Go's test cache
            # answering, go's own timing hides it least.
            _delta(
                "hazards: warn - off, warm, test cache answering",
                get("firstrun", "warn_cached"),
                [get("firstrun", "off_cached")],
                None,
            ),
            _paired(
                "hazards: warn / off, warm, test cache answering, per repetition",
                get("firstrun", "warn_cached"),
                get("firstrun", "off_cached"),
            ),
            _delta(
                "hazards: warn first - warn warm",
                get("firstrun", "warn_first"),
                [get("firstrun", "warn_warm")],
                None,
            ),
        ]
    if "xdist" in groups:
        for label, run in (("cached", "cached"), ("-count=1", "warm")):
            n2 = get("xdist", f"n2_{run}")
            out += [
                _ratio(
                    f"xdist, {label}: -n 2 / one process", n2, [get("xdist", f"plugin_{run}")], None
                ),
                _ratio(f"xdist, {label}: -n 2 / raw", n2, [get("xdist", f"raw_{run}")], None),
            ]
    if "report" in groups:
        q = get("report", "q")
        for key, label in (("rA", "-q -rA"), ("v", "-v"), ("junit", "-q --junitxml")):
            out.append(_ratio(f"report: {label} / -q", get("report", key), [q], TARGET_REPORT))
    return [r for r in out if not r.get("missing")]


def _num(value: object, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def report_workload(
    w: Workload,
    module: Path,
    reference: dict[str, object],
    groups: dict[str, list[Scenario]],
) -> dict[str, object]:
    """Print the workload's table and ratios; return them, with every sample, for the JSON."""
    print(f"\n{w.name} ({w.module or 'synthetic'}@{w.version})")
    print(
        f"{'group/scenario':<22}{'median s':>10}{'min s':>9}{'max s':>9}{'CPU s':>8}"
        f"{'pytest MB':>10}{'tree MB':>9}  outcome p/f/s   check"
    )
    scenarios: dict[str, dict[str, object]] = {}
    for group, members in groups.items():
        for s in members:
            st = scenario_stats(s)
            counts = st["counts"]
            assert isinstance(counts, dict)
            outcome = "/".join(str(n) for n in outcome_counts(counts))
            problems = st["problems"]
            assert isinstance(problems, list)
            check = "ok" if not problems else str(problems[-1])
            if problems and not check.startswith(("timeout", "KNOWN-DIFF")):
                check = f"!! {check}"
            median = "timeout" if s.timed_out else _num(st["median"], ".3f")
            print(
                f"{group + '/' + s.key:<22}{median:>10}{_num(st['min'], '.3f'):>9}"
                f"{_num(st['max'], '.3f'):>9}{_num(st['cpu_median'], '.2f'):>8}"
                f"{_num(st['pytest_peak_rss_mb'], '.1f'):>10}"
                f"{_num(st['tree_peak_rss_mb'], '.0f'):>9}"
                f"  {outcome:<15} {check}"
            )
            scenarios[f"{group}/{s.key}"] = {
                "command": s.argv,
                "cwd": str(s.cwd),
                "description": s.description,
                "fresh": s.fresh,
                **st,
                "samples": s.samples,
                "discarded_samples": s.discarded,
            }
    computed = ratios(w, groups)
    for r in computed:
        target = r["target"]
        goal = "" if target is None else f"  (target <= {target}: {r['verdict']})"
        print(f"  {r['name']:<42} {r['text']}{goal}")
    return {
        "module": w.module,
        "version": w.version,
        "dir": str(module),
        "reference": reference,
        "scenarios": scenarios,
        "ratios": computed,
    }


def machine_load(results: dict[str, object]) -> str:
    """How busy the rest of the machine was: before the samples (the quiet wait's last look)
    and during them (CPU time outside the measured process tree, per second of wall time)."""
    busy: list[float] = []
    others = 0.0
    wall = 0.0
    for data in results.values():
        assert isinstance(data, dict)
        for sc in data["scenarios"].values():
            for x in sc["samples"]:
                if x.busy_before is not None:
                    busy.append(x.busy_before)
                if x.others_cpu_seconds is not None:
                    others += x.others_cpu_seconds
                    wall += x.seconds
    if not busy:
        return "machine load: unknown"
    return (
        f"machine load: CPUs busy before a sample median {statistics.median(busy):.0%}, max "
        f"{max(busy):.0%}; other processes used {others / wall if wall else 0:.2f} CPUs on "
        f"average during the samples"
    )


def summary_tables(header: dict[str, object], results: dict[str, object]) -> str:
    """Markdown: what was measured, every scenario's numbers, every ratio with its target."""
    plugin = header["plugin"]
    assert isinstance(plugin, dict)
    lines = [
        f"Measured {header['date']} with pytest-gotest {plugin['version']} at commit "
        f"{plugin['commit']} (src/ last changed in {plugin.get('src_commit', '?')}); "
        f"{header['go']}; Python {header['python']}; {header['cpus']} CPUs; "
        f"gotestsum {header['gotestsum']}; bytecode {header['bytecode']}; medians of "
        f"{header['repeat']} (cold: {header['cold_repeat']}); {machine_load(results)}.",
        "",
        "| workload | scenario | median s | min s | max s | CPU s | pytest peak MB "
        "| passed/failed/skipped |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, data in results.items():
        assert isinstance(data, dict)
        for key, st in data["scenarios"].items():
            c = outcome_counts(st["counts"])
            median = "**timeout**" if st["timeout"] else _num(st["median"], ".3f")
            worst = [str(p) for p in st["problems"] if str(p).startswith(("MISMATCH", "INVALID"))]
            flag = " **!!**" if worst else ""
            if not worst and any(str(p).startswith("KNOWN-DIFF") for p in st["problems"]):
                flag = " (known diff)"
            lines.append(
                f"| {name} | {key} | {median} | {_num(st['min'], '.3f')} | "
                f"{_num(st['max'], '.3f')} | {_num(st['cpu_median'], '.2f')} | "
                f"{_num(st['pytest_peak_rss_mb'], '.1f')} | "
                f"{c[0]}/{c[1]}/{c[2]}{flag} |"
            )
    lines += ["", "| workload | ratio | measured | target |", "|---|---|---:|---|"]
    for name, data in results.items():
        assert isinstance(data, dict)
        for r in data["ratios"]:
            target = "" if r["target"] is None else f"<= {r['target']}: {r['verdict']}"
            if r["verdict"] == "MISSED":
                target = f"<= {r['target']}: **MISSED**"
            lines.append(f"| {name} | {r['name']} | {r['text']} | {target} |")
    return "\n".join(lines) + "\n"


def rerender(path: Path) -> str:
    """The tables of an earlier run, from its JSON (e.g. with ratios added since): printed,
    and the Markdown returned."""
    document = json.loads(path.read_text(encoding="utf-8"))
    header = {k: v for k, v in document.items() if k not in ("workloads", "problems")}
    results: dict[str, object] = {}
    for name, data in document["workloads"].items():
        w = next(
            (x for x in REAL_WORKLOADS if x.name == name),
            Workload(name, None, data["version"], warm_ratio_target=True),
        )
        groups: dict[str, list[Scenario]] = {}
        for key, sc in data["scenarios"].items():
            group, short = key.split("/", 1)
            s = Scenario(group, short, "", sc["command"], Path(sc["cwd"]), sc["description"])
            s.fresh = sc["fresh"]
            s.samples = [Sample(**x) for x in sc["samples"]]
            s.discarded = [Sample(**x) for x in sc.get("discarded_samples", [])]
            s.timed_out = bool(sc["timeout"])
            groups.setdefault(group, []).append(s)
        results[name] = report_workload(w, Path(data["dir"]), data["reference"], groups)
    return summary_tables(header, results)
