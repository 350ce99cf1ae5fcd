"""Shared helpers for the gocov unit tests: the fixture module's package directories and a
``go tool cover -func`` rendering of a ``GoCoverage``."""

from __future__ import annotations

from pathlib import Path

from pytest_gotest.gocov.model import GoCoverage

TESTS = Path(__file__).resolve().parent.parent
FIXTURE = TESTS / "testdata" / "gomods" / "coverage"
GOLDEN = TESTS / "golden" / "gocov"
FIXTURE_DIRS = {
    f"example.com/cov/{name}": FIXTURE / name for name in ("app", "calc", "notests", "shapes")
}
# tests/testdata/gomods/covtotals: blocks outside function declarations, a test file without
# tests, packages that do not compile.
TOTALS = TESTS / "testdata" / "gomods" / "covtotals"
TOTALS_DIRS = {
    f"example.com/covtotals/{name}": TOTALS / name
    for name in ("initvars", "lonely", "onlyasserts", "broken", "brokennotests")
}


def func_lines(coverage: GoCoverage) -> list[tuple[str, str, str]]:
    """(file:line, name, percent) rows and the total row, as ``go tool cover -func`` prints
    them (files in profile-name order, functions in source order, total over functions)."""
    rows: list[tuple[str, str, str]] = []
    statements = covered = 0
    for fc in sorted(coverage.files.values(), key=lambda f: f.import_path_file):
        for fn in fc.functions:
            percent = 100.0 * fn.covered / fn.statements if fn.statements else 0.0
            rows.append((f"{fc.import_path_file}:{fn.start_line}:", fn.name, f"{percent:.1f}%"))
            statements += fn.statements
            covered += fn.covered
    total = 100.0 * covered / statements if statements else 0.0
    rows.append(("total:", "(statements)", f"{total:.1f}%"))
    return rows


def parse_func_output(text: str) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        parts = line.split()
        if parts:
            assert len(parts) == 3, line
            rows.append((parts[0], parts[1], parts[2]))
    return rows
