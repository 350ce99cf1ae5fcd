"""The collection cache key (``collect_cache.module_state``): every input that can change
``go list``'s answer changes the key, one test per cause; what Go ignores does not. And the
stored entries: written atomically, read back, refused when damaged."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from pytest_gotest.core.collect_cache import (
    FORMAT,
    CachedModule,
    CollectCache,
    decode_functions,
    encode_functions,
    module_state,
)
from pytest_gotest.core.scanner import GoFunc

ARGS = ["/usr/bin/go", "list", "-e", "-json=ImportPath,Dir", "./..."]
ENV = {"HOME": "/nonexistent", "PATH": "/usr/bin", "GOENV": "off", "GOWORK": ""}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def module(tmp_path: Path) -> Path:
    root = tmp_path / "mod"
    _write(root / "go.mod", "module example.com/m\n\ngo 1.22\n")
    _write(root / "a" / "a.go", "package a\n")
    _write(
        root / "a" / "a_test.go", 'package a\n\nimport "testing"\n\nfunc TestA(t *testing.T) {}\n'
    )
    _write(root / "b" / "b_test.go", "package b\n")
    return root


def key(root: Path, args: list[str] = ARGS, env: dict[str, str] = ENV) -> str:
    return module_state(root, args, env).key


def _bump(path: Path, text: str) -> None:
    """Rewrite ``path``; also moves its modification time on, as a later edit would (some
    file systems keep whole-second or coarser times)."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    after = before + 2_000_000_000
    os.utime(path, ns=(after, after))


def test_an_unchanged_module_has_the_same_key(module: Path) -> None:
    assert key(module) == key(module)
    state = module_state(module, ARGS, ENV)
    assert set(state.stamps) == {"a/a.go", "a/a_test.go", "b/b_test.go"}


def test_editing_a_go_file_changes_the_key(module: Path) -> None:
    before = key(module)
    _bump(module / "a" / "a.go", "//go:build ignore\n\npackage a\n")
    assert key(module) != before


def test_an_edit_of_the_same_size_within_the_same_time_still_changes_the_key(
    module: Path,
) -> None:
    # Tools that restore the modification time (cp -p, some checkouts) cannot restore the
    # change time; the key holds both.
    path = module / "a" / "a.go"
    before_stat = path.stat()
    before = key(module)
    time.sleep(0.01)
    path.write_text("package b\n", encoding="utf-8")  # same size
    os.utime(path, ns=(before_stat.st_atime_ns, before_stat.st_mtime_ns))
    assert path.stat().st_mtime_ns == before_stat.st_mtime_ns
    assert key(module) != before


def test_adding_a_file_changes_the_key(module: Path) -> None:
    before = key(module)
    _write(module / "a" / "more_test.go", "package a\n")
    assert key(module) != before


def test_adding_a_non_go_file_changes_the_key(module: Path) -> None:
    # A .c or .s file changes what go list says about the package (cgo, errors).
    before = key(module)
    _write(module / "a" / "x.c", "int x;\n")
    assert key(module) != before


def test_adding_a_package_directory_changes_the_key(module: Path) -> None:
    before = key(module)
    _write(module / "c" / "d" / "d_test.go", "package d\n")
    assert key(module) != before


def test_removing_a_file_changes_the_key(module: Path) -> None:
    before = key(module)
    (module / "b" / "b_test.go").unlink()
    assert key(module) != before


def test_changing_tags_changes_the_key(module: Path) -> None:
    tagged = [*ARGS[:-1], "-tags=integration", "./..."]
    assert key(module, tagged) != key(module)


def test_changing_goflags_changes_the_key(module: Path) -> None:
    assert key(module, env={**ENV, "GOFLAGS": "-tags=integration"}) != key(module)


@pytest.mark.parametrize(
    "variable", ["GOOS", "GOARCH", "CGO_ENABLED", "GOEXPERIMENT", "GOWORK", "CC", "PATH"]
)
def test_the_environment_go_reads_is_in_the_key(module: Path, variable: str) -> None:
    assert key(module, env={**ENV, variable: "something-else"}) != key(module)


@pytest.mark.parametrize("variable", ["GOCACHE", "GOMAXPROCS", "GOTMPDIR", "HOME_UNRELATED"])
def test_where_go_keeps_its_caches_is_not_in_the_key(module: Path, variable: str) -> None:
    assert key(module, env={**ENV, variable: "/elsewhere"}) == key(module)


def test_editing_go_mod_changes_the_key(module: Path) -> None:
    before = key(module)
    (module / "go.mod").write_text("module example.com/m\n\ngo 1.23\n", encoding="utf-8")
    assert key(module) != before


def test_editing_go_sum_changes_the_key(module: Path) -> None:
    before = key(module)
    _write(module / "go.sum", "example.com/x v1.0.0 h1:abc=\n")
    assert key(module) != before


def test_a_go_work_above_the_module_changes_the_key(module: Path) -> None:
    before = key(module)
    work = _write(module.parent / "go.work", "go 1.22\n\nuse ./mod\n")
    assert key(module) != before
    between = key(module)
    work.write_text("go 1.22\n\nuse (\n\t./mod\n\t./other\n)\n", encoding="utf-8")
    assert key(module) != between
    assert key(module, env={**ENV, "GOWORK": "off"}) != key(module)


@pytest.mark.parametrize("where", ["argv", "argv-separate", "GOFLAGS"])
def test_the_contents_of_a_modfile_are_in_the_key(module: Path, where: str) -> None:
    alt = _write(module / "alt.mod", "module example.com/m\n\ngo 1.22\n")
    args, env = ARGS, ENV
    if where == "argv":
        args = [*ARGS[:-1], "-modfile=alt.mod", "./..."]
    elif where == "argv-separate":
        args = [*ARGS[:-1], "-modfile", "alt.mod", "./..."]
    else:
        env = {**ENV, "GOFLAGS": "-modfile=alt.mod"}
    before = key(module, args, env)
    _bump(alt, "module example.com/m\n\ngo 1.23\n")
    between = key(module, args, env)
    assert between != before
    _write(module / "alt.sum", "example.com/x v1.0.0 h1:abc=\n")
    assert key(module, args, env) != between


def test_an_overlay_and_its_replacement_files_are_in_the_key(module: Path) -> None:
    replacement = _write(module / "over" / "a.go", "package a\n")
    overlay = _write(
        module / "overlay.json", '{"Replace": {"a/a.go": "over/a.go", "a/gone.go": ""}}'
    )
    args = [*ARGS[:-1], "-overlay=overlay.json", "./..."]
    before = key(module, args)
    _bump(replacement, "//go:build never\n\npackage a\n")
    between = key(module, args)
    assert between != before
    _bump(overlay, '{"Replace": {"a/a.go": "over/a.go"}}')
    assert key(module, args) != between


@pytest.mark.skipif(os.name == "nt", reason="an executable without a PATHEXT extension")
def test_finding_a_c_compiler_is_in_the_key(module: Path, tmp_path: Path) -> None:
    # CGO_ENABLED unset: go enables cgo when it finds the C compiler, and files that import
    # "C" join or leave the build.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = {**ENV, "PATH": str(bin_dir)}
    before = key(module, env=env)
    gcc = _write(bin_dir / "gcc", "#!/bin/sh\n")
    gcc.chmod(0o755)
    assert key(module, env=env) != before


def test_the_go_env_file_is_in_the_key(module: Path, tmp_path: Path) -> None:
    goenv = _write(tmp_path / "goenv", "GOFLAGS=-mod=mod\n")
    env = {**ENV, "GOENV": str(goenv)}
    before = key(module, env=env)
    goenv.write_text("GOFLAGS=-tags=x\n", encoding="utf-8")
    assert key(module, env=env) != before


def test_a_different_go_executable_changes_the_key(module: Path, tmp_path: Path) -> None:
    go = _write(tmp_path / "bin" / "go", "#!/bin/sh\n")
    args = [str(go), *ARGS[1:]]
    before = key(module, args)
    _bump(go, "#!/bin/sh\n# go1.27\n")  # a new toolchain installed in place
    assert key(module, args) != before


def test_a_nested_module_appearing_changes_the_key(module: Path) -> None:
    before = key(module)
    _write(module / "b" / "go.mod", "module example.com/b\n")
    assert key(module) != before


def test_what_go_ignores_does_not_change_the_key(module: Path) -> None:
    _write(module / "nested" / "go.mod", "module example.com/nested\n")
    before = key(module)
    # pytest's own droppings in the module (.pytest_cache, __pycache__) are among these.
    for ignored in ("testdata", "_hidden", ".dot", "__pycache__", ".pytest_cache"):
        _write(module / "a" / ignored / "x_test.go", "package x\n")
        _write(module / ignored / "deep" / "y_test.go", "package y\n")
    _write(module / "nested" / "deep" / "y_test.go", "package y\n")
    _write(module / "a" / "_skipped.go", "package a\n")
    _write(module / ".coverage", "")
    # Neither do files go/build does not read (reports, a basetemp inside the module).
    _write(module / "report.xml", "<testsuites/>")
    _write(module / "runpytest-0" / "gotest-output" / "TestA.out", "output")
    assert key(module) == before
    _bump(module / "a" / "testdata" / "x_test.go", "package changed\n")
    _bump(module / "nested" / "deep" / "y_test.go", "package changed\n")
    assert key(module) == before


def test_symlinked_directories_are_not_followed(module: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write(outside / "o_test.go", "package o\n")
    os.symlink(outside, module / "link", target_is_directory=True)
    state = module_state(module, ARGS, ENV)
    assert not any(rel.startswith("link/") for rel in state.stamps)
    before = state.key
    _bump(outside / "o_test.go", "package changed\n")
    assert key(module) == before


# -- stored entries ---------------------------------------------------------------------------


def test_an_entry_is_read_back(tmp_path: Path) -> None:
    cache = CollectCache(lambda: tmp_path / "cache")
    root = tmp_path / "mod"
    objects: list[dict[str, object]] = [{"ImportPath": "example.com/m/ü", "Dir": str(root)}]
    scans = {"a/a_test.go": ((1, 2, 3), "TestA:test:5 ExampleÉcole:example:9")}
    cache.store(root, CachedModule("k1", objects, scans))
    loaded = cache.load(root)
    assert loaded is not None
    assert (loaded.key, loaded.objects, loaded.scans) == ("k1", objects, scans)
    assert cache.load(tmp_path / "other") is None
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith(".tmp")] == []


def test_a_damaged_entry_is_ignored(tmp_path: Path) -> None:
    cache = CollectCache(lambda: tmp_path)
    root = tmp_path / "mod"
    cache.store(root, CachedModule("k1", [], {}))
    (entry,) = tmp_path.glob("*.json")
    entry.write_text('{"format": 1, "root": "', encoding="utf-8")
    assert cache.load(root) is None
    entry.write_text(json.dumps({"format": FORMAT + 1, "root": str(root), "key": "k1"}))
    assert cache.load(root) is None
    entry.write_text(
        json.dumps(
            {
                "format": FORMAT,
                "root": str(root),
                "key": "k1",
                "objects": ["not an object"],
                "scans": {
                    "x_test.go": "garbage",
                    "z_test.go": [1, 2, "3", "TestZ:test:1"],
                    "y_test.go": [1, 2, 3, "TestY:test:1"],
                },
            }
        )
    )
    loaded = cache.load(root)
    assert loaded is not None
    assert loaded.objects is None
    assert loaded.scans == {"y_test.go": ((1, 2, 3), "TestY:test:1")}


def test_functions_are_stored_as_one_string_per_file() -> None:
    functions = (
        GoFunc("TestA", "test", 5),
        GoFunc("FuzzÜ", "fuzz", 7),
        GoFunc("ExampleB_x", "example", 9),
        GoFunc("TestMain", "testmain", 12),
    )
    text = encode_functions(functions)
    assert decode_functions(text) == functions
    assert decode_functions("") == ()
    for damaged, match in [
        ("TestA:test", "not enough values"),
        ("TestA:bench:1", "unknown function kind"),
        ("TestA:test:x", "invalid literal"),
    ]:
        with pytest.raises(ValueError, match=match):
            decode_functions(damaged)


def test_no_directory_means_no_cache(tmp_path: Path) -> None:
    def unwritable() -> Path:
        raise OSError("read-only file system")

    for cache in (CollectCache(None), CollectCache(lambda: None), CollectCache(unwritable)):
        assert not cache.enabled
        cache.store(tmp_path, CachedModule("k", [], {}))
        assert cache.load(tmp_path) is None
    assert list(tmp_path.iterdir()) == []
