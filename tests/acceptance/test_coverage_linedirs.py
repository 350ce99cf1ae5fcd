"""--go-cov on generated code with //line directives (goyacc): the real plugin against
tests/testdata/gomods/covlinedirs (its README.md has Go's own results).

A //line directive makes Go file the blocks after it under the named file, with that file's
line numbers: ``grammar.y`` (which exists and is not Go), ``yaccpar`` (which does not exist),
or ``tmpl.go``, a real Go file of the package, past whose end the blocks land. ``go test
-cover`` counts those blocks; ``go tool cover -func`` stops on them or leaves them out. The
plugin counts them as go test -cover does and says why it cannot show their functions or lines.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from .helpers import GomodFactory, RunPytest

GO = shutil.which("go") or "go"
PKG = "example.com/covlinedirs"


def test_blocks_named_after_a_non_go_file_count_as_go_test_cover_counts_them(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    module = gomod("covlinedirs")
    gos = subprocess.run(
        [GO, "test", "-cover", "./grammar"],
        cwd=module, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    match = re.search(rf"ok\s+{PKG}/grammar\s.*coverage: ([\d.]+)% of statements", gos.stdout)
    assert match is not None, gos.stdout
    assert match.group(1) == "66.7"  # 4 of the 6 statements of Parse and Driver
    result = run_pytest(
        "grammar",
        "--go-cov",
        "--go-cov-report=term",
        "--go-cov-report=json:cov.json",
        "--go-cov-fail-under=50",
    )
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK  # 66.7% is not below 50
    rows = [line.split() for line in result.stdout.lines]
    assert [f"{PKG}/grammar", "6", "2", "66.7%"] in rows, rows
    assert ["TOTAL", "6", "2", "66.7%"] in rows, rows
    out = result.stdout.str()
    # The test binary wrote all six blocks: nothing died, nothing is outside a function.
    assert "no coverage data" not in out
    assert "outside function declarations" not in out
    for name, statements in (("grammar.y", 3), ("yaccpar", 3)):
        assert (
            f"Go coverage WARNING: {PKG}/grammar/{name}: not a Go source file (a //line "
            "directive in the package's generated code names it); its "
            f"{statements} statements count in the totals, as go test -cover counts them, "
            "but they cannot be attributed to functions or shown on lines"
        ) in result.stdout.lines, out
    data = json.loads((module / "cov.json").read_text())
    assert (data["totals"]["statements"], data["totals"]["covered_statements"]) == (6, 4)
    grammar = data["files"]["grammar/grammar.y"]
    assert (grammar["summary"]["statements"], grammar["functions"]) == (3, [])


def test_pytest_cov_does_not_list_a_non_go_file_as_fully_covered(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    # coverage.py counts lines; grammar.y has no Go lines, and listed it would read
    # "0 0 100%". The Go coverage section names it instead.
    pytest.importorskip("pytest_cov", reason="pytest-cov is not installed")
    gomod("covlinedirs")
    result = run_pytest("grammar", "--go-cov", "--cov", "--cov-report=term-missing")
    result.assert_outcomes(passed=1)
    rows = [line.split()[0] for line in result.stdout.lines if line.strip()]
    assert "grammar/grammar.y" not in rows, result.stdout.str()
    assert "Go coverage WARNING: example.com/covlinedirs/grammar/grammar.y: not a Go source" in (
        result.stdout.str()
    )


def test_pytest_cov_lists_a_go_files_own_lines_without_unattributed_statements(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    # tmpl.go keeps its own lines in pytest-cov's report (left out, their misses would vanish
    # from its total); Gen's blocks that a directive filed under it are on no line. The Go
    # coverage section has the package's 50.0% and says why.
    pytest.importorskip("pytest_cov", reason="pytest-cov is not installed")
    gomod("covlinedirs")
    result = run_pytest("template", "--go-cov", "--cov", "--cov-report=term-missing")
    result.assert_outcomes(passed=1)
    out = result.stdout.str()
    assert [f"{PKG}/template", "6", "3", "50.0%"] in [line.split() for line in result.stdout.lines]
    rows = [line.split()[0] for line in result.stdout.lines if line.strip()]
    assert "template/tmpl.go" in rows, out
    own = next(line.split() for line in result.stdout.lines if line.startswith("template/tmpl.go"))
    assert own[1:3] == ["2", "0"], own  # its own two statements, not Gen's five
    assert f"Go coverage WARNING: {PKG}/template/tmpl.go: 5 statements filed under it" in out


def test_a_line_directive_inside_a_function_is_named_and_breaks_no_report(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    # action.go's "//line grammar.y:4" inside a case gives a block that ends (line 4) before
    # it starts (line 12). Go: go test -cover 71.4%, go tool cover -func 60.0%; the plugin
    # matches the blocks to the file's own functions, and says that this may misattribute.
    module = gomod("covlinedirs")
    result = run_pytest(
        "action",
        "--go-cov",
        "--go-cov-report=term-missing",
        "--go-cov-report=json:cov.json",
        "--go-cov-report=html:html",
        "--go-cov-report=xml:cov.xml",
        "--go-cov-report=lcov:cov.lcov",
    )
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    # The three blocks after the directive have column 0 (start or end), which only a
    # directive gives: none is taken for Plain's (go tool cover -func's 60.0%) or for a
    # package-level initializer; counted, the file has go test -cover's 71.4%.
    assert (
        f"Go coverage WARNING: {PKG}/action/action.go: 3 statements filed under it lie at "
        "column 0 (a position without a column): a //line directive positioned them, not this "
        "file's code; they count in the totals, as go test -cover counts them, but they cannot "
        "be attributed to functions or shown on lines"
    ) in result.stdout.lines, result.stdout.str()
    assert ["action/action.go", "7", "2", "71.4%", "7"] in [
        line.split() for line in result.stdout.lines
    ], result.stdout.str()
    assert "outside function declarations" not in result.stdout.str()
    for report in ("cov.json", "html/index.html", "cov.xml", "cov.lcov"):
        assert (module / report).is_file(), report
    action = json.loads((module / "cov.json").read_text())["files"]["action/action.go"]
    functions = {f["name"]: (f["statements"], f["covered_statements"]) for f in action["functions"]}
    assert functions == {"Plain": (3, 2), "Action": (1, 1)}
    assert action["summary"]["unattributed"] == {"statements": 3, "covered_statements": 2}


def test_blocks_past_the_end_of_a_real_go_file_count_as_go_test_cover_counts_them(
    gomod: GomodFactory, run_pytest: RunPytest
) -> None:
    # gen.go's "//line tmpl.go:100" files Gen's five blocks under tmpl.go, a real five-line
    # Go file, at lines 100-107. go tool cover -func leaves them out (100%); they are neither
    # tmpl.go's functions' nor package-level initializers, whereas tmpl.go's own
    # "var table = func() ...()" is one.
    module = gomod("covlinedirs")
    gos = subprocess.run(
        [GO, "test", "-cover", "./template"],
        cwd=module, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    match = re.search(rf"ok\s+{PKG}/template\s.*coverage: ([\d.]+)% of statements", gos.stdout)
    assert match is not None, gos.stdout
    assert match.group(1) == "57.1"  # 4 of 7: Own, the initializer, 2 of Gen's 5
    result = run_pytest(
        "template",
        "--go-cov",
        "--go-cov-report=term-missing",
        "--go-cov-report=json:cov.json",
        "--go-cov-fail-under=60",
    )
    result.assert_outcomes(passed=1)
    rows = [line.split() for line in result.stdout.lines]
    assert ["template/tmpl.go", "6", "3", "50.0%"] in rows, rows  # no line of its own missed
    assert ["TOTAL", "6", "3", "50.0%"] in rows, rows
    assert (
        "TOTAL is go tool cover -func's plus the 5 statements the //line warnings name: it "
        "leaves out 1 statements outside function declarations (package-level initializers, "
        "1 of them run); counting them, as go test -cover does per package, gives 57.1%"
    ) in result.stdout.lines, result.stdout.str()
    assert (
        f"Go coverage WARNING: {PKG}/template/tmpl.go: 5 statements filed under it lie past "
        "its last line (5): a //line directive in gen.go positioned them, not this file's "
        "code; they count in the totals, as go test -cover counts them, but they cannot be "
        "attributed to functions or shown on lines"
    ) in result.stdout.lines, result.stdout.str()
    # 50.0% is below 60: Gen's unrun statements are not lost (-func's 100% would pass).
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    data = json.loads((module / "cov.json").read_text())
    tmpl = data["files"]["template/tmpl.go"]
    assert tmpl["summary"]["unattributed"] == {"statements": 5, "covered_statements": 2}
    assert tmpl["summary"]["outside_functions"] == {"statements": 1, "covered_statements": 1}
    assert [(f["name"], f["statements"]) for f in tmpl["functions"]] == [("Own", 1)]
    assert tmpl["executable_lines"] == [3, 5]  # nothing past the file's end
