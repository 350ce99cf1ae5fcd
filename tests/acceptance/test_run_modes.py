"""--go-modes: every Go test once per run mode, against tests/testdata/gomods/runmodes (its
README.md says how each package behaves per mode; docs/run-modes.md).

One inner session runs the module in the nocgo, cgo, wasm and wasip1 modes with --go-cov, JUnit
and the init-hazard analysis (warn mode); one test reads it all (under xdist, a module-scoped
run shared by several tests runs once per worker). wasip1 is made unavailable on purpose
(``GOWASIRUNTIME`` names no runtime), so its skip-with-the-fix path is certain on every machine.
The cgo mode runs where Go finds a C compiler and is skipped with the reason otherwise. The
plugin host's cgo run is deselected there (a host built with --go-cov cannot load a plugin built
without coverage) and runs in a session of its own (test_a_plugin_loads_in_the_cgo_mode).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from pytest_gotest.core.isolation import probe

from .helpers import GomodFactory, RunPytest
from .session_runs import ModuleRun, copy_module, run_inner, short_summary, warnings_summary

GO = shutil.which("go") or "go"
NO_RUNTIME = "pytest-gotest-no-such-runtime"
MODES = "nocgo,cgo,wasm,wasip1"


def _cgo_here() -> bool:
    """Whether Go finds a C compiler here (then the cgo mode runs, else it is skipped)."""
    cc = subprocess.run([GO, "env", "CC"], capture_output=True, text=True, check=False)
    words = cc.stdout.split()
    return bool(words) and shutil.which(words[0]) is not None


@pytest.fixture(scope="module")
def modes_run(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    root = copy_module("runmodes", tmp_path_factory.mktemp("runmodes") / "mod")
    return run_inner(
        root,
        go_env,
        "-v",
        f"--go-modes={MODES}",
        "--go-cov",
        "--go-cov-report=term-missing",
        "--go-cov-report=json:cov.json",
        "--deselect=plugins/host/host_test.go::TestLoadPlugin[cgo]",
        env={"GOWASIRUNTIME": NO_RUNTIME},
    )


def _skipped(run: ModuleRun) -> set[str]:
    """Skipped node ids, from -v progress lines (-rA groups skips by location)."""
    return {
        line.split(" ", 1)[0]
        for line in run.result.stdout.lines
        if " SKIPPED" in line and "::" in line.split(" ", 1)[0]
    }


def test_one_run_in_four_modes(modes_run: ModuleRun) -> None:
    """One test for the shared inner run: under xdist each worker would run it again."""
    _every_test_runs_once_per_mode_with_that_modes_result(modes_run)
    _build_constraints_are_the_modes_own(modes_run)
    _a_package_that_does_not_build_in_one_mode_errors_there_only(modes_run)
    _a_mode_that_cannot_run_here_is_skipped_with_the_reason_and_fix(modes_run)
    _plugin_host_is_skipped_by_go_where_cgo_is_off(modes_run)
    _junit_names_carry_the_mode(modes_run)
    _coverage_of_every_mode_merges_into_one_report(modes_run)
    _hazards_of_a_file_only_one_mode_builds_are_found(modes_run)


def _outcome(run: ModuleRun, nodeid: str) -> list[str]:
    assert nodeid in run.outcomes, f"{nodeid} not reported:\n{short_summary(run.result)}"
    return run.outcomes[nodeid]


def _every_test_runs_once_per_mode_with_that_modes_result(modes_run: ModuleRun) -> None:

    def outcome(nodeid: str) -> list[str]:
        return _outcome(modes_run, nodeid)

    cgo_here = _cgo_here()
    # A pure test passes in every mode that runs.
    for mode in ("nocgo", "wasm"):
        assert outcome(f"resolver/resolver_test.go::TestKind[{mode}]") == ["PASSED"]
        assert outcome(f"resolver/resolver_test.go::TestKind[{mode}]/known") == ["PASSED"]
    if cgo_here:
        assert outcome("resolver/resolver_test.go::TestKind[cgo]") == ["PASSED"]
    else:
        assert "resolver/resolver_test.go::TestKind[cgo]" in _skipped(modes_run)
    # Starting a process: fine natively, impossible under js/wasm (Go's own message).
    assert outcome("system/system_test.go::TestShell[nocgo]") == ["PASSED"]
    assert outcome("system/system_test.go::TestShell[wasm]") == ["FAILED"]
    failed = [line for line in modes_run.result.stdout.lines if "TestShell[wasm] - " in line]
    assert failed
    assert "executable file not found" in failed[0]
    # A shared-state test fails the same way in each mode that runs.
    assert outcome("shared/shared_test.go::TestFirstHit[wasm]") == ["FAILED"]
    # The test-only context's test fails in every mode without --go-isolate
    # (test_modes_run_in_the_test_only_context: it passes with it).
    for mode in ("nocgo", "wasm", *(("cgo",) if cgo_here else ())):
        assert outcome(f"isolated/isolated_test.go::TestTestOnlyContext[{mode}]") == ["FAILED"]
    assert modes_run.result.ret == pytest.ExitCode.TESTS_FAILED


def _build_constraints_are_the_modes_own(modes_run: ModuleRun) -> None:
    ids = set(modes_run.outcomes)
    # _js_test.go: only the wasm mode builds it.
    assert "jsonly/global_js_test.go::TestJSGlobal[wasm]" in ids
    assert not any(i.startswith("jsonly/global_js_test.go::") and "[wasm]" not in i for i in ids)
    assert modes_run.outcomes["jsonly/global_js_test.go::TestJSGlobal[wasm]"] == ["PASSED"]
    # //go:build cgo and !cgo files: each only in its modes.
    assert "resolver/purego_test.go::TestPureGoResolver[nocgo]" in ids
    assert "resolver/purego_test.go::TestPureGoResolver[wasm]" in ids
    assert "resolver/purego_test.go::TestPureGoResolver[cgo]" not in ids
    assert "resolver/cgo_test.go::TestCgoResolver[cgo]" in ids
    assert not any("TestCgoResolver[nocgo]" in i or "TestCgoResolver[wasm]" in i for i in ids)


def _a_package_that_does_not_build_in_one_mode_errors_there_only(
    modes_run: ModuleRun,
) -> None:
    assert modes_run.outcomes["signals/signals_test.go::TestOnReload[wasm]"] == ["ERROR"]
    assert modes_run.outcomes["signals/signals_test.go::TestOnReload[nocgo]"] == ["PASSED"]
    text = modes_run.result.stdout.str()
    assert "signals.go:13:27: undefined: syscall.SIGUSR1" in text


def _a_mode_that_cannot_run_here_is_skipped_with_the_reason_and_fix(
    modes_run: ModuleRun,
) -> None:
    skipped = _skipped(modes_run)
    assert "resolver/resolver_test.go::TestKind[wasip1]" in skipped
    assert "jsonly/platform_test.go::TestName[wasip1]" in skipped
    assert not any(i.endswith("[wasip1]") for i in modes_run.outcomes)  # no other outcome
    skips = [line for line in modes_run.result.stdout.lines if line.startswith("SKIPPED [")]
    reason = next(line for line in skips if "wasip1 mode" in line)
    # The test's own file, not the plugin's source; the reason names the fix.
    assert " resolver/resolver_test.go:" in reason or "_test.go:" in reason.split(": ")[0]
    assert "pytest_gotest" not in reason
    assert f"$GOWASIRUNTIME is {NO_RUNTIME!r}, which is not on PATH" in reason
    if not _cgo_here():
        assert any("cgo mode needs a C compiler" in line for line in skips)


def _plugin_host_is_skipped_by_go_where_cgo_is_off(modes_run: ModuleRun) -> None:
    assert modes_run.outcomes["plugins/greeter/greeter_test.go::TestGreet[nocgo]"] == ["PASSED"]
    skipped = _skipped(modes_run)
    assert "plugins/host/host_test.go::TestLoadPlugin[nocgo]" in skipped
    assert "plugins/host/host_test.go::TestLoadPlugin[wasm]" in skipped
    assert any(
        "plugin.Open needs cgo" in line and "host_test.go" in line
        for line in modes_run.result.stdout.lines
    )


def _junit_names_carry_the_mode(modes_run: ModuleRun) -> None:
    cases = ET.parse(modes_run.junit).getroot().iter("testcase")
    names = {(c.get("classname"), c.get("name")) for c in cases}
    assert ("example.com/runmodes/resolver", "TestKind[wasm]") in names
    assert ("example.com/runmodes/resolver", "TestKind[wasm]/known") in names
    assert ("example.com/runmodes/jsonly", "TestJSGlobal[wasm]") in names
    assert ("example.com/runmodes/resolver", "TestKind") not in names


def _coverage_of_every_mode_merges_into_one_report(modes_run: ModuleRun) -> None:
    data = json.loads((modes_run.root / "cov.json").read_text())
    files = {
        name.rsplit("/", 2)[-2] + "/" + name.rsplit("/", 1)[-1]: v
        for name, v in data["files"].items()
    }
    # platform_js.go is built by the wasm mode only, platform_other.go by the others: both
    # count, each covered by the mode that builds it.
    for name in ("jsonly/platform_js.go", "jsonly/platform_other.go"):
        assert name in files, sorted(files)
        assert files[name]["summary"]["covered_statements"] == 1, files[name]
        assert files[name]["missing_lines"] == [], files[name]


def _hazards_of_a_file_only_one_mode_builds_are_found(modes_run: ModuleRun) -> None:
    # jsonly/global_js.go is built by the wasm mode only (the first mode, nocgo, never
    # sees it): its init's log.Fatal is found by that mode's own analysis.
    summary = warnings_summary(modes_run.result)
    assert "jsonly/global_js.go:11: GoInitHazardWarning: H3 process exit at init" in summary


def test_k_m_and_node_ids_select_by_mode(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    root = copy_module("runmodes", tmp_path_factory.mktemp("runmodes-select") / "mod")
    subtest = "resolver/resolver_test.go::TestKind[nocgo]/known"
    by_k = run_inner(
        root,
        go_env,
        "--collect-only",
        "-q",
        "--go-modes=nocgo,wasm",
        "-k",
        "wasm and resolver or known",
        "resolver",
        subtest,
    )
    ids = {line for line in by_k.result.stdout.lines if "::" in line}
    assert ids == {
        "resolver/resolver_test.go::TestKind[wasm]",
        "resolver/purego_test.go::TestPureGoResolver[wasm]",
        subtest,  # a subtest id with its mode: an item of its own, run in that mode
    }
    by_m = run_inner(
        root,
        go_env,
        "--collect-only",
        "-q",
        "--go-modes=nocgo,wasm",
        "-m",
        "go_mode(name='wasm')",
        "jsonly",
        subtest,
    )
    ids = {line for line in by_m.result.stdout.lines if "::" in line}
    assert ids == {
        "jsonly/platform_test.go::TestName[wasm]",
        "jsonly/global_js_test.go::TestJSGlobal[wasm]",
    }


def test_lf_and_k_from_earlier_runs_work_per_mode(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    """--lf finds mode items by their stored ids (pytest 9.2 parses both into NodeIds), and the
    shared-state test, rerun alone, passes: the "passes only isolated" case of the fixture.
    -k picks a subtest that an earlier run reported, in the mode it names."""
    gomod("runmodes")
    first = run_pytest("-q", "--go-modes=nocgo,wasm", "shared", "resolver", cache=True)
    first.assert_outcomes(passed=6, failed=2)
    again = run_pytest("-rA", "--go-modes=nocgo,wasm", "--lf", "shared", cache=True)
    again.stdout.fnmatch_lines(["run-last-failure: rerun previous 2 failures*"])
    again.assert_outcomes(passed=2)
    passed = {line for line in again.stdout.lines if line.startswith("PASSED ")}
    assert passed == {
        "PASSED shared/shared_test.go::TestFirstHit[nocgo]",
        "PASSED shared/shared_test.go::TestFirstHit[wasm]",
    }
    picked = run_pytest(
        "--collect-only", "-q", "--go-modes=nocgo,wasm", "-k", "wasm and known", "resolver",
        cache=True,
    )  # fmt: skip
    ids = {line for line in picked.stdout.lines if "::" in line}
    assert ids == {"resolver/resolver_test.go::TestKind[wasm]/known"}


def test_a_single_wasip1_mode_runs_with_a_runtime_found_here(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    """A real WASI run where a runtime exists (wasmtime, or wazero on PATH or in
    $(go env GOPATH)/bin); one mode alone keeps the plain node ids."""
    from pytest_gotest.core.modes import MODES, ModeProbe
    from pytest_gotest.core.toolchain import GoToolchain

    reason = ModeProbe(GoToolchain(GO)).unavailable(MODES["wasip1"])
    if reason is not None:
        pytest.skip(f"no WebAssembly runtime here: {reason}")
    gomod("runmodes")
    result = run_pytest("-rA", "--go-modes=wasip1", "jsonly", "system")
    passed = {line for line in result.stdout.lines if line.startswith(("PASSED ", "FAILED "))}
    assert {line.split(" - ")[0] for line in passed} == {
        "PASSED jsonly/platform_test.go::TestName",
        "FAILED system/system_test.go::TestShell",  # no processes under WASI
    }


def test_modes_run_in_the_test_only_context(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    """--go-isolate with several modes: every mode's binaries run in the namespace (a wasm
    binary through Go's go_js_wasm_exec inside it), so the test that needs the test-only
    context (TZ=UTC, an empty private HOME) passes in each."""
    reason = probe()
    if reason is not None:
        pytest.skip(f"this machine cannot make network namespaces: {reason}")
    gomod("runmodes")
    result = run_pytest("-q", "--go-isolate", "--go-modes=nocgo,wasm", "isolated")
    result.assert_outcomes(passed=2)


def test_the_wasip1_mode_runs_isolated_with_the_runtime_it_picked(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    """--go-isolate with wasip1: GOWASIRUNTIME (set by the mode when it picks wazero) reaches
    Go's go_wasip1_wasm_exec in the namespace; dropped, the script fell back to wasmtime."""
    from pytest_gotest.core.modes import MODES, ModeProbe
    from pytest_gotest.core.toolchain import GoToolchain

    reason = probe() or ModeProbe(GoToolchain(GO)).unavailable(MODES["wasip1"])
    if reason is not None:
        pytest.skip(f"no network namespace or no WebAssembly runtime here: {reason}")
    gomod("runmodes")
    result = run_pytest("-q", "--go-isolate", "--go-modes=wasip1", "isolated")
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize("order", ["native,race", "race,native"])
def test_a_mode_go_cannot_list_here_is_skipped_and_the_others_run(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    go_env: dict[str, str],
    order: str,
) -> None:
    """GOARCH=386: go list with -race fails outright ("-race is not supported on
    linux/386"). The race mode's tests are skipped with the reason, as for any mode this
    machine cannot run, and native's run, whichever mode comes first (the file errored at
    collection before, every mode's tests with it)."""
    root = gomod("runmodes")
    raw = subprocess.run(
        [GO, "test", "-count=1", "./racy"],
        cwd=root,
        env={**os.environ, **go_env, "GOARCH": "386"},
        capture_output=True,
        check=False,
    )
    if raw.returncode != 0:
        pytest.skip(f"go test cannot run 386 binaries here: {raw.stdout.decode()[-300:]}")
    monkeypatch.setenv("GOARCH", "386")
    result = run_pytest("-rA", f"--go-modes={order}", "racy")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "PASSED racy/racy_test.go::TestCounter?native?",
            "SKIPPED ?1? racy/racy_test.go:*: race mode: Go's race detector does not support "
            "GOARCH=386",
        ]
    )


def test_a_plugin_loads_in_the_cgo_mode(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    """Plugin mode's other half (the shared run deselects it: a host built with --go-cov
    cannot load a plugin built without coverage): with cgo the host test builds the greeter
    with -buildmode=plugin and loads it; without cgo Go skips it, saying why."""
    if not _cgo_here():
        pytest.skip("no C compiler here: the cgo mode cannot run (its skip is tested above)")
    gomod("runmodes")
    result = run_pytest("-v", "-rs", "--go-modes=cgo,nocgo", "plugins/host")
    result.assert_outcomes(passed=1, skipped=1)
    lines, text = result.stdout.lines, result.stdout.str()
    host = "plugins/host/host_test.go"
    assert any(line.startswith(f"{host}::TestLoadPlugin[cgo] PASSED") for line in lines), text
    assert any(line.startswith(f"{host}::TestLoadPlugin[nocgo] SKIPPED") for line in lines), text
    assert any(
        line.startswith(f"SKIPPED [1] {host}:") and "plugin.Open needs cgo" in line
        for line in lines
    ), text


def test_the_race_mode_catches_a_data_race(gomod: GomodFactory, run_pytest: RunPytest) -> None:
    """What the race mode is for: a racy test passes natively (nocgo) and fails with -race,
    with the race detector's report as its text."""
    if not _cgo_here():
        pytest.skip("no C compiler here: the race mode (which needs cgo) cannot run")
    gomod("runmodes")
    result = run_pytest("-rA", "--go-modes=nocgo,race", "racy")
    result.assert_outcomes(passed=1, failed=1)
    text = result.stdout.str()
    assert "PASSED racy/racy_test.go::TestCounter[nocgo]" in text
    assert "FAILED racy/racy_test.go::TestCounter[race] - WARNING: DATA RACE" in text
    assert "race detected during execution of test" in text
