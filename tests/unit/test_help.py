"""What ``pytest --help`` says about the plugin's flags and ini keys: each entry as the setting
is written there (a flag's value, an ini key's one value a line) and with its default."""

from __future__ import annotations

import pytest

from pytest_gotest.plugin.options import CAPTURE_BYTES


def _entries(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Each ``--help`` entry's text (words joined by one space), keyed by the flag as shown
    (``--go-modes=MODES``) or the ini key (``go_modes``, without its type: pytest 8.4 added
    typed ini values)."""
    monkeypatch.setenv("COLUMNS", "100")
    result = pytester.runpytest_inprocess("--help", "-p", "no:cacheprovider")
    entries: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in result.stdout.lines:
        if line.startswith("  ") and not line.startswith("   "):
            head, _, rest = line.strip().partition("  ")
            if not head.startswith("-"):
                head = head.split(" (", 1)[0]  # "go_modes"
            current = entries.setdefault(head, [])
            current.append(rest)
        elif line.startswith("   ") and current is not None:
            current.append(line)
        else:
            current = None
    return {head: " ".join(" ".join(text).split()) for head, text in entries.items()}


@pytest.fixture
def entries(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    pytester.makeini("[pytest]\n")
    return _entries(pytester, monkeypatch)


def test_go_modes_help_says_both_separators(entries: dict[str, str]) -> None:
    for head in ("--go-modes=MODES", "go_modes"):
        assert entries[head].startswith("Go run modes, comma- or space-separated: native"), head


def test_go_isolate_flag_shows_its_optional_mode(entries: dict[str, str]) -> None:
    text = entries["--go-isolate[=MODE]"]
    assert text.startswith("run Go test binaries in a network namespace"), text
    assert "MODE: on (the flag alone) stops where namespaces are unavailable" in text
    assert "off (default)" in text
    assert "--go-isolate" not in entries  # the bare spelling has no entry of its own
    # The ini key takes the mode itself.
    ini = entries["go_isolate"]
    assert ini.startswith("on, best-effort or off (default): run Go test binaries"), ini
    assert "--go-isolate" not in ini


def test_capture_bytes_help_names_the_default_in_use(entries: dict[str, str]) -> None:
    text = entries["go_capture_bytes"]
    assert text.endswith("spilled to a file (default 1048576)"), text
    assert CAPTURE_BYTES == 1048576  # what a run keeps when the key is unset


def test_cov_report_ini_help_takes_one_report_a_line(entries: dict[str, str]) -> None:
    assert entries["--go-cov-report=TYPE[:DEST]"].startswith("Go coverage report, repeatable:")
    ini = entries["go_cov_report"]
    assert ini.startswith("Go coverage reports, one a line: term, term-missing"), ini
    assert "repeatable" not in ini
