"""``--go-isolate``: the ``go test -exec`` command that isolates test binaries, and the note
that explains an isolated test's network failure.

Pure core. The launcher itself is ``isolate_exec.py`` (a standalone script go runs per test
binary); this module builds its command line, probes whether the isolation works here, and
reads failure text. docs/isolation.md is the user's account.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from . import isolate_exec

__all__ = [
    "DEFAULT_ENV_ALLOW",
    "ISOLATE_MODES",
    "IsolationPlan",
    "exec_flag",
    "go_quote_join",
    "go_quoted_split",
    "isolation_note",
    "probe",
]

ISOLATE_MODES: Final = ("off", "on", "best-effort")
# What a Go test binary needs from the environment, and nothing that reaches production:
# the tools it may run (PATH, LD_LIBRARY_PATH for cgo binaries), the working directory go
# sets (PWD), the runtime's own settings (GOTRACEBACK decides what a crash prints,
# GOCOVERDIR is how go test -cover collects), and the Go toolchain's configuration for tests
# that run go. HOME, TMPDIR and TZ are set by the launcher, never passed through.
DEFAULT_ENV_ALLOW: Final = (
    "PATH",
    "PWD",
    "LD_LIBRARY_PATH",
    "GOTRACEBACK",
    "GODEBUG",
    "GOMAXPROCS",
    "GOGC",
    "GOMEMLIMIT",
    "GORACE",
    "GOCOVERDIR",
    "GOROOT",
    "GOPATH",
    "GOCACHE",
    "GOMODCACHE",
    "GOENV",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GOEXPERIMENT",
    "GOOS",
    "GOARCH",
    "GOPROXY",
    "GONOPROXY",
    "GOPRIVATE",
    "GONOSUMDB",
    "GOSUMDB",
    "GOINSECURE",
    "CGO_ENABLED",
    # Which WebAssembly runtime Go's go_wasip1_wasm_exec starts (the wasip1 mode sets it when
    # it picks one): without it the script falls back to wasmtime.
    "GOWASIRUNTIME",
    "GOWASIRUNTIMEARGS",
)
_NAME: Final = re.compile(r"[A-Za-z_*?\[][A-Za-z0-9_*?\[\]!]*")
# Go's error text when the namespace stopped a connection or a DNS lookup: a dial to any
# address but loopback ("connect: network is unreachable"); a lookup by Go's resolver whose
# nameserver is not on loopback (the same, through "dial udp ...:53") or is on loopback with
# no server inside the namespace (systemd-resolved's 127.0.0.53: "connection refused"); a
# lookup by the C library's resolver (cgo), which says EAI_AGAIN.
_BLOCKED: Final = re.compile(
    r"network is unreachable"
    r"|lookup \S+ on \S+:53: .*connection refused"
    r"|lookup \S+: Temporary failure in name resolution"
)
NOTE: Final = (
    "pytest-gotest --go-isolate: only loopback is reachable from the test's network "
    "namespace (see pytest-gotest's docs/isolation.md)"
)


def check_env_names(names: Sequence[str], setting: str) -> tuple[str, ...]:
    """The extra allow-list entries: variable names or fnmatch patterns (``MYAPP_*``)."""
    checked = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        if not _NAME.fullmatch(name) or name.startswith("=") or "," in name:
            raise ValueError(
                f"{setting}: {name!r} is not an environment variable name or pattern "
                "(letters, digits, _ and the wildcards * ? [])"
            )
        if name in ("HOME", "TMPDIR", "TZ"):
            raise ValueError(
                f"{setting}: {name} is always set by --go-isolate (a private HOME and TMPDIR, "
                "TZ=UTC) and cannot be passed through"
            )
        checked.append(name)
    return tuple(checked)


def go_quote_join(words: Sequence[str]) -> str:
    """Words as go's ``quoted.Split`` reads them back (how go splits ``-exec``): bare when
    plain, else in single or double quotes (go has no escapes inside quotes)."""
    parts = []
    for word in words:
        if word and not any(c.isspace() or c in "'\"" for c in word):
            parts.append(word)
        elif "'" not in word:
            parts.append(f"'{word}'")
        elif '"' not in word:
            parts.append(f'"{word}"')
        else:
            raise ValueError(f"{word!r} has both quote characters: go -exec cannot carry it")
    return " ".join(parts)


def go_quoted_split(text: str) -> list[str]:
    """go's ``cmd/internal/quoted.Split``: whitespace-separated words, a word may be quoted
    in ' or " (no escapes); an unterminated quote is an error."""
    words: list[str] = []
    index = 0
    while index < len(text):
        if text[index].isspace():
            index += 1
            continue
        if text[index] in "'\"":
            quote = text[index]
            end = text.find(quote, index + 1)
            if end < 0:
                raise ValueError(f"unterminated {quote} string in {text!r}")
            words.append(text[index + 1 : end])
            index = end + 1
            continue
        start = index
        while index < len(text) and not text[index].isspace():
            index += 1
        words.append(text[start:index])
    return words


def launcher_command(python: str, allow: Sequence[str], chain: Sequence[str]) -> list[str]:
    """The -exec words: the launcher (stdlib only: ``-I -S``), its version and allow-list
    (both part of Go's test-cache key, so a result never outlives a change to either), then
    the user's own -exec program, which the launcher runs instead of the binary."""
    words = [python, "-I", "-S", str(Path(isolate_exec.__file__).resolve())]
    words += [f"--version={isolate_exec.VERSION}", "--env=" + ",".join(allow)]
    if chain:
        words.append("--chained")
    words.append("--")
    return words + list(chain)


def exec_flag(allow: Sequence[str], chain: Sequence[str] = (), python: str | None = None) -> str:
    """``-exec=...`` for go test."""
    return "-exec=" + go_quote_join(launcher_command(python or sys.executable, allow, chain))


@dataclass(frozen=True)
class IsolationPlan:
    """How this run isolates: the go test flag and the directory of private HOMEs."""

    flag: str  # -exec=...
    private_dir: Path  # $PYTEST_GOTEST_ISOLATE_DIR: removed at the end of the run
    allow: tuple[str, ...]

    @property
    def environment(self) -> dict[str, str]:
        return {isolate_exec.DIR_VARIABLE: str(self.private_dir)}


def probe(python: str | None = None, timeout: float = 30.0) -> str | None:
    """None when a network namespace with loopback can be made here; otherwise why not."""
    script = str(Path(isolate_exec.__file__).resolve())
    try:
        done = subprocess.run(
            [python or sys.executable, "-I", "-S", script, "--probe"],
            capture_output=True,
            text=True,
            errors="replace",
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"the namespace probe could not run: {error}"
    if done.returncode == 0:
        return None
    return done.stderr.strip() or f"the namespace probe exited with status {done.returncode}"


def isolation_note(text: str) -> str | None:
    """The note for a failed isolated test whose text shows the namespace stopping it."""
    return NOTE if _BLOCKED.search(text) else None
