"""gocov.funcs against go/ast itself: the function extents ``go tool cover -func`` uses
(``FuncDecl`` with a body, ``Pos()`` to ``End()``) for the fixture files and a fixed sample of
Go's own standard library sources (generics, methods, assembly stubs, odd formatting)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from pytest_gotest.gocov.funcs import find_functions
from pytest_gotest.gocov.gosource import GoSource

from .session_runs import inner_toolchain

GO = shutil.which("go") or "go"
FIXTURE = Path(__file__).resolve().parent.parent / "testdata" / "gomods" / "coverage"

_DUMP = """package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
)

func main() {
	for _, name := range os.Args[1:] {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			fmt.Println("ERROR", name)
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				s, e := fset.Position(fd.Pos()), fset.Position(fd.End())
				fmt.Println(name, fd.Name.Name, s.Line, s.Column, e.Line, e.Column)
			}
		}
	}
}
"""


def test_function_extents_equal_go_ast(tmp_path: Path) -> None:
    tool = tmp_path / "dump"
    tool.mkdir()
    (tool / "go.mod").write_text("module dump\n\ngo 1.22\n")
    (tool / "main.go").write_text(_DUMP)
    env = {**os.environ, "GOFLAGS": "-buildvcs=false", "GOTOOLCHAIN": inner_toolchain()}
    subprocess.run([GO, "build", "-o", "dump", "."], cwd=tool, env=env, check=True, timeout=300)
    goroot = subprocess.run(
        [GO, "env", "GOROOT"], capture_output=True, text=True, check=True, env=env
    ).stdout.strip()
    library = sorted(p for p in (Path(goroot) / "src").rglob("*.go") if "testdata" not in p.parts)
    step = max(1, len(library) // 140)  # ~140 library files, whatever the Go version
    files = sorted(FIXTURE.rglob("*.go")) + library[::step]
    out = subprocess.run(
        [str(tool / "dump"), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=300,
    ).stdout
    expected = [line for line in out.splitlines() if not line.startswith("ERROR")]
    parsed = {line.split()[1] for line in out.splitlines() if line.startswith("ERROR")}
    ours: list[str] = []
    for path in files:
        if str(path) in parsed:
            continue
        for fn in find_functions(GoSource(path.read_bytes())):
            ours.append(
                f"{path} {fn.name} {fn.start_line} {fn.start_col} {fn.end_line} {fn.end_col}"
            )
    assert len(files) > 100
    assert len(expected) > 1000
    assert ours == expected
