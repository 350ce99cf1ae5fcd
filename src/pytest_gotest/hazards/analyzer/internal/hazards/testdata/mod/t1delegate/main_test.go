package t1delegate

import (
	"testing"

	"go.uber.org/goleak"
)

// m handed to a helper from another module: assumed to run the tests.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestOK(t *testing.T) {}
