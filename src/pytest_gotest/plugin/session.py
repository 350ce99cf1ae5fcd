"""The per-run session object: discovery, the runner's lifetime, and each item's outcome.

Registered in ``pytest_configure`` and kept in ``config.stash``; no module-level state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_gotest.core.discovery import Discovery, GoListError, GoPackage
from pytest_gotest.core.execution import (
    CaptureLimits,
    PackageRun,
    PackageVerdict,
    TestOutcome,
    resolve,
)
from pytest_gotest.core.runner import PackageJob, Runner

from .cov import COVERAGE_KEY, GoCoverageHooks, GoCoverageSession
from .hazards import HazardGate, store_for_controller
from .nodes import GoTestError, GoTestFailure, GoTestItem
from .options import GoOptions, go_missing_message, read_options, spill_dir

__all__ = ["GoSession", "GoTestWarning", "get_session"]

SESSION_KEY = pytest.StashKey["GoSession"]()
# xdist workeroutput key: go output after the last package result of a worker's processes.
UNATTRIBUTED_KEY = "gotest_unattributed"
OUTCOME_KEY = pytest.StashKey[TestOutcome]()
ATTEMPT_KEY = pytest.StashKey[int]()


class GoTestWarning(pytest.PytestWarning):
    """Something Go reported that pytest-gotest could not map to a collected test."""


@dataclass
class _PackagePlan:
    job: PackageJob
    last_nodeid: str
    verdict: PackageVerdict | None = None
    warned: bool = False
    died_early: bool = False  # the binary ended before any test started (init, TestMain)


def get_session(config: pytest.Config) -> GoSession:
    return config.stash[SESSION_KEY]


class GoSession:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.options: GoOptions = read_options(config)
        self._limits: CaptureLimits | None = None
        self.discovery = Discovery(self.options.go, self.options.flags)
        self._problems_reported: set[str] = set()
        self._plans: dict[tuple[Path, str], _PackagePlan] = {}
        self._runner: Runner | None = None
        self.unattributed_from_workers: list[tuple[str, str]] = []
        self.pytest_session: pytest.Session | None = None
        self.coverage: GoCoverageSession | None = None
        if self.options.coverage is not None:
            self.coverage = GoCoverageSession(
                self.options.coverage,
                self.options.go,
                self.options.flags,
                default_dir=lambda: _basetemp_child(config, "gotest-cov"),
            )
            self.coverage.finisher = self._finish_for_coverage
            config.stash[COVERAGE_KEY] = self.coverage
            config.pluginmanager.register(GoCoverageHooks(self.coverage), "gotest-cov")
        self.hazards = HazardGate(
            self.options.init_hazards, self.options.init_hazards_allow, config.rootpath
        )

    # -- collection ------------------------------------------------------------------------

    def includes(self, path: Path) -> bool:
        """Whether collection should look at this test file: Go's build includes it, or it is
        the file through which a problem (no go, unreadable module) gets reported."""
        try:
            return self.package_for(path) is not None
        except GoListError as exc:
            return str(exc) not in self._problems_reported

    def first_report_of(self, problem: str) -> bool:
        """True the first time ``problem`` is reported in this run."""
        if problem in self._problems_reported:
            return False
        self._problems_reported.add(problem)
        return True

    def package_for(self, path: Path) -> GoPackage | None:
        if self.options.go is None:
            if self.discovery.ignored_by_go(path):
                return None
            raise GoListError(go_missing_message(self.options))
        return self.discovery.package_for(path)

    # -- running ---------------------------------------------------------------------------

    def shown_output(self, outcome: TestOutcome) -> str:
        """A test's output, decoded only when some report will show it."""
        if outcome.status != "passed":
            return outcome.output
        option = self.config.option
        chars = getattr(option, "reportchars", "") or ""
        wanted = bool(getattr(option, "xmlpath", None)) or "P" in chars or "A" in chars
        return outcome.output_text() if wanted else ""

    @property
    def limits(self) -> CaptureLimits:
        # Built on first use, not at configure time: pytest's temp-path factory (where huge
        # output is spilled) only exists after its own pytest_configure has run.
        if self._limits is None:
            self._limits = CaptureLimits(self.options.capture_bytes, spill_dir(self.config))
        return self._limits

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            assert self.options.go is not None
            self._runner = Runner(
                self.options.go,
                self.options.flags,
                self.options.jobs,
                self.limits,
                batch=self.options.batch,
                cover_args=self.coverage.cover_args if self.coverage else None,
            )
        return self._runner

    def plan(self, items: Sequence[pytest.Item]) -> list[PackageJob]:
        """One job per package, in the order pytest reaches the packages' first items."""
        selected: dict[tuple[Path, str], list[GoTestItem]] = {}
        for item in items:
            if isinstance(item, GoTestItem):
                key = (item.package.module_root, item.package.import_path)
                selected.setdefault(key, []).append(item)
        jobs: list[PackageJob] = []
        for key, package_items in selected.items():
            package = package_items[0].package
            all_tests = frozenset(package.test_names())
            names = frozenset(i.go_name for i in package_items)
            job = PackageJob(
                import_path=package.import_path,
                module_root=package.module_root,
                all_tests=all_tests,
                selected=None if names >= all_tests else names,
            )
            self._plans[key] = _PackagePlan(job, package_items[-1].nodeid)
            jobs.append(job)
        if self.options.go is not None and selected:
            # Beside go test, never before it: the analysis only delays tests in error mode.
            packages = [package_items[0].package for package_items in selected.values()]
            self.hazards.begin(
                self.options.go, self.discovery, packages, self.options.flags.list_flags
            )
        return jobs

    def start(self, items: Sequence[pytest.Item]) -> None:
        jobs = self.plan(items)
        # error mode: a package whose binary runs hazardous init code is not started at all.
        jobs = [job for job in jobs if not self.hazards.blocking(job.import_path)]
        if jobs:
            self.runner.submit([*jobs, *self._untested_jobs(jobs)])

    def start_untested(self, items: Sequence[pytest.Item]) -> None:
        """xdist: one worker (gw0) runs the packages without tests, for their 0% coverage."""
        jobs = self.plan(items)
        extra = self._untested_jobs(jobs)
        if extra:
            self.runner.submit(extra)

    def _untested_jobs(self, jobs: Sequence[PackageJob]) -> list[PackageJob]:
        """With --go-cov: packages without test files under the collected directories, so
        their statements count at 0% as in ``go test -cover ./...`` (Go 1.22+ writes their
        zero-count blocks). Only modules that collection listed are looked at."""
        if self.coverage is None or not jobs:
            return []
        invocation = self.config.invocation_params.dir
        directories = []
        for arg in self.config.args:
            path = (invocation / arg.split("::", 1)[0]).resolve()
            if path.is_dir():
                directories.append(path)
        roots = {job.module_root for job in jobs}
        extra: list[PackageJob] = []
        for package in self.discovery.packages():
            if package.module_root not in roots or package.test_files or package.list_error:
                continue
            directory = package.dir.resolve()
            if any(d == directory or d in directory.parents for d in directories):
                extra.append(
                    PackageJob(package.import_path, package.module_root, frozenset(), None)
                )
        return extra

    def _finish_for_coverage(self) -> None:
        """Before profiles are read: let go finish writing them (unless the run was stopped
        early: -x, --maxfail, Ctrl-C), and hand over the package directories go list saw."""
        assert self.coverage is not None
        session = self.pytest_session
        stopped = session is not None and bool(session.shouldstop or session.shouldfail)
        if self._runner is not None and not stopped:
            self._runner.wait_all()
        if stopped:
            self.coverage.warnings.append(
                "the run stopped early (-x, --maxfail or Ctrl-C): Go coverage holds only the "
                "packages whose go test run had finished"
            )
        self.coverage.add_package_dirs({p.import_path: p.dir for p in self.discovery.packages()})

    def prefetch(self, item: pytest.Item | None) -> None:
        """Start the package of the next item early (xdist workers start lazily)."""
        if isinstance(item, GoTestItem):
            plan = self._plans.get((item.package.module_root, item.package.import_path))
            if plan is not None and not self.hazards.blocking(plan.job.import_path):
                self.runner.submit([plan.job])

    def stop(self) -> None:
        self.hazards.cancel()
        if self._runner is not None:
            self._runner.cancel()

    def unattributed_output(self) -> list[tuple[str, str]]:
        """Text go printed after its last package result, which no test report can show
        (with what xdist workers sent)."""
        own = list(self._runner.unattributed) if self._runner is not None else []
        return own + self.unattributed_from_workers

    def hand_over_unattributed(self) -> None:
        """Normal end of the run loop: read the go processes to their end; an xdist worker
        sends what they printed after their last result to the controller."""
        if self._runner is None:
            return
        self._runner.wait_started()
        output = getattr(self.config, "workeroutput", None)
        if isinstance(output, dict) and self._runner.unattributed:
            output[UNATTRIBUTED_KEY] = [list(pair) for pair in self._runner.unattributed]

    def take_unattributed(self, workeroutput: Mapping[str, object]) -> None:
        """On the xdist controller: keep what a finished worker sent."""
        pairs = workeroutput.get(UNATTRIBUTED_KEY)
        if isinstance(pairs, list):
            for pair in pairs:
                if isinstance(pair, list) and len(pair) == 2:
                    self.unattributed_from_workers.append((str(pair[0]), str(pair[1])))

    def finish_hazards(self, wait: bool = True) -> None:
        """End of a completed run loop: wait for the analysis; a worker hands it over."""
        if self.hazards.started and (wait or self.hazards.done):
            self.hazards.result()
            store_for_controller(self.config, self.hazards)

    def _plan_for(self, item: GoTestItem) -> _PackagePlan:
        key = (item.package.module_root, item.package.import_path)
        plan = self._plans.get(key)
        if plan is None:
            # Not planned (e.g. an item run outside the run loop): plan from the session.
            self.plan(item.session.items)
            plan = self._plans[key]
        return plan

    def _verdict(self, item: GoTestItem, plan: _PackagePlan) -> PackageVerdict:
        if plan.verdict is None:
            run = self.runner.result(plan.job)
            names = sorted(plan.job.selected or plan.job.all_tests)
            plan.verdict = resolve(run, names, self.options.flags.runs_per_test)
            plan.died_early = (
                run.action in ("pass", "fail")
                and run.failed_build is None
                and not run.build_output
                and not any(test.started for test in run.tests.values())
            )
            run.close()
        if not plan.warned:
            plan.warned = True
            for message in plan.verdict.warnings:
                item.warn(GoTestWarning(message))
        return plan.verdict

    def _rerun(self, item: GoTestItem, plan: _PackagePlan) -> TestOutcome:
        """pytest-rerunfailures and friends: run this one test again, for real."""
        job = PackageJob(
            plan.job.import_path,
            plan.job.module_root,
            plan.job.all_tests,
            frozenset({item.go_name}),
        )
        run: PackageRun = self.runner.run_now(job)
        verdict = resolve(run, [item.go_name], self.options.flags.runs_per_test)
        run.close()
        return verdict.outcomes[item.go_name]

    def setup_item(self, item: GoTestItem) -> None:
        blocking = self.hazards.blocking(item.package.import_path)
        if blocking:
            raise GoTestError(*self.hazards.setup_error(item.package.import_path, blocking))
        plan = self._plan_for(item)
        attempt = item.stash.get(ATTEMPT_KEY, 0) + 1
        item.stash[ATTEMPT_KEY] = attempt
        if attempt == 1:
            verdict = self._verdict(item, plan)
            outcome = verdict.outcomes[item.go_name]
            package_output = verdict.package_output
        else:
            outcome = self._rerun(item, plan)
            package_output = ""
        item.stash[OUTCOME_KEY] = outcome
        if outcome.status != "passed" and package_output.strip():
            item.add_report_section("call", "go package output", package_output)
        if outcome.status == "error" and outcome.phase == "setup":
            message, details = outcome.message, outcome.details
            explanation = (
                self.hazards.explanation(item.package.import_path)
                if plan.died_early and attempt == 1 and not message.startswith("build failed")
                else None
            )
            if explanation:
                # Go's own account first (the short summary shows the first line), then why.
                message = f"{message}; {explanation.splitlines()[0]}"
                head, _, rest = details.partition("\n")
                details = f"{head}\n{explanation}\n{rest}"
            raise GoTestError(message, details)

    def run_item(self, item: GoTestItem) -> None:
        outcome = item.stash[OUTCOME_KEY]
        output = self.shown_output(outcome)
        if output.strip() and outcome.status != "failed":
            # A failure's text already holds the whole output; once is enough.
            item.add_report_section("call", "stdout", output)
        if outcome.status == "passed":
            return
        if outcome.status == "skipped":
            pytest.skip(outcome.details)
        raise GoTestFailure(outcome)

    def teardown_item(self, item: GoTestItem) -> None:
        plan = self._plan_for(item)
        if plan.last_nodeid != item.nodeid or plan.verdict is None:
            return
        error = plan.verdict.teardown_error
        if error is not None and item.stash.get(ATTEMPT_KEY, 0) == 1:
            raise GoTestError(error.splitlines()[0], error)


def _basetemp_child(config: pytest.Config, name: str) -> Path | None:
    directory = spill_dir(config)
    return None if directory is None else directory.parent / name


def create_session(config: pytest.Config) -> GoSession:
    session = GoSession(config)
    config.stash[SESSION_KEY] = session
    return session
