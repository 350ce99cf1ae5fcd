"""Where a test binary that died before its tests was: read from Go's goroutine trace."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_gotest.core.crash import died_in, goroutines_of, strong_crash_line

PKG = "example.com/m/pdf"

# A helper called by an init function of the external test package panics (the shape of
# codeberg.org/go-pdf/fpdf v0.12.0's fpdf_test.go, whose init walks a directory the module
# archive leaves out).
INIT_HELPER = f"""panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=0x772ca6]

goroutine 1 [running]:
{PKG}_test.cleanup.func1({{0x7ae48c56150, 0x18}}, {{0x0?, 0x0?}}, {{0x18?, 0x7ae48c63d98?}})
\t/src/m/pdf/pdf_test.go:43 +0x26
path/filepath.Walk({{0x7ae48c56150, 0x18}}, 0x8c4b28)
\t/usr/local/go/src/path/filepath/path.go:426 +0x4a
{PKG}_test.cleanup()
\t/src/m/pdf/pdf_test.go:40 +0x65
{PKG}_test.init.0()
\t/src/m/pdf/pdf_test.go:36 +0xf
"""


@pytest.mark.parametrize(
    ("trace", "where"),
    [
        (INIT_HELPER, "init at pdf_test.go:36"),
        # Inlined frames print "(...)" and no offset.
        (
            f"panic: setup exploded\n\ngoroutine 1 [running]:\n{PKG}.TestMain(...)\n"
            "\t/src/m/pdf/main_test.go:8\nmain.main()\n\t_testmain.go:50 +0xaa\n",
            "TestMain at main_test.go:8",
        ),
        # A closure inside TestMain, and one inside an init function.
        (
            f"panic: x\n\ngoroutine 1 [running]:\n{PKG}.TestMain.func1()\n"
            "\t/src/m/pdf/main_test.go:12 +0x1\n",
            "TestMain at main_test.go:12",
        ),
        (
            f"panic: x\n\ngoroutine 1 [running]:\n{PKG}.init.2.func1(0x1)\n"
            "\t/src/m/pdf/a.go:7 +0x1\n",
            "init at a.go:7",
        ),
        # A package-level var initialiser runs in the generated init.
        (
            f"panic: x\n\ngoroutine 1 [running]:\n{PKG}.mustLoad(...)\n\t/src/m/pdf/a.go:20\n"
            f"{PKG}.init()\n\t/src/m/pdf/a.go:11 +0x25\n",
            "init at a.go:11",
        ),
        # A dependency's init.
        (
            "panic: x\n\ngoroutine 1 [running]:\nexample.com/m/dep.init.0()\n"
            "\t/src/m/dep/dep.go:5 +0x25\n",
            "the init of example.com/m/dep at dep.go:5",
        ),
    ],
)
def test_the_innermost_init_or_testmain_frame_says_where(trace: str, where: str) -> None:
    assert died_in(trace, PKG) == where


@pytest.mark.parametrize(
    "trace",
    [
        "",
        "exit status 1\n",
        # A test's panic: no init or TestMain frame in the panicking goroutine.
        f"panic: boom\n\ngoroutine 7 [running]:\n{PKG}.TestA(0xc0001)\n\t/src/m/pdf/a_test.go:9"
        " +0x1\ntesting.tRunner(0xc0001, 0x1)\n\t/usr/local/go/src/testing/testing.go:1 +0x1\n",
        # init frames of another goroutine (after the blank line) are not where it died.
        f"panic: boom\n\ngoroutine 7 [running]:\n{PKG}.helper()\n\t/src/m/pdf/a.go:9 +0x1\n\n"
        f"goroutine 1 [chan receive]:\n{PKG}.init.0()\n\t/src/m/pdf/a.go:3 +0x1\n",
        # A dependency's TestMain cannot be where this package's binary was.
        "panic: x\n\ngoroutine 1 [running]:\nexample.com/m/dep.TestMain(...)\n\t/src/dep.go:5\n",
    ],
)
def test_no_place_is_made_up(trace: str) -> None:
    assert died_in(trace, PKG) is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # Output left without a newline, then a goroutine's panic: glued, as go prints it.
        ("pppanic: goboom\n\ngoroutine 7 [running]:\nmain.f()\n", ("panic: goboom", 2)),
        (
            "xfatal error: all goroutines are asleep\n\ngoroutine 1 [chan receive]:\n",
            ("fatal error: all goroutines are asleep", 1),
        ),
        # A panic that starts its line is found as before; a log line saying "panic: "
        # without a trace after it is no crash.
        ("log\npanic: boom\n\ngoroutine 1 [running]:\n", ("panic: boom", 4)),
        ("the word panic: here, and no trace\n", None),
    ],
)
def test_a_crash_line_is_found_also_glued_to_output(
    text: str, line: tuple[str, int] | None
) -> None:
    assert strong_crash_line(text) == line


# Go's timeout dump, its frames cut to the test functions': TestA (its body returned, waiting
# for its parallel subtest), TestA/sub in a closure and a helper, TestB in itself, TestB's own
# goroutine.
TIMEOUT = f"""panic: test timed out after 2s
\trunning tests:
\t\tTestA/sub (2s)
\t\tTestB (2s)

goroutine 3 [running]:
testing.(*M).startAlarm.func1()
\t/usr/local/go/src/testing/testing.go:2802 +0x354

goroutine 5 [chan receive]:
testing.tRunner.func1()
\t/usr/local/go/src/testing/testing.go:1993 +0x445

goroutine 6 [sleep]:
{PKG}.TestB(0x3db75cf46488)
\t/src/m/pdf/b_test.go:9 +0x25

goroutine 7 [sleep]:
{PKG}.TestB.func1()
\t/src/m/pdf/b_test.go:7 +0x25

goroutine 8 [sleep]:
{PKG}.wait(0x3db75cf46908?)
\t/src/m/pdf/a_test.go:20 +0x49
{PKG}.TestA.func1(0x3db75cf46908)
\t/src/m/pdf/a_test.go:14 +0x25
"""


def _first_lines(blocks: list[str] | None) -> list[str]:
    assert blocks is not None
    return [block.split("\n", 1)[0] for block in blocks]


def test_a_timeouts_goroutines_of_a_test_come_best_first() -> None:
    """A timeout dumps every goroutine: a test's own are those in its function or a closure
    of it, the nesting of the test's depth first."""
    assert _first_lines(goroutines_of(TIMEOUT, "TestB")) == [
        "goroutine 6 [sleep]:",
        "goroutine 7 [sleep]:",
    ]
    assert _first_lines(goroutines_of(TIMEOUT, "TestA/sub")) == ["goroutine 8 [sleep]:"]
    assert _first_lines(goroutines_of(TIMEOUT, "TestA")) == ["goroutine 8 [sleep]:"]
    # A run mode's bracket is not part of the function's name.
    assert _first_lines(goroutines_of(TIMEOUT, "TestB[race]")) == [
        "goroutine 6 [sleep]:",
        "goroutine 7 [sleep]:",
    ]
    # None of its own while others ran: no frame of the dump is its.
    assert goroutines_of(TIMEOUT, "TestC") == []


def test_sibling_subtests_in_different_closures_are_not_told_apart() -> None:
    """Which of two closures is which subtest the dump does not say, nor here the source
    (its file is not on disk): neither goroutine locates either subtest (a sibling's frame
    is not its place); their parent is in both."""
    second = f"""
goroutine 9 [sleep]:
{PKG}.TestA.func2(0x3db75cf46b48)
\t/src/m/pdf/a_test.go:18 +0x25
"""
    trace = TIMEOUT + second
    assert goroutines_of(trace, "TestA/sub") == []
    assert _first_lines(goroutines_of(trace, "TestA")) == [
        "goroutine 8 [sleep]:",
        "goroutine 9 [sleep]:",
    ]
    # A table's subtests share one closure: the first is as good as any.
    table = TIMEOUT + second.replace("TestA.func2", "TestA.func1")
    assert _first_lines(goroutines_of(table, "TestA/sub")) == [
        "goroutine 8 [sleep]:",
        "goroutine 9 [sleep]:",
    ]


def test_a_test_alone_in_a_timeout_without_a_goroutine_of_its_own_is_left_to_the_dump() -> None:
    """A subtest run by a named helper has no frame of its test function: when its tree is
    the only one running, every frame of its file in the dump is its own."""
    alone = TIMEOUT.replace("\t\tTestB (2s)\n", "").replace("TestA.func1", "helper")
    assert goroutines_of(alone, "TestA/sub") is None


def test_a_panics_goroutines_are_left_as_go_printed_them() -> None:
    """A panic's first goroutine is the one that panicked, whichever test started it."""
    panic = TIMEOUT.replace("panic: test timed out after 2s", "panic: boom")
    assert goroutines_of(panic, "TestB") is None


# A subtest hanging in a closure of its own (a t.Cleanup, a deferred or a local closure):
# its parent waits in t.Run, printed first, one level above it; its closure one below.
NESTED_CLOSURE = f"""panic: test timed out after 2s
\trunning tests:
\t\tTestA (2s)
\t\tTestA/sub (2s)

goroutine 18 [chan receive]:
testing.(*T).Run(0x3882e22488, {{0x586121?, 0x4eac33?}}, 0x5940e0)
\t/usr/local/go/src/testing/testing.go:2109 +0x4e5
{PKG}.TestA(0x3882e22488?)
\t/src/m/pdf/a_test.go:9 +0x26

goroutine 19 [sleep]:
{PKG}.TestA.func1.1()
\t/src/m/pdf/a_test.go:11 +0x1d
testing.(*common).Cleanup.func1()
\t/usr/local/go/src/testing/testing.go:1317 +0x109
"""


def test_a_subtest_hanging_in_a_closure_of_its_own_is_in_its_goroutine_not_its_parents() -> None:
    """Its closure's closure is as far from its depth as its parent's function: the
    closure is its own goroutine, the parent's comes after it."""
    assert _first_lines(goroutines_of(NESTED_CLOSURE, "TestA/sub")) == [
        "goroutine 19 [sleep]:",
        "goroutine 18 [chan receive]:",
    ]
    # The parent's own goroutine is its, then its subtest's.
    assert _first_lines(goroutines_of(NESTED_CLOSURE, "TestA")) == [
        "goroutine 18 [chan receive]:",
        "goroutine 19 [sleep]:",
    ]


# TestA/a/x and TestA/b run; TestA/a/y waits in t.Parallel() for a free slot; TestA/a's body
# returned (it waits in tRunner, no frame of TestA).
BRANCHES = f"""panic: test timed out after 2s
\trunning tests:
\t\tTestA/a/x (2s)
\t\tTestA/b (2s)

goroutine 20 [sleep]:
{PKG}.TestA.func2(0x296cdc52c908?)
\t/src/m/pdf/a_test.go:24 +0x25

goroutine 21 [chan receive]:
testing.(*testState).waitParallel(0x1603b464050)
\t/usr/local/go/src/testing/testing.go:2220 +0xaa
testing.(*T).Parallel(0x1603b40efc8)
\t/usr/local/go/src/testing/testing.go:1804 +0x245
{PKG}.TestA.func1.2(0x1603b40efc8?)
\t/src/m/pdf/a_test.go:18 +0x13

goroutine 22 [sleep]:
{PKG}.TestA.func1.1(0x296cdc52cb48?)
\t/src/m/pdf/a_test.go:15 +0x25
"""


def test_a_subtest_is_never_in_another_branchs_goroutine() -> None:
    """A goroutine is a test's only in the test's closure or around it: TestA/b
    (TestA.func2) is no ancestor of TestA/a/x (TestA.func1.1), and TestA/a, whose body
    returned (Go does not list it running), is not TestA/b's sibling closure but in its
    subtest's. A test waiting in t.Parallel() has not started: its goroutine is nobody's."""
    assert _first_lines(goroutines_of(BRANCHES, "TestA/a/x")) == ["goroutine 22 [sleep]:"]
    assert _first_lines(goroutines_of(BRANCHES, "TestA/b")) == ["goroutine 20 [sleep]:"]
    assert _first_lines(goroutines_of(BRANCHES, "TestA/a")) == ["goroutine 22 [sleep]:"]
    assert _first_lines(goroutines_of(BRANCHES, "TestA")) == [
        "goroutine 20 [sleep]:",
        "goroutine 22 [sleep]:",
    ]
    # Which of two cousins' closures is the test's the dump does not say: neither.
    cousins = BRANCHES.replace("testing.(*T).Parallel(", "testing.(*T).Other(")
    assert goroutines_of(cousins, "TestA/a/x") == []


# Sibling subtests in closures of their own, and a cousin's parent whose body returned.
SIBLINGS_SOURCE = """package pdf

import "testing"

func TestA(t *testing.T) {
	t.Run("x", func(t *testing.T) {
		t.Parallel()
		t.Run("in", func(t *testing.T) {
			t.Parallel()
			wait()
		})
	})
	t.Run("y", func(t *testing.T) {
		t.Parallel()
		t.Run("in", func(t *testing.T) {
			t.Parallel()
			wait()
		})
	})
}
"""
SIBLINGS = """panic: test timed out after 2s
\trunning tests:
\t\tTestA/x/in (2s)
\t\tTestA/y/in (2s)

goroutine 7 [sleep]:
{pkg}.TestA.func2.1(0x3db75cf46908?)
\t{file}:17 +0x25

goroutine 8 [sleep]:
{pkg}.TestA.func1.1(0x3db75cf46b48?)
\t{file}:10 +0x25
"""


def test_sibling_closures_are_told_apart_by_the_source(tmp_path: Path) -> None:
    """The dump names closures, the source the subtests they run: ``t.Run("y", ...)``'s
    closure is not TestA/x's, nor that of a subtest below it; a parent whose body returned
    (no goroutine of its own) is in its running subtest's."""
    file = tmp_path / "a_test.go"
    file.write_text(SIBLINGS_SOURCE, encoding="utf-8")
    trace = SIBLINGS.format(pkg=PKG, file=file)
    assert _first_lines(goroutines_of(trace, "TestA/x/in")) == ["goroutine 8 [sleep]:"]
    assert _first_lines(goroutines_of(trace, "TestA/y/in")) == ["goroutine 7 [sleep]:"]
    assert _first_lines(goroutines_of(trace, "TestA/x")) == ["goroutine 8 [sleep]:"]
    assert _first_lines(goroutines_of(trace, "TestA/y")) == ["goroutine 7 [sleep]:"]
    # A source that does not name them (a table's names) leaves them untold, as before.
    file.write_text(SIBLINGS_SOURCE.replace('"x"', "name").replace('"y"', "name"), "utf-8")
    assert goroutines_of(trace, "TestA/x/in") == []


# Three subtests of one name (Go names them x#01, x and x#02, in the order they run): x#01
# and x#02 run, x waits in t.Parallel() for a free slot; TestD's body returned.
REPEATED_SOURCE = """package pdf

import (
	"testing"
	"time"
)

func block() { time.Sleep(time.Minute) }

func TestD(t *testing.T) {
	t.Run("x#01", func(t *testing.T) {
		t.Parallel()
		time.Sleep(time.Minute)
	})
	t.Run("x", func(t *testing.T) {
		t.Parallel()
		block()
	})
	t.Run("x", func(t *testing.T) {
		t.Parallel()
		func() {
			time.Sleep(time.Minute)
		}()
	})
}
"""
REPEATED = """panic: test timed out after 2s
\trunning tests:
\t\tTestD/x#01 (2s)
\t\tTestD/x#02 (2s)

goroutine 21 [chan receive]:
testing.tRunner.func1()
\t/usr/local/go/src/testing/testing.go:1993 +0x445

goroutine 22 [sleep]:
time.Sleep(0xdf8475800)
\t/usr/local/go/src/runtime/time.go:363 +0x165
{pkg}.TestD.func1(0x309057346c8?)
\t{file}:13 +0x25

goroutine 23 [chan receive]:
testing.(*testState).waitParallel(0x309057580a0)
\t/usr/local/go/src/testing/testing.go:2220 +0xaa
testing.(*T).Parallel(0x30905734908)
\t/usr/local/go/src/testing/testing.go:1804 +0x245
{pkg}.TestD.func2(0x30905734908?)
\t{file}:16 +0x13

goroutine 24 [sleep]:
time.Sleep(0xdf8475800)
\t/usr/local/go/src/runtime/time.go:363 +0x165
{pkg}.TestD.func3.1(...)
\t{file}:22
{pkg}.TestD.func3(0x30905734b48?)
\t{file}:23 +0x25
"""


def test_a_subtest_waiting_in_t_parallel_is_in_no_running_siblings_closure(
    tmp_path: Path,
) -> None:
    """TestD/x waits in t.Parallel(): it runs no code, and a closure deeper goroutines are in
    (TestD.func3's, whose t.Run("x", ...) the source names as it names x's) is a running
    sibling's, not x's. Only a parent whose subtests Go lists running waits for them there."""
    file = tmp_path / "d_test.go"
    file.write_text(REPEATED_SOURCE, encoding="utf-8")
    trace = REPEATED.format(pkg=PKG, file=file)
    assert goroutines_of(trace, "TestD/x") == []
    # The running ones: x#01 in its closure; TestD, whose body returned, in its subtests'.
    assert _first_lines(goroutines_of(trace, "TestD/x#01")) == ["goroutine 22 [sleep]:"]
    assert _first_lines(goroutines_of(trace, "TestD")) == [
        "goroutine 22 [sleep]:",
        "goroutine 24 [sleep]:",
    ]


# TestH/other and TestH/viagen run, TestH/gen waits in t.Parallel(). viagen is run by a
# generic helper the compiler inlined into TestH: its closure is TestH.runIt[...].func4, as
# if nested two deep in TestH, and its code is runIt's (line 13, outside TestH).
INLINED_SOURCE = """package pdf

import (
	"testing"
	"time"
)

func gen[T any](v T) T { time.Sleep(time.Minute); return v }

func runIt[T any](t *testing.T, name string) {
	t.Run(name, func(t *testing.T) {
		t.Parallel()
		gen[T](*new(T))
	})
}

func TestH(t *testing.T) {
	t.Run("other", func(t *testing.T) {
		t.Parallel()
		time.Sleep(time.Minute)
	})
	t.Run("gen", func(t *testing.T) {
		t.Parallel()
		time.Sleep(time.Minute)
	})
	runIt[string](t, "viagen")
}
"""
INLINED = """panic: test timed out after 2s
\trunning tests:
\t\tTestH/other (2s)
\t\tTestH/viagen (2s)

goroutine 21 [sleep]:
time.Sleep(0xdf8475800)
\t/usr/local/go/src/runtime/time.go:363 +0x165
{pkg}.TestH.func1(0x119e676a86c8?)
\t{file}:20 +0x25

goroutine 22 [chan receive]:
testing.(*testState).waitParallel(0x119e676ce0a0)
\t/usr/local/go/src/testing/testing.go:2220 +0xaa
testing.(*T).Parallel(0x119e676a8908)
\t/usr/local/go/src/testing/testing.go:1804 +0x245
{pkg}.TestH.func2(0x119e676a8908?)
\t{file}:23 +0x13

goroutine 24 [sleep]:
time.Sleep(0xdf8475800)
\t/usr/local/go/src/runtime/time.go:363 +0x165
{pkg}.gen[...]({{0x0?, 0x0}})
\t{file}:8 +0x27
{pkg}.TestH.runIt[...].func4()
\t{file}:13 +0x2d
"""


def test_a_subtest_waiting_in_t_parallel_is_not_in_an_inlined_helpers_closure(
    tmp_path: Path,
) -> None:
    """The closure of a helper inlined into the test (TestH.runIt[...].func4) reads as one
    nested in it; TestH/gen, waiting in t.Parallel(), is not in it all the same."""
    file = tmp_path / "h_test.go"
    file.write_text(INLINED_SOURCE, encoding="utf-8")
    trace = INLINED.format(pkg=PKG, file=file)
    assert goroutines_of(trace, "TestH/gen") == []
    assert _first_lines(goroutines_of(trace, "TestH/other")) == ["goroutine 21 [sleep]:"]
