package h3

import "testing"

func TestOK(t *testing.T) {}
