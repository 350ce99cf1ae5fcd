"""gocov.reports on the real merged coverage of the fixture module (golden profile)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from gocov_helpers import FIXTURE, FIXTURE_DIRS, GOLDEN

from pytest_gotest.gocov.build import build_coverage
from pytest_gotest.gocov.model import GoCoverage, GoCoverageError
from pytest_gotest.gocov.profile import Profile, read_profile
from pytest_gotest.gocov.reports import (
    ReportSpec,
    fail_under_message,
    line_ranges,
    parse_report_spec,
    term_report,
    write_report,
)

SHAPES = str((FIXTURE / "shapes" / "shapes.go").resolve())


@pytest.fixture(scope="module")
def coverage() -> GoCoverage:
    return build_coverage(read_profile(GOLDEN / "coverpkg_count.out"), FIXTURE_DIRS)


def test_line_ranges() -> None:
    assert line_ranges([]) == ""
    assert line_ranges([7, 1, 2, 3, 9, 10, 10]) == "1-3, 7, 9-10"


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("term", ReportSpec("term", None)),
        ("term-missing", ReportSpec("term-missing", None)),
        ("xml", ReportSpec("xml", "go-coverage.xml")),
        ("html:out/dir", ReportSpec("html", "out/dir")),
        ("profile:C:/x.out", ReportSpec("profile", "C:/x.out")),
    ],
)
def test_report_specs(text: str, spec: ReportSpec) -> None:
    assert parse_report_spec(text) == spec


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("csv", "unknown report type 'csv'"), ("term:x", "takes no path"), ("xml:", "empty path")],
)
def test_bad_report_specs_name_the_setting(text: str, fragment: str) -> None:
    with pytest.raises(GoCoverageError, match=r"^--go-cov-report: ") as info:
        parse_report_spec(text)
    assert fragment in str(info.value)


def test_term_report_per_package_with_go_statement_numbers(coverage: GoCoverage) -> None:
    lines = term_report(coverage, missing=False, root=FIXTURE)
    rows = {line.split()[0]: line.split()[1:] for line in lines if not line.startswith("-")}
    assert rows["Package"] == ["Stmts", "Miss", "Cover"]
    assert rows["example.com/cov/notests"] == ["3", "3", "0.0%"]
    assert rows["example.com/cov/shapes"] == ["23", "5", "78.3%"]
    assert rows["TOTAL"] == ["35", "9", "74.3%"]  # = go tool cover -func total (golden)
    assert len(lines) == 8  # no note: every block is inside a function declaration


def test_term_missing_lists_line_ranges_per_file(coverage: GoCoverage) -> None:
    lines = term_report(coverage, missing=True, root=FIXTURE)
    shapes = next(line for line in lines if line.startswith("shapes/shapes.go"))
    assert shapes.split(None, 4)[4] == "15, 20, 50, 64"
    assert lines[1] == lines[-2]
    assert set(lines[1]) == {"-"}


def test_fail_under_message() -> None:
    empty = GoCoverage("set", {})
    assert fail_under_message(empty, 0) is None
    assert fail_under_message(empty, 80) == "Go coverage 0.0% is below --go-cov-fail-under=80"


def test_fail_under_never_prints_a_rounded_value_equal_to_the_minimum(
    coverage: GoCoverage,
) -> None:
    assert f"{coverage.percent:.1f}" == "74.3"
    assert fail_under_message(coverage, 74.2) is None
    message = fail_under_message(coverage, 74.3)  # 74.2857...
    assert message == "Go coverage 74.29% is below --go-cov-fail-under=74.3"


def test_cobertura_structure(coverage: GoCoverage, tmp_path: Path) -> None:
    dest = write_report(ReportSpec("xml", "cov.xml"), coverage, _profile(), tmp_path)
    text = dest.read_text()
    assert "coverage-04.dtd" in text
    root = ET.fromstring(text)
    assert root.tag == "coverage"
    for attribute in ("line-rate", "branch-rate", "lines-covered", "lines-valid", "timestamp"):
        assert attribute in root.attrib
    assert [s.text for s in root.iterfind("sources/source")] == [str(tmp_path)]
    packages = {p.get("name", ""): p for p in root.iterfind("packages/package")}
    assert sorted(packages) == [
        f"example.com/cov/{n}" for n in ("app", "calc", "notests", "shapes")
    ]
    shapes_class = packages["example.com/cov/shapes"].find("classes/class")
    assert shapes_class is not None
    assert shapes_class.get("name") == "shapes.go"
    hits = {
        int(x.get("number", 0)): int(x.get("hits", 0)) for x in shapes_class.iterfind("lines/line")
    }
    shapes = coverage.files[SHAPES]
    assert set(hits) == shapes.executable_lines
    assert {n for n, h in hits.items() if h} == set(shapes.hit_lines)
    methods = [m.get("name") for m in shapes_class.iterfind("methods/method")]
    assert "Größe.Area" in methods
    assert "(*Größe).Scale" in methods
    valid = int(root.get("lines-valid", 0))
    covered = int(root.get("lines-covered", 0))
    assert valid == sum(len(f.executable_lines) for f in coverage.files.values())
    assert float(root.get("line-rate", 0)) == pytest.approx(covered / valid, abs=1e-3)


def test_lcov_parses_back_to_the_same_lines(coverage: GoCoverage, tmp_path: Path) -> None:
    dest = write_report(ReportSpec("lcov", "cov.lcov"), coverage, _profile(), tmp_path)
    records: dict[str, dict[int, int]] = {}
    functions: dict[str, dict[str, int]] = {}
    current = ""
    for line in dest.read_text().splitlines():
        tag, _, value = line.partition(":")
        if tag == "SF":
            current = value
            records[current] = {}
            functions[current] = {}
        elif tag == "DA":
            number, count = value.split(",")
            records[current][int(number)] = int(count)
        elif tag == "FNDA":
            count, name = value.split(",", 1)
            functions[current][name] = int(count)
        elif tag == "LF":
            assert int(value) == len(records[current])
        elif tag == "LH":
            assert int(value) == sum(1 for c in records[current].values() if c)
    assert set(records) == set(coverage.files)
    for path, fc in coverage.files.items():
        assert set(records[path]) == fc.executable_lines
        assert {n: c for n, c in records[path].items() if c} == fc.hit_lines
    assert functions[SHAPES]["(*Größe).Scale"] == 0
    assert functions[SHAPES]["Doubler"] > 0


def test_json_report(coverage: GoCoverage, tmp_path: Path) -> None:
    dest = write_report(ReportSpec("json", "c.json"), coverage, _profile(), tmp_path)
    data = json.loads(dest.read_text())
    assert data["totals"] == {
        "statements": 35,
        "covered_statements": 26,
        "percent_covered": 74.29,
        "outside_functions": {"statements": 0, "covered_statements": 0},
        "unattributed": {"statements": 0, "covered_statements": 0},
    }
    # Keyed by the root-relative path; outside the root (as here) by the profile's name.
    shapes = data["files"]["example.com/cov/shapes/shapes.go"]
    assert shapes["path"] == SHAPES
    assert shapes["missing_lines"] == [15, 20, 50, 64]
    assert shapes["profile_name"] == "example.com/cov/shapes/shapes.go"
    by_name = {f["name"]: f for f in shapes["functions"]}
    assert by_name["Label"]["percent_covered"] == 75.0


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and (values.get("id") or "").startswith("L"):
            self.rows[int((values["id"] or "")[1:])] = values.get("class") or ""


def test_html_marks_hit_and_missed_lines(coverage: GoCoverage, tmp_path: Path) -> None:
    dest = write_report(ReportSpec("html", "h"), coverage, _profile(), tmp_path)
    index = (dest / "index.html").read_text()
    assert "74.3%" in index
    pages = [p for p in dest.iterdir() if p.name != "index.html"]
    assert len(pages) == len(coverage.files)
    page = next(p for p in pages if "shapes_shapes_go" in p.name)
    assert page.name in index
    parser = _Rows()
    parser.feed(page.read_text())
    shapes = coverage.files[SHAPES]
    assert {n for n, c in parser.rows.items() if c == "miss"} == set(shapes.missing_lines)
    assert {n for n, c in parser.rows.items() if c == "hit"} == set(shapes.hit_lines)
    assert len(parser.rows) == len((FIXTURE / "shapes" / "shapes.go").read_text().splitlines())
    assert "http" not in page.read_text().split("<body>")[0]  # self-contained


def test_unwritable_destination_names_the_report(coverage: GoCoverage, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(GoCoverageError, match=r"--go-cov-report xml:file/x\.xml: cannot write"):
        write_report(ReportSpec("xml", "file/x.xml"), coverage, _profile(), tmp_path)


def _profile() -> Profile:
    return read_profile(GOLDEN / "coverpkg_count.out")
