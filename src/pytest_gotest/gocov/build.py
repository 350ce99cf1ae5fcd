"""Merged profile + package directories -> ``GoCoverage`` (files on disk, lines, functions).

Profile file names are import-path based (``example.com/mod/pkg/file.go``). The directory of
each package comes from ``go list`` (the caller's ``package_dirs``, plus ``locate`` for packages
it did not list, e.g. another module's package named in ``-coverpkg``), so vendored, replaced
and workspace modules resolve to the files Go really compiled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .funcs import find_functions, function_coverage
from .gosource import GoSource
from .lines import line_coverage
from .model import FileCoverage, GoCoverage
from .profile import Profile

# A line directive (cmd/compile "Line directives"): //line at a line's start, /*line anywhere.
_LINE_DIRECTIVE_RE = re.compile(rb"(?m)^//line \S|/\*line \S")

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
        source, problem = _go_source(name, path, package, statements)
        key = str(path.resolve()) if path is not None else name
        if source is None:
            # Counted as go test -cover counts them: every block, no function to put them in.
            problems.append(problem)
            files[key] = FileCoverage(
                import_path_file=name,
                path=key,
                package=package,
                statements=statements,
                covered=covered,
                executable_lines=frozenset(),
                hit_lines={},
                go_source=False,
            )
            continue
        lines = line_coverage(source, blocks)
        functions = function_coverage(find_functions(source), blocks)
        # go tool cover -func totals its functions: blocks outside every function
        # declaration (package-level initializers) are not in its total, nor in ours.
        inside = sum(fn.statements for fn in functions)
        inside_covered = sum(fn.covered for fn in functions)
        if statements > inside and _LINE_DIRECTIVE_RE.search(source.data):
            problems.append(_moved_blocks(name, statements - inside))
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


def _go_source(
    name: str, path: Path | None, package: str, statements: int
) -> tuple[GoSource | None, str]:
    """The Go source of a profile file, or None and why its lines and functions are unknown.

    A profile names a file that is not Go source when a ``//line`` directive in generated
    code (goyacc's ``//line grammar.y:10``, ``//line yaccpar:1``) points elsewhere: Go then
    files the blocks after it under that name, with that file's line numbers. Go source is
    a ``.go`` file that starts with a package clause (as go/parser requires)."""
    unshown = f"its {statements} statements count in the totals but its lines cannot be shown"
    if path is None:
        return None, f"{name}: package {package} was not found by go list; {unshown}"
    not_go = (
        f"{name}: not a Go source file (a //line directive in the package's generated code "
        f"names it); its {statements} statements count in the totals, as go test -cover "
        "counts them, but they cannot be attributed to functions or shown on lines"
    )
    if not name.endswith(".go"):
        return None, not_go
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"{name}: cannot read {path} ({exc.strerror or exc}); {unshown}"
    source = GoSource(data)
    first = next((t.text for t in source.tokens if t.kind != "semi"), b"")
    if first.removeprefix(b"\xef\xbb\xbf") != b"package":  # Go allows a leading BOM
        return None, not_go
    return source, ""


def _moved_blocks(name: str, outside: int) -> str:
    """Why a generated file's numbers may be off: a directive inside a function (goyacc's
    actions in yyParse) gives later blocks another file's lines, even an end before the
    start, so matching them to the file's functions cannot be right."""
    return (
        f"{name}: has //line directives, so Go gives its blocks the positions the directives "
        "name, not the file's own: its per-function numbers and lines may be misattributed "
        "(go tool cover -func's too, differently), and some of its "
        f"{outside} statements counted outside function declarations may be inside one"
    )
