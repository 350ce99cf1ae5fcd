"""The HTML report of a Go file, rendered by a real browser (Debian's chromium, headless):
hit and missed lines are coloured, on the right line numbers, next to the right source text.

A probe script appended to a copy of the report page runs after the page's own scripts, reads
each source line's number, text and *computed* background colour, and writes them into the DOM
that ``chromium --dump-dom`` prints. coverage.py colours only missed lines until its "run"
toggle is pressed, so the probe presses it, like a user would.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .coverage_example import EXAMPLE, MAIN_EXECUTED, MAIN_GO, MAIN_MISSING, copy_example
from .helpers import RunPytest

pytest.importorskip("pytest_cov", reason="pytest-cov is not installed (pip install -e '.[test]')")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

_PROBE = """
<script>
window.addEventListener("load", () => setTimeout(() => {
  for (const selector of PRESS) {
    const button = document.querySelector(selector);
    // coverage.py remembers toggles (localStorage): press only if not already on.
    if (button && !button.classList.contains("show_" + button.value)) button.click();
  }
  const transparent = (c) => c === "rgba(0, 0, 0, 0)" || c === "transparent";
  const lines = [];
  for (const row of document.querySelectorAll(ROWS)) {
    const number = row.querySelector(NUMBER), text = row.querySelector(TEXT);
    if (!number || !text) continue;
    let colour = getComputedStyle(text).backgroundColor;
    if (transparent(colour)) colour = getComputedStyle(row).backgroundColor;
    lines.push([Number(number.textContent), text.textContent, colour]);
  }
  const out = document.createElement("pre");
  out.id = "gotest-probe";
  out.textContent = JSON.stringify(lines);
  document.body.appendChild(out);
}, 50));
</script>
"""
_PROBE_OUT = re.compile(r'<pre id="gotest-probe">(.*?)</pre>', re.DOTALL)


def rendered_lines(
    page: Path, rows: str, number: str, text: str, press: tuple[str, ...] = ()
) -> list[tuple[int, str, str]]:
    """(line number, line text, background colour) of each source line as chromium shows it."""
    assert CHROMIUM is not None
    probe = page.with_name("probe-" + page.name)
    script = (
        _PROBE.replace("PRESS", json.dumps(list(press)))
        .replace("ROWS", json.dumps(rows))
        .replace("NUMBER", json.dumps(number))
        .replace("TEXT", json.dumps(text))
    )
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"))
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",  # CI runs as root, where chromium's sandbox refuses to start
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={page.parent / 'chromium-profile'}",
            "--virtual-time-budget=10000",  # let the page's timers (and the probe's) run
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    match = _PROBE_OUT.search(done.stdout)
    assert match, f"chromium exit {done.returncode}; no probe output:\n{done.stderr[-3000:]}"
    return [(int(n), str(t), str(c)) for n, t, c in json.loads(html.unescape(match.group(1)))]


def assert_marked(lines: list[tuple[int, str, str]], source: Path) -> None:
    expected_text = source.read_text(encoding="utf-8").split("\n")[:-1]
    assert [n for n, _, _ in lines] == list(range(1, len(expected_text) + 1))
    # The text on each numbered line is that line of the file (coverage.py adds a trailing
    # no-break space so empty lines keep their height).
    assert [t.rstrip("\xa0") for _, t, _ in lines] == expected_text
    colour = {n: c for n, _, c in lines}
    hit, missed = colour[MAIN_EXECUTED[0]], colour[MAIN_MISSING[0]]
    neutral = colour[1]  # the package comment
    assert len({hit, missed, neutral}) == 3, (hit, missed, neutral)
    assert sorted(n for n, c in colour.items() if c == hit) == MAIN_EXECUTED
    assert sorted(n for n, c in colour.items() if c == missed) == MAIN_MISSING


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (.ci/run installs it with apt-get install chromium)",
)
def test_go_file_html_reports_in_a_browser(
    pytester: pytest.Pytester, run_pytest: RunPytest
) -> None:
    root = copy_example(pytester)
    result = run_pytest(
        "--cov=shapes", "--go-cov", "--cov-report=html:htmlcov", "--go-cov-report=html:gohtml"
    )
    assert result.ret == 0, result.stdout.str()
    source = EXAMPLE / MAIN_GO

    # coverage.py's HTML (pytest-cov --cov-report=html), the main path.
    (page,) = (root / "htmlcov").glob("*_main_go.html")
    lines = rendered_lines(page, "#source p", ".n a", ".t", press=(".button_toggle_run",))
    assert_marked(lines, source)

    # pytest-gotest's own --go-cov-report=html:DIR.
    pages = [p for p in (root / "gohtml").glob("*.html") if "main.go" in p.read_text()]
    page = next(p for p in pages if p.name != "index.html")
    assert_marked(rendered_lines(page, "table.source tr", "td.n", "td.t"), source)
