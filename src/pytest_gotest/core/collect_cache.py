"""A persisted collection cache: ``go list``'s answer and the scanned test functions per module.

Pure core (no pytest import): the plugin hands it a directory (pytest's cache directory,
``.pytest_cache/d/pytest-gotest-collect``) or nothing, and then nothing is stored.

``go list -e -json ./...`` costs about 0.4 s for 1,000 packages even with Go's own caches warm,
and scanning 1,000 test files about 0.2 s. Both answers are a function of things that can be
read much faster, and the cache key is exactly those things (``module_state``):

- the go executable (its real path, size and modification time, and ``$GOROOT/go.env``), so a
  new Go version or a different toolchain is a different key;
- the ``go list`` command line (fields and the list flags: ``-tags``, ``-race``, ``-mod``...)
  and the contents of the files ``-modfile``/``-overlay`` name there or in ``$GOFLAGS``;
- the environment go reads: every ``GO*`` and ``CGO_*`` variable (``GOFLAGS``, ``GOOS``,
  ``GOARCH``, ``CGO_ENABLED``, ``GOWORK``, ``GOEXPERIMENT``...) but the few that only say where
  go keeps its caches, plus ``CC``, ``CXX``, ``PATH`` and where the C compiler is found (cgo's
  default depends on it), and the ``go env -w`` file;
- the contents of the module's ``go.mod`` and ``go.sum`` and of the ``go.work`` (and
  ``go.work.sum``) in effect;
- the directory tree that ``./...`` walks, walked with Go's own rules (``_walk_tree``): each
  ``.go`` file's name, size, modification and change time (the change time cannot be set back
  by tools that preserve modification times), and the names of the other source files Go
  sorts into packages.

A changed input is a different key, and a different key means ``go list`` runs again. Only a
clean answer is stored: ``go list`` exited 0 and reported no package error, because errors can
depend on what is not in the key (the module cache, the network). A test file's scanned
functions are reused when its size and times are unchanged, even when the key changed.
Entries are written atomically (a temporary file, then a rename), so concurrent xdist workers
can only replace a whole entry with another whole entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from .scanner import GoFunc

__all__ = [
    "CachedModule",
    "CollectCache",
    "ModuleState",
    "ScanRecord",
    "Stamp",
    "decode_functions",
    "encode_functions",
    "file_text",
    "go_file_stamps",
    "go_work",
    "goenv_file",
    "module_state",
    "toolchain_lines",
    "write_atomically",
]

# Bumped whenever what is stored, or how the key is made, changes (2: the scanner takes
# Testª-like names and block comments before a name, and no Example with results).
FORMAT: Final = 2
# Variables that only say where go keeps caches or how its runtime behaves: they never change
# what `go list` reports, and benchmarks/CI change them freely.
_IGNORED_GO_VARS: Final = frozenset(
    {"GOCACHE", "GOTMPDIR", "GOMAXPROCS", "GOGC", "GOMEMLIMIT", "GOTRACEBACK", "GOCOVERDIR"}
)
_OTHER_VARS: Final = ("CC", "CXX", "PATH")
_FILE_FLAGS: Final = frozenset({"modfile", "overlay", "workfile"})
# Non-Go files that go/build sorts into a package (CFiles, SFiles, SysoFiles...): with cgo off
# some make go list report an error, so they count by name.
_OTHER_SOURCES: Final = frozenset({
    ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".m", ".s", ".S", ".sx",
    ".f", ".F", ".for", ".f90", ".swig", ".swigcxx", ".syso",
})  # fmt: skip

Stamp = tuple[int, int, int]  # size, st_mtime_ns, st_ctime_ns
_KINDS: Final = frozenset({"test", "fuzz", "example", "testmain"})


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@dataclass
class ModuleState:
    """What determines one module's ``go list`` answer, read from disk and the environment."""

    key: str
    stamps: dict[str, Stamp]  # "dir/x.go" (relative to the module root) -> its stamp


def file_text(path: Path) -> str:
    """A key line's text for a file's contents: its SHA-256, or why it could not be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable {type(exc).__name__}"


def _user_config_dir(environ: Mapping[str, str]) -> Path | None:
    """Go's ``os.UserConfigDir``, where ``go env -w`` writes ``go/env``."""
    if sys.platform == "win32":
        base = environ.get("AppData")
        return Path(base) if base else None
    if sys.platform == "darwin":
        home = environ.get("HOME")
        return Path(home) / "Library" / "Application Support" if home else None
    xdg = environ.get("XDG_CONFIG_HOME")
    if xdg:
        return Path(xdg)
    home = environ.get("HOME")
    return Path(home) / ".config" if home else None


def goenv_file(environ: Mapping[str, str]) -> Path | None:
    explicit = environ.get("GOENV")
    if explicit is not None:
        return None if explicit in ("", "off") else Path(explicit)
    config = _user_config_dir(environ)
    return config / "go" / "env" if config is not None else None


def go_work(root: Path, environ: Mapping[str, str]) -> Path | None:
    """The ``go.work`` go uses in ``root``: ``$GOWORK``, else the nearest one above."""
    explicit = environ.get("GOWORK")
    if explicit:
        return None if explicit == "off" else Path(explicit)
    for directory in (root, *root.parents):
        candidate = directory / "go.work"
        if candidate.is_file():
            return candidate
    return None


def go_file_stamps(directory: Path) -> dict[str, Stamp]:
    """The stamps of the Go files ``./...`` walks below ``directory`` (``_walk_tree``)."""
    stamps: dict[str, Stamp] = {}
    _walk_tree(directory, [], stamps)
    return stamps


def _walk_tree(root: Path, lines: list[str], stamps: dict[str, Stamp]) -> None:
    """The tree ``./...`` walks (cmd/go ``search.MatchDirs``): its Go files and stamps.

    Skipped like Go skips them: files and directories named ``.*`` or ``_*`` (so what pytest
    itself writes, ``.pytest_cache`` and ``__pycache__``, never changes the key), ``testdata``
    directories, directories holding a ``go.mod`` (nested modules; recorded as such, so
    adding or removing one changes the key) and symlinks to directories (Go does not follow
    them). A directory counts by the files in it: a ``.go`` file by name and stamp, the other
    source files Go's build looks at (``.c``, ``.s``, ``.syso``...) by name, since they change
    what go list says about a package; anything else (a pytest basetemp, reports) not at
    all, nor does a directory without such files."""
    stack = [""]
    while stack:
        rel = stack.pop()
        directory = os.path.join(root, rel) if rel else str(root)
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            lines.append(f"D {rel}\x00! {type(exc).__name__} {exc.errno}")
            continue
        if rel and any(e.name == "go.mod" and _is_file(e) for e in entries):
            lines.append(f"D {rel}\x00nested module")
            continue
        parts = []
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue  # Go ignores such files and directories
            child = f"{rel}/{name}" if rel else name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                parts.append(f"? {name}")
                continue
            if is_dir:
                if name != "testdata":
                    stack.append(child)
            elif name.endswith(".go"):
                try:
                    stamp = _stamp(entry.stat())  # follows a symlinked file, as Go does
                except OSError as exc:
                    parts.append(f"! {name} {exc.errno}")
                    continue
                stamps[child] = stamp
                parts.append(f"g {name} {stamp}")
            elif os.path.splitext(name)[1] in _OTHER_SOURCES:
                parts.append(f"f {name}")
        if parts:
            lines.append("\x00".join([f"D {rel}", *parts]))


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _flag_files(list_args: Sequence[str], goflags: str) -> list[tuple[str, str]]:
    """``-modfile``/``-overlay``/``-workfile`` values on the command line or in ``$GOFLAGS``:
    files whose contents change go list's answer while its command line stays the same."""
    tokens = [*list_args[2:], *goflags.split()]
    found = []
    for index, token in enumerate(tokens):
        name, equals, value = token.lstrip("-").partition("=")
        if not token.startswith("-") or name not in _FILE_FLAGS:
            continue
        if not equals:
            value = tokens[index + 1] if index + 1 < len(tokens) else ""
        if value:
            found.append((name, value))
    return found


def _file_inputs(root: Path, list_args: Sequence[str], env: Mapping[str, str]) -> list[str]:
    """Key lines for the files named by flags, and for the C compiler cgo's default
    depends on (``CGO_ENABLED`` unset: on when ``$CC``, else gcc or clang, is found)."""
    lines = []
    for name, value in _flag_files(list_args, env.get("GOFLAGS", "")):
        path = root / value  # go resolves them from its working directory, the root
        lines.append(f"-{name} {value} {file_text(path)}")
        if name == "modfile" and value.endswith(".mod"):
            lines.append(f"-{name} sum {file_text(root / (value[:-4] + '.sum'))}")
        if name == "overlay":
            lines.extend(_overlay_lines(path, root))
    cc = env.get("CC", "").split()
    for compiler in sorted({cc[0] if cc else "gcc", "clang"}):
        found = shutil.which(compiler, path=env.get("PATH"))
        lines.append(f"cc {compiler} {found}")
    return sorted(lines)


def _overlay_lines(path: Path, root: Path) -> list[str]:
    """The replacement files an ``-overlay`` JSON names, by stamp (go resolves relative
    paths in it from its working directory, cmd/go/internal/fsys)."""
    try:
        replace = json.loads(path.read_text(encoding="utf-8")).get("Replace") or {}
    except (OSError, ValueError, AttributeError):
        return []
    lines = []
    for original, replacement in sorted(replace.items()) if isinstance(replace, dict) else []:
        try:
            stamp = _stamp(os.stat(root / replacement)) if replacement else None
        except (OSError, TypeError):
            stamp = None
        lines.append(f"overlay {original} {replacement} {stamp}")
    return lines


def toolchain_lines(go: str, directory: Path, env: Mapping[str, str]) -> list[str]:
    """Key lines for what decides which go runs in ``directory`` and how it is configured:
    the executable (its real path and stamp) and its GOROOT's ``go.env``; every ``GO*`` and
    ``CGO_*`` variable but those that only say where go keeps caches, with ``CC``, ``CXX``
    and ``PATH``; the ``go env -w`` file; the ``go.work`` in effect there (``go.mod`` files
    are the caller's). Shared by the collection cache and the init-hazard analysis's
    settings cache (``hazards/settings_cache.py``)."""
    lines = []
    real_go = Path(os.path.realpath(go)) if go else None
    for label, path in (
        ("go", real_go),
        ("go.env", real_go.parent.parent / "go.env" if real_go is not None else None),
    ):
        if path is None:
            continue
        try:
            lines.append(f"{label} {path} {_stamp(path.stat())}")
        except OSError:
            lines.append(f"{label} {path} missing")
    names = sorted(
        name
        for name in env
        if (name.startswith(("GO", "CGO_")) and name not in _IGNORED_GO_VARS) or name in _OTHER_VARS
    )
    lines.extend(f"env {name}={env[name]}" for name in names)
    goenv = goenv_file(env)
    if goenv is not None:
        lines.append(f"goenv {goenv} {file_text(goenv)}")
    work = go_work(directory, env)
    if work is not None:
        lines.append(f"go.work {work} {file_text(work)}")
        lines.append(f"go.work.sum {file_text(work.parent / 'go.work.sum')}")
    return lines


def module_state(
    root: Path, list_args: Sequence[str], environ: Mapping[str, str] | None = None
) -> ModuleState:
    """The cache key of ``root``'s ``go list`` answer, and the ``.go`` files' stamps.

    ``root`` is the module root as go sees it (symlinks resolved); ``list_args`` is the whole
    ``go list`` command line, the go executable first."""
    env = os.environ if environ is None else environ
    lines = [f"format {FORMAT}", f"root {root}", "argv " + "\x00".join(list_args)]
    lines.extend(toolchain_lines(list_args[0] if list_args else "", root, env))
    for name in ("go.mod", "go.sum"):
        lines.append(f"{name} {file_text(root / name)}")
    lines.extend(_file_inputs(root, list_args, env))
    stamps: dict[str, Stamp] = {}
    _walk_tree(root, lines, stamps)
    digest = hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()
    return ModuleState(digest, stamps)


# A file's stamp and its functions as one string, "TestA:test:5 ExampleB:example:9": one
# object per file instead of a list per function (20,000 of them), which the JSON decoder
# would build and the garbage collector walk.
ScanRecord = tuple[Stamp, str]


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` through a temporary file in its directory and a rename, so that a
    concurrent reader (another xdist worker, the next run) sees the old file or the new one,
    never half of one. Raises OSError, with nothing left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(text)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def encode_functions(functions: Sequence[GoFunc]) -> str:
    return " ".join(f"{f.name}:{f.kind}:{f.line}" for f in functions)


def decode_functions(text: str) -> tuple[GoFunc, ...]:
    """``encode_functions`` reversed; raises ValueError on anything it did not write."""
    found = []
    for token in text.split():
        name, kind, line = token.split(":")
        if kind not in _KINDS:
            raise ValueError(f"unknown function kind {kind!r}")
        found.append(GoFunc(name, kind, int(line)))  # type: ignore[arg-type]
    return tuple(found)


@dataclass
class CachedModule:
    """One module's stored entry: go list's objects under a key, and scans per file."""

    key: str
    objects: list[dict[str, object]] | None  # None: no go list answer stored for this key
    scans: dict[str, ScanRecord] = field(default_factory=dict)  # "dir/x_test.go" -> record


def _scan_records(value: object) -> dict[str, ScanRecord]:
    """Stored scans, dropping anything malformed (a hand-edited or truncated entry)."""
    records: dict[str, ScanRecord] = {}
    if not isinstance(value, dict):
        return records
    for rel, record in value.items():
        if (
            isinstance(record, list)
            and len(record) == 4
            and all(type(v) is int for v in record[:3])
            and isinstance(record[3], str)
        ):
            records[str(rel)] = ((record[0], record[1], record[2]), record[3])
    return records


class CollectCache:
    """Reads and writes module entries under a directory; inert when there is none.

    ``locate`` is called on first use (the plugin creates pytest's cache directory only when a
    Go module is actually listed); it returns None, or raises OSError, to turn the cache off."""

    def __init__(self, locate: Callable[[], Path | None] | None) -> None:
        self._locate = locate
        self._directory: Path | None = None
        self._located = locate is None

    @property
    def directory(self) -> Path | None:
        if not self._located:
            self._located = True
            assert self._locate is not None
            try:
                self._directory = self._locate()
            except OSError:
                self._directory = None
        return self._directory

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def _entry_path(self, root: Path) -> Path | None:
        directory = self.directory
        if directory is None:
            return None
        name = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return directory / f"{name}.json"

    def load(self, root: Path) -> CachedModule | None:
        path = self._entry_path(root)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        if data.get("root") != str(root) or not isinstance(data.get("key"), str):
            return None
        objects = data.get("objects")
        if objects is not None and not (
            isinstance(objects, list) and all(isinstance(o, dict) for o in objects)
        ):
            objects = None
        return CachedModule(data["key"], objects, _scan_records(data.get("scans")))

    def store(self, root: Path, entry: CachedModule) -> None:
        """Write ``entry`` atomically; a cache that cannot be written is silently skipped
        (collection never fails because of its cache)."""
        path = self._entry_path(root)
        if path is None:
            return
        data = {
            "format": FORMAT,
            "root": str(root),
            "key": entry.key,
            "objects": entry.objects,
            "scans": {rel: [*stamp, text] for rel, (stamp, text) in entry.scans.items()},
        }
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        with contextlib.suppress(OSError):
            write_atomically(path, text)
