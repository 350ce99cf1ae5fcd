"""pytest-gotest: Go tests as first-class pytest tests.

The plugin is activated by its ``pytest11`` entry point. The public names below are loaded on
first use, so that importing the pure core (``pytest_gotest.events``, ``.execution``,
``.gocmd``, ``.scanner``) never imports pytest.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "GoCoverBuilder",
    "GoInitHazardWarning",
    "GoProgram",
    "GoTestFailure",
    "GoTestFile",
    "GoTestItem",
    "GoTestWarning",
    "TestOutcome",
]
__version__ = "0.1.0"

_HOMES = {
    "GoCoverBuilder": "coverage.binaries",  # the go_cover_build fixture's value
    "GoProgram": "coverage.binaries",
    "GoInitHazardWarning": "hazards.gate",
    "GoTestFailure": "nodes",
    "GoTestFile": "nodes",
    "GoTestItem": "nodes",
    "GoTestWarning": "session",
    "TestOutcome": "execution",
}


def __getattr__(name: str) -> Any:
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
