"""Merged profile + package directories -> ``GoCoverage`` (files on disk, lines, functions).

Profile file names are import-path based (``example.com/mod/pkg/file.go``). The directory of
each package comes from ``go list`` (the caller's ``package_dirs``, plus ``locate`` for packages
it did not list, e.g. another module's package named in ``-coverpkg``), so vendored, replaced
and workspace modules resolve to the files Go really compiled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .funcs import find_functions, function_coverage
from .gosource import GoSource
from .lines import line_coverage
from .model import FileCoverage, GoCoverage
from .profile import Profile

__all__ = ["build_coverage", "split_profile_name"]

Locate = Callable[[Iterable[str]], Mapping[str, Path]]


def split_profile_name(name: str) -> tuple[str, str]:
    """``example.com/mod/pkg/file.go`` -> (``example.com/mod/pkg``, ``file.go``)."""
    package, _, base = name.rpartition("/")
    return package, base


def build_coverage(
    profile: Profile,
    package_dirs: Mapping[str, Path],
    locate: Locate | None = None,
) -> GoCoverage:
    grouped = profile.files()
    dirs = dict(package_dirs)
    unknown = {
        split_profile_name(name)[0]
        for name in grouped
        if not Path(name).is_absolute() and split_profile_name(name)[0] not in dirs
    }
    if unknown and locate is not None:
        dirs.update(locate(sorted(unknown)))
    files: dict[str, FileCoverage] = {}
    problems: list[str] = []
    for name, blocks in grouped.items():
        package, base = split_profile_name(name)
        if Path(name).is_absolute():
            path = Path(name)
        elif package in dirs:
            path = Path(dirs[package]) / base
        else:
            path = None
        statements = sum(b.statements for b in blocks)
        covered = sum(b.statements for b in blocks if b.count > 0)
        data: bytes | None = None
        if path is None:
            problems.append(
                f"{name}: package {package} was not found by go list; its {statements} "
                "statements count in the totals but its lines cannot be shown"
            )
        else:
            try:
                data = path.read_bytes()
            except OSError as exc:
                problems.append(
                    f"{name}: cannot read {path} ({exc.strerror or exc}); its {statements} "
                    "statements count in the totals but its lines cannot be shown"
                )
        key = str(path.resolve()) if path is not None else name
        if data is None:
            files[key] = FileCoverage(
                import_path_file=name,
                path=key,
                package=package,
                statements=statements,
                covered=covered,
                executable_lines=frozenset(),
                hit_lines={},
            )
            continue
        source = GoSource(data)
        lines = line_coverage(source, blocks)
        functions = function_coverage(find_functions(source), blocks)
        # go tool cover -func totals its functions: blocks outside every function
        # declaration (package-level initializers) are not in its total, nor in ours.
        inside = sum(fn.statements for fn in functions)
        inside_covered = sum(fn.covered for fn in functions)
        files[key] = FileCoverage(
            import_path_file=name,
            path=key,
            package=package,
            statements=inside,
            covered=inside_covered,
            executable_lines=lines.executable,
            hit_lines=lines.hits,
            functions=functions,
            outside_statements=statements - inside,
            outside_covered=covered - inside_covered,
        )
    return GoCoverage(mode=profile.mode, files=files, problems=tuple(problems))
