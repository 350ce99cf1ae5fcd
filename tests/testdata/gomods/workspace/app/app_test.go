package app

import (
	"testing"

	"example.com/liba"
)

func TestApp(t *testing.T) {
	if got, want := Greet(), liba.Hello("app"); got != want {
		t.Errorf("Greet() = %q, want %q", got, want)
	}
}
