"""pytest-timeout's limits as Go's ``-timeout`` (``plugin/timeouts.py``): the arithmetic, and
the one ``-timeout`` of an invocation that runs several packages (``core/runner.py``).

The whole behaviour, with pytest-timeout loaded against real Go tests, is in
``tests/acceptance/test_timeouts.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_gotest.core.gocmd import parse_go_flags
from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.package_run import PackageRun
from pytest_gotest.core.runner import GoProcess, PackageJob, Runner
from pytest_gotest.core.toolchain import GoToolchain
from pytest_gotest.plugin.timeouts import GO_DEFAULT_TIMEOUT, package_limit


@pytest.mark.parametrize(
    ("limits", "runs", "timeout"),
    [
        # Tests that each keep to their limit never reach the sum, whatever the others took.
        ([2.0, 2.0, 2.0, 2.0], 1, 8.0),
        ([2.0], 1, 2.0),
        ([1.0, 3.5], 1, 4.5),
        # -count x -cpu runs each test that many times.
        ([2.0, 2.0], 3, 12.0),
        # Never longer than Go's own default for a hang...
        ([60.0] * 50, 1, GO_DEFAULT_TIMEOUT),
        # ...unless one test's own limit is longer.
        ([900.0, 900.0], 1, 900.0),
        ([900.0, 1.0], 2, 900.0),
        # A test without a limit (unset, timeout(0)): no -timeout from pytest-gotest.
        ([2.0, None], 1, None),
        ([None], 1, None),
        ([], 1, None),
        # -count/-cpu that go will reject: nothing to compute.
        ([2.0], None, None),
    ],
)
def test_package_limit(limits: list[float | None], runs: int | None, timeout: float | None) -> None:
    assert package_limit(limits, runs) == timeout


def _process(runner: Runner, *timeouts: float | None) -> GoProcess:
    jobs = [
        PackageJob(f"example.com/p{i}", Path("/m"), frozenset({"TestA"}), None, timeout)
        for i, timeout in enumerate(timeouts)
    ]

    def publish(_root: Path, _run: PackageRun) -> None:
        pass

    def ended(_process: GoProcess) -> None:
        pass

    return runner._new_process(jobs, None, publish, ended)


def _runner(flags: str = "") -> Runner:
    return Runner(GoToolchain("go", parse_go_flags(flags), environ={}), 1, CaptureLimits())


def test_an_invocation_takes_the_largest_timeout_of_its_packages() -> None:
    # go gives every test binary of the invocation the same -timeout: a smaller one could time
    # out a package whose tests all keep to their limits.
    args = _process(_runner(), 4.0, 8.0, 6.0).args
    assert args == ["go", "test", "-json", "-timeout=8s", *(f"example.com/p{i}" for i in range(3))]


def test_a_package_without_a_limit_leaves_the_invocation_at_gos_default() -> None:
    assert not any(a.startswith("-timeout") for a in _process(_runner(), 4.0, None).args)
    assert not any(a.startswith("-timeout") for a in _process(_runner(), None).args)


def test_the_users_timeout_is_the_only_one() -> None:
    args = _process(_runner("-timeout=5m"), 4.0).args
    assert [a for a in args if "timeout" in a] == ["-timeout=5m"]


def test_each_items_limit_is_read_as_pytest_timeout_reads_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pytest_timeout", reason="pytest-timeout is not installed")
    from pytest_gotest.plugin.timeouts import GoTimeouts

    pytester.makeini("[pytest]\ntimeout = 7\n")
    source = """
        import pytest

        @pytest.mark.timeout(5)
        def test_marked(): pass

        @pytest.mark.timeout(timeout=0)
        def test_unlimited(): pass

        @pytest.mark.timeout(method="thread")
        def test_method_only(): pass

        def test_plain(): pass
    """

    def limits(*args: str) -> dict[str, float | None]:
        module = pytester.getmodulecol(source, configargs=args)
        timeouts = GoTimeouts(module.config)
        assert timeouts.active
        return {item.name: timeouts.item_limit(item) for item in pytester.genitems([module])}

    # The marker wins; a marker without a timeout falls back to the run's limit.
    assert limits("--timeout=3") == {
        "test_marked": 5.0,
        "test_unlimited": None,
        "test_method_only": 3.0,
        "test_plain": 3.0,
    }
    # The option, then $PYTEST_TIMEOUT, then the ini key.
    monkeypatch.setenv("PYTEST_TIMEOUT", "4")
    assert limits("--timeout=3")["test_plain"] == 3.0
    assert limits()["test_plain"] == 4.0
    monkeypatch.delenv("PYTEST_TIMEOUT")
    assert limits()["test_plain"] == 7.0
    assert limits("--timeout=0")["test_plain"] is None


def test_without_pytest_timeout_nothing_is_limited(pytester: pytest.Pytester) -> None:
    from pytest_gotest.plugin.timeouts import GoTimeouts

    module = pytester.getmodulecol("def test_plain(): pass", configargs=("-p", "no:timeout"))
    timeouts = GoTimeouts(module.config)
    assert not timeouts.active
    assert timeouts.package_timeout(list(pytester.genitems([module])), 1) is None
