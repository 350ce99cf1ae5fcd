"""core/modes.py: parsing --go-modes, each mode's toolchain, and the reasons a mode cannot run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pytest_gotest.core.gocmd import parse_go_flags
from pytest_gotest.core.modes import (
    MODES,
    ModeProbe,
    ModesError,
    mode_of_name,
    mode_toolchain,
    parse_modes,
)
from pytest_gotest.core.toolchain import GoToolchain
from pytest_gotest.plugin.xdist import go_scope

GO = shutil.which("go")


def test_parse_modes_keeps_order_drops_repeats_and_names_the_setting() -> None:
    assert [m.name for m in parse_modes(None, "--go-modes")] == ["native"]
    assert [m.name for m in parse_modes("wasm, native,wasm", "x")] == ["wasm", "native"]
    assert [m.name for m in parse_modes(["nocgo", "race"], "ini go_modes")] == ["nocgo", "race"]
    with pytest.raises(ModesError, match=r"ini go_modes: unknown Go run mode 'wsam'.*wasip1"):
        parse_modes("native wsam", "ini go_modes")


def test_mode_of_name_reads_only_known_modes() -> None:
    known = ("native", "wasm")
    assert mode_of_name("TestX[wasm]", known) == ("TestX", "wasm")
    assert mode_of_name("TestX", known) == ("TestX", None)
    assert mode_of_name("TestX[other]", known) == ("TestX[other]", None)


def test_native_is_the_toolchain_itself_others_add_env_and_flags() -> None:
    base = GoToolchain("go", parse_go_flags("-tags=x -count=1"), {"PATH": "/bin"})
    assert mode_toolchain(base, MODES["native"]) is base
    race = mode_toolchain(base, MODES["race"])
    assert race.flags.test_flags == ("-race", "-tags=x", "-count=1")
    assert race.flags.list_flags == ("-race", "-tags=x")  # the race tag changes the file set
    assert race.enabled("race")
    assert race.cover_mode == "atomic"
    assert race.environ == {"PATH": "/bin", "CGO_ENABLED": "1"}
    wasm = mode_toolchain(base, MODES["wasm"], ("/goroot/lib/wasm",))
    assert wasm.environ == {
        "PATH": "/goroot/lib/wasm" + os.pathsep + "/bin",
        "GOOS": "js",
        "GOARCH": "wasm",
    }
    assert mode_toolchain(base, MODES["nocgo"]).environ == {"PATH": "/bin", "CGO_ENABLED": "0"}


@pytest.mark.skipif(GO is None, reason="Go toolchain not installed; CI installs it")
def test_probe_reasons_name_the_fix(tmp_path: Path) -> None:
    assert GO is not None
    environ = {**os.environ, "CC": str(tmp_path / "no-such-cc"), "GOWASIRUNTIME": "no-runtime"}
    probe = ModeProbe(GoToolchain(GO, environ=environ))
    assert probe.unavailable(MODES["native"]) is None
    assert probe.unavailable(MODES["nocgo"]) is None
    cgo = probe.unavailable(MODES["cgo"])
    assert cgo is not None
    assert "cgo mode needs a C compiler" in cgo
    assert "no-such-cc" in cgo
    race = probe.unavailable(MODES["race"])
    assert race is not None
    assert "which -race requires" in race
    wasip1 = probe.unavailable(MODES["wasip1"])
    assert wasip1 == (
        "wasip1 mode: $GOWASIRUNTIME is 'no-runtime', which is not on PATH; install it, or "
        "unset $GOWASIRUNTIME to use any of wasmtime, wazero, wasmedge, wasmer"
    )
    no_node = ModeProbe(GoToolchain(GO, environ={**environ, "PATH": str(tmp_path)}))
    no_node._env = probe.go_env()  # go itself is not on that PATH: reuse what go said
    wasm = no_node.unavailable(MODES["wasm"])
    assert wasm is not None
    assert "install Node.js" in wasm
    # The wasm toolchain finds Go's executor on PATH (go test looks for go_js_wasm_exec there).
    path = probe.toolchain(MODES["wasm"]).environ["PATH"]  # type: ignore[index]
    assert Path(path.split(os.pathsep)[0], "go_js_wasm_exec").is_file()


def test_xdist_scope_keeps_a_module_and_mode_together() -> None:
    modules = {"a/b": "/m", "a/c": "/m", "n": "/m/n"}.get
    assert go_scope("a/b/x_test.go::TestX", modules) == "gotest:/m"
    assert go_scope("a/c/x_test.go::TestX", modules) == "gotest:/m"
    assert go_scope("n/x_test.go::TestX", modules) == "gotest:/m/n"
    assert go_scope("a/b/x_test.go::TestX[wasm]", modules) == "gotest:/m[wasm]"
    assert go_scope("a/b/y_test.go::TestY[wasm]/sub[1]", modules) == "gotest:/m[wasm]"
    assert go_scope("a/b/x_test.go::TestX/sub[1]", modules) == "gotest:/m"
    # No module found: the package is its own scope.
    assert go_scope("x_test.go::TestX[nocgo]", modules) == "gotest:.[nocgo]"
    assert go_scope("tests/test_x.py::test_x", modules) is None
