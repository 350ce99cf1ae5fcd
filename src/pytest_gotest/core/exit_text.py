"""What go says beside its JSON stream when a process ends: how it ended, and build errors
as text.

Pure core. ``describe_exit`` words a process's exit status for a package left without a
result. With ``GODEBUG=gotestjsonbuildtext=1`` (the pre-1.24 behaviour) build errors come on
stderr as ``# pkg`` sections instead of build events: a failed package whose output says
``[build failed]`` waits for them (``_build_failed_text``), and ``split_legacy_build_text``
hands each package its own section (core/fold.py, ``StreamFolder.finish``).
"""

from __future__ import annotations

from .package_run import PackageRun

__all__ = ["describe_exit", "split_legacy_build_text"]


def _build_failed_text(pkg: PackageRun) -> bool:
    """Whether a failed package's output says its build (or setup) failed."""
    return any(
        "[build failed]" in text or "[setup failed]" in text for text, _ in pkg.output.texts()
    )


def describe_exit(code: int) -> str:
    """``exited with status 2`` or ``was killed by signal SIGKILL`` (Popen's negative codes)."""
    import signal

    if code >= 0:
        return f"exited with status {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    return f"was killed by signal {name}"


def split_legacy_build_text(stderr: str) -> dict[str, str]:
    """Split ``# pkg`` sections of textual build errors by the package they name."""
    sections: dict[str, str] = {}
    current: str | None = None
    for line in stderr.splitlines(keepends=True):
        if line.startswith("# "):
            header = line[2:].strip()
            # "# example.com/p [example.com/p.test]" and vet's "# [example.com/p]"
            current = header.strip("[]").split(" ")[0]
            sections[current] = sections.get(current, "") + line
        elif current is not None:
            sections[current] += line
    return sections
