"""A first run in warn mode (an empty user cache: the analyzer must be built) ends when the tests
end: it waits neither for the analyzer's build nor for the analysis with the analyzer it just
built; a build it cut short is waited for by the next run (real plugin runs on
tests/testdata/hazards/plugin_mod, through ``go`` wrappers that make each step slow on purpose).

Each wrapper holds ``go test`` back until the step under test has started, so that the tests
cannot end before it (the order is what the assertions depend on, never a duration).
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from acceptance.helpers import processes_under, write_sh_go
from pytest_gotest.hazards.build import analyzer_path, analyzer_source_hash, go_version

from .test_plugin_hazards import FIXTURE, REQUIRED, RunPytest, _go, warned

SKIPPED = "pytest-gotest: init-hazard analysis skipped in this run"
WAITING_FOR_BUILD = "pytest-gotest: init hazards: waiting for its analyzer to be built"
WORKERS_WAIT_FOR_BUILD = "pytest-gotest: init hazards: the xdist workers will wait at their end"
WORKERS_BUILD_FIRST = "pytest-gotest: init hazards: the xdist workers build the analyzer"
# The same run in one process and under xdist (whose workers wait without a terminal).
IN_ONE_PROCESS_AND_UNDER_XDIST = pytest.mark.parametrize(
    "workers", [(), ("-n", "2")], ids=["one-process", "xdist"]
)


def _wrapper(directory: Path, slow: str, started: Path) -> Path:
    """A ``go`` that runs ``slow`` (shell, after touching ``started``) where the step under
    test begins, and starts ``go test`` only once it has (at most 60 s later)."""
    wrapper = directory / "go"
    directory.mkdir()
    wrapper.write_text(
        "#!/bin/sh\n"
        f"started={shlex.quote(str(started))}\n"
        f"{slow}\n"
        'if [ "$1" = test ]; then\n'
        '  i=0; while [ ! -e "$started" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n'
        "fi\n"
        f'exec {shlex.quote(_go())} "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper


def _first_run(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, wrapper: Path, cache: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    shutil.copytree(FIXTURE, pytester.path, dirs_exist_ok=True)
    (pytester.path / "pytest.ini").write_text(f"[pytest]\ngo_binary = {wrapper}\n")


def _analyzer(cache: Path) -> Path:
    go = _go()
    return analyzer_path(cache / "pytest-gotest", go_version(go), analyzer_source_hash())


def _run_without_waiting(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    run_pytest: RunPytest,
    tmp_path: Path,
    slow: str,
    started: Path,
    *args: str,
) -> None:
    """A first run in warn mode whose go wrapper runs ``slow`` (which touches ``started``
    and sleeps 120 s): the run ends without waiting, says why it shows no findings, and
    stops the wrapper shell (sleeping inside go) with its process group. What it says is a
    line of the summary, not a warning: with warnings turned into errors the run's outcome
    is still the tests' alone."""
    wrapper = _wrapper(tmp_path / "bin", slow, started)
    _first_run(pytester, monkeypatch, wrapper, tmp_path / "empty-cache")
    result = run_pytest("-W", "error::pytest_gotest.GoInitHazardWarning", *args, timeout=100)
    assert started.exists()
    result.assert_outcomes(passed=5, errors=3, warnings=0)
    output = result.stdout.str()
    assert output.count(SKIPPED) == 1
    assert "GoInitHazardWarning" not in output
    assert WORKERS_WAIT_FOR_BUILD not in output  # nothing marked: no worker waits
    assert list(processes_under(wrapper.parent)) == []


@IN_ONE_PROCESS_AND_UNDER_XDIST
def test_warn_mode_does_not_wait_for_the_analyzer_build(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    run_pytest: RunPytest,
    tmp_path: Path,
    workers: tuple[str, ...],
) -> None:
    """The build (here made to take 120 s) is stopped, whole process group included, the run
    says why it shows no findings (under xdist the controller, once, from its workers), and
    the build is marked as cut short. Had the run waited, the build would have finished with
    findings and no such line."""
    started = tmp_path / "build-started"
    slow = 'if [ "$1" = run ]; then touch "$started"; sleep 120; fi'
    _run_without_waiting(pytester, monkeypatch, run_pytest, tmp_path, slow, started, *workers)
    binary = _analyzer(tmp_path / "empty-cache")
    assert not binary.exists()
    assert binary.with_name(binary.name + ".pending").exists()


def test_warn_mode_does_not_wait_for_the_first_analysis(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    run_pytest: RunPytest,
    tmp_path: Path,
) -> None:
    """The analyzer is built, but the analysis with it (its package loading, a ``go list
    -deps`` through this wrapper, made to take 120 s) is still running when the tests end:
    the run does not wait for it, stops it, and says why it shows no findings. That analysis
    ran at the lowest priority (nobody waited for it), as the build does; the build is
    kept for the next run."""
    started = tmp_path / "analysis-started"
    niceness = tmp_path / "niceness"
    # The analyzer's niceness (field 19 of its /proc stat; this shell is its child).
    slow = (
        'case " $* " in *" list "*" -deps "*) '
        f"cut -d' ' -f19 /proc/$PPID/stat > {shlex.quote(str(niceness))}; "
        'touch "$started"; sleep 120;; esac'
    )
    _run_without_waiting(pytester, monkeypatch, run_pytest, tmp_path, slow, started)
    assert niceness.read_text().strip() == "19"
    binary = _analyzer(tmp_path / "empty-cache")
    assert binary.is_file()
    assert not binary.with_name(binary.name + ".pending").exists()


@IN_ONE_PROCESS_AND_UNDER_XDIST
def test_a_build_cut_short_is_waited_for_by_the_next_run(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    run_pytest: RunPytest,
    tmp_path: Path,
    workers: tuple[str, ...],
) -> None:
    """A previous run stopped the build (its mark is there): this run waits for the build
    (slowed by 5 s, and the tests start only after it began) and for the analysis, says what
    it is waiting for (the waiting process; under xdist the controller, at once, since the
    workers that wait have no terminal), and shows the findings. Without the mark the same
    run skips the analysis (the first test here)."""
    cache = tmp_path / "cache"
    binary = _analyzer(cache)
    binary.parent.mkdir(parents=True)
    pending = binary.with_name(binary.name + ".pending")
    pending.touch()
    started = tmp_path / "build-started"
    slow = 'if [ "$1" = run ]; then touch "$started"; sleep 5; fi'
    wrapper = _wrapper(tmp_path / "bin", slow, started)
    _first_run(pytester, monkeypatch, wrapper, cache)
    result = run_pytest(*workers, timeout=100)
    assert started.exists()
    output = result.stdout.str()
    assert SKIPPED not in output
    note = WORKERS_WAIT_FOR_BUILD if workers else WAITING_FOR_BUILD
    assert output.count(note) == 1
    assert output.index(note) < output.index(" passed")
    assert set(warned(result)) >= REQUIRED
    assert binary.is_file()
    assert not pending.exists()


def test_a_first_analysis_the_tests_would_not_outlast_is_not_started(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    run_pytest: RunPytest,
    tmp_path: Path,
) -> None:
    """The build ends when every package is done (the go wrapper holds the end of go test's
    output until the analyzer exists, then for 5 s more): the tests have nothing left to
    outlast the analysis with, so it never starts (its ``go list -deps`` never runs); the run
    says it skipped the analysis, and the analyzer is kept for the next run. Started, the
    analysis would have run its go list within those 5 s (the second test here shows it
    does, with the tests held back)."""
    cache = tmp_path / "empty-cache"
    binary = _analyzer(cache)
    listed = tmp_path / "analysis-started"
    tested = tmp_path / "tests-done"
    prelude = (
        f"binary={shlex.quote(str(binary))}\n"
        f"listed={shlex.quote(str(listed))}\n"
        f"tested={shlex.quote(str(tested))}\n"
        f"go={shlex.quote(_go())}\n"
        'case " $* " in *" list "*" -deps "*) touch "$listed";; esac\n'
        'if [ "$1" = test ]; then\n'
        # go test's output ends (the shell holds it open) once the analyzer exists, 5 s later.
        '  "$go" "$@"; status=$?; touch "$tested"\n'
        '  i=0; while [ ! -e "$binary" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n'
        "  sleep 5; exit $status\n"
        "fi\n"
        'if [ "$1" = run ]; then\n'
        # The build waits until go test has finished every package.
        '  i=0; while [ ! -e "$tested" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n'
        "fi\n"
    )
    wrapper = write_sh_go(tmp_path / "bin", prelude, _go())
    _first_run(pytester, monkeypatch, wrapper, cache)
    result = run_pytest(timeout=100)
    result.assert_outcomes(passed=5, errors=3, warnings=0)
    assert SKIPPED in result.stdout.str()
    assert binary.is_file()
    assert not listed.exists()
    assert list(processes_under(wrapper.parent)) == []


@IN_ONE_PROCESS_AND_UNDER_XDIST
def test_error_mode_says_what_the_tests_wait_for(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    run_pytest: RunPytest,
    tmp_path: Path,
    workers: tuple[str, ...],
) -> None:
    """error mode's first run holds every package until the analyzer is built (here slowed
    by 3 s) and has run: the terminal says what it waits for before the first result (under
    xdist the controller, for its workers), and the affected packages then error with their
    findings."""
    started = tmp_path / "build-started"
    slow = 'if [ "$1" = run ]; then touch "$started"; sleep 3; fi'
    wrapper = _wrapper(tmp_path / "bin", slow, started)
    _first_run(pytester, monkeypatch, wrapper, tmp_path / "empty-cache")
    result = run_pytest("--go-init-hazards=error", "-v", *workers, timeout=100)
    result.assert_outcomes(passed=1, errors=7)
    output = result.stdout.str()
    note = WORKERS_BUILD_FIRST if workers else WAITING_FOR_BUILD
    assert output.count(note) == 1
    assert output.index(note) < output.index("clean/clean_test.go::TestClean")
    assert SKIPPED not in output


def test_the_skipped_note_names_the_cache_to_keep_only_on_ci() -> None:
    """On CI every run on a fresh machine is a first run: the note says which directory to
    keep between jobs (the user cache, here from XDG_CACHE_HOME); elsewhere it does not."""
    from pytest_gotest.plugin.hazards import skipped_note

    local = skipped_note({"HOME": "/home/dev"})
    assert local.startswith(SKIPPED)
    assert "On CI" not in local
    ci = skipped_note({"CI": "true", "XDG_CACHE_HOME": "/cache"})
    assert ci.startswith(local)
    assert ci.endswith(" On CI, keep /cache/pytest-gotest between jobs, as Go's build cache.")
    assert skipped_note({"CI": "", "HOME": "/home/dev"}) == local
