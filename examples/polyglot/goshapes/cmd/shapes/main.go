// Command shapes prints a measure of a plane shape given on the command line:
//
//	shapes rect W H     area of a W x H rectangle
//	shapes circle R     area of a circle of radius R
//	shapes perimeter S  perimeter of a square with side S
//
// The Python tests in tests/test_cli.py run it; built with `go build -cover` by the
// go_cover_build fixture, its coverage joins the report of `pytest --go-cov`.
package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/goshapes/geometry"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: shapes rect W H | circle R | perimeter S")
		return 2
	}
	nums, err := parse(args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	switch {
	case args[0] == "rect" && len(nums) == 2:
		fmt.Println(geometry.RectangleArea(nums[0], nums[1]))
	case args[0] == "circle" && len(nums) == 1:
		fmt.Printf("%.4f\n", geometry.CircleArea(nums[0]))
	case args[0] == "perimeter" && len(nums) == 1:
		fmt.Println(geometry.SquarePerimeter(nums[0]))
	default:
		fmt.Fprintf(os.Stderr, "unknown shape %q with %d numbers\n", args[0], len(nums))
		return 2
	}
	return 0
}

func parse(texts []string) ([]float64, error) {
	nums := make([]float64, 0, len(texts))
	for _, text := range texts {
		n, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, fmt.Errorf("not a number: %q", text)
		}
		nums = append(nums, n)
	}
	return nums, nil
}
