package b

import "testing"

func TestOK(t *testing.T) {}
