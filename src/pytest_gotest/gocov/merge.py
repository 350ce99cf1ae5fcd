"""``python -m pytest_gotest.gocov.merge -o merged.out group1.out group2.out ...``

Merges Go text coverage profiles exactly (``profile.py``: ``set`` ORs counts, ``count`` and
``atomic`` add them) into one, written in the layout of ``--go-cov-report=profile:PATH``
(blocks sorted and de-duplicated). Its use: the groups of a split CI run (pytest-split's
``--splits N --group i``, docs/ci.md) each write ``--go-cov-report=profile:...``, and the merge
of those equals the profile of one unsplit run; ``go tool cover -func`` and ``-html`` read it.

Profiles that cannot be merged (different modes, or blocks that disagree because they come
from different versions of the source) are refused with the files named, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .model import GoCoverageError
from .profile import merge_profiles, read_profile

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_gotest.gocov.merge",
        description="Merge Go text coverage profiles exactly into one profile.",
    )
    parser.add_argument("profiles", nargs="+", type=Path, help="Go text coverage profiles")
    parser.add_argument(
        "-o", "--output", required=True, type=Path, help="where the merged profile goes"
    )
    args = parser.parse_args(argv)
    try:
        merged = merge_profiles(read_profile(path) for path in args.profiles)
        assert merged is not None  # argparse asks for at least one profile
        merged.write(args.output)
    except (GoCoverageError, OSError) as exc:
        print(f"pytest_gotest.gocov.merge: {exc}", file=sys.stderr)
        return 2
    covered, statements = merged.covered, merged.statements
    percent = 100.0 * covered / statements if statements else 100.0
    print(
        f"{args.output}: {len(args.profiles)} profiles merged, {covered} of {statements} "
        f"statements covered ({percent:.1f}%)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
