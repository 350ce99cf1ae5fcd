package pkgvar

import "testing"

func TestVerbose(t *testing.T) { verbose = true }
