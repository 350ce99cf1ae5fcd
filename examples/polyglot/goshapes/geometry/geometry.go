// Package geometry computes areas and perimeters of plane shapes.
package geometry

import "math"

// RectangleArea returns the area of a w x h rectangle.
func RectangleArea(w, h float64) float64 {
	return w * h
}

// CircleArea returns the area of a circle of radius r.
func CircleArea(r float64) float64 {
	return math.Pi * r * r
}

// SquarePerimeter returns the perimeter of a square with side s.
func SquarePerimeter(s float64) float64 {
	return 4 * s
}
