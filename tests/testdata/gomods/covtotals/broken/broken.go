// Package broken does not compile: its test errors with the compiler output, and --go-cov says
// it did not compile instead of guessing that its test binary died.
package broken

func Broken() int {
	return undefinedName
}
