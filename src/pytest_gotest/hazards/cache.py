"""Analysis results cached by file content.

The key covers everything the analyzer's answer depends on: the content of every Go file of the
module's packages (from the ``go list`` data discovery already has; hazards in module-local
dependencies count), ``go.mod``, the packages analysed, the Go version, the build flags that
select files (``-tags``), the environment that does (GOOS, GOARCH, ...) and the analyzer's own
source hash. Other modules on disk (a ``replace`` to a local directory, a ``go.work``'s
modules: ``local_modules.py``) count by their ``go.mod`` and the stamps (size, modification
and change times) of the Go files ``./...`` walks there, as the collection cache counts the
module's tree, and the ``go.work`` in effect by its content. A warm run therefore reads files,
stats a few more and one JSON document, and runs nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pytest_gotest.core.collect_cache import go_file_stamps, go_work

from .findings import AnalyzerOutputError, HazardReport, parse_report, report_to_json
from .local_modules import local_module_dirs

__all__ = ["ModuleSources", "ResultCache", "results_key"]

_KEY_VERSION: Final = "gotest-hazards-results-1"
# Environment that changes which files a package has or how it type-checks.
_ENV_KEYS: Final = ("GOOS", "GOARCH", "CGO_ENABLED", "GOFLAGS", "GOEXPERIMENT", "GOWORK")
_LOCK_TIMEOUT: Final = 900.0


@dataclass(frozen=True)
class ModuleSources:
    """One package's Go files, as discovery's ``go list`` reported them."""

    import_path: str
    dir: Path
    files: tuple[str, ...]


def _file_digest(path: Path) -> bytes:
    try:
        return hashlib.sha1(path.read_bytes(), usedforsecurity=False).digest()
    except OSError:
        return b"missing"


def results_key(
    module_root: Path,
    packages: Iterable[ModuleSources],
    analysed: Sequence[str],
    *,
    go_version: str,
    list_flags: Sequence[str],
    analyzer_hash: str,
    environ: Mapping[str, str] | None = None,
    links_strings: bool = True,
) -> str:
    env = os.environ if environ is None else environ
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            digest.update(part.encode() if isinstance(part, str) else part)
            digest.update(b"\0")

    add(_KEY_VERSION, analyzer_hash, go_version, str(module_root))
    add("flags", *list_flags)
    add("links strings" if links_strings else "no linker strings")
    add("env", *(f"{k}={env.get(k, '')}" for k in _ENV_KEYS))
    add("analysed", *sorted(analysed))
    add("go.mod", _file_digest(module_root / "go.mod"))
    work = go_work(module_root, env)
    if work is not None:
        add("go.work", str(work), _file_digest(work))
    for directory in local_module_dirs(module_root, env):
        # Edited in place, unlike a module in the module cache: by stamps, cheap to take.
        add("local module", str(directory), _file_digest(directory / "go.mod"))
        for name, stamp in sorted(go_file_stamps(directory).items()):
            add(name, repr(stamp))
    for package in sorted(packages, key=lambda p: p.import_path):
        add("pkg", package.import_path, str(package.dir))
        for name in sorted(package.files):
            add(name, _file_digest(package.dir / name))
    return digest.hexdigest()[:32]


class ResultCache:
    """``<cache>/results/<key>.json``, written atomically, one writer per key at a time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / "results"

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> HazardReport | None:
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except OSError:
            return None
        try:
            return parse_report(text)
        except AnalyzerOutputError:
            return None  # a damaged entry is recomputed and overwritten

    def put(self, key: str, report: HazardReport) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=key + ".", dir=self.directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(report_to_json(report))
            os.replace(temporary, self._path(key))
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    @contextlib.contextmanager
    def locked(self, key: str) -> Iterator[None]:
        """Held while one process computes ``key``; xdist workers wait and then read it."""
        from filelock import FileLock  # only a cache miss needs it (not imported when warm)

        self.directory.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.directory / f"{key}.lock"), timeout=_LOCK_TIMEOUT):
            yield
