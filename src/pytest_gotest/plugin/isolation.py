"""``--go-isolate`` in a run: the probe, the go test ``-exec`` flag, the private directory,
and the note on an isolated test's network failure (docs/isolation.md).

Made once per process by ``GoSession``. Every process that runs go probes for itself (an
xdist worker too: it is the one that starts go); only the process that reports warns.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import os
import shutil
import stat
import tempfile
from collections.abc import MutableMapping
from pathlib import Path
from typing import cast

import pytest

from pytest_gotest.core.explain import Explanation
from pytest_gotest.core.isolation import (
    DEFAULT_ENV_ALLOW,
    IsolationPlan,
    exec_flag,
    go_quoted_split,
    isolation_note,
    probe,
)
from pytest_gotest.core.toolchain import GoToolchain

from .errors import GoTestWarning
from .options import GoOptions
from .xdist import is_xdist_worker

__all__ = ["GoIsolation"]


class GoIsolation:
    """Whether this run's test binaries are isolated, and how."""

    def __init__(self, plan: IsolationPlan | None, fallback: str | None = None) -> None:
        self.plan = plan
        self.fallback = fallback  # best-effort without namespaces: why the run is unisolated

    @classmethod
    def setup(
        cls, config: pytest.Config, options: GoOptions, toolchain: GoToolchain | None
    ) -> GoIsolation:
        """Probe and plan, or stop the run with the reason and the fix (mode ``on``)."""
        mode = options.isolate
        runs_tests = options.enabled and not config.option.collectonly
        if mode == "off" or toolchain is None or not runs_tests:
            return cls(None)
        chain = _user_exec(toolchain, options.isolate_setting)
        reason = probe()
        if reason is not None:
            where = options.isolate_setting
            if mode == "on":
                raise pytest.UsageError(
                    f"{where}: Go test binaries cannot be isolated here: {reason}. "
                    f"Run without isolation (--go-isolate=off), or let the run go on "
                    f"unisolated with a warning (--go-isolate=best-effort); pytest-gotest's "
                    "docs/isolation.md says where namespaces work and how to enable them."
                )
            message = (
                f"{where}=best-effort: Go test binaries run WITHOUT isolation (network, "
                f"environment, HOME and TMPDIR are the real ones): {reason}"
            )
            if not is_xdist_worker(config):
                config.issue_config_time_warning(GoTestWarning(message), stacklevel=2)
            return cls(None, fallback=reason)
        allow = tuple(dict.fromkeys((*DEFAULT_ENV_ALLOW, *options.isolate_env)))
        private = Path(tempfile.mkdtemp(prefix="pytest-gotest-isolate-"))
        plan = IsolationPlan(exec_flag(allow, chain), private, allow)
        isolation = cls(plan)
        config.add_cleanup(isolation.close)
        return isolation

    def apply(self, toolchain: GoToolchain | None) -> GoToolchain | None:
        """The toolchain whose go test runs go through the launcher: ``-exec`` after the
        user's flags (go takes the last one; the user's own ``-exec`` is chained inside), and
        the private directory in go's environment, which go passes to the launcher."""
        if self.plan is None or toolchain is None:
            return toolchain
        flags = toolchain.flags
        flags = dataclasses.replace(flags, test_flags=(*flags.test_flags, self.plan.flag))
        # Read when go starts, as without isolation (a ChainMap, not a copy made now).
        base = os.environ if toolchain.environ is None else toolchain.environ
        # (ChainMap writes to its first map only: the base is never changed.)
        environ = collections.ChainMap(
            self.plan.environment, cast("MutableMapping[str, str]", base)
        )
        return dataclasses.replace(toolchain, flags=flags, environ=environ)

    def annotate(self, explanation: Explanation) -> Explanation:
        """An isolated test's failure that shows the namespace stopping a connection or a
        lookup says so, in the one-line message and at the end of the text."""
        if self.plan is None:
            return explanation
        note = isolation_note(explanation.details)
        if note is None:
            return explanation
        return Explanation(
            f"{explanation.message} [{note}]", f"{explanation.details.rstrip()}\n\n{note}"
        )

    def header(self) -> str | None:
        if self.plan is not None:
            return (
                "go isolation: network namespace (loopback only), TZ=UTC, private HOME and "
                f"TMPDIR, {len(self.plan.allow)} allowed environment variables"
            )
        if self.fallback is not None:
            return "go isolation: OFF (best-effort: namespaces unavailable, see warnings)"
        return None

    def close(self) -> None:
        """Remove the private HOMEs and TMPDIRs (go has stopped: ``GoSession.stop`` ran)."""
        if self.plan is not None:
            _remove_tree(self.plan.private_dir)


def _user_exec(toolchain: GoToolchain, setting: str) -> tuple[str, ...]:
    """The user's own ``-exec`` (``--go-flags`` or ``$GOFLAGS``): run inside the namespace,
    by the launcher, in place of the test binary."""
    value = toolchain.flag("exec")
    if not value:
        return ()
    try:
        return tuple(go_quoted_split(value))
    except ValueError as exc:
        raise pytest.UsageError(f"{setting}: cannot chain go test -exec={value}: {exc}") from None


def _remove_tree(path: Path) -> None:
    """Remove even what a test left read-only (Go's module cache makes its directories
    0555); what still cannot be removed stays behind in the temporary directory."""
    for root, _dirs, _files in os.walk(path):
        with contextlib.suppress(OSError):
            os.chmod(root, stat.S_IRWXU)
    shutil.rmtree(path, ignore_errors=True)
