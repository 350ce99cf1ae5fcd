"""Which Go packages and test functions exist, from ``go list`` and the source; cached per run.

``go list -e -json ./...`` (run once per module root) says which ``_test.go`` files Go's own
build includes for the current flags: build constraints, ``-tags``, GOOS/GOARCH, and the
directories Go ignores (``testdata``, ``vendor``, ``_*``, ``.*``, nested modules, symlinked
directories). Nothing is compiled. The test functions themselves come from
``scanner.scan_source``. A persisted ``CollectCache`` (``collect_cache.py``) can answer both
instead, when nothing they depend on changed.

No package is dropped silently. ``go list -e`` reports some directories with an error instead
of a directory (an import path Go rejects: a space, ``ü``, a quote), and some only through an
error on the pattern (``pattern ./...: directory at@sign outside main module...``). Each such
error becomes a ``ListProblem`` that a test file reports (``problems_for``): the first test file
under the directory it names, or, when it names none that holds test files, the first test
file of the module. Output that is not JSON is an error for the whole module, never an empty
collection.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from .collect_cache import (
    CachedModule,
    CollectCache,
    ModuleState,
    Stamp,
    decode_functions,
    encode_functions,
    go_file_stamps,
    go_work,
    module_state,
)
from .outcome import TestSlot
from .scanner import GoFunc, scan_source
from .toolchain import GoToolchain

__all__ = [
    "Discovery",
    "GoListError",
    "GoPackage",
    "ListProblem",
    "ModuleListing",
    "ignored_dir_name",
]

# How far a file's status-change time may lag the wall clock read just before (the kernel
# stamps files from a coarse clock, up to a few milliseconds behind).
_CLOCK_SLACK_NS: Final = 20_000_000
# go list's words for a module that the go.work in effect does not use.
_NOT_IN_WORKSPACE: Final = "does not contain modules listed in go.work"
# Where a pattern error names a directory (cmd/go modload.resolveLocalPackage, and the
# fs.PathError of a directory the walk could not read).
_PATTERN_DIR_RE: Final = re.compile(
    r"^pattern [^:]*: (?:directory (?P<dir>.+?) "
    r"(?:outside |is contained in a module|is not a package listed in vendor)"
    r"|(?:open|lstat|stat|readdirent) (?P<path>.+?): )"
)
_MODULE_RE: Final = re.compile(r"^\s*module\s+(?:\"([^\"]+)\"|`([^`]+)`|(\S+))", re.MULTILINE)


class GoListError(Exception):
    """``go list`` failed for a whole module (broken go.mod, unusable toolchain, output that
    is not JSON)."""


def _scan_file(path: Path) -> tuple[GoFunc, ...]:
    try:
        return tuple(scan_source(path.read_bytes()))
    except OSError:
        return ()


@dataclass
class GoPackage:
    import_path: str
    dir: Path
    module_root: Path
    name: str
    test_files: tuple[str, ...]  # internal (package p) test files, then external (p_test) ones
    cgo: bool
    list_error: str | None = None
    # Every Go file of the build (non-test, cgo, test): what the init-hazard cache key hashes.
    go_files: tuple[str, ...] = ()
    # The external test package's files (package p_test): Go runs their tests after the
    # internal ones, and a name may exist in both.
    xtest_files: tuple[str, ...] = ()
    # How a test file's functions are found (the module's scan cache, or a plain scan).
    scan: Callable[[Path], tuple[GoFunc, ...]] = field(default=_scan_file, repr=False)
    _functions: dict[str, tuple[GoFunc, ...]] | None = field(default=None, repr=False)
    _has_testmain: bool | None = field(default=None, repr=False)
    _shared: frozenset[str] | None = field(default=None, repr=False)

    def functions(self) -> dict[str, tuple[GoFunc, ...]]:
        """Test functions per test file name, scanned on first use."""
        if self._functions is None:
            self._functions = {name: self.scan(self.dir / name) for name in self.test_files}
        return self._functions

    @property
    def has_testmain(self) -> bool:
        # Cached: every item of the package asks (20,000 items made this quadratic per package).
        if self._has_testmain is None:
            functions = self.functions().values()
            self._has_testmain = any(f.kind == "testmain" for fs in functions for f in fs)
        return self._has_testmain

    def test_names(self) -> list[str]:
        return [f.name for fs in self.functions().values() for f in fs if f.kind != "testmain"]

    def slot(self, file_name: str, test_name: str) -> TestSlot:
        """Which of the binary's tests named ``test_name`` the one in ``file_name`` is."""
        if self._shared is None:
            # Names declared by both the internal and the external test package, found once
            # per package (every item asks).
            functions = self.functions()
            xtest = set(self.xtest_files)
            internal = {f.name for n in self.test_files if n not in xtest for f in functions[n]}
            external = {f.name for n in self.xtest_files for f in functions.get(n, ())}
            self._shared = frozenset(internal & external)
        if test_name in self._shared:
            return TestSlot(test_name, 1 if file_name in self.xtest_files else 0, 2)
        return TestSlot(test_name)


@dataclass(frozen=True)
class ListProblem:
    """An error ``go list`` reported instead of a package, and the test files that carry it."""

    text: str  # Go's message on the first line, then which directory and why it matters
    directory: str | None  # "a/b" relative to the module root ("" the root); None: any file
    subtree: bool = False  # pattern errors: files below ``directory`` carry it too


@dataclass
class ModuleListing:
    root: Path  # the module root, symlinks resolved (go's working directory)
    packages: dict[str, GoPackage]  # by directory relative to ``root`` ("" for the root)
    problems: tuple[ListProblem, ...] = ()
    # The newest status change (ns) of the module's .go files and of its go.mod and go.sum
    # when it was listed; None when the collection cache is off (no walk).
    newest_change_ns: int | None = None
    # When its listing began (wall clock, ns): a later change of a Go file outdates it.
    listed_ns: int = 0

    def by_dir(self) -> dict[Path, GoPackage]:
        return {package.dir: package for package in self.packages.values()}


def _listed_file_gone(listing: ModuleListing, directory: Path) -> bool:
    """Whether a Go file the listing has in a package at or below ``directory`` no longer
    exists (a conftest deleted or renamed it)."""
    return any(
        not all(os.path.exists(package.dir / name) for name in package.go_files)
        for package in listing.packages.values()
        if package.dir == directory or directory in package.dir.parents
    )


def _newest_change(root: Path, stamps: Mapping[str, Stamp]) -> int:
    """The newest status change (ns) among the walked .go files and the module's go.mod and
    go.sum: every write sets it to the time of the write, and no tool can set it back or
    ahead (a modification time can be either)."""
    newest = max((stamp[2] for stamp in stamps.values()), default=0)
    for name in ("go.mod", "go.sum"):
        with contextlib.suppress(OSError):
            newest = max(newest, (root / name).stat().st_ctime_ns)
    return newest


def _iter_json_objects(text: str) -> Iterator[object]:
    """``go list -json`` prints concatenated objects, not an array; raises ValueError on
    anything else."""
    decoder = json.JSONDecoder()
    index = 0
    length = len(text)
    while index < length:
        while index < length and text[index].isspace():
            index += 1
        if index >= length:
            return
        obj, index = decoder.raw_decode(text, index)
        yield obj


def _str_list(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _error_text(obj: dict[str, object]) -> str | None:
    error = obj.get("Error")
    text = error.get("Err") if isinstance(error, dict) else None
    return text if isinstance(text, str) else None


def ignored_dir_name(part: str) -> bool:
    """A directory name below which ``./...`` finds no package."""
    return part.startswith((".", "_")) or part in ("testdata", "vendor")


def _relative(path: Path, root: Path) -> str | None:
    """``path`` relative to ``root`` as "a/b" ("" for the root), lexically; None if outside.

    On the strings (both are normalised absolute paths): ``Path.relative_to`` parses both
    paths again, once per package and test directory."""
    text, base = str(path), str(root)
    if text == base:
        return ""
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not text.startswith(prefix):
        return None
    rel = text[len(prefix) :]
    return rel if os.sep == "/" else rel.replace(os.sep, "/")


def _module_path(root: Path, objects: list[dict[str, object]]) -> str | None:
    for obj in objects:
        module = obj.get("Module")
        if isinstance(module, dict) and module.get("Main") and isinstance(module.get("Path"), str):
            dir_value = module.get("Dir")
            if isinstance(dir_value, str) and Path(dir_value) == root:
                return str(module["Path"])
    try:
        match = _MODULE_RE.search((root / "go.mod").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return next((g for g in match.groups() if g), None) if match else None


def _has_test_files(directory: Path, subtree: bool) -> bool:
    """Whether pytest would offer a ``_test.go`` file of ``directory`` (or below it)."""
    for _current, dirs, files in os.walk(directory):
        if any(f.endswith("_test.go") and not f.startswith(("_", ".")) for f in files):
            return True
        if not subtree:
            return False
        dirs[:] = [d for d in dirs if not ignored_dir_name(d)]
    return False


class Discovery:
    """Per-run cache of module roots and ``go list`` results. Thread-safe for xdist-free use
    from the main thread; the lock only guards against hooks called from helper threads.

    ``cache`` persists listings and scans between runs (``CollectCache(None)``: never).
    ``named`` are the paths the command line names (absolute): a package among them that
    ``./...`` skips (below ``testdata``, ``_x``, ``.x``, ``vendor``) is listed too, as
    ``go test ./testdata/pkg`` runs it."""

    def __init__(
        self,
        toolchain: GoToolchain | None,
        cache: CollectCache | None = None,
        named: Iterable[Path] = (),
    ) -> None:
        self.toolchain = toolchain
        self.cache = cache if cache is not None else CollectCache(lambda: None)
        self._named = tuple(named)
        self._roots: dict[Path, Path | None] = {}
        self._listings: dict[Path, ModuleListing | GoListError] = {}
        self._resolved: dict[Path, Path] = {}
        # A test file's directory -> its module root and its path relative to it.
        self._places: dict[Path, tuple[Path, str] | None] = {}
        self._entries: dict[Path, CachedModule] = {}  # what to store, by resolved root
        self._dirty: set[Path] = set()
        self._lock = threading.Lock()
        self.go_list_runs = 0  # how many times go list actually ran (tests, benchmarks)

    def module_root(self, directory: Path) -> Path | None:
        """The nearest directory at or above ``directory`` holding a ``go.mod``, walking the
        path as given (a directory reached through a symlink keeps its own path)."""
        seen: list[Path] = []
        current = directory
        root: Path | None = None
        while True:
            if current in self._roots:
                root = self._roots[current]
                break
            seen.append(current)
            if os.path.isfile(os.path.join(current, "go.mod")):
                root = current
                break
            if current.parent == current:
                break
            current = current.parent
        for path in seen:
            self._roots[path] = root
        return root

    def ignored_by_go(self, test_file: Path) -> bool:
        """Go's own directory rules, for when go itself cannot be asked: below the module
        root, ``testdata``, ``vendor`` and ``_``/``.`` directories hold no packages."""
        directory = test_file.parent.resolve()
        root = self.module_root(directory)
        if root is None:
            return True
        return any(ignored_dir_name(p) for p in directory.relative_to(root).parts)

    def _locate(self, test_file: Path) -> tuple[ModuleListing, str] | None:
        """The listing of ``test_file``'s module and its directory relative to the root.

        Raises ``GoListError`` when the module cannot be listed at all."""
        directory = test_file.parent
        try:
            place = self._places[directory]
        except KeyError:
            absolute = directory if directory.is_absolute() else Path(os.path.abspath(directory))
            place = None
            root = self.module_root(absolute)
            if root is not None and (rel := _relative(absolute, root)) is not None:
                place = (root, rel)
            self._places[directory] = place
        if place is None:
            return None
        return self.module(place[0]), place[1]

    def package_for(self, test_file: Path) -> GoPackage | None:
        """The package whose Go build includes ``test_file``, or None (excluded, ignored dir,
        a directory reached through a symlink: Go knows it only by its real path).

        Raises ``GoListError`` when the file's module cannot be listed at all.
        """
        located = self._locate(test_file)
        if located is None:
            return None
        listing, rel = located
        package = listing.packages.get(rel)
        if package is None or test_file.name not in package.test_files:
            return None
        return package

    def problems_for(self, test_file: Path) -> list[str]:
        """The go list errors this test file carries (``ListProblem``): errors for its own
        directory, and, for a file Go includes (any file, when Go includes none), errors that
        no directory with tests carries.
        Raises ``GoListError`` like ``package_for``."""
        located = self._locate(test_file)
        if located is None:
            return []
        listing, rel = located
        if not listing.problems:
            return []
        parts = rel.split("/") if rel else []
        included = (package := listing.packages.get(rel)) is not None and (
            test_file.name in package.test_files
        )
        # A module-wide error with no listed test file to carry it (go list listed nothing:
        # a go.work that leaves the module out) goes on any of its test files, or the module's
        # tests would vanish without a word.
        carried = included or (
            not any(p.test_files for p in listing.packages.values())
            and not any(ignored_dir_name(part) for part in parts)
        )
        found = []
        for problem in listing.problems:
            if problem.directory is None:
                if carried:
                    found.append(problem.text)
                continue
            if rel == problem.directory:
                found.append(problem.text)
            elif problem.subtree:
                base = problem.directory.split("/") if problem.directory else []
                below = parts[len(base) :]
                if parts[: len(base)] == base and not any(ignored_dir_name(p) for p in below):
                    found.append(problem.text)
        return found

    def module(self, root: Path) -> ModuleListing:
        """The listing of the module at ``root`` (run go list, or the cache, once per run)."""
        with self._lock:
            real = self._resolved.get(root)
            if real is None:
                real = self._resolved[root] = root.resolve()
            cached = self._listings.get(real)
            if cached is None:
                cached = self._listings[real] = self._load(real)
        if isinstance(cached, GoListError):
            raise cached
        return cached

    def listing(self, root: Path) -> dict[Path, GoPackage]:
        """The packages of the module at ``root`` by Go's directory."""
        return self.module(root).by_dir()

    def outdated_below(self, directory: Path) -> int | None:
        """After a conftest in ``directory`` was imported during collection (one that runs
        ``go generate`` rewrites Go files as it is imported): if a Go file below it, or the
        module's go.mod or go.sum, changed after its module's listing began, the listing
        is forgotten (the next question lists the module again) and that change's time
        (ns) is returned. A module not listed yet is left alone: its listing will see the
        files as they are now."""
        root = self.module_root(directory)
        if root is None:
            return None
        with self._lock:  # held by a listing under way (a lister thread): waits for it
            real = self._resolved.get(root)
            listing = self._listings.get(real) if real is not None else None
        if real is None or not isinstance(listing, ModuleListing):
            return None
        below = directory.resolve()
        newest = _newest_change(real, go_file_stamps(below))
        if _listed_file_gone(listing, below):
            # A deleted file leaves no stamp to see: the change is now, at the latest.
            newest = time.time_ns()
        if newest < listing.listed_ns - _CLOCK_SLACK_NS:
            return None
        with self._lock:
            if self._listings.get(real) is listing:
                del self._listings[real]
        return newest

    def module_roots(self) -> list[Path]:
        """The modules listed so far (successfully)."""
        return [
            root for root, listing in self._listings.items() if isinstance(listing, ModuleListing)
        ]

    def packages(self) -> Iterator[GoPackage]:
        for listing in self._listings.values():
            if not isinstance(listing, GoListError):
                yield from listing.packages.values()

    # -- listing -------------------------------------------------------------------------------

    def _load(self, root: Path) -> ModuleListing | GoListError:
        assert self.toolchain is not None
        began = time.time_ns()
        named = self._named_skipped_patterns(root)
        args = self.toolchain.list_args("./...", *named)
        state: ModuleState | None = None
        stored: CachedModule | None = None
        # The cache's key stamps the tree ./... walks; a named package below testdata/ is
        # outside it (and rare): listed afresh each time.
        if self.cache.enabled and not named:
            state = module_state(root, args, self.toolchain.environ)
            stored = self.cache.load(root)
        if stored is not None and state is not None and stored.key == state.key:
            objects = stored.objects
        else:
            objects = None
        if objects is None:
            result = self._go_list(root, args)
            if isinstance(result, GoListError):
                return result
            objects, clean = result
            if state is not None:
                old_scans = stored.scans if stored is not None else {}
                self._entries[root] = CachedModule(state.key, objects if clean else None, old_scans)
                self._dirty.add(root)
        elif state is not None and stored is not None:
            self._entries[root] = stored
        scan = self._scanner(root, state)
        listing = self._build(root, objects, scan)
        listing.listed_ns = began
        if state is not None:
            listing.newest_change_ns = _newest_change(root, state.stamps)
        return listing

    def _named_skipped_patterns(self, root: Path) -> list[str]:
        """go list patterns for the command line's paths in the module at ``root`` (resolved)
        that ``./...`` does not reach: a directory below ``testdata``, ``vendor``, ``_x`` or
        ``.x`` (not a module of its own) as ``./dir/...``, a test file there as its directory.
        go matches those when named, as ``go test ./testdata/pkg/...`` does (``./testdata/...``
        itself matches nothing, for go and here)."""
        patterns: dict[str, None] = {}
        for path in self._named:
            is_dir = path.is_dir()
            directory = path if is_dir else path.parent
            module = self.module_root(directory)
            if module is None or module.resolve() != root:
                continue
            rel = _relative(directory.resolve(), root)
            if not rel or not any(ignored_dir_name(part) for part in rel.split("/")):
                continue
            patterns[f"./{rel}/..." if is_dir else f"./{rel}"] = None
        return list(patterns)

    def _go_list(
        self, root: Path, args: list[str]
    ) -> tuple[list[dict[str, object]], bool] | GoListError:
        """go list's objects, and whether the answer is clean enough to store."""
        assert self.toolchain is not None
        self.go_list_runs += 1
        try:
            proc = self.toolchain.query(args, root)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return GoListError(f"cannot run {self.toolchain.go} list in {root}: {exc}")
        try:
            decoded = list(_iter_json_objects(proc.stdout))
        except ValueError as exc:
            excerpt = proc.stdout.strip()[:500]
            detail = proc.stderr.strip()
            return GoListError(
                f"go list printed output that is not JSON in module {root} ({exc}):\n"
                f"{excerpt}" + (f"\n{detail}" if detail else "")
            )
        objects = [obj for obj in decoded if isinstance(obj, dict)]
        if len(objects) != len(decoded):
            return GoListError(
                f"go list printed JSON that is not a package object in module {root}:\n"
                f"{proc.stdout.strip()[:500]}"
            )
        if proc.returncode != 0 and not objects:
            detail = proc.stderr.strip() or f"exit status {proc.returncode}"
            return GoListError(
                f"go list failed in module {root} (check {self._file_to_check(root, detail)}):\n"
                f"{detail}"
            )
        if proc.returncode != 0 and proc.stderr.strip():
            # Packages listed, yet go failed: what it said must not be lost.
            objects.append({"ImportPath": "", "Error": {"Err": proc.stderr.strip()}})
        clean = proc.returncode == 0 and not any("Error" in obj for obj in objects)
        return objects, clean

    def _file_to_check(self, root: Path, detail: str) -> Path | str:
        """What a failing ``go list`` points at: ``$GOFLAGS`` when go says it could not read
        it (``go: parsing $GOFLAGS: unknown flag``, ``(from $GOFLAGS)``), the ``go.work`` in
        effect when go names one (``cannot load module x listed in go.work file``), else the
        module's go.mod."""
        if "$GOFLAGS" in detail:
            return "the GOFLAGS environment variable"
        if "go.work" in detail:
            assert self.toolchain is not None
            environ = self.toolchain.environ
            workspace = go_work(root, os.environ if environ is None else environ)
            if workspace is not None:
                return workspace
        return root / "go.mod"

    def _build(
        self,
        root: Path,
        objects: list[dict[str, object]],
        scan: Callable[[Path], tuple[GoFunc, ...]],
    ) -> ModuleListing:
        packages: dict[str, GoPackage] = {}
        errors: list[tuple[str, str]] = []  # (import path, message) of entries without Dir
        for obj in objects:
            directory = obj.get("Dir")
            import_path = obj.get("ImportPath")
            if not isinstance(import_path, str):
                continue
            if not isinstance(directory, str):
                errors.append((import_path, _error_text(obj) or "go list reported no directory"))
                continue
            xtest_files = _str_list(obj.get("XTestGoFiles"))
            test_files = _str_list(obj.get("TestGoFiles")) + xtest_files
            go_dir = Path(directory)
            rel = _relative(go_dir, root)
            packages[rel if rel is not None else str(go_dir)] = GoPackage(
                import_path=import_path,
                dir=go_dir,
                module_root=root,
                name=str(obj.get("Name") or ""),
                test_files=test_files,
                cgo=bool(_str_list(obj.get("CgoFiles"))),
                list_error=_error_text(obj),
                go_files=(
                    _str_list(obj.get("GoFiles")) + _str_list(obj.get("CgoFiles")) + test_files
                ),
                xtest_files=xtest_files,
                scan=scan,
            )
        problems = self._problems(root, errors, objects) if errors else ()
        return ModuleListing(root, packages, problems)

    def _problems(
        self, root: Path, errors: list[tuple[str, str]], objects: list[dict[str, object]]
    ) -> tuple[ListProblem, ...]:
        module_path = _module_path(root, objects)
        problems = []
        for import_path, message in errors:
            directory: str | None = None
            subtree = False
            if module_path and import_path.startswith(module_path + "/"):
                directory = import_path[len(module_path) + 1 :]
            elif module_path and import_path == module_path:
                directory = ""
            else:
                match = _PATTERN_DIR_RE.match(message)
                named = (match.group("dir") or match.group("path")) if match else None
                if named is not None:
                    directory = _relative(Path(os.path.normpath(root / named)), root)
                    subtree = True
            where = root / directory if directory is not None else root
            text = (
                f"{message}\n`go list -e ./...` in {root} reports this error instead of the "
                f"package in {where}: go test cannot build or run its tests until it is fixed."
                if directory is not None
                else f"{message}\n`go list -e ./...` in {root} reports this error: some "
                "packages of the module may be missing from the run until it is fixed."
            )
            if directory is None and _NOT_IN_WORKSPACE in message:
                text += self._workspace_hint(root)
            if directory is not None and not _has_test_files(where, subtree):
                directory, subtree = None, False  # no test file there to carry it
            problems.append(ListProblem(text, directory, subtree))
        return tuple(problems)

    def _workspace_hint(self, root: Path) -> str:
        """What to do about a module the ``go.work`` in effect leaves out."""
        assert self.toolchain is not None
        environ = self.toolchain.environ
        workspace = go_work(root, os.environ if environ is None else environ)
        if workspace is None:
            return ""
        use = os.path.relpath(root, workspace.parent)
        return (
            f"\n\n{root} is not among the modules {workspace} uses: add it (go work use "
            f"{use}, run in {workspace.parent}), or run without the workspace (GOWORK=off)."
        )

    # -- scanned functions ---------------------------------------------------------------------

    def _scanner(
        self, root: Path, state: ModuleState | None
    ) -> Callable[[Path], tuple[GoFunc, ...]]:
        """Scans a test file, or takes its functions from the cache when its stamp (from the
        walk that made the key) is the one stored with them."""
        entry = self._entries.get(root)
        if state is None or entry is None:
            return _scan_file
        prefix = str(root) + os.sep
        stamps = state.stamps
        scans = entry.scans

        def scan(path: Path) -> tuple[GoFunc, ...]:
            text = str(path)
            rel = text[len(prefix) :].replace(os.sep, "/") if text.startswith(prefix) else None
            stamp = stamps.get(rel) if rel is not None else None
            if rel is None or stamp is None:
                return _scan_file(path)
            record = scans.get(rel)
            if record is not None and record[0] == stamp:
                try:
                    return decode_functions(record[1])
                except ValueError:
                    pass  # not what this version writes: scan again
            functions = _scan_file(path)
            scans[rel] = (stamp, encode_functions(functions))
            self._dirty.add(root)
            return functions

        return scan

    def save_cache(self) -> None:
        """Store what changed in this run (listings, scans); call when collection is done."""
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        for root in dirty:
            entry = self._entries.get(root)
            if entry is not None:
                self.cache.store(root, entry)
