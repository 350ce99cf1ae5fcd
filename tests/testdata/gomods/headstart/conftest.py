"""Marks the end of collection for the go wrapper, and deselects beta when asked: a
narrowing that only collection knows (tests/acceptance/test_head_start.py)."""

import os
import time
from pathlib import Path


def pytest_collection_modifyitems(config, items):
    if os.environ.get("HEADSTART_DESELECT"):
        kept = [item for item in items if not item.nodeid.startswith("beta/")]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
    # Time for the head start, which is made on another thread, to be made.
    time.sleep(float(os.environ.get("HEADSTART_PAUSE", "0")))


def pytest_collection_finish(session):
    mark = os.environ.get("HEADSTART_COLLECTED")
    if mark:
        Path(mark).write_text("collected\n", encoding="utf-8")
