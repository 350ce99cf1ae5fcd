package app

import (
	"example.com/cov/calc"
	"example.com/cov/shapes"
)

func Run(n int) int {
	return calc.Sum(n, calc.Abs(-n)) + shapes.Max(n, 1)
}
