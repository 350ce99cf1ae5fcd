// Package big is the module's one dominant package: most of the Go time is here.
package big

import "time"

// Step moves a point one step in a direction and works for a while.
func Step(x, y int, direction string, work time.Duration) (int, int) {
	time.Sleep(work)
	switch direction {
	case "up":
		return x, y + 1
	case "down":
		return x, y - 1
	case "left":
		return x - 1, y
	}
	return x + 1, y
}

// Slow works for a while and returns its argument doubled.
func Slow(n int, work time.Duration) int {
	time.Sleep(work)
	if n < 0 {
		return 0
	}
	return 2 * n
}

// Unused is never called by a test: the module's coverage is not 100%.
func Unused() int {
	return 3
}
