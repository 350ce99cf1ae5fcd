package h9

import "testing"

func TestOK(t *testing.T) {}
