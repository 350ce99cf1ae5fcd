"""The analyzer as a Go module: its own Go tests, its rule table, what ships, how it is built.

CI runs only pytest (.ci/run), so the analyzer's Go tests (``*_test.go`` beside its sources,
checking the ``// want`` comments of ``internal/hazards/testdata/``) run from here.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_gotest.hazards.build import (
    analyzer_goflags,
    analyzer_sources,
    ensure_analyzer,
    go_version,
)
from pytest_gotest.hazards.findings import EXPLAINS_EARLY_DEATH, RULES

ROOT = Path(__file__).resolve().parent.parent.parent
HAZARDS = ROOT / "src" / "pytest_gotest" / "hazards"
ANALYZER = HAZARDS / "analyzer"
MODULE = "pytest-gotest/hazards/analyzer"


def _go() -> str:
    go = shutil.which("go")
    if go is None:  # pragma: no cover - CI always has Go (.ci/run refuses to run without it)
        pytest.fail("Go toolchain not installed; the analyzer tests need it")
    return go


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without the developer's go settings that would change the results."""
    return {**os.environ, "GOFLAGS": "-buildvcs=false", "GOWORK": "off", **extra}


def test_go_tests_of_the_analyzer_pass() -> None:
    proc = subprocess.run(
        [_go(), "test", "-count=1", "./..."],
        cwd=ANALYZER,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Both packages have tests and ran them (not "[no test files]").
    ran = {line.split("\t")[1] for line in proc.stdout.splitlines() if line.startswith("ok ")}
    assert ran == {MODULE, f"{MODULE}/internal/hazards"}


def test_go_sources_are_gofmt_clean() -> None:
    goroot = subprocess.run(
        [_go(), "env", "GOROOT"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    proc = subprocess.run(
        [str(Path(goroot) / "bin" / "gofmt"), "-l", "."],
        cwd=ANALYZER,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""


def test_rule_table_is_the_analyzers(user_cache_dir: Path) -> None:
    """findings.RULES holds exactly what `gotest-hazards -rules -json` prints, every field,
    in order: a rule or a field added on one side only fails here."""
    go = _go()
    binary = ensure_analyzer(go, go_version(go), cache=user_cache_dir / "pytest-gotest")
    proc = subprocess.run(
        [str(binary.path), "-rules", "-json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(proc.stdout) == [dataclasses.asdict(rule) for rule in RULES.values()]
    assert set(RULES) >= EXPLAINS_EARLY_DEATH


def _shipped() -> set[Path]:
    """The analyzer files pyproject.toml's package data puts into the wheel."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    include = setuptools["package-data"]["pytest_gotest.hazards"]
    exclude = setuptools.get("exclude-package-data", {}).get("pytest_gotest.hazards", [])
    matched = {p for pattern in include for p in HAZARDS.glob(pattern) if p.is_file()}
    dropped = {p for pattern in exclude for p in HAZARDS.glob(pattern)}
    return matched - dropped


def test_package_data_ships_what_the_build_and_its_hash_read() -> None:
    shipped = _shipped()
    assert shipped == set(analyzer_sources(ANALYZER))
    assert ANALYZER / "internal" / "hazards" / "hazards.go" in shipped
    # Go tests and their test data stay in the repository.
    assert not [p for p in shipped if p.name.endswith("_test.go") or "testdata" in p.parts]
    assert list(ANALYZER.rglob("*_test.go"))
    assert list(ANALYZER.rglob("testdata"))


def test_analyzer_goflags_keeps_what_changes_how_the_standard_library_compiles() -> None:
    user = (
        "-mod=mod -race -tags=a,b -trimpath -gcflags=all=-N -p=1 -buildmode=pie "
        "-buildmode=c-shared -cover -coverpkg=./... -ldflags=-s -toolexec=x -asmflags=-x "
        "-buildvcs=false -count=1 --tags=c"
    )
    assert analyzer_goflags(user) == (
        "-tags=a,b -trimpath -gcflags=all=-N -p=1 -buildmode=pie -asmflags=-x --tags=c"
    )
    assert analyzer_goflags("") == ""


def test_build_reuses_the_standard_library_of_the_users_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: the analyzer's build links exactly the standard packages that the user's
    ordinary builds compiled (the same files in Go's build cache), also when GOOS and GOARCH
    are set for cross-compiled tests and GOFLAGS holds flags the build drops. -trimpath or
    other flags would compile and link a copy of each of its ~150 standard packages."""
    go = _go()
    # The user's ordinary build of those packages (compiled once, then cached).
    listed = subprocess.run(
        [go, "list", "-e", "-export", "-deps", "-f", "{{.Standard}} {{.ImportPath}}={{.Export}}"],
        cwd=ANALYZER,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    ).stdout.splitlines()
    standard = [line.removeprefix("true ").split("=", 1) for line in listed if line[0] == "t"]
    ordinary = {name: file for name, file in standard if name != "unsafe"}  # unsafe: no file
    assert "go/types" in ordinary
    assert all(ordinary.values())
    # The plugin's own build (go run -exec cp . OUTPUT), as a dry-run go build with the same
    # flags (-n; go run -n would print no link once go run cached the executable): go prints
    # the commands of what is not cached and the cache file of every package it links
    # ("packagefile path=file"). The wrapper drops -exec and the last argument (OUTPUT).
    log = tmp_path / "build.log"
    wrapper = tmp_path / "bin" / "go"
    wrapper.parent.mkdir()
    wrapper.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = run ]; then\n'
        "  shift; n=$#; i=0\n"
        '  for a in "$@"; do i=$((i+1)); case "$a" in -exec=*) ;;\n'
        '    *) if [ $i -lt $n ]; then set -- "$@" "$a"; fi;; esac; done\n'
        "  shift $n\n"
        f'  exec {go} build -n "$@" 2>>{log}\n'
        "fi\n"
        f'exec {go} "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("GOWORK", "off")
    monkeypatch.setenv("GOOS", "windows" if sys.platform != "win32" else "linux")
    monkeypatch.setenv("GOARCH", "arm64")
    monkeypatch.setenv("GOFLAGS", "-race -mod=mod -count=1 -buildvcs=false")
    ensure_analyzer(str(wrapper), "go-test", cache=tmp_path)
    linked: dict[str, set[str]] = {}
    for line in log.read_text().splitlines():
        if line.startswith("packagefile "):
            name, _, file = line[len("packagefile ") :].partition("=")
            linked.setdefault(name, set()).add(file)
    assert {name: files for name, files in linked.items() if name in ordinary} == {
        name: {file} for name, file in ordinary.items()
    }
