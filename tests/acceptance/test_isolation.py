"""``--go-isolate`` (issue 15, item 5; docs/isolation.md), against the ``isolation`` fixture
module: ``network`` (a loopback server, a dial to TEST-NET-1, a DNS lookup), ``environment``
(logs what the binary sees of its environment) and ``crash`` (names the binary's parent, then
dies of SIGKILL).

One copy of the module takes a sequence of inner runs, so that Go's test cache carries over
from one to the next (``environment``'s output names its private HOME: the same path again
means go replayed the result). The runs that need namespaces skip, with the reason, where
this machine cannot make them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from pytest_gotest.core import isolate_exec
from pytest_gotest.core.isolation import DEFAULT_ENV_ALLOW, NOTE, probe

from .helpers import sections
from .session_runs import (
    ModuleRun,
    copy_module,
    module_run,
    run_inner,
    short_summary,
    summary_line,
)

PKG = "example.com/isolation"
LOOPBACK = "network/network_test.go::TestLoopbackServer"
DIAL = "network/network_test.go::TestDialOutside"
LOOKUP = "network/network_test.go::TestLookupOutside"
REPORT = "environment/environment_test.go::TestReport"
PARENT = "crash/crash_test.go::TestParent"
KILLED = "crash/crash_test.go::TestKilled"
INI = "go_isolate_env = ISOLATION_EXTRA\n"
SECRETS = {"ISOLATION_EXTRA": "one", "ISOLATION_SECRET": "hidden"}


@pytest.fixture(scope="module")
def namespaces() -> None:
    reason = probe()
    if reason is not None:
        pytest.skip(f"this machine cannot make network namespaces: {reason}")


def _report(run: ModuleRun) -> dict[str, str]:
    """``environment.TestReport``'s log lines (``NAME=value``) from the -rA passes section."""
    text = sections(run.result)[f"{PKG}/environment.TestReport"]
    found = dict(re.findall(r"environment_test\.go:\d+: (\w+)=(.*)", text))
    assert found, text
    return found


def _exec_wrapper(directory: Path) -> tuple[Path, Path]:
    """A user's own ``-exec`` program (its path has a space, quoted for go) that records the
    network namespace it runs in, and where it records it."""
    log = directory / "exec.log"
    wrapper = directory / "my exec"
    wrapper.write_text(
        f'#!/bin/sh\nreadlink /proc/self/ns/net > "{log}"\nexec "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    return wrapper, log


@pytest.fixture(scope="module")
def runs(
    namespaces: None,
    tmp_path_factory: pytest.TempPathFactory,
    go_env: dict[str, str],
    request: pytest.FixtureRequest,
) -> dict[str, ModuleRun]:
    """The sequence of inner runs, made once per session: under xdist the first worker to get
    here makes them and the others read them (this module's tests are spread over workers)."""
    if not hasattr(request.config, "workerinput"):  # no xdist worker: nothing to share
        return _make_runs(tmp_path_factory.mktemp("isolation"), go_env)
    shared = tmp_path_factory.getbasetemp().parent  # the session's, shared by its workers
    saved = shared / "isolation-runs.json"
    with FileLock(str(saved) + ".lock"):
        if not saved.exists():
            made = _make_runs(shared / "isolation", go_env)
            stored = {
                name: [
                    str(run.root),
                    run.result.ret,
                    run.result.stdout.str(),
                    run.result.stderr.str(),
                ]
                for name, run in made.items()
            }
            saved.write_text(json.dumps(stored), encoding="utf-8")
            return made
        stored = json.loads(saved.read_text(encoding="utf-8"))
    return {
        name: module_run(Path(root), Path(root).parent / "unused.xml", ret, out, err, 0)
        for name, (root, ret, out, err) in stored.items()
    }


def _make_runs(directory: Path, go_env: dict[str, str]) -> dict[str, ModuleRun]:
    root = copy_module("isolation", directory / "mod", INI)
    wrapper, _ = _exec_wrapper(root.parent)
    env = {**SECRETS}
    done: dict[str, ModuleRun] = {}
    done["isolated"] = run_inner(root, go_env, "--go-isolate", env=env)
    done["again"] = run_inner(root, go_env, "--go-isolate", "environment", env=env)
    # The user's -exec chained inside (go quotes a path with a space in ' or "), and both
    # variables changed: the allowed one passes, the other never reaches the test.
    env.update(ISOLATION_EXTRA="two", ISOLATION_SECRET="other")
    chained = f"--go-flags=-exec=\"'{wrapper}'\""
    done["chained"] = run_inner(root, go_env, "--go-isolate=on", chained, "environment", env=env)
    done["plain"] = run_inner(root, go_env, "environment", "crash", env=env)
    return done


# -- the network ---------------------------------------------------------------------------------


def test_a_loopback_server_answers(runs: dict[str, ModuleRun]) -> None:
    run = runs["isolated"]
    assert run.outcomes[LOOPBACK] == ["PASSED"], short_summary(run.result)


def test_any_other_address_fails_at_once_and_says_why(runs: dict[str, ModuleRun]) -> None:
    run = runs["isolated"]
    for nodeid in (DIAL, LOOKUP):
        assert run.outcomes[nodeid] == ["FAILED"], short_summary(run.result)
    failures = sections(run.result)
    dial = failures[f"{PKG}/network.TestDialOutside"]
    assert "dial tcp 192.0.2.1:80: connect: network is unreachable" in dial
    # Unisolated, a dial to TEST-NET-1 waits for its 20 s timeout: here the kernel refuses it.
    elapsed = int(re.search(r"\(after (\d+) ms\)", dial).group(1))  # type: ignore[union-attr]
    assert elapsed < 10_000, dial
    lookup = failures[f"{PKG}/network.TestLookupOutside"]
    assert re.search(r"lookup example\.com on \S+:53: .*(network is unreachable|refused)", lookup)
    for text in (dial, lookup):
        assert text.rstrip().endswith(NOTE), text
    # The one-line message (short summary, JUnit message) names the isolation too.
    assert "--go-isolate: only loopback is reachable" in summary_line(run.result, "FAILED", DIAL)


def test_the_header_says_the_run_is_isolated(runs: dict[str, ModuleRun]) -> None:
    assert "go isolation: network namespace (loopback only)" in runs["isolated"].result.stdout.str()
    assert "go isolation" not in runs["plain"].result.stdout.str()


# -- the environment -----------------------------------------------------------------------------


def test_the_binary_sees_only_the_allow_list(runs: dict[str, ModuleRun]) -> None:
    report = _report(runs["isolated"])
    names = set(report["ENV"].split(","))
    allowed = {*DEFAULT_ENV_ALLOW, "ISOLATION_EXTRA", "HOME", "TMPDIR", "TZ"}
    assert names <= allowed, names - allowed
    # go's own settings of this run pass; the launcher pins go's caches.
    assert {"PATH", "PWD", "GOFLAGS", "GOCACHE", "GOMODCACHE", "HOME", "TMPDIR"} <= names
    assert "PYTEST_ADDOPTS" not in names  # set for every inner run, not allowed
    assert report["ISOLATION_EXTRA"] == "one"  # added by ini go_isolate_env
    assert report["ISOLATION_SECRET"] == ""
    assert report["TZ"] == "UTC"
    assert report["LOCATION"] == "UTC"


def test_home_and_tmpdir_are_private_and_removed(runs: dict[str, ModuleRun]) -> None:
    report = _report(runs["isolated"])
    home, tmp = Path(report["HOME"]), Path(report["TMPDIR"])
    assert home.parent == tmp.parent, report
    assert home.parent.parent.name.startswith("pytest-gotest-isolate-"), report
    assert home != Path.home()
    assert not home.parent.parent.exists()  # removed at the end of the run


# -- Go's test cache -----------------------------------------------------------------------------


def test_go_replays_an_unchanged_isolated_run(runs: dict[str, ModuleRun]) -> None:
    first, again = _report(runs["isolated"]), _report(runs["again"])
    assert again == first  # the same private HOME: go served the stored result
    assert runs["again"].outcomes == {REPORT: ["PASSED"]}


def test_changed_variables_reach_the_test_only_when_allowed(runs: dict[str, ModuleRun]) -> None:
    changed = _report(runs["chained"])
    assert changed["ISOLATION_EXTRA"] == "two"
    assert changed["ISOLATION_SECRET"] == ""


def test_an_isolated_result_never_serves_an_unisolated_run(runs: dict[str, ModuleRun]) -> None:
    report = _report(runs["plain"])
    assert report["HOME"] == str(Path.home())
    assert report["ISOLATION_SECRET"] == "other"
    assert report["TZ"] == ""


# -- the test binary's process -------------------------------------------------------------------


def test_go_starts_the_binary_itself_and_sees_its_signal(runs: dict[str, ModuleRun]) -> None:
    isolated, plain = runs["isolated"], runs["plain"]
    for run in (isolated, plain):
        assert run.outcomes[PARENT] == ["PASSED"], short_summary(run.result)
        assert run.outcomes[KILLED] == ["FAILED"], short_summary(run.result)
        assert "PARENT=go" in sections(run.result)[f"{PKG}/crash.TestParent"]
    assert summary_line(isolated.result, "FAILED", KILLED) == summary_line(
        plain.result, "FAILED", KILLED
    )


def test_the_users_exec_program_runs_inside_the_namespace(runs: dict[str, ModuleRun]) -> None:
    run = runs["chained"]
    assert run.outcomes == {REPORT: ["PASSED"]}, short_summary(run.result)
    _, log = _exec_wrapper(run.root.parent)
    assert log.read_text(encoding="utf-8").strip() != os.readlink("/proc/self/ns/net")
    assert _report(run)["TZ"] == "UTC"


# -- where namespaces cannot be made -------------------------------------------------------------


def _without_namespaces(root: Path, go_env: dict[str, str], *args: str) -> ModuleRun:
    """The inner run in a user namespace whose limits allow no new user or network namespace
    (``user.max_*_namespaces`` are per user namespace: the machine's own stay as they are).
    The kernel then refuses the launcher's unshare as it does where they are disabled."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed")
    limits = (
        "echo 0 > /proc/sys/user/max_net_namespaces; echo 0 > /proc/sys/user/max_user_namespaces"
    )
    check = subprocess.run([unshare, "-U", "-r", "true"], capture_output=True, check=False)
    if check.returncode != 0:
        pytest.skip(f"unshare -U -r fails here: {check.stderr.decode(errors='replace').strip()}")
    from .session_runs import inner_command, inner_env

    command, junit = inner_command(root, *args)
    script = f'{limits} && exec "$@"'
    completed = subprocess.run(
        [unshare, "-U", "-r", "sh", "-c", script, "sh", *command],
        cwd=root,
        env=inner_env(go_env, SECRETS),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=240,
        check=False,
    )
    return module_run(root, junit, completed.returncode, completed.stdout, completed.stderr, 0)


def test_without_namespaces_the_run_stops_and_names_the_fix(
    tmp_path: Path, go_env: dict[str, str]
) -> None:
    root = copy_module("isolation", tmp_path / "mod", "go_isolate = on\n")
    run = _without_namespaces(root, go_env, "environment")
    result = run.result
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    error = result.stderr.str()
    assert "ini go_isolate: Go test binaries cannot be isolated here" in error
    assert "No space left on device" in error  # the kernel's own answer
    assert "user.max_net_namespaces is 0" in error
    assert "--go-isolate=off" in error
    assert "--go-isolate=best-effort" in error
    assert "Traceback" not in error
    assert not run.outcomes


def test_best_effort_warns_and_runs_unisolated(tmp_path: Path, go_env: dict[str, str]) -> None:
    root = copy_module("isolation", tmp_path / "mod", INI)
    run = _without_namespaces(root, go_env, "--go-isolate=best-effort", "environment")
    assert run.outcomes == {REPORT: ["PASSED"]}, short_summary(run.result)
    text = run.result.stdout.str()
    assert "--go-isolate=best-effort: Go test binaries run WITHOUT isolation" in text
    assert "go isolation: OFF" in text
    report = _report(run)
    assert report["TZ"] == ""
    assert report["ISOLATION_SECRET"] == "hidden"


# -- the launcher as a user other than root ------------------------------------------------------

# Runs the command in a new user namespace that maps uids and gids 0-65535 onto themselves and
# allows no further user namespace in it (as kernel.unprivileged_userns_clone=0 or a zero
# user.max_user_namespaces do): root there can still become user nobody with setpriv.
_NO_USERNS = """
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
go_on, ready = os.pipe(), os.pipe()
child = os.fork()
if child == 0:
    if libc.unshare(0x10000000) != 0:
        os._exit(3)
    os.write(ready[1], b"x")
    os.read(go_on[0], 1)
    os.setgid(0)
    os.setuid(0)
    with open("/proc/sys/user/max_user_namespaces", "w") as limit:
        limit.write("0")
    os.execvp(sys.argv[1], sys.argv[1:])
os.read(ready[0], 1)
for name in ("uid_map", "gid_map"):
    with open(f"/proc/{child}/{name}", "w") as mapping:
        mapping.write("0 0 65536")
os.write(go_on[1], b"x")
sys.exit(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]))
"""


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory user nobody can read (pytest's tmp_path is under a root-only directory)."""
    with tempfile.TemporaryDirectory(prefix="gotest-isolation-") as name:
        os.chmod(name, 0o755)
        yield Path(name)


def _nobody_command(directory: Path, *args: str) -> list[str]:
    """``setpriv`` to user nobody running a copy of the launcher with ``args``, with a Python
    that nobody can run."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv (util-linux) to become an unprivileged user")
    become = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    pythons = [os.path.realpath(sys.executable), "/usr/bin/python3", "/usr/local/bin/python3"]
    python = next((p for p in pythons if _runs([*become, p, "-c", ""])), None)
    if python is None:
        pytest.skip("no Python interpreter that user nobody may run")
    script = directory / "isolate_exec.py"
    shutil.copyfile(isolate_exec.__file__, script)
    script.chmod(0o644)
    return [*become, python, "-I", "-S", str(script), *args]


def _runs(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


def test_an_unprivileged_user_gets_a_namespace(namespaces: None, shared_dir: Path) -> None:
    # Unprivileged user namespaces (CLONE_NEWUSER) with the user's own uid mapped: the path
    # every non-root user takes. The probe also connects over loopback.
    command = _nobody_command(shared_dir, "--probe")
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    if done.returncode != 0 and "not available" in done.stderr:
        pytest.skip(f"unprivileged user namespaces are disabled here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr


def test_an_unprivileged_user_without_user_namespaces_is_told_why(
    namespaces: None, shared_dir: Path
) -> None:
    command = [sys.executable, "-c", _NO_USERNS, *_nobody_command(shared_dir, "--probe")]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 1, (done.returncode, done.stderr)
    # The kernel's answer, and the setting that explains it (a host may add more reasons).
    assert done.stderr.startswith(
        "unprivileged user namespaces are not available: unshare(CLONE_NEWUSER|CLONE_NEWNET) "
        "failed: No space left on device ("
    ), done.stderr
    assert "user.max_user_namespaces is 0" in done.stderr
