"""What each pytest phase of a Go item reports, from its package's verdict.

``ItemPhases`` is the session's item side (``GoSession.setup_item``, ``run_item`` and
``teardown_item`` hand it the item): at setup it takes the item's ``Outcome`` from the
package's ``PackageVerdict`` (waiting for it, or running the test again for a rerun) and keeps
it, with Go's words, as the item's ``ItemResult``; a test that never ran errors there. At call
a pass returns, a skip skips and anything else fails with Go's words; at teardown of the
package's last item, a package that failed after all its tests passed errors. What it needs of
the run (plans, verdicts, runners, the hazard gate) it asks the session, through ``RunSide``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Final, Literal, Protocol

import pytest

from pytest_gotest.core.explain import (
    Explanation,
    explain,
    note_text,
    skip_reason,
    without_package_output,
)
from pytest_gotest.core.outcome import (
    Cause,
    Outcome,
    PackageContext,
    PackageVerdict,
    failed_on_their_own,
    subtest_missing,
    subtest_outcome,
)
from pytest_gotest.core.runner import Runner

from .errors import GoTestError, GoTestFailure, GoTestWarning
from .hazards import HazardGate
from .isolation import GoIsolation
from .nodes import GoTestItem
from .package_plan import PackagePlan
from .subtest_ids import SubtestRequests
from .timeouts import GoTimeouts
from .traces import TraceHolders, package_output_section, trace_once

__all__ = ["ATTEMPT_KEY", "MISSING_KEY", "RESULT_KEY", "ItemPhases", "ItemResult", "RunSide"]

ATTEMPT_KEY = pytest.StashKey[int]()
RESULT_KEY = pytest.StashKey["ItemResult"]()
# A subtest item whose test Go ran and passed without that subtest (core.outcome.
# subtest_missing): its reports say so (plugin/runhooks.py, LastFailedSettler).
MISSING_KEY = pytest.StashKey[bool]()

# Failed subtests chained under their test's failure (ItemPhases._subtest_failures).
_CHAINED_SUBTESTS: Final = 100


@dataclass(frozen=True)
class ItemResult:
    """An item's outcome and its package's context (which the explanations read)."""

    outcome: Outcome
    context: PackageContext
    # A failure's words, made once at setup (where they decide the package output section).
    explanation: Explanation | None = None
    # A subtest item's ancestors that failed on their own, with Go's words for each: no item
    # of the run reports them otherwise (core.outcome.failed_on_their_own).
    failed_above: tuple[tuple[Outcome, Explanation], ...] = ()
    # Package output a report of this package run already shows (the plan's).
    shown: set[str] = field(default_factory=set)
    # Who shows each crash trace (the plan's, on a rerun the attempt's own): every other
    # report of the package run points at that one instead of repeating the trace.
    traces: TraceHolders = field(default_factory=TraceHolders)

    def explain_subtest(self, subtest: Outcome) -> Explanation:
        """Go's words for one of this item's subtests that did not pass."""
        return trace_once(explain(subtest, self.context), subtest, self.context, self.traces)


class RunSide(Protocol):
    """What the item side asks of the run (``GoSession``)."""

    hazards: HazardGate
    isolation: GoIsolation
    subtest_requests: SubtestRequests
    timeouts: GoTimeouts

    @property
    def keep_passed_output(self) -> bool: ...
    def mode_unavailable(self, mode: str) -> str | None: ...
    def plan_for(self, item: GoTestItem) -> PackagePlan: ...
    def stop_at_failure(self, item: GoTestItem, plan: PackagePlan) -> None: ...
    def package_verdict(self, plan: PackagePlan) -> PackageVerdict: ...
    def rerun(self, item: GoTestItem, plan: PackagePlan) -> PackageVerdict: ...
    def runner_for(self, mode: str) -> Runner: ...


class ItemPhases:
    """A Go item's setup, call and teardown, from its package's verdict."""

    def __init__(self, go: RunSide) -> None:
        self.go = go

    def _verdict(self, item: GoTestItem, plan: PackagePlan) -> PackageVerdict:
        if plan.verdict is None:
            plan.verdict = self.go.package_verdict(plan)
        if not plan.warned:
            plan.warned = True
            for note in plan.verdict.notes:
                item.warn(GoTestWarning(note_text(note, plan.verdict.import_path)))
        return plan.verdict

    def setup(self, item: GoTestItem) -> None:
        go = self.go
        unavailable = go.mode_unavailable(item.mode)
        if unavailable is not None:
            pytest.skip(unavailable)
        blocking = go.hazards.blocking(item.package.import_path)
        if blocking:
            message, details = go.hazards.setup_error(item.package.import_path, blocking)
            raise GoTestError(Explanation(message, details))
        plan = go.plan_for(item)
        attempt = item.stash.get(ATTEMPT_KEY, 0) + 1
        item.stash[ATTEMPT_KEY] = attempt
        if attempt == 1:
            go.stop_at_failure(item, plan)
        verdict = self._verdict(item, plan) if attempt == 1 else go.rerun(item, plan)
        outcome = verdict.outcomes[item.slot]
        context = verdict.context_of(item.slot)
        failed_above: tuple[tuple[Outcome, Explanation], ...] = ()
        if item.run_name != item.go_name:
            if attempt == 1 and subtest_missing(outcome, item.run_name):
                self._missing_subtest(item)
            failed_above = self._failed_above(outcome, item.run_name, plan, context)
            outcome = subtest_outcome(outcome, item.run_name)
        failed = outcome.status not in ("passed", "skipped")
        explanation = self.explain(outcome, context) if failed else None
        traces = plan.traces if attempt == 1 else TraceHolders()  # a rerun: its own run
        if explanation is not None:
            explanation = trace_once(explanation, outcome, context, traces)
            if attempt == 1 and context.output.strip() and context.output in plan.shown_output:
                explanation = without_package_output(explanation, context)  # shown once
        item.stash[RESULT_KEY] = ItemResult(
            outcome, context, explanation, failed_above, plan.shown_output, traces
        )
        if outcome.attrs and attempt == 1:
            # t.Attr (Go 1.25): the test's key/value pairs, as record_property's (JUnit
            # <properties>, pytest-html, report.user_properties).
            item.user_properties.extend(outcome.attrs)
        if explanation is not None and attempt == 1:
            # A failure or a setup error (a skip's sections are never shown).
            _show_package_output(item, plan, context, explanation, outcome.phase)
        if explanation is None or outcome.phase != "setup":
            return
        hazard = (
            go.hazards.explanation(
                item.package.import_path,
                exited_zero=outcome.cause is Cause.EXITED_BEFORE_TESTS,
                output=f"{context.output}\n{context.stderr}",
            )
            if verdict.died_early and attempt == 1
            else None
        )
        if hazard:
            # Go's own account first (the short summary shows the first line), then why.
            head, _, rest = explanation.details.partition("\n")
            explanation = Explanation(
                f"{explanation.message}; {hazard.splitlines()[0]}", f"{head}\n{hazard}\n{rest}"
            )
        raise GoTestError(explanation, outcome)

    def _missing_subtest(self, item: GoTestItem) -> None:
        """Go ran the item's test, which passed without the subtest: it is gone (renamed or
        removed). Its id leaves the names ``-k`` matches and pytest's last-failed list. Asked
        for by ``--lf`` or ``-k`` (ids of earlier runs), it is skipped, as pytest never
        collects a Python test that no longer exists; named on the command line, it stays an
        error (returns: the caller reports it not run)."""
        item.stash[MISSING_KEY] = True
        requests = self.go.subtest_requests
        requests.forget(item.path, item.go_name, item.run_name)
        asked_as = item.nodeid.split("::", 1)[1]  # after the file; TestX[mode]/sub in modes
        if not requests.named(item.path, asked_as, item.run_name):
            pytest.skip(
                f"{item.run_name} no longer exists: go test ran {item.go_name}, "
                "which passed without it"
            )

    def _failed_above(
        self, top: Outcome, name: str, plan: PackagePlan, context: PackageContext
    ) -> tuple[tuple[Outcome, Explanation], ...]:
        """The ancestors of subtest item ``name`` that failed on their own, each once per
        package run, with Go's words."""
        found = []
        for ancestor in failed_on_their_own(top, name):
            if ancestor.name not in plan.reported_above:
                plan.reported_above.add(ancestor.name)
                found.append((ancestor, self.explain(ancestor, context)))
        return tuple(found)

    def call(self, item: GoTestItem) -> None:
        result = item.stash[RESULT_KEY]
        outcome = result.outcome
        go = self.go
        if outcome.status == "passed":
            if go.keep_passed_output:
                # Shown by -rP/-rA, and JUnit's system-out (also with junit_logging).
                text = outcome.output_text()
                if text.strip():
                    item.add_report_section("call", "stdout", text)
            return
        if outcome.status == "skipped":
            pytest.skip(skip_reason(outcome, result.context.source_dir))
        explanation = result.explanation or self.explain(outcome, result.context)
        job = go.plan_for(item).job
        ours = job.timeout is not None and not go.runner_for(item.mode).toolchain.flag("timeout")
        failure = GoTestFailure(go.timeouts.explain(explanation, outcome, ours), outcome)
        raise failure from self._subtest_failures(outcome, result.context)

    def _subtest_failures(self, outcome: Outcome, context: PackageContext) -> GoTestFailure | None:
        """The failed subtests' own failures as a chain of causes (the first failed subtest
        first, at most ``_CHAINED_SUBTESTS``). A test whose subtests failed says
        "subtests failed: ..."; pytest-rerunfailures' --only-rerun and --rerun-except match
        every exception of the chain, so a pattern for a subtest's error (a transient
        "connection refused" in one case of a table test) reruns its test. Go's text is what
        reports show; the chain is not rendered."""
        failed = [sub for sub in outcome.subtests if sub.status == "failed"]
        cause: GoTestFailure | None = None
        for sub in reversed(failed[:_CHAINED_SUBTESTS]):
            failure = GoTestFailure(self.explain(sub, context), sub)
            failure.__cause__ = cause
            cause = failure
        return cause

    def explain(self, outcome: Outcome, context: PackageContext) -> Explanation:
        """Go's words for an outcome, with --go-isolate's note where the namespace caused it."""
        return self.go.isolation.annotate(explain(outcome, context))

    def teardown(self, item: GoTestItem) -> None:
        # The item's reports are made: its outcome (and its subtests') is not needed any more
        # (pytest keeps items to the end of the run; a module's 66,000 subtests would stay).
        result = item.stash.get(RESULT_KEY, None)
        if result is not None:
            if item.run_name == item.go_name:
                # Names for -k in later runs (plugin/subtest_ids.py); none replaces the names
                # of a test that no longer has subtests.
                names = [sub.name for sub in result.outcome.subtests]
                self.go.subtest_requests.record(item.path, item.go_name, names)
            del item.stash[RESULT_KEY]
        plan = self.go.plan_for(item)
        if plan.last_nodeid != item.nodeid or plan.verdict is None:
            return
        verdict = plan.verdict
        plan.verdict = dataclasses.replace(verdict, outcomes={})  # the package is done
        teardown = verdict.teardown
        if teardown is not None and item.stash.get(ATTEMPT_KEY, 0) == 1:
            explanation = self.explain(teardown, verdict.context)
            _show_package_output(item, plan, verdict.context, explanation, "teardown")
            raise GoTestError(explanation, teardown)


def _show_package_output(
    item: GoTestItem,
    plan: PackagePlan,
    context: PackageContext,
    explanation: Explanation,
    when: Literal["setup", "call", "teardown"],
) -> None:
    """The package output (init's, TestMain's), once per package run, with the first report
    pytest shows in full: a failure or an error (``when``: its phase, which titles the
    section). Never with a skip, whose sections pytest never shows (the output was lost).
    Not in a section when the report's details show it (a crash's, a setup error's, a
    teardown error's)."""
    if not context.output.strip() or context.output in plan.shown_output:
        return
    plan.shown_output.add(context.output)
    section = package_output_section(context, explanation)
    if section:
        item.add_report_section(when, "go package output", section)
