"""A run of Go tests only freezes what exists before it (the garbage collector need not walk
it again) and collects young objects in larger batches; a session with Python tests never
does; nothing stays frozen or changed afterwards (plugin/runhooks.py, ``_freeze_long_lived``)."""

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


def _recording(
    gomod: GomodFactory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorder: str,
    with_python_test: bool,
) -> Path:
    """The basic module with ``recorder`` as its conftest (and a Python test if asked): the
    log it writes to."""
    root = gomod("basic")
    (root / "conftest.py").write_text(recorder, encoding="utf-8")
    if with_python_test:
        (root / "test_py.py").write_text("def test_py():\n    pass\n", encoding="utf-8")
    log = tmp_path / "freeze.log"
    monkeypatch.setenv("FREEZE_LOG", str(log))
    return log


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
    log = _recording(gomod, monkeypatch, tmp_path, _RECORDER, with_python_test)
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


_COLLECTION_RECORDER = """
import atexit, gc, os

LOG = os.environ["FREEZE_LOG"]

def pytest_itemcollected(item):
    with open(LOG + ".collect", "a", encoding="utf-8") as log:
        log.write(f"{gc.get_freeze_count()} {gc.get_threshold()[0]}\\n")

def pytest_sessionfinish(session):
    with open(LOG + ".end", "w", encoding="utf-8") as log:
        log.write(f"{gc.get_freeze_count()} {gc.get_threshold()[0]}\\n")

def _at_exit():
    with open(LOG + ".exit", "w", encoding="utf-8") as log:
        log.write(f"{gc.get_freeze_count()}\\n")

atexit.register(_at_exit)
"""


def _numbers(path: Path) -> list[list[int]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [[int(n) for n in line.split()] for line in lines]


@pytest.mark.parametrize("with_python_test", [False, True])
def test_collection_is_tuned_and_collect_only_exits_frozen(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    with_python_test: bool,
) -> None:
    """While pytest collects, what existed before is frozen and young objects are collected
    in batches of 10,000, with Python tests too; --collect-only of Go tests only keeps the
    items frozen to the end, and the ``pytest`` command's process exits with them frozen
    (its shutdown walks and frees none of them)."""
    log = _recording(gomod, monkeypatch, tmp_path, _COLLECTION_RECORDER, with_python_test)
    args = ["calc", *(["test_py.py"] if with_python_test else [])]
    result = run_pytest("--collect-only", "-q", *args)
    assert result.ret == 0
    during = _numbers(log.with_name(log.name + ".collect"))
    assert len(during) >= 2
    assert all(frozen > 0 and threshold == 10_000 for frozen, threshold in during)
    [[frozen_at_end, threshold_at_end]] = _numbers(log.with_name(log.name + ".end"))
    [[frozen_at_exit]] = _numbers(log.with_name(log.name + ".exit"))
    if with_python_test:
        # Undone when collection ended: nothing frozen, pytest's threshold back.
        assert (frozen_at_end, threshold_at_end, frozen_at_exit) == (0, 700, 0)
    else:
        assert frozen_at_end > max(frozen for frozen, _ in during)
        assert frozen_at_exit > 1000  # objects freed by their reference count leave the count


def test_in_process_collect_only_leaves_nothing_frozen(
    gomod: GomodFactory,
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    go_env: dict[str, str],
    tmp_path: Path,
) -> None:
    """In-process (IDEs, pytester), inside this ``pytest`` command's own process: the
    collection's tuning and the collect-only freeze are undone when the session ends."""
    root = gomod("basic")
    (root / "conftest.py").write_text(_RECORDER, encoding="utf-8")
    for key, value in go_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("FREEZE_LOG", str(tmp_path / "freeze.log"))
    before = gc.get_freeze_count(), gc.get_threshold()
    result = pytester.runpytest_inprocess("--collect-only", "-q", "-p", "no:cacheprovider", "calc")
    assert result.ret == 0
    assert int((tmp_path / "freeze.log.end").read_text(encoding="utf-8")) > 1000
    assert (gc.get_freeze_count(), gc.get_threshold()) == before
