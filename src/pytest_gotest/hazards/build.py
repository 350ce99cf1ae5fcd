"""Building the analyzer (``analyzer/``, shipped as package data) with the user's go.

The binary is cached per Go version, host platform and analyzer source hash in the user cache
directory, so a run pays for the build once per toolchain. xdist workers may all ask at once: a
file lock makes one of them build while the others wait and then reuse the result, and the
binary appears under its final name only complete (built under a temporary name, then renamed).

The build uses the user's ordinary Go configuration (what their ``go test`` uses): since Go
1.20 the standard library is compiled into the build cache like any package, keyed by the
compile flags, so a build with other flags (``-trimpath``, other tags, another GOOS) would
compile its own copy of every standard package the analyzer imports (about 150, minutes on a
small machine) instead of reusing the user's. Only settings that could break or slow a helper
tool are left out (see ``analyzer_goflags``); none of them changes what the analyzer does, so
the cache key needs only the Go version, the host platform and the sources.

A build that a run cut short (``warn`` mode does not wait for it) leaves a ``.pending`` file
beside the binary's name (``pending_mark``; so does a run that wanted the build and ended
before it started), so that the next run can tell (``ensure_analyzer``'s ``on_build``) and
wait for this one: a test suite shorter than the analyzer's link would otherwise stop every
build before it ends.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pytest_gotest.core.toolchain import (
    GoToolchain,
    kill_group,
    lower_priority,
    release_group,
    spawn_group,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "ANALYZER_DIR",
    "AnalyzerBinary",
    "AnalyzerBuildError",
    "BuildStop",
    "GoSettings",
    "analyzer_goflags",
    "analyzer_path",
    "analyzer_source_hash",
    "analyzer_sources",
    "build_awaited",
    "cache_dir",
    "ensure_analyzer",
    "go_settings",
    "go_version",
    "marked_since",
    "pending_mark",
]

ANALYZER_DIR: Final = Path(__file__).parent / "analyzer"
_BUILD_TIMEOUT: Final = 600.0
_LOCK_TIMEOUT: Final = 900.0
_LOCK_POLL: Final = 0.5


class AnalyzerBuildError(Exception):
    """The analyzer could not be built; the message says why and what to change."""


class BuildStop:
    """Lets another thread stop a build in progress (end of the run, Ctrl-C) instead of
    waiting for it: ``stop()`` kills the running build (``go run``) with its process group,
    and a process waiting for another one's build gives up. What go compiled until then
    stays in its build cache, so the next build continues from there."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._process: subprocess.Popen[str] | None = None

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        with self._lock:
            self._stopped.set()
            process = self._process
        if process is not None:
            kill_group(process)

    def pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less when stopped meanwhile."""
        self._stopped.wait(seconds)

    def _track(self, process: subprocess.Popen[str] | None) -> None:
        with self._lock:
            self._process = process
            stopped = self._stopped.is_set()
        if stopped and process is not None:
            kill_group(process)


@dataclass(frozen=True)
class AnalyzerBinary:
    path: Path
    go_version: str
    source_hash: str


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/pytest-gotest``, else ``~/.cache/pytest-gotest``."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "pytest-gotest"


def analyzer_sources(directory: Path = ANALYZER_DIR) -> list[Path]:
    """What the analyzer is built from: ``go.mod``, ``go.sum`` and the ``*.go`` files of every
    package below ``directory``; Go test files and ``testdata/`` are left out (they are not
    shipped, and the build does not read them). Sorted."""
    if not directory.is_dir():
        return []
    found: list[Path] = []
    # os.walk, pruned: testdata/ holds most of the tree's entries, and every run hashes this.
    for parent, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if d != "testdata"]
        found.extend(
            Path(parent, name)
            for name in files
            if name in ("go.mod", "go.sum") or (name.endswith(".go") and "_test." not in name)
        )
    return sorted(found)


def analyzer_source_hash(directory: Path = ANALYZER_DIR) -> str:
    """Hash of ``analyzer_sources`` (relative paths and contents)."""
    if not directory.is_dir():
        return "missing"
    digest = hashlib.sha256()
    for path in analyzer_sources(directory):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


# GOFLAGS entries the analyzer's build keeps: they change how every package, the standard
# library included, is compiled, so dropping them would recompile the standard library instead
# of reusing the user's. The others (-race, -msan, -asan, -cover*, -mod, -modfile, -overlay,
# -pgo, -toolexec, -ldflags, -a, -n, ...) concern the user's own code, or would break, slow or
# instrument a helper tool.
_SHARED_GOFLAGS: Final = frozenset({"tags", "trimpath", "gcflags", "asmflags", "p"})
# -buildmode changes every compile too, but only these modes still make an executable.
_EXECUTABLE_BUILDMODES: Final = frozenset({"default", "exe", "pie"})


def analyzer_goflags(goflags: str) -> str:
    """The part of the user's effective GOFLAGS that the analyzer's build keeps.

    GOFLAGS entries are space-separated ``-flag`` or ``-flag=value`` (Go forbids spaces in
    values)."""
    kept: list[str] = []
    for entry in goflags.split():
        name, _, value = entry.lstrip("-").partition("=")
        if name in _SHARED_GOFLAGS or (name == "buildmode" and value in _EXECUTABLE_BUILDMODES):
            kept.append(entry)
    return " ".join(kept)


def _go_query(go: str, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return GoToolchain(go).query([go, *args], Path.cwd())
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AnalyzerBuildError(f"cannot run {go} {' '.join(args)}: {exc}") from None


@dataclass(frozen=True)
class GoSettings:
    """What the analysis asks ``go env`` once per run: the version (the analyzer's and the
    results' cache keys, the analyzer's report) and what its build needs (``_build_env``)."""

    version: str  # GOVERSION, e.g. go1.26.8
    goflags: str  # the effective GOFLAGS (environment or `go env -w`)
    hostos: str
    hostarch: str


_SETTINGS: Final = ("GOVERSION", "GOFLAGS", "GOHOSTOS", "GOHOSTARCH")


def go_settings(go: str) -> GoSettings:
    """``go env -json GOVERSION GOFLAGS GOHOSTOS GOHOSTARCH``: one go process for the cache
    keys and the analyzer's build (a first run used to start two); ``AnalyzerBuildError``
    when go cannot say."""
    proc = _go_query(go, "env", "-json", *_SETTINGS)
    try:
        values = json.loads(proc.stdout) if proc.returncode == 0 else None
    except ValueError:
        values = None
    if not isinstance(values, dict) or not values.get("GOVERSION"):
        detail = proc.stderr.strip() or f"exit status {proc.returncode}"
        raise AnalyzerBuildError(f"{go} env -json {' '.join(_SETTINGS)} failed: {detail}")
    return GoSettings(
        version=str(values["GOVERSION"]),
        goflags=str(values.get("GOFLAGS") or ""),
        hostos=str(values.get("GOHOSTOS") or ""),
        hostarch=str(values.get("GOHOSTARCH") or ""),
    )


def go_version(go: str) -> str:
    """``go env GOVERSION`` (e.g. ``go1.26.8``); ``AnalyzerBuildError`` when go cannot say."""
    return go_settings(go).version


def _build_env(settings: GoSettings) -> dict[str, str]:
    """The user's environment, made safe for building a helper tool (see the module doc)."""
    env = dict(os.environ)
    # The analyzer is its own stdlib-only module: the user's go.work must not reach it.
    env["GOWORK"] = "off"
    # The effective GOFLAGS (environment or `go env -w`), filtered.
    env["GOFLAGS"] = analyzer_goflags(settings.goflags)
    # It runs here: a GOOS/GOARCH set for cross-compiled tests (with an exec wrapper) must
    # not make it a binary for another platform.
    env["GOOS"] = settings.hostos
    env["GOARCH"] = settings.hostarch
    return env


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in ".-_" else "_" for ch in text)


def _host() -> str:
    """This machine's platform, for the cache key: a cache directory on a shared home may be
    used from machines of another operating system or architecture."""
    return _safe(f"{sys.platform}-{platform.machine()}".lower())


def analyzer_path(cache: Path, version: str, source_hash: str) -> Path:
    """Where the analyzer for this Go version and these sources is cached, on this host."""
    return cache / "analyzer" / f"gotest-hazards-{_safe(version)}-{_host()}-{source_hash}"


def analyzer_built(cache: Path, source_hash: str) -> bool:
    """Whether this user cache holds an analyzer of these sources for this host, for any Go
    version: a warm cache, most likely (the Go version, which needs a go process to learn,
    decides for sure)."""
    pattern = f"gotest-hazards-*-{_host()}-{source_hash}"
    return any(path.is_file() for path in (cache / "analyzer").glob(pattern))


def build_awaited(cache: Path, source_hash: str, began: float) -> bool:
    """Whether a run before ``began`` (``time.time()``) wanted an analyzer of these sources
    for this host and ended without it (its mark, ``pending_mark``), and none is built: the
    run that began then waits for the build where it analyses. (A younger mark is this
    run's own: a build in progress, or an xdist worker of it done first.)"""
    pattern = f"gotest-hazards-*-{_host()}-{source_hash}.pending"
    for mark in (cache / "analyzer").glob(pattern):
        with contextlib.suppress(OSError):
            if mark.stat().st_mtime < began:
                return not analyzer_built(cache, source_hash)
    return False


def marked_since(target: Path) -> float | None:
    """When a run that wanted the analyzer ``target`` and ended without it left its mark
    (``pending_mark``), as ``time.time()``; None if none did."""
    try:
        return pending_mark(target).stat().st_mtime
    except OSError:
        return None


def pending_mark(target: Path) -> Path:
    """The mark beside the analyzer ``target`` of a build a run wanted and did not finish."""
    return target.with_name(target.name + ".pending")


def ensure_analyzer(
    go: str,
    version: str,
    *,
    source_dir: Path = ANALYZER_DIR,
    source_hash: str | None = None,
    cache: Path | None = None,
    stop: BuildStop | None = None,
    on_build: Callable[[float | None], None] | None = None,
    settings: GoSettings | None = None,
) -> AnalyzerBinary:
    """The analyzer binary for this Go version, built now if the cache has none.

    ``stop``: a build (or the wait for another process's build) ends with an
    ``AnalyzerBuildError`` soon after ``stop.stop()``. ``on_build(marked)`` is called just
    before this process builds, holding the build lock; ``marked`` is when a run that wanted
    this binary and ended without it (its build cut short, or never started) left its mark,
    None if none did. ``settings``: what ``go_settings`` said, if the caller asked already
    (else a build asks)."""
    digest = source_hash or analyzer_source_hash(source_dir)
    if not (source_dir / "go.mod").is_file():
        raise AnalyzerBuildError(f"the analyzer sources are missing from {source_dir}")
    target = analyzer_path(cache or cache_dir(), version, digest)
    directory = target.parent
    binary = AnalyzerBinary(target, version, digest)
    if target.is_file():
        return binary
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnalyzerBuildError(f"cannot create the cache directory {directory}: {exc}") from None
    from filelock import FileLock, Timeout  # only a build needs it (not imported when warm)

    stop = stop or BuildStop()
    lock = FileLock(str(target) + ".lock")
    deadline = time.monotonic() + _LOCK_TIMEOUT
    while True:  # in short steps, so that a stop does not wait for another process's build
        if stop.stopped:
            raise AnalyzerBuildError("the analyzer build was stopped")
        try:
            lock.acquire(timeout=min(_LOCK_POLL, max(deadline - time.monotonic(), 0.0)))
            break
        except Timeout:
            if time.monotonic() >= deadline:
                raise AnalyzerBuildError(
                    f"waited {_LOCK_TIMEOUT:.0f}s for another process building {target}"
                ) from None
    try:
        if not target.is_file():  # another process may have built it while we waited
            pending = pending_mark(target)
            marked = marked_since(target)
            if on_build is not None:
                on_build(marked)
            if marked is None:
                # Marked while it builds, in case this process dies before it ends; an earlier
                # run's mark keeps its time (which tells a run that began after it to wait).
                with contextlib.suppress(OSError):
                    pending.touch()
            try:
                _build(go, source_dir, target, stop, settings or go_settings(go))
            except AnalyzerBuildError:
                if not stop.stopped:  # cut short: the mark stays for the next run
                    pending.unlink(missing_ok=True)
                raise
            pending.unlink(missing_ok=True)
    finally:
        lock.release()
    return binary


def _build_args(go: str, output: str, env: dict[str, str]) -> list[str]:
    """The command that builds the analyzer into ``output`` (in the analyzer's directory).

    ``go run -exec cp . OUTPUT``: go builds the program and runs ``cp <executable> OUTPUT``.
    Since Go 1.24 go run keeps the executables it links in the build cache, so a build cache
    that saw this analyzer once (an earlier user cache, another virtualenv, a CI job that
    restores GOCACHE but not the user cache) skips the link too, the only step of the build
    left once the packages are cached (about 0.3 s of CPU); older Go links into a temporary
    directory, as go build does. Without a usable ``cp``: ``go build -o OUTPUT .``.

    -buildvcs=false: no version-control stamp (the sources may sit in a checkout, and stamping
    runs git). -ldflags=-s -w: no symbol table or DWARF (as go run and go test link by
    default): a third less link time; panics still print their stack (pclntab stays). Both
    only change the final link, never a package's compile (its cache key)."""
    flags = ["-buildvcs=false", "-ldflags=-s -w"]
    cp = shutil.which("cp", path=env.get("PATH"))
    if cp is not None and not any(ch.isspace() for ch in cp):  # -exec splits on spaces
        return [go, "run", *flags, f"-exec={cp}", ".", output]
    return [go, "build", *flags, "-o", output, "."]


def _build(go: str, source_dir: Path, target: Path, stop: BuildStop, settings: GoSettings) -> None:
    env = _build_env(settings)
    handle, temporary = tempfile.mkstemp(prefix=target.name + ".", dir=target.parent)
    os.close(handle)
    try:
        args = _build_args(go, temporary, env)
        try:
            process = spawn_group(args, source_dir, env)
        except OSError as exc:
            raise AnalyzerBuildError(f"cannot run {go} {args[1]} in {source_dir}: {exc}") from None
        lower_priority(process, stop.pause)
        stop._track(process)
        try:
            stdout, stderr = process.communicate(timeout=_BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            kill_group(process)
            process.communicate()
            raise AnalyzerBuildError(
                f"{go} {args[1]} in {source_dir} took more than {_BUILD_TIMEOUT:.0f}s"
            ) from None
        finally:
            stop._track(None)
        release_group(process)
        if stop.stopped:
            raise AnalyzerBuildError("the analyzer build was stopped")
        if process.returncode != 0:
            detail = (stderr.strip() or stdout.strip() or "")[-2000:]
            raise AnalyzerBuildError(
                f"`{go} {args[1]}` of the analyzer in {source_dir} failed "
                f"(exit status {process.returncode}):\n{detail}"
            )
        os.chmod(temporary, 0o755)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
