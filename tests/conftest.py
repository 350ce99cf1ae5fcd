"""Shared fixtures for the pytest-gotest test suite.

The acceptance tests (tests/acceptance/) run the real, installed plugin in a pytest subprocess
against copies of the Go fixture modules in tests/testdata/gomods/, the way users get it: the
plugin loads through its ``pytest11`` entry point and talks to a real ``go``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from acceptance.session_runs import INNER_ADDOPTS, inner_toolchain

GOMODS = Path(__file__).parent / "testdata" / "gomods"
GO = shutil.which("go")
ACCEPTANCE = Path(__file__).parent / "acceptance"

# One fixed GOFLAGS for every inner run: results must not depend on the developer's settings.
GOFLAGS = "-buildvcs=false"

GomodFactory = Callable[[str], Path]
RunPytest = Callable[..., pytest.RunResult]


def _cache_bytecode() -> None:
    """Let this suite's Python processes cache bytecode, out of the source trees.

    The acceptance tests start hundreds of inner pytest processes, each importing pytest and
    every installed plugin. With PYTHONDONTWRITEBYTECODE set (some machine images set it) each
    of them compiled all of that from source again: about 0.75 s of CPU per inner run, measured
    (1.26 s against 0.51 s for a collection of one package). Bytecode goes under one directory
    in the temporary directory instead (PYTHONPYCACHEPREFIX), which xdist workers and inner
    runs inherit from this environment; a developer's own prefix is kept.
    """
    if not os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        return
    prefix = os.environ.setdefault(
        "PYTHONPYCACHEPREFIX",
        os.path.join(tempfile.gettempdir(), f"pytest-gotest-pycache-{os.getuid()}"),
    )
    sys.dont_write_bytecode = False
    sys.pycache_prefix = prefix


_cache_bytecode()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if GO is not None:
        return
    skip = pytest.mark.skip(reason="Go toolchain not installed; CI installs it")
    for item in items:
        if ACCEPTANCE in item.path.parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def go_env() -> dict[str, str]:
    """The real Go caches, read before pytester points HOME at a temporary directory.

    Without them every inner run would start with an empty build cache and rebuild the
    standard library (tens of seconds per test) and could not reuse Go's test cache.
    """
    if GO is None:
        pytest.skip("Go toolchain not installed; CI installs it")
    out = subprocess.run(
        [GO, "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values: dict[str, str] = json.loads(out)
    return {key: value for key, value in values.items() if value}


@pytest.fixture
def gomod(pytester: pytest.Pytester) -> GomodFactory:
    """``gomod("basic")`` copies tests/testdata/gomods/basic into ``pytester.path`` and writes
    an empty ``pytest.ini`` there (so the outer pyproject.toml's settings do not apply)."""

    def copy(name: str) -> Path:
        source = GOMODS / name
        assert source.is_dir(), f"no fixture module {name!r} in {GOMODS}"
        shutil.copytree(source, pytester.path, dirs_exist_ok=True)
        (pytester.path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        return pytester.path

    return copy


@pytest.fixture(scope="session")
def user_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One XDG_CACHE_HOME for every inner run: pytester points HOME at a fresh directory, and
    the init-hazard analyzer (built per user cache) would otherwise be rebuilt by every run.

    The analyzer is built here, once: in warn mode a run does not wait for a build still in
    progress (tests/hazards/test_first_run.py), so the inner runs' findings would otherwise
    depend on how fast the first build was."""
    directory = tmp_path_factory.mktemp("xdg-cache")
    if GO is not None:
        from pytest_gotest.hazards.build import ensure_analyzer, go_version

        ensure_analyzer(GO, go_version(GO), cache=directory / "pytest-gotest")
    return directory


@pytest.fixture
def run_pytest(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    go_env: dict[str, str],
    user_cache_dir: Path,
) -> RunPytest:
    """Run pytest in a subprocess in ``pytester.path`` with a fixed Go environment.

    ``-p no:cacheprovider`` is added unless ``cache=True`` (for --lf and friends).
    """
    for key, value in go_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GOFLAGS", GOFLAGS)
    # "local" (never download a toolchain mid-test) unless the run pins one (session_runs.py).
    monkeypatch.setenv("GOTOOLCHAIN", inner_toolchain())
    monkeypatch.setenv("XDG_CACHE_HOME", str(user_cache_dir))
    monkeypatch.setenv("PYTEST_ADDOPTS", INNER_ADDOPTS)
    # GITHUB_ACTIONS: pytest-github-actions-annotate-failures prints annotations only in a
    # workflow; CI, BUILD_NUMBER: pytest stops cutting short-summary lines at the terminal's
    # width on CI. Inner runs behave the same on a developer machine and in CI.
    for key in (
        "GOWORK",
        "GO111MODULE",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD",
        "PYTEST_PLUGINS",
        "GITHUB_ACTIONS",
        "CI",
        "BUILD_NUMBER",
    ):
        monkeypatch.delenv(key, raising=False)

    def run(*args: str, cache: bool = False, timeout: float = 120) -> pytest.RunResult:
        extra = () if cache else ("-p", "no:cacheprovider")
        return pytester.runpytest_subprocess(*extra, *args, timeout=timeout)

    return run
