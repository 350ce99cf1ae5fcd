package t2xtests

import (
	"flag"
	"testing"
)

// The tests live in the external test package (t2xtests_test); they share this binary, so
// the return before m.Run skips them.
func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		return // want "T2: TestMain exits before m.Run: return"
	}
	m.Run()
}
