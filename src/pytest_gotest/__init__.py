"""pytest-gotest: Go tests as first-class pytest tests.

The plugin is activated by its ``pytest11`` entry point. The public names below are loaded on
first use, so that importing the pure core (``pytest_gotest.core``, ``.gocov``,
``.hazards``, ``.coverage``) never imports pytest.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

__all__ = [
    "GoCoverBuilder",
    "GoInitHazardWarning",
    "GoProgram",
    "GoTestError",
    "GoTestFailure",
    "GoTestFile",
    "GoTestItem",
    "GoTestWarning",
    "Outcome",
    "get_coverage_session",
]
try:
    __version__ = version("pytest-gotest")  # pyproject.toml's version, written once
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"

_HOMES = {
    "GoCoverBuilder": "plugin.programs",  # the go_cover_build fixture's value
    "GoProgram": "plugin.programs",
    "GoInitHazardWarning": "plugin.errors",
    "GoTestError": "plugin.errors",
    "GoTestFailure": "plugin.errors",
    "GoTestFile": "plugin.nodes",
    "GoTestItem": "plugin.nodes",
    "GoTestWarning": "plugin.errors",
    "Outcome": "core.outcome",
    "get_coverage_session": "plugin.session",
}


def __getattr__(name: str) -> Any:
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
