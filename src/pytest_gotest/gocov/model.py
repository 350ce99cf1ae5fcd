"""The merged Go coverage of a run, resolved to .go files on disk.

This is the hand-over format between the Go side (profiles merged by profile.py) and every
consumer (terminal/xml/lcov/html/json reports, the coverage.py plugin). Everything here is
derived from a merged profile plus the Go source bytes, never estimated.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class GoCoverageError(Exception):
    """Bad coverage input (profile, mode mix, unresolvable file); the message names what to fix."""


@dataclass(frozen=True)
class FunctionCoverage:
    """One top-level function or method, as `go tool cover -func` counts it.

    statements/covered: NumStmt sums of the blocks whose start lies inside the function's
    extent (func literals belong to their enclosing function).
    """

    name: str  # the bare name, as `go tool cover -func` prints it ("Foo", also for methods)
    start_line: int
    end_line: int
    statements: int
    covered: int
    receiver: str = ""  # "*T", "T", "*Stack[T]" for methods; "" for functions

    @property
    def qualified_name(self) -> str:
        """``(*T).Foo`` / ``T.Foo`` for methods, ``Foo`` for functions (for display)."""
        if not self.receiver:
            return self.name
        if self.receiver.startswith("*"):
            return f"({self.receiver}).{self.name}"
        return f"{self.receiver}.{self.name}"

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.statements if self.statements else 0.0


@dataclass(frozen=True)
class FileCoverage:
    """Coverage of one .go file.

    statements/covered: the statements inside function declarations (functions and methods,
    with the func literals in them), which is what ``go tool cover -func`` totals, plus the
    unattributed ones; for a file whose Go source cannot be read (``go_source`` False: no
    function extents, no lines) every block counts, as in ``go test -cover``.
    executable_lines: lines on which some block's slice holds code.
    hit_lines: line -> max count of the blocks with code on that line (count 0 lines are in
    executable_lines but absent here, so missing = executable_lines - hit_lines.keys()).
    """

    import_path_file: str  # the file name exactly as written in the profile
    path: str  # absolute filesystem path
    package: str  # import path of the package
    statements: int
    covered: int
    executable_lines: frozenset[int]
    hit_lines: dict[int, int]
    functions: list[FunctionCoverage] = field(default_factory=list)
    # Blocks outside every function declaration (a package-level ``var x = func() ...``
    # literal): ``go test -cover``'s per-package percentage counts them, ``go tool cover
    # -func`` does not. Not part of statements/covered; their lines are in the line sets.
    outside_statements: int = 0
    outside_covered: int = 0
    # False when the profile's name is no readable Go source: missing, or a file that a
    # //line directive in generated code names (goyacc's grammar.y, yaccpar).
    go_source: bool = True
    # Blocks a //line directive in generated code filed under this name that cannot be this
    # file's (past its last line, no column, or outside its functions while a directive names
    # it): in statements/covered as ``go test -cover`` counts them, in no function, on no line.
    # For a file that is no Go source, all its statements.
    unattributed_statements: int = 0
    unattributed_covered: int = 0

    @property
    def missing_lines(self) -> frozenset[int]:
        return self.executable_lines - frozenset(self.hit_lines)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.statements if self.statements else 0.0


@dataclass(frozen=True)
class GoCoverage:
    """The merged coverage of a whole run (all packages, all go invocations, all workers)."""

    mode: str  # "set", "count" or "atomic"
    files: dict[str, FileCoverage]  # key: absolute filesystem path of the .go file
    # Profile files whose source could not be read: counted in the totals from their blocks,
    # but without lines; each message names the file.
    problems: tuple[str, ...] = ()

    @property
    def statements(self) -> int:
        return sum(f.statements for f in self.files.values())

    @property
    def covered(self) -> int:
        return sum(f.covered for f in self.files.values())

    @property
    def percent(self) -> float:
        """Total statement coverage, as `go tool cover -func` prints it on its `total:` line."""
        return 100.0 * self.covered / self.statements if self.statements else 0.0

    @property
    def outside_statements(self) -> int:
        """Statements outside function declarations, left out of the totals as by -func."""
        return sum(f.outside_statements for f in self.files.values())

    @property
    def outside_covered(self) -> int:
        return sum(f.outside_covered for f in self.files.values())

    @property
    def unattributed_statements(self) -> int:
        """Statements in the totals that no function or line can show (//line directives)."""
        return sum(f.unattributed_statements for f in self.files.values())

    @property
    def unattributed_covered(self) -> int:
        return sum(f.unattributed_covered for f in self.files.values())

    def packages(self) -> dict[str, list[FileCoverage]]:
        """Files grouped by package import path, both sorted for stable reports."""
        grouped: dict[str, list[FileCoverage]] = {}
        for fc in sorted(self.files.values(), key=lambda f: f.import_path_file):
            grouped.setdefault(fc.package, []).append(fc)
        return dict(sorted(grouped.items()))
