"""Lines of a child's text output, read from its pipe in batches.

Pure core. ``go test -json`` writes its events a few at a time (about 600 bytes a write while
tests run, 2 KB on a cached replay). Read line by line through a text stream, every such
write wakes the reader thread, takes the interpreter lock from the main thread and costs a
system call: 77,000 reads for expr's 48 MB stream with ``-count=1``, against 24,000 for the
same stream replayed from Go's test cache, whose run costs that much less CPU.

``text_batches`` reads whatever the pipe holds at once, and after a small read waits ten
milliseconds so that more can arrive before the next one: at most about 100 wake-ups a
second, each with many lines. Every wake-up costs more than its system call (the lock taken
from the main thread, a decode, a search that starts again): with a two-millisecond pause
expr's ``-count=1`` run made about 1,000 reads and the reader thread used 0.49-0.52 s of CPU;
with ten, 0.41-0.42 s (the 2,000-test synthetic module: 0.16 s to 0.11 s, and less system
time). Twenty saved nothing more. The pipe is enlarged where Linux allows (1 MB) so that Go
does not wait on a full pipe meanwhile; where it is not (64 KB), a small read means Go wrote
less than 16 KB in the last pause, far from filling it in the next. A large read is followed
by the next one at once. A result reaches the folder at most that much later.

Text is decoded exactly as the text stream did (UTF-8, undecodable bytes replaced, universal
newlines: ``\\r\\n`` and ``\\r`` become ``\\n``), with the same incremental decoders, and lines are
split at ``\\n`` only.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import time
from collections.abc import Iterator
from typing import IO, Final

__all__ = ["text_batches"]

_READ_BYTES: Final = 1 << 20
# A read smaller than this means the writer is trickling: wait before reading again.
_SMALL_READ: Final = 16 << 10
_PAUSE_SECONDS: Final = 0.010
_PIPE_BYTES: Final = 1 << 20


def text_batches(stream: IO[str], pause: float = _PAUSE_SECONDS) -> Iterator[str]:
    """The stream's text, a string of whole lines per read (each line with its ``\\n``; the
    last one without when the stream ends without it); never an empty string. A stream
    without a binary buffer is read line by line."""
    buffer = getattr(stream, "buffer", None)
    read1 = getattr(buffer, "read1", None)
    if read1 is None:
        yield from stream
        return
    _enlarge_pipe(buffer)
    decoder = io.IncrementalNewlineDecoder(
        codecs.getincrementaldecoder("utf-8")(errors="replace"), translate=True
    )
    pending = ""
    while True:
        data = read1(_READ_BYTES)
        if not data:
            break
        text = pending + decoder.decode(data)
        cut = text.rfind("\n") + 1
        pending = text[cut:]
        if cut:
            yield text[:cut]
        if len(data) < _SMALL_READ and pause:
            time.sleep(pause)
    rest = pending + decoder.decode(b"", final=True)
    if rest:
        yield rest


def _enlarge_pipe(buffer: object) -> None:
    """Give a pipe room for what Go writes while the reader waits (Linux; elsewhere nothing)."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        return
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    fileno = getattr(buffer, "fileno", None)
    if set_size is None or fileno is None:
        return
    # Not a pipe, or above /proc/sys/fs/pipe-max-size: the default size serves.
    with contextlib.suppress(OSError, ValueError):
        fcntl.fcntl(fileno(), set_size, _PIPE_BYTES)
