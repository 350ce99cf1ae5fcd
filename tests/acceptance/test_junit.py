"""JUnit XML of real Go runs, read back with junitparser: one testcase per Go test and subtest,
classname = Go import path, name = Go test name."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from junitparser import Error, Failure, Skipped

from .helpers import (
    GomodFactory,
    RunPytest,
    assert_basic_junit,
    junit_cases,
    junit_result,
    junit_status,
    junit_suite,
)


def test_basic_junit_one_testcase_per_go_test(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("basic")
    result = run_pytest("--junitxml=junit.xml")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert_basic_junit(pytester.path / "junit.xml")
    cases = junit_cases(junit_suite(pytester.path / "junit.xml"))
    calc = "example.com/basic/calc"
    # Go's own names, subtest path and all.
    for name in (
        "TestNames/case[1]",
        "TestNames/x/y",
        "TestNames/dup#01",
        "TestTable/one_plus_one",
        "TestNames/nested/deep",
    ):
        assert (calc, name) in cases
    assert ("example.com/basic/fuzzing", "FuzzReverse/seed#0") in cases
    assert ("example.com/basic/nested/deeper/pkg", "TestDeep") in cases

    bad_case = junit_result(cases[(calc, "TestSubFail/bad_case")], Failure)
    assert bad_case.message == "calc_test.go:65: Add(2, 2) = 4, want 5"
    sub_fails = junit_result(cases[(calc, "TestSubFails")], Failure)
    assert "calc_test.go:16: Sub(5, 3) = 2, want 3" in (sub_fails.text or "")
    assert "spans two lines: got=2" in (sub_fails.text or "")
    skipped = junit_result(cases[(calc, "TestSkipped")], Skipped)
    assert "needs a database" in (skipped.message or "")


def test_junit_failure_message_is_one_line(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    root = gomod("failing")
    # One more failing test with t.Log before its t.Error, like basic's TestSubFails.
    (root / "ok" / "log_test.go").write_text(
        'package ok\n\nimport "testing"\n\nfunc TestLogThenFail(t *testing.T) {\n'
        '\tt.Log("context first")\n\tt.Error("the failure")\n}\n',
        encoding="utf-8",
    )
    run_pytest("boom", "ok", "--junitxml=junit.xml")
    cases = junit_cases(junit_suite(pytester.path / "junit.xml"))
    panics = junit_result(cases[("example.com/failing/boom", "TestPanics")], Failure)
    assert (panics.message or "").startswith("panic: kaboom")
    assert "\n" not in (panics.message or "")
    failed = junit_result(cases[("example.com/failing/ok", "TestLogThenFail")], Failure)
    assert "\n" not in (failed.message or "")
    assert "context first" in (failed.text or "")
    assert "the failure" in (failed.text or "")


def test_skipped_text_does_not_point_into_the_plugin(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("basic")
    run_pytest("calc/calc_test.go::TestSkipped", "--junitxml=junit.xml")
    cases = junit_cases(junit_suite(pytester.path / "junit.xml"))
    skipped = junit_result(cases[("example.com/basic/calc", "TestSkipped")], Skipped)
    assert "needs a database" in (skipped.message or "")
    assert "pytest_gotest" not in (skipped.text or ""), skipped.text


def test_failing_module_junit_has_errors_for_tests_that_never_ran(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("failing")
    run_pytest("--junitxml=junit.xml")
    suite = junit_suite(pytester.path / "junit.xml")
    cases = junit_cases(suite)
    assert {key: junit_status(case) for key, case in cases.items()} == {
        ("example.com/failing/boom", "TestFirst"): "passed",
        ("example.com/failing/boom", "TestPanics"): "failed",
        ("example.com/failing/boom", "TestAfter"): "error",
        ("example.com/failing/compileerr", "TestA"): "error",
        ("example.com/failing/compileerr", "TestB"): "error",
        ("example.com/failing/ok", "TestOK"): "passed",
    }
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (6, 1, 3, 0)
    panics = junit_result(cases[("example.com/failing/boom", "TestPanics")], Failure)
    assert "panic: kaboom" in (panics.text or "")
    after = junit_result(cases[("example.com/failing/boom", "TestAfter")], Error)
    assert "TestPanics" in (after.message or "") + (after.text or "")
    for name in ("TestA", "TestB"):
        error = junit_result(cases[("example.com/failing/compileerr", name)], Error)
        assert 'cannot use "not an int"' in (error.text or "")
    counts = Counter(junit_status(case) for case in cases.values())
    assert counts == Counter({"passed": 2, "failed": 1, "error": 3})


def test_junit_time_is_go_elapsed_not_build_wait(
    gomod: GomodFactory, run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    gomod("basic")
    run_pytest("--junitxml=junit.xml")
    cases = junit_cases(junit_suite(pytester.path / "junit.xml"))
    # Go reports 0.00s for each of these (the parallel tests sleep 25 ms); building and starting
    # a package's test binary takes far longer and is nobody's test time.
    slow = {
        name: case.time
        for (_, name), case in cases.items()
        if "/" not in name and case.time is not None and case.time >= 0.2
    }
    assert not slow, slow


@pytest.mark.parametrize("dist", [[], ["-n", "2"]], ids=["single", "xdist"])
def test_junit_prefix_goes_before_the_import_path(
    gomod: GomodFactory, run_pytest: RunPytest, tmp_path: Path, dist: list[str]
) -> None:
    # As pytest puts --junit-prefix before a Python test's classname: every Go testcase
    # (tests, passing and failing subtests) gets it; it was left out.
    if dist:
        pytest.importorskip("xdist", reason="pytest-xdist is a test dependency")
    gomod("basic")
    xml = tmp_path / "prefixed.xml"
    run_pytest(*dist, "calc", "--junit-prefix=PFX", f"--junitxml={xml}")
    cases = junit_cases(junit_suite(xml))
    assert cases
    assert all(classname == "PFX.example.com/basic/calc" for classname, _ in cases), cases


GO = shutil.which("go")


def _go_minor() -> int:
    assert GO is not None
    done = subprocess.run([GO, "env", "GOVERSION"], capture_output=True, text=True, check=True)
    version = done.stdout
    match = re.match(r"go1\.(\d+)", version.strip())
    return int(match.group(1)) if match else 0


ATTR_TEST = """package attrs

import "testing"

func TestTop(t *testing.T) {
	t.Attr("owner", "alice")
	t.Run("pass", func(t *testing.T) { t.Attr("case", "p1") })
	t.Run("plain", func(t *testing.T) {})
	t.Run("fail", func(t *testing.T) { t.Attr("case", "f1"); t.Error("boom") })
}
"""


@pytest.mark.parametrize("xdist", [False, True], ids=["one-process", "xdist"])
def test_t_attr_pairs_are_junit_properties(
    pytester: pytest.Pytester, run_pytest: RunPytest, xdist: bool
) -> None:
    """Go 1.25's t.Attr: each test's and subtest's key/value pairs (go test -v prints them as
    `=== ATTR`) are the testcase's JUnit properties, as record_property's."""
    if GO is None or _go_minor() < 25:
        pytest.skip("t.Attr is Go 1.25's")
    pytester.makeini("[pytest]\n")
    (pytester.path / "go.mod").write_text("module example.com/attrs\n\ngo 1.25\n", "utf-8")
    (pytester.path / "a_test.go").write_text(ATTR_TEST, "utf-8")
    result = run_pytest("--junitxml=out.xml", *(("-n", "2") if xdist else ()))
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    properties = {
        case.get("name"): [(p.get("name"), p.get("value")) for p in case.iter("property")]
        for case in ET.parse(pytester.path / "out.xml").getroot().iter("testcase")
    }
    assert properties == {
        "TestTop": [("owner", "alice")],
        "TestTop/pass": [("case", "p1")],
        "TestTop/plain": [],
        "TestTop/fail": [("case", "f1")],
    }
