from pycalc import double


def test_double() -> None:
    assert double(2) == 4


def test_double_negative() -> None:
    assert double(-1) == 0
