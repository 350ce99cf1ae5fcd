package h7

import "testing"

func TestOK(t *testing.T) {}
