package tworounds

import (
	"os"
	"testing"
)

var round int

// TestMain runs the tests twice (a retry round, as some suites do for flaky tests) and
// exits with the second round's code.
func TestMain(m *testing.M) {
	round = 1
	m.Run()
	round = 2
	os.Exit(m.Run())
}

func TestFlaky(t *testing.T) {
	if round == 1 {
		t.Fatal("tworounds: fails in the first round")
	}
}

func TestStable(t *testing.T) {}
