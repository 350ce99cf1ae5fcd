"""Re-record the golden ``go test -json`` streams from the fixture modules.

    python tests/golden/record_streams.py

Runs ``go test -json -count=1 ./...`` in each fixture module under tests/testdata/gomods and
writes ``streams/NAME.jsonl`` (stdout), ``NAME.stderr`` and ``NAME.meta`` (command, exit code,
go version). Re-recording with another Go version gives that version's streams; then run
``python -m pytest tests/golden``, review the ``expected/*.actual`` files it writes on a
mismatch, and move them over ``expected/*.json`` when they are right (the commands are in
test_recorded.py's docstring).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOMODS = HERE.parent / "testdata" / "gomods"

# name -> (module dir relative to gomods, extra go test arguments)
RECORDINGS: dict[str, tuple[str, list[str]]] = {
    "basic": ("basic", ["./..."]),
    "basic_tags": ("basic", ["-tags=integration", "./tagged"]),
    "failing": ("failing", ["./..."]),
    "selection_alpha": ("selection", ["-run=^(TestAlpha)$", "."]),
    "svc2": ("multi/svc2", ["./..."]),
    "workspace_app": ("workspace/app", ["./..."]),
}


def record(name: str, module: str, args: list[str]) -> None:
    cwd = GOMODS / module
    command = ["go", "test", "-json", "-count=1", *args]
    env = {**os.environ, "GOFLAGS": "-buildvcs=false"}
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    version = subprocess.run(
        ["go", "version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (HERE / "streams" / f"{name}.jsonl").write_text(proc.stdout, encoding="utf-8")
    (HERE / "streams" / f"{name}.stderr").write_text(proc.stderr, encoding="utf-8")
    (HERE / "streams" / f"{name}.meta").write_text(
        f"module: {module}\ncmd: {' '.join(command)}\nexit: {proc.returncode}\ngo: {version}\n",
        encoding="utf-8",
    )
    print(f"{name}: exit {proc.returncode}, {proc.stdout.count(chr(10))} events")


def main() -> int:
    for name, (module, args) in RECORDINGS.items():
        record(name, module, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
