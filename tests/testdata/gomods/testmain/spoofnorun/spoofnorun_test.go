package spoofnorun

import "testing"

func TestMain(m *testing.M) {}

func TestVictim(t *testing.T) { t.Fatal("would fail if it ran") }
