package h6

import "testing"

func TestOK(t *testing.T) {}
