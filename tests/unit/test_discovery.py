"""Discovery without a real go: what ``go list -e -json ./...`` printed (Go 1.26's output for
tests/testdata/gomods/badpaths, see its README) becomes packages and problems; no package is
dropped silently; the persisted cache answers instead of go list when nothing changed.

The acceptance tests (tests/acceptance/test_package_errors.py, test_collect_cache.py) run the
same cases with the real go."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pytest_gotest.core import discovery as discovery_module
from pytest_gotest.core.collect_cache import CollectCache
from pytest_gotest.core.discovery import Discovery, GoListError
from pytest_gotest.core.scanner import GoFunc, scan_source
from pytest_gotest.core.toolchain import GoToolchain

MOD = "example.com/badpaths"
TEST_SOURCE = 'package {name}\n\nimport "testing"\n\nfunc Test{title}(t *testing.T) {{}}\n'


@dataclass(frozen=True)
class FakeGo(GoToolchain):
    """A toolchain whose ``go list`` prints what ``answer`` returns for the module root."""

    answer: Callable[[Path], tuple[int, str, str]] = lambda root: (0, "", "")
    calls: list[Path] = field(default_factory=list)

    def query(
        self, args: Sequence[str], cwd: Path, timeout: float = 0
    ) -> subprocess.CompletedProcess[str]:
        self.calls.append(cwd)
        code, out, err = self.answer(cwd)
        return subprocess.CompletedProcess(list(args), code, out, err)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _test_file(directory: Path, name: str) -> Path:
    stem = name.removesuffix("_test.go")
    return _write(directory / name, TEST_SOURCE.format(name=stem, title=stem.title()))


def _package(root: Path, rel: str, files: list[str], module: bool = True) -> dict[str, object]:
    obj: dict[str, object] = {
        "Dir": str(root / rel),
        "ImportPath": f"{MOD}/{rel}",
        "Name": rel.rsplit("/", maxsplit=1)[-1],
        "TestGoFiles": files,
    }
    if module:
        obj["Module"] = {"Path": MOD, "Main": True, "Dir": str(root)}
    return obj


def _error(import_path: str, message: str) -> dict[str, object]:
    return {"ImportPath": import_path, "Error": {"ImportStack": [], "Pos": "", "Err": message}}


def _json(objects: list[dict[str, object]]) -> str:
    return "".join(json.dumps(obj, indent="\t") + "\n" for obj in objects)


@pytest.fixture
def badpaths(tmp_path: Path) -> Path:
    root = tmp_path / "mod"
    _write(root / "go.mod", f"module {MOD}\n")
    for directory, name in [
        ("good", "good_test.go"),
        ("real", "real_test.go"),
        ("with space", "space_test.go"),
        ("ümlaut", "umlaut_test.go"),
        ("at@sign", "at_test.go"),
        ("at@sign/sub", "sub_test.go"),
        ("at@sign/testdata", "fixture_test.go"),
    ]:
        _test_file(root / directory, name)
    _write(root / "notests dir" / "lib.go", "package lib\n")
    os.symlink("real", root / "linked", target_is_directory=True)
    return root.resolve()


def _badpaths_answer(root: Path) -> tuple[int, str, str]:
    objects = [
        _package(root, "good", ["good_test.go"]),
        _error(
            f"{MOD}/notests dir", f"malformed import path \"{MOD}/notests dir\": invalid char ' '"
        ),
        _package(root, "real", ["real_test.go"]),
        _error(
            f"{MOD}/with space", f"malformed import path \"{MOD}/with space\": invalid char ' '"
        ),
        _error(f"{MOD}/ümlaut", f"malformed import path \"{MOD}/ümlaut\": invalid char 'ü'"),
        _error(
            "./...",
            "pattern ./...: directory at@sign outside main module or its selected dependencies",
        ),
    ]
    return 0, _json(objects), ""


def _discovery(
    answer: Callable[[Path], tuple[int, str, str]], cache: Path | None = None
) -> tuple[Discovery, FakeGo]:
    go = FakeGo("go", answer=answer)
    return Discovery(go, CollectCache((lambda: cache) if cache else None)), go


def test_a_rejected_directory_is_a_problem_of_its_own_test_file(badpaths: Path) -> None:
    discovery, _ = _discovery(_badpaths_answer)
    space = badpaths / "with space" / "space_test.go"
    assert discovery.package_for(space) is None
    (problem,) = discovery.problems_for(space)
    first, _, rest = problem.partition("\n")
    assert first == f"malformed import path \"{MOD}/with space\": invalid char ' '"
    assert str(badpaths / "with space") in rest
    (umlaut,) = discovery.problems_for(badpaths / "ümlaut" / "umlaut_test.go")
    assert "invalid char 'ü'" in umlaut
    assert problem != umlaut


def test_a_pattern_error_is_carried_by_the_directory_it_names(badpaths: Path) -> None:
    discovery, _ = _discovery(_badpaths_answer)
    at = discovery.problems_for(badpaths / "at@sign" / "at_test.go")
    assert [p.splitlines()[0] for p in at] == [
        "pattern ./...: directory at@sign outside main module or its selected dependencies"
    ]
    # Below it too (its own error would name it), but not in what Go ignores anyway.
    assert discovery.problems_for(badpaths / "at@sign" / "sub" / "sub_test.go") == at
    assert discovery.problems_for(badpaths / "at@sign" / "testdata" / "fixture_test.go") == []


def test_an_error_for_a_directory_without_tests_goes_to_the_module(badpaths: Path) -> None:
    discovery, _ = _discovery(_badpaths_answer)
    good = discovery.problems_for(badpaths / "good" / "good_test.go")
    assert [p.splitlines()[0] for p in good] == [
        f"malformed import path \"{MOD}/notests dir\": invalid char ' '"
    ]
    assert discovery.problems_for(badpaths / "real" / "real_test.go") == good
    # Files Go does not include carry only their own directory's errors.
    assert len(discovery.problems_for(badpaths / "with space" / "space_test.go")) == 1


def test_the_module_path_comes_from_go_mod_when_no_package_names_it(badpaths: Path) -> None:
    def answer(root: Path) -> tuple[int, str, str]:
        objects = [_package(root, "good", ["good_test.go"], module=False)]
        objects.append(_error(f"{MOD}/with space", "malformed import path"))
        return 0, _json(objects), ""

    discovery, _ = _discovery(answer)
    assert discovery.problems_for(badpaths / "with space" / "space_test.go")
    assert discovery.problems_for(badpaths / "good" / "good_test.go") == []


def test_a_directory_reached_through_a_symlink_is_not_collected_again(badpaths: Path) -> None:
    discovery, _ = _discovery(_badpaths_answer)
    real = discovery.package_for(badpaths / "real" / "real_test.go")
    assert real is not None
    assert real.import_path == f"{MOD}/real"
    assert discovery.package_for(badpaths / "linked" / "real_test.go") is None
    # Nor does it carry the module's problems (only files Go includes do).
    assert discovery.problems_for(badpaths / "good" / "good_test.go")
    assert discovery.problems_for(badpaths / "linked" / "real_test.go") == []


def test_a_module_reached_through_a_symlink_is_listed_once(badpaths: Path, tmp_path: Path) -> None:
    os.symlink(badpaths, tmp_path / "alias", target_is_directory=True)
    discovery, go = _discovery(_badpaths_answer)
    through_link = discovery.package_for(tmp_path / "alias" / "good" / "good_test.go")
    direct = discovery.package_for(badpaths / "good" / "good_test.go")
    assert through_link is direct is not None
    assert go.calls == [badpaths]


@pytest.mark.parametrize(
    "output",
    [
        "go: something went wrong\nnot json at all\n",
        '{\n\t"Dir": "/nowhere",\n\t"ImportPath": "example.com/bad',
        "[1, 2]\n",
    ],
    ids=["text", "cut-json", "not-an-object"],
)
def test_output_that_is_not_package_json_is_an_error(badpaths: Path, output: str) -> None:
    discovery, _ = _discovery(lambda root: (0, output, ""))
    with pytest.raises(GoListError, match="go list printed"):
        discovery.package_for(badpaths / "good" / "good_test.go")


def test_a_failing_go_list_with_packages_keeps_what_go_said(badpaths: Path) -> None:
    def answer(root: Path) -> tuple[int, str, str]:
        return 1, _json([_package(root, "good", ["good_test.go"])]), "go: something failed\n"

    discovery, _ = _discovery(answer)
    good = badpaths / "good" / "good_test.go"
    assert discovery.package_for(good) is not None
    assert [p.splitlines()[0] for p in discovery.problems_for(good)] == ["go: something failed"]


# -- the persisted cache ----------------------------------------------------------------------


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    root = tmp_path / "clean"
    _write(root / "go.mod", f"module {MOD}\n")
    _test_file(root / "a", "a_test.go")
    _test_file(root / "b", "b_test.go")
    return root.resolve()


def _clean_answer(root: Path) -> tuple[int, str, str]:
    listed = []
    for rel in ("a", "b", "c"):
        if (root / rel).is_dir():
            listed.append(_package(root, rel, sorted(p.name for p in (root / rel).glob("*.go"))))
    return 0, _json(listed), ""


def _collect(discovery: Discovery, root: Path) -> dict[str, list[str]]:
    """What collection asks: each test file's package and functions, then the save."""
    found = {}
    for path in sorted(root.rglob("*_test.go")):
        package = discovery.package_for(path)
        if package is not None:
            found[path.name] = [f.name for f in package.functions()[path.name]]
    discovery.save_cache()
    return found


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The sources the scanner was asked to read, in order."""
    seen: list[bytes] = []

    def counting(source: bytes) -> list[GoFunc]:
        seen.append(source)
        return scan_source(source)

    monkeypatch.setattr(discovery_module, "scan_source", counting)
    return seen


def test_a_warm_run_asks_neither_go_list_nor_the_scanner(
    clean: Path, tmp_path: Path, scans: list[bytes]
) -> None:
    cache = tmp_path / "cache"
    first, go = _discovery(_clean_answer, cache)
    expected = {"a_test.go": ["TestA"], "b_test.go": ["TestB"]}
    assert _collect(first, clean) == expected
    assert (len(go.calls), len(scans)) == (1, 2)
    second, go = _discovery(_clean_answer, cache)
    assert _collect(second, clean) == expected
    assert (go.calls, len(scans)) == ([], 2)
    assert second.go_list_runs == 0


def test_an_edited_file_is_listed_and_scanned_again(
    clean: Path, tmp_path: Path, scans: list[bytes]
) -> None:
    cache = tmp_path / "cache"
    _collect(_discovery(_clean_answer, cache)[0], clean)
    path = clean / "a" / "a_test.go"
    path.write_text(path.read_text() + "\nfunc TestAdded(t *testing.T) {}\n", encoding="utf-8")
    scans.clear()
    again, go = _discovery(_clean_answer, cache)
    assert _collect(again, clean) == {"a_test.go": ["TestA", "TestAdded"], "b_test.go": ["TestB"]}
    assert len(go.calls) == 1
    assert len(scans) == 1  # b_test.go's functions came from the cache


def test_an_added_package_is_listed(clean: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _collect(_discovery(_clean_answer, cache)[0], clean)
    _test_file(clean / "c", "c_test.go")
    again, go = _discovery(_clean_answer, cache)
    assert _collect(again, clean)["c_test.go"] == ["TestC"]
    assert len(go.calls) == 1


def test_different_flags_are_a_different_answer(clean: Path, tmp_path: Path) -> None:
    from pytest_gotest.core.gocmd import parse_go_flags

    cache = tmp_path / "cache"
    _collect(_discovery(_clean_answer, cache)[0], clean)
    go = FakeGo("go", parse_go_flags("-tags=integration"), answer=_clean_answer)
    _collect(Discovery(go, CollectCache(lambda: cache)), clean)
    assert len(go.calls) == 1


def test_an_answer_with_errors_is_not_stored(badpaths: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for _ in range(2):
        discovery, go = _discovery(_badpaths_answer, cache)
        _collect(discovery, badpaths)
        assert len(go.calls) == 1  # errors may depend on what the key does not hold


def test_without_a_cache_directory_nothing_is_walked_or_stored(
    clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_walk(*args: object, **kwargs: object) -> None:
        raise AssertionError("module_state must not run without a cache")

    monkeypatch.setattr(discovery_module, "module_state", no_walk)
    for _ in range(2):
        discovery, go = _discovery(_clean_answer)
        _collect(discovery, clean)
        assert len(go.calls) == 1


def test_a_named_package_below_a_directory_go_skips_is_listed_by_its_pattern(
    tmp_path: Path,
) -> None:
    """./... skips testdata/, vendor/, _x/ and .x/; a directory or test file the command
    line names there is added to go list's patterns (as go test ./testdata/pkg runs it),
    and go's error for one it rejects (a vendor directory that modules.txt does not list)
    is carried by that directory's test files."""
    root = tmp_path / "mod"
    _write(root / "go.mod", f"module {MOD}\n")
    _test_file(root / "top", "top_test.go")
    fixture = _test_file(root / "testdata" / "pkg", "pkg_test.go")
    vendored = _test_file(root / "vendor" / "v", "v_test.go")
    _test_file(root / "_tools" / "gen", "gen_test.go")
    _write(root / "testdata" / "mod" / "go.mod", "module example.com/fixture\n")
    named = [
        root / "top",  # reached by ./... anyway
        root / "testdata" / "pkg",
        root / "_tools" / "gen" / "gen_test.go",  # a file: its directory alone
        root / "vendor" / "v",
        root / "testdata" / "mod",  # a module of its own: listed as one
    ]
    seen: list[Sequence[str]] = []

    def answer(cwd: Path) -> tuple[int, str, str]:
        vendor_error = _error(
            "./vendor/v/...",
            f"pattern ./vendor/v/...: directory {cwd / 'vendor' / 'v'} is not a package "
            "listed in vendor/modules.txt",
        )
        objects = [_package(cwd, "top", ["top_test.go"]), _package(cwd, "testdata/pkg", [])]
        objects[1]["TestGoFiles"] = ["pkg_test.go"]
        return 0, _json([*objects, vendor_error]), ""

    class RecordingGo(FakeGo):
        def query(
            self, args: Sequence[str], cwd: Path, timeout: float = 0
        ) -> subprocess.CompletedProcess[str]:
            seen.append(args)
            return super().query(args, cwd, timeout)

    discovery = Discovery(RecordingGo("go", answer=answer), named=named)
    package = discovery.package_for(fixture)
    assert package is not None
    assert package.import_path == f"{MOD}/testdata/pkg"
    (args,) = seen
    assert list(args[-4:]) == ["./...", "./testdata/pkg/...", "./_tools/gen", "./vendor/v/..."]
    (problem,) = discovery.problems_for(vendored)
    assert "is not a package listed in vendor/modules.txt" in problem
    # Not named: the same layout lists ./... alone.
    seen.clear()
    Discovery(RecordingGo("go", answer=answer)).package_for(fixture)
    assert seen[0][-1] == "./..."
