"""Keys of pytest's cache for what a run keeps about one module's packages for the next run
(``plugin/sharding.py``'s test durations, ``plugin/run_order.py``'s package times).

A module is named by its root relative to pytest's rootdir, so that a checkout moved as a
whole keeps its entries; the key is a hash of that and the entry's own parts, under a prefix
of the entry kind's own (pytest's cache keys are paths: a hash keeps them short and safe).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

__all__ = ["module_cache_key", "relative_root"]


def relative_root(config: pytest.Config, module_root: Path) -> str:
    """The module root relative to pytest's rootdir, with ``/`` separators."""
    return Path(os.path.relpath(module_root, config.rootpath)).as_posix()


def module_cache_key(config: pytest.Config, prefix: str, module_root: Path, *parts: str) -> str:
    """``prefix`` + a hash of the module's relative root and ``parts``."""
    name = "\0".join((relative_root(config, module_root), *parts))
    return prefix + hashlib.sha1(name.encode()).hexdigest()[:20]
