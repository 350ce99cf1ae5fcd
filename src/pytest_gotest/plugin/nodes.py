"""pytest nodes: a ``*_test.go`` file and one item per Go test, fuzz target or example.

Items get the run injected (the way pytest-cpp hands its facade to items): whatever they need
from the session is the ``GoRun`` protocol, so nodes never look the session up.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

from pytest_gotest.core.discovery import GoListError, GoPackage
from pytest_gotest.core.explain import Explanation, go_location
from pytest_gotest.core.gocmd import go_subtest_name
from pytest_gotest.core.modes import mode_of_name
from pytest_gotest.core.outcome import TestSlot
from pytest_gotest.core.scanner import GoFunc

from .errors import GoTestError, GoTestFailure
from .fastitems import ItemShape
from .go_nodeid import go_node_id

if TYPE_CHECKING:
    from _pytest._code.code import ExceptionInfo, TerminalRepr, TracebackStyle


__all__ = [
    "GoFailureRepr",
    "GoProblemItem",
    "GoRun",
    "GoSubtestGroup",
    "GoTestFile",
    "GoTestItem",
    "tb_style",
]


class GoRun(Protocol):
    """What the nodes need from the run (the session object hands itself to them)."""

    def package_for(self, path: Path) -> GoPackage | None: ...
    def problems_for(self, path: Path) -> list[str]: ...
    def first_report_of(self, problem: str) -> bool: ...
    def requested_subtests(
        self, path: Path, import_path: str
    ) -> tuple[list[str], frozenset[str]]: ...

    multi_mode: bool
    mode_names: tuple[str, ...]

    def mode_packages(self, path: Path) -> list[tuple[str, GoPackage]]: ...
    def setup_item(self, item: GoTestItem) -> None: ...
    def run_item(self, item: GoTestItem) -> None: ...
    def teardown_item(self, item: GoTestItem) -> None: ...


def _terminal_repr_base() -> type:
    # pytest has no public base class for failure representations; pytest-cpp duck-types,
    # but Item.repr_failure is typed to return TerminalRepr. Private import, isolated here.
    from _pytest._code.code import TerminalRepr

    return TerminalRepr


class _CrashLocation:
    """What JUnit's failure ``message``, the short summary (``message``) and ``--tb=line``
    (``str()``) read (``reprcrash``)."""

    def __init__(self, path: str, lineno: int, message: str) -> None:
        self.path = path
        self.lineno = lineno
        self.message = message

    def __str__(self) -> str:
        # "path:line: message", as pytest's own crash location; a Go message already starts
        # with Go's "file.go:NN:", which only needs its directory (if the file is there: Go
        # prints only the base name of a helper's file in another package).
        located = go_location(self.message)
        if located is not None:
            file = os.path.join(os.path.dirname(self.path), located[0])
            if os.path.isfile(file):
                return os.path.join(os.path.dirname(self.path), self.message)
        return f"{self.path}:{self.lineno}: {self.message}"


class GoFailureRepr(_terminal_repr_base()):  # type: ignore[misc]
    """A Go failure: Go's text as the body, its first error line as the crash message.

    ``style`` is pytest's ``--tb``: ``line`` and ``no`` print no body (pytest prints the crash
    line after a failure; an error, which has no line mode in pytest, prints it as its body),
    ``short`` the first paragraph (Go's error lines, without the test's whole output, crash
    trace or package output), the others everything.

    Under xdist the report travels as ``str(repr)`` (no traceback to serialise), which is the
    whole text."""

    def __init__(
        self,
        explanation: Explanation,
        path: str,
        lineno: int,
        style: str = "auto",
        *,
        error: bool = False,
    ) -> None:
        self.details = explanation.details or explanation.message
        self.reprcrash = _CrashLocation(path, lineno, explanation.message)
        self.style = style
        self.error = error

    def toterminal(self, tw: Any) -> None:
        if self.style == "line" and self.error:
            tw.line(str(self.reprcrash))
        if self.style in ("line", "no"):
            return
        text = self.details
        if self.style == "short":
            text = text.split("\n\n", 1)[0]
        for line in text.split("\n"):  # not splitlines(): keep \f, \v (Go's text)
            tw.line(line)

    def __str__(self) -> str:
        return str(self.details)


def tb_style(config: pytest.Config) -> str:
    """pytest's ``--tb`` style."""
    return str(config.getoption("tbstyle", "auto") or "auto")


def go_error_repr(
    item: pytest.Item, excinfo: ExceptionInfo[BaseException], line: int
) -> GoFailureRepr | None:
    """A setup or teardown error's representation when the error is Go's (None otherwise).

    pytest renders setup and teardown errors with ``Item._repr_failure_py``, never with
    ``repr_failure``: by default a long Python traceback, each frame's statement found by
    parsing its source file. For Go's errors those frames are the plugin's own, and Go's text
    is what explains them; built the Python way first, one error cost about 25 ms, a package
    of 439 tests that does not build ten seconds of pytest after a one-second go test."""
    value = excinfo.value
    if not isinstance(value, GoTestFailure | GoTestError):
        return None
    return GoFailureRepr(value.explanation, str(item.path), line, tb_style(item.config), error=True)


class GoTestFile(pytest.File):
    """A ``*_test.go`` file that Go's build includes for the current flags."""

    def __init__(self, *, go_run: GoRun, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.go_run = go_run

    @cached_property
    def location_path(self) -> str | None:
        """The first part of pytest's ``Item.location`` for this file's items (the path
        relative to the rootdir, as pytest's session computes it), once for the file rather
        than once per item; None when the session cannot say (another pytest)."""
        relpath = getattr(self.session, "_node_location_to_relpath", None)  # private
        if relpath is None:
            return None
        return str(relpath(Path(os.path.abspath(self.path))))

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        try:
            package = self.go_run.package_for(self.path)
            problems = self.go_run.problems_for(self.path)
        except GoListError as exc:
            # One error item per problem (no go, a module go list cannot read), reported once:
            # a collection error would stop the whole session, and the other modules and the
            # Python tests must still run and report.
            problem = str(exc)
            if not self.go_run.first_report_of(problem):
                return []
            return [GoProblemItem.from_parent(self, name="go-setup", problem=problem)]
        # A package go list reported with an error instead of a directory: its tests cannot
        # run, and must not silently vanish (each error once, on the first file that has it).
        items: list[pytest.Item | pytest.Collector] = [
            GoProblemItem.from_parent(
                self, name="go-list" if index == 0 else f"go-list-{index + 1}", problem=problem
            )
            for index, problem in enumerate(p for p in problems if self.go_run.first_report_of(p))
        ]
        if self.go_run.multi_mode:
            try:
                return items + self._collect_modes()
            except GoListError as exc:  # another mode's go list failed: reported once
                problem = str(exc)
                if not self.go_run.first_report_of(problem):
                    return items
                return [*items, GoProblemItem.from_parent(self, name="go-setup", problem=problem)]
        if package is None:
            return items
        # What every item of the file shares is put on the file, once: its items inherit
        # markers (-m, iter_markers) and -k names from it. A marker on each of 20,000 items
        # made each item's keyword dict a container the garbage collector walks.
        self.add_marker(_mark("go"))
        if package.has_testmain:
            self.add_marker(_mark("go_testmain"))
        if package.cgo:
            self.add_marker(_mark("go_cgo"))
        # -k matches the Go import path too ("-k example.com/mod/pkg and not TestSlow").
        self.extra_keyword_matches.add(package.import_path)
        functions = package.functions().get(self.path.name, ())
        # Subtests asked for by node id (command line, --lf) are items of their own; a test
        # whose failed subtests --lf reruns is replaced by them (docs/usage.md#subtest-ids).
        subtests, replaced = self.go_run.requested_subtests(self.path, package.import_path)
        items += _go_items(
            self,
            [f for f in functions if f.kind != "testmain" and f.name not in replaced],
            package,
            self.go_run,
        )
        tests = {func.name: func for func in functions if func.kind != "testmain"}
        wanted = [
            (_id_parts(rest), rest, tests[rest.split("/", 1)[0]])
            for rest in subtests
            if rest.split("/", 1)[0] in tests
        ]
        mode = self.go_run.mode_names[0]
        if mode != "native":
            for item in items:
                if isinstance(item, GoTestItem):
                    item.mode = mode
        return items + _subtest_nodes(self, wanted, package, self.go_run, mode)

    def _collect_modes(self) -> list[pytest.Item | pytest.Collector]:
        """--go-modes with more than one mode: an item per test and mode whose build includes
        this file (``TestX[wasm]``), each with that mode's package (its own file set)."""
        found = self.go_run.mode_packages(self.path)
        if not found:
            return []
        packages = [package for _, package in found]
        self.add_marker(_mark("go"))
        if any(p.has_testmain for p in packages):
            self.add_marker(_mark("go_testmain"))
        if any(p.cgo for p in packages):
            self.add_marker(_mark("go_cgo"))
        self.extra_keyword_matches.add(packages[0].import_path)
        known = self.go_run.mode_names
        requested, replaced = self.go_run.requested_subtests(self.path, packages[0].import_path)
        tests_of: dict[str, dict[str, GoFunc]] = {}
        order: dict[str, None] = {}  # test names in file order, over every mode
        for mode, package in found:
            functions = package.functions().get(self.path.name, ())
            tests_of[mode] = {f.name: f for f in functions if f.kind != "testmain"}
            order.update(dict.fromkeys(tests_of[mode]))
        # As pytest orders a parametrized test: each test, then its modes (TestX[nocgo],
        # TestX[wasm], TestY[nocgo]...).
        nodes: list[pytest.Item | pytest.Collector] = []
        for test in order:
            for mode, package in found:
                func = tests_of[mode].get(test)
                name = f"{test}[{mode}]"
                if func is None or name in replaced or test in replaced:
                    continue
                # The id given as text: pytest 9.2 parses it (``NodeId``: names, then the
                # bracket as params), as it parses the ids --lf stored; a child id made from
                # the name would keep the bracket in the name and never match them.
                item = GoTestItem.from_parent(
                    self,
                    name=name,
                    nodeid=f"{self.nodeid}::{name}",
                    func=func,
                    package=package,
                    go_run=self.go_run,
                )
                item.mode = mode
                item.add_marker(_mode_mark(mode))
                nodes.append(item)
        for mode, package in found:
            tests = tests_of[mode]
            wanted: _Wanted = []
            for rest in requested:
                top, slash, below = rest.partition("/")
                go_top, rest_mode = mode_of_name(top, known)
                if go_top not in tests or (rest_mode is not None and rest_mode != mode):
                    continue
                nodeid_rest = f"{go_top}[{mode}]{slash}{below}"
                wanted.append((_id_parts(nodeid_rest), f"{go_top}{slash}{below}", tests[go_top]))
            nodes += _subtest_nodes(self, wanted, package, self.go_run, mode)
        return nodes


_SHAPE = ItemShape()


def _go_items(
    file: GoTestFile, functions: list[GoFunc], package: GoPackage, go_run: GoRun
) -> list[GoTestItem]:
    """An item per test function, made like ``from_parent`` makes it but without its generic
    machinery (plugin/fastitems.py), once the first item of the process showed that both
    make the same item; by ``from_parent`` if not."""
    if not functions:
        return []

    def from_parent(func: GoFunc) -> GoTestItem:
        return GoTestItem.from_parent(
            file, name=func.name, func=func, package=package, go_run=go_run
        )

    if _SHAPE.fast is None:
        reference = from_parent(functions[0])
        try:
            _SHAPE.check(reference, _fast_go_items(file, functions[:1], package, go_run)[0])
        except (AttributeError, ImportError, TypeError):  # another pytest's private parts
            _SHAPE.fast = False
        return [reference, *_go_items(file, functions[1:], package, go_run)]
    if not _SHAPE.fast:
        return [from_parent(func) for func in functions]
    return _fast_go_items(file, functions, package, go_run)


def _fast_go_items(
    file: GoTestFile, functions: list[GoFunc], package: GoPackage, go_run: GoRun
) -> list[GoTestItem]:
    items = _SHAPE.make(GoTestItem, file, [f.name for f in functions])
    for item, func in zip(items, functions, strict=True):
        item.init_go(func, package, go_run, None)
    return items


def _id_parts(rest: str) -> list[str]:
    """The node names of a node id's part after the file, split as pytest splits a
    command-line argument (``_pytest/main.py``: ``::`` before the first ``[``, the rest
    belongs to the last name)."""
    head, bracket, tail = rest.partition("[")
    parts = head.split("::")
    parts[-1] += bracket + tail
    return parts


_Wanted = list[tuple[list[str], str, GoFunc]]


def _subtest_nodes(
    parent: pytest.Collector,
    wanted: _Wanted,
    package: GoPackage,
    go_run: GoRun,
    mode: str = "native",
) -> list[pytest.Item | pytest.Collector]:
    """Items for subtests by node id. A Go name with ``::`` (``TestOdd/a::b``) is split by
    pytest into two names: it becomes a group ``TestOdd/a`` holding the item ``b``, so that
    the command line finds it and its node id is the subtest's id.

    A node's name is the id as asked for (pytest finds the command line's ids by name); its
    node id and the name it runs are Go's (``go_subtest_name``): ``TestOdd/with space`` runs
    and reports as ``TestOdd/with_space``, the name Go gives it, as an ordinary run does."""
    nodes: list[pytest.Item | pytest.Collector] = []
    groups: dict[str, _Wanted] = {}
    for parts, rest, func in wanted:
        if len(parts) == 1:
            item = GoTestItem.from_parent(
                parent,
                name=parts[0],
                nodeid=go_node_id(f"{parent.nodeid}::{go_subtest_name(parts[0])}"),
                func=func,
                package=package,
                go_run=go_run,
                run_name=go_subtest_name(rest),
            )
            if mode != "native":
                item.mode = mode
                if go_run.multi_mode:
                    item.add_marker(_mode_mark(mode))
            nodes.append(item)
        else:
            groups.setdefault(parts[0], []).append((parts[1:], rest, func))
    for name, members in groups.items():
        nodes.append(
            GoSubtestGroup.from_parent(
                parent,
                name=name,
                nodeid=go_node_id(f"{parent.nodeid}::{go_subtest_name(name)}"),
                wanted=members,
                package=package,
                go_run=go_run,
                mode=mode,
            )
        )
    return nodes


class GoSubtestGroup(pytest.Collector):
    """The part of a subtest's name before a ``::`` (see ``_subtest_nodes``)."""

    def __init__(
        self,
        *,
        wanted: _Wanted,
        package: GoPackage,
        go_run: GoRun,
        mode: str = "native",
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.wanted = wanted
        self.package = package
        self.go_run = go_run
        self.mode = mode

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        return _subtest_nodes(self, self.wanted, self.package, self.go_run, self.mode)


class GoProblemItem(pytest.Item):
    """Stands for Go tests that cannot be collected (no go, a module go list cannot read, a
    package go list reports with an error instead of a directory): errors at setup with
    Go's message and the fix."""

    def __init__(self, *, problem: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem
        self.add_marker(_mark("go"))

    def _error(self) -> GoTestError:
        return GoTestError(Explanation(self.problem.splitlines()[0], self.problem))

    def setup(self) -> None:
        raise self._error()

    def runtest(self) -> None:  # pragma: no cover - setup always raises
        raise self._error()

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, "Go tests in " + self.path.name

    def _repr_failure_py(
        self, excinfo: ExceptionInfo[BaseException], style: TracebackStyle | None = None
    ) -> TerminalRepr:
        return go_error_repr(self, excinfo, 0) or super()._repr_failure_py(excinfo, style)


_MARKS: dict[str, pytest.MarkDecorator] = {}


def _mark(name: str) -> pytest.MarkDecorator:
    """``pytest.mark.<name>``, made once per process: each ``pytest.mark.x`` lookup checks
    the name against the registered markers (0.45 s for 20,000 items). Made on first use,
    after pytest_configure registered them, so that the check passes under --strict-markers."""
    mark = _MARKS.get(name)
    if mark is None:
        mark = _MARKS[name] = getattr(pytest.mark, name)
    return mark


def _mode_mark(mode: str) -> pytest.MarkDecorator:
    """``pytest.mark.go_mode(name=mode)``, made once per mode (see ``_mark``)."""
    key = f"go_mode[{mode}]"
    mark = _MARKS.get(key)
    if mark is None:
        mark = _MARKS[key] = _mark("go_mode")(name=mode)
    return mark


class GoTestItem(pytest.Item):
    """One top-level Go test function, run as part of its package's test binary."""

    # The Go run mode (--go-modes) whose build runs it: a class attribute, set on an item
    # only in another mode, so that the default run's 20,000 items carry nothing more.
    mode: str = "native"

    def __init__(
        self,
        *,
        func: GoFunc,
        package: GoPackage,
        go_run: GoRun,
        run_name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.init_go(func, package, go_run, run_name)

    def init_go(
        self, func: GoFunc, package: GoPackage, go_run: GoRun, run_name: str | None
    ) -> None:
        """What a Go item adds to pytest's ``Item``: also called on items made without
        ``from_parent`` (``_go_items``)."""
        self.go_run = go_run
        self.func = func
        self.package = package
        self.go_name = func.name  # the top-level test: which of the binary's tests runs
        # What this item stands for: the test, or one of its subtests (``TestMove/up``), which
        # runs alone (``-run '^TestMove$/^up$'``) and is reported as that subtest.
        self.run_name = run_name or func.name
        # The markers every Go test has (go, go_testmain, go_cgo) are on the file.
        if func.kind == "fuzz":
            self.add_marker(_mark("go_fuzz"))
        elif func.kind == "example":
            self.add_marker(_mark("go_example"))

    @property
    def slot(self) -> TestSlot:
        """Which of the test binary's tests of this name this item is (made when a run needs
        it, not for each item at collection)."""
        return self.package.slot(self.path.name, self.go_name)

    @property
    def report_name(self) -> str:
        """The name reports give (JUnit ``name``): the Go name, with the mode after its
        top-level test when items are parametrized by mode (``TestX[wasm]/sub``)."""
        if not self.go_run.multi_mode:
            return self.run_name
        top, slash, below = self.run_name.partition("/")
        return f"{top}[{self.mode}]{slash}{below}"

    def setup(self) -> None:
        self.go_run.setup_item(self)

    def runtest(self) -> None:
        self.go_run.run_item(self)

    def teardown(self) -> None:
        self.go_run.teardown_item(self)

    def repr_failure(  # type: ignore[override]
        self, excinfo: ExceptionInfo[BaseException]
    ) -> str | TerminalRepr:
        value = excinfo.value
        if isinstance(value, GoTestFailure | GoTestError):
            return GoFailureRepr(
                value.explanation, str(self.path), self.func.line, tb_style(self.config)
            )
        return super().repr_failure(excinfo)

    def _repr_failure_py(
        self, excinfo: ExceptionInfo[BaseException], style: TracebackStyle | None = None
    ) -> TerminalRepr:
        return go_error_repr(self, excinfo, self.func.line) or super()._repr_failure_py(
            excinfo, style
        )

    @cached_property
    def location(self) -> tuple[str, int | None, str]:
        """pytest's ``Item.location``, with the file's path taken from the file node: pytest
        makes an absolute ``Path`` and looks its relative form up for every item, about
        30 µs per item; 2,000 Go tests wait for it in the run loop."""
        node = self.parent
        while node is not None and not isinstance(node, GoTestFile):
            node = node.parent
        relpath = node.location_path if node is not None else None
        if relpath is None:
            return super().location
        _, line, domain = self.reportinfo()
        return (relpath, line, domain)

    def reportinfo(self) -> tuple[Path, int, str]:
        # pytest locations are 0-based; the scanner's lines are 1-based. The domain is the
        # failure's headline; two tests sharing a name (internal and external test package)
        # name their file in it.
        domain = f"{self.package.import_path}.{self.report_name}"
        if self.slot.copies > 1:
            domain += f" ({self.path.name})"
        return self.path, self.func.line - 1, domain
