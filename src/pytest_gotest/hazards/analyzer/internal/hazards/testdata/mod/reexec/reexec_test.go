package reexec

import "testing"

func TestOK(t *testing.T) {}
