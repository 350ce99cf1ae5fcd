"""``go_cover_build``: Go programs that Python tests run, measured into the same report.

A session fixture that builds a Go main package with ``go build -cover`` into a temporary
directory and gives the test a :class:`GoProgram` whose environment sets ``GOCOVERDIR``; every
run of the program writes its counters there (on return from main and on ``os.Exit``, not on a
crash: docs/internals/coverage.md). After the last test the fixture converts all of them with
``go tool covdata textfmt`` into one text profile and adds it to the run's merged Go coverage
(``GoCoverageSession.add_profile``), so the program's lines join ``--go-cov-report`` and, with
pytest-cov, coverage.py's reports. Under xdist each worker converts its own runs and the
profile travels to the controller with the worker's other profiles.

Without ``--go-cov`` the program is built without ``-cover`` and runs without ``GOCOVERDIR``
(a ``-cover`` binary without it warns on stderr), so the same tests work either way.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_gotest.core.toolchain import GoToolchain, find_go, go_warning_lines

if TYPE_CHECKING:
    from pytest_gotest.plugin.cov import GoCoverageSession

__all__ = ["GoCoverBuilder", "GoProgram", "go_cover_build"]

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass
class GoProgram:
    """A built Go program. ``env`` is ``os.environ`` plus ``GOCOVERDIR`` (when coverage is
    measured); pass it to every process that runs the program, also indirectly."""

    path: Path
    env: dict[str, str]
    coverdir: Path | None
    package: str
    module_dir: Path

    def command(self, *args: str) -> list[str]:
        return [str(self.path), *args]

    def run(self, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        """``subprocess.run`` of the program with ``env``; output captured as text unless
        the caller says otherwise. Never raises for a non-zero exit unless ``check=True``."""
        kwargs.setdefault("env", self.env)
        kwargs.setdefault("capture_output", True)
        kwargs.setdefault("text", True)
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        kwargs.setdefault("timeout", 300)
        check = bool(kwargs.pop("check", False))
        result: subprocess.CompletedProcess[str] = subprocess.run(
            self.command(*args), check=check, **kwargs
        )
        return result


@dataclass
class GoCoverBuilder:
    """Builds programs once per session (same module, package and flags -> same program)."""

    toolchain: GoToolchain
    directory: Path
    coverage: GoCoverageSession | None
    _programs: dict[tuple[str, str, tuple[str, ...]], GoProgram] = field(default_factory=dict)

    def __call__(
        self,
        package: str = ".",
        *,
        module_dir: str | os.PathLike[str],
        name: str | None = None,
        coverpkg: str | None = None,
        flags: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
    ) -> GoProgram:
        """Build the main package ``package`` (a go build pattern such as ``./cmd/tool``,
        relative to ``module_dir``). ``coverpkg``: ``go build -coverpkg`` (default: Go's, the
        main module's packages in the build). ``env``: the base environment (default
        ``os.environ``)."""
        module = Path(module_dir).resolve()
        key = (str(module), package, (*flags, f"coverpkg={coverpkg}"))
        program = self._programs.get(key)
        if program is not None:
            return program
        index = len(self._programs) + 1
        label = _SAFE_NAME.sub("_", name or package.strip("./") or module.name) or "program"
        target = self.directory / f"{index:02d}-{label}"
        target.mkdir(parents=True, exist_ok=True)
        binary = target / (name or label)
        cover: list[str] = []
        base_env = dict(os.environ if env is None else env)
        coverdir = None
        if self.coverage is not None:
            # The run's cover mode: the merge refuses profiles of mixed modes (atomic when a
            # --go-modes race mode makes every go test write atomic).
            mode = (self.coverage.toolchain or self.toolchain).cover_mode
            cover = ["-cover", f"-covermode={mode}"]
            if coverpkg:
                cover.append(f"-coverpkg={coverpkg}")
            coverdir = target / "covdata"
            coverdir.mkdir(exist_ok=True)
            base_env["GOCOVERDIR"] = str(coverdir)
        toolchain = self.toolchain
        build_flags = toolchain.flags.list_flags
        command = [
            toolchain.go, "build", *cover, *build_flags, *flags, "-o", str(binary), package
        ]  # fmt: skip
        done = toolchain.query(command, module)
        if done.returncode != 0:
            pytest.fail(
                f"go_cover_build: `{' '.join(command)}` in {module} failed "
                f"(exit {done.returncode}):\n{done.stdout}{done.stderr}",
                pytrace=False,
            )
        if self.coverage is not None:
            # A -coverpkg pattern that matches nothing in the program is only a warning.
            self.coverage.warnings.extend(
                f"go_cover_build: go build {package} in {module}: {line}"
                for line in go_warning_lines(done.stderr)
            )
        program = GoProgram(binary, base_env, coverdir, package, module)
        self._programs[key] = program
        return program

    def finish(self) -> Path | None:
        """Convert every program's counters into one profile and add it to the run's Go
        coverage; returns the profile (None when nothing ran or coverage is off)."""
        if self.coverage is None:
            return None
        dirs = [
            str(p.coverdir)
            for p in self._programs.values()
            if p.coverdir is not None and any(p.coverdir.glob("covmeta.*"))
        ]
        if not dirs:
            return None
        profile = self.directory / "go-programs.out"
        go = self.toolchain.go
        command = [go, "tool", "covdata", "textfmt", f"-i={','.join(dirs)}", f"-o={profile}"]
        done = self.toolchain.query(command, self.directory)
        if done.returncode != 0:
            self.coverage.problems.append(
                f"go_cover_build: `{' '.join(command)}` failed (exit {done.returncode}): "
                f"{(done.stderr or done.stdout).strip()}; the Go programs' coverage is missing"
            )
            return None
        self.coverage.add_profile(profile)
        return profile


@pytest.fixture(scope="session")
def go_cover_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GoCoverBuilder]:
    """Build a Go main package for Python tests to run, its coverage measured with --go-cov.

    ``program = go_cover_build("./cmd/tool", module_dir=ROOT / "gomod")`` then
    ``program.run("arg")`` or ``subprocess.run(program.command("arg"), env=program.env)``.
    """
    from pytest_gotest.plugin.session import get_session

    go = get_session(request.config)
    # Programs that Python tests run are built for this machine, whatever --go-modes says.
    toolchain = go.base_toolchain
    if toolchain is None:
        found = find_go(None)
        if found is None:
            pytest.skip("go_cover_build: no Go toolchain (set --go-binary or put go on PATH)")
        toolchain = GoToolchain(found, go.options.flags)
    builder = GoCoverBuilder(
        toolchain=toolchain,
        directory=tmp_path_factory.mktemp("go-programs"),
        coverage=go.coverage,
    )
    yield builder
    builder.finish()
