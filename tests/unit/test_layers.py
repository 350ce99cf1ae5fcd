"""The package has two layers, and the layout says which module is in which.

- The pytest edge is the ``pytest_gotest/plugin/`` folder: hooks, options, the session, nodes,
  reports, xdist roles, the coverage bridge, the hazard gate.
- Everything else is the pure core (event stream, fold, resolution, go commands, scanning,
  coverage math, hazard findings, the coverage.py plugin). It must not import ``pytest`` or
  ``_pytest``, directly or through another module: the runner's threads, the coverage.py plugin
  run by a later ``coverage report`` and the benchmarks use it without pytest.

The module lists below are derived from the files on disk, never kept by hand, so a new module
is checked the moment it is added. Another test proves the package has no import cycle (an
import inside a function counts too: a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import pytest_gotest

PACKAGE_DIR = Path(pytest_gotest.__file__).parent
EDGE_DIR = PACKAGE_DIR / "plugin"
# Third-party packages the core may use (pyproject.toml's runtime dependencies).
CORE_THIRD_PARTY = frozenset({"coverage", "filelock"})


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _all_modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def core_modules() -> list[str]:
    return [name for name, path in _all_modules().items() if EDGE_DIR not in path.parents]


def _imports(name: str, path: Path) -> Iterator[str]:
    """Absolute names of what a module imports (relative imports resolved)."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield module
            # "from . import x" / "from pkg import submodule": the submodule is imported too.
            for alias in node.names:
                yield f"{module}.{alias.name}"


def _internal_graph() -> dict[str, set[str]]:
    modules = _all_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {
            imported
            for imported in _imports(name, path)
            if imported in modules and imported != name
        }
    return graph


def test_the_layout_has_both_layers() -> None:
    core = core_modules()
    assert "pytest_gotest.core.events" in core
    assert "pytest_gotest.plugin.hooks" not in core
    assert len(core) > 10


@pytest.mark.parametrize("name", core_modules())
def test_core_module_imports_only_the_core_stdlib_and_runtime_deps(name: str) -> None:
    path = _all_modules()[name]
    for imported in _imports(name, path):
        top = imported.split(".")[0]
        if top == "pytest_gotest":
            assert not imported.startswith("pytest_gotest.plugin"), (
                f"{name} imports the pytest edge ({imported})"
            )
        else:
            assert top in sys.stdlib_module_names or top in CORE_THIRD_PARTY, (
                f"{name} imports {imported}, which is neither the core, the standard library "
                f"nor one of {sorted(CORE_THIRD_PARTY)}"
            )


def test_importing_the_whole_core_loads_no_pytest() -> None:
    modules = ", ".join(core_modules())
    code = (
        f"import sys, {modules}; "
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('pytest', '_pytest')); "
        "assert not leaked, leaked"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle_in_the_package() -> None:
    cycle = find_cycle(_internal_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
