"""Bounded, lazily decoded output of one Go test (or of one package).

Pure core. A test's output is kept as the raw ``go test -json`` lines it arrived in and decoded
only when a report shows it: on a Go test-cache hit the whole stream is replayed, and nobody
reads the output of tests that passed unless JUnit or ``-rP`` asks.

Memory is bounded per buffer: beyond ``CaptureLimits.memory_bytes`` the head and the tail are
kept (the start says what the test was doing, the end holds the panic trace) and the middle goes
to a spill file when a directory is given, otherwise it is only counted. A full or unwritable
spill directory loses the middle of a huge output, never the run.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

__all__ = ["CaptureLimits", "OutputBuffer", "decode_output", "is_frame_text"]

# Framing lines the testing package prints (Go marks them OutputType "frame" since 1.27;
# before that, and for text that reaches us without the mark, they are told by their text).
_FRAME_RE: Final = re.compile(
    r"^\s*(?:=== (?:RUN|PAUSE|CONT|NAME|ATTR|ARTIFACTS)\b|--- (?:PASS|FAIL|SKIP|BENCH):)"
)


def is_frame_text(text: str) -> bool:
    return bool(_FRAME_RE.match(text))


def decode_output(raw: str) -> str:
    """The ``Output`` text of a raw ``output`` line. The fast paths do not validate lines,
    so a damaged one is shown as it is rather than raising."""
    # Most lines end with the Output field (Go writes it last but for OutputType), and their
    # text escapes nothing but newlines and tabs: read it without a JSON decode. Without two
    # backslashes in a row every backslash starts an escape, so none may be left once the \n
    # and \t escapes are removed; any other escape, or a quote (another field follows), takes
    # the decoder.
    start = raw.find('"Output":"')
    if start != -1:
        end = raw.rfind('"}')
        text = raw[start + 10 : end]
        if (
            end >= start + 10
            and '"' not in text
            and "\\\\" not in text
            and "\\" not in text.replace("\\n", "").replace("\\t", "")
        ):
            return text.replace("\\n", "\n").replace("\\t", "\t")
    try:
        value = json.loads(raw).get("Output", "")
    except (ValueError, AttributeError):
        return raw if raw.endswith("\n") else raw + "\n"
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class CaptureLimits:
    """How much output one test (or one package) keeps in memory; where the rest goes."""

    memory_bytes: int = 1 << 20
    spill_dir: Path | None = None


class _Text:
    """Literal text in a buffer (non-JSON lines, notes). Raw JSON lines are plain ``str``
    objects, which the cyclic garbage collector does not track."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


_Chunk = str | _Text


def _chunk_text(chunk: _Chunk) -> str:
    return chunk.text if isinstance(chunk, _Text) else decode_output(chunk)


def _open_spill(directory: Path) -> IO[str]:
    """A new spill file of raw event lines (``_decode_spill`` turns it into ``.txt``)."""
    # Kept open across calls, closed by OutputBuffer.close.
    return tempfile.NamedTemporaryFile(
        "w",
        encoding="utf-8",
        errors="replace",
        dir=directory,
        prefix="go-output-",
        suffix=".jsonl",
        delete=False,
    )


def _chunk_size(chunk: _Chunk) -> int:
    return len(chunk.text) if isinstance(chunk, _Text) else len(chunk)


def _chunk_is_frame(chunk: _Chunk) -> bool:
    if isinstance(chunk, _Text):
        return False
    if '"OutputType":"frame"' in chunk:
        return True
    if '"OutputType"' in chunk:
        return False
    return is_frame_text(decode_output(chunk))


class OutputBuffer:
    """The head and the tail of one output stream, the middle spilled or counted.

    The middle goes to the spill file as the raw JSON lines it arrived in, and is decoded
    into text only when somebody asks for it (a report shows the output, or its omission
    note): on a module whose passing tests log megabytes (grpc-go: 161 MB of events, tens of
    MB in one test) decoding every spilled line was a fifth of the reader thread's time, and
    nobody reads a passing test's output unless JUnit or ``-rP`` asks."""

    __slots__ = (
        "_dropped_text",
        "_half",
        "_head",
        "_head_bytes",
        "_limits",
        "_spill",
        "_spill_path",
        "_spill_raw",
        "_tail",
        "_tail_bytes",
        "dropped_chunks",
    )

    def __init__(self, limits: CaptureLimits) -> None:
        self._limits = limits
        self._half = limits.memory_bytes // 2
        self._head: list[_Chunk] = []
        self._head_bytes = 0
        self._tail: deque[_Chunk] | None = None  # created on overflow only
        self._tail_bytes = 0
        self._spill: IO[str] | None = None
        self._spill_path: Path | None = None
        self._spill_raw = False  # the spill file holds raw JSON lines, not yet decoded
        self._dropped_text = 0  # characters of text dropped, decoded ones only
        self.dropped_chunks = 0

    def append_raw(self, raw_line: str) -> None:
        """Add the raw JSON line of an ``output`` event (decoded only when shown)."""
        size = len(raw_line)
        if self._tail is None and self._head_bytes + size <= self._half:
            self._head.append(raw_line)
            self._head_bytes += size
        else:
            self._overflow(raw_line, size)

    def extend_raw(self, raw_lines: list[str]) -> None:
        """``append_raw`` of each line. Once the buffer overflows into a raw spill file, the
        lines go to the tail together and what that evicts is written in one call: a test
        logging megabytes spends its time here (grpc-go: 258,000 lines spilled)."""
        tail = self._tail
        if tail is None or self._spill is None or not self._spill_raw:
            for line in raw_lines:
                self.append_raw(line)
            return
        tail.extend(raw_lines)
        self._tail_bytes += sum(map(len, raw_lines))
        # The same chunks, in the same order, as evicting after each line would (the tail
        # is the longest suffix within half the limit, or the newest chunk alone).
        evicted: list[_Chunk] = []
        while self._tail_bytes > self._half and len(tail) > 1:
            chunk = tail.popleft()
            self._tail_bytes -= _chunk_size(chunk)
            evicted.append(chunk)
        raw = [chunk for chunk in evicted if isinstance(chunk, str)]
        if len(raw) < len(evicted):  # literal text among them: _drop wraps it
            for chunk in evicted:
                self._drop(chunk)
            return
        if not raw:
            return
        self.dropped_chunks += len(raw)
        try:
            self._spill.write("\n".join(raw) + "\n")  # as _drop writes each
        except OSError:
            self._limits = CaptureLimits(self._limits.memory_bytes, None)
            for line in raw:
                self._dropped_text += len(decode_output(line))

    def ends_mid_line(self) -> bool:
        """Whether the last output kept stops before the end of its line (a test's
        ``fmt.Print`` without a newline). Read from the raw JSON where it shows (an
        ``Output`` field that ends in an escaped newline, Go's last field), decoded if not."""
        last = self._tail[-1] if self._tail else (self._head[-1] if self._head else None)
        if last is None:
            return False
        if isinstance(last, str) and last.endswith('\\n"}'):
            return False
        return not _chunk_text(last).endswith("\n")

    def append_text(self, text: str) -> None:
        """Add literal text (a non-JSON line, a note)."""
        size = len(text)
        if self._tail is None and self._head_bytes + size <= self._half:
            self._head.append(_Text(text))
            self._head_bytes += size
        else:
            self._overflow(_Text(text), size)

    def _overflow(self, chunk: _Chunk, size: int) -> None:
        if self._tail is None:
            self._tail = deque()
        self._tail.append(chunk)
        self._tail_bytes += size
        while self._tail_bytes > self._half and len(self._tail) > 1:
            evicted = self._tail.popleft()
            self._tail_bytes -= _chunk_size(evicted)
            self._drop(evicted)

    def _drop(self, chunk: _Chunk) -> None:
        self.dropped_chunks += 1
        spill_dir = self._limits.spill_dir
        if spill_dir is None:
            self._dropped_text += len(_chunk_text(chunk))
            return
        try:
            if self._spill is None:
                spill_dir.mkdir(parents=True, exist_ok=True)
                self._spill = _open_spill(spill_dir)
                self._spill_path = Path(self._spill.name)
                self._spill_raw = True
            if self._spill_raw:
                # One JSON line each; literal text wrapped as Go would have sent it.
                line = chunk if isinstance(chunk, str) else json.dumps({"Output": chunk.text})
                self._spill.write(line + "\n")
            else:
                text = _chunk_text(chunk)
                self._dropped_text += len(text)
                self._spill.write(text)
        except OSError:
            # Counted only; what the file holds so far is still decoded when shown.
            self._limits = CaptureLimits(self._limits.memory_bytes, None)
            self._dropped_text += len(_chunk_text(chunk))

    def _decode_spill(self) -> None:
        """Turn the raw spill file into the text file that reports name (once)."""
        raw_path = self._spill_path
        if not self._spill_raw or raw_path is None:
            return
        self._spill_raw = False
        was_open = self._spill is not None
        self.close()
        text_path = raw_path.with_suffix(".txt")
        try:
            with (
                raw_path.open(encoding="utf-8", errors="replace") as source,
                text_path.open("w", encoding="utf-8", errors="replace") as target,
            ):
                for line in source:
                    text = decode_output(line.rstrip("\n"))
                    self._dropped_text += len(text)
                    target.write(text)
            raw_path.unlink()
        except OSError:
            # Unreadable or unwritable: the middle is lost (counted as far as it was read).
            self._spill_path = None
            self._limits = CaptureLimits(self._limits.memory_bytes, None)
            return
        self._spill_path = text_path
        if was_open:  # still being written: later drops go to the text file
            try:
                self._spill = text_path.open("a", encoding="utf-8", errors="replace")
            except OSError:
                self._limits = CaptureLimits(self._limits.memory_bytes, None)

    @property
    def dropped_bytes(self) -> int:
        """Characters of output text not kept in memory (spilled or only counted)."""
        self._decode_spill()
        return self._dropped_text

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    @property
    def spill_path(self) -> Path | None:
        """The text file holding the middle, decoded on first asking."""
        self._decode_spill()
        return self._spill_path

    def _chunks(self) -> Iterator[_Chunk]:
        yield from self._head
        if self._tail:
            yield from self._tail

    def text(self, *, drop_frames: bool = False) -> str:
        """The kept output; ``drop_frames`` leaves out ``=== RUN``/``--- PASS`` lines."""
        parts = [_chunk_text(c) for c in self._head if not (drop_frames and _chunk_is_frame(c))]
        if self.dropped_bytes:
            parts.append(self._omission_note())
        tail = self._tail or ()
        parts.extend(_chunk_text(c) for c in tail if not (drop_frames and _chunk_is_frame(c)))
        return "".join(parts)

    def error_lines(self) -> str:
        """The ``t.Error``/``t.Fatal`` text Go marked with OutputType error (Go 1.27+)."""
        return "".join(
            decode_output(chunk)
            for chunk in self._chunks()
            if not isinstance(chunk, _Text) and '"OutputType":"error' in chunk
        )

    def texts(self) -> Iterator[tuple[str, bool]]:
        """Each kept chunk's text and whether it is a framing line."""
        for chunk in self._chunks():
            yield _chunk_text(chunk), _chunk_is_frame(chunk)

    def _omission_note(self) -> str:
        path = self.spill_path
        where = f"; full text in {path}" if path else ""
        return (
            f"\n[pytest-gotest: {self.dropped_bytes} bytes of output omitted here "
            f"({self.dropped_chunks} chunks){where}]\n"
        )

    def __bool__(self) -> bool:
        return bool(self._head) or bool(self._tail)
