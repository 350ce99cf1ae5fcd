"""go test's head start: started while pytest still collects, adopted only when collection
asks for the same command (core/head_start.py, plugin/head_start.py).

Fixture module ``headstart`` (README.md there). A ``go`` wrapper logs every ``go test`` call
with whether collection had ended when it started (the module's conftest writes a file at
``pytest_collection_finish``). Every run carries an orphan marker: no process may be left,
also of a head start that was stopped.
"""

from __future__ import annotations

import os
import shlex
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_gotest.core.discovery import GoPackage, ModuleListing
from pytest_gotest.core.head_start import HeadStart
from pytest_gotest.core.scanner import GoFunc
from pytest_gotest.core.toolchain import GoToolchain
from pytest_gotest.plugin.head_start import head_start_packages

from .helpers import ORPHAN_MARK, survivors, write_sh_go
from .session_runs import ModuleRun, copy_module, run_inner, short_summary

PKG = "example.com/headstart"
BOTH = {"alpha/alpha_test.go::TestAlpha": ["PASSED"], "beta/beta_test.go::TestBeta": ["PASSED"]}


@dataclass
class GoTestCall:
    packages: list[str]
    collected: bool  # collection had ended when it started


@dataclass
class Case:
    run: ModuleRun
    calls: list[GoTestCall]
    left: list[str]  # processes of the run still alive afterwards


def _wrapper(directory: Path, log: Path) -> Path:
    """A ``go`` that logs ``go test`` calls (whether ``$HEADSTART_COLLECTED`` existed, then the
    arguments) in one write each, then execs the real go."""
    prelude = (
        'if [ "$1" = test ]; then\n'
        '    if [ -e "$HEADSTART_COLLECTED" ]; then when=after; else when=before; fi\n'
        '    line=$(printf \'%s\\t\' "$when" "$@")\n'
        f"    printf '%s\\n' \"$line\" >> {shlex.quote(str(log))}\n"
        "fi\n"
    )
    return write_sh_go(directory, prelude)


def _calls(log: Path) -> list[GoTestCall]:
    if not log.exists():
        return []
    calls = []
    for line in log.read_text(encoding="utf-8").splitlines():
        when, _test, *args = line.rstrip("\t").split("\t")
        packages = [arg for arg in args if arg.startswith(PKG)]
        calls.append(GoTestCall(packages, when == "after"))
    return calls


def _run(
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
    name: str,
    *args: str,
    env: dict[str, str] | None = None,
    broken: bool = False,
) -> Case:
    base = tmp_path_factory.mktemp(f"headstart-{name}")
    root = copy_module("headstart", base / "mod")
    if broken:
        (root / "test_broken.py").write_text("def test(:\n", encoding="utf-8")
    log = base / "go-test.log"
    go = _wrapper(base / "bin", log)
    marker = uuid.uuid4().hex
    inner = {
        "HEADSTART_COLLECTED": str(base / "collected"),
        "HEADSTART_PAUSE": "0.5",
        ORPHAN_MARK: marker,
        **(env or {}),
    }
    run = run_inner(root, go_env, f"--go-binary={go}", *args, env=inner)
    return Case(run, _calls(log), [str(p) for p in survivors(marker)])


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    return _run(tmp_path_factory, go_env, "adopted", ".")


@pytest.fixture(scope="module")
def deselected(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    return _run(tmp_path_factory, go_env, "deselected", ".", env={"HEADSTART_DESELECT": "1"})


@pytest.fixture(scope="module")
def env_changed(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    value = "set-while-collecting"
    env = {"HEADSTART_SET_ENV": value, "HEADSTART_EXPECT": value}
    return _run(tmp_path_factory, go_env, "env", ".", env=env)


@pytest.fixture(scope="module")
def keyword(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    return _run(tmp_path_factory, go_env, "keyword", ".", "-k", "Alpha")


def test_go_test_starts_before_collection_ends_and_is_adopted(adopted: Case) -> None:
    assert adopted.run.outcomes == BOTH, short_summary(adopted.run.result)
    # One go test, of both packages in pytest's order, started while pytest collected.
    assert adopted.calls == [GoTestCall([f"{PKG}/alpha", f"{PKG}/beta"], collected=False)]
    assert adopted.left == []


def test_a_batch_collection_did_not_foresee_stops_the_head_start(deselected: Case) -> None:
    # conftest.py deselected beta: the head start (both packages) is not what the batch runs.
    assert deselected.run.outcomes == {"alpha/alpha_test.go::TestAlpha": ["PASSED"]}, short_summary(
        deselected.run.result
    )
    head, batch = deselected.calls
    assert head == GoTestCall([f"{PKG}/alpha", f"{PKG}/beta"], collected=False)
    assert batch == GoTestCall([f"{PKG}/alpha"], collected=True)
    assert "TestBeta" not in deselected.run.result.stdout.str()
    assert deselected.left == []  # the stopped head start left nothing running


def test_go_gets_the_environment_collection_left(env_changed: Case) -> None:
    # beta/conftest.py set a variable while pytest collected: a go test started before that
    # cannot be the one whose results are reported (TestBeta checks it sees the variable).
    # Whether the head start was made before or after the import is a race; either way the
    # reported go test had the variable.
    assert env_changed.run.outcomes == BOTH, short_summary(env_changed.run.result)
    assert env_changed.left == []


def test_a_selecting_option_starts_no_head_start(keyword: Case) -> None:
    assert keyword.run.outcomes == {"alpha/alpha_test.go::TestAlpha": ["PASSED"]}
    assert [call.collected for call in keyword.calls] == [True]
    assert keyword.left == []


def test_a_collection_error_stops_the_head_start(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    case = _run(tmp_path_factory, go_env, "broken", ".", broken=True)
    assert case.run.result.ret == pytest.ExitCode.INTERRUPTED, short_summary(case.run.result)
    assert [call.collected for call in case.calls] == [False]
    assert case.left == []


# -- the parts ----------------------------------------------------------------------------------


def _package(root: Path, rel: str, files: dict[str, tuple[str, ...]]) -> GoPackage:
    functions = {
        name: tuple(GoFunc(test, "test", 3) for test in tests) for name, tests in files.items()
    }
    package = GoPackage(
        import_path=f"{PKG}/{rel}" if rel else PKG,
        dir=root / rel if rel else root,
        module_root=root,
        name=rel.rsplit("/", 1)[-1] or "headstart",
        test_files=tuple(files),
        cgo=False,
    )
    package._functions = functions
    return package


def test_packages_come_in_pytests_collection_order(tmp_path: Path) -> None:
    packages = [
        _package(tmp_path, "a", {"z_test.go": ("TestZ",)}),
        _package(tmp_path, "a/b", {"b_test.go": ("TestB",)}),  # "b" sorts before "z_test.go"
        _package(tmp_path, "", {"root_test.go": ("TestRoot",)}),
        _package(tmp_path, "helpers", {"helpers_test.go": ()}),  # no test: no item
        _package(tmp_path, "build/gen", {"gen_test.go": ("TestGen",)}),  # norecursedirs
    ]
    listing = ModuleListing(tmp_path, {str(p.dir.relative_to(tmp_path)): p for p in packages})
    found = head_start_packages(listing, tmp_path, ["build", ".*"])
    assert found == [f"{PKG}/a/b", f"{PKG}/a", PKG]
    assert head_start_packages(listing, tmp_path / "a", []) == [f"{PKG}/a/b", f"{PKG}/a"]


def test_a_head_start_fits_the_same_packages_in_any_order_only(tmp_path: Path) -> None:
    toolchain = GoToolchain("true", environ={"A": "1"})
    head = HeadStart.spawn(toolchain, ["p/a", "p/b"], tmp_path)
    assert head is not None
    try:
        same = toolchain.test_args(["p/b", "p/a"])
        assert head.fits(same, tmp_path, toolchain)
        assert not head.fits(toolchain.test_args(["p/a"]), tmp_path, toolchain)
        assert not head.fits(toolchain.test_args(["p/a", "p/b"], "^T$"), tmp_path, toolchain)
        assert not head.fits(same, tmp_path / "other", toolchain)
        changed = GoToolchain("true", environ={"A": "2"})
        assert not head.fits(same, tmp_path, changed)
    finally:
        head.abandon()
    assert head.popen.returncode is not None
    assert head.popen.stdout is not None
    assert head.popen.stdout.closed


def test_abandoning_stops_the_whole_group(tmp_path: Path) -> None:
    script = tmp_path / "go"
    script.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n", encoding="utf-8")
    script.chmod(0o755)
    marker = uuid.uuid4().hex
    toolchain = GoToolchain(str(script), environ={**os.environ, ORPHAN_MARK: marker})
    head = HeadStart.spawn(toolchain, ["p"], tmp_path)
    assert head is not None
    time.sleep(0.2)
    head.abandon()
    assert survivors(marker) == []  # the shell and both sleeps (zombies excepted)
