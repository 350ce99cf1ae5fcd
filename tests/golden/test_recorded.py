"""Golden tests: the pure core against streams recorded from this repository's fixtures.

The streams are re-recorded by ``python tests/golden/record_streams.py``. Outcomes are
compared as JSON (status, phase, message; times and paths scrubbed). On a mismatch the actual
result is written next to the expected file as ``NAME.actual`` for review.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from pytest_gotest.core.events import TestEvent, parse_line
from pytest_gotest.core.execution import CaptureLimits, StreamFolder, TestOutcome, resolve
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


def _outcome_json(outcome: TestOutcome) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": outcome.status,
        "phase": outcome.phase,
        "message": _scrub(outcome.message),
    }
    if outcome.subtests:
        data["subtests"] = {s.name: _outcome_json(s) for s in outcome.subtests}
    return data


def _meta(name: str) -> dict[str, str]:
    lines = (STREAMS / f"{name}.meta").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


def _collected_tests(module_dir: Path, import_path: str, module_path: str, tags: bool) -> list[str]:
    """What pytest-gotest would collect for the package: scan its _test.go files (build
    constrained files only when the recording passed -tags; go list decides in real runs)."""
    relative = import_path[len(module_path) :].lstrip("/")
    package_dir = module_dir / relative
    names: list[str] = []
    for test_file in sorted(package_dir.glob("*_test.go")):
        if not tags and test_file.read_text(encoding="utf-8").startswith("//go:build"):
            continue
        for func in scan_source(test_file.read_bytes()):
            if func.kind != "testmain":
                names.append(func.name)
    return names


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
            ran = {t.split("/", 1)[0] for t in run.tests}
            selected = [t for t in selected if t in ran]
        verdict = resolve(run, selected)
        result[import_path] = {
            "tests": {n: _outcome_json(o) for n, o in verdict.outcomes.items()},
            "teardown_error": _scrub(verdict.teardown_error.splitlines()[0])
            if verdict.teardown_error
            else None,
            "warnings": [_scrub(w) for w in verdict.warnings],
        }
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
