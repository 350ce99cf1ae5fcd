"""The benchmarks' interval for a median (``benchmarks/_common.py``): the targets of
docs/performance.md are judged on it, so its ranks are checked against the binomial law."""

from __future__ import annotations

import importlib.util
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

_BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load_interval() -> Callable[[Sequence[float]], tuple[float, float] | None]:
    """``benchmarks/_common.py`` is a script's module, not part of the package."""
    spec = importlib.util.spec_from_file_location("bench_common", _BENCHMARKS / "_common.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    function: Callable[[Sequence[float]], tuple[float, float] | None] = module.median_interval
    return function


median_interval = _load_interval()


def _coverage(n: int, k: int) -> float:
    """Probability that the k-th smallest and k-th largest of n samples enclose the median."""
    return 1 - 2 * sum(math.comb(n, i) for i in range(k)) / (1 << n)


@pytest.mark.parametrize("n", range(1, 40))
def test_the_interval_is_the_narrowest_with_95_percent_coverage(n: int) -> None:
    samples = [float(i) for i in range(1, n + 1)]
    interval = median_interval(list(reversed(samples)))  # order of the input is irrelevant
    ranks = [k for k in range(1, n // 2 + 1) if _coverage(n, k) >= 0.95]
    if not ranks:
        assert interval is None
        return
    k = max(ranks)
    assert interval == (samples[k - 1], samples[n - k])
    assert _coverage(n, k + 1) < 0.95 or k == n // 2


def test_known_values() -> None:
    assert median_interval([1.0, 2.0, 3.0, 4.0, 5.0]) is None  # 5 samples cannot say 95%
    assert median_interval([float(i) for i in range(1, 12)]) == (2.0, 10.0)
    assert median_interval([float(i) for i in range(1, 16)]) == (4.0, 12.0)
