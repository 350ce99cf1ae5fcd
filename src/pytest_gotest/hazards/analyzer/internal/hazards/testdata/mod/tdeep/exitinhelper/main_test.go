package exitinhelper

import (
	"flag"
	"os"
	"testing"

	"example.com/want/tdeep/gate"
)

// The exit is two calls deep, in another package: reported there (gate.go).
func TestMain(m *testing.M) {
	flag.Parse()
	gate.RequireRoot()
	os.Exit(m.Run())
}

func TestOK(t *testing.T) {}
