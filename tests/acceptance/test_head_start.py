"""go test's head start: started while pytest still collects, adopted only when collection
asks for the same command (core/head_start.py, plugin/head_start.py).

Fixture module ``headstart`` (README.md there). A ``go`` wrapper logs every ``go test`` call
with whether collection had ended when it started (the module's conftest writes a file at
``pytest_collection_finish``), and, when asked, whether a ``go list`` call found a go test
started already. Every run carries an orphan marker: no process may be left, also of a head
start that was stopped.
"""

from __future__ import annotations

import json
import os
import shlex
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_gotest.core.discovery import GoPackage, ModuleListing
from pytest_gotest.core.head_start import HeadStart
from pytest_gotest.core.scanner import GoFunc
from pytest_gotest.core.toolchain import GoToolchain
from pytest_gotest.plugin.head_start import RememberedPackages, head_start_packages

from .helpers import ORPHAN_MARK, survivors, write_sh_go
from .session_runs import ModuleRun, copy_module, run_inner, short_summary

PKG = "example.com/headstart"
BOTH = {"alpha/alpha_test.go::TestAlpha": ["PASSED"], "beta/beta_test.go::TestBeta": ["PASSED"]}


@dataclass
class GoTestCall:
    packages: list[str]
    collected: bool  # collection had ended when it started


@dataclass
class Case:
    run: ModuleRun
    calls: list[GoTestCall]
    left: list[str]  # processes of the run still alive afterwards
    lists: list[str]  # per go list call: "started" when a go test had started before it


@dataclass
class HeadModule:
    """A copy of ``headstart`` and its go wrapper, for one or more runs."""

    base: Path
    root: Path
    go: Path
    log: Path  # go test calls
    lists: Path  # go list calls, with $HEADSTART_LIST_WAIT set


def _wrapper(directory: Path, log: Path, lists: Path) -> Path:
    """A ``go`` that logs ``go test`` calls (whether ``$HEADSTART_COLLECTED`` existed, then the
    arguments) in one write each, then execs the real go (after 30 s when the file
    ``$HEADSTART_SLOW`` names exists: a go test still running). With ``$HEADSTART_LIST_WAIT`` set,
    ``go list`` first waits up to 5 s for a go test call to be logged and notes whether one
    was: a go test started before go list was (a remembered head start) is found at once; one
    started after the listing never is, as this go list holds the listing up."""
    quoted_log, quoted_lists = shlex.quote(str(log)), shlex.quote(str(lists))
    prelude = (
        'if [ "$1" = test ]; then\n'
        '    if [ -e "$HEADSTART_COLLECTED" ]; then when=after; else when=before; fi\n'
        '    line=$(printf \'%s\\t\' "$when" "$@")\n'
        f"    printf '%s\\n' \"$line\" >> {quoted_log}\n"
        '    if [ -n "$HEADSTART_SLOW" ] && [ -e "$HEADSTART_SLOW" ]; then sleep 30; fi\n'
        "fi\n"
        'if [ "$1" = list ] && [ -n "$HEADSTART_LIST_WAIT" ]; then\n'
        "    i=0\n"
        f"    while [ ! -s {quoted_log} ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done\n"
        f"    if [ -s {quoted_log} ]; then echo started; else echo not-started; fi"
        f" >> {quoted_lists}\n"
        "fi\n"
    )
    return write_sh_go(directory, prelude)


def _calls(log: Path) -> list[GoTestCall]:
    if not log.exists():
        return []
    calls = []
    for line in log.read_text(encoding="utf-8").splitlines():
        when, _test, *args = line.rstrip("\t").split("\t")
        packages = [arg for arg in args if arg.startswith(PKG)]
        calls.append(GoTestCall(packages, when == "after"))
    return calls


def _module(tmp_path_factory: pytest.TempPathFactory, name: str) -> HeadModule:
    base = tmp_path_factory.mktemp(f"headstart-{name}")
    root = copy_module("headstart", base / "mod")
    log, lists = base / "go-test.log", base / "go-list.log"
    return HeadModule(base, root, _wrapper(base / "bin", log, lists), log, lists)


def _run_module(
    module: HeadModule,
    go_env: dict[str, str],
    *args: str,
    env: dict[str, str] | None = None,
    cache: bool = False,
    marker: str | None = None,
) -> Case:
    """One run; the logs hold only its own calls. ``marker``: the orphan marker, the same for
    runs that must see the same environment (a new one by default)."""
    for log in (module.log, module.lists, module.base / "collected"):
        log.unlink(missing_ok=True)
    marker = marker or uuid.uuid4().hex
    inner = {
        "HEADSTART_COLLECTED": str(module.base / "collected"),
        "HEADSTART_PAUSE": "0.5",
        ORPHAN_MARK: marker,
        **(env or {}),
    }
    run = run_inner(module.root, go_env, f"--go-binary={module.go}", *args, env=inner, cache=cache)
    lists = module.lists.read_text(encoding="utf-8").split() if module.lists.exists() else []
    return Case(run, _calls(module.log), [str(p) for p in survivors(marker)], lists)


def _run(
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
    name: str,
    *args: str,
    env: dict[str, str] | None = None,
    broken: bool = False,
) -> Case:
    module = _module(tmp_path_factory, name)
    if broken:
        (module.root / "test_broken.py").write_text("def test(:\n", encoding="utf-8")
    return _run_module(module, go_env, *args, env=env)


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    return _run(tmp_path_factory, go_env, "adopted", ".")


@pytest.fixture(scope="module")
def deselected(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    return _run(tmp_path_factory, go_env, "deselected", ".", env={"HEADSTART_DESELECT": "1"})


@pytest.fixture(scope="module")
def env_changed(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    value = "set-while-collecting"
    env = {"HEADSTART_SET_ENV": value, "HEADSTART_EXPECT": value}
    return _run(tmp_path_factory, go_env, "env", ".", env=env)


@pytest.fixture(scope="module")
def keyword(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> Case:
    return _run(tmp_path_factory, go_env, "keyword", ".", "-k", "Alpha")


def test_go_test_starts_before_collection_ends_and_is_adopted(adopted: Case) -> None:
    assert adopted.run.outcomes == BOTH, short_summary(adopted.run.result)
    # One go test, of both packages in pytest's order, started while pytest collected.
    assert adopted.calls == [GoTestCall([f"{PKG}/alpha", f"{PKG}/beta"], collected=False)]
    assert adopted.left == []


def test_a_batch_collection_did_not_foresee_stops_the_head_start(deselected: Case) -> None:
    # conftest.py deselected beta: the head start (both packages) is not what the batch runs.
    assert deselected.run.outcomes == {"alpha/alpha_test.go::TestAlpha": ["PASSED"]}, short_summary(
        deselected.run.result
    )
    head, batch = deselected.calls
    assert head == GoTestCall([f"{PKG}/alpha", f"{PKG}/beta"], collected=False)
    assert batch == GoTestCall([f"{PKG}/alpha"], collected=True)
    assert "TestBeta" not in deselected.run.result.stdout.str()
    assert deselected.left == []  # the stopped head start left nothing running


def test_go_gets_the_environment_collection_left(env_changed: Case) -> None:
    # beta/conftest.py set a variable while pytest collected: a go test started before that
    # cannot be the one whose results are reported (TestBeta checks it sees the variable).
    # Whether the head start was made before or after the import is a race; either way the
    # reported go test had the variable.
    assert env_changed.run.outcomes == BOTH, short_summary(env_changed.run.result)
    assert env_changed.left == []


def test_a_selecting_option_starts_no_head_start(keyword: Case) -> None:
    assert keyword.run.outcomes == {"alpha/alpha_test.go::TestAlpha": ["PASSED"]}
    assert [call.collected for call in keyword.calls] == [True]
    assert keyword.left == []


def test_a_collection_error_stops_the_head_start(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    case = _run(tmp_path_factory, go_env, "broken", ".", broken=True)
    assert case.run.result.ret == pytest.ExitCode.INTERRUPTED, short_summary(case.run.result)
    assert [call.collected for call in case.calls] == [False]
    assert case.left == []


# -- the packages of the last head start, remembered --------------------------------------------


def _touch(path: Path) -> None:
    """A new modification time: the collection cache's key changes, so go list runs again."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def _remembering_module(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], name: str
) -> HeadModule:
    """A module after a first run with pytest's cache on, which remembered its head start."""
    module = _module(tmp_path_factory, name)
    first = _run_module(module, go_env, ".", cache=True)
    assert first.run.outcomes == BOTH, short_summary(first.run.result)
    return module


def test_the_next_run_starts_the_remembered_packages_before_listing(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    module = _remembering_module(tmp_path_factory, go_env, "remembered")
    _touch(module.root / "alpha" / "alpha_test.go")
    second = _run_module(module, go_env, ".", env={"HEADSTART_LIST_WAIT": "1"}, cache=True)
    assert second.run.outcomes == BOTH, short_summary(second.run.result)
    # go test was running before go list started (without the remembered packages it would
    # start only once the listing was known), and it is the one go test of the run.
    assert second.lists == ["started"]
    assert second.calls == [GoTestCall([f"{PKG}/alpha", f"{PKG}/beta"], collected=False)]
    assert second.left == []


def test_a_remembered_head_start_that_no_longer_fits_is_replaced(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    module = _remembering_module(tmp_path_factory, go_env, "stale")
    gamma = module.root / "gamma"
    gamma.mkdir()
    (gamma / "gamma_test.go").write_text(
        'package gamma\n\nimport "testing"\n\nfunc TestGamma(t *testing.T) {}\n',
        encoding="utf-8",
    )
    three = [f"{PKG}/alpha", f"{PKG}/beta", f"{PKG}/gamma"]
    expected = {**BOTH, "gamma/gamma_test.go::TestGamma": ["PASSED"]}
    # go list waits for the remembered go test to be logged: on a loaded machine the listing
    # could otherwise stop that go test before its wrapper wrote the log line.
    second = _run_module(module, go_env, ".", env={"HEADSTART_LIST_WAIT": "1"}, cache=True)
    assert second.run.outcomes == expected, short_summary(second.run.result)
    assert second.lists == ["started"]
    # The remembered two packages started first; once the listing showed a third, that go
    # test was stopped and the right one started, still before collection ended.
    assert second.calls == [
        GoTestCall(three[:2], collected=False),
        GoTestCall(three, collected=False),
    ]
    assert second.left == []
    third = _run_module(module, go_env, ".", cache=True)  # the three are remembered now
    assert third.run.outcomes == expected, short_summary(third.run.result)
    assert third.calls == [GoTestCall(three, collected=False)]
    assert third.left == []


# -- an identical invocation: go test started as pytest loads its plugins -------------------


@dataclass
class EarlyRuns:
    """Runs of one module with the same environment (the early start's fingerprint)."""

    module: HeadModule
    go_env: dict[str, str]
    env: dict[str, str]
    marker: str
    note: Path  # the conftest's: did a go test start before pytest imported it?

    def run(self, *args: str, env: dict[str, str] | None = None) -> tuple[Case, str]:
        self.note.unlink(missing_ok=True)
        case = _run_module(
            self.module,
            self.go_env,
            *args,
            env={**self.env, **(env or {})},
            cache=True,
            marker=self.marker,
        )
        return case, self.note.read_text(encoding="utf-8").strip()

    def first(self) -> str:
        """The run that writes the record down (its outcomes checked); the conftest's note."""
        case, note = self.run(".")
        assert case.run.outcomes == BOTH, short_summary(case.run.result)
        return note


def _early_runs(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], name: str
) -> EarlyRuns:
    module = _module(tmp_path_factory, name)
    note = module.base / "conftest-note"
    env = {
        "HEADSTART_CONFTEST_WAIT": "3",
        "HEADSTART_LOG": str(module.log),
        "HEADSTART_CONFTEST_NOTE": str(note),
        "HEADSTART_SLOW": str(module.base / "slow"),
    }
    return EarlyRuns(module, go_env, env, uuid.uuid4().hex, note)


def test_an_identical_invocation_starts_go_test_as_pytest_loads_its_plugins(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    runs = _early_runs(tmp_path_factory, go_env, "early")
    # Nothing remembered yet: go test started at configure time, after the conftest import.
    assert runs.first() == "not-started"
    second, second_note = runs.run(".")
    assert second.run.outcomes == BOTH, short_summary(second.run.result)
    # Started before pytest imported the rootdir's conftest, and adopted: the one go test.
    assert second_note == "started"
    assert second.calls == [GoTestCall([f"{PKG}/alpha", f"{PKG}/beta"], collected=False)]
    assert second.left == []
    # Another environment (the fingerprint): nothing is started before configuration.
    other, other_note = runs.run(".", env={"HEADSTART_OTHER": "1"})
    assert other.run.outcomes == BOTH, short_summary(other.run.result)
    assert other_note == "not-started"
    assert other.left == []


@pytest.mark.parametrize(
    ("variable", "text"),
    [
        # It rewrites a test: the early go test read the old source (it would have reported
        # TestAlpha passed, the code that is gone).
        ("HEADSTART_REWRITE", "rewritten by the conftest"),
        # It writes a test's data file (a fixture it generates): the early go test read the
        # old data (TestAlpha passed on it).
        ("HEADSTART_DATA", "written by the conftest"),
    ],
    ids=["sources", "test-data"],
)
def test_an_early_go_test_is_not_adopted_when_a_conftest_changed_what_it_read(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], variable: str, text: str
) -> None:
    """A conftest imported after go test started early changes what that go test read: it
    is stopped, and go test runs again."""
    runs = _early_runs(tmp_path_factory, go_env, f"early-{variable.lower()}")
    trigger = runs.module.base / "trigger"
    runs.env[variable] = str(trigger)  # every run's: the early start's fingerprint
    runs.first()
    trigger.write_text(text, encoding="utf-8")
    second, note = runs.run(".")
    assert note == "started"
    assert second.run.outcomes == {**BOTH, "alpha/alpha_test.go::TestAlpha": ["FAILED"]}
    assert text in second.run.result.stdout.str()
    both = [f"{PKG}/alpha", f"{PKG}/beta"]
    assert [call.packages for call in second.calls] == [both, both]
    assert second.left == []


def test_an_early_go_test_is_stopped_when_pytest_ends_before_configuring(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    runs = _early_runs(tmp_path_factory, go_env, "early-broken")
    runs.first()
    conftest = runs.module.root / "conftest.py"
    # Broken after its note: pytest ends while loading its initial conftests. The go test
    # started early is still running then (the wrapper waits; the environment is the same).
    with conftest.open("a", encoding="utf-8") as stream:
        stream.write('\nraise RuntimeError("a broken conftest")\n')
    Path(runs.env["HEADSTART_SLOW"]).touch()
    second, note = runs.run(".")
    assert note == "started"
    assert second.run.result.ret == pytest.ExitCode.USAGE_ERROR, short_summary(second.run.result)
    assert "a broken conftest" in second.run.result.stderr.str()
    assert [call.collected for call in second.calls] == [False]
    assert second.left == []  # the early go test was stopped


def test_the_early_start_reads_pytests_cache_directory(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The record lives in the collection cache's directory; computed before pytest's
    # cacheprovider is configured, it must be the directory that provider gives.
    monkeypatch.setenv("EARLY_CACHE_PARENT", "expanded")
    pytester.makeini("[pytest]\ncache_dir = $EARLY_CACHE_PARENT/cache\n")
    pytester.makepyfile(
        test_paths="""
from pathlib import Path
from pytest_gotest.plugin import early_start

def test_paths(pytestconfig):
    cache_dir = pytestconfig.getini("cache_dir")
    early = early_start.pytest_cache_dir(pytestconfig.rootpath, cache_dir)
    real = Path(pytestconfig.cache.mkdir(early_start.COLLECT_CACHE_NAME))
    assert early / "d" / early_start.COLLECT_CACHE_NAME == real
    assert real.is_relative_to(pytestconfig.rootpath / "expanded" / "cache")
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=1)


def test_remembered_packages_belong_to_their_directory(tmp_path: Path) -> None:
    root = tmp_path / "mod"
    memory = RememberedPackages(tmp_path, root, root)
    assert memory.packages() == []
    memory.remember(["m/a", "m/b"])
    assert RememberedPackages(tmp_path, root, root).packages() == ["m/a", "m/b"]
    assert RememberedPackages(tmp_path, root, root / "a").packages() == []  # another directory
    assert RememberedPackages(tmp_path, tmp_path / "other", root).packages() == []
    [stored] = tmp_path.glob("head-start-*.json")
    for garbage in ("{", '{"root": 1}', "[]", json.dumps({"packages": ["-flag"]})):
        stored.write_text(garbage, encoding="utf-8")
        assert RememberedPackages(tmp_path, root, root).packages() == []
    memory.remember(["m/a"])
    again = RememberedPackages(tmp_path, root, root)
    assert again.packages() == ["m/a"]
    again.remember([])  # nothing to start any more: forgotten
    assert list(tmp_path.glob("head-start-*.json")) == []


# -- the parts ----------------------------------------------------------------------------------


def _package(root: Path, rel: str, files: dict[str, tuple[str, ...]]) -> GoPackage:
    functions = {
        name: tuple(GoFunc(test, "test", 3) for test in tests) for name, tests in files.items()
    }
    package = GoPackage(
        import_path=f"{PKG}/{rel}" if rel else PKG,
        dir=root / rel if rel else root,
        module_root=root,
        name=rel.rsplit("/", 1)[-1] or "headstart",
        test_files=tuple(files),
        cgo=False,
    )
    package._functions = functions
    return package


PYTEST_DEFAULT_NORECURSEDIRS = [
    "*.egg",
    ".*",
    "_darcs",
    "build",
    "CVS",
    "dist",
    "node_modules",
    "venv",
    "{arch}",
]


def test_go_packages_named_build_are_in_the_head_start_as_collection_enters_them(
    tmp_path: Path,
) -> None:
    # Collection enters a Go package directory that only pytest's default norecursedirs
    # skips (plugin/norecurse.py): the head start must run it too, or it is never adopted.
    packages = [
        _package(tmp_path, "internal/build", {"b_test.go": ("TestB",)}),
        _package(tmp_path, "dist/deep", {"d_test.go": ("TestD",)}),  # dist holds none itself
        _package(tmp_path, "build/lib/x", {"x_test.go": ("TestX",)}),  # Python's: no Go code
    ]
    for package in packages[:2]:
        package.dir.mkdir(parents=True)
        (package.dir / "x.go").write_text("package x\n", encoding="utf-8")
    listing = ModuleListing(tmp_path, {str(p.dir.relative_to(tmp_path)): p for p in packages})
    found = head_start_packages(listing, tmp_path, PYTEST_DEFAULT_NORECURSEDIRS)
    assert found == [f"{PKG}/dist/deep", f"{PKG}/internal/build"]
    assert head_start_packages(listing, tmp_path, ["build", "dist"]) == []  # the user's list


def test_packages_come_in_pytests_collection_order(tmp_path: Path) -> None:
    packages = [
        _package(tmp_path, "a", {"z_test.go": ("TestZ",)}),
        _package(tmp_path, "a/b", {"b_test.go": ("TestB",)}),  # "b" sorts before "z_test.go"
        _package(tmp_path, "", {"root_test.go": ("TestRoot",)}),
        _package(tmp_path, "helpers", {"helpers_test.go": ()}),  # no test: no item
        _package(tmp_path, "build/gen", {"gen_test.go": ("TestGen",)}),  # norecursedirs
    ]
    listing = ModuleListing(tmp_path, {str(p.dir.relative_to(tmp_path)): p for p in packages})
    found = head_start_packages(listing, tmp_path, ["build", ".*"])
    assert found == [f"{PKG}/a/b", f"{PKG}/a", PKG]
    assert head_start_packages(listing, tmp_path / "a", []) == [f"{PKG}/a/b", f"{PKG}/a"]
    # With --go-untested=build the session builds the packages without tests in the same
    # go test: the head start names them too (after the tested ones), or it is not adopted.
    packages.append(_package(tmp_path, "cmd/tool", {}))  # no test file
    listing = ModuleListing(tmp_path, {str(p.dir.relative_to(tmp_path)): p for p in packages})
    found = head_start_packages(listing, tmp_path, ["build", ".*"], untested=True)
    assert found == [f"{PKG}/a/b", f"{PKG}/a", PKG, f"{PKG}/helpers", f"{PKG}/cmd/tool"]


def test_a_head_start_fits_the_same_packages_in_any_order_only(tmp_path: Path) -> None:
    toolchain = GoToolchain("true", environ={"A": "1"})
    head = HeadStart.spawn(toolchain, ["p/a", "p/b"], tmp_path)
    assert head is not None
    try:
        same = toolchain.test_args(["p/b", "p/a"])
        assert head.fits(same, tmp_path, toolchain)
        assert not head.fits(toolchain.test_args(["p/a"]), tmp_path, toolchain)
        assert not head.fits(toolchain.test_args(["p/a", "p/b"], "^T$"), tmp_path, toolchain)
        assert not head.fits(same, tmp_path / "other", toolchain)
        changed = GoToolchain("true", environ={"A": "2"})
        assert not head.fits(same, tmp_path, changed)
    finally:
        head.abandon()
    assert head.popen.returncode is not None
    assert head.popen.stdout is not None
    assert head.popen.stdout.closed


def test_abandoning_stops_the_whole_group(tmp_path: Path) -> None:
    script = tmp_path / "go"
    script.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n", encoding="utf-8")
    script.chmod(0o755)
    marker = uuid.uuid4().hex
    toolchain = GoToolchain(str(script), environ={**os.environ, ORPHAN_MARK: marker})
    head = HeadStart.spawn(toolchain, ["p"], tmp_path)
    assert head is not None
    time.sleep(0.2)
    head.abandon()
    assert survivors(marker) == []  # the shell and both sleeps (zombies excepted)


@pytest.mark.parametrize("cache", [False, True], ids=["cache-off", "cache-on"])
def test_a_test_generated_by_a_conftest_below_is_collected_and_run_afresh(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str], cache: bool
) -> None:
    """beta/conftest.py, imported while pytest collects beta/ (after the module was listed
    and go test started), appends a failing test to beta's test file: the module is listed
    again, so the new test is an item, and the go test that read the old file is stopped
    (adopted, it would have run beta without the new test)."""
    module = _module(tmp_path_factory, f"generated-{cache}")
    trigger = module.base / "generate"
    trigger.write_text("generated by beta's conftest", encoding="utf-8")
    case = _run_module(module, go_env, ".", env={"HEADSTART_GENERATE": str(trigger)}, cache=cache)
    expected = {**BOTH, "beta/beta_test.go::TestGenerated": ["FAILED"]}
    assert case.run.outcomes == expected, short_summary(case.run.result)
    assert "generated by beta's conftest" in case.run.result.stdout.str()
    assert "not collected" not in case.run.result.stdout.str()
    both = [f"{PKG}/alpha", f"{PKG}/beta"]
    assert case.calls == [GoTestCall(both, collected=False), GoTestCall(both, collected=True)]
    assert case.left == []


def test_a_file_deleted_by_a_conftest_below_is_not_run_from_the_old_build(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> None:
    """beta/conftest.py deletes beta/extra_test.go, whose init made TestBeta pass, while
    pytest collects: a deleted file leaves no change time to see, but the listing named it.
    The go test started before (with the file) is stopped; adopted, it reported TestBeta
    passed, which go test fails now."""
    module = _module(tmp_path_factory, "deleted")
    beta = module.root / "beta"
    (beta / "beta_test.go").write_text(
        'package beta\n\nimport "testing"\n\nvar ready bool\n\n'
        "func TestBeta(t *testing.T) {\n"
        '\tif !ready {\n\t\tt.Fatal("extra_test.go is gone")\n\t}\n}\n',
        encoding="utf-8",
    )
    extra = beta / "extra_test.go"
    extra.write_text("package beta\n\nfunc init() { ready = true }\n", encoding="utf-8")
    case = _run_module(module, go_env, ".", env={"HEADSTART_DELETE": str(extra)})
    expected = {**BOTH, "beta/beta_test.go::TestBeta": ["FAILED"]}
    assert case.run.outcomes == expected, short_summary(case.run.result)
    assert "extra_test.go is gone" in case.run.result.stdout.str()
    both = [f"{PKG}/alpha", f"{PKG}/beta"]
    assert case.calls == [GoTestCall(both, collected=False), GoTestCall(both, collected=True)]
    assert case.left == []
