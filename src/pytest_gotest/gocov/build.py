"""Merged profile + package directories -> ``GoCoverage`` (files on disk, lines, functions).

Profile file names are import-path based (``example.com/mod/pkg/file.go``). The directory of
each package comes from ``go list`` (the caller's ``package_dirs``, plus ``locate`` for packages
it did not list, e.g. another module's package named in ``-coverpkg``), so vendored, replaced
and workspace modules resolve to the files Go really compiled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .funcs import FuncExtent, find_functions, function_coverage, in_function
from .gosource import GoSource
from .lines import line_coverage
from .model import FileCoverage, GoCoverage
from .profile import Block, Profile

# A line directive (cmd/compile "Line directives"): //line at a line's start, /*line anywhere.
_LINE_DIRECTIVE_RE = re.compile(rb"(?m)^//line \S|/\*line \S")
_LINE_DIRECTIVE_TEXT_RE = re.compile(rb"(?m)^//line (\S[^\r\n]*)|/\*line (\S.*?)\*/")

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
    directives: dict[Path, dict[str, _Naming]] = {}
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
                unattributed_statements=statements,
                unattributed_covered=covered,
            )
            continue
        assert path is not None  # a Go source was read from it
        naming = _naming_files(path.parent, directives).get(base, _Naming())
        files[key] = _go_file(name, key, package, source, blocks, naming, problems)
    return GoCoverage(mode=profile.mode, files=files, problems=tuple(problems))


def _go_file(
    name: str,
    key: str,
    package: str,
    source: GoSource,
    blocks: list[Block],
    naming: _Naming,
    problems: list[str],
) -> FileCoverage:
    """A Go file's coverage; appends to ``problems`` why some of it cannot be shown."""
    extents = find_functions(source)
    foreign = [b for b in blocks if _foreign(source, extents, b, naming.with_column)]
    foreign_keys = {b.key for b in foreign}
    own = [b for b in blocks if b.key not in foreign_keys]
    lines = line_coverage(source, own)
    functions = function_coverage(extents, own)
    # go tool cover -func totals its functions: blocks outside every function declaration
    # (package-level initializers) are not in its total, nor in ours. Blocks that are not the
    # file's own count, as go test -cover counts them (-func leaves them out or stops).
    inside = sum(fn.statements for fn in functions)
    inside_covered = sum(fn.covered for fn in functions)
    moved = sum(b.statements for b in foreign)
    moved_covered = sum(b.statements for b in foreign if b.count > 0)
    outside = sum(b.statements for b in own) - inside
    outside_covered = sum(b.statements for b in own if b.count > 0) - inside_covered
    if foreign:
        problems.append(_unattributed(name, source, foreign, naming.files))
    elif naming.with_column:
        problems.append(_named(name, naming.files))
    if outside > 0 and _LINE_DIRECTIVE_RE.search(source.data):
        problems.append(_moved_blocks(name, outside))
    return FileCoverage(
        import_path_file=name,
        path=key,
        package=package,
        statements=inside + moved,
        covered=inside_covered + moved_covered,
        executable_lines=lines.executable,
        hit_lines=lines.hits,
        functions=functions,
        outside_statements=outside,
        outside_covered=outside_covered,
        unattributed_statements=moved,
        unattributed_covered=moved_covered,
    )


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


@dataclass
class _Naming:
    """The package's .go files (base names) with a //line directive naming one file, and
    whether some such directive gives a column (then Go's positions after it have columns)."""

    files: list[str] = field(default_factory=list)
    with_column: bool = False


def _foreign(
    source: GoSource, extents: list[FuncExtent], block: Block, named_with_column: bool
) -> bool:
    """Whether a block Go filed under this file cannot be its own. Go positions the blocks
    after a //line directive where the directive says (a generator pointing back at its
    template: ``//line tmpl.go:100``): past the file's last line; with a column 0 start or end,
    which a directive without a column gives (goyacc's, even inside a function, where a block
    can end before it starts) and Go's own positions never have; or, when a directive with a
    column (``//line tmpl.go:10:1``) names this file, outside its functions: such a block
    cannot be told from a package-level initializer, so it is not taken for one."""
    key = block.key
    if key.start_line > _last_line(source) or _no_column(block):
        return True
    return named_with_column and not any(in_function(fn, block) for fn in extents)


def _no_column(block: Block) -> bool:
    return block.key.start_col < 1 or block.key.end_col < 1


def _last_line(source: GoSource) -> int:
    """The number of the file's last line (a final newline starts no line)."""
    return source.line_count - (1 if source.data.endswith(b"\n") else 0)


def _naming_files(directory: Path, cache: dict[Path, dict[str, _Naming]]) -> dict[str, _Naming]:
    """Base name -> the package's files whose //line directives name it. Go files a block
    under the package path and the base name of the directive's file."""
    if directory not in cache:
        named: dict[str, _Naming] = {}
        for path in sorted(directory.glob("*.go")):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            for match in _LINE_DIRECTIVE_TEXT_RE.finditer(data):
                target, with_column = _directive_file(match.group(1) or match.group(2))
                if not target:
                    continue
                naming = named.setdefault(target, _Naming())
                if path.name not in naming.files:
                    naming.files.append(path.name)
                naming.with_column = naming.with_column or with_column
        cache[directory] = named
    return cache[directory]


def _directive_file(text: bytes) -> tuple[str | None, bool]:
    """The base name of the file a directive names, and whether it gives a column.
    cmd/compile reads the text from the back: a trailing number, then maybe another (then
    the two are ``:line:col``), each > 0; the rest is the file name, empty for ``//line :10``."""
    rest = text.strip()
    numbers = 0
    while numbers < 2:
        head, colon, tail = rest.rpartition(b":")
        if not colon or not tail.isdigit() or int(tail) == 0:
            break
        rest, numbers = head, numbers + 1
    if not numbers or not rest:
        return None, False
    return rest.decode("utf-8", "replace").rpartition("/")[2] or None, numbers == 2


def _unattributed(name: str, source: GoSource, foreign: list[Block], named_by: list[str]) -> str:
    """Why some of a file's statements are in the totals but in none of its functions."""
    last = _last_line(source)
    where: list[str] = []
    if any(b.key.start_line > last for b in foreign):
        where.append(f"past its last line ({last})")
    inside = [b for b in foreign if b.key.start_line <= last]
    if any(_no_column(b) for b in inside):
        where.append("at column 0 (a position without a column)")
    if not all(_no_column(b) for b in inside):
        where.append("outside its functions")
    directive = "a //line directive" + (f" in {', '.join(named_by)}" if named_by else "")
    statements = sum(b.statements for b in foreign)
    return (
        f"{name}: {statements} statements filed under it lie {' or '.join(where)}: {directive} "
        "positioned them, not this file's code; they count in the totals, as go test -cover "
        "counts them, but they cannot be attributed to functions or shown on lines"
    )


def _named(name: str, named_by: list[str]) -> str:
    """A file a directive names whose blocks all fell inside its functions: they may not
    be the functions' own."""
    return (
        f"{name}: a //line directive in {', '.join(named_by)} names it, so Go may have put "
        "that code's blocks inside this file's functions: its per-function numbers and lines "
        "may be misattributed"
    )
