"""The init-hazard analysis through the real plugin (pytester subprocess runs, real go, real
analyzer built from the shipped sources) on tests/testdata/hazards/plugin_mod (its README.md
lists the packages and what must be said about each).

Whether the analyzer ran is read from a logging ``go`` wrapper: the analyzer is given the
plugin's go (``-go``) and its package loading is a ``go list -deps`` call, which nothing else in
the plugin makes; its build is the only ``go run`` (``go run -exec cp``, hazards/build.py).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from acceptance.helpers import go_invocations, logging_go, sections
from pytest_gotest.hazards.build import (
    analyzer_path,
    analyzer_source_hash,
    ensure_analyzer,
    go_version,
)
from pytest_gotest.hazards.findings import RULES

RunPytest = Callable[..., pytest.RunResult]
FIXTURE = Path(__file__).parent.parent / "testdata" / "hazards" / "plugin_mod"
M = "example.com/plugmod"
LINKED_FIXTURE = FIXTURE.parent / "linked_mod"
DEPPARSE_FIXTURE = FIXTURE.parent / "depparse_mod"
LOCALDEPS_FIXTURE = FIXTURE.parent / "localdeps"

# (location, rule) of the findings on plugin_mod (no ini allow-list) that the plugin tests rely
# on. The analyzer's own precision is tests/hazards/test_analyzer_rules.py's job: here the
# warnings must be exactly what the analyzer says (see `analyzer_findings`), and include these.
# quiet.go:8 (a goroutine) carries //gotest:allow H5 and must not appear.
REQUIRED = {
    ("early/exit0/exit0.go:7", "H3"),
    ("early/flagparse/flagparse.go:8", "H4"),
    ("early/listen/listen.go:12", "H1"),
    ("early/nomrun/nomrun_test.go:8", "T1"),
    ("lib/lib.go:6", "H7"),
    ("quiet/quiet.go:12", "H5"),
}
_WARNING_RE = re.compile(r"^  (\S+?):(\d+): GoInitHazardWarning: (H\d+|T\d+) ")


def _go() -> str:
    go = shutil.which("go")
    if go is None:  # pragma: no cover - CI always has Go
        pytest.fail("Go toolchain not installed; the init-hazard tests need it")
    return go


@pytest.fixture
def analyzer_cache(user_cache_dir: Path) -> Path:
    """The session's user cache directory (tests/conftest.py): one analyzer build for all."""
    return user_cache_dir


@pytest.fixture(scope="session")
def analyzer_findings(user_cache_dir: Path) -> set[tuple[str, str]]:
    """What the analyzer itself reports on plugin_mod's test packages, run directly."""
    go = _go()
    binary = ensure_analyzer(go, go_version(go), cache=user_cache_dir / "pytest-gotest")
    listed = subprocess.run(
        [go, "list", "-f", "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}", "./..."],
        cwd=FIXTURE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    proc = subprocess.run(
        # -no-linker-strings: as the plugin runs it for a go test without -ldflags=-X.
        [str(binary.path), "-C", str(FIXTURE), "-go", go, "-no-linker-strings", "-json", *listed],
        capture_output=True,
        text=True,
        check=True,
    )
    found = {
        (Path(f["file"]).relative_to(FIXTURE).as_posix() + f":{f['line']}", f["rule"])
        for f in json.loads(proc.stdout)["findings"]
    }
    assert found >= REQUIRED
    assert ("quiet/quiet.go:8", "H5") not in found
    return found


@pytest.fixture
def plugmod(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, analyzer_cache: Path
) -> Callable[[str], Path]:
    """Copy plugin_mod into the pytester directory with the given pytest.ini body."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(analyzer_cache))
    monkeypatch.delenv("PLUGMOD_PORT", raising=False)
    monkeypatch.delenv("PLUGMOD_KEEP_RUNNING", raising=False)

    def copy(ini: str = "") -> Path:
        shutil.copytree(FIXTURE, pytester.path, dirs_exist_ok=True)
        (pytester.path / "pytest.ini").write_text("[pytest]\n" + ini, encoding="utf-8")
        return pytester.path

    return copy


@pytest.fixture
def taken_port(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A port held open here, handed to early/listen's init: its net.Listen must fail."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        monkeypatch.setenv("PLUGMOD_PORT", str(port))
        yield port


def warned(result: pytest.RunResult) -> list[tuple[str, str]]:
    """(location relative to the run directory, rule) of each GoInitHazardWarning shown."""
    found: list[tuple[str, str]] = []
    for line in result.stdout.lines:
        match = _WARNING_RE.match(line)
        if match:
            path = Path(match.group(1))
            found.append((f"{_relative(path)}:{match.group(2)}", match.group(3)))
    return found


def _relative(path: Path) -> str:
    parts = path.parts
    for index in range(len(parts)):
        if parts[index] in (
            "early",
            "lib",
            "quiet",
            "clean",
            "users",
            "both",
            "exit",
            "guarded",
            "helper",
        ):
            return "/".join(parts[index:])
    return str(path)


def warning_text(result: pytest.RunResult, location: str) -> str:
    lines = [line for line in result.stdout.lines if f"/{location}: GoInitHazardWarning" in line]
    assert len(lines) == 1, (location, lines)
    return lines[0]


def analyzer_runs(log: Path) -> int:
    return sum("-deps" in call for call in go_invocations(log, "list"))


def test_warn_mode_shows_each_finding_once_and_explains_packages_that_died(
    plugmod: Callable[[str], Path],
    run_pytest: RunPytest,
    taken_port: int,
    analyzer_findings: set[tuple[str, str]],
) -> None:
    plugmod("")
    result = run_pytest("-rA")
    result.assert_outcomes(passed=4, errors=4, warnings=len(analyzer_findings))
    assert sorted(warned(result)) == sorted(analyzer_findings)

    # path:line, rule id, why, affected test packages, how to silence it
    lib = warning_text(result, "lib/lib.go:6")
    assert f"H7 {RULES['H7'].title}: init changes process-global state: os.Setenv" in lib
    assert f"why: {RULES['H7'].why}" in lib
    assert f"affects test packages: {M}/users/a, {M}/users/b" in lib
    assert "//gotest:allow H7" in lib
    # How to fix it, and where the docs explain the rule.
    assert f"fix: {RULES['H7'].fix} (see docs/init-hazards.md#h7-process-global-state" in lib
    listen = warning_text(result, "early/listen/listen.go:12")
    assert "via var listener -> mustListen -> net.Listen" in listen

    errors = sections(result)
    flag = errors[f"ERROR at setup of {M}/early/flagparse.TestFlag"]
    assert "flag provided but not defined" in flag
    assert "init hazard H4 at early/flagparse/flagparse.go:8 explains this" in flag
    exit0 = errors[f"ERROR at setup of {M}/early/exit0.TestAnswer"]
    assert "exited with status 0 without running its tests" in exit0
    assert "init hazard H3 at early/exit0/exit0.go:7 explains this" in exit0
    listener = errors[f"ERROR at setup of {M}/early/listen.TestAddr"]
    assert "bind: address already in use" in listener
    assert "init hazard H1 at early/listen/listen.go:12 explains this" in listener
    assert listener.count("explains this") == 1
    assert f"fix: {RULES['H1'].fix}" in listener
    # The package output is shown once (in the error's details), not again as a section.
    assert flag.count("Usage of ") == 1
    assert "Captured go package output" not in flag
    nomrun = errors[f"ERROR at setup of {M}/early/nomrun.TestTwo"]
    assert "exited with status 0 without running its tests" in nomrun
    assert "TestMain hazard T1 at early/nomrun/nomrun_test.go:8 explains this" in nomrun
    # A package that ran its tests is never "explained".
    assert "explains this" not in errors.get(f"PASSED {M}/users/a.TestUserA", "")


def test_error_mode_errors_affected_packages_and_never_starts_them(
    plugmod: Callable[[str], Path], run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    wrapper, log = logging_go(pytester)
    plugmod(f"go_binary = {wrapper}\n")
    result = run_pytest("--go-init-hazards=error", "-rA")
    result.assert_outcomes(passed=1, errors=7)
    assert warned(result) == []  # in error mode the findings are the errors
    errors = sections(result)
    users_a = errors[f"ERROR at setup of {M}/users/a.TestUserA"]
    assert users_a.startswith(
        f"not run: 1 init hazard in the test binary of {M}/users/a (--go-init-hazards=error)"
    )
    assert "lib/lib.go:6: H7 process-global state changed at init" in users_a
    # lib's finding affects users/a and users/b: this error counts the other, not lists
    # every one (a package 300 test packages import made each error list all 300).
    assert "also affects 1 other test package;" in users_a
    assert "affects test packages:" not in users_a
    listen = errors[f"ERROR at setup of {M}/early/listen.TestAddr"]
    assert "not run: " in listen
    assert " (--go-init-hazards=error)" in listen
    assert "early/listen/listen.go:12: H1" in listen
    # Only the clean package's binary ran; lib, which has no test files, is only built, as
    # go test ./... builds it (--go-untested=build).
    tested = go_invocations(log, "test")
    packages = {arg for call in tested for arg in call if arg.startswith(M)}
    assert packages == {f"{M}/clean", f"{M}/lib"}


def test_error_mode_shows_why_a_blocked_package_could_not_be_checked(
    plugmod: Callable[[str], Path], run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    # A blocked package that does not even build: go test is not started, so its compiler
    # error was only in a warning of the summary; the package's own error shows it now.
    root = plugmod("")
    broken = root / "brokeninit"
    broken.mkdir()
    (broken / "b.go").write_text(
        'package brokeninit\n\nimport "os"\n\nfunc init() { os.Setenv("B", 1) }\n',
        encoding="utf-8",
    )
    (broken / "b_test.go").write_text(
        'package brokeninit\n\nimport "testing"\n\nfunc TestB(t *testing.T) {}\n',
        encoding="utf-8",
    )
    result = run_pytest("--go-init-hazards=error", "brokeninit")
    error = sections(result)[f"ERROR at setup of {M}/brokeninit.TestB"]
    assert error.startswith(f"not run: 1 init hazard in the test binary of {M}/brokeninit")
    assert f"init-hazard analysis could not check {M}/brokeninit: " in error, error
    assert "cannot use 1 (untyped int constant) as string value" in error, error


def test_collect_only_runs_only_the_analysis(
    plugmod: Callable[[str], Path],
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    analyzer_findings: set[tuple[str, str]],
) -> None:
    """--collect-only with --go-init-hazards given prints the findings a run would show,
    and starts no test binary; without the option it stays a plain collection."""
    wrapper, log = logging_go(pytester)
    plugmod(f"go_binary = {wrapper}\n")
    result = run_pytest("--collect-only", "-q", "--go-init-hazards=error")
    assert result.ret == pytest.ExitCode.OK
    assert sorted(warned(result)) == sorted(analyzer_findings)
    assert analyzer_runs(log) == 1
    assert go_invocations(log, "test") == []
    exit0 = warning_text(result, "early/exit0/exit0.go:7")
    assert "init exits the process: os.Exit(0)" in exit0

    log.unlink()
    plain = run_pytest("--collect-only", "-q")
    assert warned(plain) == []
    assert analyzer_runs(log) == 0
    assert go_invocations(log, "test") == []
    # Nor is the analysis prepared while collecting (its first step asks go for its version).
    assert go_invocations(log, "env") == []


def test_off_runs_no_analysis(
    plugmod: Callable[[str], Path], run_pytest: RunPytest, pytester: pytest.Pytester
) -> None:
    wrapper, log = logging_go(pytester)
    plugmod(f"go_binary = {wrapper}\ngo_init_hazards = off\n")
    result = run_pytest("-rA")
    result.assert_outcomes(passed=5, errors=3)
    assert "GoInitHazardWarning" not in result.stdout.str()
    assert "explains this" not in result.stdout.str()
    assert go_invocations(log, "test")  # the wrapper did log this run
    assert analyzer_runs(log) == 0
    assert go_invocations(log, "run") == []  # the analyzer's build (go run -exec cp)
    assert go_invocations(log, "env") == []


def test_ini_allow_list_silences_by_rule_and_by_path(
    plugmod: Callable[[str], Path],
    run_pytest: RunPytest,
    analyzer_findings: set[tuple[str, str]],
) -> None:
    plugmod("go_init_hazards_allow =\n    H5:quiet/*\n    h7\n    H3:early/e*\n")
    result = run_pytest()
    expected = {
        (location, rule)
        for location, rule in analyzer_findings
        if rule != "H7"
        and not (rule == "H5" and location.startswith("quiet/"))
        and not (rule == "H3" and location.startswith("early/e"))
    }
    assert ("early/exit0/exit0.go:7", "H3") not in expected
    assert ("early/flagparse/flagparse.go:8", "H4") in expected
    assert sorted(warned(result)) == sorted(expected)
    result.assert_outcomes(passed=5, errors=3, warnings=len(expected))


def test_unknown_rule_in_allow_list_is_a_usage_error(
    plugmod: Callable[[str], Path], run_pytest: RunPytest
) -> None:
    plugmod("go_init_hazards_allow = H99\n")
    result = run_pytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "ini go_init_hazards_allow: unknown rule 'H99'" in result.stderr.str()


_GO_SETTINGS = ("GOVERSION", "GOFLAGS", "GOHOSTOS", "GOHOSTARCH")


def test_second_run_reads_cached_results(
    plugmod: Callable[[str], Path],
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    analyzer_findings: set[tuple[str, str]],
) -> None:
    wrapper, log = logging_go(pytester)
    plugmod(f"go_binary = {wrapper}\n")
    first = run_pytest()
    assert analyzer_runs(log) == 1
    # One go env for the whole analysis (version and build settings together); the analyzer
    # is handed the version (-goversion) instead of asking go again.
    assert go_invocations(log, "env") == [["env", "-json", *_GO_SETTINGS]]
    log.unlink()
    second = run_pytest()
    assert analyzer_runs(log) == 0
    # This go is a script (as a version manager's shim is): its answer is never remembered
    # (hazards/settings_cache.py; a Go installation's own binary: the next test).
    assert go_invocations(log, "env") == [["env", "-json", *_GO_SETTINGS]]
    assert go_invocations(log, "test")  # logged, just no analyzer
    assert sorted(warned(second)) == sorted(warned(first)) == sorted(analyzer_findings)
    # An edit to a module-local file is a new key: the analyzer runs again and sees it.
    lib = pytester.path / "lib" / "lib.go"
    lib.write_text(lib.read_text().replace("os.Setenv", "os.Unsetenv").replace(', "1")', ")"))
    log.unlink()
    third = run_pytest()
    assert analyzer_runs(log) == 1
    assert "os.Unsetenv" in warning_text(third, "lib/lib.go:6")


def test_an_edit_to_a_replaced_local_dependency_is_a_new_key(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """localdeps/replaced (its README.md): main replaces example.com/dep with ../dep. A run
    with nothing changed reads the cached result; once dep's init parses the command line,
    the next run analyses again and names dep's parse, which now runs first, instead of the
    cached answer's own/own.go."""
    shutil.copytree(LOCALDEPS_FIXTURE / "replaced", pytester.path, dirs_exist_ok=True)
    wrapper, log = logging_go(pytester)
    (pytester.path / "pytest.ini").write_text(f"[pytest]\ngo_binary = {wrapper}\n")
    title = "ERROR at setup of example.com/main/own.TestVerbose"
    first = run_pytest("-rA")
    first.assert_outcomes(errors=1, warnings=1)
    assert "init hazard H4 at main/own/own.go:10 explains this" in sections(first)[title]
    log.unlink()
    run_pytest("-rA").assert_outcomes(errors=1, warnings=1)
    assert analyzer_runs(log) == 0  # the stamps of dep's files are stable
    dep = pytester.path / "dep" / "dep.go"
    dep.write_text(dep.read_text() + "\nfunc init() { flag.Parse() }\n")
    third = run_pytest("-rA")
    assert analyzer_runs(log) == 1
    explained = sections(third)[title]
    assert "init hazard H4 at dep/dep.go:8, in example.com/dep (another module" in explained
    assert explained.count("explains this") == 1


def test_an_edit_to_another_workspace_module_is_a_new_key(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    """localdeps/workspace (its README.md): a go.work uses tested and helper. Once helper's
    init starts a goroutine, the next run analyses again and reports it (helper is a main
    module of the workspace, analysed as the tested module's own code)."""
    shutil.copytree(LOCALDEPS_FIXTURE / "workspace", pytester.path, dirs_exist_ok=True)
    wrapper, log = logging_go(pytester)
    (pytester.path / "pytest.ini").write_text(f"[pytest]\ngo_binary = {wrapper}\n")
    run_pytest().assert_outcomes(passed=1)
    log.unlink()
    run_pytest().assert_outcomes(passed=1)
    assert analyzer_runs(log) == 0
    helper = pytester.path / "helper" / "helper.go"
    helper.write_text(helper.read_text() + "\nfunc init() { go func() {}() }\n")
    third = run_pytest()
    third.assert_outcomes(passed=1, warnings=1)
    assert analyzer_runs(log) == 1
    assert warned(third) == [("helper/helper.go:7", "H5")]


_LOGGING_GO_SOURCE = """package main

import (
	"os"
	"strings"
	"syscall"
)

var logPath, realGo string

func main() {
	line := strings.Join(os.Args[1:], "\\t") + "\\t\\n"
	if f, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		f.WriteString(line)
		f.Close()
	}
	err := syscall.Exec(realGo, append([]string{realGo}, os.Args[1:]...), os.Environ())
	os.Stderr.WriteString("logging go: " + err.Error() + "\\n")
	os.Exit(2)
}
"""


def compiled_logging_go(tmp_path: Path) -> tuple[Path, Path]:
    """A logging go that is a compiled program in a Go installation's layout (``bin/go``
    beside the real ``VERSION``), execing the real go binary: a go whose ``go env`` answer
    the analysis may remember, which a script wrapper is not. (wrapper, log)"""
    go = _go()
    goroot = Path(
        subprocess.run(
            [go, "env", "GOROOT"], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    real_go = goroot / "bin" / "go"
    source = tmp_path / "logging-go" / "main.go"
    source.parent.mkdir()
    source.write_text(_LOGGING_GO_SOURCE, encoding="utf-8")
    install = tmp_path / "goinstall"
    (install / "bin").mkdir(parents=True)
    shutil.copyfile(goroot / "VERSION", install / "VERSION")
    wrapper, log = install / "bin" / "go", tmp_path / "go.log"
    flags = f"-X main.logPath={log} -X main.realGo={real_go}"
    env = {**os.environ, "GOFLAGS": "", "GOWORK": "off", "GOTOOLCHAIN": "local"}
    subprocess.run(
        [go, "build", "-ldflags", flags, "-o", str(wrapper), str(source)],
        cwd=source.parent,
        env=env,
        check=True,
    )
    return wrapper, log


@pytest.mark.parametrize("where", ["go-flags", "GOFLAGS"])
def test_a_string_var_counts_as_declared_only_in_a_run_linked_without_x(
    pytester: pytest.Pytester,
    run_pytest: RunPytest,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """linked_mod's `if mode != "" { os.Setenv(...) }`: `var mode string` is empty unless the
    linker sets it, so a run without -X has no finding there, and one with -X (from
    --go-flags, or from GOFLAGS, which go applies itself) has the H7; the test passes in both,
    seeing what the linker set."""
    shutil.copytree(LINKED_FIXTURE, pytester.path, dirs_exist_ok=True)
    monkeypatch.delenv("PLUGMOD_MODE", raising=False)
    plain = run_pytest()
    plain.assert_outcomes(passed=1)
    assert warned(plain) == []
    linker_flag = "-ldflags=-X=example.com/linkedmod.mode=on"
    if where == "GOFLAGS":
        monkeypatch.setenv("GOFLAGS", f"{os.environ.get('GOFLAGS', '')} {linker_flag}")
        linked = run_pytest()
    else:
        linked = run_pytest(f"--go-flags={linker_flag}")
    linked.assert_outcomes(passed=1)
    assert [(location.rsplit("/", 1)[-1], rule) for location, rule in warned(linked)] == [
        ("linked.go:12", "H7")
    ]


def test_a_parse_in_another_modules_init_explains_the_death_not_the_tested_code(
    pytester: pytest.Pytester, run_pytest: RunPytest, user_cache_dir: Path
) -> None:
    """depparse_mod (its README.md): flagdep, another module, parses the command line in its
    init, which runs before every init of the packages importing it. The error of `both`'s
    test names flagdep's parse, not `both`'s own (which never ran); `exit`'s names nothing,
    not its log.Fatal (which did not print the flag package's error). guardeddep's parses sit
    behind testing.Testing() guards, so `guarded`'s error names `guarded`'s own parse."""
    go = _go()
    ensure_analyzer(go, go_version(go), cache=user_cache_dir / "pytest-gotest")  # no first run
    shutil.copytree(DEPPARSE_FIXTURE, pytester.path, dirs_exist_ok=True)
    result = run_pytest("-rA")
    result.assert_outcomes(errors=3, warnings=3)
    errors = sections(result)
    both = errors["ERROR at setup of example.com/depparsemod/both.TestVerbose"]
    assert "flag provided but not defined" in both
    assert (
        "init hazard H4 at flagdep/flagdep.go:10, in example.com/flagdep (another module, "
        "imported by the tested code), explains this: its init parses command-line flags: "
        "flag.Parse" in both
    )
    assert both.count("explains this") == 1
    exit_error = errors["ERROR at setup of example.com/depparsemod/exit.TestVerbose"]
    assert "flag provided but not defined" in exit_error
    assert "explains this" not in exit_error
    # guardeddep's parses sit behind testing.Testing() guards: they never ran, and only
    # guarded's own parse, which did, explains its death.
    guarded = errors["ERROR at setup of example.com/depparsemod/guarded.TestVerbose"]
    assert "flag provided but not defined" in guarded
    assert "init hazard H4 at guarded/guarded.go:12 explains this" in guarded
    assert guarded.count("explains this") == 1
    assert "guardeddep" not in guarded.split("package example.com/depparsemod/guarded output:")[0]
    assert sorted(warned(result)) == [
        ("both/both.go:11", "H4"),
        ("exit/exit.go:14", "H3"),
        ("guarded/guarded.go:12", "H4"),
    ]


def test_a_warm_run_starts_no_go_for_the_analysis(
    plugmod: Callable[[str], Path],
    run_pytest: RunPytest,
    tmp_path: Path,
    analyzer_findings: set[tuple[str, str]],
) -> None:
    wrapper, log = compiled_logging_go(tmp_path)
    plugmod(f"go_binary = {wrapper}\n")
    first = run_pytest()
    assert go_invocations(log, "env") == [["env", "-json", *_GO_SETTINGS]]
    log.unlink()
    second = run_pytest()
    # The Go version comes from the user cache: no go env, no analyzer (its go list -deps).
    assert go_invocations(log, "env") == []
    assert analyzer_runs(log) == 0
    assert go_invocations(log, "test")  # logged, just nothing for the analysis
    assert sorted(warned(second)) == sorted(warned(first)) == sorted(analyzer_findings)


def test_analyzer_build_failure_is_a_warning_and_tests_still_run(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    run_pytest: RunPytest,
    tmp_path: Path,
) -> None:
    wrapper = tmp_path / "bin" / "go"
    wrapper.parent.mkdir()
    wrapper.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = run ]; then echo "go: simulated build failure" >&2; exit 1; fi\n'
        f'exec {shlex.quote(_go())} "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    shutil.copytree(FIXTURE, pytester.path, dirs_exist_ok=True)
    (pytester.path / "pytest.ini").write_text(f"[pytest]\ngo_binary = {wrapper}\n")
    result = run_pytest()
    result.assert_outcomes(passed=5, errors=3, warnings=1)
    text = result.stdout.str()
    assert "GoInitHazardWarning: init-hazard analysis did not run: the analyzer could not be " in (
        text
    )
    assert "(--go-binary / ini go_binary)" in text
    assert "simulated build failure" in text
    assert "--go-init-hazards=off" in text
    # A build that failed by itself is not one cut short: the next run need not wait for it.
    assert not list((tmp_path / "empty-cache").rglob("*.pending"))


def test_xdist_reports_each_finding_once(
    plugmod: Callable[[str], Path],
    run_pytest: RunPytest,
    pytester: pytest.Pytester,
    analyzer_findings: set[tuple[str, str]],
) -> None:
    wrapper, log = logging_go(pytester)
    plugmod(f"go_binary = {wrapper}\n")
    result = run_pytest("-n", "2")
    result.assert_outcomes(passed=5, errors=3, warnings=len(analyzer_findings))
    assert sorted(warned(result)) == sorted(analyzer_findings)
    # Both workers needed the result; the cache lock let only one run the analyzer.
    assert analyzer_runs(log) == 1
    errors = sections(result)
    assert "explains this" in errors[f"ERROR at setup of {M}/early/flagparse.TestFlag"]


def test_xdist_error_mode(plugmod: Callable[[str], Path], run_pytest: RunPytest) -> None:
    plugmod("go_init_hazards = error\n")
    result = run_pytest("-n", "2")
    result.assert_outcomes(passed=1, errors=7)


def test_warning_filter_error_fails_the_run_without_an_internal_error(
    plugmod: Callable[[str], Path], run_pytest: RunPytest
) -> None:
    plugmod("")
    result = run_pytest("-W", "error::pytest_gotest.GoInitHazardWarning", "users")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        ["ERROR GoInitHazardWarning (a warning filter): lib/lib.go:6: H7 process-global *"]
    )
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_concurrent_processes_build_the_analyzer_once(tmp_path: Path) -> None:
    """xdist workers starting together: the file lock lets one build, the others reuse it."""
    log = tmp_path / "go.log"
    wrapper = tmp_path / "bin" / "go"
    wrapper.parent.mkdir()
    wrapper.write_text(
        "#!/bin/sh\n"
        f"printf '%s\\n' \"$1\" >> {shlex.quote(str(log))}\n"
        f'exec {shlex.quote(_go())} "$@"\n'
    )
    wrapper.chmod(0o755)
    cache = tmp_path / "cache"
    code = (
        "import sys; from pathlib import Path; "
        "from pytest_gotest.hazards.build import ensure_analyzer; "
        "print(ensure_analyzer(sys.argv[1], 'go-test-version', cache=Path(sys.argv[2])).path)"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(wrapper), str(cache)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    paths = {process.communicate(timeout=600)[0].strip() for process in processes}
    assert all(process.returncode == 0 for process in processes)
    assert len(paths) == 1
    built = Path(paths.pop())
    assert built.is_file()
    assert log.read_text().split().count("run") == 1  # go run -exec cp: the build
    # Nothing half-written is left beside it.
    assert sorted(p.name for p in built.parent.iterdir()) == [built.name, built.name + ".lock"]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (
            'echo "gotest-hazards: go list failed: boom" >&2; exit 3',
            "init-hazard analyzer failed in * (exit status 3): gotest-hazards: go list failed: *",
        ),
        ("echo 'not json'", "init-hazard analyzer output unreadable in *: not JSON *"),
    ],
    ids=["crash", "garbage"],
)
def test_analyzer_failure_is_a_warning_and_tests_still_run(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    run_pytest: RunPytest,
    tmp_path: Path,
    script: str,
    expected: str,
) -> None:
    # A broken analyzer where the plugin keeps its build: the cache entry for this Go version
    # and these analyzer sources.
    cache = tmp_path / "xdg"
    binary = analyzer_path(cache / "pytest-gotest", go_version(_go()), analyzer_source_hash())
    binary.parent.mkdir(parents=True)
    binary.write_text(f"#!/bin/sh\n{script}\n")
    binary.chmod(0o755)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    shutil.copytree(FIXTURE, pytester.path, dirs_exist_ok=True)
    (pytester.path / "pytest.ini").write_text("[pytest]\n")
    result = run_pytest("clean", "early/flagparse")
    result.assert_outcomes(passed=1, errors=1, warnings=1)
    result.stdout.fnmatch_lines([f"*GoInitHazardWarning: {expected}"])
    assert "--go-init-hazards=off" in result.stdout.str()
    assert "explains this" not in result.stdout.str()


@pytest.mark.parametrize("workers", [(), ("-n", "2")], ids=["one-process", "xdist"])
def test_a_package_that_does_not_build_is_told_once(
    pytester: pytest.Pytester, run_pytest: RunPytest, workers: tuple[str, ...]
) -> None:
    """The analyzer's type errors for a package go test could not build repeat the build
    failure each of its tests shows: no "could not check" warning for it (its findings
    stay: they are true of the code)."""
    shutil.copytree(FIXTURE.parent / "broken", pytester.path, dirs_exist_ok=True)
    (pytester.path / "pytest.ini").write_text("[pytest]\n")
    result = run_pytest("-rA", *workers)
    result.assert_outcomes(passed=1, errors=1, warnings=2)
    errors = sections(result)
    assert (
        "build failed: example.com/broken/bad"
        in errors["ERROR at setup of example.com/broken/bad.TestOK"]
    )
    assert "could not check" not in result.stdout.str()
    assert sorted(rule for _where, rule in warned(result)) == ["H10", "H3"]
