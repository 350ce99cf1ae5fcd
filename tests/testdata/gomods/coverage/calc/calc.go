package calc

import "example.com/cov/shapes"

func Sum(xs ...int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

func Abs(x int) int { if x < 0 { return -x }; return x }

func Describe(w, h int) string {
	return shapes.Describe(shapes.Größe{W: w, H: h}, w > 10)
}
