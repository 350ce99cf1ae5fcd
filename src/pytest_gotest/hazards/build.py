"""Building the analyzer (``analyzer/``, shipped as package data) with the user's go.

The binary is cached per Go version and analyzer source hash in the user cache directory, so a
run pays for the build once per toolchain. xdist workers may all ask at once: a file lock makes
one of them build while the others wait and then reuse the result, and the binary appears under
its final name only complete (built under a temporary name, then renamed).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from filelock import FileLock, Timeout

__all__ = [
    "ANALYZER_DIR",
    "AnalyzerBinary",
    "AnalyzerBuildError",
    "analyzer_source_hash",
    "cache_dir",
    "ensure_analyzer",
    "go_version",
]

ANALYZER_DIR: Final = Path(__file__).parent / "analyzer"
_BUILD_TIMEOUT: Final = 600.0
_LOCK_TIMEOUT: Final = 900.0


class AnalyzerBuildError(Exception):
    """The analyzer could not be built; the message says why and what to change."""


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


def analyzer_source_hash(directory: Path = ANALYZER_DIR) -> str:
    """Hash of the analyzer's sources (``*.go``, ``go.mod``, ``go.sum``; tests excluded)."""
    digest = hashlib.sha256()
    if not directory.is_dir():
        return "missing"
    files = sorted(
        p
        for p in directory.rglob("*")
        if p.is_file()
        and (p.name in ("go.mod", "go.sum") or (p.suffix == ".go" and "_test." not in p.name))
        and "testdata" not in p.relative_to(directory).parts
    )
    for path in files:
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _build_env() -> dict[str, str]:
    env = dict(os.environ)
    # The analyzer is its own stdlib-only module: the user's workspace, -mod or -tags settings
    # must not reach its build, and it needs no C compiler.
    env["GOWORK"] = "off"
    env["GOFLAGS"] = ""
    env["CGO_ENABLED"] = "0"
    return env


def go_version(go: str) -> str:
    """``go env GOVERSION`` (e.g. ``go1.26.8``); ``AnalyzerBuildError`` when go cannot say."""
    try:
        proc = subprocess.run(
            [go, "env", "GOVERSION"],
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AnalyzerBuildError(f"cannot run {go} env GOVERSION: {exc}") from None
    version = proc.stdout.strip()
    if proc.returncode != 0 or not version:
        detail = proc.stderr.strip() or f"exit status {proc.returncode}"
        raise AnalyzerBuildError(f"{go} env GOVERSION failed: {detail}")
    return version


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in ".-_" else "_" for ch in text)


def ensure_analyzer(
    go: str,
    version: str,
    *,
    source_dir: Path = ANALYZER_DIR,
    source_hash: str | None = None,
    cache: Path | None = None,
) -> AnalyzerBinary:
    """The analyzer binary for this Go version, built now if the cache has none."""
    digest = source_hash or analyzer_source_hash(source_dir)
    if not (source_dir / "go.mod").is_file():
        raise AnalyzerBuildError(f"the analyzer sources are missing from {source_dir}")
    directory = (cache or cache_dir()) / "analyzer"
    target = directory / f"gotest-hazards-{_safe(version)}-{digest}"
    binary = AnalyzerBinary(target, version, digest)
    if target.is_file():
        return binary
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnalyzerBuildError(f"cannot create the cache directory {directory}: {exc}") from None
    try:
        with FileLock(str(target) + ".lock", timeout=_LOCK_TIMEOUT):
            if not target.is_file():  # another process may have built it while we waited
                _build(go, source_dir, target)
    except Timeout:
        raise AnalyzerBuildError(
            f"waited {_LOCK_TIMEOUT:.0f}s for another process building {target}"
        ) from None
    return binary


def _build(go: str, source_dir: Path, target: Path) -> None:
    handle, temporary = tempfile.mkstemp(prefix=target.name + ".", dir=target.parent)
    os.close(handle)
    try:
        try:
            proc = subprocess.run(
                [go, "build", "-trimpath", "-o", temporary, "."],
                cwd=source_dir,
                env=_build_env(),
                capture_output=True,
                text=True,
                errors="replace",
                check=False,
                stdin=subprocess.DEVNULL,
                timeout=_BUILD_TIMEOUT,
                start_new_session=True,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise AnalyzerBuildError(f"cannot run {go} build in {source_dir}: {exc}") from None
        if proc.returncode != 0:
            detail = (proc.stderr.strip() or proc.stdout.strip() or "")[-2000:]
            raise AnalyzerBuildError(
                f"`{go} build` of the analyzer in {source_dir} failed "
                f"(exit status {proc.returncode}):\n{detail}"
            )
        os.chmod(temporary, 0o755)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
