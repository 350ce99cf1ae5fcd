package depth

import "testing"

func TestOK(t *testing.T) {}
