package t1iface

import (
	"testing"

	"example.com/want/t1iface/runner"
)

// m handed to a module-local helper that takes it as an interface (testscript.Main's way):
// the helper's m.Run() is an interface call, assumed to run the tests.
func TestMain(m *testing.M) {
	runner.Main(m)
}

func TestOK(t *testing.T) {}
