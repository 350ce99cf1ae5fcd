// Package small is quick.
package small

// Half halves even numbers and refuses odd ones.
func Half(n int) (int, bool) {
	if n%2 != 0 {
		return 0, false
	}
	return n / 2, true
}
