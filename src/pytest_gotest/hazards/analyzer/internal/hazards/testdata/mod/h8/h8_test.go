package h8

import "testing"

func TestOK(t *testing.T) {}
