package failfirst

import "testing"

// The other order: f.Add's seed#0 fails, the corpus file seed#0 passes.
func FuzzEntry(f *testing.F) {
	f.Add("bad")
	f.Fuzz(func(t *testing.T, s string) {
		if s == "bad" {
			t.Error("bad input")
		}
	})
}
