package fuzzing

import (
	"testing"
	"unicode/utf8"
)

func TestReverse(t *testing.T) {
	if got := Reverse("abc"); got != "cba" {
		t.Errorf("Reverse(%q) = %q, want %q", "abc", got, "cba")
	}
}

func FuzzReverse(f *testing.F) {
	for _, seed := range []string{"hello", " ", "!12345", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("not valid UTF-8")
		}
		if got := Reverse(Reverse(s)); got != s {
			t.Errorf("Reverse(Reverse(%q)) = %q", s, got)
		}
	})
}
