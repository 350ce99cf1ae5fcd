package h1

import "testing"

func TestOK(t *testing.T) {}
