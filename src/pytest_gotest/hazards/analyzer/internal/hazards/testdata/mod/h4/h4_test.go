package h4

import "testing"

func TestOK(t *testing.T) {}
