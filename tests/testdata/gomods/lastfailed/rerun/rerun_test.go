package rerun

import (
	"os"
	"testing"
)

// TestFlakySub's subtest fails the first time it runs with LF_MARKER set (a file that does
// not exist yet: it creates it), as a transient error would.
func TestFlakySub(t *testing.T) {
	t.Run("flaky", func(t *testing.T) {
		marker := os.Getenv("LF_MARKER")
		if marker == "" {
			return
		}
		if _, err := os.Stat(marker); err != nil {
			if err := os.WriteFile(marker, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Fatal("dial tcp: connection refused")
		}
	})
}
