package guarded

import "testing"

func TestVerbose(t *testing.T) { _ = Verbose() }
