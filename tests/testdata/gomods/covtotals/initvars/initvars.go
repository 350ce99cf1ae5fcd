// Package initvars has coverage blocks outside every function declaration: the bodies of
// func literals in package-level variable initializers. go test -cover's per-package line
// counts them, go tool cover -func (and so --go-cov's TOTAL) does not.
package initvars

// table's literal runs while the package initializes: 4 statements outside functions, run.
var table = func() map[string]int {
	m := map[string]int{}
	for i, s := range []string{"a", "b"} {
		m[s] = i
	}
	return m
}()

// This literal is never called: 1 statement outside functions, never run.
var _ = func() {
	panic("never called")
}

func Lookup(s string) int { return table[s] }

func Missing(s string) bool {
	_, ok := table[s]
	return !ok
}
