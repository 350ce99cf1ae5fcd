"""pytest-gotest's hook functions: thin, each hands over to the session object."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

import pytest

from .hazards import HazardHooks
from .nodes import GoTestFile, GoTestItem
from .options import add_options
from .reporting import GoReporting
from .session import SESSION_KEY, create_session, get_session

_MARKERS = {
    "go": "a Go test run by pytest-gotest",
    "go_testmain": "a Go test whose package has a TestMain",
    "go_fuzz": "a Go fuzz target (its seed corpus runs)",
    "go_example": "a Go example with an output comment",
    "go_cgo": "a Go test whose package uses cgo",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    for name, description in _MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")
    go_session = create_session(config)
    config.pluginmanager.register(GoReporting(config), "gotest-reporting")
    from .covbridge import register_coverage_plugins

    register_coverage_plugins(config)
    config.pluginmanager.register(HazardHooks(go_session.hazards), "gotest-init-hazards")
    if config.pluginmanager.hasplugin("xdist"):
        from .xdist import XdistHooks

        config.pluginmanager.register(XdistHooks(), "gotest-xdist")


def pytest_unconfigure(config: pytest.Config) -> None:
    session = config.stash.get(SESSION_KEY, None)
    if session is not None:
        session.stop()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> GoTestFile | None:
    if not file_path.name.endswith("_test.go"):
        return None
    go_session = get_session(parent.config)
    if not go_session.options.enabled or file_path.name.startswith(("_", ".")):
        return None
    # Only files that Go's own build includes (go list decides: build constraints, -tags,
    # testdata/, vendor/, _ and . directories, nested modules); problems surface in collect().
    if not go_session.includes(file_path):
        return None
    return GoTestFile.from_parent(parent, path=file_path, go_run=go_session)


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: pytest.Session) -> Generator[None, object, object]:
    config = session.config
    go_session = get_session(config)
    is_controller = config.pluginmanager.hasplugin("dsession")
    is_worker = hasattr(config, "workerinput")
    go_session.pytest_session = session
    try:
        if not config.option.collectonly and not is_controller and go_session.options.go:
            if is_worker:
                # Items arrive a package at a time; start each when its first item runs.
                go_session.plan(session.items)
                if go_session.coverage is not None and config.workerinput.get("workerid") == "gw0":  # type: ignore[attr-defined]
                    go_session.start_untested(session.items)
            else:
                go_session.start(session.items)
        result = yield
        if not (session.shouldfail or session.shouldstop):
            go_session.hand_over_unattributed()
        # Not on Ctrl-C (stop() below cancels the analysis), and -x/--maxfail do not wait for it.
        go_session.finish_hazards(wait=not (session.shouldfail or session.shouldstop))
        return result
    finally:
        # -x, --maxfail, Ctrl-C and the normal end all pass here: no go process outlives it.
        go_session.stop()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    if isinstance(item, GoTestItem) and hasattr(item.config, "workerinput"):
        get_session(item.config).prefetch(nextitem)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    go_session = terminalreporter.config.stash.get(SESSION_KEY, None)
    if go_session is None:
        return
    for command, text in go_session.unattributed_output():
        # Never dropped: non-JSON lines after a go process's last package result.
        terminalreporter.write_sep("-", "go output after the last package result")
        terminalreporter.write_line(command)
        terminalreporter.write(text)
