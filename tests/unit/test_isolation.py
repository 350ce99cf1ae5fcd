"""``--go-isolate``'s pure parts: the -exec words go reads back, the allow-list, the note on a
blocked connection, and the launcher's environment and test-log rules (docs/isolation.md).
The namespace itself is exercised for real in tests/acceptance/test_isolation.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_gotest.core import isolate_exec
from pytest_gotest.core.isolation import (
    DEFAULT_ENV_ALLOW,
    NOTE,
    check_env_names,
    exec_flag,
    go_quote_join,
    go_quoted_split,
    isolation_note,
    launcher_command,
)

# -- the -exec words -----------------------------------------------------------------------------


def test_go_quoted_split_reads_words_as_go_does() -> None:
    # cmd/internal/quoted.Split: quotes group words, with no escapes inside them.
    assert go_quoted_split("""a 'b c'  "d'e" f""") == ["a", "b c", "d'e", "f"]
    assert go_quoted_split("  ") == []
    with pytest.raises(ValueError, match="unterminated"):
        go_quoted_split("a 'b")


@given(st.lists(st.text(min_size=1).filter(lambda w: not ("'" in w and '"' in w)), max_size=5))
def test_joined_words_split_back_unchanged(words: list[str]) -> None:
    assert go_quoted_split(go_quote_join(words)) == words


def test_a_word_with_both_quotes_cannot_be_passed() -> None:
    with pytest.raises(ValueError, match="both quote characters"):
        go_quote_join(['it\'s "odd"'])


def test_the_exec_flag_names_the_launcher_its_version_and_the_allow_list() -> None:
    flag = exec_flag(("PATH", "MY_*"), chain=("/usr/bin/my exec",), python="/opt/py 3/python")
    assert flag.startswith("-exec=")
    words = go_quoted_split(flag.removeprefix("-exec="))
    assert words == launcher_command("/opt/py 3/python", ("PATH", "MY_*"), ("/usr/bin/my exec",))
    assert words[:3] == ["/opt/py 3/python", "-I", "-S"]
    assert Path(words[3]) == Path(isolate_exec.__file__).resolve()
    assert words[4:] == [
        f"--version={isolate_exec.VERSION}",
        "--env=PATH,MY_*",
        "--chained",
        "--",
        "/usr/bin/my exec",
    ]


# -- the allow-list ------------------------------------------------------------------------------


def test_extra_names_and_patterns_are_accepted() -> None:
    assert check_env_names(["MYAPP_MODE", " MYAPP_* ", "", "DB_[AB]"], "ini x") == (
        "MYAPP_MODE",
        "MYAPP_*",
        "DB_[AB]",
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("A=B", "not an environment variable name"),
        ("TWO WORDS", "not an environment variable name"),
        ("A,B", "not an environment variable name"),
        ("HOME", "always set by --go-isolate"),
        ("TZ", "always set by --go-isolate"),
    ],
)
def test_bad_extra_names_name_the_setting(name: str, words: str) -> None:
    with pytest.raises(ValueError, match=f"ini go_isolate_env: .*{words}"):
        check_env_names([name], "ini go_isolate_env")


def test_the_default_allow_list_keeps_nothing_that_reaches_the_outside() -> None:
    for name in ("HOME", "TMPDIR", "TZ", "HTTP_PROXY", "https_proxy", "SSL_CERT_FILE", "USER"):
        assert name not in DEFAULT_ENV_ALLOW


# -- the note ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "x_test.go:9: dial tcp 192.0.2.1:80: connect: network is unreachable",
        'Get "http://example.com/": dial tcp: lookup example.com on 10.0.0.2:53: '
        "dial udp 10.0.0.2:53: connect: network is unreachable",
        # systemd-resolved's stub is on loopback, but no resolver listens in the namespace.
        "lookup example.com on 127.0.0.53:53: read udp 127.0.0.1:40000->127.0.0.53:53: "
        "read: connection refused",
        # The C library's resolver (cgo, GODEBUG=netdns=cgo): EAI_AGAIN.
        "lookup example.com: Temporary failure in name resolution",
    ],
)
def test_a_blocked_connection_gets_the_note(text: str) -> None:
    assert isolation_note(text) == NOTE


@pytest.mark.parametrize(
    "text",
    [
        "dial tcp 127.0.0.1:5000: connect: connection refused",  # the test's own server
        "expected 3, got 4",
    ],
)
def test_other_failures_get_no_note(text: str) -> None:
    assert isolation_note(text) is None


# -- the launcher --------------------------------------------------------------------------------


def test_the_binary_gets_the_allowed_variables_and_private_dirs(tmp_path: Path) -> None:
    real = {
        "PATH": "/bin",
        "HOME": "/home/me",
        "TMPDIR": "/var/tmp",
        "TZ": "Europe/Paris",
        "MYAPP_A": "1",
        "MYAPP_B": "2",
        "SECRET_TOKEN": "x",
        "GOCACHE": "/cache/go",
    }
    env = isolate_exec.isolated_environment(real, ["PATH", "MYAPP_*"], str(tmp_path))
    assert env == {
        "PATH": "/bin",
        "MYAPP_A": "1",
        "MYAPP_B": "2",
        "TZ": "UTC",
        "HOME": str(tmp_path / "home"),
        "TMPDIR": str(tmp_path / "tmp"),
        # Go's configuration stays where the real HOME put it (GOCACHE was set explicitly).
        "GOCACHE": "/cache/go",
        "GOENV": "/home/me/.config/go/env",
        "GOPATH": "/home/me/go",
        "GOMODCACHE": "/home/me/go/pkg/mod",
    }
    assert (tmp_path / "home").is_dir()
    assert (tmp_path / "tmp").is_dir()


@pytest.mark.parametrize(
    ("binary", "args", "logged"),
    [
        ("/tmp/go-build123/b001/p.test", ["-test.v"], True),
        ("/tmp/go-build123/b042/p.test", [], True),
        ("/tmp/go-build123/b001/p.test", ["-test.testlogfile=/x"], False),  # given already
        ("/home/me/bin/p.test", [], False),  # not go's work directory: never write beside it
        ("/tmp/other/b001/p.test", [], False),
    ],
)
def test_the_test_log_goes_where_go_reads_it(binary: str, args: list[str], logged: bool) -> None:
    added = isolate_exec._testlog_args(binary, args)
    directory = binary.rsplit("/", 1)[0]
    assert added == ([f"-test.testlogfile={directory}/testlog.txt"] if logged else [])


def test_a_binary_built_for_elsewhere_runs_with_gos_runner_for_it(tmp_path: Path) -> None:
    # GOOS=js GOARCH=wasm: go itself would run the binary with go_js_wasm_exec from PATH.
    runner = tmp_path / "go_js_wasm_exec"
    runner.write_text("#!/bin/sh\n", encoding="utf-8")
    runner.chmod(0o755)
    path = f"/nonexistent:{tmp_path}"
    found = isolate_exec._cross_exec({"GOOS": "js", "GOARCH": "wasm", "PATH": path})
    assert found == str(runner)
    assert isolate_exec._cross_exec({"GOOS": "wasip1", "GOARCH": "wasm", "PATH": path}) is None
    # This machine's own platform, said or not: the binary runs itself.
    assert isolate_exec._cross_exec({"GOOS": "linux", "PATH": path}) is None
    assert isolate_exec._cross_exec({"PATH": path}) is None


def test_the_launcher_without_a_command_says_how_to_call_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert isolate_exec.main(["--env=PATH", "--"]) == 2
    assert "no command to run" in capsys.readouterr().err


# -- the settings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ini", "words"),
    [
        ("go_isolate = sometimes", "ini go_isolate: expected one of off, on, best-effort"),
        ("go_isolate_env = A=B", "ini go_isolate_env: 'A=B' is not an environment variable"),
    ],
)
def test_bad_settings_are_usage_errors(pytester: pytest.Pytester, ini: str, words: str) -> None:
    pytester.makeini(f"[pytest]\n{ini}\n")
    result = pytester.runpytest_inprocess("--co", "-p", "no:randomly")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert words in result.stderr.str()
