"""Peak memory of pytest-gotest while a Go test prints 1 GiB (target: <= 150 MB).

Runs the ``volume`` fixture module (tests/testdata/gomods/volume; ``TestHuge`` prints
``$HUGE_MB`` MiB of numbered 1 KiB lines, then fails) under pytest with the plugin, in a small
wrapper that calls ``pytest.main`` in-process and reads its own ``VmHWM`` from
``/proc/self/status`` at the end: go and the test binary are child processes, so
``ru_maxrss`` of the children would measure them, not the plugin. A baseline run with 1 MiB
gives the plugin's memory without the flood; the difference is what the output cost.

Also checks that the report names the spill file holding the omitted middle of the output and
that the file holds most of it. ``-count=1`` keeps the 1 GiB out of Go's test cache.

Usage: ``python benchmarks/bench_memory.py [--mib 1024] [--repeat 1] [--work benchmarks/_work]``.
Exit status 1 when the peak exceeds 150 MB (150,000,000 bytes) or the run is not as expected.
Linux only (``/proc``). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
MODULE: Final = HERE.parent / "tests" / "testdata" / "gomods" / "volume"
LIMIT_BYTES: Final = 150_000_000

MEASURE: Final = """\
import sys
import pytest

code = pytest.main(sys.argv[2:])
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
with open(sys.argv[1], "w", encoding="ascii") as out:
    out.write(peak)
sys.exit(int(code))
"""

_NOTE: Final = re.compile(
    r"\[pytest-gotest: (\d+) bytes of output omitted here .*?(?:full text in (.+?))?\]"
)


def run_once(work: Path, mib: int, index: int) -> dict[str, object]:
    root = work / f"mod-{mib}-{index}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(MODULE, root)
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    script = work / "measure.py"
    script.write_text(MEASURE, encoding="utf-8")
    peak_file = work / f"peak-{mib}-{index}.txt"
    peak_file.unlink(missing_ok=True)
    log = work / f"pytest-{mib}-{index}.log"
    env = dict(os.environ, HUGE_MB=str(mib), GOFLAGS="-buildvcs=false", COLUMNS="200")
    started = time.monotonic()
    with log.open("w", encoding="utf-8", errors="replace") as out:
        completed = subprocess.run(
            [
                sys.executable,
                str(script),
                str(peak_file),
                "-p",
                "no:cacheprovider",
                "-rA",
                "--go-flags=-count=1",
                f"--basetemp={work / f'basetemp-{mib}-{index}'}",
            ],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    wall = time.monotonic() - started
    text = log.read_text(encoding="utf-8", errors="replace")
    tail = text[-3000:]
    if not peak_file.exists():
        sys.exit(f"the measured pytest did not finish (exit {completed.returncode}):\n{tail}")
    summary_ok = re.search(r"1 failed, 1 passed", text) is not None
    note = _NOTE.search(text)
    spill = Path(note.group(2)) if note and note.group(2) else None
    return {
        "mib": mib,
        "exit": completed.returncode,
        "peak_kib": int(peak_file.read_text(encoding="ascii")),
        "wall_s": round(wall, 2),
        "summary_ok": summary_ok,
        "omitted_bytes": int(note.group(1)) if note else 0,
        "spill_file": str(spill) if spill else None,
        "spill_bytes": spill.stat().st_size if spill and spill.is_file() else 0,
        "report_bytes": len(text),
        "log": str(log),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=1024, help="MiB TestHuge prints (1024)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "_work")
    args = parser.parse_args()
    work: Path = args.work.resolve() / "memory"
    work.mkdir(parents=True, exist_ok=True)

    baseline = run_once(work, 1, 0)
    runs = [run_once(work, args.mib, i) for i in range(args.repeat)]
    peak = max(int(str(r["peak_kib"])) for r in runs)
    results = {
        "baseline": baseline,
        "runs": runs,
        "peak_kib_max": peak,
        "peak_kib_median": statistics.median(int(str(r["peak_kib"])) for r in runs),
        "growth_kib": peak - int(str(baseline["peak_kib"])),
        "limit_bytes": LIMIT_BYTES,
    }
    (work / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")

    print(f"baseline (1 MiB): peak {baseline['peak_kib']} KiB, {baseline['wall_s']} s")
    for r in runs:
        print(
            f"{r['mib']} MiB: peak {r['peak_kib']} KiB"
            f" ({int(str(r['peak_kib'])) * 1024 / 1e6:.1f} MB),"
            f" {r['wall_s']} s, summary ok: {r['summary_ok']}, omitted {r['omitted_bytes']} B,"
            f" spill file {r['spill_file']} ({r['spill_bytes']} B), report {r['report_bytes']} B"
        )
    problems = []
    if peak * 1024 > LIMIT_BYTES:
        problems.append(f"peak {peak * 1024} B > {LIMIT_BYTES} B")
    for r in runs:
        if not r["summary_ok"]:
            problems.append(f"unexpected outcomes, see {r['log']}")
        if not r["spill_file"]:
            problems.append(f"no spill file named in the report, see {r['log']}")
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
