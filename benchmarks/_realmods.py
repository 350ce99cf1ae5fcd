"""The workloads of ``bench_real.py``: real Go modules at pinned versions, fetched through the
Go module proxy at benchmark time, bench_run.py's synthetic module, and gotestsum; plus
counting the test outcomes in a ``go test -json`` stream.

A module's files in the module cache are read-only and shared; the benchmark works on a
writable copy in ``WORK/real/NAME`` whose ``pytest.ini`` makes it pytest's rootdir. Module zips
never contain nested modules (a directory with its own ``go.mod`` is left out), so ``go test
./...`` in the copy and the plugin see the same packages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

from _common import BenchError, make_writable
from bench_run import generate_module

GOTESTSUM: Final = "gotest.tools/gotestsum"
DEFAULT_GOTESTSUM_VERSION: Final = "v1.13.0"

# Go ignores directories named testdata or vendor and those starting with "." or "_" in
# "./..."; pytest's own default norecursedirs would also skip Go packages named build, dist,
# venv, node_modules or CVS. This keeps pytest's walk to what go walks (the plugin applies
# Go's rules to the files it collects as well).
PYTEST_INI: Final = "[pytest]\nnorecursedirs = .* _* testdata vendor\n"


@dataclass(frozen=True)
class Workload:
    name: str
    module: str | None  # module path; None: the synthetic module
    version: str  # pinned version, or "PxT" for the synthetic module
    small: bool = False  # the warm target is "plugin - raw <= +0.5 s" rather than a ratio
    warm_ratio_target: bool = False  # the warm target "plugin / raw <= 1.05" applies


REAL_WORKLOADS: Final = (
    Workload("go-cmp", "github.com/google/go-cmp", "v0.7.0", small=True),
    Workload("goldmark", "github.com/yuin/goldmark", "v1.8.7"),
    Workload("expr", "github.com/expr-lang/expr", "v1.17.8", warm_ratio_target=True),
    Workload("testify", "github.com/stretchr/testify", "v1.12.1", small=True),
)
WORKLOAD_NAMES: Final = ("synthetic", *(w.name for w in REAL_WORKLOADS))


def workload(name: str, synthetic_packages: int, synthetic_tests: int) -> Workload:
    if name == "synthetic":
        return Workload(
            "synthetic", None, f"{synthetic_packages}x{synthetic_tests}", warm_ratio_target=True
        )
    for w in REAL_WORKLOADS:
        if w.name == name:
            return w
    raise BenchError(f"unknown workload {name!r}; known: {', '.join(WORKLOAD_NAMES)}")


def _go(go: str, args: Iterable[str], cwd: Path, env: dict[str, str]) -> str:
    completed = subprocess.run(
        [go, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BenchError(
            f"go {' '.join(args)} (in {cwd}) exited {completed.returncode}:\n"
            f"{completed.stdout[-2000:]}{completed.stderr[-2000:]}"
        )
    return completed.stdout


def prepare_workload(
    go: str, w: Workload, root: Path, env: dict[str, str], synthetic: tuple[int, int]
) -> Path:
    """The module's directory, ready to test: fetched (or generated) once, reused while its
    marker names the same module and version (a fresh copy would give every file a new mtime,
    and Go's test cache checks the mtimes of files that tests open)."""
    target = root / w.name
    marker = target / ".bench-source"
    wanted = f"{w.module or 'synthetic'}@{w.version}\n"
    if marker.is_file() and marker.read_text(encoding="utf-8") == wanted:
        return target
    if target.exists():
        make_writable(target)
        shutil.rmtree(target)
    if w.module is None:
        generate_module(target, *synthetic)
    else:
        # Run where no go.mod is above (root is under benchmarks/_work): module mode with an
        # explicit version needs no main module.
        listing = json.loads(
            _go(go, ["mod", "download", "-json", f"{w.module}@{w.version}"], root, env)
        )
        if listing.get("Error") or not listing.get("Dir"):
            raise BenchError(f"go mod download {w.module}@{w.version}: {listing}")
        shutil.copytree(listing["Dir"], target)
        make_writable(target)
        _go(go, ["mod", "download"], target, env)  # its dependencies, into the shared cache
    (target / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    marker.write_text(wanted, encoding="utf-8")
    return target


def install_gotestsum(go: str, version: str, bin_dir: Path, env: dict[str, str]) -> Path:
    """``go install gotest.tools/gotestsum@VERSION`` into ``bin_dir`` unless it is there."""
    binary = bin_dir / "gotestsum"
    stamp = bin_dir / "gotestsum.version"
    if binary.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == version:
        return binary
    bin_dir.mkdir(parents=True, exist_ok=True)
    _go(go, ["install", f"{GOTESTSUM}@{version}"], bin_dir.parent, dict(env, GOBIN=str(bin_dir)))
    if not binary.is_file():
        raise BenchError(f"go install {GOTESTSUM}@{version} left no {binary}")
    stamp.write_text(version, encoding="utf-8")
    return binary


@dataclass(frozen=True)
class GoCounts:
    """Outcomes in a ``go test -json`` stream: tests, subtests, examples and fuzz seeds alike
    (every event with a ``Test`` name), and packages that failed (build or setup failures
    included) as Go reports them."""

    passed: int
    failed: int
    skipped: int
    failed_packages: int

    def as_dict(self) -> dict[str, int]:
        return {
            "passed": self.passed,
            "failed": self.failed,
            "skipped": self.skipped,
            "failed_packages": self.failed_packages,
        }


def stream_events(stream: Path) -> Iterator[dict[str, Any]]:
    """The JSON events of a ``go test -json`` stream; other lines are skipped."""
    with stream.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.startswith("{"):
                continue
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                yield event


def go_counts(stream: Path) -> GoCounts:
    counts = {"pass": 0, "fail": 0, "skip": 0}
    failed_packages: set[str] = set()
    for event in stream_events(stream):
        action = event.get("Action")
        if action not in counts:
            continue
        if event.get("Test"):
            counts[action] += 1
        elif action == "fail":
            failed_packages.add(str(event.get("Package")))
    return GoCounts(counts["pass"], counts["fail"], counts["skip"], len(failed_packages))


# (import path, top-level Go test name) -> outcome -> how many of the test and its subtests.
# Per top-level test, not per subtest: subtest names can differ between two runs (names built
# from pointer addresses or the time, as in testify), top-level names cannot.
Outcomes = dict[tuple[str, str], Counter[str]]


def _add(outcomes: Outcomes, package: str, name: str, outcome: str) -> None:
    outcomes.setdefault((package, name.split("/", 1)[0]), Counter())[outcome] += 1


def go_outcomes(stream: Path, repeats: int = 1) -> Outcomes:
    """The outcomes of every test and subtest in a ``go test -json`` stream.

    ``repeats`` > 1 (``-count=N``, ``-cpu=1,2``: Go runs each test that many times): the runs
    of one name count as the worst of them (failed, then skipped, then passed), as the
    plugin reports a test run several times (docs/how-it-works.md, "Outcomes"), once per
    ``repeats`` runs (twins, one name in a package's internal and external test files, run
    twice as often and are two tests to the plugin). A run Go started and never ended counts
    as failed: the binary died in it (a panic in another goroutine, a later repetition's
    panic, ``-timeout``: test2json ends no test then), which the plugin reports as that
    test's failure. A test that passed or skipped the runs it had, fewer than ``repeats`` in a
    package that failed (the binary died, or ``-failfast`` stopped it, before its later runs),
    counts as one error, its subtests as nothing: the plugin errors it as not run every time
    asked, by design (``resolve.py``, ``runs``)."""
    words = {"pass": "passed", "fail": "failed", "skip": "skipped"}
    outcomes: Outcomes = {}
    worst: dict[tuple[str, str], str] = {}
    runs: Counter[tuple[str, str]] = Counter()
    open_runs: Counter[tuple[str, str]] = Counter()
    rank = {"passed": 0, "skipped": 1, "failed": 2}
    failed_packages: set[str] = set()
    for event in stream_events(stream):
        if not event.get("Test"):
            if event.get("Action") == "fail":
                failed_packages.add(str(event.get("Package")))
            continue
        key = (str(event.get("Package")), str(event["Test"]))
        action = event.get("Action")
        if action == "run":
            runs[key] += 1
            open_runs[key] += 1
        elif action in words:
            open_runs[key] -= 1
            word = words[str(action)]
            if repeats == 1:
                _add(outcomes, *key, word)
            elif rank[word] >= rank[worst.get(key, "passed")]:
                worst[key] = word
    for key, count in open_runs.items():
        if count <= 0:
            continue
        if repeats > 1:
            worst[key] = "failed"
        else:
            for _ in range(count):
                _add(outcomes, *key, "failed")
    cut_short = {
        key
        for key, word in worst.items()
        if "/" not in key[1]
        and word != "failed"
        and key[0] in failed_packages
        # Examples run once whatever -count and -cpu say.
        and runs[key] < (1 if key[1].startswith("Example") else repeats)
    }
    for key, word in worst.items():
        top = (key[0], key[1].split("/", 1)[0])
        if top in cut_short and key != top:
            continue  # an errored test's report holds no subtests
        for _ in range(max(1, -(-runs[key] // repeats))):
            _add(outcomes, *key, "error" if key in cut_short else word)
    return outcomes


def junit_outcomes(path: Path) -> Outcomes:
    """The test cases of the plugin's JUnit XML (classname = import path, name = Go name)."""
    outcomes: Outcomes = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        tags = {child.tag for child in case}
        outcome = next((word for tag, word in _JUNIT_WORDS if tag in tags), "passed")
        _add(outcomes, case.get("classname", ""), case.get("name", ""), outcome)
    return outcomes


_JUNIT_WORDS: Final = (("failure", "failed"), ("error", "error"), ("skipped", "skipped"))


def _text(counts: Counter[str]) -> str:
    return ", ".join(f"{n} {word}" for word, n in sorted(counts.items()))


@dataclass(frozen=True)
class OutcomeDiff:
    """Where the plugin's reference run and raw go test's disagree, per top-level test."""

    raw_only: list[tuple[str, str, str]]  # package, test, outcomes: go reported, plugin did not
    plugin_only: list[tuple[str, str, str]]
    different: list[tuple[str, str, str, str]]  # package, test, go's outcomes, the plugin's

    @property
    def empty(self) -> bool:
        return not (self.raw_only or self.plugin_only or self.different)

    @property
    def only_uncollected(self) -> bool:
        """Only names the plugin did not report: tests go reported that are no test function
        (e.g. fake tests run through testing.RunTests inside a test), which the plugin ignores
        with a warning by design."""
        return bool(self.raw_only) and not (self.plugin_only or self.different)

    def lines(self, limit: int = 15) -> list[str]:
        rows = [f"only go test: {p} {t!r} ({o})" for p, t, o in self.raw_only]
        rows += [f"only the plugin: {p} {t!r} ({o})" for p, t, o in self.plugin_only]
        rows += [f"{p} {t!r}: go test {r}; the plugin {q}" for p, t, r, q in self.different]
        return rows[:limit] + ([f"... {len(rows) - limit} more"] if len(rows) > limit else [])


def diff_outcomes(raw: Outcomes, plugin: Outcomes) -> OutcomeDiff:
    return OutcomeDiff(
        raw_only=sorted((p, t, _text(o)) for (p, t), o in raw.items() if (p, t) not in plugin),
        plugin_only=sorted((p, t, _text(o)) for (p, t), o in plugin.items() if (p, t) not in raw),
        different=sorted(
            (p, t, _text(o), _text(plugin[(p, t)]))
            for (p, t), o in raw.items()
            if (p, t) in plugin and plugin[(p, t)] != o
        ),
    )


def outcome_counts(counts: dict[str, int]) -> tuple[int, int, int]:
    """(passed, failed, skipped) of tests and subtests together, whether from a go stream or
    from pytest's summary (pytest 9 counts subtests apart: "15 passed, 18 subtests passed")."""
    return tuple(  # type: ignore[return-value]
        counts.get(word, 0) + counts.get(f"subtests_{word}", 0)
        for word in ("passed", "failed", "skipped")
    )
