package h2

import "testing"

func TestOK(t *testing.T) {}
