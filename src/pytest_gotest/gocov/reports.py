"""Reports of a merged ``GoCoverage``: terminal tables, Go profile, Cobertura XML, LCOV, HTML,
JSON, and the fail-under check. Standard library only.

Numbers: ``term``/``term-missing``/``json``/html/fail-under use Go's unit, statements (NumStmt
of the distinct blocks) inside function declarations, so the total equals ``go tool cover
-func``'s. Blocks outside every function declaration (package-level initializers such as
``var x = func() T {...}()``) are left out like -func leaves them out; ``go test -cover``'s
per-package line counts them, so ``term`` says how many there are and what the total would be
with them. Cobertura and LCOV are line formats: their rates count executable lines (a line is
hit when any block with code on it ran, wherever it is), which is what CI widgets display.
"""

from __future__ import annotations

import html
import json
import os
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .model import FileCoverage, GoCoverage, GoCoverageError
from .profile import Profile

__all__ = [
    "ReportSpec",
    "fail_under_message",
    "line_ranges",
    "outside_note",
    "parse_report_spec",
    "percent_text",
    "term_report",
    "write_report",
]

DEFAULT_DEST: Final = {
    "profile": "go-coverage.out",
    "xml": "go-coverage.xml",
    "lcov": "go-coverage.lcov",
    "html": "go-htmlcov",
    "json": "go-coverage.json",
}
TERMINAL: Final = ("term", "term-missing")
TYPES: Final = (*TERMINAL, *DEFAULT_DEST)


@dataclass(frozen=True)
class ReportSpec:
    type: str
    dest: str | None  # None for terminal reports


def parse_report_spec(text: str, setting: str = "--go-cov-report") -> ReportSpec:
    kind, sep, dest = text.strip().partition(":")
    if kind not in TYPES:
        raise GoCoverageError(
            f"{setting}: unknown report type {kind!r} in {text!r}; expected one of "
            + ", ".join(TYPES)
        )
    if kind in TERMINAL:
        if sep and dest:
            raise GoCoverageError(f"{setting}: {kind} prints to the terminal and takes no path")
        return ReportSpec(kind, None)
    if sep and not dest:
        raise GoCoverageError(f"{setting}: {text!r} has an empty path after ':'")
    return ReportSpec(kind, dest or DEFAULT_DEST[kind])


def percent_text(covered: int, total: int) -> str:
    """Go's ``%.1f%%`` (0 statements print as 0.0%, as ``go tool cover`` does)."""
    return f"{100.0 * covered / total if total else 0.0:.1f}%"


def line_ranges(lines: Iterable[int]) -> str:
    """``[1, 2, 3, 7, 9, 10]`` -> ``1-3, 7, 9-10``."""
    parts: list[str] = []
    ordered = sorted(set(lines))
    index = 0
    while index < len(ordered):
        start = end = ordered[index]
        while index + 1 < len(ordered) and ordered[index + 1] == end + 1:
            index += 1
            end = ordered[index]
        parts.append(str(start) if start == end else f"{start}-{end}")
        index += 1
    return ", ".join(parts)


def display_path(fc: FileCoverage, root: Path | None) -> str:
    """Root-relative path when the file is under ``root``, else the profile's file name."""
    if root is not None and fc.path and os.path.isabs(fc.path):
        try:
            return Path(fc.path).relative_to(root).as_posix()
        except ValueError:
            pass
    return fc.import_path_file


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned first column, right-aligned numbers, free text after; a rule under the
    header and above the last (TOTAL) row."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    formatted: list[str] = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells.extend(c.rjust(w) for c, w in zip(row[1:4], widths[1:4], strict=True))
        cells.extend(row[4:])
        formatted.append("   ".join(cells).rstrip())
    rule = "-" * max(len(line) for line in formatted)
    return [formatted[0], rule, *formatted[1:-1], rule, formatted[-1]]


def term_report(coverage: GoCoverage, missing: bool, root: Path | None) -> list[str]:
    """``term``: one row per package; ``term-missing``: one row per file with the line ranges
    that never ran. Statements are Go's statements."""
    header = ["Package" if not missing else "File", "Stmts", "Miss", "Cover"]
    if missing:
        header.append("Missing")
    rows: list[list[str]] = [header]
    for package, files in coverage.packages().items():
        if missing:
            for fc in files:
                rows.append(
                    [
                        display_path(fc, root),
                        str(fc.statements),
                        str(fc.statements - fc.covered),
                        percent_text(fc.covered, fc.statements),
                        line_ranges(fc.missing_lines),
                    ]
                )
        else:
            statements = sum(f.statements for f in files)
            covered = sum(f.covered for f in files)
            rows.append(
                [
                    package,
                    str(statements),
                    str(statements - covered),
                    percent_text(covered, statements),
                ]
            )
    total = ["TOTAL", str(coverage.statements), str(coverage.statements - coverage.covered)]
    total.append(percent_text(coverage.covered, coverage.statements))
    if missing:
        total.append("")
    rows.append(total)
    return _table(rows) + outside_note(coverage)


def outside_note(coverage: GoCoverage) -> list[str]:
    """One line on the statements outside function declarations, when there are any: they
    are why a package's percentage can differ from ``go test -cover``'s."""
    outside = coverage.outside_statements
    if not outside:
        return []
    ran = coverage.outside_covered
    both = percent_text(coverage.covered + ran, coverage.statements + outside)
    total = "TOTAL is go tool cover -func's"
    if coverage.unattributed_statements:  # -func leaves them out or stops; we count them
        total += f" plus the {coverage.unattributed_statements} statements the //line warnings name"
    return [
        f"{total}: it leaves out {outside} statements outside function "
        f"declarations (package-level initializers, {ran} of them run); counting them, as "
        f"go test -cover does per package, gives {both}"
    ]


def fail_under_message(coverage: GoCoverage, minimum: float) -> str | None:
    """The failure message when the total is below ``minimum`` percent, else None."""
    total = coverage.percent
    if total >= minimum:
        return None
    shown = f"{total:.1f}"
    digits = 1
    while float(shown) >= minimum and digits < 6:  # never print "80.0% is below 80"
        digits += 1
        shown = f"{total:.{digits}f}"
    return f"Go coverage {shown}% is below --go-cov-fail-under={minimum:g}"


# -- file reports -------------------------------------------------------------------------------


def write_report(spec: ReportSpec, coverage: GoCoverage, profile: Profile, root: Path) -> Path:
    """Write one file report; returns where it went (relative destinations are under root)."""
    assert spec.dest is not None
    dest = Path(spec.dest)
    if not dest.is_absolute():
        dest = root / dest
    try:
        if spec.type == "profile":
            profile.write(dest)
        elif spec.type == "xml":
            _write_text(dest, cobertura_xml(coverage, root))
        elif spec.type == "lcov":
            _write_text(dest, lcov_text(coverage, root))
        elif spec.type == "json":
            _write_text(dest, json.dumps(json_data(coverage, root), indent=2) + "\n")
        elif spec.type == "html":
            write_html(dest, coverage, root)
        else:
            raise GoCoverageError(f"--go-cov-report: {spec.type} is not a file report")
    except OSError as exc:
        raise GoCoverageError(
            f"--go-cov-report {spec.type}:{spec.dest}: cannot write {dest}: {exc.strerror or exc}"
        ) from None
    return dest


def _write_text(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")


def _rate(hit: int, total: int) -> str:
    return f"{hit / total:.4g}" if total else "1"


def cobertura_xml(coverage: GoCoverage, root: Path) -> str:
    """Cobertura 04 (what GitLab, Jenkins and Azure read): sources, packages per Go package,
    classes per file, methods per function, lines with hits."""
    all_lines = sum(len(f.executable_lines) for f in coverage.files.values())
    all_hits = sum(len(f.hit_lines) for f in coverage.files.values())
    top = ET.Element(
        "coverage",
        {
            "line-rate": _rate(all_hits, all_lines),
            "branch-rate": "0",
            "lines-covered": str(all_hits),
            "lines-valid": str(all_lines),
            "branches-covered": "0",
            "branches-valid": "0",
            "complexity": "0",
            "version": "pytest-gotest",
            "timestamp": str(int(time.time() * 1000)),
        },
    )
    sources = ET.SubElement(top, "sources")
    ET.SubElement(sources, "source").text = str(root)
    packages = ET.SubElement(top, "packages")
    for package, files in coverage.packages().items():
        p_lines = sum(len(f.executable_lines) for f in files)
        p_hits = sum(len(f.hit_lines) for f in files)
        pkg = ET.SubElement(
            packages,
            "package",
            {
                "name": package,
                "line-rate": _rate(p_hits, p_lines),
                "branch-rate": "0",
                "complexity": "0",
            },
        )
        classes = ET.SubElement(pkg, "classes")
        for fc in files:
            executable = len(fc.executable_lines)
            cls = ET.SubElement(
                classes,
                "class",
                {
                    "name": fc.import_path_file.rpartition("/")[2],
                    "filename": display_path(fc, root),
                    "line-rate": _rate(len(fc.hit_lines), executable),
                    "branch-rate": "0",
                    "complexity": "0",
                },
            )
            methods = ET.SubElement(cls, "methods")
            for fn in fc.functions:
                fn_lines = [n for n in fc.executable_lines if fn.start_line <= n <= fn.end_line]
                fn_hits = [n for n in fn_lines if n in fc.hit_lines]
                method = ET.SubElement(
                    methods,
                    "method",
                    {
                        "name": fn.qualified_name,
                        "signature": "",
                        "line-rate": _rate(len(fn_hits), len(fn_lines)),
                        "branch-rate": "0",
                        "complexity": "0",
                    },
                )
                m_lines = ET.SubElement(method, "lines")
                for number in sorted(fn_lines):
                    ET.SubElement(
                        m_lines,
                        "line",
                        {
                            "number": str(number),
                            "hits": str(fc.hit_lines.get(number, 0)),
                            "branch": "false",
                        },
                    )
            lines = ET.SubElement(cls, "lines")
            for number in sorted(fc.executable_lines):
                ET.SubElement(
                    lines,
                    "line",
                    {
                        "number": str(number),
                        "hits": str(fc.hit_lines.get(number, 0)),
                        "branch": "false",
                    },
                )
    ET.indent(top)
    body = ET.tostring(top, encoding="unicode")
    return (
        '<?xml version="1.0" ?>\n'
        "<!DOCTYPE coverage SYSTEM "
        "'http://cobertura.sourceforge.net/xml/coverage-04.dtd'>\n" + body + "\n"
    )


def lcov_text(coverage: GoCoverage, root: Path) -> str:
    """LCOV tracefile: SF/FN/FNDA/FNF/FNH/DA/LF/LH per file. A function's FNDA count is the
    count of its first executable line (its entry block)."""
    out: list[str] = []
    for _package, files in coverage.packages().items():
        for fc in files:
            out.append("TN:")
            out.append(f"SF:{fc.path}")
            hit_functions = 0
            for fn in fc.functions:
                out.append(f"FN:{fn.start_line},{fn.end_line},{fn.qualified_name}")
            for fn in fc.functions:
                body = sorted(n for n in fc.executable_lines if fn.start_line <= n <= fn.end_line)
                count = fc.hit_lines.get(body[0], 0) if body else 0
                hit_functions += count > 0
                out.append(f"FNDA:{count},{fn.qualified_name}")
            out.append(f"FNF:{len(fc.functions)}")
            out.append(f"FNH:{hit_functions}")
            for number in sorted(fc.executable_lines):
                out.append(f"DA:{number},{fc.hit_lines.get(number, 0)}")
            out.append(f"LF:{len(fc.executable_lines)}")
            out.append(f"LH:{len(fc.hit_lines)}")
            out.append("end_of_record")
    return "\n".join(out) + ("\n" if out else "")


def json_data(coverage: GoCoverage, root: Path) -> dict[str, object]:
    files: dict[str, object] = {}
    for _package, group in coverage.packages().items():
        for fc in group:
            files[display_path(fc, root)] = {
                "path": fc.path,
                "profile_name": fc.import_path_file,
                "package": fc.package,
                "summary": {
                    "statements": fc.statements,
                    "covered_statements": fc.covered,
                    "percent_covered": round(fc.percent, 2),
                    "executable_lines": len(fc.executable_lines),
                    "hit_lines": len(fc.hit_lines),
                    "outside_functions": {
                        "statements": fc.outside_statements,
                        "covered_statements": fc.outside_covered,
                    },
                    # In the numbers above, in no function and on no line (//line directives).
                    "unattributed": {
                        "statements": fc.unattributed_statements,
                        "covered_statements": fc.unattributed_covered,
                    },
                },
                "executable_lines": sorted(fc.executable_lines),
                "missing_lines": sorted(fc.missing_lines),
                "hit_lines": {str(n): c for n, c in sorted(fc.hit_lines.items())},
                "functions": [
                    {
                        "name": fn.name,
                        "qualified_name": fn.qualified_name,
                        "start_line": fn.start_line,
                        "end_line": fn.end_line,
                        "statements": fn.statements,
                        "covered_statements": fn.covered,
                        "percent_covered": round(fn.percent, 2),
                    }
                    for fn in fc.functions
                ],
            }
    return {
        "meta": {
            "format": 1,
            "tool": "pytest-gotest",
            "mode": coverage.mode,
            "unit": "Go statements in function declarations (go tool cover -func)",
        },
        "totals": {
            "statements": coverage.statements,
            "covered_statements": coverage.covered,
            "percent_covered": round(coverage.percent, 2),
            # Not in the numbers above (see outside_note): package-level initializers.
            "outside_functions": {
                "statements": coverage.outside_statements,
                "covered_statements": coverage.outside_covered,
            },
            # In the numbers above: statements a //line directive put where no function or
            # line of the named file can hold them, counted as go test -cover counts them.
            "unattributed": {
                "statements": coverage.unattributed_statements,
                "covered_statements": coverage.unattributed_covered,
            },
        },
        "files": files,
        "problems": list(coverage.problems),
    }


# -- html ---------------------------------------------------------------------------------------

_CSS: Final = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table.index { border-collapse: collapse; }
table.index td, table.index th { padding: .2em .8em; border-bottom: 1px solid #ddd; }
table.index td.num { text-align: right; }
table.source { border-collapse: collapse; font-family: monospace; white-space: pre; }
table.source td { padding: 0 .5em; }
table.source td.n { text-align: right; color: #888; user-select: none; }
table.source td.c { text-align: right; color: #555; }
tr.hit td.t { background: #d6f5d6; }
tr.miss td.t { background: #f8d0d0; }
.legend span { padding: 0 .5em; margin-right: 1em; }
.legend .hit { background: #d6f5d6; } .legend .miss { background: #f8d0d0; }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def _file_page_name(index: int, fc: FileCoverage) -> str:
    base = "".join(ch if ch.isalnum() else "_" for ch in fc.import_path_file)
    return f"f{index:04d}_{base[-80:]}.html"


def write_html(directory: Path, coverage: GoCoverage, root: Path) -> None:
    """index.html plus one page per file; each source line is a ``<tr>`` with class ``hit``,
    ``miss`` or ``none`` and ``id="L<n>"``; no external resources."""
    directory.mkdir(parents=True, exist_ok=True)
    rows: list[str] = []
    index = 0
    for _package, files in coverage.packages().items():
        for fc in files:
            index += 1
            page = _file_page_name(index, fc)
            name = display_path(fc, root)
            rows.append(
                f'<tr><td><a href="{page}">{html.escape(name)}</a></td>'
                f'<td class="num">{fc.statements}</td>'
                f'<td class="num">{fc.statements - fc.covered}</td>'
                f'<td class="num">{percent_text(fc.covered, fc.statements)}</td></tr>'
            )
            (directory / page).write_text(_file_html(fc, name), encoding="utf-8")
    total = percent_text(coverage.covered, coverage.statements)
    problems = "".join(f"<li>{html.escape(p)}</li>" for p in coverage.problems)
    body = (
        f"<h1>Go coverage: {total}</h1><p>mode {html.escape(coverage.mode)}, "
        f"{coverage.covered} of {coverage.statements} statements</p>"
        '<table class="index"><tr><th>File</th><th>Stmts</th><th>Miss</th><th>Cover</th></tr>'
        + "".join(rows)
        + f'<tr><th>TOTAL</th><td class="num">{coverage.statements}</td>'
        f'<td class="num">{coverage.statements - coverage.covered}</td>'
        f'<td class="num">{total}</td></tr></table>'
        + "".join(f"<p>{html.escape(line)}</p>" for line in outside_note(coverage))
        + (f'<ul class="problems">{problems}</ul>' if problems else "")
    )
    (directory / "index.html").write_text(_page("Go coverage", body), encoding="utf-8")


def _file_html(fc: FileCoverage, name: str) -> str:
    try:
        text = Path(fc.path).read_bytes().decode("utf-8", "replace")
    except OSError:
        text = ""
    out: list[str] = []
    source_lines = text.split("\n")
    if source_lines and not source_lines[-1]:
        source_lines.pop()  # the file's final newline starts no line
    for number, line in enumerate(source_lines, 1):
        if number in fc.hit_lines:
            cls, count = "hit", str(fc.hit_lines[number])
        elif number in fc.executable_lines:
            cls, count = "miss", "0"
        else:
            cls, count = "none", ""
        out.append(
            f'<tr class="{cls}" id="L{number}"><td class="n">{number}</td>'
            f'<td class="c">{count}</td><td class="t">{html.escape(line)}</td></tr>'
        )
    functions = "".join(
        f'<li><a href="#L{fn.start_line}">{html.escape(fn.qualified_name)}</a> '
        f"{percent_text(fn.covered, fn.statements)}</li>"
        for fn in fc.functions
    )
    body = (
        f'<p><a href="index.html">index</a></p><h1>{html.escape(name)}</h1>'
        f"<p>{fc.covered} of {fc.statements} statements, "
        f"{percent_text(fc.covered, fc.statements)}</p>"
        '<p class="legend"><span class="hit">hit</span><span class="miss">missed</span></p>'
        f"<ul>{functions}</ul>"
        f'<table class="source">{"".join(out)}</table>'
    )
    return _page(name, body)
