package h10

import "testing"

func TestOK(t *testing.T) {}
