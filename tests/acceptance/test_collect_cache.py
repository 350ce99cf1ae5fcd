"""The persisted collection cache with the real go (issue 11, item 7): a warm run collects
the same tests without running ``go list``; any change that can change go list's answer (a
file edited or added, -tags, $GOFLAGS, go.mod) runs it again, and the collection follows.
The key's inputs one by one: tests/unit/test_collect_cache.py."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest

from .helpers import BASIC_TOP_LEVEL, GomodFactory, RunPytest, reported_nodeids

GOFLAGS = "-buildvcs=false"  # what run_pytest sets


@pytest.fixture
def counting_go(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A ``go`` that appends a line to a log for every ``go list`` and runs the real go."""
    real = shutil.which("go")
    assert real is not None
    directory = tmp_path_factory.mktemp("counting-go")
    log = directory / "list.log"
    wrapper = directory / "go"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = list ]; then echo list >> {shlex.quote(str(log))}; fi\n'
        f'exec {shlex.quote(real)} "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper, log


def _lists(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def _bump(path: Path, text: str) -> None:
    """Rewrite ``path`` with a later modification time, as an edit a moment later would."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


@pytest.mark.skipif(os.name == "nt", reason="the counting go wrapper is a shell script")
def test_a_warm_collection_runs_no_go_list_and_never_a_stale_one(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    counting_go: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = gomod("basic")
    wrapper, log = counting_go
    go = f"--go-binary={wrapper}"

    def collect(*args: str) -> list[str]:
        result = run_pytest("--collect-only", "-q", go, *args, cache=True)
        assert result.ret == pytest.ExitCode.OK, result.stdout.str()
        return sorted(reported_nodeids(result))

    expected = sorted(BASIC_TOP_LEVEL)
    assert collect() == expected
    assert _lists(log) == 1
    assert collect() == expected
    assert _lists(log) == 1, "the warm run ran go list"
    assert list((root / ".pytest_cache" / "d" / "pytest-gotest-collect").glob("*.json"))

    # A test added to a file: listed and scanned again.
    calc = root / "calc" / "calc_test.go"
    _bump(calc, calc.read_text() + "\nfunc TestAddedLater(t *testing.T) {}\n")
    expected = sorted([*expected, "calc/calc_test.go::TestAddedLater"])
    assert collect() == expected
    assert _lists(log) == 2
    assert collect() == expected
    assert _lists(log) == 2

    # A new package directory.
    (root / "fresh").mkdir()
    (root / "fresh" / "fresh_test.go").write_text(
        'package fresh\n\nimport "testing"\n\nfunc TestFresh(t *testing.T) {}\n'
    )
    expected = sorted([*expected, "fresh/fresh_test.go::TestFresh"])
    assert collect() == expected
    assert _lists(log) == 3

    # -tags from --go-flags, then from $GOFLAGS: another answer each.
    integration = "tagged/integration_test.go::TestIntegration"
    assert collect("--go-flags=-tags=integration") == sorted([*expected, integration])
    assert _lists(log) == 4
    monkeypatch.setenv("GOFLAGS", f"{GOFLAGS} -tags=integration")
    assert collect() == sorted([*expected, integration])
    assert _lists(log) == 5
    monkeypatch.setenv("GOFLAGS", GOFLAGS)
    assert collect() == expected
    assert _lists(log) == 6  # that key's entry was replaced by the tagged one

    # go.mod edited (a new go version changes release tags, for one).
    go_mod = root / "go.mod"
    _bump(go_mod, go_mod.read_text() + "\n// edited\n")
    assert collect() == expected
    assert _lists(log) == 7
    assert collect() == expected
    assert _lists(log) == 7


@pytest.mark.skipif(os.name == "nt", reason="the counting go wrapper is a shell script")
@pytest.mark.parametrize(
    "args",
    [("-o", "go_collect_cache=off"), ("-p", "no:cacheprovider")],
    ids=["ini-off", "no-cacheprovider"],
)
def test_the_cache_can_be_turned_off(
    gomod: GomodFactory,
    run_pytest: RunPytest,
    counting_go: tuple[Path, Path],
    args: tuple[str, str],
) -> None:
    root = gomod("basic")
    wrapper, log = counting_go
    for runs in (1, 2):
        result = run_pytest("--collect-only", "-q", f"--go-binary={wrapper}", *args, cache=True)
        assert result.ret == pytest.ExitCode.OK, result.stdout.str()
        assert sorted(reported_nodeids(result)) == sorted(BASIC_TOP_LEVEL)
        assert _lists(log) == runs
    assert not (root / ".pytest_cache" / "d" / "pytest-gotest-collect").exists()
