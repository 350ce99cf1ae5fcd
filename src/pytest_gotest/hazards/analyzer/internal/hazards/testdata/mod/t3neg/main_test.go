package t3neg

import (
	"os"
	"testing"
)

func cleanup() {}

// Returning after m.Run runs the deferred cleanup (Go 1.15+).
func TestMain(m *testing.M) {
	defer cleanup()
	m.Run()
}

// A defer inside a function literal is not TestMain's.
func helper() {
	func() {
		defer cleanup()
	}()
	os.Exit(0)
}

func TestOK(t *testing.T) {}
