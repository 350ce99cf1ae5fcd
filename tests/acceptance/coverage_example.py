"""The bundled example (examples/polyglot) as a fixture for the pytest-cov and browser tests,
and what its coverage must be (derived by hand from its sources, see each constant)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "polyglot"
MAIN_GO = "goshapes/cmd/shapes/main.go"
GEOMETRY_GO = "goshapes/geometry/geometry.go"
SHAPES_PY = "shapes/__init__.py"

# goshapes/cmd/shapes/main.go as the example's Python tests run it (tests/test_cli.py: `rect 3
# 4` and an unknown shape): the usage branch (25-26), the parse error (30-31), circle and
# perimeter (37, 39) and parse's error return (52) never run; `case` lines (34, 36, 38, 40)
# are in no Go block, so they are not statements.
MAIN_EXECUTED = [20, 24, 28, 29, 33, 35, 41, 42, 44, 48, 49, 50, 51, 54, 56]
MAIN_MISSING = [25, 26, 30, 31, 37, 39, 52]
# geometry.go: the Go unit tests call all three functions.
GEOMETRY_EXECUTED = [8, 13, 18]


def copy_example(pytester: pytest.Pytester) -> Path:
    shutil.copytree(
        EXAMPLE,
        pytester.path,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__", ".coverage*", "htmlcov"),
    )
    return pytester.path
