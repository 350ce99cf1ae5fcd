"""Bad input and faults: a go that fails with a usage error, is killed
mid-run, stops its stream early or mixes non-JSON lines into it; bad option values. Each gives
a clear error naming what to fix, and nothing else is lost. (Missing go, a broken go.mod and
malformed --go-flags are in test_collection.py and test_outcomes.py.)"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from .helpers import GomodFactory, RunPytest, sections
from .session_runs import short_summary, summary_outcomes

PY_TEST_FILE = "def test_py():\n    assert True\n"

SELECTION = {
    "selection_test.go::TestAlpha": ["PASSED"],
    "selection_test.go::TestAlphaBeta": ["PASSED"],
    "selection_test.go::TestBeta": ["PASSED"],
    "selection_test.go::Test_under": ["PASSED"],
}


def fake_go(pytester: pytest.Pytester, on_test: str) -> Path:
    """A ``go`` whose ``go test`` runs the bash snippet ``on_test`` (with ``$REAL`` the real go
    and ``$WORK`` a scratch directory); every other subcommand is the real go."""
    real = shutil.which("go")
    assert real is not None
    directory = pytester.path.parent / f"{pytester.path.name}-fakego"
    directory.mkdir()
    wrapper = directory / "go"
    wrapper.write_text(
        "#!/bin/bash\n"
        f"REAL={shlex.quote(real)}\n"
        f"WORK={shlex.quote(str(directory))}\n"
        'if [ "$1" = test ]; then\n'
        f"{on_test}\n"
        "fi\n"
        'exec "$REAL" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper


def _no_crash(result: pytest.RunResult) -> None:
    text = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in text
    assert "Traceback" not in text


# -- go itself fails -------------------------------------------------------------------------

USAGE = (
    "flag provided but not defined: -bogus\n"
    "usage: go test [build/test flags] [packages] [build/test flags & test binary flags]\n"
    "Run 'go help test' and 'go help testflag' for details.\n"
)


def test_go_test_usage_error_errors_every_go_test_with_its_message(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("selection")
    pytester.makepyfile(test_py=PY_TEST_FILE)
    go = fake_go(pytester, f"printf %s {shlex.quote(USAGE)} >&2\nexit 2")
    result = run_pytest(f"--go-binary={go}", "-rA")
    _no_crash(result)
    outcomes = summary_outcomes(result)
    assert outcomes == {
        "test_py.py::test_py": ["PASSED"],
        **{nodeid: ["ERROR"] for nodeid in SELECTION},
    }, short_summary(result)
    error = sections(result)["ERROR at setup of example.com/selection.TestAlpha"]
    assert "flag provided but not defined: -bogus" in error
    assert "2" in error  # go's exit status


def test_go_rejecting_a_go_flags_value_is_reported(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    gomod("selection")
    result = run_pytest("--go-flags=-timeout=banana", "-rA")
    _no_crash(result)
    text = result.stdout.str() + result.stderr.str()
    assert "PASSED" not in text
    assert "banana" in text
    assert result.ret in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.TESTS_FAILED)
    if result.ret == pytest.ExitCode.USAGE_ERROR:
        assert "--go-flags" in result.stderr.str()
    else:
        assert summary_outcomes(result) == {n: ["ERROR"] for n in SELECTION}


# The stream is cut right after TestAlpha's pass event.
CUT_AFTER_ALPHA = (
    '"$REAL" "$@" > "$WORK/stream" 2> "$WORK/stderr"\n'
    'awk \'{print} /"Action":"pass"/ && /"Test":"TestAlpha"/ {exit}\' "$WORK/stream"\n'
)


def test_go_killed_by_a_signal_mid_run(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("selection")
    go = fake_go(pytester, CUT_AFTER_ALPHA + "kill -KILL $$")
    result = run_pytest(f"--go-binary={go}", "-rA")
    _no_crash(result)
    assert summary_outcomes(result) == {
        "selection_test.go::TestAlpha": ["PASSED"],  # Go reported it before dying
        "selection_test.go::TestAlphaBeta": ["ERROR"],
        "selection_test.go::TestBeta": ["ERROR"],
        "selection_test.go::Test_under": ["ERROR"],
    }, short_summary(result)
    error = sections(result)["ERROR at setup of example.com/selection.TestBeta"]
    assert re.search(r"SIGKILL|signal 9|killed by signal", error), error


def test_truncated_stream_errors_the_tests_without_a_result(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("selection")
    go = fake_go(pytester, CUT_AFTER_ALPHA + "exit 0")
    result = run_pytest(f"--go-binary={go}", "-rA")
    _no_crash(result)
    assert summary_outcomes(result) == {
        "selection_test.go::TestAlpha": ["PASSED"],
        "selection_test.go::TestAlphaBeta": ["ERROR"],
        "selection_test.go::TestBeta": ["ERROR"],
        "selection_test.go::Test_under": ["ERROR"],
    }, short_summary(result)
    error = sections(result)["ERROR at setup of example.com/selection.TestBeta"]
    assert "not run" in error
    assert re.search(r"no result|without a result", error), error


def test_non_json_lines_are_kept_as_package_output(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("output")
    # Garbage before the stream, between every event, and after it; go's status kept.
    inject = (
        "set -o pipefail\n"
        '"$REAL" "$@" | awk \'BEGIN {print "GARBAGE-START not json"}'
        ' {print; print "GARBAGE-LINE " NR " {not json"} END {print "GARBAGE-END"}\'\n'
        "exit $?"
    )
    go = fake_go(pytester, inject)
    result = run_pytest(f"--go-binary={go}", "-rA", "interleave")
    _no_crash(result)
    assert summary_outcomes(result) == {
        "interleave/interleave_test.go::TestQ1": ["PASSED"],
        "interleave/interleave_test.go::TestQ2": ["FAILED"],
        "interleave/interleave_test.go::TestQ3": ["PASSED"],
        "interleave/interleave_test.go::TestQ4": ["FAILED"],
    }, short_summary(result)
    report = sections(result)["example.com/output/interleave.TestQ2"]
    assert "Q2 failed" in report
    # Kept (as package output), not dropped and not mistaken for a test's own output: the
    # line before the package's first event too, and the last one (after its terminal
    # event) at least somewhere in the report.
    assert "GARBAGE-START not json" in report
    assert "GARBAGE-LINE 1 {not json" in report
    q1 = sections(result)["example.com/output/interleave.TestQ1"]
    assert "GARBAGE" not in q1
    assert "GARBAGE-END" in result.stdout.str()


def test_non_json_lines_after_the_last_result_reach_the_xdist_controller(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("output")
    inject = (
        'set -o pipefail\n"$REAL" "$@" | awk \'{print} END {print "GARBAGE-AFTER-ALL"}\'\nexit $?'
    )
    go = fake_go(pytester, inject)
    result = run_pytest(f"--go-binary={go}", "-n", "2", "interleave")
    _no_crash(result)
    result.assert_outcomes(passed=2, failed=2)
    text = result.stdout.str()
    assert "go output after the last package result" in text
    assert "GARBAGE-AFTER-ALL" in text


# -- bad option values -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ini", "setting"),
    [
        ("go_cov = maybe\n", "go_cov"),
        ("go_jobs = lots\n", "go_jobs"),
        ("go_capture_bytes = big\n", "go_capture_bytes"),
        ("go_capture_bytes = 0\n", "go_capture_bytes"),
    ],
    ids=["cov-maybe", "jobs-lots", "capture-big", "capture-zero"],
)
def test_unknown_ini_values_are_usage_errors_naming_the_setting(
    gomod: GomodFactory, run_pytest: RunPytest, ini: str, setting: str
) -> None:
    root = gomod("selection")
    (root / "pytest.ini").write_text("[pytest]\n" + ini, encoding="utf-8")
    result = run_pytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR, short_summary(result) + result.stderr.str()
    error = result.stderr.str()
    assert "ERROR:" in error
    assert setting in error
    assert "Traceback" not in error
    assert "INTERNALERROR" not in result.stdout.str() + error
    assert "passed" not in result.stdout.str()
