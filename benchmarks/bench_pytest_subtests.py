"""pytest's own cost for as many subtests as expr has: the reference for the plugin's numbers.

The plugin's ``-v`` run on expr (66,761 Go tests and subtests) costs about 2 s of CPU more than
its ``-q`` run, which misses the 1.5x target. This script shows where that comes from: pytest's
terminal reporter, for every listed line (terminal width queried, text width measured,
progress written, output flushed). It runs pytest 9's own ``subtests`` fixture with as many
subtests, no Go involved, with ``-q`` and ``-v``, and prints the medians:

```
python benchmarks/bench_pytest_subtests.py [--tests 126] [--subtests 525] [--repeat 3]
```

The plugin's numbers for the same sizes: ``bench_real.py --scenarios report``. Standard
library only; needs pytest >= 9 (the ``subtests`` fixture).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from _common import child_env, run_timed, scratch_dir

HERE = Path(__file__).resolve().parent

_TEST_FILE = """import pytest


@pytest.mark.parametrize("chunk", range({tests}))
def test_many(subtests, chunk):
    for i in range({subtests}):
        with subtests.test(msg=f"case{{i}}"):
            pass
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tests", type=int, default=126, help="parametrized tests (expr: 126)")
    parser.add_argument("--subtests", type=int, default=525, help="subtests each")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "_work")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = child_env(args.work, "cache")
    with scratch_dir(args.work, "pytest-subtests-") as root:
        (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        (root / "test_many.py").write_text(
            _TEST_FILE.format(tests=args.tests, subtests=args.subtests), encoding="utf-8"
        )
        samples: dict[str, list[tuple[float, float]]] = {"-q": [], "-v": []}
        for repetition in range(args.repeat):
            order = ["-q", "-v"] if repetition % 2 == 0 else ["-v", "-q"]
            for flag in order:
                argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", flag]
                result = run_timed(argv, root, root / f"out{flag}.txt", env)
                if result.returncode != 0:
                    print(result.output[-2000:])
                    return 1
                samples[flag].append((result.seconds, result.cpu_seconds))
    count = args.tests * args.subtests
    print(f"pytest's own subtests: {args.tests} tests x {args.subtests} subtests = {count}")
    medians = {}
    for flag, values in samples.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        medians[flag] = (wall, cpu)
        print(f"  pytest {flag}: median wall {wall:.2f} s, CPU {cpu:.2f} s")
    extra = medians["-v"][1] - medians["-q"][1]
    print(f"  -v costs {extra:+.2f} s of CPU over -q: {extra / count * 1e6:.0f} µs per listed line")
    return 0


if __name__ == "__main__":
    sys.exit(main())
