package own

import "testing"

func TestVerbose(t *testing.T) { _ = Verbose() }
