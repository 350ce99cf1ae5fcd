package exitafter

import (
	"fmt"
	"os"
	"testing"
)

// TestMain runs the tests (all pass), then fails its teardown and exits 3.
func TestMain(m *testing.M) {
	code := m.Run()
	fmt.Println("exitafter: teardown could not remove the scratch database")
	if code == 0 {
		code = 3
	}
	os.Exit(code)
}

func TestA(t *testing.T) {}

func TestB(t *testing.T) {}
