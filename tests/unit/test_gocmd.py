"""gocmd: Go's QuoteMeta, the exact -run selector, go_flags validation and reading.

Command lines and the flags' meaning for a run (command line over $GOFLAGS) are
test_toolchain's."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.gocmd import (
    GoFlags,
    GoFlagsError,
    exact_run_selector,
    go_subtest_name,
    links_strings,
    parse_environment_goflags,
    parse_go_flags,
    quote_meta,
)
from pytest_gotest.core.outcome import Cause, TestSlot
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.resolve import resolve
from pytest_gotest.core.toolchain import GoToolchain

# -- quote_meta -------------------------------------------------------------------------------

GO_META = "\\.+*?()|[]{}^$"


@pytest.mark.parametrize("char", list(GO_META))
def test_quote_meta_escapes_every_re2_metacharacter(char: str) -> None:
    assert quote_meta(char) == "\\" + char


@pytest.mark.parametrize("char", ["#", "/", " ", "-", "_", "a", "Z", "0", "é", "🚀", "'", '"', "&"])
def test_quote_meta_leaves_other_characters_alone(char: str) -> None:
    assert quote_meta(char) == char


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("", ""),
        ("TestX", "TestX"),
        ("p(1)", r"p\(1\)"),
        ("q.r", r"q\.r"),
        ("dup#01", "dup#01"),
        ("case[1]", r"case\[1\]"),
        ("caret^dollar$", r"caret\^dollar\$"),
        ("plus+question?", r"plus\+question\?"),
        ("pipe|bar", r"pipe\|bar"),
        ("back\\slash", r"back\\slash"),
        ("a{2}*", r"a\{2\}\*"),
        ("with space-and/slash", "with space-and/slash"),
    ],
)
def test_quote_meta_examples(text: str, quoted: str) -> None:
    assert quote_meta(text) == quoted


@given(st.text())
def test_quote_meta_is_a_literal_regexp(text: str) -> None:
    # RE2 and Python agree on these escapes: the quoted text matches exactly itself.
    assert re.fullmatch(quote_meta(text), text, flags=re.DOTALL) is not None


# -- go_subtest_name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "go_name"),
    [
        ("with space", "with_space"),
        ("tab\there\nand\r", "tab_here_and_"),
        ("no\xa0break\u2003em\u3000ideo\u2028line\x85", "no_break_em_ideo_line_"),
        ("bell\a back\b", "bell\\a_back\\b"),
        ("nul\x00 del\x7f", "nul\\x00_del\\x7f"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        ("tag\U000e0001", "tag\\U000e0001"),
        ("\udcff", "\ufffd"),  # a byte that is not UTF-8, as Go reads it
        ("ünï/br[1]/a::b", "ünï/br[1]/a::b"),
        ('back\\slash "quoted"', 'back\\slash_"quoted"'),
        ("TestX/with_space", "TestX/with_space"),
    ],
)
def test_go_subtest_name_rewrites_like_go(typed: str, go_name: str) -> None:
    assert go_subtest_name(typed) == go_name


@given(st.text())
def test_go_subtest_name_is_idempotent_and_printable(text: str) -> None:
    """A name Go reported is its own Go name; no space or unprintable rune is left."""
    once = go_subtest_name(text)
    assert go_subtest_name(once) == once
    assert once.isprintable()
    assert " " not in once


# -- exact_run_selector -----------------------------------------------------------------------


def test_selector_single_top_level() -> None:
    assert exact_run_selector(["TestAlpha"]) == "^(TestAlpha)$"


def test_selector_of_no_test_selects_none() -> None:
    # "" would be no -run at all: every test. A package run for its coverage alone
    # (--go-cov, its tests all deselected) runs none.
    assert exact_run_selector([]) == "^$"


def test_selector_several_top_level_share_one_anchored_group() -> None:
    assert exact_run_selector(["TestA", "TestB"]) == "^(TestA|TestB)$"


@pytest.mark.parametrize(
    ("name", "selector"),
    [
        ("TestX/p(1)", r"^TestX$/^p\(1\)$"),
        ("TestX/dup#01", "^TestX$/^dup#01$"),
        ("TestX/x/y", "^TestX$/^x$/^y$"),
        ("TestX/q.r", r"^TestX$/^q\.r$"),
        ("TestX/a_b", "^TestX$/^a_b$"),
        ("TestX/case[1]", r"^TestX$/^case\[1\]$"),
        ("TestX/pipe|bar", r"^TestX$/^pipe\|bar$"),
    ],
)
def test_selector_nested(name: str, selector: str) -> None:
    assert exact_run_selector([name]) == selector


def test_selector_mixed_top_level_and_nested() -> None:
    assert exact_run_selector(["TestA", "TestX/p(1)", "TestB.c", "TestX/x/y"]) == (
        r"^(TestA|TestB\.c)$|^TestX$/^p\(1\)$|^TestX$/^x$/^y$"
    )


def test_selector_drops_duplicates_keeping_order() -> None:
    assert exact_run_selector(["TestB", "TestA", "TestB"]) == "^(TestB|TestA)$"


def test_selector_accepts_any_iterable() -> None:
    def names() -> Iterator[str]:
        yield "TestA"
        yield "TestX/y"

    assert exact_run_selector(names()) == "^(TestA)$|^TestX$/^y$"


# -- parse_go_flags ---------------------------------------------------------------------------


def test_empty_flags() -> None:
    assert parse_go_flags("") == GoFlags((), ())
    assert parse_go_flags("   ") == GoFlags((), ())


def test_values_with_equals_and_separate() -> None:
    flags = parse_go_flags("-count=1 -timeout 30s -race -tags=integration -v")
    assert flags.test_flags == ("-count=1", "-timeout", "30s", "-race", "-tags=integration", "-v")


def test_double_dash_spelling_is_accepted() -> None:
    assert parse_go_flags("--count=2 --short").test_flags == ("--count=2", "--short")


def test_shell_quoting() -> None:
    flags = parse_go_flags("-ldflags '-X main.version=1 -s' -tags \"a b\" -gcflags=all=-N\\ -l")
    assert flags.test_flags == (
        "-ldflags",
        "-X main.version=1 -s",
        "-tags",
        "a b",
        "-gcflags=all=-N -l",
    )


def test_a_value_that_looks_like_a_flag_is_a_value() -> None:
    # Go's flag package takes the next argument as the value of a non-boolean flag.
    assert parse_go_flags("-exec -v").test_flags == ("-exec", "-v")


def test_test_binary_flags_pass_through() -> None:
    flags = parse_go_flags("-test.v -test.count=3 -test.timeout 5m -test.short")
    assert flags.test_flags == ("-test.v", "-test.count=3", "-test.timeout", "5m", "-test.short")


def test_list_flags_keep_build_flags_that_change_files() -> None:
    flags = parse_go_flags("-tags integration -race -mod=vendor -count=1 -v -modfile x.mod -cover")
    assert flags.list_flags == ("-tags", "integration", "-race", "-mod=vendor", "-modfile", "x.mod")
    assert flags.test_flags == (
        "-tags",
        "integration",
        "-race",
        "-mod=vendor",
        "-count=1",
        "-v",
        "-modfile",
        "x.mod",
        "-cover",
    )


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("-json", "-json"),
        ("-json=false", "-json"),
        ("-run TestX", "-run"),
        ("-run=TestX", "-run"),
        ("-test.run=TestX", "-run"),
        ("-test.run TestX", "-run"),
        ("--run=X", "-run"),
        ("-skip TestX", "-skip"),
        ("-coverprofile=c.out", "-coverprofile"),
        ("-test.coverprofile c.out", "-coverprofile"),
        ("-args -foo", "-args"),
        ("-list .", "-list"),
        ("-test.list=.*", "-list"),
        ("-c", "-c"),
        ("-o bin", "-o"),
        ("-outputdir /tmp", "-outputdir"),
        ("-bench .", "-bench"),
        ("-fuzz FuzzX", "-fuzz"),
        ("-v -count=1 -run X", "-run"),
    ],
)
def test_owned_flags_are_refused_by_name(text: str, flag: str) -> None:
    with pytest.raises(GoFlagsError, match=re.escape(f"{flag} is set by pytest-gotest")):
        parse_go_flags(text)


def test_owned_flag_message_names_the_setting() -> None:
    with pytest.raises(GoFlagsError, match=r"^go_flags: -json "):
        parse_go_flags("-json", setting="go_flags")


@pytest.mark.parametrize("token", ["./...", "example.com/x", "TestX", "-", "--", "foo=bar"])
def test_non_flag_tokens_are_refused(token: str) -> None:
    with pytest.raises(GoFlagsError, match=re.escape(repr(token))):
        parse_go_flags(f"-v {token}")


@pytest.mark.parametrize("text", ["-count", "-v -timeout", "-tags", "-test.count"])
def test_missing_value(text: str) -> None:
    name = text.rsplit(maxsplit=1)[-1].lstrip("-").removeprefix("test.")
    with pytest.raises(GoFlagsError, match=f"-{re.escape(name)} needs a value"):
        parse_go_flags(text)


@pytest.mark.parametrize("text", ["-ldflags '-s", '-tags "a', "-ldflags=\\"])
def test_unbalanced_quotes(text: str) -> None:
    with pytest.raises(GoFlagsError, match="cannot split"):
        parse_go_flags(text)


@pytest.mark.parametrize("flag", ["-artifacts", "-test.paniconexit0"])
def test_boolean_test_flags_take_no_value(flag: str) -> None:
    refusal = ""
    try:
        flags = parse_go_flags(f"{flag} -race")
    except GoFlagsError as exc:  # refusing it as a flag pytest-gotest owns is fine too
        refusal = str(exc)
    if refusal:
        assert flag.removeprefix("-test.").lstrip("-") in refusal
        assert "needs a value" not in refusal
    else:
        assert flags.test_flags == (flag, "-race")
        assert flags.list_flags == ("-race",)


# -- reading flags: GoFlags.entries and value -------------------------------------------------


def test_entries_keep_each_flag_and_its_value() -> None:
    flags = parse_go_flags("-count=1 -timeout 30s -race -test.v -tags=a,b -race=false")
    assert flags.entries == (
        ("count", "1"),
        ("timeout", "30s"),
        ("race", None),
        ("v", None),
        ("tags", "a,b"),
        ("race", "false"),
    )


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("-race", "race", "true"),  # a bare boolean flag reads "true"
        ("-race=false", "race", "false"),
        ("-race -race=false", "race", "false"),  # the last one wins, as in Go's flag package
        ("-race=false -race", "race", "true"),
        ("-count 3", "count", "3"),
        ("-test.count=2", "count", "2"),
        ("--count=4", "count", "4"),
        ("-count=1 -count=5", "count", "5"),
        ("-covermode count", "covermode", "count"),
        ("-v", "count", None),
        ("", "race", None),
        ("-exec -v", "v", None),  # -v is -exec's value here, not a flag
        ("-exec -v", "exec", "-v"),
    ],
)
def test_value_reads_the_parsed_entries(text: str, name: str, value: str | None) -> None:
    assert parse_go_flags(text).value(name) == value


def test_environment_goflags_are_read_not_validated() -> None:
    flags = parse_environment_goflags("-count=2 -race -test.cpu=1,2 -mod=mod stray -json")
    assert flags.entries == (
        ("count", "2"),
        ("race", None),
        ("cpu", "1,2"),
        ("mod", "mod"),
        ("json", None),  # go reports its own errors about $GOFLAGS; nothing is refused here
    )
    assert flags.test_flags == ()  # go applies $GOFLAGS itself: never passed on again
    assert flags.value("race") == "true"
    assert parse_environment_goflags("") == GoFlags()


# -- the selector against the real go command -------------------------------------------------

_SELECTION_TEST = textwrap.dedent(
    """\
    package sel

    import "testing"

    func TestX(t *testing.T) {
    \tfor _, name := range []string{"a b", "x/y", "p(1)", "q.r", "dup", "dup", "case[1]"} {
    \t\tt.Run(name, func(t *testing.T) {})
    \t}
    }

    func TestAlpha(t *testing.T) {}

    func TestAlphaBeta(t *testing.T) {}
    """
)
_ALL_X = {
    "TestX",
    "TestX/a_b",
    "TestX/x/y",
    "TestX/p(1)",
    "TestX/q.r",
    "TestX/dup",
    "TestX/dup#01",
    "TestX/case[1]",
}


@pytest.fixture(scope="module")
def selection_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("go") is None:
        pytest.skip("Go toolchain not installed")
    root = tmp_path_factory.mktemp("selmod")
    (root / "go.mod").write_text("module example.com/sel\n\ngo 1.22\n")
    (root / "sel_test.go").write_text(_SELECTION_TEST)
    return root


def _go_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GOTOOLCHAIN"] = "local"
    env["GOFLAGS"] = ""
    env["GOPROXY"] = "off"
    return env


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (["TestAlpha"], {"TestAlpha"}),
        (["TestAlphaBeta"], {"TestAlphaBeta"}),
        (["TestAlpha", "TestAlphaBeta"], {"TestAlpha", "TestAlphaBeta"}),
        (["TestX"], _ALL_X),
        (["TestX/dup"], {"TestX", "TestX/dup"}),
        (["TestX/dup#01"], {"TestX", "TestX/dup#01"}),
        (["TestX/p(1)"], {"TestX", "TestX/p(1)"}),
        (["TestX/q.r"], {"TestX", "TestX/q.r"}),
        (["TestX/a_b"], {"TestX", "TestX/a_b"}),
        (["TestX/x/y"], {"TestX", "TestX/x/y"}),
        (["TestX/case[1]"], {"TestX", "TestX/case[1]"}),
        (
            ["TestAlpha", "TestX/p(1)", "TestX/dup#01"],
            {"TestAlpha", "TestX", "TestX/p(1)", "TestX/dup#01"},
        ),
    ],
)
def test_exact_selector_with_real_go(
    selection_module: Path, selection: list[str], expected: set[str]
) -> None:
    go = shutil.which("go")
    assert go is not None
    selector = exact_run_selector(selection)
    proc = subprocess.run(
        [go, "test", "-json", "-count=1", f"-run={selector}", "."],
        cwd=selection_module,
        env=_go_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder = StreamFolder(["example.com/sel"], CaptureLimits())
    for line in proc.stdout.splitlines():
        folder.feed_line(line)
    folder.finish(proc.returncode, proc.stderr)
    pkg = folder.packages["example.com/sel"]
    ran = {run.name for run in pkg.runs} | {sub for run in pkg.runs for sub in run.subtests or ()}
    assert ran == expected, selector
    top_level = sorted({name.split("/", 1)[0] for name in selection})
    verdict = resolve(pkg, [TestSlot(name) for name in top_level], runs_per_test=1)
    assert all(o.cause is Cause.PASSED for o in verdict.outcomes.values())
    assert not verdict.notes
    pkg.close()


_ODD_NAMES = [
    "with space",
    "tab\there",
    "nb\xa0sp",
    "bell\a",
    "del\x7f",
    "zw\u200bj",
    "tag\U000e0001",
]
_NAMES_TEST = textwrap.dedent(
    """\
    package names

    import (
    \t"encoding/hex"
    \t"fmt"
    \t"testing"
    )

    func TestN(t *testing.T) {
    \tfor _, name := range []string{%s} {
    \t\tt.Run(name, func(t *testing.T) {
    \t\t\tfmt.Println("NAME", hex.EncodeToString([]byte(t.Name())))
    \t\t})
    \t}
    }
    """
)


@pytest.fixture(scope="module")
def names_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("go") is None:
        pytest.skip("Go toolchain not installed")
    root = tmp_path_factory.mktemp("namesmod")
    (root / "go.mod").write_text("module example.com/names\n\ngo 1.22\n")
    # Go string literals of the names, every rune escaped.
    literals = ", ".join(
        '"' + "".join(f"\\U{ord(ch):08x}" for ch in name) + '"' for name in _ODD_NAMES
    )
    (root / "names_test.go").write_text(_NAMES_TEST % literals, encoding="utf-8")
    return root


def _names_ran(root: Path, selector: str) -> list[str]:
    go = shutil.which("go")
    assert go is not None
    proc = subprocess.run(
        [go, "test", "-v", "-count=1", f"-run={selector}", "."],
        cwd=root,
        env=_go_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return [
        bytes.fromhex(line.split()[1]).decode()
        for line in proc.stdout.splitlines()
        if line.startswith("NAME ")
    ]


def test_go_subtest_name_is_the_name_go_reports_and_runs(names_module: Path) -> None:
    """Go's own names for t.Run's odd names; each, given to -run, runs exactly that one."""
    expected = [f"TestN/{go_subtest_name(name)}" for name in _ODD_NAMES]
    assert _names_ran(names_module, "^TestN$") == expected
    for name in expected:
        assert _names_ran(names_module, exact_run_selector([name])) == [name]


@pytest.mark.parametrize(
    ("go_flags", "goflags_env", "expected"),
    [
        ("", "", False),
        ("-count=1 -v", "-buildvcs=false", False),
        ("-ldflags='-s -w'", "", False),
        ("-ldflags='-s -X example.com/m.version=1'", "", True),
        ("-ldflags=-X=example.com/m.version=1", "", True),
        ("-ldflags 'example.com/m/...=-X example.com/m.mode=on'", "", True),
        ("", "-ldflags=-X=example.com/m.version=1", True),
        ("", "-ldflags=-s", False),
    ],
)
def test_links_strings_when_any_ldflags_names_x(
    go_flags: str, goflags_env: str, expected: bool
) -> None:
    """The init-hazard analysis trusts a string var's declaration only when go links the
    test binaries without -X, from --go-flags or from GOFLAGS."""
    toolchain = GoToolchain("go", parse_go_flags(go_flags), {"GOFLAGS": goflags_env})
    assert links_strings(toolchain.flag("ldflags")) is expected
