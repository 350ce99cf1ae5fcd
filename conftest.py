"""Repository-level pytest configuration.

The project's own tests live in tests/ (testpaths). examples/ and benchmarks/ hold Go and
Python code of their own; they are run explicitly (see README.md), never by the outer run.
tests/testdata/ holds the Go fixture modules, which the acceptance tests copy into pytester
directories: norecursedirs keeps pytest, and Go's own rules keep Go, out of them.
"""

collect_ignore = ["examples", "benchmarks"]
