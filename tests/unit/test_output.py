"""OutputBuffer: one test's output kept bounded (head and tail in memory, the middle spilled to
a file or counted), decoded only when shown, and never lost to an unwritable spill directory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stream_helpers import PKG, ev, out, words

from pytest_gotest.core.events import OutputEvent, parse_line
from pytest_gotest.core.fold import StreamFolder
from pytest_gotest.core.outcome import Cause, TestSlot
from pytest_gotest.core.output import CaptureLimits, OutputBuffer, decode_output
from pytest_gotest.core.resolve import resolve

_KIB = 1024
_LINE = "x" * 1000 + "\n"


def _ten_mb_lines() -> Iterator[str]:
    yield "HEAD-MARKER\n"
    for index in range(10_000):
        yield f"{index:08d}{_LINE}"
    yield "TAIL-MARKER\n"


def _kept(buffer: OutputBuffer) -> str:
    return "".join(text for text, _ in buffer.texts())


def test_output_buffer_keeps_head_and_tail_and_counts_the_rest() -> None:
    buffer = OutputBuffer(CaptureLimits(memory_bytes=64 * _KIB))
    total = 0
    for chunk in _ten_mb_lines():
        buffer.append_text(chunk)
        total += len(chunk)
    assert total > 10_000_000
    text = buffer.text()
    assert text.startswith("HEAD-MARKER\n")
    assert text.endswith("TAIL-MARKER\n")
    kept = len(_kept(buffer))
    assert kept <= 64 * _KIB
    assert buffer.dropped_bytes == total - kept
    assert buffer.dropped_chunks > 9000
    assert f"{buffer.dropped_bytes} bytes of output omitted" in text
    assert len(text) < 64 * _KIB + 1000
    assert buffer.spill_path is None
    buffer.close()


def test_output_buffer_spills_the_middle_to_a_file(tmp_path: Path) -> None:
    spill_dir = tmp_path / "spill"
    buffer = OutputBuffer(CaptureLimits(memory_bytes=64 * _KIB, spill_dir=spill_dir))
    everything = "".join(_ten_mb_lines())
    for chunk in _ten_mb_lines():
        buffer.append_text(chunk)
    buffer.close()
    path = buffer.spill_path
    assert path is not None
    assert path.parent == spill_dir
    middle = path.read_text(encoding="utf-8")
    assert len(middle) == buffer.dropped_bytes
    assert "HEAD-MARKER" not in middle
    assert "TAIL-MARKER" not in middle
    text = buffer.text()
    assert str(path) in text
    note_start = text.index("\n[pytest-gotest:")
    note_end = text.index("]\n", note_start) + 2
    kept_head, kept_tail = text[:note_start], text[note_end:]
    assert _kept(buffer) == kept_head + kept_tail
    # Head + spilled middle + tail is the whole output, in order.
    assert kept_head + middle + kept_tail == everything


def test_output_buffer_through_the_folder_with_output_events(tmp_path: Path) -> None:
    limits = CaptureLimits(memory_bytes=64 * _KIB, spill_dir=tmp_path)
    folder = StreamFolder([PKG], limits)
    folder.feed_line(ev("start"))
    folder.feed_line(ev("run", "TestBig"))
    for chunk in _ten_mb_lines():
        folder.feed_line(out("TestBig", chunk))
    folder.feed_line(ev("fail", "TestBig"))
    folder.feed_line(ev("fail"))
    run = folder.packages[PKG]
    result = resolve(run, [TestSlot("TestBig")])
    run.close()
    outcome = result.outcome("TestBig")
    assert outcome.cause is Cause.FAILED
    assert outcome.evidence is not None
    assert "HEAD-MARKER" in outcome.evidence.output
    assert "TAIL-MARKER" in outcome.evidence.output
    assert "bytes of output omitted" in outcome.evidence.output
    details = words(result, "TestBig").details
    assert "HEAD-MARKER" in details
    assert "TAIL-MARKER" in details
    assert "bytes of output omitted" in details
    assert len(details) < 3 * 64 * _KIB
    buffer = run.runs[0].output
    assert buffer is not None
    spill = buffer.spill_path
    assert spill is not None
    assert "00005000" in spill.read_text(encoding="utf-8")


def test_omitted_bytes_count_output_not_json(tmp_path: Path) -> None:
    buffer = OutputBuffer(CaptureLimits(memory_bytes=4 * _KIB, spill_dir=tmp_path))
    for index in range(1000):
        event = parse_line(out("TestX", f"line {index}\n"))
        assert isinstance(event, OutputEvent)
        buffer.append_raw(event.raw)
    buffer.close()
    assert buffer.spill_path is not None
    spilled = buffer.spill_path.read_bytes()
    assert buffer.dropped_bytes == len(spilled)
    assert spilled.startswith(b"line ")  # decoded text went to the file, not JSON


def test_the_spilled_middle_is_decoded_only_when_asked_for(tmp_path: Path) -> None:
    # A passing test's megabytes of log are never shown: its spill file keeps the raw lines
    # until a report asks (the omission note, or the path), then it is decoded once.
    buffer = OutputBuffer(CaptureLimits(memory_bytes=4 * _KIB, spill_dir=tmp_path))
    everything = []
    for index in range(300):
        event = parse_line(out("TestX", f"\tline {index}\n"))
        assert isinstance(event, OutputEvent)
        buffer.append_raw(event.raw)
        everything.append(f"\tline {index}\n")
    for literal in ("a literal note\n", "z" * 1500 + "\n", "z" * 1500 + "\n"):
        buffer.append_text(literal)  # evicts literal text too, once the raw lines are out
        everything.append(literal)
    (raw,) = tmp_path.iterdir()
    assert raw.suffix == ".jsonl"
    assert raw.read_text(encoding="utf-8").startswith('{"Time"')  # not decoded yet
    text = buffer.text()  # still open: decoded now, later drops go to the text file
    path = buffer.spill_path
    assert path is not None
    assert path.suffix == ".txt"
    assert f"full text in {path}" in text
    assert not raw.exists()
    for index in range(300, 600):
        buffer.append_text(f"\tline {index}\n")
        everything.append(f"\tline {index}\n")
    buffer.close()
    assert buffer.spill_path == path
    assert list(tmp_path.iterdir()) == [path]
    middle = path.read_text(encoding="utf-8")
    assert "a literal note\n" in middle
    assert buffer.dropped_bytes == len(middle)
    text = buffer.text()
    note_start = text.index("\n[pytest-gotest:")
    note_end = text.index("]\n", note_start) + 2
    # Head + spilled middle + tail is the whole output, in order.
    assert text[:note_start] + middle + text[note_end:] == "".join(everything)


def test_output_buffer_single_huge_chunk_is_kept() -> None:
    buffer = OutputBuffer(CaptureLimits(memory_bytes=1024))
    buffer.append_text("a" * 10_000)
    assert buffer.text() == "a" * 10_000
    assert buffer.dropped_bytes == 0
    buffer.close()


def test_output_buffer_unwritable_spill_dir_loses_only_the_middle(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    buffer = OutputBuffer(CaptureLimits(memory_bytes=1024, spill_dir=blocker / "sub"))
    for index in range(100):
        buffer.append_text(f"{index:04d}" + "y" * 100 + "\n")
    buffer.close()
    assert buffer.spill_path is None
    assert buffer.dropped_bytes > 0
    assert buffer.text().startswith("0000")
    assert buffer.text().rstrip().endswith("y")
    assert "0099" in buffer.text()  # the tail is kept


def test_omission_note_names_the_dropped_bytes_and_chunks() -> None:
    buffer = OutputBuffer(CaptureLimits(memory_bytes=100))
    for index in range(20):
        buffer.append_text(f"line {index:02d} ".ljust(19) + "\n")
    note = f"[pytest-gotest: {buffer.dropped_bytes} bytes of output omitted here "
    assert buffer.dropped_chunks > 0
    assert f"{note}({buffer.dropped_chunks} chunks)]" in buffer.text()
    assert "full text in" not in buffer.text()  # no spill directory was given
    buffer.close()


def test_frames_are_dropped_on_request_and_error_lines_are_read() -> None:
    buffer = OutputBuffer(CaptureLimits())
    buffer.append_raw(out("TestX", "=== RUN   TestX\n", "frame").rstrip("\n"))
    buffer.append_raw(out("TestX", "    x_test.go:1: log\n").rstrip("\n"))
    buffer.append_raw(out("TestX", "    x_test.go:2: broke\n", "error").rstrip("\n"))
    buffer.append_raw(out("TestX", "        more\n", "error-continue").rstrip("\n"))
    buffer.append_raw(out("TestX", "--- FAIL: TestX (0.00s)\n").rstrip("\n"))  # unmarked frame
    assert buffer.text(drop_frames=True) == (
        "    x_test.go:1: log\n    x_test.go:2: broke\n        more\n"
    )
    assert "=== RUN" in buffer.text()
    assert buffer.error_lines() == "    x_test.go:2: broke\n        more\n"
    assert bool(buffer)
    assert not OutputBuffer(CaptureLimits())


# Backslashes next to n and t: removing one escape must not make another one out of what
# is left (the first fast path read "\\" "nt" as a newline).
@example(text="\\nt", output_type=None)
@example(text="\\\nt\\", output_type=None)
@example(text='\\tn"', output_type="frame")
@settings(max_examples=3000, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(["a", " ", "\n", "\t", "\\", '"', "n", "t", "}", "é", "\x01"])
    ),
    output_type=st.sampled_from([None, "frame", "error"]),
)
def test_decoding_output_without_the_json_decoder_agrees_with_it(
    text: str, output_type: str | None
) -> None:
    """decode_output reads most lines without a JSON decode: it must give what the decoder
    gives, for any text (escapes, quotes, a following OutputType field)."""
    line = out("TestA", text, output_type).rstrip("\n")
    assert decode_output(line) == json.loads(line)["Output"]
    assert decode_output(line + "\n") == json.loads(line)["Output"]


def test_a_damaged_output_line_is_shown_as_it_is() -> None:
    for line in ('{"Action":"output","Output":"}', '{"Action":"output","Output":"cut'):
        assert decode_output(line) == line + "\n"


# What a buffer is given: raw lines of several sizes (one over half the limit), in batches
# (extend_raw) or one by one, and literal text now and then.
_RAW_SIZES = st.sampled_from([10, 100, 700, 3000])
_STEP = st.one_of(
    st.lists(_RAW_SIZES, min_size=1, max_size=8).map(lambda sizes: ("lines", sizes)),
    st.integers(min_value=1, max_value=900).map(lambda size: ("text", [size])),
)


def _made(steps: list[tuple[str, list[int]]]) -> list[tuple[str, list[str]]]:
    """The steps' lines and texts, made once (each event line has its own time)."""
    made: list[tuple[str, list[str]]] = []
    for kind, sizes in steps:
        if kind == "text":
            made.append((kind, ["t" * sizes[0] + "\n"]))
        else:
            made.append((kind, [out("TestX", "y" * size + "\n") for size in sizes]))
    return made


def _feed(buffer: OutputBuffer, steps: list[tuple[str, list[str]]], batched: bool) -> None:
    for kind, lines in steps:
        if kind == "text":
            buffer.append_text(lines[0])
        elif batched:
            buffer.extend_raw(lines)
        else:
            for line in lines:
                buffer.append_raw(line)


@settings(max_examples=150, deadline=None)
@given(st.lists(_STEP, max_size=25), st.booleans())
def test_lines_added_together_leave_what_lines_added_one_by_one_leave(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, list[int]]], spill: bool
) -> None:
    """``extend_raw`` (a run of output lines, written to the spill file in one call once the
    buffer overflows) keeps, spills and counts exactly what ``append_raw`` of each line does."""
    made = _made(steps)
    results = []
    for batched in (False, True):
        directory = tmp_path_factory.mktemp("spill") if spill else None
        buffer = OutputBuffer(CaptureLimits(memory_bytes=4 * _KIB, spill_dir=directory))
        _feed(buffer, made, batched)
        buffer.close()  # flushes the spill file
        raw_spill = (
            [p.read_text(encoding="utf-8") for p in directory.iterdir()] if directory else []
        )
        head_and_tail = buffer.text()  # decodes the spill file
        path = buffer.spill_path
        spilled = path.read_text(encoding="utf-8") if path is not None else None
        note = head_and_tail.replace(str(path), "SPILL") if path is not None else head_and_tail
        results.append((raw_spill, note, spilled, buffer.dropped_chunks, buffer.dropped_bytes))
    assert results[0] == results[1]


def test_a_run_of_lines_is_spilled_in_one_write(tmp_path: Path) -> None:
    """The positive control: once the buffer spills raw lines, a run of them costs one write."""
    buffer = OutputBuffer(CaptureLimits(memory_bytes=4 * _KIB, spill_dir=tmp_path))
    for index in range(50):
        buffer.append_raw(out("TestX", f"first {index:03d}" + "y" * 100 + "\n"))
    spill = buffer._spill
    assert spill is not None
    writes: list[str] = []
    real_write = spill.write

    def counting(text: str) -> int:
        writes.append(text)
        return real_write(text)

    spill.write = counting  # type: ignore[method-assign]
    buffer.extend_raw([out("TestX", f"second {i:03d}" + "y" * 100 + "\n") for i in range(40)])
    assert len(writes) == 1
    assert writes[0].count('"Output"') == 40  # as many evicted as added: the tail keeps its size
