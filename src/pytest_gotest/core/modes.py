"""Go's run modes (``--go-modes``): which build context each mode is, and whether it can run here.

Pure core. A mode is the same ``go test`` with another build context: an environment
(``GOOS``/``GOARCH``/``CGO_ENABLED``) and build flags (``-race``). ``mode_toolchain`` turns the
run's ``GoToolchain`` into the mode's, so discovery (``go list`` answers for that context: build
constraints, ``_js.go``/``_wasm_test.go`` suffixes, the ``cgo`` and ``race`` tags) and the runner
(``go test``, whose test cache keys on that environment) need no mode logic of their own.

Whether a mode can run on this machine (``ModeProbe.unavailable``) is a reason with the fix, or
None: a mode that cannot run is skipped, never failed, never dropped.

- ``native`` is the run as configured (no change at all: the default).
- ``cgo``/``race`` need a C compiler (``race`` needs cgo: ``go: -race requires cgo``).
- ``wasm`` (``GOOS=js GOARCH=wasm``) runs test binaries with Go's ``go_js_wasm_exec`` (which
  ``go test`` only finds on ``PATH``: ``$GOROOT/lib/wasm``, ``misc/wasm`` before Go 1.24) and
  Node.js.
- ``wasip1`` (``GOOS=wasip1 GOARCH=wasm``) runs them with Go's ``go_wasip1_wasm_exec``, which
  starts the runtime ``$GOWASIRUNTIME`` names (wasmtime by default; wazero, wasmedge, wasmer).
  A runtime on ``PATH`` is used, and wazero in ``$(go env GOPATH)/bin`` (``go install
  github.com/tetratelabs/wazero/cmd/wazero@latest`` puts it there). Nothing is installed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .gocmd import GoFlags
from .toolchain import GoToolchain

__all__ = [
    "DEFAULT_MODE",
    "MODES",
    "GoMode",
    "ModeProbe",
    "ModesError",
    "mode_of_name",
    "mode_toolchain",
    "parse_modes",
]

DEFAULT_MODE: Final = "native"
_RACE_ARCHES: Final = frozenset({"amd64", "arm64", "ppc64le", "s390x", "loong64"})
_WASI_RUNTIMES: Final = ("wasmtime", "wazero", "wasmedge", "wasmer")


class ModesError(ValueError):
    """A ``--go-modes`` value naming no mode (the message names the setting)."""


@dataclass(frozen=True)
class GoMode:
    name: str
    env: tuple[tuple[str, str], ...] = ()  # set for every go command of the mode
    flags: tuple[str, ...] = ()  # build flags put before the user's (go list and go test)
    summary: str = ""

    @property
    def goos(self) -> str | None:
        return dict(self.env).get("GOOS")


MODES: Final = {
    mode.name: mode
    for mode in (
        GoMode("native", summary="the run as configured"),
        GoMode("nocgo", (("CGO_ENABLED", "0"),), summary="CGO_ENABLED=0: pure Go"),
        GoMode("cgo", (("CGO_ENABLED", "1"),), summary="CGO_ENABLED=1"),
        GoMode("race", (("CGO_ENABLED", "1"),), ("-race",), summary="-race"),
        GoMode(
            "wasm",
            (("GOOS", "js"), ("GOARCH", "wasm")),
            summary="GOOS=js GOARCH=wasm, run with Node.js",
        ),
        GoMode(
            "wasip1",
            (("GOOS", "wasip1"), ("GOARCH", "wasm")),
            summary="GOOS=wasip1 GOARCH=wasm, run with a WASI runtime",
        ),
    )
}


def parse_modes(value: str | list[str] | None, setting: str) -> tuple[GoMode, ...]:
    """``native,wasm`` (commas or spaces; an ini list too) -> the modes, each once, in order."""
    if value is None:
        return (MODES[DEFAULT_MODE],)
    texts = [value] if isinstance(value, str) else [str(v) for v in value]
    names = [n for text in texts for n in text.replace(",", " ").split()]
    if not names:
        return (MODES[DEFAULT_MODE],)
    unknown = [n for n in names if n.lower() not in MODES]
    if unknown:
        raise ModesError(
            f"{setting}: unknown Go run mode {unknown[0]!r}; the modes are "
            + ", ".join(MODES)
            + " (docs/run-modes.md)"
        )
    return tuple(MODES[n] for n in dict.fromkeys(n.lower() for n in names))


def mode_of_name(name: str, known: tuple[str, ...]) -> tuple[str, str | None]:
    """``TestX[wasm]`` -> (``TestX``, ``wasm``) when ``wasm`` is one of ``known``; a Go test
    name never holds ``[`` (an identifier), so a bracket suffix is pytest's parameter id."""
    head, bracket, tail = name.partition("[")
    if bracket and tail.endswith("]") and tail[:-1] in known:
        return head, tail[:-1]
    return name, None


def _with_flags(flags: GoFlags, extra: tuple[str, ...]) -> GoFlags:
    """``extra`` before the user's flags: go takes a repeated flag's last value, so the user's
    own ``-race=false`` still wins over a mode."""
    if not extra:
        return flags
    entries = tuple((token.lstrip("-"), None) for token in extra)
    return GoFlags(extra + flags.test_flags, extra + flags.list_flags, entries + flags.entries)


def mode_toolchain(base: GoToolchain, mode: GoMode, path_dirs: tuple[str, ...] = ()) -> GoToolchain:
    """The toolchain of ``mode``: ``base`` itself for ``native``, else ``base`` with the mode's
    environment and flags (``path_dirs`` go first on ``PATH``: where go finds the wasm
    executors and runtimes)."""
    if mode.name == DEFAULT_MODE:
        return base
    environ = dict(os.environ if base.environ is None else base.environ)
    environ.update(mode.env)
    if path_dirs:
        environ["PATH"] = os.pathsep.join([*path_dirs, environ.get("PATH", "")])
    return dataclasses.replace(base, flags=_with_flags(base.flags, mode.flags), environ=environ)


@dataclass(frozen=True)
class _GoEnv:
    goroot: str = ""
    gopath: str = ""
    cc: str = ""
    goarch: str = ""
    error: str | None = None


class ModeProbe:
    """What this machine offers the modes (``go env`` once, on first use; thread-safe)."""

    def __init__(self, base: GoToolchain) -> None:
        self.base = base
        self._env: _GoEnv | None = None
        self._lock = threading.Lock()
        self._toolchains: dict[str, GoToolchain] = {}

    def _environ(self) -> Mapping[str, str]:
        return os.environ if self.base.environ is None else self.base.environ

    def go_env(self) -> _GoEnv:
        with self._lock:
            if self._env is None:
                self._env = self._read_go_env()
            return self._env

    def _read_go_env(self) -> _GoEnv:
        args = [self.base.go, "env", "-json", "GOROOT", "GOPATH", "CC", "GOARCH"]
        try:
            done = self.base.query(args, Path.cwd(), timeout=60)
            data = json.loads(done.stdout)
        except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
            return _GoEnv(error=f"`go env` failed: {exc}")
        if not isinstance(data, dict):
            return _GoEnv(error="`go env -json` printed no object")
        return _GoEnv(
            str(data.get("GOROOT") or ""),
            str(data.get("GOPATH") or ""),
            str(data.get("CC") or ""),
            str(data.get("GOARCH") or ""),
        )

    def _wasm_dir(self, goroot: str) -> Path | None:
        for sub in ("lib/wasm", "misc/wasm"):  # Go 1.24 moved the executors to lib/wasm
            directory = Path(goroot, sub)
            if (directory / "go_js_wasm_exec").is_file():
                return directory
        return None

    def _which(self, name: str) -> str | None:
        return shutil.which(name, path=self._environ().get("PATH"))

    def _wasi_runtime(self, gopath: str) -> tuple[str, str] | None:
        """(runtime name, its directory) for ``go_wasip1_wasm_exec``: ``$GOWASIRUNTIME`` if
        set, else the first installed, wazero also from ``$(go env GOPATH)/bin``."""
        chosen = self._environ().get("GOWASIRUNTIME")
        for name in (chosen,) if chosen else _WASI_RUNTIMES:
            found = self._which(name)
            if found is None and name == "wazero" and gopath:
                for base in gopath.split(os.pathsep):
                    candidate = Path(base, "bin", "wazero")
                    if candidate.is_file() and os.access(candidate, os.X_OK):
                        found = str(candidate)
                        break
            if found is not None:
                return name, str(Path(found).parent)
        return None

    def unavailable(self, mode: GoMode) -> str | None:
        """Why ``mode`` cannot run here, with the fix; None when it can."""
        if mode.name in ("native", "nocgo"):
            return None
        env = self.go_env()
        if env.error is not None:
            return f"{mode.name} mode: {env.error}"
        if mode.name in ("cgo", "race"):
            compiler = env.cc.split()[0] if env.cc.split() else "gcc"
            if self._which(compiler) is None and not Path(compiler).is_file():
                why = "cgo, which -race requires" if mode.name == "race" else "cgo"
                return (
                    f"{mode.name} mode needs a C compiler ({why}): "
                    f"`go env CC` is {compiler!r}, which is not installed; install one "
                    "(e.g. apt-get install gcc) or point $CC at it"
                )
            if mode.name == "race" and env.goarch not in _RACE_ARCHES:
                return f"race mode: Go's race detector does not support GOARCH={env.goarch}"
            return None
        wasm_dir = self._wasm_dir(env.goroot)
        if wasm_dir is None:
            return (
                f"{mode.name} mode: the Go installation at {env.goroot} has no wasm executor "
                "(lib/wasm/go_js_wasm_exec, misc/wasm before Go 1.24; a toolchain that "
                "GOTOOLCHAIN downloaded may lack it); use a complete Go installation "
                "(https://go.dev/dl/)"
            )
        if mode.name == "wasm" and self._which("node") is None:
            return (
                "wasm mode runs test binaries with Node.js (Go's go_js_wasm_exec), and `node` "
                "is not on PATH; install Node.js (https://nodejs.org/)"
            )
        if mode.name == "wasip1" and self._wasi_runtime(env.gopath) is None:
            chosen = self._environ().get("GOWASIRUNTIME")
            if chosen:
                return (
                    f"wasip1 mode: $GOWASIRUNTIME is {chosen!r}, which is not on PATH; "
                    "install it, or unset $GOWASIRUNTIME to use any of wasmtime, wazero, "
                    "wasmedge, wasmer"
                )
            return (
                "wasip1 mode runs test binaries with a WebAssembly runtime (Go's "
                "go_wasip1_wasm_exec), and none is installed: install wasmtime "
                "(https://wasmtime.dev/), or `go install "
                "github.com/tetratelabs/wazero/cmd/wazero@latest` (found in $(go env "
                "GOPATH)/bin), or set $GOWASIRUNTIME to one on PATH "
                "(wasmtime, wazero, wasmedge, wasmer)"
            )
        return None

    def toolchain(self, mode: GoMode) -> GoToolchain:
        """The mode's toolchain (the wasm modes find Go's executors and the runtime on PATH)."""
        with self._lock:
            cached = self._toolchains.get(mode.name)
        if cached is not None:
            return cached
        dirs: list[str] = []
        extra: dict[str, str] = {}
        if mode.goos in ("js", "wasip1"):
            env = self.go_env()
            wasm_dir = self._wasm_dir(env.goroot)
            if wasm_dir is not None:
                dirs.append(str(wasm_dir))
            if mode.goos == "wasip1":
                runtime = self._wasi_runtime(env.gopath)
                if runtime is not None:
                    extra["GOWASIRUNTIME"] = runtime[0]
                    dirs.append(runtime[1])
        toolchain = mode_toolchain(self.base, mode, tuple(dirs))
        if extra:
            assert toolchain.environ is not None
            toolchain = dataclasses.replace(toolchain, environ={**toolchain.environ, **extra})
        with self._lock:
            self._toolchains[mode.name] = toolchain
        return toolchain
