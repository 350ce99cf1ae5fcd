"""The pytest edge: hooks, options, the run's session object, nodes and reports.

The only part of pytest-gotest that imports pytest. ``hooks`` is the ``pytest11`` entry point.
"""
