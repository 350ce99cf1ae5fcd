"""parse_line: one line of ``go test -json`` stdout -> one typed event.

What Go writes on that stream: docs/internals/go-test-json.md.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_gotest.core.events import (
    BuildEvent,
    Event,
    NonJSONLine,
    OutputEvent,
    TestEvent,
    parse_line,
)

# Verbatim lines from the Go 1.27 corpus (streams/basic.jsonl, newapis.jsonl, buildfail_*.jsonl).
START = '{"Time":"2026-11-27T16:33:51.468459573Z","Action":"start","Package":"example.com/basic"}'
RUN = (
    '{"Time":"2026-11-27T16:33:51.472725852Z","Action":"run","Package":"example.com/basic",'
    '"Test":"TestPass"}'
)
FRAME = (
    '{"Time":"2026-11-27T16:33:51.472794531Z","Action":"output","Package":"example.com/basic",'
    '"Test":"TestPass","Output":"=== RUN   TestPass\\n","OutputType":"frame"}'
)
ERROR = (
    '{"Time":"2026-11-27T16:33:51.47Z","Action":"output","Package":"example.com/basic",'
    '"Test":"TestFail","Output":"    basic_test.go:19: first error: got 2 want 3\\n",'
    '"OutputType":"error"}'
)
PLAIN = (
    '{"Time":"2026-11-27T16:33:51.475149847Z","Action":"output","Package":"example.com/basic",'
    '"Test":"TestSubtests/simple","Output":"    basic_test.go:75: subtest name=\\"simple\\" '
    'full=\\"TestSubtests/simple\\"\\n"}'
)
PACKAGE_OUTPUT = (
    '{"Time":"2026-11-27T16:33:51.5Z","Action":"output","Package":"example.com/basic",'
    '"Output":"ok  \\texample.com/basic\\t0.005s\\n"}'
)
PASS = (
    '{"Time":"2026-11-27T16:33:51.47Z","Action":"pass","Package":"example.com/basic",'
    '"Test":"TestPass","Elapsed":0.01}'
)
PACKAGE_FAIL = (
    '{"Time":"2026-11-27T16:33:51.5Z","Action":"fail","Package":"example.com/buildfail/depbroken",'
    '"Elapsed":0,"FailedBuild":"example.com/buildfail/nontesterr"}'
)
ATTR = (
    '{"Time":"2026-11-27T16:41:29.725187603Z","Action":"attr","Package":"example.com/newapis",'
    '"Test":"TestAttr","Key":"jira","Value":"PROJ-123"}'
)
ARTIFACTS = (
    '{"Time":"2026-11-27T16:41:29.7Z","Action":"artifacts","Package":"example.com/newapis",'
    '"Test":"TestArtifacts","Path":"/out/_artifacts/TestArtifacts/123"}'
)
BUILD_OUTPUT = (
    '{"ImportPath":"example.com/buildfail/testfileerr [example.com/buildfail/testfileerr.test]",'
    '"Action":"build-output","Output":"testfileerr/a_test.go:6:6: declared and not used: x\\n"}'
)
BUILD_FAIL = (
    '{"ImportPath":"example.com/buildfail/testfileerr [example.com/buildfail/testfileerr.test]",'
    '"Action":"build-fail"}'
)


# -- output events: lazy ----------------------------------------------------------------------


def test_output_event_keeps_raw_line_and_decodes_lazily() -> None:
    event = parse_line(FRAME + "\n")
    assert isinstance(event, OutputEvent)
    assert event.package == "example.com/basic"
    assert event.test == "TestPass"
    assert event.raw.strip() == FRAME
    assert event.output == "=== RUN   TestPass\n"
    assert event.output_type == "frame"


def test_output_type_error_and_absent() -> None:
    error = parse_line(ERROR)
    assert isinstance(error, OutputEvent)
    assert error.output_type == "error"
    assert error.output == "    basic_test.go:19: first error: got 2 want 3\n"
    plain = parse_line(PLAIN)
    assert isinstance(plain, OutputEvent)
    assert plain.output_type is None  # ordinary output and every Go <= 1.23 line
    expected = '    basic_test.go:75: subtest name="simple" full="TestSubtests/simple"\n'
    assert plain.output == expected


def test_error_continue_output_type() -> None:
    line = json.dumps(
        {
            "Action": "output",
            "Package": "p",
            "Test": "T",
            "Output": "        more\n",
            "OutputType": "error-continue",
        }
    )
    event = parse_line(line)
    assert isinstance(event, OutputEvent)
    assert event.output_type == "error-continue"


def test_package_level_output_has_no_test() -> None:
    event = parse_line(PACKAGE_OUTPUT)
    assert isinstance(event, OutputEvent)
    assert event.test is None
    assert event.output == "ok  \texample.com/basic\t0.005s\n"


def test_output_text_that_mentions_json_fields_does_not_confuse_the_lazy_parser() -> None:
    # Package-level output (no Test field) whose text looks like the Test and Package fields.
    text = 'fake {"Test":"TestEvil","Package":"evil"} \\" done\n'
    line = json.dumps(
        {"Time": "2026-01-01T00:00:00Z", "Action": "output", "Package": "real", "Output": text},
        separators=(",", ":"),
    )
    event = parse_line(line)
    assert isinstance(event, OutputEvent)
    assert event.package == "real"
    assert event.test is None
    assert event.output == text


def test_output_event_with_key_order_and_spaces_not_as_go_writes_them() -> None:
    line = '{"Output": "hi\\n", "Test": "TestX", "Package": "p", "Action": "output"}'
    event = parse_line(line)
    assert isinstance(event, OutputEvent)
    assert (event.package, event.test, event.output) == ("p", "TestX", "hi\n")


def test_output_with_non_string_output_field_reads_as_empty() -> None:
    event = parse_line('{"Action":"output","Package":"p","Test":"T","Output":5}')
    assert isinstance(event, OutputEvent)
    assert event.output == ""


# -- escaped names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "name"),
    [
        ("TestX/a\\u0026b", "TestX/a&b"),
        ("TestX/quote\\\"single'", "TestX/quote\"single'"),
        ("TestX/back\\\\slash", "TestX/back\\slash"),
        ("TestX/\\u003cangle\\u003e", "TestX/<angle>"),
        ("TestX/unicod\\u00e9_\\u00fc", "TestX/unicodé_ü"),
        ("TestX/emoji_🚀", "TestX/emoji_🚀"),
        ("TestX/nul\\\\x00byte", "TestX/nul\\x00byte"),  # Go's rewrite text, not a NUL
    ],
)
def test_escaped_test_names_are_decoded(encoded: str, name: str) -> None:
    # With "Time" first (as go writes it: the fast path) and without (the general path).
    for head in ('{"Time":"2026-11-27T16:33:51.4Z",', "{"):
        output = f'{head}"Action":"output","Package":"p","Test":"{encoded}","Output":"x\\n"}}'
        run = f'{head}"Action":"run","Package":"p","Test":"{encoded}"}}'
        out_event = parse_line(output)
        run_event = parse_line(run)
        assert isinstance(out_event, OutputEvent)
        assert isinstance(run_event, TestEvent)
        assert out_event.test == name == run_event.test
        assert out_event.output == "x\n"


def test_escaped_package_name_on_the_general_path() -> None:
    line = '{"Action":"output","Package":"example.com/a\\u0026b","Test":"T","Output":"x"}'
    event = parse_line(line)
    assert isinstance(event, OutputEvent)
    assert event.package == "example.com/a&b"


# -- test events ------------------------------------------------------------------------------


def test_start_event() -> None:
    event = parse_line(START)
    assert event == TestEvent(action="start", package="example.com/basic", test=None)


def test_run_event() -> None:
    event = parse_line(RUN)
    assert isinstance(event, TestEvent)
    assert (event.action, event.test, event.elapsed) == ("run", "TestPass", None)


def test_terminal_event_with_elapsed() -> None:
    event = parse_line(PASS)
    assert isinstance(event, TestEvent)
    assert event.action == "pass"
    assert event.elapsed == pytest.approx(0.01)


def test_integer_elapsed_is_a_float() -> None:
    event = parse_line('{"Action":"fail","Package":"p","Test":"T","Elapsed":2}')
    assert isinstance(event, TestEvent)
    assert event.elapsed == 2.0
    assert isinstance(event.elapsed, float)


def test_non_numeric_elapsed_is_ignored() -> None:
    event = parse_line('{"Action":"pass","Package":"p","Test":"T","Elapsed":"soon"}')
    assert isinstance(event, TestEvent)
    assert event.elapsed is None


def test_package_fail_with_failed_build() -> None:
    event = parse_line(PACKAGE_FAIL)
    assert isinstance(event, TestEvent)
    assert event.test is None
    assert event.action == "fail"
    assert event.elapsed == 0.0
    assert event.failed_build == "example.com/buildfail/nontesterr"


def test_attr_and_artifacts_events() -> None:
    attr = parse_line(ATTR)
    assert isinstance(attr, TestEvent)
    assert (attr.action, attr.key, attr.value) == ("attr", "jira", "PROJ-123")
    artifacts = parse_line(ARTIFACTS)
    assert isinstance(artifacts, TestEvent)
    assert artifacts.path == "/out/_artifacts/TestArtifacts/123"


def test_unknown_action_is_kept() -> None:
    event = parse_line('{"Action":"teleport","Package":"p","Test":"T"}')
    assert isinstance(event, TestEvent)
    assert event.action == "teleport"


# -- build events -----------------------------------------------------------------------------


def test_build_output_event() -> None:
    event = parse_line(BUILD_OUTPUT + "\n")
    assert event == BuildEvent(
        action="build-output",
        import_path="example.com/buildfail/testfileerr [example.com/buildfail/testfileerr.test]",
        output="testfileerr/a_test.go:6:6: declared and not used: x\n",
    )


def test_build_fail_event_has_empty_output() -> None:
    event = parse_line(BUILD_FAIL)
    assert isinstance(event, BuildEvent)
    assert event.action == "build-fail"
    assert event.output == ""


def test_build_output_is_not_taken_for_a_test_output_event() -> None:
    # Action "build-output" must not match the lazy `"Action":"output"` fast path.
    event = parse_line('{"ImportPath":"p","Action":"build-output","Output":"# p\\n"}')
    assert isinstance(event, BuildEvent)


# -- not test2json --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "",
        "\n",
        "go: downloading example.com/x v1.0.0",
        "panic: something\n",
        "{not json}",
        '{"Action":"run","Package":"p"',  # truncated
        "[1, 2, 3]",
        '"a string"',
        "42",
        "null",
        '{"Package":"p","Test":"T"}',  # no Action
        '{"Action":"run"}',  # neither Package nor ImportPath
        '{"Action":5,"Package":"p"}',
        '{"Action":"run","Package":7}',
    ],
)
def test_non_json_lines(line: str) -> None:
    event = parse_line(line)
    assert isinstance(event, NonJSONLine)
    assert event.text == line.rstrip("\n")


def test_non_json_line_keeps_its_text_without_the_newline() -> None:
    event = parse_line("  some text  \n")
    assert event == NonJSONLine("  some text  ")


def _meaning(event: Event) -> object:
    """An event without the raw text that output events keep (it may keep the newline)."""
    if isinstance(event, OutputEvent):
        return ("output", event.package, event.test, event.output, event.output_type)
    return event


@pytest.mark.parametrize("suffix", ["", "\n", "\r\n", "  \n"])
def test_lines_with_and_without_trailing_newline(suffix: str) -> None:
    for line in (RUN, PASS, FRAME, PLAIN, PACKAGE_OUTPUT, BUILD_OUTPUT, START):
        assert _meaning(parse_line(line + suffix)) == _meaning(parse_line(line))


@pytest.mark.parametrize(
    "line",
    [
        # A line cut inside the Output string that happens to end with "}".
        '{"Action":"output","Package":"p","Test":"T","Output":"func main() {}',
        # The last line of a go process that was killed while writing it (fast path).
        '{"Time":"2026-11-27T16:33:51.4Z","Action":"output","Package":"p","Test":"T",'
        '"Output":"partial li',
        # Two objects glued together (a lost newline).
        '{"Action":"output","Package":"p","Output":"a\\n"}{"Action":"output","Package":"p"}',
    ],
)
def test_malformed_output_lookalike_never_raises_later(line: str) -> None:
    event = parse_line(line)
    if isinstance(event, OutputEvent):
        # The text is read when a report is built; that must not raise (never fatal).
        assert isinstance(event.output, str)
        assert event.output_type is None or isinstance(event.output_type, str)
    else:
        assert isinstance(event, NonJSONLine)


# -- properties -------------------------------------------------------------------------------


@given(st.text())
def test_parse_line_never_raises_on_text(line: str) -> None:
    event = parse_line(line)
    assert isinstance(event, TestEvent | OutputEvent | BuildEvent | NonJSONLine)


_names = st.text(min_size=1, max_size=20)
# Import paths: ASCII letters, digits and -._~/ (cmd/go's CheckImportPath), plus go's
# pattern syntax, which is what Package holds for a bad pattern (stream cli_nomatch).
_packages = st.from_regex(r"[A-Za-z0-9._~/+-]{1,30}", fullmatch=True)


@given(
    package=_packages,
    test=st.none() | _names,
    output=st.text(max_size=50),
    output_type=st.none() | st.sampled_from(["frame", "error", "error-continue"]),
    compact=st.booleans(),
)
def test_output_events_round_trip(
    package: str, test: str | None, output: str, output_type: str | None, compact: bool
) -> None:
    obj: dict[str, str] = {"Time": "2026-01-01T00:00:00Z", "Action": "output", "Package": package}
    if test is not None:
        obj["Test"] = test
    obj["Output"] = output
    if output_type is not None:
        obj["OutputType"] = output_type
    line = json.dumps(obj, separators=(",", ":") if compact else (", ", ": "))
    event = parse_line(line + "\n")
    assert isinstance(event, OutputEvent)
    assert event.package == package
    assert event.test == test
    assert event.output == output
    assert event.output_type == output_type


@given(
    action=st.sampled_from(["run", "pass", "fail", "skip", "pause", "cont", "bench", "start"]),
    package=_names,
    test=st.none() | _names,
    elapsed=st.none() | st.floats(min_value=0, max_value=1e6),
)
def test_test_events_round_trip(
    action: str, package: str, test: str | None, elapsed: float | None
) -> None:
    obj: dict[str, object] = {"Action": action, "Package": package}
    if test is not None:
        obj["Test"] = test
    if elapsed is not None:
        obj["Elapsed"] = elapsed
    event = parse_line(json.dumps(obj))
    assert event == TestEvent(action=action, package=package, test=test, elapsed=elapsed)
