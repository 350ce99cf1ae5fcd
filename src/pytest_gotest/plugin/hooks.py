"""pytest-gotest's hooks (the ``pytest11`` entry point): thin, each hands over to an object.

pytest imports every plugin before it parses the command line, so this module imports almost
nothing: what runs a session (``runhooks``) is imported in ``pytest_configure``, after a
``go test`` that this exact invocation can start at once has been started (``early_start``,
from ``pytest_addoption``, the first hook pytest calls on a newly loaded plugin).
"""

from __future__ import annotations

import pytest

from . import early_start

_MARKERS = {
    "go": "a Go test run by pytest-gotest",
    "go_testmain": "a Go test whose package has a TestMain",
    "go_fuzz": "a Go fuzz target (its seed corpus runs)",
    "go_example": "a Go example with an output comment",
    "go_cgo": "a Go test whose package uses cgo",
    "go_mode(name)": "the Go run mode of a test under --go-modes: -m \"go_mode(name='wasm')\"",
}


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    early_start.begin(pluginmanager)
    from .options import add_options

    add_options(parser)


def pytest_plugin_registered(plugin: object) -> None:
    # When the conftests imported before configuration ended: a go test started early
    # (early_start) read test data they may have written before then (plugin/prelude.py).
    if getattr(plugin, "__file__", None) and str(plugin.__file__).endswith("conftest.py"):  # type: ignore[attr-defined]
        early_start.note_conftest()


def pytest_configure(config: pytest.Config) -> None:
    from . import runhooks

    for name, description in _MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")
    # Registered before pytest's own plugins register theirs: cleanups run last-in first-out,
    # so this one runs after pytest's final garbage collections (see
    # runhooks._freeze_long_lived).
    config.add_cleanup(lambda: runhooks.unfreeze(config))
    runhooks.configure(config)
    # The session adopted the early go test if it runs what collection will ask for.
    early_start.abandon_unclaimed(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    from . import sigterm
    from .session import SESSION_KEY

    go = config.stash.get(SESSION_KEY, None)
    if go is not None:
        go.stop()
        go.prelude.wait_for_listers()  # no go list outlives pytest
    sigterm.restore(config)
