"""Which Go packages and test functions exist, from ``go list`` and the source; cached per run.

``go list -e -json ./...`` (run once per module root) says which ``_test.go`` files Go's own
build includes for the current flags: build constraints, ``-tags``, GOOS/GOARCH, and the
directories Go ignores (``testdata``, ``vendor``, ``_*``, ``.*``, nested modules). Nothing is
compiled. The test functions themselves come from ``scanner.scan_source``.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .outcome import TestSlot
from .scanner import GoFunc, scan_source
from .toolchain import GoToolchain

__all__ = ["Discovery", "GoListError", "GoPackage"]


class GoListError(Exception):
    """``go list`` failed for a whole module (broken go.mod, unusable toolchain)."""


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
    _functions: dict[str, tuple[GoFunc, ...]] | None = field(default=None, repr=False)
    _has_testmain: bool | None = field(default=None, repr=False)

    def functions(self) -> dict[str, tuple[GoFunc, ...]]:
        """Test functions per test file name, scanned on first use."""
        if self._functions is None:
            scanned: dict[str, tuple[GoFunc, ...]] = {}
            for file_name in self.test_files:
                try:
                    source = (self.dir / file_name).read_bytes()
                except OSError:
                    source = b""
                scanned[file_name] = tuple(scan_source(source))
            self._functions = scanned
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
        functions = self.functions()
        internal = any(
            f.name == test_name
            for name in self.test_files
            if name not in self.xtest_files
            for f in functions.get(name, ())
        )
        external = any(
            f.name == test_name for name in self.xtest_files for f in functions.get(name, ())
        )
        if internal and external:
            return TestSlot(test_name, 1 if file_name in self.xtest_files else 0, 2)
        return TestSlot(test_name)


def _iter_json_objects(text: str) -> Iterator[dict[str, object]]:
    """``go list -json`` prints concatenated objects, not an array."""
    decoder = json.JSONDecoder()
    index = 0
    length = len(text)
    while index < length:
        while index < length and text[index].isspace():
            index += 1
        if index >= length:
            return
        obj, index = decoder.raw_decode(text, index)
        if isinstance(obj, dict):
            yield obj


def _str_list(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


class Discovery:
    """Per-run cache of module roots and ``go list`` results. Thread-safe for xdist-free use
    from the main thread; the lock only guards against hooks called from helper threads."""

    def __init__(self, toolchain: GoToolchain | None) -> None:
        self.toolchain = toolchain
        self._roots: dict[Path, Path | None] = {}
        self._listings: dict[Path, dict[Path, GoPackage] | GoListError] = {}
        self._lock = threading.Lock()

    def module_root(self, directory: Path) -> Path | None:
        """The nearest directory at or above ``directory`` holding a ``go.mod``."""
        seen: list[Path] = []
        current = directory
        root: Path | None = None
        while True:
            if current in self._roots:
                root = self._roots[current]
                break
            seen.append(current)
            if (current / "go.mod").is_file():
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
        parts = directory.relative_to(root).parts
        return any(p in ("testdata", "vendor") or p.startswith(("_", ".")) for p in parts)

    def package_for(self, test_file: Path) -> GoPackage | None:
        """The package whose Go build includes ``test_file``, or None (excluded, ignored dir).

        Raises ``GoListError`` when the file's module cannot be listed at all.
        """
        directory = test_file.parent.resolve()
        root = self.module_root(directory)
        if root is None:
            return None
        listing = self.listing(root)
        package = listing.get(directory)
        if package is None or test_file.name not in package.test_files:
            return None
        return package

    def listing(self, root: Path) -> dict[Path, GoPackage]:
        with self._lock:
            cached = self._listings.get(root)
            if cached is None:
                cached = self._listings[root] = self._go_list(root)
        if isinstance(cached, GoListError):
            raise cached
        return cached

    def module_roots(self) -> list[Path]:
        """The modules listed so far (successfully)."""
        return [root for root, listing in self._listings.items() if isinstance(listing, dict)]

    def packages(self) -> Iterator[GoPackage]:
        for listing in self._listings.values():
            if not isinstance(listing, GoListError):
                yield from listing.values()

    def _go_list(self, root: Path) -> dict[Path, GoPackage] | GoListError:
        assert self.toolchain is not None
        try:
            proc = self.toolchain.query(self.toolchain.list_args("./..."), root)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return GoListError(f"cannot run {self.toolchain.go} list in {root}: {exc}")
        try:
            objects = list(_iter_json_objects(proc.stdout))
        except ValueError:
            objects = []
        if proc.returncode != 0 and not objects:
            detail = proc.stderr.strip() or f"exit status {proc.returncode}"
            return GoListError(
                f"go list failed in module {root} (check {root / 'go.mod'}):\n{detail}"
            )
        packages: dict[Path, GoPackage] = {}
        for obj in objects:
            directory = obj.get("Dir")
            import_path = obj.get("ImportPath")
            if not isinstance(directory, str) or not isinstance(import_path, str):
                continue
            error = obj.get("Error")
            error_text = error.get("Err") if isinstance(error, dict) else None
            xtest_files = _str_list(obj.get("XTestGoFiles"))
            test_files = _str_list(obj.get("TestGoFiles")) + xtest_files
            packages[Path(directory).resolve()] = GoPackage(
                import_path=import_path,
                dir=Path(directory),
                module_root=root,
                name=str(obj.get("Name") or ""),
                test_files=test_files,
                cgo=bool(_str_list(obj.get("CgoFiles"))),
                list_error=error_text if isinstance(error_text, str) else None,
                go_files=_str_list(obj.get("GoFiles"))
                + _str_list(obj.get("CgoFiles"))
                + test_files,
                xtest_files=xtest_files,
            )
        return packages
