"""A run of Go tests only freezes what exists before it (the garbage collector need not walk
it again) and collects young objects in larger batches; a session with Python tests never
does; nothing stays frozen or changed afterwards (plugin/hooks.py, ``_freeze_long_lived``)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from .helpers import GomodFactory, RunPytest

_RECORDER = """
import gc, os

def pytest_runtest_logreport(report):
    with open(os.environ["FREEZE_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{gc.get_freeze_count()}\\n")

def pytest_sessionfinish(session):
    with open(os.environ["FREEZE_LOG"] + ".end", "w", encoding="utf-8") as log:
        log.write(f"{gc.get_freeze_count()}\\n")
"""


def _frozen_during_run(log: Path) -> set[bool]:
    return {int(line) > 0 for line in log.read_text(encoding="utf-8").split()}


def _frozen_at_the_end(log: Path) -> int:
    """Objects frozen when the session ends, beyond the most frozen during the run: the run's
    results, frozen before pytest's final garbage collections."""
    during = max(int(line) for line in log.read_text(encoding="utf-8").split())
    return int(log.with_name(log.name + ".end").read_text(encoding="utf-8")) - during


@pytest.mark.parametrize("with_python_test", [False, True])
def test_go_only_runs_freeze_and_undo_it(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    with_python_test: bool,
) -> None:
    root = gomod("basic")
    (root / "conftest.py").write_text(_RECORDER, encoding="utf-8")
    if with_python_test:
        (root / "test_py.py").write_text("def test_py():\n    pass\n", encoding="utf-8")
    log = tmp_path / "freeze.log"
    monkeypatch.setenv("FREEZE_LOG", str(log))
    run_pytest("-q", "calc", *(["test_py.py"] if with_python_test else []))
    assert _frozen_during_run(log) == {not with_python_test}
    if with_python_test:
        assert _frozen_at_the_end(log) <= 0
        return
    assert _frozen_at_the_end(log) > 1000
    # In-process, as IDEs and pytester run pytest: nothing is left frozen after the session.
    log.unlink()
    before = gc.get_freeze_count(), gc.get_threshold()
    pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider", "calc")
    assert _frozen_during_run(log) == {True}
    assert (gc.get_freeze_count(), gc.get_threshold()) == before
