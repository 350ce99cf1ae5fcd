"""Go items run through pytest's protocol without its per-phase output and log capture
(plugin/protocol.py) when nothing could want them; the results are the same either way, and
pytest's own protocol runs when a conftest implements a phase hook or an option changes the
protocol."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import (
    GomodFactory,
    RunPytest,
    install_probe,
    junit_case_facts,
    summary_line,
)

# A plugin (not a conftest: those make pytest's own protocol run) that records, for each item's
# call phase, whether pytest's capture had replaced sys.stdout.
_PROBE = """
import json, os, sys

def pytest_runtest_call(item):
    with open(os.environ["PROTOCOL_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps([item.nodeid, sys.stdout is sys.__stdout__]) + "\\n")
"""
# A conftest with a phase hook: per-directory hooks the lean protocol cannot scope.
_PHASE_CONFTEST = """
def pytest_runtest_setup(item):
    pass
"""
_PY_TEST = """
import sys

def test_python_still_captured():
    print("from python")
    assert sys.stdout is not sys.__stdout__
"""


def _captured(log: Path) -> dict[str, bool]:
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    log.unlink()
    return {nodeid: not uncaptured for nodeid, uncaptured in entries}


@pytest.mark.parametrize("how", ["conftest", "setup-show"])
def test_go_items_skip_phase_capture_with_the_same_results(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    how: str,
) -> None:
    root = gomod("basic")
    (root / "test_py.py").write_text(_PY_TEST, encoding="utf-8")
    log = tmp_path / "protocol.jsonl"
    install_probe(root, "probe", _PROBE, monkeypatch, "PROTOCOL_LOG", log)
    lean = run_pytest("-p", "probe", "-rA", "--junitxml=lean.xml")
    lean_captured = _captured(log)

    if how == "conftest":
        (root / "conftest.py").write_text(_PHASE_CONFTEST, encoding="utf-8")
        full = run_pytest("-p", "probe", "-rA", "--junitxml=full.xml")
    else:
        full = run_pytest("-p", "probe", "-rA", "--setup-show", "--junitxml=full.xml")
    full_captured = _captured(log)

    go_ids = {nodeid for nodeid in lean_captured if "_test.go::" in nodeid}
    assert "calc/calc_test.go::TestAdd" in go_ids
    # The positive control: pytest's protocol captures every phase, Go items' included.
    assert all(full_captured.values()), full_captured
    # The lean protocol: Go items run without capture, Python tests as before.
    assert not any(lean_captured[nodeid] for nodeid in go_ids)
    assert lean_captured["test_py.py::test_python_still_captured"]
    assert set(lean_captured) == set(full_captured)

    assert summary_line(lean) == summary_line(full)
    assert junit_case_facts(root / "lean.xml") == junit_case_facts(root / "full.xml")
    # -rA's sections: Go's output of a failing test, the Python test's captured print.
    for result in (lean, full):
        result.stdout.fnmatch_lines(["*Captured stdout call*", "from python"])
        assert "FAILED calc/calc_test.go::TestSubFail" in result.stdout.str()
