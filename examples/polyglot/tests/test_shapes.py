import math

import pytest

from shapes import circle_area, rectangle_area, triangle_area


def test_rectangle_area() -> None:
    assert rectangle_area(3, 4) == 12


def test_circle_area() -> None:
    assert circle_area(1) == pytest.approx(math.pi)


def test_triangle_area() -> None:
    assert triangle_area(6, 4) == 12
