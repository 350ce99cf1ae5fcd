package exitzero

import (
	"os"
	"testing"
)

// TestMain exits 0 whatever m.Run returned: go test then says `ok` for a package whose
// external TestX failed.
func TestMain(m *testing.M) {
	m.Run()
	os.Exit(0)
}

func TestX(t *testing.T) {
	t.Log("internal TestX ran")
}
