"""Which finding explains a test binary that ended before its tests (``killing_findings``):
only the one its exit status and output point at, never every finding of the package."""

from __future__ import annotations

from dataclasses import replace

from pytest_gotest.hazards.findings import EarlierParse, Finding
from pytest_gotest.plugin.hazards import killing_findings


def _finding(rule: str, call: str, line: int, file: str = "/m/p/p.go") -> Finding:
    return Finding(
        rule=rule,
        file=file,
        line=line,
        col=2,
        root_file=file,
        root_line=1,
        package="m/p",
        call=call,
        chain=("init", call),
        message=f"init ...: {call}",
        affects=("m/p",),
    )


LISTEN = _finding("H1", "net.Listen", 5)
FATAL = _finding("H3", "log.Fatal", 9)
EXIT0 = _finding("H3", "os.Exit(0)", 12)
FLAGS = _finding("H4", "flag.Parse", 15)
PANIC = _finding("H3", "panic", 20)
NO_RUN = _finding("T1", "TestMain", 3, "/m/p/main_test.go")
ALL = [LISTEN, FATAL, EXIT0, FLAGS, PANIC, NO_RUN]


def test_status_zero_is_explained_by_zero_exits_and_testmain() -> None:
    assert killing_findings(ALL, exited_zero=True, output="") == [EXIT0, NO_RUN]
    assert killing_findings([LISTEN, FATAL], exited_zero=True, output="") == []


def test_the_output_names_the_listener_or_the_flag_parse() -> None:
    bind = "listen tcp 127.0.0.1:80: bind: address already in use\n"
    assert killing_findings(ALL, exited_zero=False, output=bind) == [LISTEN]
    flags = "flag provided but not defined: -test.paniconexit0\nUsage of p.test:\n"
    assert killing_findings(ALL, exited_zero=False, output=flags) == [FLAGS]


def test_a_panic_trace_names_its_line() -> None:
    trace = "panic: boom\n\ngoroutine 1 [running]:\nm/p.init.0()\n\t/m/p/p.go:20 +0x25\n"
    assert killing_findings(ALL, exited_zero=False, output=trace) == [PANIC]


def test_a_lone_exit_explains_a_silent_failure_and_ambiguity_names_nobody() -> None:
    assert killing_findings([LISTEN, FATAL], exited_zero=False, output="boom\n") == [FATAL]
    other_fatal = _finding("H3", "log.Fatalf", 30)
    assert killing_findings([FATAL, other_fatal], exited_zero=False, output="boom\n") == []


def test_a_flag_error_names_the_parse_that_prints_it() -> None:
    """Of a package's H4 findings, reads of os.Args print nothing: the flag package's error
    is the parse's, and pflag's (cobra's) shorthand error a pflag parse's."""
    args = _finding("H4", "os.Args", 4)
    local = _finding("H4", "flag.CommandLine.Parse", 7)
    cobra = _finding("H4", "(*cobra.Command).Execute", 8)
    flags = "flag provided but not defined: -test.paniconexit0\nUsage of p.test:\n"
    assert killing_findings([args, FLAGS, cobra], exited_zero=False, output=flags) == [FLAGS]
    assert killing_findings([args, local], exited_zero=False, output=flags) == [local]
    shorthand = "Error: unknown shorthand flag: 't' in -test.paniconexit0\n"
    assert killing_findings([args, FLAGS, cobra], exited_zero=False, output=shorthand) == [cobra]
    assert killing_findings([args], exited_zero=False, output=flags) == []


def test_two_parses_name_nobody_and_one_parse_reached_twice_names_it_once() -> None:
    other = _finding("H4", "flag.Parse", 40, "/m/q/q.go")
    flags = "flag provided but not defined: -test.paniconexit0\n"
    assert killing_findings([FLAGS, other], exited_zero=False, output=flags) == []
    again = replace(FLAGS, root_line=30, chain=("var x", "parseAll", "flag.Parse"))
    assert killing_findings([FLAGS, again], exited_zero=False, output=flags) == [FLAGS]


def test_a_parse_in_another_modules_init_that_runs_first_is_named_instead() -> None:
    """A dependency's init runs before the init of every package importing it: when it
    parses, its parse is the one that printed the error (``Finding.after``), not the tested
    package's own, which never ran; two such places, or one beside a parse it does not
    precede, name nobody. A parse that would have printed another error did not run."""
    dep = EarlierParse("example.com/dep/q", "/mod/cache/q/q.go", 8, "flag.Parse")
    preceded = replace(FLAGS, after=(dep,))
    flags = "flag provided but not defined: -test.paniconexit0\nUsage of p.test:\n"
    assert killing_findings([preceded], exited_zero=False, output=flags) == [dep]
    other_dep = EarlierParse("example.com/dep/r", "/mod/cache/r/r.go", 3, "flag.Parse")
    twice = replace(FLAGS, after=(dep, other_dep))
    assert killing_findings([twice], exited_zero=False, output=flags) == []
    unrelated = _finding("H4", "flag.Parse", 40, "/m/r/r.go")
    assert killing_findings([preceded, unrelated], exited_zero=False, output=flags) == []
    cobra = replace(_finding("H4", "(*cobra.Command).Execute", 8), after=(dep,))
    shorthand = "Error: unknown shorthand flag: 't' in -test.paniconexit0\n"
    assert killing_findings([cobra], exited_zero=False, output=shorthand) == [cobra]


def test_a_flag_error_with_no_parse_found_names_no_exit() -> None:
    """The flag package's error is a parse's, also one the analysis does not know (another
    module's init): the package's only exit did not print it."""
    flags = "flag provided but not defined: -test.paniconexit0\nUsage of p.test:\n"
    assert killing_findings([FATAL, LISTEN], exited_zero=False, output=flags) == []
    assert killing_findings([FATAL, LISTEN], exited_zero=False, output="boom\n") == [FATAL]
