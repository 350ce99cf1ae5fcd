"""The coverage.py plugin (pytest_gotest.coverage) without Go: data files written by the
bridge, reported by a real coverage.py with the plugin loaded from ``[run] plugins``."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import coverage
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_gotest.core.gocmd import parse_go_flags
from pytest_gotest.core.toolchain import GoToolchain
from pytest_gotest.coverage import (
    PLUGIN_NAME,
    GoCoveragePlugin,
    GoFileReporter,
    coverage_init,
)
from pytest_gotest.gocov.highlight import token_lines
from pytest_gotest.gocov.model import FileCoverage, FunctionCoverage, GoCoverage
from pytest_gotest.gocov.statements import estimate_lines
from pytest_gotest.plugin.covbridge import write_coverage_data

# Executable lines of LIB as `go tool cover` (Go 1.26) gives them; the Go-backed acceptance
# test test_estimate_agrees_with_go_tool_cover checks the estimate on real files against Go.
LIB = textwrap.dedent(
    """\
    // Package lib is a fixture for the coverage.py plugin.
    package lib

    import "strings"

    type Stack struct{ items []string }

    // Push adds s; the string holds "//" and "{" that are not code structure.
    func (s *Stack) Push(item string) { s.items = append(s.items, item+"// {") }

    func Kind(n int) string {
    \tswitch {
    \tcase n < 0:
    \t\treturn "négatif"
    \tdefault:
    \t\treturn `raw
    multi-line`
    \t}
    }

    func Loop(words []string) int {
    \ttotal := 0
    \tfor _, w := range words {
    \t\tif strings.HasPrefix(w, "x") {
    \t\t\tcontinue
    \t\t} else {
    \t\t\ttotal += len(w)
    \t\t}
    \t}
    \tdone := func() int {
    \t\treturn total
    \t}()
    \treturn done
    }
    """
)
LIB_EXECUTABLE = {9, 12, 14, 16, 17, 22, 23, 24, 25, 27, 30, 31, 33}


def _go_file(tmp_path: Path) -> Path:
    path = tmp_path / "lib" / "lib.go"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LIB, encoding="utf-8")
    return path


def _coverage_of(path: Path, hit: dict[int, int]) -> GoCoverage:
    fc = FileCoverage(
        import_path_file="example.com/lib/lib.go",
        path=str(path),
        package="example.com/lib",
        statements=len(LIB_EXECUTABLE),
        covered=len(hit),
        executable_lines=frozenset(LIB_EXECUTABLE),
        hit_lines=hit,
        functions=[FunctionCoverage("Push", 9, 9, 1, 1, receiver="*Stack")],
    )
    return GoCoverage("set", {str(path): fc})


def _rcfile(tmp_path: Path, *lines: str) -> Path:
    rc = tmp_path / "coveragerc"
    rc.write_text("\n".join(["[run]", *lines, ""]), encoding="utf-8")
    return rc


# Without Go the reporter estimates; with go named but absent, too (what a CI reporting job
# without Go sees).
NO_GO = ("plugins = pytest_gotest.coverage", "[pytest_gotest.coverage]", "go = /nonexistent/go")


def test_token_lines_give_the_source_back_and_classes() -> None:
    lines = token_lines(LIB)
    assert ["".join(text for _, text in line) for line in lines] == LIB.split("\n")[:-1]
    flat = {(kind, text) for line in lines for kind, text in line}
    assert ("key", "func") in flat
    assert ("key", "switch") in flat
    assert ("nam", "Push") in flat
    assert ("str", '"// {"') in flat  # a string that looks like a comment stays a string
    assert ("com", "// Package lib is a fixture for the coverage.py plugin.") in flat
    assert ("str", "`raw") in flat  # a raw string split at its newline...
    assert ("str", "multi-line`") in flat  # ...continues on the next line
    assert ("num", "0") in flat


def test_token_lines_numbers_and_unicode() -> None:
    (line,) = token_lines("x := 1e+5 + 0x1F + .5 // été\n")
    assert ("num", "1e+5") in line
    assert ("num", "0x1F") in line
    assert ("num", ".5") in line
    assert line[-1] == ("com", "// été")


def test_estimate_lines_follows_cmd_cover_rules() -> None:
    assert estimate_lines(LIB.encode()) == LIB_EXECUTABLE


# A brace type in the parameters (`struct{}`) once ended the signature early: the function
# counted as body-less and its statements before the goroutine literal were lost.
_BRACES_IN_SIGNATURE = b"""package signals

import "os"

func OnReload(f func(), stop <-chan struct{}) {
	c := make(chan os.Signal, 1)
	notify(c)
	go func() {
		for {
			select {
			case <-c:
				f()
			case <-stop:
				return
			}
		}
	}()
}
"""


def test_estimate_lines_with_braces_in_the_signature() -> None:
    # What go tool cover's blocks cover (Go 1.26): 6-8 up to the literal, then the literal's
    # for, select and clause bodies; never the case headers.
    assert estimate_lines(_BRACES_IN_SIGNATURE) == {6, 7, 8, 9, 10, 12, 14}


@pytest.mark.parametrize("branch", [False, True], ids=["lines", "branch"])
def test_data_file_reported_by_coverage_py(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, branch: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    path = _go_file(tmp_path)
    go_cov = _coverage_of(path, {9: 1, 12: 3, 14: 3, 22: 1})
    written = write_coverage_data(go_cov, str(tmp_path / ".coverage"), branch=branch)
    assert written is not None
    assert Path(written).name.startswith(".coverage.gotest.")
    rc = _rcfile(tmp_path, *NO_GO[:1], f"branch = {branch}", *NO_GO[1:])
    cov = coverage.Coverage(config_file=str(rc))
    cov.combine()
    cov.save()
    data = cov.get_data()
    assert data.has_arcs() is branch
    assert data.file_tracer(str(path)) == PLUGIN_NAME
    assert sorted(data.lines(str(path)) or []) == [9, 12, 14, 22]
    _, statements, _, missing, _ = cov.analysis2(str(path))
    assert set(statements) == LIB_EXECUTABLE
    assert set(missing) == LIB_EXECUTABLE - {9, 12, 14, 22}
    cov.json_report(outfile=str(tmp_path / "c.json"))
    report = json.loads((tmp_path / "c.json").read_text())
    entry = report["files"]["lib/lib.go"]
    assert entry["summary"]["num_statements"] == 13
    assert entry["summary"]["covered_lines"] == 4
    assert entry["summary"].get("num_branches", 0) == 0
    assert entry["functions"]["(*Stack).Push"]["summary"]["percent_covered"] == 100.0
    assert entry["functions"]["Kind"]["missing_lines"] == [16, 17]


def test_files_without_hits_are_reported_at_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = _go_file(tmp_path)
    write_coverage_data(_coverage_of(path, {}), str(tmp_path / ".coverage"), branch=False)
    cov = coverage.Coverage(config_file=str(_rcfile(tmp_path, *NO_GO)))
    cov.combine()
    _, statements, _, missing, _ = cov.analysis2(str(path))
    assert set(missing) == set(statements) == LIB_EXECUTABLE


def test_no_data_file_without_go_files(tmp_path: Path) -> None:
    assert write_coverage_data(GoCoverage("set", {}), str(tmp_path / ".coverage"), False) is None
    assert list(tmp_path.iterdir()) == []


def test_report_without_the_plugin_configured_fails_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why docs/coverage.md says to list the plugin under [run] plugins."""
    monkeypatch.chdir(tmp_path)
    path = _go_file(tmp_path)
    write_coverage_data(_coverage_of(path, {9: 1}), str(tmp_path / ".coverage"), branch=False)
    cov = coverage.Coverage(config_file=str(_rcfile(tmp_path)))
    cov.combine()
    with pytest.raises(KeyError, match=PLUGIN_NAME):
        cov.report(file=None)


def test_executable_lines_from_the_run_win(tmp_path: Path) -> None:
    path = _go_file(tmp_path)
    plugin = GoCoveragePlugin({"executable_lines": {str(path): [9, 12]}, "go": "/nonexistent"})
    reporter = plugin.file_reporter(str(path))
    assert reporter.lines() == {9, 12}
    assert plugin.executable_lines(str(path), path.read_bytes()) == (frozenset({9, 12}), "run")
    other = GoCoveragePlugin({"go": "/nonexistent"})
    assert other.executable_lines(str(path), path.read_bytes()) == (
        frozenset(LIB_EXECUTABLE),
        "estimate",
    )


def test_reporter_regions_arcs_and_source(tmp_path: Path) -> None:
    path = _go_file(tmp_path)
    (tmp_path / "crlf.go").write_bytes(LIB.replace("\n", "\r\n").encode())
    reporter = GoFileReporter(str(path), GoCoveragePlugin({"go": "/nonexistent"}))
    regions = reporter.code_regions()
    assert isinstance(regions, list)  # the JSON report iterates it more than once
    assert [(r.name, r.start, min(r.lines), max(r.lines)) for r in regions] == [
        ("(*Stack).Push", 9, 9, 9),
        ("Kind", 11, 11, 19),
        ("Loop", 21, 21, 34),
    ]
    assert reporter.code_region_kinds() == [("function", "functions")]
    assert reporter.arcs() == {(-1, 9), (9, -1)} | {
        arc for line in LIB_EXECUTABLE - {9} for arc in ((-1, line), (line, -1))
    }
    assert reporter.source() == LIB
    crlf = GoFileReporter(str(tmp_path / "crlf.go"), GoCoveragePlugin({"go": "/nonexistent"}))
    assert crlf.source() == LIB
    assert crlf.lines() == LIB_EXECUTABLE


def test_find_executable_files_skips_tests_testdata_vendor(tmp_path: Path) -> None:
    for name in [
        "a.go",
        "a_test.go",
        "sub/b.go",
        "testdata/c.go",
        "vendor/x/d.go",
        "_hidden/e.go",
        ".git/f.go",
        "sub/_g.go",
        "notes.txt",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("package a\n")
    found = GoCoveragePlugin().find_executable_files(str(tmp_path))
    assert sorted(Path(f).relative_to(tmp_path).as_posix() for f in found) == ["a.go", "sub/b.go"]


def test_coverage_init_registers_a_file_tracer() -> None:
    registered: list[object] = []

    class Registry:
        def add_file_tracer(self, plugin: object) -> None:
            registered.append(plugin)

    coverage_init(Registry(), {})
    assert len(registered) == 1
    assert isinstance(registered[0], GoCoveragePlugin)


@pytest.mark.parametrize(
    ("flags", "mode"),
    [
        ((), "set"),
        (("-race",), "atomic"),
        (("-race", "-covermode=count"), "count"),
        (("-covermode", "count"), "count"),
        (("-v",), "set"),
    ],
)
def test_cover_mode_matches_the_go_test_runs(flags: tuple[str, ...], mode: str) -> None:
    # Programs built by go_cover_build and the go test runs read one GoToolchain.cover_mode
    # (test_toolchain covers $GOFLAGS and -race=false).
    toolchain = GoToolchain("go", parse_go_flags(" ".join(flags)), environ={})
    assert toolchain.cover_mode == mode


def test_pytest_cov_without_combining_cov_is_warned_not_silent() -> None:
    from types import SimpleNamespace

    from pytest_gotest.plugin.covbridge import _private_combining_cov
    from pytest_gotest.plugin.errors import GoCoverageWarning

    old_controller = SimpleNamespace(cov=object())  # a pytest-cov without combining_cov
    manager = SimpleNamespace(
        get_plugin=lambda name: SimpleNamespace(cov_controller=old_controller)
    )
    config: Any = SimpleNamespace(pluginmanager=manager)
    with pytest.warns(GoCoverageWarning, match="not in pytest-cov's reports"):
        assert _private_combining_cov(config) is None
    no_cov = SimpleNamespace(get_plugin=lambda name: SimpleNamespace(cov_controller=None))
    assert _private_combining_cov(SimpleNamespace(pluginmanager=no_cov)) is None  # type: ignore[arg-type]


def test_coverage_py_plugin_module_imports_no_pytest() -> None:
    """A later `coverage report` loads pytest_gotest.coverage; it must not need pytest."""
    import subprocess
    import sys

    code = (
        "import sys, pytest_gotest.coverage; "
        "assert 'pytest' not in sys.modules and '_pytest' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


_GO_ALPHABET = st.sampled_from(
    [*"abcxyz019_ \t\n{}()[];:=+-*/\\\"'`.,é", "func ", "case ", "if ", "//", "/*", "*/"]
)


@given(st.lists(_GO_ALPHABET, max_size=80).map("".join))
@settings(max_examples=300, deadline=None)
def test_token_lines_always_give_the_text_back(text: str) -> None:
    lines = token_lines(text)
    expected = text.split("\n")
    if text.endswith("\n"):
        expected.pop()
    assert ["".join(piece for _, piece in line) for line in lines] == expected
    assert all(
        kind in {"com", "key", "nam", "num", "op", "str", "ws"}
        for line in lines
        for kind, _ in line
    )


@given(st.lists(_GO_ALPHABET, max_size=80).map("".join))
@settings(max_examples=300, deadline=None)
def test_estimate_lines_never_fails_and_stays_in_the_file(text: str) -> None:
    data = text.encode()
    lines = estimate_lines(data)
    assert all(1 <= n <= data.count(b"\n") + 1 for n in lines)


def test_unknown_go_tool_cover_output_falls_back_to_the_estimate(tmp_path: Path) -> None:
    from pytest_gotest.gocov.statements import instrumented_blocks

    fake_go = tmp_path / "go"
    fake_go.write_text("#!/bin/sh\necho 'var GoCoverPytestGotest = struct { Count [2]uint32 }'\n")
    fake_go.chmod(0o755)
    path = _go_file(tmp_path)
    assert instrumented_blocks(str(fake_go), str(path)) is None
    plugin = GoCoveragePlugin({"go": str(fake_go)})
    assert plugin.executable_lines(str(path), path.read_bytes()) == (
        frozenset(LIB_EXECUTABLE),
        "estimate",
    )
