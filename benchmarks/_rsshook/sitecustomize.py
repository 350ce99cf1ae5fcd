"""Peak memory of one Python process, for ``bench_real.py``.

``bench_real.py`` puts this directory on ``PYTHONPATH`` of the pytest runs it times, so that the
command stays exactly ``python -m pytest ...`` (no wrapper script). When ``BENCH_PEAK_RSS_FILE``
names a file, the interpreter writes its own ``VmHWM`` (peak resident set, KiB) there at exit.
The variable is removed at start-up, so go and any other Python started by the run do not
overwrite the number: it is the pytest process alone, without go or the test binaries (which
``wait4``'s ``ru_maxrss`` would include).
"""

from __future__ import annotations

import atexit
import os

_TARGET = os.environ.pop("BENCH_PEAK_RSS_FILE", None)


def _write_peak(target: str) -> None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        with open(target, "w", encoding="ascii") as out:
            out.write(peak + "\n")
    except (OSError, StopIteration):  # not Linux: no number, the benchmark says so
        pass


if _TARGET:
    atexit.register(_write_peak, _TARGET)
