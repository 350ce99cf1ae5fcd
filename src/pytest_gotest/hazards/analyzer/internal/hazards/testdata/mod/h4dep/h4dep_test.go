package h4dep

import "testing"

func TestVerbose(t *testing.T) { _ = Verbose() }
