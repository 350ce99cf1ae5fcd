"""pytest-timeout and Go tests: Go times its own tests, pytest-timeout times none of them.

pytest-timeout times each item's whole protocol (setup, call and teardown; the call only with
its ``timeout_func_only`` ini). A Go item's setup waits for its package's ``go test``: the build,
and every test of the package that Go runs before this one (``GoSession.setup_item``). Its timer
would measure that wait, not the test. When it fires it shows pytest's own threads, not the Go
test: the ``signal`` method fails the item with "Timeout (>Ns) from pytest-timeout", and the
``thread`` method ends the whole run with ``os._exit``. A slow build would fail a fast test, and
a hanging Go test would be blamed on whichever item happened to be waiting.

So, when pytest-timeout is loaded:

1. It starts no timer for a Go item. ``pytest_timeout_set_timer`` is its documented hook for
   "alternative timeout implementation strategies" (``firstresult``; its own implementation is
   ``trylast``), and it is answered here for Go items without starting a timer.
2. Go times the tests: their package's test binary gets ``-timeout`` (``package_timeout``).
   When it runs out, Go's alarm panics with ``test timed out after D``, lists the running tests
   and dumps every goroutine, and ``resolve`` makes that ``TIMED_OUT`` for the test that ran
   (the tests that never ran are errors naming it).

Go has no per-test timeout: ``-timeout`` covers the binary's whole ``m.Run``. A package's
limit is therefore the sum of its tests' pytest-timeout limits, times the runs per test
(``-count`` x ``-cpu``): a package whose tests each keep to their limit can never reach it,
whatever the others took. It is capped at Go's own default (10 minutes) or the largest single
limit if that is larger, so that pytest-timeout never makes Go wait for a hang longer than
Go would by itself. docs/configuration.md ("pytest-timeout") says it for users.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Final

import pytest

from pytest_gotest.core.explain import Explanation
from pytest_gotest.core.outcome import Cause, Outcome

from .nodes import GoTestItem

__all__ = ["GO_DEFAULT_TIMEOUT", "GoTimeouts", "TimeoutHooks", "package_limit"]

# go test's default -timeout (`go help testflag`).
GO_DEFAULT_TIMEOUT: Final = 600.0
# Go says "test timed out after 8s" when the user gave pytest-timeout 2 s: the reason.
_WHERE_FROM: Final = (
    "pytest-gotest turned pytest-timeout's limit into Go's -timeout. Go times a whole test "
    "binary, not each test, so a package gets the sum of its tests' limits (capped at Go's "
    "default of 10 minutes unless one limit is larger), and one go test invocation the largest "
    "of its packages'. See \"pytest-timeout\" in pytest-gotest's docs/configuration.md."
)


def _seconds(value: object) -> float | None:
    """A limit as pytest-timeout reads it (``float(value)``); None for no limit: unset, 0 or
    below (pytest-timeout's "no timeout"), or a value it would itself reject."""
    if value is None or value == "":
        return None
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return seconds if seconds > 0 else None


def _loaded(config: pytest.Config) -> bool:
    """Whether pytest-timeout is active: its hook specification is registered (not with
    ``-p no:timeout``, nor when it is not installed)."""
    caller = getattr(config.pluginmanager.hook, "pytest_timeout_set_timer", None)
    return caller is not None and getattr(caller, "spec", None) is not None


def package_limit(limits: Sequence[float | None], runs: int | None) -> float | None:
    """Go's ``-timeout`` for a test binary whose tests have these pytest-timeout limits and run
    ``runs`` times each (``-count`` x ``-cpu``): their sum, so that tests which each keep to
    their limit never reach it, capped at Go's default unless one limit is larger, so that a
    hang is never waited for longer than Go would by itself. None (no ``-timeout`` from
    pytest-gotest, Go's default applies) when a test has no limit or ``runs`` is unknown."""
    if not limits or runs is None or any(limit is None for limit in limits):
        return None
    known = [limit for limit in limits if limit is not None]
    return min(sum(known) * runs, max(GO_DEFAULT_TIMEOUT, *known))


class GoTimeouts:
    """pytest-timeout's limits for Go items, and the ``-timeout`` their packages get."""

    def __init__(self, config: pytest.Config) -> None:
        self.active = _loaded(config)
        self._default: float | None = None
        if self.active:
            # pytest-timeout's order (its README): --timeout, then $PYTEST_TIMEOUT, then the
            # timeout ini key; a timeout marker on the item wins over all of them.
            for value in (
                config.getoption("timeout", None),
                os.environ.get("PYTEST_TIMEOUT"),
                config.getini("timeout"),
            ):
                if value is not None and value != "":
                    self._default = _seconds(value)
                    break

    def item_limit(self, item: pytest.Item) -> float | None:
        marker = item.get_closest_marker("timeout")
        if marker is not None:
            value = marker.kwargs.get("timeout", marker.args[0] if marker.args else None)
            if value is not None:
                return _seconds(value)
        return self._default

    def package_timeout(self, items: Sequence[pytest.Item], runs: int | None) -> float | None:
        """The ``-timeout`` for a test binary that runs these items; None without
        pytest-timeout (Go's own default applies)."""
        if not self.active:
            return None
        return package_limit([self.item_limit(item) for item in items], runs)

    @staticmethod
    def explain(explanation: Explanation, outcome: Outcome, ours: bool) -> Explanation:
        """A Go timeout under a ``-timeout`` that pytest-gotest set (``ours``) says where its
        duration came from, after Go's account."""
        if outcome.cause is not Cause.TIMED_OUT or not ours:
            return explanation
        return Explanation(explanation.message, f"{explanation.details.rstrip()}\n\n{_WHERE_FROM}")


class TimeoutHooks:
    """Registered only when pytest-timeout is loaded (its hook must exist)."""

    @pytest.hookimpl(optionalhook=True)
    def pytest_timeout_set_timer(self, item: pytest.Item, settings: object) -> bool | None:
        # True ends the firstresult call: pytest-timeout's own trylast implementation, which
        # would start the timer, never runs for a Go item. Its cancel hook then finds no timer.
        return True if isinstance(item, GoTestItem) else None
