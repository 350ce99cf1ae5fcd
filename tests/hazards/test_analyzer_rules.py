"""The init()/TestMain hazard analyzer (a Go program) on the fixture modules.

The analyzer is built once per session with the real ``go`` and run directly on the modules in
tests/testdata/hazards/ (each has a README listing its expected findings). Every fixture's
findings are asserted exactly - rule, file, line and affected test packages - so a missed
hazard (false negative) and an extra one (false positive) both fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
ANALYZER_SRC = HERE.parent.parent / "src" / "pytest_gotest" / "hazards" / "analyzer"
FIXTURES = HERE.parent / "testdata" / "hazards"
GO = shutil.which("go")

# (rule, file relative to the module root, line, affected test packages relative to the module)
Row = tuple[str, str, int, tuple[str, ...]]


def _go() -> str:
    if GO is None:  # pragma: no cover - CI always has Go (.ci/run refuses to run without it)
        pytest.fail("Go toolchain not installed; the analyzer tests need it")
    return GO


@pytest.fixture(scope="session")
def analyzer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analyzer, built once per session the way the plugin builds it (own module)."""
    out = tmp_path_factory.mktemp("analyzer") / "gotest-hazards"
    env = {**os.environ, "GOWORK": "off", "GOFLAGS": ""}
    proc = subprocess.run(
        [_go(), "build", "-o", str(out), "."],
        cwd=ANALYZER_SRC,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def _test_packages(module: Path) -> list[str]:
    """The module's packages with test files: what the plugin passes to the analyzer."""
    proc = subprocess.run(
        [
            _go(),
            "list",
            "-e",
            "-f",
            "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}",
            "./...",
        ],
        cwd=module,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [line for line in proc.stdout.splitlines() if line]


def run_analyzer(analyzer: Path, module: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [str(analyzer), "-C", str(module), "-json", *_test_packages(module)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def module_path(module: Path) -> str:
    first = (module / "go.mod").read_text().splitlines()[0]
    return first.split()[1]


def rows(result: dict[str, Any], module: Path) -> list[Row]:
    prefix = module_path(module) + "/"
    out = []
    for f in result["findings"]:
        rel = Path(f["file"]).relative_to(module.resolve()).as_posix()
        affects = tuple(a.removeprefix(prefix) for a in f["affects"])
        out.append((f["rule"], rel, f["line"], affects))
    return sorted(out)


EXPECTED: dict[str, list[Row]] = {
    "rules": [
        ("H1", "h1/pos.go", 6, ("h1",)),
        ("H10", "h10/pos.go", 11, ("h10",)),
        ("H10", "h10/pos.go", 19, ("h10",)),
        ("H5", "h10/pos.go", 14, ("h10",)),
        ("H2", "h2/pos.go", 5, ("h2",)),
        ("H3", "h3/pos.go", 10, ("h3",)),
        ("H3", "h3/pos.go", 15, ("h3",)),
        ("H3", "h3panic/pos.go", 4, ("h3panic",)),
        ("H4", "h4/pos.go", 11, ("h4",)),
        ("H4", "h4/pos.go", 14, ("h4",)),
        ("H5", "h5/pos.go", 6, ("h5",)),
        ("H5", "h5/pos.go", 7, ("h5",)),
        ("H5", "h5/pos.go", 10, ("h5",)),
        ("H6", "h6/pos.go", 6, ("h6",)),
        ("H6", "h6/pos.go", 7, ("h6",)),
        ("H7", "h7/pos.go", 10, ("h7",)),
        ("H7", "h7/pos.go", 11, ("h7",)),
        ("H7", "h7/pos.go", 12, ("h7",)),
        ("H8", "h8/pos.go", 11, ("h8",)),
        ("H9", "h9/pos.go", 5, ("h9",)),
        ("T1", "t1/main_test.go", 7, ("t1",)),
        ("T2", "t2/main_test.go", 10, ("t2",)),
        ("T2", "t2/main_test.go", 13, ("t2",)),
        ("T3", "t3/main_test.go", 11, ("t3",)),
        ("T4", "t4/main_test.go", 10, ("t4",)),
    ],
    "typeaware": [
        ("H1", "field/field.go", 10, ("field",)),
        ("H1", "methodval/methodval.go", 9, ("methodval",)),
        ("H2", "alias/alias.go", 9, ("alias",)),
        ("H2", "depth/depth.go", 18, ("depth",)),
        ("H2", "once/once.go", 13, ("once",)),
        ("H2", "varinit/varinit.go", 12, ("varinit",)),
        ("H3", "alias/alias.go", 11, ("alias",)),
        ("H4", "guard/guard.go", 22, ("guard",)),
        ("H6", "testinit/external_test.go", 11, ("testinit",)),
        ("H7", "testinit/internal_test.go", 9, ("testinit",)),
    ],
    "precision": [
        ("H3", "errpath/errpath.go", 20, ("errpath",)),
        ("H3", "errpath/errpath.go", 27, ("errpath",)),
        ("H3", "reexec/reexec.go", 27, ("reexec",)),
    ],
    "shared": [
        ("H1", "lib/lib.go", 8, ("a", "b", "d")),
    ],
    "suppress": [
        ("H5", "s/s.go", 14, ("s",)),
        ("H7", "s/s.go", 28, ("s",)),
    ],
    "broken": [
        ("H10", "good/good.go", 6, ("good",)),
        ("H3", "bad/bad.go", 8, ("bad",)),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_findings_are_exact(analyzer: Path, name: str) -> None:
    module = FIXTURES / name
    result = run_analyzer(analyzer, module)
    assert rows(result, module) == sorted(EXPECTED[name])
    if name != "broken":
        assert result["errors"] == []


def test_every_rule_has_a_positive_and_a_silent_negative_fixture() -> None:
    """Each rule id appears in the expected findings, and each rule's fixture package also
    holds negatives (neg.go, or a separate <rule>neg package for the TestMain rules)."""
    found = {row[0] for rows_ in EXPECTED.values() for row in rows_}
    assert found >= {f"H{i}" for i in range(1, 11)} | {f"T{i}" for i in range(1, 5)}
    rules_mod = FIXTURES / "rules"
    for i in range(1, 11):
        assert (rules_mod / f"h{i}" / "neg.go").is_file()
    for i in range(1, 5):
        assert (rules_mod / f"t{i}neg" / "main_test.go").is_file()
    assert (rules_mod / "safe" / "safe.go").is_file()


def test_chain_follows_methods_through_depth_and_cycles(analyzer: Path) -> None:
    module = FIXTURES / "typeaware"
    result = run_analyzer(analyzer, module)
    by_file = {Path(f["file"]).name: f for f in result["findings"]}
    depth = by_file["depth.go"]
    assert depth["chain"] == [
        "init",
        "setup",
        "(*client).connect",
        "(*client).retry",
        "dial",
        "net.Dial",
    ]
    assert depth["root_line"] == 30
    assert depth["call"] == "net.Dial"
    field = by_file["field.go"]
    assert field["chain"] == ["init", "(*app).start", "(*http.Server).ListenAndServe"]
    assert field["message"] == "init listens on the network: (*http.Server).ListenAndServe"
    var = by_file["varinit.go"]
    assert var["chain"] == ["var db", "connect", "(*sql.DB).Ping"]
    assert var["root_line"] == 5
    assert var["package"] == "example.com/typeaware/varinit"
    ext = by_file["external_test.go"]
    assert ext["package"] == "example.com/typeaware/testinit_test"
    assert ext["affects"] == ["example.com/typeaware/testinit"]


def test_type_error_is_reported_and_other_packages_still_analysed(analyzer: Path) -> None:
    module = FIXTURES / "broken"
    result = run_analyzer(analyzer, module)
    assert [e["package"] for e in result["errors"]] == ["example.com/broken/bad"]
    assert "cannot use" in result["errors"][0]["message"]
    assert "bad.go:5" in result["errors"][0]["message"]
    assert ("H10", "good/good.go", 6, ("good",)) in rows(result, module)


def test_output_header_and_rule_table(analyzer: Path) -> None:
    result = run_analyzer(analyzer, FIXTURES / "shared")
    assert result["version"] == 1
    version = subprocess.run(
        [_go(), "env", "GOVERSION"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert result["go"] == version
    proc = subprocess.run(
        [str(analyzer), "-rules", "-json"], capture_output=True, text=True, check=True, timeout=60
    )
    table = json.loads(proc.stdout)
    assert [r["id"] for r in table] == [f"H{i}" for i in range(1, 11)] + [
        f"T{i}" for i in range(1, 5)
    ]
    assert all(r["title"] and r["why"] for r in table)


def test_no_packages_is_a_usage_error(analyzer: Path) -> None:
    proc = subprocess.run(
        [str(analyzer), "-C", str(FIXTURES / "shared"), "-json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "no import paths" in proc.stderr


def test_unloadable_package_is_an_errors_entry(analyzer: Path, tmp_path: Path) -> None:
    """A package go list cannot load is reported in "errors"; the analyzer itself succeeds."""
    proc = subprocess.run(
        [str(analyzer), "-C", str(tmp_path), "-json", "example.com/none"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["findings"] == []
    assert [e["package"] for e in result["errors"]] == ["example.com/none"]
    assert "go.mod file not found" in result["errors"][0]["message"]


def test_own_failure_exits_non_zero_with_a_message(analyzer: Path, tmp_path: Path) -> None:
    """The go command cannot run: the analyzer fails (non-zero, stderr), prints no JSON."""
    proc = subprocess.run(
        [str(analyzer), "-go", str(tmp_path / "no-such-go"), "-C", str(tmp_path), "-json", "x"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "go list" in proc.stderr
    assert "no-such-go" in proc.stderr
    assert proc.stdout == ""


def test_h3_path_filter_is_what_silences_assertions_and_error_paths(analyzer: Path) -> None:
    """-report-all-exits (measurement only) turns the H3 filter off: the conditional panic
    and the error-path log.Fatalf of the fixtures appear, nothing else changes."""
    module = FIXTURES / "precision"
    proc = subprocess.run(
        [str(analyzer), "-report-all-exits", "-C", str(module), "-json", *_test_packages(module)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    extra = set(rows(json.loads(proc.stdout), module)) - set(EXPECTED["precision"])
    assert extra == {
        ("H3", "errpath/errpath.go", 13, ("errpath",)),
        ("H3", "errpath/errpath.go", 25, ("errpath",)),
    }
