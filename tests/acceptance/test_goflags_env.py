"""-count and -cpu from GOFLAGS count like --go-flags (issue 10, item 2).

Go reads ``-count=2``, ``-cpu=1,2`` and ``-test.count=2`` from ``GOFLAGS`` in the environment
as well as from the command line, and then reports each test once per run. The ``repeats``
fixture module (README.md there) has tests that fail in exactly one of two runs: each must be
failed with the message of the run that failed, whichever way the runs were asked for. One
inner session per way of asking.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from .helpers import RunPytest, sections
from .session_runs import GOFLAGS, ModuleRun, copy_module, run_inner, short_summary, summary_line

PKG = "example.com/repeats/flaky"
FILE = "flaky/flaky_test.go"

EXPECTED = {
    f"{FILE}::TestFirstRunFails": ["FAILED"],
    f"{FILE}::TestSecondRunFails": ["FAILED"],
    f"{FILE}::TestSubFirstRunFails": ["FAILED"],
    f"{FILE}::TestSubFirstRunFails/child": ["FAILED"],
    f"{FILE}::TestSteady": ["PASSED"],
}
# Where each failing run's t.Errorf is.
LINES = {"TestFirstRunFails": 18, "TestSecondRunFails": 28, "TestSubFirstRunFails/child": 39}
# The message of the run that failed, per test.
MESSAGES = {
    "TestFirstRunFails": "first-run failure (run 1)",
    "TestSecondRunFails": "second-run failure (run 2)",
    "TestSubFirstRunFails/child": "subtest first-run failure (run 1)",
}

# name -> (extra pytest arguments, extra GOFLAGS)
WAYS = {
    "go-flags-count": (("--go-flags=-count=2",), ""),
    "goflags-count": ((), "-count=2"),
    "goflags-cpu": ((), "-cpu=1,2"),
    "goflags-test-count": ((), "-test.count=2"),
}


def _ways() -> list[object]:
    """The ways as ``repeats`` parameters."""
    return [pytest.param(name, id=name) for name in WAYS]


@pytest.fixture(scope="module")
def repeats(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
) -> ModuleRun:
    args, goflags = WAYS[request.param]
    root = copy_module("repeats", tmp_path_factory.mktemp(f"repeats-{request.param}") / "mod")
    env = {"GOFLAGS": f"{GOFLAGS} {goflags}".strip()}
    return run_inner(root, go_env, *args, env=env)


@pytest.mark.parametrize("repeats", _ways(), indirect=True)
def test_a_test_failing_in_any_run_is_failed(repeats: ModuleRun) -> None:
    result = repeats.result
    assert repeats.outcomes == EXPECTED, short_summary(result)
    result.assert_outcomes(passed=1, failed=4)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize("repeats", _ways(), indirect=True)
def test_the_failure_carries_the_message_of_the_failing_run(repeats: ModuleRun) -> None:
    found = sections(repeats.result)
    for name, message in MESSAGES.items():
        # The short summary shows the message: the failing run's first line.
        line = summary_line(repeats.result, "FAILED", f"{FILE}::{name}")
        assert line.endswith(f" - flaky_test.go:{LINES[name]}: {message}"), line
        assert message in found[f"{PKG}.{name}"]
    # Which run failed, and whose report it is (a flaky test's two runs disagree).
    first = found[f"{PKG}.TestFirstRunFails"]
    assert (
        "go test ran it 2 times (-count, -cpu): run 1 failed, run 2 passed; this report is run 1's."
        in first
    )
    second = found[f"{PKG}.TestSecondRunFails"]
    assert "run 1 passed, run 2 failed; this report is run 2's." in second


@pytest.mark.parametrize("repeats", _ways(), indirect=True)
def test_repeated_runs_are_not_called_forged(repeats: ModuleRun) -> None:
    text = repeats.result.stdout.str()
    assert "forged" not in text
    assert "printed before the test ran" not in text
    # The failure lands on its own test only: the steady test shows no other test's error.
    steady = summary_line(repeats.result, "PASSED", f"{FILE}::TestSteady")
    assert "failure" not in steady


REPEATED_FLAGS_TEST = """package flags

import "testing"

var runs int

func TestShort(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short")
	}
}

func TestSecondRun(t *testing.T) {
	runs++
	if runs == 2 {
		t.Fatal("fails in its second run")
	}
}
"""


def test_go_flags_given_twice_both_apply(pytester: pytest.Pytester, run_pytest: RunPytest) -> None:
    # Each --go-flags adds its flags (as -p, -W and -o add theirs): the first one was dropped
    # without a word, and -count=2 below never ran the second run that fails.
    pytester.path.joinpath("go.mod").write_text("module example.com/flags\n\ngo 1.22\n")
    pytester.path.joinpath("flags_test.go").write_text(REPEATED_FLAGS_TEST)
    pytester.path.joinpath("pytest.ini").write_text("[pytest]\n")
    result = run_pytest("-rA", "--go-flags=-count=2", "--go-flags=-short")
    result.stdout.fnmatch_lines(
        [
            "SKIPPED *flags_test.go:9: skipped under -short",
            "FAILED flags_test.go::TestSecondRun - *fails in its second run",
        ],
        consecutive=False,
    )
    result.assert_outcomes(failed=1, skipped=1)


def test_each_go_flags_is_split_on_its_own(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    # A quote opened in one --go-flags does not close in the next: each is refused as it
    # would be alone, naming the value to fix.
    pytester.path.joinpath("go.mod").write_text("module example.com/flags\n\ngo 1.22\n")
    pytester.path.joinpath("flags_test.go").write_text(REPEATED_FLAGS_TEST)
    pytester.path.joinpath("pytest.ini").write_text("[pytest]\n")
    result = run_pytest("--go-flags=-ldflags='-X a.b=c", "--go-flags=d'")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ['*--go-flags: cannot split "-ldflags=\'-X a.b=c": No closing quotation*']
    )


def test_a_package_failfast_never_started_says_so(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    # go test -failfast starts no test binary once one fails: b never runs (go test ./...
    # reports nothing for it either). Its tests are not run, and the reason names -failfast,
    # not a bare "exited with status 1".
    pytester.path.joinpath("go.mod").write_text("module example.com/ff\n\ngo 1.22\n")
    for name, body in (("a", 't.Error("a fails")'), ("b", "")):
        package = pytester.path / name
        package.mkdir()
        test = f"func Test{name.upper()}(t *testing.T) {{ {body} }}\n"
        package.joinpath(f"{name}_test.go").write_text(
            f'package {name}\n\nimport "testing"\n\n{test}'
        )
    pytester.path.joinpath("pytest.ini").write_text("[pytest]\n")
    result = run_pytest("-p", "no:randomly", "-rA", "--go-flags=-failfast -p=1 -count=1")
    # Go 1.22 still ran the other packages (a later cmd/go stops starting them): what go test
    # itself does here, with run_pytest's environment (the Go version under test).
    raw = subprocess.run(
        ["go", "test", "-json", "-failfast", "-p=1", "-count=1", "./..."],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        check=False,
    )
    b_passed = any(
        event.get("Package") == "example.com/ff/b" and event.get("Action") == "pass"
        for event in map(json.loads, raw.stdout.splitlines())
    )
    if b_passed:
        result.assert_outcomes(failed=1, passed=1)
        return
    result.stdout.fnmatch_lines_random(
        ["FAILED a/a_test.go::TestA - *a fails", "ERROR b/b_test.go::TestB - not run: go test *"]
    )
    assert (
        "not run: go test -failfast started no more test binaries after example.com/ff/a "
        "failed, before this package's ran"
    ) in result.stdout.lines
    result.assert_outcomes(failed=1, errors=1)
