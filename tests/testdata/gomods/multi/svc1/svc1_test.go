package svc1

import "testing"

func TestSvc1(t *testing.T) {
	if Name() != "svc1" {
		t.Fatalf("Name() = %q", Name())
	}
}
