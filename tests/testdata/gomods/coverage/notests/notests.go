// Package notests has no test files: with --go-cov it counts at 0%, as in go test -cover ./...
package notests

func Unused(a int) int {
	if a > 1 {
		return a
	}
	return 0
}
