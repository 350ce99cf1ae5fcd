"""The Python half of the module: its coverage joins Go's in coverage.py's data."""


def double(n: int) -> int:
    if n < 0:
        return 0
    return 2 * n
