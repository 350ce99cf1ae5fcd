package pkgvar

import "testing"

func TestVerbose(t *testing.T) { verbose = true }

func TestMode(t *testing.T) { mode = "fancy" }
