"""The pure core (events, execution, gocmd, scanner) must work without pytest.

The runner threads use it, and it is the part meant to be reusable outside a pytest run, so
importing it must not pull pytest (or pytest's private package) in.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import pytest_gotest.events

CORE_MODULES = (
    "events",
    "execution",
    "gocmd",
    "scanner",
    # Go coverage: shared by the pytest plugin and the coverage.py plugin.
    "gocov",
    "gocov.build",
    "gocov.funcs",
    "gocov.gosource",
    "gocov.lines",
    "gocov.model",
    "gocov.profile",
    "gocov.reports",
)
PACKAGE_DIR = Path(pytest_gotest.events.__file__).parent


def test_pure_core_imports_no_pytest() -> None:
    modules = ", ".join(f"pytest_gotest.{name}" for name in CORE_MODULES)
    code = (
        f"import sys, {modules}; "
        "assert 'pytest' not in sys.modules and '_pytest' not in sys.modules, "
        "sorted(m for m in sys.modules if 'pytest' in m)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("name", CORE_MODULES)
def test_core_sources_import_only_the_core_and_the_standard_library(name: str) -> None:
    path = PACKAGE_DIR / (name.replace(".", "/") + ".py")
    if not path.exists():
        path = PACKAGE_DIR / name / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.rpartition(".")[0] if path.name != "__init__.py" else name
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name.split(".")[0] in sys.stdlib_module_names, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: only other core modules
                target = ".".join(p for p in (package, node.module or "") if p)
                assert target in CORE_MODULES, node.module
            else:
                assert (node.module or "").split(".")[0] in sys.stdlib_module_names, node.module
