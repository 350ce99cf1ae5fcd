"""Go coverage core: profiles, exact merging, line mapping, per-function numbers, reports.

Pure: no pytest and no coverage.py import (tests/unit/test_layers.py enforces it), so the
pytest plugin, the coverage.py plugin and benchmarks can all share it.
"""

from .model import (
    FileCoverage,
    FunctionCoverage,
    GoCoverage,
    GoCoverageError,
)

__all__ = ["FileCoverage", "FunctionCoverage", "GoCoverage", "GoCoverageError"]
