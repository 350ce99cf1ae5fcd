"""The remembered ``go env`` answer of the init-hazard analysis (``hazards/settings_cache.py``):
every input that can change what go says is in the key, nothing else is, and a go whose choice
of Go the key cannot follow is always asked."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_gotest.hazards import settings_cache
from pytest_gotest.hazards.build import GoSettings
from pytest_gotest.hazards.settings_cache import cached_go_settings, settings_key

SETTINGS = GoSettings(version="go1.26.8", goflags="", hostos="linux", hostarch="amd64")


@pytest.fixture
def install(tmp_path: Path) -> Path:
    """A Go installation's layout: bin/go (not a script), VERSION and go.env."""
    root = tmp_path / "goroot"
    (root / "bin").mkdir(parents=True)
    go = root / "bin" / "go"
    go.write_bytes(b"\x7fELF" + b"\0" * 60)
    go.chmod(go.stat().st_mode | stat.S_IXUSR)
    (root / "VERSION").write_text("go1.26.8\ntime 2026-08-28T16:20:06Z\n")
    (root / "go.env").write_text("GOPROXY=https://proxy.golang.org,direct\nGOTOOLCHAIN=auto\n")
    return root


@pytest.fixture
def module(tmp_path: Path) -> Path:
    directory = tmp_path / "work" / "mod"
    directory.mkdir(parents=True)
    (directory / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    return directory


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "GOCACHE": str(tmp_path / "gocache")}


def _go_env_w(home: Path, text: str = "GOTOOLCHAIN=local\n") -> None:
    """What ``go env -w`` writes (os.UserConfigDir()/go/env)."""
    (home / ".config" / "go").mkdir(parents=True, exist_ok=True)
    (home / ".config" / "go" / "env").write_text(text)


def _key(install: Path, directory: Path, env: dict[str, str]) -> str:
    key = settings_key(str(install / "bin" / "go"), directory, env)
    assert key is not None
    return key


def test_the_key_is_stable_for_the_same_inputs(
    install: Path, module: Path, env: dict[str, str]
) -> None:
    assert _key(install, module, env) == _key(install, module, dict(env))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda i, m, e: (m / "go.mod").write_text("module m\n\ngo 1.27\n"), id="go.mod"
        ),
        pytest.param(
            lambda i, m, e: (m / "go.mod").write_text(
                "module m\n\ngo 1.22\n\ntoolchain go1.27.1\n"
            ),
            id="toolchain-line",
        ),
        pytest.param(lambda i, m, e: (i / "VERSION").write_text("go1.26.9\n"), id="VERSION"),
        pytest.param(lambda i, m, e: (i / "go.env").write_text("GOTOOLCHAIN=local\n"), id="go.env"),
        pytest.param(lambda i, m, e: e.update(GOTOOLCHAIN="go1.22.12"), id="GOTOOLCHAIN"),
        pytest.param(lambda i, m, e: e.update(GOFLAGS="-tags=x"), id="GOFLAGS"),
        pytest.param(lambda i, m, e: e.update(PATH="/opt/go/bin:/usr/bin"), id="PATH"),
        pytest.param(lambda i, m, e: e.update(GOROOT=str(i)), id="GOROOT"),
        pytest.param(lambda i, m, e: _go_env_w(Path(e["HOME"])), id="go-env-w-file"),
        pytest.param(
            lambda i, m, e: (m.parent / "go.work").write_text("go 1.27\n\nuse ./mod\n"),
            id="go.work",
        ),
        pytest.param(
            lambda i, m, e: os.utime(i / "bin" / "go", ns=(1, 1)), id="go-executable-stamp"
        ),
    ],
)
def test_each_input_changes_the_key(
    install: Path,
    module: Path,
    env: dict[str, str],
    change: Callable[[Path, Path, dict[str, str]], object],
) -> None:
    before = _key(install, module, env)
    change(install, module, env)
    assert _key(install, module, env) != before


def test_the_nearest_go_mod_and_the_directory_count(
    install: Path, module: Path, env: dict[str, str]
) -> None:
    inner = module / "sub"
    inner.mkdir()
    without = _key(install, inner, env)  # module/go.mod is the nearest
    assert without != _key(install, module, env)  # another directory
    (inner / "go.mod").write_text("module m/sub\n\ngo 1.27\n")
    assert _key(install, inner, env) != without


def test_where_go_keeps_caches_does_not_count(
    install: Path, module: Path, env: dict[str, str], tmp_path: Path
) -> None:
    before = _key(install, module, env)
    env.update(GOCACHE=str(tmp_path / "elsewhere"), GOTMPDIR=str(tmp_path), GOMAXPROCS="3")
    assert _key(install, module, env) == before


def test_no_key_for_a_script_a_go_without_its_installation_or_a_modfile(
    install: Path, module: Path, env: dict[str, str], tmp_path: Path
) -> None:
    shim = tmp_path / "shims" / "go"
    shim.parent.mkdir()
    shim.write_text('#!/bin/sh\nexec asdf exec go "$@"\n')
    assert settings_key(str(shim), module, env) is None  # a version manager's shim
    (install / "VERSION").unlink()
    assert settings_key(str(install / "bin" / "go"), module, env) is None
    (install / "VERSION").write_text("go1.26.8\n")
    env["GOFLAGS"] = "-mod=mod -modfile=other.mod"
    assert settings_key(str(install / "bin" / "go"), module, env) is None
    del env["GOFLAGS"]
    assert settings_key(str(install / "bin" / "go"), module, env) is not None
    _go_env_w(Path(env["HOME"]), "GOFLAGS=-modfile=other.mod\n")  # go env -w GOFLAGS=...
    assert settings_key(str(install / "bin" / "go"), module, env) is None
    assert settings_key(str(tmp_path / "missing" / "go"), module, {}) is None


def test_a_symlinked_go_is_keyed_by_the_installation_it_points_to(
    install: Path, module: Path, env: dict[str, str], tmp_path: Path
) -> None:
    link = tmp_path / "usr-bin" / "go"
    link.parent.mkdir()
    link.symlink_to(install / "bin" / "go")
    assert settings_key(str(link), module, env) == _key(install, module, env)


class _AskedGo:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, go: str) -> GoSettings:
        self.calls += 1
        return SETTINGS


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> _AskedGo:
    fake = _AskedGo()
    monkeypatch.setattr(settings_cache, "go_settings", fake)
    return fake


@pytest.fixture
def here(install: Path, module: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in ``module`` with exactly ``env``; the installation's go."""
    monkeypatch.chdir(module)
    for name in list(os.environ):
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return install / "bin" / "go"


def test_go_is_asked_once_per_key(
    here: Path, module: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asked: _AskedGo
) -> None:
    go, cache = str(here), tmp_path / "cache"
    assert cached_go_settings(go, cache) == SETTINGS
    assert cached_go_settings(go, cache) == SETTINGS
    assert asked.calls == 1
    (module / "go.mod").write_text("module m\n\ngo 1.22\n\ntoolchain go1.27.1\n")
    assert cached_go_settings(go, cache) == SETTINGS
    assert asked.calls == 2  # a new key: asked again
    monkeypatch.setenv("GOTOOLCHAIN", "local")
    cached_go_settings(go, cache)
    cached_go_settings(go, cache)
    assert asked.calls == 3


def test_a_damaged_entry_is_asked_again_and_rewritten(
    here: Path, tmp_path: Path, asked: _AskedGo
) -> None:
    go, cache = str(here), tmp_path / "cache"
    cached_go_settings(go, cache)
    (entry,) = (cache / "settings").glob("*.json")
    for damage in ('{"version": 7}', "not json", '{"version": ""}', '{"other": "x"}'):
        entry.write_text(damage)
        assert cached_go_settings(go, cache) == SETTINGS
    assert asked.calls == 5
    assert cached_go_settings(go, cache) == SETTINGS
    assert asked.calls == 5  # rewritten whole


def test_a_script_go_is_asked_every_time(here: Path, tmp_path: Path, asked: _AskedGo) -> None:
    shim = tmp_path / "shim-go"
    shim.write_text("#!/bin/sh\n")
    cached_go_settings(str(shim), tmp_path / "cache")
    cached_go_settings(str(shim), tmp_path / "cache")
    assert asked.calls == 2
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_only_costs_the_question(
    here: Path, tmp_path: Path, asked: _AskedGo
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    assert cached_go_settings(str(here), blocked) == SETTINGS
    assert cached_go_settings(str(here), blocked) == SETTINGS
    assert asked.calls == 2
