"""Clear errors for bad settings (issue 10, item 9).

An unknown flag in --go-flags gets Go's own "flag provided but not defined"; ``-count=0``
gives one clear message, not a per-test error; a bad boolean ini value names its key;
``go_flags`` given as a TOML list in pyproject.toml works; a ``go`` that prints only a bare
``pass`` event without a package result is "not run", not passed. Fixture module ``settings``
(README.md there).
"""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest

from .session_runs import ModuleRun, copy_module, run_inner, short_summary, summary_line

PLAIN = "plain/plain_test.go::TestPlain"
TAGGED = "tagged/tagged_test.go::TestTagged"


def _module(tmp_path: Path, ini: str = "") -> Path:
    return copy_module("settings", tmp_path / "mod", ini)


def _plain(run: ModuleRun) -> None:
    text = run.result.stdout.str() + run.result.stderr.str()
    assert "Traceback" not in text
    assert "INTERNALERROR" not in text


# -- --go-flags -----------------------------------------------------------------------------


def test_an_unknown_go_flag_gets_gos_own_message(tmp_path: Path, go_env: dict[str, str]) -> None:
    flag = "-bogus"
    run = run_inner(_module(tmp_path), go_env, f"--go-flags={flag}", "plain")
    result = run.result
    _plain(run)
    text = result.stdout.str() + result.stderr.str()
    assert f"flag provided but not defined: {flag}" in text, text[-3000:]
    assert "needs a value" not in text
    assert "PASSED" not in result.stdout.str()
    # Either pytest refuses the option, or the Go test errors with go's message.
    if result.ret == pytest.ExitCode.USAGE_ERROR:
        assert "--go-flags" in result.stderr.str()
    else:
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert run.outcomes == {PLAIN: ["ERROR"]}, short_summary(result)
        assert "flag provided but not defined" in summary_line(result, "ERROR", PLAIN)


def test_count_zero_is_one_clear_usage_error(tmp_path: Path, go_env: dict[str, str]) -> None:
    run = run_inner(_module(tmp_path), go_env, "--go-flags=-count=0")
    result = run.result
    _plain(run)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, short_summary(result)
    error = result.stderr.str()
    assert error.count("ERROR:") == 1, error
    assert "--go-flags" in error
    assert "-count" in error
    assert "ERROR at setup" not in result.stdout.str()


@pytest.mark.parametrize(
    ("goflags", "words"),
    [
        ("-run=TestPass", "$GOFLAGS: -run is set by pytest-gotest"),
        ("-test.skip=TestX", "$GOFLAGS: -skip is set by pytest-gotest"),
        ("-fuzz=FuzzAdd", "$GOFLAGS: -fuzz is set by pytest-gotest"),
        ("-args", "$GOFLAGS: -args is set by pytest-gotest"),
        ("-v=false", "$GOFLAGS: -v=false keeps go test -json from reporting any test"),
    ],
)
def test_goflags_that_would_fight_the_plugin_are_one_clear_usage_error(
    tmp_path: Path, go_env: dict[str, str], goflags: str, words: str
) -> None:
    # go applies $GOFLAGS to every go test the plugin starts: -run made every other test
    # "not run", -fuzz fuzzed until the timeout, -v=false left no test event at all.
    env = {"GOFLAGS": f"{go_env.get('GOFLAGS', '')} {goflags}".strip()}
    run = run_inner(_module(tmp_path), go_env, env=env)
    result = run.result
    assert result.ret == pytest.ExitCode.USAGE_ERROR, short_summary(result)
    assert result.stderr.str().count("ERROR:") == 1, result.stderr.str()
    assert words in result.stderr.str()


def test_go_flags_v_false_is_refused(tmp_path: Path, go_env: dict[str, str]) -> None:
    run = run_inner(_module(tmp_path), go_env, "--go-flags=-test.v=false")
    assert run.result.ret == pytest.ExitCode.USAGE_ERROR, short_summary(run.result)
    assert "--go-flags: -v=false keeps go test -json" in run.result.stderr.str()


# -- ini values -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["option", "env"])
def test_a_go_binary_that_is_not_there_is_named_with_its_path(
    tmp_path: Path, go_env: dict[str, str], where: str
) -> None:
    missing = str(tmp_path / "nowhere" / "go")
    args = (f"--go-binary={missing}",) if where == "option" else ()
    env = {"GO": missing} if where == "env" else None
    run = run_inner(_module(tmp_path), go_env, *args, "plain", env=env)
    text = run.result.stdout.str()
    setting = "--go-binary" if where == "option" else "$GO"
    assert f"no go executable found (looked at {setting}={missing!r})" in text, text
    _plain(run)


def test_a_bad_boolean_ini_value_names_its_key(tmp_path: Path, go_env: dict[str, str]) -> None:
    run = run_inner(_module(tmp_path, "go_cov = maybe\n"), go_env)
    result = run.result
    _plain(run)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, short_summary(result)
    error = result.stderr.str()
    assert "go_cov" in error, error
    assert "maybe" in error, error


_TOML_LIST = 'go_flags = ["-tags=integration", "-count=1"]\n'


@pytest.mark.parametrize("table", ["tool.pytest.ini_options", "tool.pytest"])
def test_go_flags_as_a_toml_list_in_pyproject(
    tmp_path: Path, go_env: dict[str, str], table: str
) -> None:
    if table == "tool.pytest" and int(pytest.__version__.split(".")[0]) < 9:
        pytest.skip("the native [tool.pytest] table needs pytest 9")
    root = _module(tmp_path)
    (root / "pytest.ini").unlink()  # it would win over pyproject.toml
    (root / "pyproject.toml").write_text(f"[{table}]\n{_TOML_LIST}", encoding="utf-8")
    run = run_inner(root, go_env)
    _plain(run)
    # -tags=integration reached go list and go test: the tagged test is collected and runs.
    assert run.outcomes == {PLAIN: ["PASSED"], TAGGED: ["PASSED"]}, (
        short_summary(run.result) + run.result.stderr.str()
    )
    assert run.result.ret == pytest.ExitCode.OK


# -- a go that prints a bare pass ---------------------------------------------------------------


def _go_test_printing(directory: Path, lines: list[dict[str, object]]) -> Path:
    """A ``go`` whose ``go test`` prints ``lines`` (JSON) and exits 0; the rest is real go."""
    real = shutil.which("go")
    assert real is not None
    directory.mkdir(parents=True, exist_ok=True)
    stream = "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines)
    wrapper = directory / "go"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = test ]; then printf %s {shlex.quote(stream)}; exit 0; fi\n'
        f'exec {shlex.quote(real)} "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper


_TIME = "2026-01-01T00:00:00.000000000Z"
BARE: dict[str, list[dict[str, object]]] = {
    # A pass for the test: no run event, no output, no package result.
    "test-pass-only": [
        {
            "Time": _TIME,
            "Action": "pass",
            "Package": "example.com/settings/plain",
            "Test": "TestPlain",
        }
    ],
    # A pass for the package: no start, no test events, no output.
    "package-pass-only": [
        {"Time": _TIME, "Action": "pass", "Package": "example.com/settings/plain"},
    ],
}


@pytest.mark.parametrize(
    "stream",
    [
        "test-pass-only",
        "package-pass-only",
    ],
)
def test_a_bare_pass_without_a_package_result_is_not_run(
    tmp_path: Path, go_env: dict[str, str], stream: str
) -> None:
    go = _go_test_printing(tmp_path / "bin", BARE[stream])
    run = run_inner(_module(tmp_path), go_env, f"--go-binary={go}", "plain")
    _plain(run)
    assert run.outcomes == {PLAIN: ["ERROR"]}, short_summary(run.result)
    assert "not run" in summary_line(run.result, "ERROR", PLAIN)
    assert run.result.ret == pytest.ExitCode.TESTS_FAILED
