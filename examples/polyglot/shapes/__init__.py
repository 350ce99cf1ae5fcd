"""Area functions for a few plane shapes."""

import math

__all__ = ["circle_area", "rectangle_area", "triangle_area"]


def rectangle_area(width: float, height: float) -> float:
    """Return the area of a width x height rectangle."""
    return width * height


def circle_area(radius: float) -> float:
    """Return the area of a circle of the given radius."""
    return math.pi * radius * radius


def triangle_area(base: float, height: float) -> float:
    """Return the area of a triangle from its base and height."""
    return base * height / 2
