"""SIGTERM and SIGHUP end the run like Ctrl-C, so that no go process outlives pytest.

CI systems cancel a job with SIGTERM (and ``timeout(1)`` sends it); a closed terminal or a
dropped ssh session sends SIGHUP. Python's default action for either ends the process at
once, without running pytest's cleanup, and the go processes, which run in process groups of
their own (so that one signal stops go and its test binaries), would live on: a plain
``go test`` dies with its terminal, the plugin's would not. While Go tests run, these signals
raise KeyboardInterrupt instead: pytest reports an interrupted run (exit status 2) and the
run loop's cleanup stops every go process group. A handler someone else installed is left
alone.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any, Final

import pytest

__all__ = ["install", "restore"]

_SIGNALS: Final = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
_PREVIOUS = pytest.StashKey[dict[int, Any]]()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"pytest-gotest: {signal.Signals(signum).name} received")


def install(config: pytest.Config) -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread
    previous: dict[int, Any] = {}
    for signum in _SIGNALS:
        # SIG_IGN too is someone's choice (nohup): only Python's default is replaced.
        if signal.getsignal(signum) is signal.SIG_DFL:
            previous[signum] = signal.signal(signum, _interrupt)
    if previous:
        config.stash[_PREVIOUS] = previous


def restore(config: pytest.Config) -> None:
    previous = config.stash.get(_PREVIOUS, None)
    if previous is None or threading.current_thread() is not threading.main_thread():
        return
    for signum, handler in previous.items():
        if signal.getsignal(signum) is _interrupt:
            signal.signal(signum, handler)
    del config.stash[_PREVIOUS]
