"""The Go command-line tool goshapes/cmd/shapes, exercised from Python.

pytest-gotest's ``go_cover_build`` fixture builds it (with ``-cover`` under ``--go-cov``, so
these runs count in the Go coverage report beside the Go unit tests).
"""

from pathlib import Path

import pytest

from pytest_gotest import GoCoverBuilder, GoProgram

GOSHAPES = Path(__file__).resolve().parent.parent / "goshapes"


@pytest.fixture(scope="module")
def shapes_cli(go_cover_build: GoCoverBuilder) -> GoProgram:
    return go_cover_build("./cmd/shapes", module_dir=GOSHAPES)


def test_cli_rectangle_area(shapes_cli: GoProgram) -> None:
    result = shapes_cli.run("rect", "3", "4")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "12\n"


def test_cli_unknown_shape(shapes_cli: GoProgram) -> None:
    result = shapes_cli.run("hexagon", "1")
    assert result.returncode == 2
    assert result.stderr == 'unknown shape "hexagon" with 1 numbers\n'
