"""Where each crash trace is shown: once per package run, every other report pointing at it.

A crash's trace (a panic's, a timeout's) belongs to every test it killed or cut short, and was
repeated under each of them. ``trace_once`` picks the one report that shows it (in the
crashed test's tree, the deepest test it concerns) and turns it into a pointer in the others;
``package_output_section`` keeps it out of the "go package output" section when the details
show it already. Pure functions over the core's outcomes and explanations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from pytest_gotest.core.crash import top
from pytest_gotest.core.explain import Explanation, explain
from pytest_gotest.core.outcome import Cause, Outcome, PackageContext, tree_order

__all__ = ["TraceHolders", "package_output_section", "points_at_trace", "trace_once"]

# A report's pointer at the one that shows a crash's trace (trace_once).
_POINTER_START: Final = "(the crash's trace is shown with "


@dataclass
class TraceHolders:
    """Who shows each crash trace in one attempt of a package run (``trace_once``)."""

    # The report that shows it, for tests outside the crashed test's tree: the first made.
    shown_by: dict[str, str] = field(default_factory=dict)
    # In the crashed test's tree: the deepest test the crash is about, chosen by the first
    # report of that tree (its top-level test's, made before its subtests'). Keyed by the
    # trace and the tree: a timeout is every running tree's (crash.Crash.timed_out_in), and
    # each of them shows it once; a panic's trace has one tree ("").
    in_tree: dict[tuple[str, str], str] = field(default_factory=dict)


def trace_once(
    explanation: Explanation, outcome: Outcome, context: PackageContext, holders: TraceHolders
) -> Explanation:
    """A crash's trace in as few reports as stay true whatever pytest shows: once in the
    tree of the test it is about (a timeout's: each tree Go's ``running tests:`` names),
    with the deepest test there it concerns (the subtest that panicked, the running one:
    its parents, reported after it in one batch, point back at it), and once more only
    when a test outside that tree (one that never ran, one that waited in ``t.Parallel()``)
    is reported before it: with 50 tests that never ran it was printed 50 times, and a
    panicking subtest's trace three times. A report points only at one made before it or in
    its own batch, which -x, --maxfail and a shuffled order cannot leave out."""
    trace = context.crash.text.strip()
    if not trace or trace not in explanation.details:
        return explanation
    crash = context.crash
    if crash.explains(outcome.name):
        tree = (trace, top(outcome.name) if crash.timed_out_in(outcome.name) else "")
        holder = holders.in_tree.get(tree)
        if holder is None:
            holder = _crashed_below(outcome, context, trace) or outcome.name
            holders.in_tree[tree] = holder
            holders.shown_by.setdefault(trace, holder)
    else:
        holder = holders.shown_by.setdefault(trace, outcome.name)
    if holder == outcome.name:
        return explanation
    first = trace.split("\n", 1)[0]
    # A paragraph of its own: --tb=short shows the first paragraph, and no trace.
    note = f"{first}\n\n{_POINTER_START}{holder}'s report)"
    return Explanation(explanation.message, explanation.details.replace(trace, note, 1))


def points_at_trace(details: str) -> bool:
    """Whether a report's details point at another report for its crash's trace
    (``trace_once``)."""
    return _POINTER_START in details


def package_output_section(context: PackageContext, explanation: Explanation | None) -> str:
    """What a report's "go package output" section shows: nothing when its details show the
    package output (a crash's, a setup error's); without the crash's trace when that is in
    the package output (an example's panic) and the details show it or point at the report
    that does: the section showed it a second time, after the banner TestMain printed."""
    output = context.output
    if explanation is None:
        return output
    details = explanation.details
    if output.strip() in details:
        return ""
    crash = context.crash
    trace = crash.text.strip()
    if crash.holder is None and trace and (trace in details or _POINTER_START in details):
        output = output.replace(crash.text, "")
    return output if output.strip() else ""


def _crashed_below(outcome: Outcome, context: PackageContext, trace: str) -> str | None:
    """The deepest of ``outcome``'s subtests that the crash is about (the one that panicked,
    which Go failed before it re-panicked, first; else one still running when the binary
    died), when its report will show ``trace``; None when none is."""
    involved = {
        sub.name: sub
        for sub in outcome.subtests
        if sub.status == "failed" and sub.evidence is not None and sub.evidence.crash.text
    }
    leaves = [
        sub
        for name, sub in involved.items()
        if not any(other.startswith(name + "/") for other in involved)
    ]
    # Go's own FAIL first, then a test Go's timeout names as running (a parent waiting for
    # its parallel subtests is not named), then the one whose own output holds the trace (a
    # panic's; a timeout's is whichever test last printed, as are its order's equals): of
    # equals, the first reported (tree_order), which the others then point back at.
    crash = context.crash
    holder = crash.holder if crash.timeout is None else None
    reported = {sub.name: i for i, sub in enumerate(tree_order(outcome.name, outcome.subtests))}
    leaves.sort(
        key=lambda sub: (
            sub.cause is not Cause.FAILED,
            sub.name not in crash.timed_out,
            sub.name != holder,
            reported[sub.name],
        )
    )
    for sub in leaves:
        if trace in explain(sub, context).details:
            return sub.name
    return None
