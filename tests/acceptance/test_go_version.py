"""The Go that inner runs use is the one the suite means (issue 12, item 9).

``GOTOOLCHAIN=go1.22.12`` in the outer environment must reach the Go tests of every inner run
(tox -e go-oldest, .ci/run); without a pinned toolchain they run on the machine's Go. A Go
test reports ``runtime.Version()`` of the binary that really ran, in its failure message.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from .session_runs import inner_go_minor, inner_toolchain, run_inner, summary_line

_MODULE = {
    "go.mod": "module example.com/goversion\n\ngo 1.22\n",
    "version_test.go": (
        "package goversion\n\n"
        'import (\n\t"runtime"\n\t"testing"\n)\n\n'
        "func TestVersion(t *testing.T) {\n"
        '\tt.Fatal("ran on " + runtime.Version())\n'
        "}\n"
    ),
}


def _wanted_version() -> str:
    go = shutil.which("go")
    assert go is not None
    env = {**os.environ, "GOTOOLCHAIN": inner_toolchain()}
    return subprocess.run(
        [go, "env", "GOVERSION"], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_inner_runs_use_the_pinned_go(tmp_path: Path, go_env: dict[str, str]) -> None:
    root = tmp_path / "mod"
    root.mkdir()
    for name, text in _MODULE.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    run = run_inner(root, go_env)
    line = summary_line(run.result, "FAILED", "version_test.go::TestVersion")
    found = re.search(r"ran on (go\S+)", line)
    assert found, line
    assert found.group(1) == _wanted_version()
    assert found.group(1).startswith(f"go1.{inner_go_minor()}")
    pinned = os.environ.get("GOTOOLCHAIN", "")
    if pinned.startswith("go1."):
        assert found.group(1) == pinned
