"""init()/TestMain hazard analysis (docs/init-hazards.md).

The analysis itself is a small stdlib-only Go program shipped in ``analyzer/`` (a thin
``main`` over ``analyzer/internal/hazards``) and built with the user's go (``build.py``). The
Python side here has no pytest import either: ``findings.py`` reads the analyzer's JSON and
applies the ini allow-list, ``cache.py`` keys results by the content of the analysed Go files,
``analysis.py`` runs the whole thing on a background thread. The pytest edges (warnings, errors
at setup, xdist) live in ``plugin/hazards.py``.
"""
