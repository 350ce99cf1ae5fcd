package t3negdeferexit

import (
	"os"
	"testing"
)

func leakCheck() {}

// golang.org/x/net/quic's way: the first defer is the exit itself, so it runs last and no
// deferred call is left pending (m.Run, its argument, runs at the defer statement).
func TestMain(m *testing.M) {
	defer os.Exit(m.Run())
	leakCheck()
}

func TestOK(t *testing.T) {}
