"""SIGTERM ends the run like Ctrl-C, so that no go process outlives pytest.

CI systems cancel a job with SIGTERM (and ``timeout(1)`` sends it). Python's default action
ends the process at once, without running pytest's cleanup, and the go processes, which run in
process groups of their own (so that one signal stops go and its test binaries), would live
on. While Go tests run, SIGTERM raises KeyboardInterrupt instead: pytest reports an
interrupted run (exit status 2) and the run loop's cleanup stops every go process group.
A handler someone else installed is left alone.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

import pytest

__all__ = ["install", "restore"]

_PREVIOUS = pytest.StashKey[Any]()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"pytest-gotest: {signal.Signals(signum).name} received")


def install(config: pytest.Config) -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return
    config.stash[_PREVIOUS] = signal.signal(signal.SIGTERM, _interrupt)


def restore(config: pytest.Config) -> None:
    previous = config.stash.get(_PREVIOUS, None)
    if previous is None or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is _interrupt:
        signal.signal(signal.SIGTERM, previous)
    del config.stash[_PREVIOUS]
