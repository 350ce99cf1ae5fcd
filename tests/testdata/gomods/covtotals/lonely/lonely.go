// Package lonely has no test files and nothing imports it: with -coverpkg=./lonely only its own
// (test-less) go test run depends on it, so every other go test invocation warns about the
// pattern; go test over the whole module does not.
package lonely

func Alone(n int) int {
	return n + 1
}
