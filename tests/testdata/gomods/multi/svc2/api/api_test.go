package api

import "testing"

func TestSvc2(t *testing.T) {
	if Version() != 2 {
		t.Fatalf("Version() = %d", Version())
	}
}

func TestSvc2Fails(t *testing.T) {
	t.Errorf("Version() = %d, want %d", Version(), 3)
}
