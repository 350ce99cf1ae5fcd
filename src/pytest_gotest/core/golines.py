"""Which call printed a Go test's ``file.go:NN:`` line: read from the package's source.

Before Go 1.27, ``go test -json`` does not mark ``t.Error``/``t.Fatal`` lines (1.27 gives
them ``OutputType`` "error"), and a ``t.Log`` line reads exactly like one: ``x_test.go:6:
starting``. The line Go names is the line of the call (the first line of a call spread over
several), so the source tells a log from a failure where the stream cannot.
"""

from __future__ import annotations

import linecache
import os
import re
from typing import Final

# t.Log / t.Logf (and b., f., s.T(). ...): the calls that print without failing.
_LOG_CALL: Final = re.compile(r"\.Logf?\(")
# A line that also fails (t.Log(x); t.Error(y)) is no log line.
_FAILING_CALL: Final = re.compile(r"\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\(")


def logged_at(source_dir: str, path: str, line: int) -> bool:
    """Whether Go's ``path:line`` (a base name in ``source_dir``, or a full path with
    ``-fullpath``) is a ``t.Log``/``t.Logf`` call. False when the line cannot be read (a
    helper in another directory, an edited file): then it may be the failure."""
    full = path if os.path.isabs(path) else os.path.join(source_dir, path)
    text = linecache.getline(full, line)
    return _LOG_CALL.search(text) is not None and _FAILING_CALL.search(text) is None
