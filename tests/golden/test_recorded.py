"""Golden tests: the pure core against streams recorded from this repository's fixtures.

Each stream is folded and resolved with the tests pytest-gotest would collect, and the verdict
is compared as JSON with ``expected/NAME.json``: per test its cause and the structured evidence
(whom the binary died in, the crash line, the timeout, the failed subtests...), per package the
build root, the teardown cause and the notes. Wording is not part of it (test_explain has it);
times and paths are scrubbed.

On a mismatch the actual verdict is written next to the expected file as ``NAME.actual``.
After a deliberate change (or after re-recording the streams with
``python tests/golden/record_streams.py``), regenerate the expectations and review the diff:

    python -m pytest -p no:cacheprovider tests/golden/test_recorded.py
    for f in tests/golden/expected/*.actual; do mv "$f" "${f%.actual}.json"; done
    git diff tests/golden/expected
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pytest_gotest.core.events import TestEvent, parse_line
from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.outcome import Evidence, Outcome, TestSlot
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.resolve import resolve
from pytest_gotest.core.scanner import scan_source

HERE = Path(__file__).resolve().parent
STREAMS = HERE / "streams"
EXPECTED = HERE / "expected"
GOMODS = HERE.parent / "testdata" / "gomods"
NAMES = sorted(p.stem for p in STREAMS.glob("*.jsonl"))

_SCRUB = [
    (re.compile(r"\d+\.\d+s\b"), "<time>"),
    (re.compile(r"/\S*/tests/testdata/gomods/"), "<gomods>/"),
]


def _scrub(text: str) -> str:
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _evidence_json(evidence: Evidence) -> dict[str, Any]:
    """The structured evidence: only what is set (a cause needs only some of it). Of the
    test's own output and error lines, the first line shows they reached the right test."""
    data: dict[str, Any] = {
        "output": _scrub(_first_line(evidence.output)),
        "error_text": _scrub(_first_line(evidence.error_text)),
        "culprit": evidence.culprit,
        "said": evidence.said,
        "reason": _scrub(evidence.reason) if evidence.reason else None,
        "exit_line": evidence.exit_line,
        "own_crash": evidence.own_crash,
        "crash": evidence.crash.summary,
        "crash_culprit": evidence.crash.culprit,
        "timeout": evidence.crash.timeout,
        "late_fail": evidence.crash.late_fail,
        "failed_subtests": list(evidence.failed_subtests),
    }
    return {key: value for key, value in data.items() if value}


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {"cause": outcome.cause.name}
    if outcome.evidence is not None and _evidence_json(outcome.evidence):
        data["evidence"] = _evidence_json(outcome.evidence)
    if outcome.subtests:
        data["subtests"] = {s.name: _outcome_json(s) for s in outcome.subtests}
    return data


def _meta(name: str) -> dict[str, str]:
    lines = (STREAMS / f"{name}.meta").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


def _collected_tests(
    module_dir: Path, import_path: str, module_path: str, tags: bool
) -> list[TestSlot]:
    """What pytest-gotest would collect for the package: scan its _test.go files (build
    constrained files only when the recording passed -tags; go list decides in real runs).
    A name in both the internal and the external test package is two slots."""
    relative = import_path[len(module_path) :].lstrip("/")
    package_dir = module_dir / relative
    names: list[str] = []
    for test_file in sorted(package_dir.glob("*_test.go")):
        if not tags and test_file.read_text(encoding="utf-8").startswith("//go:build"):
            continue
        for func in scan_source(test_file.read_bytes()):
            if func.kind != "testmain":
                names.append(func.name)
    copies = Counter(names)
    seen: Counter[str] = Counter()
    slots = []
    for name in names:
        slots.append(TestSlot(name, seen[name], copies[name]))
        seen[name] += 1
    return slots


def _runs_per_test(command: str) -> int:
    """The recordings pass -count=N (record_streams.py: always -count=1) and no -cpu."""
    match = re.search(r"-count=(\d+)", command)
    assert match is not None, command
    assert "-cpu" not in command, command
    return int(match.group(1))


def fold(name: str) -> dict[str, Any]:
    meta = _meta(name)
    lines = (STREAMS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    packages = [
        e.package for e in map(parse_line, lines) if isinstance(e, TestEvent) and e.test is None
    ]
    folder = StreamFolder(packages, CaptureLimits())
    for line in lines:
        folder.feed_line(line)
    stderr_path = STREAMS / f"{name}.stderr"
    stderr = stderr_path.read_text(encoding="utf-8") if stderr_path.exists() else ""
    folder.finish(int(meta["exit"]), stderr)
    module_dir = GOMODS / meta["module"]
    module_path = (module_dir / "go.mod").read_text(encoding="utf-8").split()[1]
    result: dict[str, Any] = {}
    for import_path, run in sorted(folder.packages.items()):
        selected = _collected_tests(module_dir, import_path, module_path, "-tags" in meta["cmd"])
        if "-run=" in meta["cmd"]:
            ran = {r.name for r in run.runs}
            selected = [s for s in selected if s.name in ran]
        verdict = resolve(run, selected, _runs_per_test(meta["cmd"]))
        tests = {
            slot.name if slot.copies == 1 else f"{slot.name} (copy {slot.copy})": _outcome_json(o)
            for slot, o in verdict.outcomes.items()
        }
        result[import_path] = {
            "tests": tests,
            "build_root": verdict.context.build_root,
            "teardown": verdict.teardown.cause.name if verdict.teardown else None,
            "notes": [
                {"kind": n.kind.name, "test": n.test, "actions": list(n.actions), "by": n.by}
                for n in verdict.notes
            ],
            "cached": verdict.cached,
            "died_early": verdict.died_early,
        }
        run.close()
    return result


@pytest.mark.parametrize("name", NAMES)
def test_recorded_stream(name: str) -> None:
    actual = json.dumps(fold(name), indent=2, sort_keys=True) + "\n"
    expected_path = EXPECTED / f"{name}.json"
    actual_path = EXPECTED / f"{name}.actual"
    expected = expected_path.read_text(encoding="utf-8") if expected_path.exists() else None
    if actual != expected:
        actual_path.write_text(actual, encoding="utf-8")
        pytest.fail(
            f"{name}: outcomes differ from {expected_path}; actual written to {actual_path}"
        )
    actual_path.unlink(missing_ok=True)


def test_every_stream_has_expectations() -> None:
    assert NAMES, "no recorded streams; run python tests/golden/record_streams.py"
    missing = [n for n in NAMES if not (EXPECTED / f"{n}.json").exists()]
    assert not missing
