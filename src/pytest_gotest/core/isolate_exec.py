"""The ``go test -exec`` launcher of ``--go-isolate``: isolate, then become the test binary.

Run by go once per test binary, in the package directory, as ``python -I -S isolate_exec.py
--version=V --env=A,B [--chained] -- [USER_EXEC...] BINARY ARGS...``. It imports nothing but
the standard library (``-I -S``: no site-packages, a short start) and ends in ``execve``, so
the test binary keeps the launcher's pid: go sees the binary's own exit status or killing
signal, its timeout kills the binary itself, and nothing is left behind.

Before the ``execve``:

1. **A fresh network namespace with only loopback up.** ``unshare(CLONE_NEWNET)`` where the
   process may (root, ``CAP_SYS_ADMIN``); otherwise ``unshare(CLONE_NEWUSER | CLONE_NEWNET)``
   with the caller's uid and gid mapped onto themselves (an unprivileged user namespace, as
   ``unshare -n`` inside ``unshare -U`` gives, but without becoming root inside). A new
   namespace's ``lo`` is down: it is brought up with the ``SIOCSIFFLAGS`` ioctl (no
   ``ip`` needed). Any other address then fails at once with ``ENETUNREACH``.
2. **A reduced environment.** Only the allow-listed variables pass (``--env``, names or
   ``fnmatch`` patterns); ``TZ=UTC``; ``HOME`` and ``TMPDIR`` are fresh private directories
   under ``$PYTEST_GOTEST_ISOLATE_DIR`` (the plugin removes it at the end of the run). Go's
   own configuration (``GOENV``, ``GOCACHE``, ``GOPATH``, ``GOMODCACHE``) stays where it was
   before ``HOME`` moved, so a test that runs ``go`` uses the same caches and settings.
3. **Go's test cache.** With ``-exec``, go does not pass ``-test.testlogfile`` (the record of
   the environment variables and files a test read, which go needs to cache a result), so
   ``go test -exec`` alone never caches. The launcher adds it, at the place go itself uses
   (``testlog.txt`` in the binary's work directory), when the binary is go's own work-dir
   build; go includes the whole ``-exec`` command (with the allow-list) in the cache key.

``--probe`` does step 1 and checks loopback, then exits 0, or 1 with the reason on stderr.
"""

from __future__ import annotations

import errno
import os
import sys

# Kept to what a start needs (the launcher runs once per test binary): no tempfile, socket or
# fnmatch (which imports re) unless they are used.

# The launcher's behaviour version: part of the -exec command, hence of Go's test-cache key.
VERSION = "1"
DIR_VARIABLE = "PYTEST_GOTEST_ISOLATE_DIR"
EXIT_UNAVAILABLE = 125  # the isolation could not be set up (as env(1) and friends use it)
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1
_PREFIX = "pytest-gotest --go-isolate"


class IsolationUnavailable(Exception):
    """The namespace could not be made; the text says why and what to do."""


def _unshare(flags: int) -> None:
    unshare = getattr(os, "unshare", None)  # Python 3.12+
    if unshare is not None:
        unshare(flags)
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(ctypes.c_int(flags)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as file:
        file.write(text)


def _read_sysctl(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as file:
            return file.read().strip()
    except OSError:
        return None


def _why(error: OSError) -> str:
    """The kernel settings that explain a failed unshare, where they can be read."""
    reasons = []
    if _read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == "0":
        reasons.append("kernel.unprivileged_userns_clone is 0")
    for name in ("user.max_user_namespaces", "user.max_net_namespaces"):
        if _read_sysctl("/proc/sys/" + name.replace(".", "/")) == "0":
            reasons.append(f"{name} is 0")
    if _read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1":
        reasons.append(
            "AppArmor restricts unprivileged user namespaces "
            "(kernel.apparmor_restrict_unprivileged_userns is 1)"
        )
    if not reasons and error.errno == errno.EPERM:
        reasons.append(
            "the process may not create user namespaces here (a container's seccomp profile "
            "or missing capabilities, a hardened kernel)"
        )
    return "; ".join(reasons)


def isolate_network() -> None:
    """This process in a new network namespace whose only interface, ``lo``, is up."""
    if not sys.platform.startswith("linux"):
        raise IsolationUnavailable(f"network namespaces are Linux only (this is {sys.platform})")
    try:
        _unshare(_CLONE_NEWNET)  # root / CAP_SYS_ADMIN: no user namespace needed
    except OSError as first:
        if first.errno not in (errno.EPERM, errno.EINVAL):
            why = _why(first)
            raise IsolationUnavailable(
                f"unshare(CLONE_NEWNET) failed: {first.strerror}" + (f" ({why})" if why else "")
            ) from None
        uid, gid = os.getuid(), os.getgid()
        step = "unshare(CLONE_NEWUSER|CLONE_NEWNET)"
        try:
            _unshare(_CLONE_NEWUSER | _CLONE_NEWNET)
            step = "writing /proc/self/setgroups"
            if os.path.exists("/proc/self/setgroups"):  # Linux 3.19+: needed before gid_map
                _write("/proc/self/setgroups", "deny")
            step = "writing /proc/self/uid_map"
            _write("/proc/self/uid_map", f"{uid} {uid} 1")
            step = "writing /proc/self/gid_map"
            _write("/proc/self/gid_map", f"{gid} {gid} 1")
        except OSError as error:
            why = _why(error)
            raise IsolationUnavailable(
                f"unprivileged user namespaces are not available: {step} failed: "
                f"{error.strerror}" + (f" ({why})" if why else "")
            ) from None
    try:
        _loopback_up()
    except OSError as error:
        why = _why(error)
        raise IsolationUnavailable(
            f"cannot bring up loopback in the new network namespace: {error.strerror}"
            + (f" ({why})" if why else "")
        ) from None


def _loopback_up() -> None:
    import _socket  # socket.py would import enum and selectors too
    import fcntl
    import struct

    sock = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)
    try:
        request = struct.pack("16sh22x", b"lo", 0)  # struct ifreq: name, flags
        flags = struct.unpack("16sh22x", fcntl.ioctl(sock, _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, _SIOCSIFFLAGS, struct.pack("16sh22x", b"lo", flags | _IFF_UP))
    finally:
        sock.close()


def _check_loopback() -> None:
    """A connection to a listener on 127.0.0.1 works (the probe's proof that lo is up)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass


def _go_locations(env: dict[str, str]) -> dict[str, str]:
    """Where go finds its configuration and caches, computed from the real HOME as go does
    on Linux, for the variables not set explicitly: a test that runs go keeps them."""
    home = env.get("HOME")
    config = env.get("XDG_CONFIG_HOME") or (home and os.path.join(home, ".config"))
    cache = env.get("XDG_CACHE_HOME") or (home and os.path.join(home, ".cache"))
    gopath = env.get("GOPATH") or (home and os.path.join(home, "go"))
    found = {
        "GOENV": env.get("GOENV") or (config and os.path.join(config, "go", "env")),
        "GOCACHE": env.get("GOCACHE") or (cache and os.path.join(cache, "go-build")),
        "GOPATH": gopath,
        "GOMODCACHE": env.get("GOMODCACHE")
        or (gopath and os.path.join(gopath.split(os.pathsep)[0], "pkg", "mod")),
    }
    return {key: value for key, value in found.items() if value}


def isolated_environment(env: dict[str, str], allow: list[str], private: str) -> dict[str, str]:
    """The test binary's environment: the allow-listed variables, Go's locations, TZ=UTC,
    and HOME and TMPDIR under ``private``."""
    exact = {name for name in allow if not any(c in name for c in "*?[")}
    patterns = [name for name in allow if name not in exact]
    kept = {key: value for key, value in env.items() if key in exact}
    if patterns:
        import fnmatch

        for key, value in env.items():
            if any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns):
                kept[key] = value
    kept.update(_go_locations(env))
    home = os.path.join(private, "home")
    tmp = os.path.join(private, "tmp")
    os.mkdir(home, 0o700)
    os.mkdir(tmp, 0o700)
    kept.update(TZ="UTC", HOME=home, TMPDIR=tmp)
    return kept


def _private_dir(base: str) -> str:
    """A new directory of this binary's own under ``base`` (as tempfile.mkdtemp makes)."""
    os.makedirs(base, exist_ok=True)
    while True:
        path = os.path.join(base, "run-" + os.urandom(6).hex())
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        return path


def _testlog_args(binary: str, args: list[str]) -> list[str]:
    """``-test.testlogfile=WORKDIR/testlog.txt`` when go would have passed it without -exec:
    the binary is go's build in its work directory ($WORK/bNNN/), and no log was given."""
    directory = os.path.dirname(binary)
    work_dir = os.path.basename(directory)
    if not (work_dir[:1] == "b" and work_dir[1:].isdigit()):
        return []
    if not os.path.basename(os.path.dirname(directory)).startswith("go-build"):
        return []
    if any(a.startswith(("-test.testlogfile", "--test.testlogfile")) for a in args):
        return []
    return ["-test.testlogfile=" + os.path.join(directory, "testlog.txt")]


# os.uname().machine as Go names the architecture (runtime.GOARCH of the go command).
_GOARCH = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "i386": "386",
    "i686": "386",
    "armv7l": "arm",
    "armv6l": "arm",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
    "riscv64": "riscv64",
    "loongarch64": "loong64",
}


def _cross_exec(env: dict[str, str] | os._Environ[str]) -> str | None:
    """``go_$GOOS_$GOARCH_exec`` on PATH when GOOS/GOARCH name another platform: go's own
    choice of a runner for a binary built for elsewhere (cmd/go's FindExecCmd), which the
    launcher's ``-exec`` replaces and so must run itself."""
    goos, goarch = env.get("GOOS"), env.get("GOARCH")
    host_arch = _GOARCH.get(os.uname().machine)
    if (goos or "linux") == "linux" and (goarch or host_arch) == host_arch:
        return None
    name = f"go_{goos or 'linux'}_{goarch or host_arch}_exec"
    for directory in env.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(directory or ".", name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _parse(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    options: dict[str, str] = {}
    for index, arg in enumerate(argv):
        if arg == "--":
            return options, argv[index + 1 :]
        name, _, value = arg.partition("=")
        options[name.lstrip("-")] = value
    return options, []


def main(argv: list[str]) -> int:
    options, command = _parse(argv)
    if "probe" in options:
        try:
            isolate_network()
            _check_loopback()
        except (IsolationUnavailable, OSError) as error:
            print(str(error), file=sys.stderr)
            return 1
        return 0
    if not command:
        print(f"{_PREFIX}: no command to run (usage: OPTIONS -- BINARY ARGS...)", file=sys.stderr)
        return 2
    chained = "chained" in options  # the command starts with the user's own -exec program
    try:
        isolate_network()
    except IsolationUnavailable as error:
        print(f"{_PREFIX}: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    private = _private_dir(os.environ.get(DIR_VARIABLE) or "/tmp")
    allow = [name for name in options.get("env", "").split(",") if name]
    env = isolated_environment(dict(os.environ), allow, private)
    program, rest = command[0], command[1:]
    cross = None if chained else _cross_exec(os.environ)
    if cross is not None:
        # What go runs a cross-compiled binary with when there is no -exec (js/wasm under
        # Node.js, wasip1); go passes such programs no test log either.
        program, rest = cross, command
    elif not chained:
        rest = _testlog_args(program, rest) + rest
    try:
        # A chained -exec program may be a bare name (sudo), looked up on the allowed PATH.
        os.execvpe(program, [program, *rest], env)
    except OSError as error:
        print(f"{_PREFIX}: cannot run {program}: {error.strerror}", file=sys.stderr)
        return 126 if error.errno != errno.ENOENT else 127
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
