"""pytest's own floor: as many subtests as expr has, as many bare items as a module has tests.

The plugin's ``-v`` run on expr (66,761 Go tests and subtests) costs about 2.4 s of CPU more
than its ``-q`` run, which misses the 1.5x target. This script measures the part that is
pytest's terminal reporter, for every listed line (terminal width queried, text width measured,
progress written, output flushed): it runs pytest 9's own ``subtests`` fixture with as many
subtests, no Go involved, with ``-q`` and ``-v``, and prints the medians:

```
python benchmarks/bench_pytest_subtests.py [--tests 126] [--subtests 525] [--repeat 3]
```

It also runs ``--bare-items`` bare ``pytest.Item``s in ``--bare-files`` files (a 10-line
plugin, no Go, nothing read): pytest's own cost per item for a non-Python plugin, the floor
under a cached run of a module with as many Go tests (the synthetic module: 2,000 tests in
200 files).

The plugin's numbers for the same sizes: ``bench_real.py --scenarios cached,report``. Standard
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


_BARE_CONFTEST = """import pytest


class BareItem(pytest.Item):
    def runtest(self):
        pass


class BareFile(pytest.File):
    def collect(self):
        for index in range({per_file}):
            yield BareItem.from_parent(self, name=f"Test{{index}}")


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".bare":
        return BareFile.from_parent(parent, path=file_path)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tests", type=int, default=126, help="parametrized tests (expr: 126)")
    parser.add_argument("--subtests", type=int, default=525, help="subtests each")
    parser.add_argument("--bare-items", type=int, default=2000, help="bare items in all")
    parser.add_argument("--bare-files", type=int, default=200, help="files holding them")
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
        bare = root / "bare"
        bare.mkdir()
        (bare / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        per_file = max(1, args.bare_items // args.bare_files)
        (bare / "conftest.py").write_text(_BARE_CONFTEST.format(per_file=per_file), "utf-8")
        for index in range(args.bare_files):
            (bare / f"p{index}.bare").write_text("", encoding="utf-8")
        runs = {
            "-q": (root, ["-q"]),
            "-v": (root, ["-v"]),
            "bare": (bare, ["-q", "-p", "no:gotest"]),
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for repetition in range(args.repeat):
            order = list(runs) if repetition % 2 == 0 else list(reversed(runs))
            for name in order:
                cwd, flags = runs[name]
                argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *flags]
                result = run_timed(argv, cwd, root / f"out-{name}.txt", env)
                if result.returncode != 0:
                    print(result.output[-2000:])
                    return 1
                samples[name].append((result.seconds, result.cpu_seconds))
    count = args.tests * args.subtests
    medians = {
        name: (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values))
        for name, values in samples.items()
    }
    print(f"pytest's own subtests: {args.tests} tests x {args.subtests} subtests = {count}")
    for flag in ("-q", "-v"):
        wall, cpu = medians[flag]
        print(f"  pytest {flag}: median wall {wall:.2f} s, CPU {cpu:.2f} s")
    extra = medians["-v"][1] - medians["-q"][1]
    print(f"  -v costs {extra:+.2f} s of CPU over -q: {extra / count * 1e6:.0f} µs per listed line")
    wall, cpu = medians["bare"]
    items = per_file * args.bare_files
    print(f"pytest's own items: {items} bare items in {args.bare_files} files, pytest -q")
    print(f"  median wall {wall:.2f} s, CPU {cpu:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
