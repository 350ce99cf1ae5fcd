"""Reports: Go subtests as their own reports, JUnit classname/name, durations from Go.

Subtests are known only after the package ran, so they cannot be pytest items. The design
verified in PYTEST-NOTES.md section 2 ("expand on logreport"): the call report of a Go test
carries its subtests as plain data (survives xdist serialisation); on the process that writes
reports (never an xdist worker) one synthetic ``TestReport`` per subtest, node id
``<item>/<sub>``, is logged *before* the parent's report, so ``--sw`` stores the parent id.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Generator
from typing import Any, Literal

import pytest

from pytest_gotest.core.execution import TestOutcome

from .nodes import GoFailureRepr, GoTestError, GoTestItem
from .session import OUTCOME_KEY, GoSession, get_session

__all__ = ["GoReporting"]


def _subtest_data(outcome: TestOutcome, session: GoSession) -> list[dict[str, Any]]:
    return [
        {
            "name": sub.name,
            "status": sub.status,
            "message": sub.message,
            "details": sub.details,
            "output": session.shown_output(sub),
            "elapsed": sub.elapsed,
        }
        for sub in outcome.subtests
    ]


def _junit_xml(config: pytest.Config) -> Any | None:
    # pytest has no public handle on its LogXML object; overriding classname/name needs it
    # (PYTEST-NOTES.md section 4.2). Private import, isolated here.
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # pragma: no cover - pytest without the stash key
        return None
    return config.stash.get(xml_key, None)


class GoReporting:
    """Report hooks, registered as a plugin object so they can keep the config."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.on_worker = hasattr(config, "workerinput")
        self.session: pytest.Session | None = None

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.session = session

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if call.excinfo is not None and isinstance(call.excinfo.value, GoTestError):
            # Setup and teardown errors never reach Item.repr_failure (pytest renders them as
            # Python tracebacks); a Go test's error is Go's text, not our stack. The crash
            # message is what the short summary (pytest 8 needs reprcrash for it) and JUnit's
            # error message show.
            error = call.excinfo.value
            line = item.func.line if isinstance(item, GoTestItem) else 0
            report.longrepr = GoFailureRepr(error.details, str(error), str(item.path), line)
        if not isinstance(item, GoTestItem):
            return report
        report.go_import_path = item.package.import_path  # type: ignore[attr-defined]
        report.go_test_name = item.go_name  # type: ignore[attr-defined]
        if call.when == "setup":
            # Setup only waits for the package's go test process (build included); that is
            # not the test's time, and JUnit's total would otherwise charge it to one test.
            report.duration = 0.0
        outcome = item.stash.get(OUTCOME_KEY, None)
        if report.skipped and outcome is not None and outcome.status == "skipped":
            # pytest.skip() raised in the plugin would point at the plugin's own source.
            report.longrepr = (str(item.path), item.func.line, "Skipped: " + outcome.details)
        if call.when == "call" and outcome is not None:
            # Go measured the test; pytest only measured waiting for a result.
            report.duration = outcome.elapsed
            report.go_subtests = _subtest_data(outcome, get_session(item.config))  # type: ignore[attr-defined]
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        import_path = getattr(report, "go_import_path", None)
        if import_path is None:
            return
        self._junit_attributes(report, import_path)
        subtests = getattr(report, "go_subtests", None)
        if not subtests or self.on_worker or report.outcome == "rerun":  # type: ignore[comparison-overlap]
            return
        report.go_subtests = []  # type: ignore[attr-defined]  # expand once
        if self.session is not None:
            # Progress percentages count subtests too; otherwise they pass 100%.
            self.session.testscollected += len(subtests)
        for sub in subtests:
            for synthetic in self._subtest_reports(report, sub):
                self.config.hook.pytest_runtest_logreport(report=synthetic)

    def _junit_attributes(self, report: pytest.TestReport, import_path: str) -> None:
        xml = _junit_xml(self.config)
        if xml is None:
            return
        reporter = xml.node_reporter(report)
        reporter.add_attribute("classname", import_path)
        reporter.add_attribute("name", getattr(report, "go_test_name", ""))
        if report.when == "call" and xml.logging == "no":
            text = "".join(content for name, content in report.sections if "stdout" in name)
            if text:
                element = ET.Element("system-out")
                element.text = text
                reporter.append(element)

    def _subtest_reports(
        self, parent: pytest.TestReport, sub: dict[str, Any]
    ) -> list[pytest.TestReport]:
        top = str(getattr(parent, "go_test_name", ""))
        import_path = str(getattr(parent, "go_import_path", ""))
        name = str(sub["name"])
        nodeid = str(parent.nodeid) + name[len(top) :]
        status = sub["status"]
        path, line, _ = parent.location
        longrepr: Any = None
        outcome: Literal["passed", "failed", "skipped"] = "passed"
        if status == "failed":
            outcome = "failed"
            longrepr = sub["details"] or sub["message"] or f"{name} failed"
        elif status == "skipped":
            outcome = "skipped"
            longrepr = (path, (line or 0) + 1, "Skipped: " + (sub["message"] or "skipped"))
        show_output = sub["output"] and status != "failed"  # a failure text holds the output
        sections = [("Captured stdout call", sub["output"])] if show_output else []
        common: dict[str, Any] = {
            "nodeid": nodeid,
            "location": (path, line, f"{import_path}.{name}"),
            "keywords": dict.fromkeys(parent.keywords, 1),
            "go_import_path": import_path,
            "go_test_name": name,
        }
        call = pytest.TestReport(
            outcome=outcome,
            longrepr=longrepr,
            when="call",
            sections=sections,
            duration=float(sub["elapsed"] or 0.0),
            **common,
        )
        teardown = pytest.TestReport(outcome="passed", longrepr=None, when="teardown", **common)
        for report in (call, teardown):
            # xdist and junitxml key their bookkeeping on these (PYTEST-NOTES.md section 8).
            for attribute in ("node", "worker_id", "item_index"):
                if hasattr(parent, attribute):
                    setattr(report, attribute, getattr(parent, attribute))
        return [call, teardown]
