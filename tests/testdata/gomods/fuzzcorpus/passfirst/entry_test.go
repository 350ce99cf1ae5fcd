package passfirst

import "testing"

// f.Add's seed is FuzzEntry/seed#0 and passes; the corpus file seed#0 has the same name and
// fails. Go runs both under that one name.
func FuzzEntry(f *testing.F) {
	f.Add("ok")
	f.Fuzz(func(t *testing.T, s string) {
		if s == "bad" {
			t.Error("bad input")
		}
	})
}
