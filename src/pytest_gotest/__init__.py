"""pytest-gotest: Go tests as first-class pytest tests.

The plugin is activated by its ``pytest11`` entry point; importing this package is only needed
for the public names below.
"""

from __future__ import annotations

from .execution import TestOutcome
from .nodes import GoTestFailure, GoTestFile, GoTestItem
from .session import GoTestWarning

__all__ = ["GoTestFailure", "GoTestFile", "GoTestItem", "GoTestWarning", "TestOutcome"]
__version__ = "0.1.0"
