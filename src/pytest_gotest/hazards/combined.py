"""Several hazard analyses as one (``--go-modes``: one per distinct file set of a mode).

A mode with its own build context (``GOOS=js``, ``CGO_ENABLED=0``) compiles another set of
files into a package's test binary: an ``init`` in ``x_js.go`` runs only there. Each such
mode gets an analysis of its own (its toolchain's environment goes to the analyzer's
``go list``); the gate reads them through this object as if they were one, findings joined.
"""

from __future__ import annotations

from collections.abc import Sequence

from .analysis import AnalysisResult, HazardAnalysis, WaitNote

__all__ = ["CombinedAnalysis"]


class CombinedAnalysis:
    """The first analysis, and those added later (``add``), read as one."""

    def __init__(self, first: HazardAnalysis) -> None:
        self.parts: list[HazardAnalysis] = [first]

    def add(self, analysis: HazardAnalysis) -> None:
        self.parts.append(analysis)
        analysis.start()

    def start(self) -> None:
        self.parts[0].start()

    @property
    def done(self) -> bool:
        return all(part.done for part in self.parts)

    def result(self, waiting: WaitNote | None = None) -> AnalysisResult:
        waiting = _once(waiting)
        return _joined([part.result(waiting) for part in self.parts])

    def result_unless_building(self, waiting: WaitNote | None = None) -> AnalysisResult | None:
        results = []
        waiting = _once(waiting)
        for part in self.parts:
            result = part.result_unless_building(waiting=waiting)
            if result is None:
                return None
            results.append(result)
        return _joined(results)

    def cancel(self) -> None:
        for part in self.parts:
            part.cancel()


def _once(waiting: WaitNote | None) -> WaitNote | None:
    """The note told at most once over all the parts waited for."""
    if waiting is None:
        return None
    told = False

    def note(stage: str) -> None:
        nonlocal told
        if not told:
            told = True
            waiting.note(stage)

    return WaitNote(note, waiting.after)


def _joined(results: Sequence[AnalysisResult]) -> AnalysisResult:
    if len(results) == 1:
        return results[0]
    joined = AnalysisResult()
    for result in results:
        joined.findings.extend(result.findings)
        joined.problems.extend(p for p in result.problems if p not in joined.problems)
        joined.analyzer_runs += result.analyzer_runs
        joined.skipped = joined.skipped or result.skipped
    return joined
