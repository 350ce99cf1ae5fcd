package runhelper

import (
	"errors"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// The usual shape: a failing setup returns a failure status, the defers run on return.
func run(m *testing.M) int {
	if err := setup(); err != nil {
		return 1
	}
	defer teardown()
	return m.Run()
}

func setup() error { return errors.New("x") }
func teardown()    {}

func TestOK(t *testing.T) {}
