"""pytest-gotest: Go tests as first-class pytest tests.

The plugin is activated by its ``pytest11`` entry point. The public names below are loaded on
first use, so that importing the pure core (``pytest_gotest.core.events``, ``.execution``,
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
    "GoCoverBuilder": "plugin.programs",  # the go_cover_build fixture's value
    "GoProgram": "plugin.programs",
    "GoInitHazardWarning": "plugin.hazards",
    "GoTestFailure": "plugin.nodes",
    "GoTestFile": "plugin.nodes",
    "GoTestItem": "plugin.nodes",
    "GoTestWarning": "plugin.session",
    "TestOutcome": "core.execution",
}


def __getattr__(name: str) -> Any:
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
