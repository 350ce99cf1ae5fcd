"""JUnit XML stays well-formed whatever Go prints (issue 10, item 1).

The ``ctlchars`` fixture module prints every character XML 1.0 cannot carry (C0 controls, DEL,
U+FFFE, U+FFFF, invalid UTF-8) in the output, failure messages and skip reasons of passing,
failing and skipped tests and subtests, each labelled ``[hex:<char>]``. Its README.md lists
what Go reports. The file must parse with ElementTree and junitparser, for xunit1 and xunit2,
with and without xdist, and the text must survive escaped the way pytest escapes its own
content (``bin_xml_escape``: ``\\x01`` -> ``#x01``), not be dropped.

One inner session per configuration (four in all), shared by every assertion on it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from junitparser import JUnitXml

from .helpers import assert_counts, junit_cases, junit_status, junit_suite
from .session_runs import ModuleRun, copy_module, inner_go_minor, run_inner, short_summary

PKG = "example.com/ctlchars/ctl"

# Go's rewrite of t.Run("sub\x01name\x0c"): the control as the four characters \x01, the
# form feed (a space to Go) as "_".
RENAMED_SUB = "TestAttr/sub\\x01name_"

EXPECTED = {
    "TestAttr": "passed",
    RENAMED_SUB: "passed",
    "TestPrints": "passed",
    "TestFails": "failed",
    "TestSkips": "skipped",
    "TestSubtests": "failed",
    "TestSubtests/passes": "passed",
    "TestSubtests/fails": "failed",
    "TestSubtests/skips": "skipped",
    "TestFormFeeds": "passed",
}


def _expected() -> dict[str, str]:
    """EXPECTED for the Go that runs: attr_test.go needs Go 1.25 (t.Attr, a build constraint);
    older Go builds the package without it, so TestAttr is no test there."""
    if inner_go_minor() >= 25:
        return EXPECTED
    return {name: status for name, status in EXPECTED.items() if not name.startswith("TestAttr")}


# The labels each test prints, followed by the hostile characters.
LABELS = {
    "TestPrints": ("stdout:", "stderr:", "log:"),
    "TestFails": ("err:",),
    "TestSkips": ("skip:",),
    "TestSubtests/passes": ("subout:",),
    "TestSubtests/fails": ("suberr:",),
    "TestSubtests/skips": ("subskip:",),
}

# Tab, newline and carriage return are legal XML; ^V (0x16) is dropped by test2json itself
# (its framing marker), so "[16:]" is what Go delivers.
_LEGAL = (0x09, 0x0A, 0x0D)
ESCAPED_TOKENS = (
    *(f"[{c:02x}:#x{c:02X}]" for c in range(0x20) if c not in (*_LEGAL, 0x16)),
    "[16:]",
    # DEL is legal XML: pytest 9 escapes it for its own text, pytest 8 keeps it (the plugin
    # escapes exactly as the running pytest does).
    "[7f:#x7F]" if pytest.version_tuple >= (9,) else "[7f:\x7f]",
    "[fffe:#xFFFE]",
    "[ffff:#xFFFF]",
    "[bad:\ufffd\ufffd]",  # test2json replaced each invalid byte
    "[nul:#x00]",
)
# The start of every labelled line, as far as the first newline of the label's text.
FIRST_LINE = "".join(f"[{c:02x}:#x{c:02X}]" for c in range(9)) + "[09:\t][0a:"


@dataclass(frozen=True)
class Config:
    family: str
    xdist: bool
    logging: str  # junit_logging

    @property
    def args(self) -> tuple[str, ...]:
        args = ("-o", f"junit_family={self.family}", "-o", f"junit_logging={self.logging}")
        return (*args, "-n", "2") if self.xdist else args


CONFIGS = {
    "xunit1": Config("xunit1", xdist=False, logging="no"),
    "xunit2": Config("xunit2", xdist=False, logging="no"),
    "xunit1-xdist": Config("xunit1", xdist=True, logging="no"),
    "xunit2-xdist-logging-all": Config("xunit2", xdist=True, logging="all"),
}


def _configs() -> list[object]:
    """The configurations as ``ctl_run`` parameters."""
    return [pytest.param(name, id=name) for name in CONFIGS]


@pytest.fixture(scope="module")
def ctl_run(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
) -> ModuleRun:
    name = request.param
    config = CONFIGS[name]
    if config.xdist:
        pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    root = copy_module("ctlchars", tmp_path_factory.mktemp(f"ctl-{name}") / "mod")
    return run_inner(root, go_env, *config.args)


def _texts(element: ET.Element) -> str:
    """Every attribute value and text inside a testcase: wherever the text was put."""
    parts: list[str] = []
    for node in element.iter():
        parts.extend(str(value) for value in node.attrib.values())
        parts.append(node.text or "")
    return "\n".join(parts)


def _testcases(run: ModuleRun) -> dict[str, ET.Element]:
    root = ET.parse(run.junit).getroot()
    found: dict[str, ET.Element] = {}
    for case in root.iter("testcase"):
        if case.get("classname") == PKG:
            found[str(case.get("name"))] = case
    return found


@pytest.mark.parametrize("ctl_run", _configs(), indirect=True)
def test_junit_parses_with_elementtree_and_junitparser(ctl_run: ModuleRun) -> None:
    ET.parse(ctl_run.junit)  # raises on any character XML 1.0 forbids
    xml = JUnitXml.fromfile(str(ctl_run.junit))
    assert xml is not None
    cases = junit_cases(junit_suite(ctl_run.junit))
    statuses = {name: junit_status(case) for (classname, name), case in cases.items()}
    assert statuses == _expected(), short_summary(ctl_run.result)


@pytest.mark.parametrize(
    "ctl_run",
    _configs(),
    indirect=True,
)
def test_every_hostile_character_survives_escaped(ctl_run: ModuleRun) -> None:
    cases = _testcases(ctl_run)
    for name, labels in LABELS.items():
        text = _texts(cases[name])
        for label in labels:
            assert label + FIRST_LINE in text, (name, label, text[:2000])
        for token in ESCAPED_TOKENS:
            assert token in text, (name, token, text[:2000])


@pytest.mark.parametrize("ctl_run", _configs(), indirect=True)
def test_form_feeds_of_a_passing_test_are_shown_escaped(ctl_run: ModuleRun) -> None:
    text = _texts(_testcases(ctl_run)["TestFormFeeds"])
    assert "page one#x0Cpage two#x0Cpage three" in text


@pytest.mark.parametrize("ctl_run", _configs(), indirect=True)
def test_failure_and_skip_messages_hold_the_escaped_first_line(ctl_run: ModuleRun) -> None:
    cases = _testcases(ctl_run)
    for name, kind, label in (
        ("TestFails", "failure", "err:"),
        ("TestSubtests/fails", "failure", "suberr:"),
        ("TestSkips", "skipped", "skip:"),
        ("TestSubtests/skips", "skipped", "subskip:"),
    ):
        element = cases[name].find(kind)
        assert element is not None, name
        message = element.get("message") or ""
        # The attribute keeps every control of the first line, escaped: a failure's
        # headline (also the short summary's and CI annotations') shows them as \xNN text
        # itself (core/explain.py plain_headline); a skip's reason is pytest's, escaped as
        # pytest escapes (#xNN). A tab in an attribute is normalised to a space by XML
        # parsers.
        if kind == "failure":
            head = "".join(f"[{c:02x}:\\x{c:02x}]" for c in range(9))
        else:
            head = "".join(f"[{c:02x}:#x{c:02X}]" for c in range(9))
        assert label + head in message, (name, message)


@pytest.mark.parametrize("ctl_run", _configs(), indirect=True)
def test_the_run_reports_go_results_without_internal_errors(ctl_run: ModuleRun) -> None:
    result = ctl_run.result
    text = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in text
    assert "Traceback" not in text
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    attr = 1 if "TestAttr" in _expected() else 0  # TestAttr and its subtest pass
    counts = {"passed": 2 + attr, "subtests passed": 1 + attr, "failed": 3, "skipped": 2}
    assert_counts(result, counts)
