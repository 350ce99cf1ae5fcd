package errpath

import "testing"

func TestOK(t *testing.T) {}
