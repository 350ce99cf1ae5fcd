"""Stopping the analysis (end of run, Ctrl-C, -x) while its analyzer is still being built: the
first run of a user cache builds it, and the run must not wait for that build to end; nor
start an analysis nobody waits for that the tests would not outlast."""

from __future__ import annotations

import os
import shlex
import shutil
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from pytest_gotest.core.progress import ProgressSnapshot
from pytest_gotest.core.toolchain import GoToolchain
from pytest_gotest.hazards.analysis import (
    BUILD_STAGE,
    HazardAnalysis,
    ModuleRequest,
    analysis_fits,
)
from pytest_gotest.hazards.build import (
    BuildStop,
    analyzer_path,
    analyzer_source_hash,
    go_version,
    pending_mark,
)


def _go() -> str:
    go = shutil.which("go")
    if go is None:  # pragma: no cover - CI always has Go
        pytest.fail("Go toolchain not installed; the analyzer tests need it")
    return go


def _wait_for(path: Path, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def _analysis(go: str, tmp_path: Path) -> HazardAnalysis:
    request = ModuleRequest(tmp_path, ("example.com/m/p",), ())
    return HazardAnalysis(GoToolchain(go), [request], cache=tmp_path / "cache")


def _stopped_quickly(analysis: HazardAnalysis) -> None:
    start = time.monotonic()
    analysis.cancel()
    assert time.monotonic() - start < 10
    assert analysis.done
    result = analysis.result()
    assert result.problems == []  # stopped on purpose: no warning
    assert result.findings == []
    assert result.analyzer_runs == 0


def _slow_build_go(tmp_path: Path) -> tuple[Path, Path]:
    """A ``go`` whose analyzer build (``go run``) would take five minutes, and the file its
    pid is written to when that build starts (exec keeps the pid)."""
    pidfile = tmp_path / "build.pid"
    wrapper = tmp_path / "bin" / "go"
    wrapper.parent.mkdir()
    wrapper.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = run ]; then echo $$ > {shlex.quote(str(pidfile))}; exec sleep 300; fi\n'
        f'exec {shlex.quote(_go())} "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper, pidfile


def test_cancel_kills_the_analyzer_build(tmp_path: Path) -> None:
    wrapper, pidfile = _slow_build_go(tmp_path)
    analysis = _analysis(str(wrapper), tmp_path)
    analysis.start()
    _wait_for(pidfile)
    _stopped_quickly(analysis)
    with pytest.raises(ProcessLookupError):
        os.kill(int(pidfile.read_text()), 0)  # killed and reaped, not orphaned
    # Nothing half-built is left under the binary's name; the mark of a build cut short is
    # (the next run waits for the build instead of stopping it again).
    left = sorted(p.suffix for p in (tmp_path / "cache" / "analyzer").iterdir())
    assert left == [".lock", ".pending"]


def test_cancel_stops_waiting_for_another_process_build(tmp_path: Path) -> None:
    """Another process (an xdist worker) holds the build lock: cancel does not wait for it."""
    go = _go()
    target = analyzer_path(tmp_path / "cache", go_version(go), analyzer_source_hash())
    target.parent.mkdir(parents=True)
    with FileLock(str(target) + ".lock"):
        analysis = _analysis(go, tmp_path)
        analysis.start()
        time.sleep(1.0)  # the analysis thread is now waiting for the lock
        assert not analysis.done
        _stopped_quickly(analysis)
    assert not target.exists()


def test_a_first_run_that_ends_before_its_build_starts_marks_the_build_for_the_next_run(
    tmp_path: Path,
) -> None:
    """warn mode's first run, stopped while its build waits for the lock (here another
    process's; equally a session too short for the build to start): it leaves the mark of a
    build cut short, so that the next run waits for the build instead of skipping the
    analysis again, as a suite shorter than the build would otherwise do on every run."""
    go = _go()
    target = analyzer_path(tmp_path / "cache", go_version(go), analyzer_source_hash())
    target.parent.mkdir(parents=True)
    request = ModuleRequest(tmp_path, ("example.com/m/p",), ())
    with FileLock(str(target) + ".lock"):
        analysis = HazardAnalysis(
            GoToolchain(go), [request], cache=tmp_path / "cache", background=True
        )
        analysis.start()
        deadline = time.monotonic() + 60
        while analysis.stage != BUILD_STAGE:  # past go env: the build is wanted
            assert time.monotonic() < deadline, "the analysis never asked for the build"
            time.sleep(0.02)
        _stopped_quickly(analysis)
    assert not target.exists()
    assert pending_mark(target).exists()


@pytest.mark.parametrize("left", ["by-an-earlier-run", "since-this-run-began"])
def test_a_mark_makes_a_run_wait_for_the_build_only_when_an_earlier_run_left_it(
    tmp_path: Path, left: str
) -> None:
    """The mark says an earlier run ended without the analyzer: this run waits for the build
    (``building`` is False). Under xdist a worker done first leaves the mark while another
    worker of the same run still wants the build: that one must not start waiting for it
    (the build can take a minute), so a mark younger than the analysis does not count."""
    wrapper, pidfile = _slow_build_go(tmp_path)
    cache = tmp_path / "cache"
    target = analyzer_path(cache, go_version(_go()), analyzer_source_hash())
    target.parent.mkdir(parents=True)
    mark = pending_mark(target)
    if left == "by-an-earlier-run":
        mark.touch()
        os.utime(mark, (time.time() - 60, time.time() - 60))
    request = ModuleRequest(tmp_path, ("example.com/m/p",), ())
    analysis = HazardAnalysis(GoToolchain(str(wrapper)), [request], cache=cache, background=True)
    if left == "since-this-run-began":
        time.sleep(0.05)
        mark.touch()
    analysis.start()
    _wait_for(pidfile)  # the build has started: whether to wait for it is decided
    assert analysis.building is (left == "since-this-run-began")
    _stopped_quickly(analysis)


def test_a_finished_or_unneeded_build_leaves_no_mark(tmp_path: Path) -> None:
    """The mark is only for an analyzer a run wanted and did not get: a run whose analyzer
    is built (here by the analysis itself, waited for) leaves none."""
    go = _go()
    analysis = HazardAnalysis(
        GoToolchain(go),
        [ModuleRequest(FIXTURE, ("example.com/plugmod/lib",), ())],
        cache=tmp_path / "cache",
    )
    analysis.start()
    analysis.result()
    analysis.cancel()
    target = analyzer_path(tmp_path / "cache", go_version(go), analyzer_source_hash())
    assert target.is_file()
    assert not pending_mark(target).exists()


def test_a_stop_ends_the_pause_before_a_refused_session_niceness_is_tried_again() -> None:
    # lower_priority waits before asking the kernel again (core/toolchain.py); a build or an
    # analysis stopped at the end of the run must not wait that pause out.
    stop = BuildStop()
    paused = threading.Thread(target=stop.pause, args=(600.0,))
    paused.start()
    stop.stop()
    paused.join(timeout=30.0)
    assert not paused.is_alive()
    stop.pause(600.0)  # once stopped, a pause returns at once


def _logging_go(tmp_path: Path) -> tuple[Path, Path]:
    """A go that appends each call's first argument to a log, then runs the real go."""
    log = tmp_path / "go-calls.log"
    wrapper = tmp_path / "bin" / "go"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\necho "$1" >> {shlex.quote(str(log))}\nexec {shlex.quote(_go())} "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper, log


def _calls(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "first-run"])
def test_a_warm_cache_runs_no_go_before_the_packages_are_known(tmp_path: Path, warm: bool) -> None:
    # A warm user cache has nothing to build: learning the Go version waits until the
    # packages are known (go test has started by then), off collection's critical path.
    # A first run learns it at once and builds the analyzer while pytest collects.
    wrapper, log = _logging_go(tmp_path)
    cache = tmp_path / "cache"
    if warm:
        built = analyzer_path(cache, "go1.0-any", analyzer_source_hash())
        built.parent.mkdir(parents=True)
        built.write_text("")
    # The build of a first run is not what this test is about: it is stopped below.
    analysis = HazardAnalysis(GoToolchain(str(wrapper)), None, cache=cache)
    analysis.start()
    try:
        if warm:
            time.sleep(0.5)
            assert _calls(log) == []
            analysis.request([ModuleRequest(tmp_path, ("example.com/m/p",), ())])
        deadline = time.monotonic() + 30
        while "env" not in _calls(log):
            assert time.monotonic() < deadline, _calls(log)
            time.sleep(0.02)
    finally:
        analysis.cancel()


FIXTURE = Path(__file__).parent.parent / "testdata" / "hazards" / "plugin_mod"


def _wait_done(analysis: HazardAnalysis) -> None:
    deadline = time.monotonic() + 120
    while not analysis.done:
        assert time.monotonic() < deadline, "the analysis never ended"
        time.sleep(0.05)


def _runner(done: int, total: int, elapsed: float) -> ProgressSnapshot:
    return ProgressSnapshot(total - done, 0, 0, done, 0, elapsed, None)


def test_an_analysis_fits_when_a_runner_will_likely_outlast_it() -> None:
    # 3 of 10 packages in 1.5 s: 3.5 s more expected.
    assert analysis_fits([_runner(3, 10, 1.5)], 3.0) is True
    # 1 of 11 in 0.4 s would say 4.0 s more, but one package's time holds every package's
    # build (goldmark ended 1.0 s later): a quarter of them, at least two, must be done.
    assert analysis_fits([_runner(1, 11, 0.4)], 3.0) is None
    assert analysis_fits([_runner(2, 11, 0.5)], 3.0) is None
    assert analysis_fits([_runner(3, 11, 1.5)], 3.0) is True
    # Before that, time alone: a run that has gone on that long.
    assert analysis_fits([_runner(1, 11, 3.5)], 3.0) is True
    # 4 of 6 in 0.8 s: 0.4 s more; not yet known to fit (a slow last package may show it).
    assert analysis_fits([_runner(4, 6, 0.8)], 3.0) is None
    # 10 of 11 after 30 s: the last one has taken long enough to be worth it.
    assert analysis_fits([_runner(10, 11, 30.0)], 3.0) is True
    # Nothing done yet: unknown, until that has lasted the analysis's time.
    assert analysis_fits([_runner(0, 3, 0.5)], 3.0) is None
    assert analysis_fits([_runner(0, 3, 3.5)], 3.0) is True
    # Every runner done: never.
    assert analysis_fits([_runner(6, 6, 1.0), _runner(2, 2, 0.3)], 3.0) is False
    # One mode done, another with time left.
    assert analysis_fits([_runner(6, 6, 1.0), _runner(5, 20, 1.5)], 3.0) is True
    # No packages to go by: start, as an analysis without a runner always did.
    assert analysis_fits([], 3.0) is True
    assert analysis_fits([_runner(0, 0, 0.0)], 3.0) is True


@pytest.mark.parametrize("ahead", ["tests-end-first", "tests-go-on"])
def test_a_first_run_leaves_an_analysis_the_tests_would_not_outlast_to_the_next_run(
    tmp_path: Path, ahead: str
) -> None:
    """warn mode, empty user cache: once the analyzer is built, the analysis starts only when
    the tests will likely outlast it; while their pace is unknown it asks again. When they
    end first, this run has no result (it says it skipped the analysis), the analyzer is
    kept, and the next run analyses (and is waited for)."""
    asked: list[int] = []
    # The tests' progress as the analysis sees it, call after call: not known yet at first.
    pace = [_runner(0, 8, 0.1), _runner(0, 8, 0.2)]
    pace.append(_runner(8, 8, 0.3) if ahead == "tests-end-first" else _runner(2, 8, 1.0))

    def tests_progress() -> list[ProgressSnapshot]:
        asked.append(1)
        return [pace[min(len(asked), len(pace)) - 1]]

    go = _go()
    request = ModuleRequest(FIXTURE, ("example.com/plugmod/early/exit0",), ())

    def run() -> HazardAnalysis:
        analysis = HazardAnalysis(
            GoToolchain(go),
            [request],
            cache=tmp_path / "cache",
            background=True,
            tests_progress=tests_progress,
        )
        analysis.start()
        _wait_done(analysis)
        return analysis

    first = run()
    assert len(asked) == 3  # asked again until it could tell
    assert analyzer_path(tmp_path / "cache", go_version(go), analyzer_source_hash()).is_file()
    if ahead == "tests-go-on":
        assert not first.building
        result = first.result_unless_building()
        assert result is not None
        assert result.analyzer_runs == 1
        assert [f.rule for f in result.findings] == ["H3"]
        return
    assert first.building  # the run's end reports the analysis as skipped
    assert first.result_unless_building() is None
    assert first.result().analyzer_runs == 0
    asked.clear()
    second = run()  # the analyzer exists: not a first run, nothing to decide
    assert asked == []
    result = second.result_unless_building()
    assert result is not None
    assert result.analyzer_runs == 1
    assert [f.rule for f in result.findings] == ["H3"]


def test_an_analyzer_that_runs_too_long_is_stopped_with_a_warning(tmp_path: Path) -> None:
    # A defect of the analyzer (github.com/jhump/protoreflect once made it run for minutes,
    # growing to gigabytes) must not hold the run: past its bound it is killed, the run goes
    # on, and a warning says what happened.
    go = _go()
    pidfile = tmp_path / "analyzer.pid"
    fake = analyzer_path(tmp_path / "cache", go_version(go), analyzer_source_hash())
    fake.parent.mkdir(parents=True)
    fake.write_text(f"#!/bin/sh\necho $$ > {shlex.quote(str(pidfile))}\nexec sleep 300\n")
    fake.chmod(0o755)
    request = ModuleRequest(tmp_path, ("example.com/m/p",), ())
    analysis = HazardAnalysis(
        GoToolchain(go), [request], cache=tmp_path / "cache", analyzer_seconds=1.0
    )
    analysis.start()
    deadline = time.monotonic() + 30
    try:
        while not analysis.done:
            assert time.monotonic() < deadline, "the analyzer was never stopped"
            time.sleep(0.05)
    finally:
        analysis.cancel()
    result = analysis.result()
    assert result.findings == []
    [problem] = result.problems
    assert "init-hazard analysis stopped in" in problem.text, problem
    assert "ran for more than 1 s" in problem.text, problem
    assert "--go-init-hazards=off" in problem.text, problem
    with pytest.raises(ProcessLookupError):
        os.kill(int(pidfile.read_text()), 0)  # killed and reaped, not orphaned
