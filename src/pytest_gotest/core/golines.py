"""Which call printed a Go test's ``file.go:NN:`` line: read from the package's source.

Before Go 1.27, ``go test -json`` does not mark ``t.Error``/``t.Fatal`` lines (1.27 gives
them ``OutputType`` "error"), and a ``t.Log`` line reads exactly like one: ``x_test.go:6:
starting``. The line Go names is the line of the call (the first line of a call spread over
several), so the source tells a log from a failure where the stream cannot.

Go prints a file's base name only, so the file read may not be the one that printed (a
helper of another package with a file of the same name), and a ``//line`` directive makes Go
name a place that is not the call's: a line counts as a log only when the source says so and
the printed message agrees with the call's literal text.
"""

from __future__ import annotations

import linecache
import os
import re
from typing import Final

# A statement that is a t.Log/t.Logf call (t, b, f, s.T(), tc.t ...: a receiver of names,
# each maybe called without arguments), from the start of the line or of a block on it
# (func(t *testing.T) { t.Log(x) }): a Log call inside another
# (require.NoError(t, logger.Log("k", v))) is an argument, not what printed.
_LOG_STATEMENT: Final = re.compile(
    r"(?:^|[{;])\s*(?:defer\s+)?[A-Za-z_]\w*(?:\(\))?(?:\.[A-Za-z_]\w*(?:\(\))?)*\.Log(f?)\("
)
# A line that also fails or skips (t.Log(x); t.Error(y)) is no log line; err.Error() is an
# error's text (t.Log(err.Error())), not a failure.
_OTHER_CALL: Final = re.compile(
    r"\.(?:Errorf?|Fatalf?|Skipf?)\((?!\))|\.(?:Fail|FailNow|SkipNow)\("
)
# The directives that remap the places Go names ("//line other.go:6" at a line's start).
_LINE_DIRECTIVE: Final = re.compile(r"^//line |/\*line ", re.M)
# Per file: the lines linecache holds (its list, by identity) and whether they remap places.
_remaps: dict[str, tuple[list[str], bool]] = {}


def logged_at(source_dir: str, path: str, line: int, message: str) -> bool:
    """Whether Go's ``path:line`` (a base name in ``source_dir``, or a full path with
    ``-fullpath``), followed by ``message``, was printed by a ``t.Log``/``t.Logf`` call.
    False when the line cannot be read (a helper in another directory, an edited file), is
    in a file with ``//line`` directives, or is a Log call whose literal text the message
    does not start with (another package's file of the same name): then it may be the
    failure."""
    full = path if os.path.isabs(path) else os.path.join(source_dir, path)
    text = linecache.getline(full, line)
    call = _LOG_STATEMENT.search(text)
    if call is None or _OTHER_CALL.search(text) is not None or _remapped(full):
        return False
    args = text[call.end() :]
    if not args.strip():  # t.Logf(\n\t"format %d",\n\tn): the first argument is below
        args = linecache.getline(full, line + 1)
    said = _literal_text(args, formatted=call.group(1) == "f")
    return said is None or message.startswith(said.rstrip())


def _remapped(full: str) -> bool:
    lines = linecache.getlines(full)
    known = _remaps.get(full)
    if known is None or known[0] is not lines:
        known = (lines, any(_LINE_DIRECTIVE.search(each) for each in lines))
        _remaps[full] = known
    return known[1]


def _literal_text(args: str, *, formatted: bool) -> str | None:
    """The text a Log call's message starts with, when its first argument (``args`` is the
    source from there) is a string literal: up to the literal's first escape (or its end on
    this line), for Logf its first ``%`` verb. None when it is no literal (a variable, a
    call): that says nothing of the message."""
    args = args.lstrip()
    if args[:1] == '"':
        text = re.split(r'["\\\n]', args[1:], maxsplit=1)[0]
    elif args[:1] == "`":
        text = re.split(r"[`\r\n]", args[1:], maxsplit=1)[0]
    else:
        return None
    return text.split("%", 1)[0] if formatted else text
