"""Go packages in directories that pytest's default ``norecursedirs`` skips.

pytest does not recurse into ``build``, ``dist`` and ``venv`` by default (Python's build
output and virtual environments). Those are common Go package names too (``internal/build``,
``cmd/dist``), and ``go test ./...`` runs them: their tests vanished from the run without a
word, failing ones included. A directory that pytest's default alone would skip is entered
when it holds Go code of a module (a ``.go`` file in it or below it where go looks, a
``go.mod`` at or above it), and then for its Go files only: Python files below it (a stale
copy in ``build/lib``) stay out, as before.

The user's own choices stand: a ``norecursedirs`` of their own (ini or ``-o``), ``--ignore``,
``--ignore-glob``, a conftest's ``collect_ignore`` and ``collect_ignore_glob``, and a real
virtual environment (``pyvenv.cfg``) keep the directory out.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Final

import pytest

from pytest_gotest.core.discovery import ignored_dir_name
from pytest_gotest.core.tree import walk_kept

__all__ = ["enters_go_package_dir", "overrides_default_skip", "python_files_skipped"]

# pytest's default norecursedirs (the same list in pytest 7 to 9), and the names in it a Go
# package directory may have.
_PYTEST_DEFAULT: Final = frozenset(
    {"*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}"}
)
_GO_PACKAGE_NAMES: Final = frozenset({"build", "dist", "venv"})


def enters_go_package_dir(
    path: Path, config: pytest.Config, module_root: Callable[[Path], Path | None]
) -> bool:
    """Whether collection should enter ``path``, which pytest's hooks said to skip: only a
    Go package directory that nothing but pytest's default ``norecursedirs`` keeps out."""
    if not overrides_default_skip(path, config.getini("norecursedirs")):
        return False
    if _ignored_by_user(path, config):
        return False
    return module_root(path) is not None


def overrides_default_skip(path: Path, norecursedirs: Sequence[str]) -> bool:
    """Whether ``path`` is a Go package directory that only pytest's default
    ``norecursedirs`` would skip (the head start's package list follows the same rule)."""
    if path.name not in _GO_PACKAGE_NAMES or frozenset(norecursedirs) != _PYTEST_DEFAULT:
        return False  # another name, or the user's own list
    return path.is_dir() and not (path / "pyvenv.cfg").exists() and _holds_go_files(path)


def _holds_go_files(path: Path) -> bool:
    """A ``.go`` file in ``path`` or below it, where go's ``./...`` looks (not in
    ``testdata`` or ``_``/``.`` directories): ``build/sub/x_test.go`` is a package even when
    ``build`` itself holds no Go file, and ``build/tools/go.mod`` a module collection runs
    as it runs any nested module. Stops at the first."""
    found = walk_kept(
        str(path), lambda entry, is_dir: not (is_dir and ignored_dir_name(entry.name))
    )
    return any(not is_dir and entry.name.endswith(".go") for entry, is_dir in found)


def python_files_skipped(path: Path, entered: Iterable[Path]) -> bool:
    """Whether ``path``, below a directory entered only for its Go packages, is not Go's: a
    file other than a Go file, or a directory without Go code below it. Python's build
    output there (``build/lib/pkg/test_x.py``, a stale copy, and its ``conftest.py``, which
    pytest imports as it enters a directory) stays out of the run, as pytest's default
    ``norecursedirs`` kept it."""
    if not any(directory in path.parents for directory in entered):
        return False
    if path.is_dir():
        return not _holds_go_files(path)
    return path.suffix != ".go" and path.name not in ("go.mod", "go.sum")


def _ignored_by_user(path: Path, config: pytest.Config) -> bool:
    """``--ignore``/``--ignore-glob`` and a conftest's ``collect_ignore``/``collect_ignore_glob``
    name ``path`` (pytest's own checks, which a skip by ``norecursedirs`` does not tell
    apart)."""
    conftest_list = getattr(config, "_getconftest_pathlist", None)

    def listed(name: str) -> list[Path]:
        found = conftest_list(name, path=path.parent) if conftest_list is not None else None
        return list(found or ())

    paths = [*listed("collect_ignore"), *(Path(p).absolute() for p in _option(config, "ignore"))]
    if any(p == path for p in paths):
        return True
    globs = [
        *listed("collect_ignore_glob"),
        *(Path(p).absolute() for p in _option(config, "ignore_glob")),
    ]
    return any(fnmatch.fnmatch(str(path), str(glob)) for glob in globs)


def _option(config: pytest.Config, name: str) -> list[str]:
    value = config.getoption(name, default=None)
    return list(value) if value else []
