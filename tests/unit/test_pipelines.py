"""``core/pipelines.text_batches`` gives the lines a text stream would give: the same decoding
(UTF-8, bad bytes replaced, universal newlines) and the same line ends, whatever the chunks
the writer wrote and the reads that got them."""

from __future__ import annotations

import io
import os
import re
import threading

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pytest_gotest.core.pipelines import text_batches

_PIECES = st.sampled_from(
    [
        *(b"a", b"\n", b"\r", b"\r\n", b"\xc3\xa9", b"\xc3", b"\xa9", b"\xff", b'{"x":1}'),
        *(b"\xc2\x85", b"\xe2\x80\xa8", b"\x0c"),  # line breaks to str.splitlines only
    ]
)


def _as_text_stream(data: bytes) -> list[str]:
    """What reading a pipe in text mode, as subprocess.Popen(text=True) does, gives."""
    return list(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace"))


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def _lines(texts: list[str]) -> list[list[str]]:
    """Each batch's lines, split where the reader's consumer splits them (at \\n only)."""
    return [_LINE.findall(text) for text in texts]


def _through_a_pipe(chunks: list[bytes], pause: float) -> list[list[str]]:
    read_fd, write_fd = os.pipe()

    def write() -> None:
        with open(write_fd, "wb", buffering=0) as writer:
            for chunk in chunks:
                writer.write(chunk)

    writer = threading.Thread(target=write)
    writer.start()
    with open(read_fd, encoding="utf-8", errors="replace") as stream:
        batches = _lines(list(text_batches(stream, pause)))
    writer.join()
    return batches


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_PIECES, max_size=12).map(b"".join), max_size=12))
@example([b"x\r", b"\ny\r", b"z"])  # a \r\n split between writes; a lone \r; no final \n
@example([b"\xc3", b"\xa9\n\xc3"])  # a character split between writes; a cut one at the end
@example([b"a\xc2\x85b\xe2\x80\xa8c\x0cd\n"])  # line breaks to str.splitlines, not to a stream
def test_batches_hold_the_lines_a_text_stream_reads(chunks: list[bytes]) -> None:
    batches = _through_a_pipe(chunks, pause=0.0)
    assert [line for batch in batches for line in batch] == _as_text_stream(b"".join(chunks))
    assert all(batch for batch in batches)


def test_a_trickling_writer_is_read_in_few_batches() -> None:
    """The positive control for the pause: 200 lines written one at a time arrive in far
    fewer batches than lines when the reader waits after small reads."""
    lines = [f'{{"Action":"output","Output":"line {i}\\n"}}\n'.encode() for i in range(200)]
    batches = _through_a_pipe(lines, pause=0.01)
    assert [line for batch in batches for line in batch] == [line.decode() for line in lines]
    assert len(batches) < 100


def test_a_stream_without_a_binary_buffer_is_read_line_by_line() -> None:
    assert list(text_batches(io.StringIO("a\nb"))) == ["a\n", "b"]
