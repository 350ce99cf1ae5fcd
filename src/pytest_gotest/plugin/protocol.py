"""pytest's run protocol for a Go item, without the per-phase output and log capture.

pytest runs every item in three phases (setup, call, teardown), and around each phase its
capture manager resumes and suspends output capture at the file-descriptor level (``dup2``
calls, reading back temporary files) and its logging plugin installs and removes two log
handlers. For a Python test that is how its prints and log records reach its report. A Go
item runs no Python code of the user's: its setup waits for the package's ``go test``
process, its call raises the result Go gave, its output comes from Go's events. For a Go
item that capture is pure cost, paid three times per item (a module of 2,000 Go tests: 6,000
capture rounds of file-descriptor swaps and temporary-file reads).

This protocol is ``_pytest.runner``'s (``runtestprotocol`` and ``call_and_report``, pytest 9.2)
with the phase hooks called without those two plugins' wrappers: every other implementation
of ``pytest_runtest_setup``/``call``/``teardown`` still runs (the runner's own, skip and xfail
marks, thread and unraisable-exception checks, any other plugin's), as do the report hooks
(``makereport``, ``logreport``, ``exception_interact``), and the wrappers of
``pytest_runtest_protocol`` itself (warnings, faulthandler, timeouts) still wrap it.

It is used only when nothing else could want the capture or the protocol (``usable``): no
conftest implements a phase hook (conftest hooks apply per directory, and the hook subset
here cannot scope them), no other plugin implements ``pytest_runtest_protocol`` except ones
known to pass on this item (pytest-rerunfailures without reruns for it), and no option that
changes the protocol (``--pdb``'s interaction still works; ``--setup-show``/``--setup-only``/
``--setup-plan`` do not take this path). Otherwise pytest's own protocol runs, as for any
item.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Final, Literal

import pytest

from .quietphases import QuietPhases

__all__ = ["GoItemProtocol"]

# Plugins whose phase wrappers capture Python output and logs: the only ones left out.
_CAPTURING: Final = ("capturemanager", "logging-plugin")
# Non-wrapper implementations of pytest_runtest_protocol this protocol may run instead of.
_RUNNER: Final = "_pytest.runner"
_OURS: Final = ("pytest_gotest.plugin.runhooks", "RunHooks")
_RERUNFAILURES: Final = "pytest_rerunfailures"
_PHASE_HOOKS: Final = ("pytest_runtest_setup", "pytest_runtest_call", "pytest_runtest_teardown")

_When = Literal["setup", "call", "teardown"]


def _interactive_check() -> Callable[..., bool] | None:
    """pytest's own decision whether a phase's exception goes to ``--pdb`` and friends,
    reused rather than copied (private module, isolated here)."""
    try:
        from _pytest.runner import check_interactive_exception
    except ImportError:  # pragma: no cover - a pytest without it takes its own protocol
        return None
    return check_interactive_exception


def _reraised(config: pytest.Config) -> tuple[type[BaseException], ...]:
    """The exceptions a phase does not turn into a report (``call_and_report``): pytest.exit,
    and Ctrl-C unless ``--pdb`` is to handle it."""
    exit_exception: type[BaseException] = pytest.exit.Exception
    if config.getoption("usepdb", False):
        return (exit_exception,)
    return (exit_exception, KeyboardInterrupt)


class GoItemProtocol:
    """Runs a Go item's three phases; decided usable once per session."""

    def __init__(self, config: pytest.Config) -> None:
        manager = config.pluginmanager
        capturing = [manager.get_plugin(name) for name in _CAPTURING]
        removed = [plugin for plugin in capturing if plugin is not None]
        self._phases: dict[str, Any] = {
            name: manager.subset_hook_caller(name, removed) for name in _PHASE_HOOKS
        }
        self._interactive = _interactive_check()
        self._reraise = _reraised(config)
        self._rerun: Callable[[pytest.Item], object] | None = None
        self.usable = self._interactive is not None and self._decide(config)
        # Passing setup and teardown reports without the report hooks, when allowed.
        self._quiet = QuietPhases.for_config(config) if self.usable else None

    def _decide(self, config: pytest.Config) -> bool:
        option = config.option
        if any(getattr(option, name, False) for name in ("setuponly", "setupshow", "setupplan")):
            return False
        hook = config.hook
        for name in _PHASE_HOOKS:
            for impl in getattr(hook, name).get_hookimpls():
                if _is_conftest(impl.plugin):
                    return False
        for impl in hook.pytest_runtest_protocol.get_hookimpls():
            if impl.hookwrapper or impl.wrapper:
                continue  # wraps this protocol as it wraps pytest's
            plugin = impl.plugin
            module = getattr(plugin, "__name__", None) or type(plugin).__module__
            if module == _RUNNER or _kind(plugin) == _OURS:
                continue
            reruns = getattr(plugin, "get_reruns_count", None)
            if module == _RERUNFAILURES and callable(reruns):
                self._rerun = reruns
                continue
            return False
        return True

    def takes(self, item: pytest.Item) -> bool:
        """Whether this item may run here: pytest-rerunfailures passes on items it would not
        rerun (its protocol returns None for them); others it reruns through its own."""
        return self._rerun is None or self._rerun(item) is None

    def run(self, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        """``_pytest.runner.pytest_runtest_protocol`` for this item."""
        ihook = item.ihook  # one look-up of the item's conftest hooks, not five
        nodeid, location = item.nodeid, item.location
        ihook.pytest_runtest_logstart(nodeid=nodeid, location=location)
        report = self._phase(item, ihook, "setup", {})
        if report.passed:
            self._phase(item, ihook, "call", {})
        session = item.session
        if session.shouldfail or session.shouldstop:
            nextitem = None  # tear everything down: pytest #11706
        self._phase(item, ihook, "teardown", {"nextitem": nextitem})
        ihook.pytest_runtest_logfinish(nodeid=nodeid, location=location)

    def _phase(
        self, item: pytest.Item, ihook: Any, when: _When, kwargs: dict[str, Any]
    ) -> pytest.TestReport:
        hook = self._phases[f"pytest_runtest_{when}"]
        call = pytest.CallInfo.from_call(
            lambda: hook(item=item, **kwargs), when=when, reraise=self._reraise
        )
        if call.excinfo is None and when != "call" and self._quiet is not None:
            return self._quiet.report(item, call)  # nothing to show, nothing to interact on
        report: pytest.TestReport = ihook.pytest_runtest_makereport(item=item, call=call)
        ihook.pytest_runtest_logreport(report=report)
        interactive = self._interactive
        assert interactive is not None  # usable only with it
        if interactive(call, report):
            ihook.pytest_exception_interact(node=item, call=call, report=report)
        return report


def _kind(plugin: object) -> tuple[str, str]:
    cls = type(plugin)
    return cls.__module__, cls.__qualname__


def _is_conftest(plugin: object) -> bool:
    path = getattr(plugin, "__file__", None)
    return isinstance(path, str) and os.path.basename(path) == "conftest.py"
