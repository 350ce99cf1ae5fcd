// Package moves has nothing to test; its tests exercise subtest names and failure texts.
package moves

// Step moves a position by a direction.
func Step(pos int, dir string) int {
	switch dir {
	case "up":
		return pos + 1
	case "down":
		return pos - 1
	}
	return pos
}
