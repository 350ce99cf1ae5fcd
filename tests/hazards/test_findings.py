"""The pure parts of the init-hazard integration: the analyzer's JSON, the ini allow-list, the
results cache key. No Go needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_gotest.hazards.cache import ModuleSources, ResultCache, results_key
from pytest_gotest.hazards.findings import (
    RULES,
    AnalyzerOutputError,
    EarlierParse,
    filter_allowed,
    finding_from_json,
    parse_allow,
    parse_report,
    report_to_json,
)
from pytest_gotest.hazards.local_modules import local_module_dirs

ROOT = Path("/src/mod")


def finding(
    rule: str = "H1", file: str = "/src/mod/srv/srv.go", line: int = 12
) -> dict[str, object]:
    return {
        "rule": rule,
        "file": file,
        "line": line,
        "col": 2,
        "root_file": file,
        "root_line": 5,
        "package": "example.com/m/srv",
        "call": "net.Listen",
        "chain": ["init", "startServer", "net.Listen"],
        "message": "init listens on the network: net.Listen",
        "affects": ["example.com/m/srv", "example.com/m/api"],
    }


def report(*findings: dict[str, object]) -> str:
    return json.dumps({"version": 1, "go": "go1.26.8", "findings": list(findings), "errors": []})


def test_parse_report_reads_the_contract_and_round_trips() -> None:
    parsed = parse_report(report(finding(), finding("H5", line=20)))
    assert [f.rule for f in parsed.findings] == ["H1", "H5"]
    first = parsed.findings[0]
    assert first.affects == ("example.com/m/srv", "example.com/m/api")
    assert first.chain == ("init", "startServer", "net.Listen")
    assert first.location(ROOT) == "srv/srv.go:12"
    assert parse_report(report_to_json(parsed)) == parsed


def test_an_earlier_parse_survives_the_cache_and_the_xdist_payload() -> None:
    """An H4 parse's ``after`` (parses in other modules' init code that run before it)
    comes through every hand-over: the report the cache keeps, a worker's findings."""
    after = {
        "package": "example.com/dep/q",
        "file": "/cache/q/q.go",
        "line": 8,
        "call": "flag.Parse",
    }
    parse = {**finding("H4"), "call": "flag.Parse", "after": [after]}
    parsed = parse_report(report(parse, finding()))
    first, second = parsed.findings
    assert first.after == (EarlierParse("example.com/dep/q", "/cache/q/q.go", 8, "flag.Parse"),)
    assert second.after == ()
    assert parse_report(report_to_json(parsed)) == parsed
    assert finding_from_json(json.loads(json.dumps(first.to_json()))) == first


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "not JSON"),
        ("panic: boom", "not JSON"),
        ("[]", "not a JSON object"),
        ('{"version": 2, "findings": []}', "unsupported output version 2"),
        (report({**finding(), "line": "12"}), "findings[0]: field 'line' should be int"),
        (report({**finding(), "affects": "x"}), "field 'affects' should be a list of strings"),
        (report({**finding(), "after": [{"package": "q"}]}), "findings[0].after: field 'file'"),
    ],
)
def test_bad_analyzer_output_is_named(text: str, problem: str) -> None:
    with pytest.raises(AnalyzerOutputError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        parse_report(text)


def test_allow_list_by_rule_and_path_glob() -> None:
    parsed = parse_report(
        report(
            finding("H1", "/src/mod/srv/srv.go"),
            finding("H5", "/src/mod/internal/metrics/m.go"),
            finding("H5", "/src/mod/worker/w.go"),
            finding("H7", "/src/mod/lib/lib.go"),
        )
    )
    allow = parse_allow(["h7", "H5:internal/*", "", "# comment"])
    kept = filter_allowed(parsed.findings, allow, [ROOT])
    assert [(f.rule, f.file) for f in kept] == [
        ("H1", "/src/mod/srv/srv.go"),
        ("H5", "/src/mod/worker/w.go"),
    ]
    everything = parse_allow(["*:/src/mod/*"])
    assert filter_allowed(parsed.findings, everything, []) == []


def test_allow_list_rejects_unknown_rules() -> None:
    with pytest.raises(ValueError, match="ini go_init_hazards_allow: unknown rule 'H42'"):
        parse_allow(["H42:x/*"])


@pytest.mark.parametrize("line", ["H1:", "H1 :  ", "*:"])
def test_allow_list_rejects_a_colon_without_a_pattern(line: str) -> None:
    # "H1:" would have allowed H1 everywhere, as "H1" alone does, without a word.
    with pytest.raises(ValueError, match="has no path pattern after the colon"):
        parse_allow([line])


def test_results_key_follows_file_content_flags_and_versions(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module m\n")
    pkg = tmp_path / "p"
    pkg.mkdir()
    (pkg / "p.go").write_text("package p\n")
    sources = [ModuleSources("m/p", pkg, ("p.go",))]

    def key(**changes: object) -> str:
        args: dict[str, object] = {
            "go_version": "go1.26.8",
            "list_flags": (),
            "analyzer_hash": "abc",
            "environ": {},
        }
        args.update(changes)
        return results_key(tmp_path, sources, ["m/p"], **args)  # type: ignore[arg-type]

    base = key()
    assert key() == base
    assert key(go_version="go1.27.0") != base
    assert key(list_flags=("-tags=x",)) != base
    assert key(analyzer_hash="def") != base
    assert key(environ={"GOOS": "windows"}) != base
    (pkg / "p.go").write_text("package p\n\nfunc init() {}\n")
    assert key() != base


def test_local_module_dirs_are_the_directory_replacements_and_workspace_modules(
    tmp_path: Path,
) -> None:
    """go.mod's and go.work's replacements that are directories (line and block forms,
    quoted, after a version, commented), and go.work's use directories; not module paths,
    not the module itself."""
    work = tmp_path / "ws"
    root = work / "mod"
    root.mkdir(parents=True)
    (root / "go.mod").write_text(
        "module example.com/mod // a comment => ./not\n\n"
        "replace example.com/a => ../a\n"
        'replace example.com/b v1.2.0 => "./b dir" // quoted\n'
        "replace (\n"
        "\texample.com/c => /abs/c\n"
        "\t// example.com/d => ../commented\n"
        "\texample.com/e => example.com/fork v1.0.0\n"
        "\texample.com/f v0.1.0 => `../f`\n"
        ")\n"
        "require example.com/g v1.0.0\n"
    )
    (work / "go.work").write_text(
        "go 1.22\n\nuse (\n\t./mod\n\t./other\n)\nuse ../outside\nreplace example.com/h => ./h\n"
    )
    assert local_module_dirs(root, {}) == sorted(
        [
            work / "a",
            root / "b dir",
            Path("/abs/c"),
            work / "f",
            work / "other",
            tmp_path / "outside",
            work / "h",
        ]
    )
    assert local_module_dirs(root, {"GOWORK": "off"}) == sorted(
        [work / "a", root / "b dir", Path("/abs/c"), work / "f"]
    )


def test_results_key_follows_replaced_and_workspace_modules(tmp_path: Path) -> None:
    """A local replacement's Go files count by their stamps (an edit, a new file), its go.mod
    by content; so do a go.work's modules, and the go.work itself."""
    root = tmp_path / "mod"
    root.mkdir()
    (root / "go.mod").write_text("module m\n\nreplace example.com/dep => ../dep\n")
    dep = tmp_path / "dep"
    dep.mkdir()
    (dep / "go.mod").write_text("module example.com/dep\n")
    (dep / "dep.go").write_text("package dep\n")

    def key(environ: dict[str, str] | None = None) -> str:
        return results_key(
            root,
            [],
            ["m/p"],
            go_version="go1.26.8",
            list_flags=(),
            analyzer_hash="abc",
            environ=environ or {},
        )

    keys = [key()]
    assert key() == keys[0]
    (dep / "dep.go").write_text("package dep\n\nfunc init() {}\n")
    keys.append(key())
    (dep / "sub").mkdir()
    (dep / "sub" / "sub.go").write_text("package sub\n")
    keys.append(key())
    (dep / "go.mod").write_text("module example.com/dep\n\ngo 1.22\n")
    keys.append(key())
    other = tmp_path / "other"
    other.mkdir()
    (other / "other.go").write_text("package other\n")
    work = tmp_path / "go.work"
    work.write_text("go 1.22\n\nuse ./mod\n")
    keys.append(key())
    work.write_text("go 1.22\n\nuse (\n\t./mod\n\t./other\n)\n")
    keys.append(key())
    without_workspace = key({"GOWORK": "off"})
    (other / "other.go").write_text("package other\n\nfunc init() {}\n")
    keys.append(key())
    assert len(set(keys)) == len(keys)
    assert key({"GOWORK": "off"}) == without_workspace  # go.work not in effect


def test_result_cache_round_trip_and_damaged_entries(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    assert cache.get("k") is None
    parsed = parse_report(report(finding()))
    with cache.locked("k"):
        cache.put("k", parsed)
    assert cache.get("k") == parsed
    (tmp_path / "results" / "k.json").write_text("{truncated")
    assert cache.get("k") is None


def test_each_rule_links_a_section_of_the_docs_and_names_a_fix() -> None:
    """The warning's link must land on the rule's heading (GitHub's anchor of it)."""
    import re

    docs = (Path(__file__).parents[2] / "docs" / "init-hazards.md").read_text(encoding="utf-8")
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", docs, flags=re.M)
    }
    for rule in RULES.values():
        path, _, anchor = rule.doc.partition("#")
        assert path == "docs/init-hazards.md"
        assert anchor in anchors, rule.id
        assert rule.fix
