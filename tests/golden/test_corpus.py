"""The recorded Go 1.27 ``go test -json`` corpus through fold, resolve and explain.

Every stream in ``tests/testdata/go-corpus/streams`` must fold, resolve and explain without
error, and never report PASSED a test Go did not say ``pass`` for; the table in corpus_table.py
pins the cause (and the key evidence) of specific tests, decided from the streams.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from corpus_table import TABLE, Row

from pytest_gotest.core.explain import explain, note_text
from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.gocmd import GoFlags
from pytest_gotest.core.outcome import Cause, NoteKind, Outcome, PackageVerdict, TestSlot
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.package_run import PackageRun
from pytest_gotest.core.resolve import resolve
from pytest_gotest.core.scanner import scan_source
from pytest_gotest.core.toolchain import GoToolchain

# The corpus, kept in the repository so that CI has it.
CORPUS = Path(__file__).resolve().parents[1] / "testdata" / "go-corpus"
STREAMS = CORPUS / "streams"
MODS = CORPUS / "mods"

STREAM_NAMES = sorted(p.stem for p in STREAMS.glob("*.jsonl"))


@dataclass(frozen=True)
class Meta:
    cwd: Path  # the module directory inside mods/
    command: str
    exit_code: int
    stderr: str


@functools.cache
def meta(name: str) -> Meta:
    fields: dict[str, str] = {}
    for line in (STREAMS / f"{name}.meta").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(": ")
        fields[key] = value
    stderr_path = STREAMS / f"{name}.stderr"
    return Meta(
        cwd=Path(fields["cwd"].replace("/src/mods", str(MODS), 1)),
        command=fields["cmd"],
        exit_code=int(fields["exit"]),
        stderr=stderr_path.read_text(encoding="utf-8") if stderr_path.exists() else "",
    )


def _stream_lines(name: str) -> list[str]:
    return (STREAMS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


@functools.cache
def stream_packages(name: str) -> tuple[str, ...]:
    """Every Package value of the stream, in order of appearance."""
    seen: dict[str, None] = {}
    for line in _stream_lines(name):
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("Package"), str):
            seen.setdefault(obj["Package"])
    return tuple(seen)


@functools.cache
def source_names(name: str, package: str) -> tuple[str, ...]:
    """Top-level tests, fuzz targets and runnable examples of the package's source."""
    root = meta(name).cwd
    while not (root / "go.mod").is_file():
        if root in (MODS, root.parent):
            return ()
        root = root.parent
    match = re.search(r"^module\s+(\S+)", (root / "go.mod").read_text(encoding="utf-8"), re.M)
    if match is None:
        return ()
    module = match.group(1)
    if package == module:
        directory = root
    elif package.startswith(module + "/"):
        directory = root / package[len(module) + 1 :]
    else:
        return ()
    found: list[str] = []
    for path in sorted(directory.glob("*_test.go")):
        if path.name.startswith(("_", ".")):
            continue
        found.extend(f.name for f in scan_source(path.read_bytes()) if f.kind != "testmain")
    return tuple(dict.fromkeys(found))


def _fold(name: str) -> StreamFolder:
    folder = StreamFolder(stream_packages(name), CaptureLimits())
    for line in _stream_lines(name):
        folder.feed_line(line)
    info = meta(name)
    folder.finish(info.exit_code, info.stderr)
    return folder


def _top_level(run: PackageRun) -> list[str]:
    return list(dict.fromkeys(r.name for r in run.runs if r.forged_by is None))


@functools.cache
def runs_per_test(name: str) -> int | None:
    """-count x -cpu of the recorded command, as GoToolchain reads them."""
    tokens = shlex.split(meta(name).command)
    entries: list[tuple[str, str | None]] = []
    for index, token in enumerate(tokens):
        flag, _, value = token.lstrip("-").partition("=")
        if token.startswith("-") and flag in ("count", "cpu"):
            follows = tokens[index + 1] if index + 1 < len(tokens) else None
            entries.append((flag, value if "=" in token else follows))
    return GoToolchain("go", GoFlags(entries=tuple(entries)), environ={}).runs_per_test


def _slots(names: list[str]) -> list[TestSlot]:
    return [TestSlot(n) for n in names]


def _walk(outcome: Outcome) -> Iterator[Outcome]:
    yield outcome
    for sub in outcome.subtests:
        yield from _walk(sub)


# -- every stream -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", STREAM_NAMES)
def test_every_stream_folds_resolves_and_explains(name: str) -> None:
    folder = _fold(name)
    info = meta(name)
    packages = stream_packages(name)
    assert set(packages) <= set(folder.packages)
    for package in packages:
        run = folder.packages[package]
        assert run.done, package
        selected = list(dict.fromkeys([*_top_level(run), *source_names(name, package)]))
        result = resolve(run, _slots(selected), runs_per_test(name))
        assert [slot.name for slot in result.outcomes] == selected
        for outcome in result.outcomes.values():
            for each in _walk(outcome):
                assert each.status in ("passed", "failed", "skipped", "error")
                if each.cause is Cause.PASSED:
                    # Never a false green: Go said pass for every real run of this name.
                    runs = [r for r in run.runs if r.forged_by is None]
                    runs += [s for r in runs for s in (r.subtests or {}).values()]
                    assert {r.action for r in runs if r.name == each.name} == {"pass"}
                else:
                    assert explain(each, result.context).message
        for note in result.notes:
            assert note_text(note, package)
        if run.action == "fail" and info.exit_code != 0:
            # A failed package shows up somewhere: a failing test or a teardown error.
            bad = [o for o in result.outcomes.values() if o.status in ("failed", "error")]
            assert bad or result.teardown is not None or not selected
        run.close()


def test_every_indexed_stream_is_present() -> None:
    index = (STREAMS / "INDEX.md").read_text(encoding="utf-8")
    indexed = set(re.findall(r"^\| ([a-z0-9_]+) \| mods/", index, flags=re.M))
    assert len(indexed) >= 100
    assert indexed <= set(STREAM_NAMES)


def test_usage_error_stream_has_no_json() -> None:
    # cli_badvalue: go's own usage error, text on stderr, exit 2.
    assert stream_packages("cli_badvalue") == ()
    folder = StreamFolder(["example.com/basic"], CaptureLimits())
    for line in _stream_lines("cli_badvalue"):
        folder.feed_line(line)
    info = meta("cli_badvalue")
    folder.finish(info.exit_code, info.stderr)
    result = resolve(folder.packages["example.com/basic"], [TestSlot("TestPass")])
    outcome = result.outcome("TestPass")
    assert outcome.cause is Cause.STREAM_ENDED_FIRST
    assert outcome.evidence is not None
    assert "status 2" in (outcome.evidence.reason or "")
    first_line = info.stderr.strip().splitlines()[0]
    assert first_line in result.context.stderr
    explanation = explain(outcome, result.context)
    assert "status 2" in explanation.message
    assert first_line in explanation.details


@pytest.mark.parametrize(
    ("name", "cached"),
    [("cache_01_first", False), ("cache_02_second", True), ("cache_03_count1", False)],
)
def test_cached_replay(name: str, cached: bool) -> None:
    run = _fold(name).packages["example.com/cache/plain"]
    result = resolve(run, [TestSlot("TestInc")], runs_per_test(name))
    assert result.cached is cached
    assert result.outcome("TestInc").cause is Cause.PASSED


def test_runs_per_test_is_read_from_the_recorded_command() -> None:
    assert runs_per_test("basic") == 1
    assert runs_per_test("misc_count2_shuffle") == 2
    assert runs_per_test("misc_cpu") == 2  # -cpu 1,2
    assert runs_per_test("cli_badvalue") is None  # -count=abc


def test_benchmark_reports_are_notes_not_outcomes() -> None:
    # The part of the bench row that holds today: whatever the note's kind, a benchmark is
    # no outcome, its failure is noted, and the package's failure is a teardown error.
    result = verdict("bench", E + "bench")
    assert "BenchmarkFails" not in {slot.name for slot in result.outcomes}
    assert ("BenchmarkFails", ("fail",)) in {(n.test, n.actions) for n in result.notes}
    assert result.teardown is not None


# -- the table --------------------------------------------------------------------------------

E = "example.com/"


@functools.cache
def verdict(name: str, package: str) -> PackageVerdict:
    """What pytest-gotest reports: resolve with the tests the scanner collects."""
    run = _fold(name).packages[package]
    selected = list(source_names(name, package)) or _top_level(run)
    result = resolve(run, _slots(selected), runs_per_test(name))
    run.close()
    return result


def find(result: PackageVerdict, test: str) -> Outcome:
    outcome = result.outcome(test.split("/", 1)[0])
    for each in _walk(outcome):
        if each.name == test:
            return each
    raise AssertionError(f"{test} not among {[s.name for s in outcome.subtests]}")


def _params() -> list[object]:
    params: list[object] = []
    for row in TABLE:
        marks = [pytest.mark.xfail(strict=True, reason=row.bug)] if row.bug else []
        name = row.test or "teardown"
        params.append(pytest.param(row, marks=marks, id=f"{row.stream}:{name}"))
    return params


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 120
    assert len({(r.stream, r.package, r.test) for r in TABLE}) == len(TABLE)
    assert {r.stream for r in TABLE} >= {
        "panic",
        "timeout",
        "osexit0",
        "osexit1",
        "killed_sigkill",
        "killed_logfatal",
        "panic_goroutine",
        "goroutine_fatal",
        "testmain_exit_before_run",
        "testmain_exit0_before_run",
        "testmain_never_runs",
        "testmain_nonzero_after_pass",
        "testmain_panic",
        "buildfail_testfile",
        "buildfail_nontest",
        "buildfail_depbroken",
        "buildfail_vet",
        "buildfail_setup",
        "buildfail_legacy_buildtext",
        "init_flagparse",
        "init_exit0",
        "init_spoof",
        "skip_all",
        "examples",
        "fuzz",
        "misc_failfast",
        "misc_count2_shuffle",
        "race",
        "basic",
        "parallel",
        "newapis",
        "bench",
    }
    # Every cause a recorded Go stream can show has a row.
    assert {r.cause for r in TABLE} >= set(Cause) - {
        Cause.FORGED,  # needs a stream whose m.Run never printed PASS: test_resolve_runs
        Cause.NO_RESULT,  # needs go killed mid-test: test_resolve_never_ran
        Cause.STREAM_ENDED_FIRST,  # cli_badvalue above, and test_resolve_never_ran
        Cause.NO_TEST_FILES,  # the scanner collects nothing there: test_resolve_never_ran
        # No corpus stream has a -count run failing before a t.Run (the corpus is one Go's
        # recording): gomods/repeatsubs in test_repeated_subtests, and test_resolve_runs.
        Cause.PARENT_FAILED_FIRST,
    }


@pytest.mark.parametrize("row", _params())
def test_expected_outcome(row: Row) -> None:
    result = verdict(row.stream, row.package)
    if isinstance(row.cause, NoteKind):
        assert row.test not in {slot.name for slot in result.outcomes}
        notes = [n for n in result.notes if n.test == row.test]
        assert [n.kind for n in notes] == [row.cause], result.notes
        if row.culprit is not None:
            assert notes[0].by == row.culprit
        assert row.message in note_text(notes[0], row.package)
        return
    if row.cause is Cause.PACKAGE_FAILED_AFTER_PASS:
        assert result.teardown is not None
        assert result.teardown.cause is row.cause
        assert all(o.cause is Cause.PASSED for o in result.outcomes.values())
        outcome = result.teardown
    else:
        outcome = find(result, row.test)
        assert outcome.cause is row.cause, outcome
    evidence = outcome.evidence
    if row.culprit is not None:
        assert evidence is not None
        blamed = evidence.culprit if evidence.culprit is not None else evidence.crash.culprit
        assert blamed == row.culprit
    if row.timeout is not None:
        assert evidence is not None
        assert evidence.crash.timeout == row.timeout
    if row.build_root is not None:
        assert result.context.build_root == row.build_root
    if outcome.cause is not Cause.PASSED:
        explanation = explain(outcome, result.context)
        assert row.message in explanation.message
        assert row.details in explanation.details
