"""The Go version and settings an analysis needs, remembered between runs instead of asked.

A warm analysis (the analyzer built, its results cached) reads files and one JSON document,
and used to start one go process, ``go env -json GOVERSION GOFLAGS GOHOSTOS GOHOSTARCH``
(``build.go_settings``): about 3.5 of its 5 ms on go-cmp (``benchmarks/bench_hazards_warm.py``),
paid by every run. What ``go env`` says there is a function of what this module keys it on:

- the go executable (real path and stamp) and its installation's ``VERSION`` and ``go.env``
  files;
- the environment go reads (``GO*``, ``CGO_*``, ``PATH``: ``GOTOOLCHAIN`` may name a toolchain
  found on it) and the ``go env -w`` file;
- where ``GOTOOLCHAIN`` lets go switch to another toolchain: the ``go.work`` in effect in the
  working directory and the ``go.mod`` nearest to it (their ``go`` and ``toolchain`` lines).

``core.collect_cache.toolchain_lines`` gives the first two, as for the collection cache. A
changed input is a new key, and go runs again. Nothing is remembered for a go that is not
a Go installation's own binary, whose choice of Go may depend on files no key here can
name: a script (the shims of version managers such as asdf or goenv pick a version from
``.tool-versions`` and similar files), or an executable without its installation's
``VERSION`` file beside it (``$GOROOT/VERSION``, which every Go release and distribution
package has); nor when ``GOFLAGS`` (in the environment or the ``go env -w`` file) names a
``-modfile``, which go may read for the toolchain too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Final

from pytest_gotest.core.collect_cache import (
    file_text,
    goenv_file,
    toolchain_lines,
    write_atomically,
)

from .build import GoSettings, go_settings

__all__ = ["cached_go_settings", "settings_key"]

# Bumped whenever the key or the stored document changes.
_FORMAT: Final = "gotest-go-settings-1"


def _nearest_go_mod(directory: Path) -> Path | None:
    for candidate in (directory, *directory.parents):
        path = candidate / "go.mod"
        if path.is_file():
            return path
    return None


def _go_installation(go: str) -> Path | None:
    """The ``VERSION`` file of the Go installation whose binary ``go`` is; None when ``go``
    is a script or has none beside it (see the module doc)."""
    real = Path(os.path.realpath(go))
    try:
        with real.open("rb") as stream:
            if stream.read(2) == b"#!":
                return None
    except OSError:
        return None
    version = real.parent.parent / "VERSION"
    return version if version.is_file() else None


def _names_a_modfile(environ: Mapping[str, str]) -> bool:
    """Whether GOFLAGS, from the environment or the ``go env -w`` file, has ``-modfile``."""
    if "-modfile" in environ.get("GOFLAGS", ""):
        return True
    path = goenv_file(environ)
    try:
        return path is not None and "-modfile" in path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False


def settings_key(go: str, directory: Path, environ: Mapping[str, str]) -> str | None:
    """The key of ``go env``'s answer in ``directory`` under ``environ``; None when it cannot
    be keyed (see the module doc)."""
    version = _go_installation(go)
    if version is None or _names_a_modfile(environ):
        return None
    lines = [_FORMAT, f"dir {directory}", f"VERSION {file_text(version)}"]
    lines.extend(toolchain_lines(go, directory, environ))
    go_mod = _nearest_go_mod(directory)
    lines.append(f"go.mod {go_mod} {file_text(go_mod)}" if go_mod is not None else "go.mod none")
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _read(path: Path) -> GoSettings | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        settings = GoSettings(**data)
    except (OSError, ValueError, TypeError):
        return None  # missing or damaged: asked again and rewritten
    if not all(isinstance(value, str) for value in asdict(settings).values()):
        return None
    return settings if settings.version else None


def cached_go_settings(go: str, cache: Path) -> GoSettings:
    """``build.go_settings(go)``, from the user cache when its key has an answer; asked (and
    remembered) otherwise. go runs in this process's working directory and environment, so
    that is what the key is made of. Raises ``AnalyzerBuildError`` as ``go_settings`` does."""
    key = settings_key(go, Path.cwd(), os.environ)
    if key is None:
        return go_settings(go)
    path = cache / "settings" / f"{key}.json"
    settings = _read(path)
    if settings is None:
        settings = go_settings(go)
        with contextlib.suppress(OSError):  # a read-only cache: asked again next time
            write_atomically(path, json.dumps(asdict(settings)))
    return settings
