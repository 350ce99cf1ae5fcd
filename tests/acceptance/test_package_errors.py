"""No package is silently dropped (issue 10, item 5).

A test directory whose import path Go rejects (spaces, non-ASCII letters, quotes) or that
``go list -e`` reports only through a pattern error becomes an error with Go's message, never
a missing test with exit status 0; ``go list`` output that is not JSON is an error, not an
empty collection; a package directory reached through a symlink is collected once, as Go
lists it. Fixture module ``badpaths`` (README.md there: what Go 1.26's go list says for each
directory); the directories Windows cannot hold and the symlinks are made here.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from .helpers import write_sh_go
from .session_runs import ModuleRun, copy_module, run_inner, short_summary

MOD = "example.com/badpaths"

# directory -> (its test file, Go's message for it)
REJECTED = {
    "with space": (
        "space_test.go",
        f"malformed import path \"{MOD}/with space\": invalid char ' '",
    ),
    "ümlaut": ("umlaut_test.go", f"malformed import path \"{MOD}/ümlaut\": invalid char 'ü'"),
    "quote'single": (
        "quote_test.go",
        f"malformed import path \"{MOD}/quote'single\": invalid char '\\''",
    ),
    'quote"double': (
        "dq_test.go",
        f'malformed import path "{MOD}/quote\\"double": invalid char \'"\'',
    ),
    "at@sign": (
        "at_test.go",
        "pattern ./...: directory at@sign outside main module or its selected dependencies",
    ),
}
PASSING = {
    "good/good_test.go::TestGood": ["PASSED"],
    "plus+sign/plus_test.go::TestPlus": ["PASSED"],
    "real/real_test.go::TestReal": ["PASSED"],
}


def _make_hostile_entries(root: Path) -> None:
    """What a repository cannot portably hold: a `"` in a directory name, symlinks."""
    double = root / 'quote"double'
    double.mkdir()
    (double / "dq_test.go").write_text(
        'package dq\n\nimport "testing"\n\n'
        'func TestDouble(t *testing.T) { t.Log("TestDouble ran") }\n',
        encoding="utf-8",
    )
    os.symlink("real", root / "linked", target_is_directory=True)
    (root / "deep").mkdir()
    os.symlink(os.path.join("..", "real"), root / "deep" / "alias", target_is_directory=True)


@pytest.fixture(scope="module")
def badpaths(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> ModuleRun:
    if os.name == "nt":
        pytest.skip("needs a '\"' in a directory name and symlinks")
    root = copy_module("badpaths", tmp_path_factory.mktemp("badpaths") / "mod")
    _make_hostile_entries(root)
    return run_inner(root, go_env)


def error_lines(run: ModuleRun, path_prefix: str) -> list[str]:
    """``ERROR <node id> - <message>`` lines of the short summary whose node id starts with
    ``path_prefix`` (an error item ``dir/x_test.go::...`` or a collection error of the file)."""
    found = []
    in_summary = False
    for line in run.result.stdout.lines:
        if "short test summary info" in line:
            in_summary = True
        elif in_summary and line.startswith("ERROR ") and line[6:].startswith(path_prefix):
            found.append(line)
    return found


@pytest.mark.parametrize(
    "directory",
    list(REJECTED),
    ids=["space", "umlaut", "single-quote", "double-quote", "at-sign"],
)
def test_a_rejected_package_is_an_error_with_gos_message(
    badpaths: ModuleRun, directory: str
) -> None:
    file_name, message = REJECTED[directory]
    lines = error_lines(badpaths, f"{directory}/{file_name}")
    assert len(lines) == 1, short_summary(badpaths.result)
    assert message in lines[0], lines[0]


def test_a_run_with_rejected_packages_fails(badpaths: ModuleRun) -> None:
    result = badpaths.result
    assert result.ret == pytest.ExitCode.TESTS_FAILED, short_summary(result)
    text = result.stdout.str() + result.stderr.str()
    assert "Traceback" not in text
    assert "INTERNALERROR" not in text


def test_a_package_behind_symlinks_is_collected_once(badpaths: ModuleRun) -> None:
    passed = {n: w for n, w in badpaths.outcomes.items() if w == ["PASSED"]}
    assert passed == PASSING, short_summary(badpaths.result)
    assert "linked/" not in badpaths.result.stdout.str()
    assert "deep/alias/" not in badpaths.result.stdout.str()


def test_valid_packages_run(badpaths: ModuleRun) -> None:
    for nodeid, words in PASSING.items():
        assert badpaths.outcomes.get(nodeid) == words, short_summary(badpaths.result)


# -- go list output that is not JSON --------------------------------------------------------


def _go_list_printing(directory: Path, text: str) -> Path:
    """A ``go`` whose ``go list`` prints ``text`` and exits 0; other commands are the real go."""
    return write_sh_go(
        directory, f'if [ "$1" = list ]; then printf %s {shlex.quote(text)}; exit 0; fi\n'
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("go: something went wrong\nnot json at all\n", id="text"),
        pytest.param('{\n\t"Dir": "/nowhere",\n\t"ImportPath": "example.com/bad', id="cut-json"),
    ],
)
def test_go_list_output_that_is_not_json_is_an_error(
    tmp_path: Path, go_env: dict[str, str], text: str
) -> None:
    root = copy_module("badpaths", tmp_path / "mod")
    wrapper = _go_list_printing(tmp_path / "bin", text)
    run = run_inner(root, go_env, f"--go-binary={wrapper}", "good")
    result = run.result
    assert result.ret == pytest.ExitCode.TESTS_FAILED, short_summary(result)
    assert "PASSED" not in result.stdout.str()
    errors = error_lines(run, "good/good_test.go")
    assert errors, short_summary(result)
    assert "go list" in errors[0], errors[0]
